// "Describe your own": the form that turns the user's situation and goal into a scenario (POST /api/scenarios).

import { $ } from "./ui.js";

const FIELDS = ["situation", "goal", "counterpart_name", "relationship", "difficulty"];
const FIELD_NAMES = {
  situation: "The situation", goal: "Your goal", counterpart_name: "Their name", relationship: "Who they are to you",
  difficulty: "Difficulty",
};

function control(field) {
  return $("custom-form").elements.namedItem(field);
}

function clearErrors() {
  for (const field of FIELDS) {
    const box = $(`custom-${field}-error`);
    box.hidden = true;
    box.textContent = "";
    control(field).removeAttribute("aria-invalid");
  }
}

function fieldError(field, message) {
  const box = $(`custom-${field}-error`);
  box.textContent = message;
  box.hidden = false;
  control(field).setAttribute("aria-invalid", "true");
}

/** Pydantic's messages, said for people ("String should have at least 10 characters" names no field). */
function humanMessage(field, detail) {
  const name = FIELD_NAMES[field] || "This field";
  const min = detail.ctx && detail.ctx.min_length;
  const max = detail.ctx && detail.ctx.max_length;
  if (detail.type === "string_too_short" && min) return `${name} needs at least ${min} characters.`;
  if (detail.type === "string_too_long" && max) return `${name} can have at most ${max} characters.`;
  if (detail.type === "missing") return `${name} is required.`;
  return `${name}: ${detail.msg}`;
}

/** Show a 422 answer next to the fields it names; returns the text for the status line. */
function showValidation(body) {
  const details = body && body.detail;
  if (!Array.isArray(details)) {
    // The scenario builder refused the text itself (a string detail).
    return `The scenario could not be made: ${typeof details === "string" ? details : "the server refused it"}.`;
  }
  let first = null;
  const general = [];
  for (const d of details) {
    const field = Array.isArray(d.loc) ? d.loc[d.loc.length - 1] : null;
    if (FIELDS.includes(field)) {
      fieldError(field, humanMessage(field, d));
      first = first || field;
    } else {
      general.push(d.msg);
    }
  }
  if (first) control(first).focus();
  return first ? "Please fix the marked fields and try again." : `Please check the form: ${general.join("; ")}`;
}

function readForm() {
  return {
    situation: control("situation").value.trim(),
    goal: control("goal").value.trim(),
    counterpart_name: control("counterpart_name").value.trim(),
    relationship: control("relationship").value.trim(),
    difficulty: Number(control("difficulty").value),
  };
}

/**
 * Wire the form: on success `onCreated(summary)` gets the new scenario summary
 * ({id, title, category, difficulty, counterpart, goal, situation}).
 */
export function wireCustomForm(onCreated) {
  const form = $("custom-form");
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const status = $("custom-status");
    const submit = $("custom-submit");
    clearErrors();
    status.dataset.kind = "busy";
    status.textContent = "Creating the scenario…";
    submit.disabled = true;
    let response;
    try {
      response = await fetch("/api/scenarios", {
        method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(readForm()),
      });
    } catch (_err) {
      status.dataset.kind = "error";
      status.textContent = "Could not reach the server, so the scenario was not created. Check that it is running and try again.";
      submit.disabled = false;
      return;
    }
    submit.disabled = false;
    let body = null;
    try {
      body = await response.json();
    } catch (_err) {
      body = null;
    }
    if (response.status === 422) {
      status.dataset.kind = "error";
      status.textContent = showValidation(body);
      return;
    }
    if (!response.ok || !body || !body.id) {
      status.dataset.kind = "error";
      status.textContent = `The server could not create the scenario (HTTP ${response.status}). Please try again.`;
      return;
    }
    status.dataset.kind = "ok";
    status.textContent = `Created "${body.title}".`;
    onCreated(body);
  });
}
