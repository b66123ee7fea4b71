// The screens around a rehearsal: scenario picker, check-in, summary and the DEAR MAN reference.

import { $, SKILLS, SKILL_TITLES, barChart, clear, el } from "./ui.js";

// ---------- scenario picker ----------

export function fillCategories(scenarios) {
  const select = $("filter-category");
  const categories = [...new Set(scenarios.map((s) => s.category))].sort();
  for (const c of categories) select.append(el("option", { value: c }, c[0].toUpperCase() + c.slice(1)));
}

export function renderScenarioList(scenarios, onPick) {
  const list = $("scenario-list");
  clear(list);
  const category = $("filter-category").value;
  const band = $("filter-difficulty").value;
  const [lo, hi] = band ? band.split("-").map(Number) : [1, 9];
  const shown = scenarios.filter((s) => (!category || s.category === category) && s.difficulty >= lo && s.difficulty <= hi);
  for (const s of shown) {
    const item = el("li", { class: "scenario-item", dataset: { id: s.id } });
    item.append(el("h3", {}, s.title));
    const tags = el("p");
    tags.append(el("span", { class: "tag" }, s.category));
    tags.append(el("span", { class: "tag" }, `difficulty ${s.difficulty} of 9`));
    item.append(tags);
    item.append(el("p", {}, `With ${s.counterpart}. Goal: ${s.goal}`));
    const button = el("button", { type: "button", class: "primary" }, "Rehearse");
    button.append(el("span", { class: "sr-only" }, `: ${s.title}`));
    button.addEventListener("click", () => onPick(s));
    item.append(button);
    list.append(item);
  }
  $("scenario-count").textContent = `${shown.length} of ${scenarios.length} scenarios shown`;
}

// ---------- check-in ----------

export function renderCheckin(spec, phase, title) {
  $("checkin-title").textContent = phase === "pre" ? "Before you start: check in" : "After the rehearsal: check in again";
  $("checkin-intro").textContent = phase === "pre"
    ? `Thinking about "${title}", how do you feel right now? 1 means not at all, 7 means extremely. You can skip any item.`
    : "How do you feel now, after rehearsing? Answer the same questions so you can see what changed.";
  $("checkin-submit").textContent = phase === "pre" ? "Start the rehearsal" : "See my summary";
  $("checkin-skip").textContent = phase === "pre" ? "Skip and start" : "Skip";
  const box = $("checkin-items");
  clear(box);
  for (const group of spec.groups) {
    const fs = el("fieldset", { class: "checkin-group" });
    fs.append(el("legend", {}, group.title));
    for (const item of group.items) {
      const q = el("fieldset", { class: "likert" });
      q.append(el("legend", {}, item.question));
      const scale = el("div", { class: "likert-scale" });
      scale.append(el("span", { class: "likert-end", "aria-hidden": "true" }, spec.scale.low));
      for (let v = spec.scale.min; v <= spec.scale.max; v++) {
        const label = el("label");
        const input = el("input", { type: "radio", name: `ci-${item.id}`, value: v, dataset: { item: item.id } });
        const aria = v === spec.scale.min ? `${v}, ${spec.scale.low}` : v === spec.scale.max ? `${v}, ${spec.scale.high}` : String(v);
        input.setAttribute("aria-label", aria);
        label.append(input, el("span", {}, v));
        scale.append(label);
      }
      scale.append(el("span", { class: "likert-end", "aria-hidden": "true" }, spec.scale.high));
      q.append(scale);
      fs.append(q);
    }
    box.append(fs);
  }
}

export function readCheckin() {
  const answers = {};
  for (const input of $("checkin-items").querySelectorAll("input[type=radio]:checked")) {
    answers[input.dataset.item] = Number(input.value);
  }
  return answers;
}

/** The same comparison as voice_coach.checkin.change, for when the server's summary lacks it. */
export function checkinChange(spec, pre, post) {
  const result = {};
  for (const group of spec.groups) {
    for (const item of group.items) {
      if (item.id in pre && item.id in post) {
        const delta = post[item.id] - pre[item.id];
        result[item.id] = { pre: pre[item.id], post: post[item.id], delta,
          improved: delta ? (item.lower_is_better ? delta < 0 : delta > 0) : null };
      }
    }
  }
  return result;
}

// ---------- summary ----------

const END_REASONS = {
  agreement: "You reached an agreement.",
  user: "You ended the rehearsal.",
  turn_limit: "The rehearsal reached its turn limit.",
  safety: "The rehearsal ended after a pause for your safety.",
  disconnect: "The rehearsal ended when the connection dropped.",
};

