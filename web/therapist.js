// Therapist demo mode: large type for a shared screen, feedback hidden per line until revealed, notes per line.
// On with ?mode=therapist (off with ?mode=standard) or the nav button; the choice is remembered in localStorage.

import { $ } from "./ui.js";

const STORAGE_KEY = "voiceCoach.mode";

export function therapistOn() {
  return document.body.classList.contains("therapist");
}

function remembered() {
  try {
    return localStorage.getItem(STORAGE_KEY) === "therapist";
  } catch (_err) {
    return false; // storage blocked (private window): the URL still works
  }
}

/** Switch the mode; `onChange` redraws what depends on it (hidden feedback). */
export function setTherapist(on, onChange = () => {}) {
  document.body.classList.toggle("therapist", on);
  document.documentElement.classList.toggle("therapist", on); // rem units follow the root font size
  $("nav-therapist").setAttribute("aria-pressed", String(on));
  try {
    localStorage.setItem(STORAGE_KEY, on ? "therapist" : "standard");
  } catch (_err) {
    // not remembered, still switched
  }
  onChange();
}

/** The mode at start-up: the URL wins over the remembered choice. */
export function initialMode() {
  const asked = new URLSearchParams(location.search).get("mode");
  if (asked === "therapist") return true;
  if (asked === "standard") return false;
  return remembered();
}