export function renderSummary(summary, change, onExample) {
  const turns = summary.rated_turns ?? summary.turns ?? 0;
  $("summary-reason").textContent = `${END_REASONS[summary.end_reason] || "The rehearsal is over."} ` +
    `${turns} ${turns === 1 ? "line was" : "lines were"} rated.`;
  const chart = $("summary-chart");
  clear(chart);
  const rates = summary.skill_rates || {};
  chart.append(barChart(SKILLS.map(([skill, title]) => ({ title, rate: rates[skill] ?? null })), { label: "Skills across your lines" }));

  const well = $("summary-well");
  clear(well);
  const wentWell = summary.went_well || [];
  if (!wentWell.length) well.append(el("li", {}, "Keep going: every rehearsal builds the skill."));
  for (const line of wentWell) well.append(el("li", {}, line));

  const next = summary.practise_next;
  $("summary-next").textContent = next ? `${next.title}: ${next.tip}` : "Rehearse a few lines to get a suggestion.";
  const exampleBtn = $("summary-next-example");
  exampleBtn.hidden = !next;
  exampleBtn.onclick = next ? () => onExample(next.skill) : null;

  const rows = Object.entries(change || {});
  $("summary-change").hidden = rows.length === 0;
  $("summary-change-empty").hidden = rows.length > 0;
  const body = $("summary-change").querySelector("tbody");
  clear(body);
  for (const [item, c] of rows) {
    const tr = el("tr");
    tr.append(el("th", { scope: "row", class: "change-item" }, item), el("td", {}, c.pre), el("td", {}, c.post));
    const sign = c.delta > 0 ? `+${c.delta}` : String(c.delta);
    const verdict = c.improved === null ? "no change" : c.improved ? "better" : "worse";
    tr.append(el("td", { class: c.improved === null ? "" : c.improved ? "better" : "worse" }, `${sign} (${verdict})`));
    body.append(tr);
  }
}

const LETTERS = { strong: "S", weak: "W", none: "–", yes: "Y", no: "N" };

/** The skills on each line (a letter per line, readable in black and white) and the therapist's notes. */
export function renderLineSummary(lines, notes) {
  const box = $("summary-lines");
  clear(box);
  if (!lines.length) {
    box.append(el("p", { class: "muted" }, "No lines were rated."));
  } else {
    const table = el("table", { class: "line-skills" });
    table.append(el("caption", { class: "sr-only" }, "DEAR MAN rating of each line"));
    const head = el("tr");
    head.append(el("th", { scope: "col" }, "Skill"));
    for (const line of lines) head.append(el("th", { scope: "col" }, line.n));
    const thead = el("thead");
    thead.append(head);
    table.append(thead);
    const body = el("tbody");
    for (const [skill, title] of SKILLS) {
      const tr = el("tr");
      tr.append(el("th", { scope: "row" }, title));
      for (const line of lines) {
        const label = line.ratings[skill] || null;
        tr.append(el("td", { dataset: { label: label || "unrated" }, title: label || "not rated" }, LETTERS[label] || "·"));
      }
      body.append(tr);
    }
    table.append(body);
    box.append(table);
  }
  const list = $("summary-notes");
  clear(list);
  $("summary-notes-card").hidden = notes.length === 0;
  for (const note of notes) {
    const li = el("li");
    li.append(el("span", { class: "note-line" }, `Line ${note.n}: “${note.line}”`), el("p", {}, note.text));
    list.append(li);
  }
}

/** Rates per skill from the feedback seen on this page (used when the server's summary is unreachable). */
export function localSummary(feedbacks, endReason) {
  const rates = {};
  for (const [skill] of SKILLS) {
    const labels = feedbacks.map((f) => (f.skills.find((s) => s.skill === skill) || {}).label).filter(Boolean);
    rates[skill] = labels.length ? labels.filter((l) => l === "strong" || l === "yes").length / labels.length : null;
  }
  return { turns: feedbacks.length, rated_turns: feedbacks.length, end_reason: endReason, skill_rates: rates,
    went_well: [], practise_next: null, checkin_change: {} };
}

// ---------- DEAR MAN reference ----------

export function renderReference(ref, selected) {
  $("reference-situation").textContent = ref.situation ? `Examples for: ${ref.situation}` : "";
  const tabs = $("reference-tabs");
  clear(tabs);
  const entries = ref.skills;
  const current = entries.find((e) => e.skill === selected) || entries[0];
  entries.forEach((entry) => {
    const tab = el("button", { type: "button", role: "tab", id: `ref-tab-${entry.skill}`,
      "aria-selected": String(entry === current), "aria-controls": "reference-panel",
      tabindex: entry === current ? "0" : "-1", dataset: { skill: entry.skill } }, entry.title || SKILL_TITLES[entry.skill]);
    tabs.append(tab);
  });
  const panel = $("reference-panel");
  clear(panel);
  panel.setAttribute("aria-labelledby", `ref-tab-${current.skill}`);
  panel.append(el("h3", {}, current.title || SKILL_TITLES[current.skill]));
  panel.append(el("p", {}, current.what));
  const strong = el("div", { class: "example strong" });
  strong.append(el("strong", {}, "Strong"), el("p", {}, current.strong));
  const weak = el("div", { class: "example weak" });
  weak.append(el("strong", {}, "Weak"), el("p", {}, current.weak));
  panel.append(strong, weak);
  if (current.why) panel.append(el("p", { class: "muted" }, current.why));
}
