// The history screen: past rehearsals (each opens its summary and its shareable report) and progress across them.

import { $, SKILLS, clear, el, lineChart } from "./ui.js";

export const OUTCOMES = {
  agreement: "Agreement reached",
  user: "You ended it",
  turn_limit: "Turn limit reached",
  safety: "Ended after a safety pause",
  disconnect: "Connection dropped",
};

/** Where the shareable report of one session lives (HTML with charts). */
export function reportUrl(sessionId) {
  return `/api/sessions/${encodeURIComponent(sessionId)}/report?format=html`;
}

/** A link that opens in a new tab; `hidden` text after the visible one tells screen readers which session. */
export function reportLink(sessionId, context = "") {
  const a = el("a", { href: reportUrl(sessionId), target: "_blank", rel: "noopener", class: "button-link report-link" },
    "Open report");
  if (context) a.append(el("span", { class: "sr-only" }, ` for ${context} (opens in a new tab)`));
  else a.append(el("span", { class: "sr-only" }, " (opens in a new tab)"));
  return a;
}

export function formatWhen(iso) {
  if (!iso) return "";
  // The server stores UTC; a timestamp without a zone is UTC too.
  const when = new Date(/[zZ]|[+-]\d\d:\d\d$/.test(iso) ? iso : `${iso}Z`);
  if (Number.isNaN(when.getTime())) return iso;
  return when.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

/**
 * The list of past sessions, newest first. Sessions with no lines are counted but not listed: they are
 * rehearsals left before the first line and would only crowd the list.
 * `numbers` maps a session id to its number in the progress charts (oldest is 1).
 */
export function renderHistoryList(sessions, numbers, onOpen) {
  const list = $("history-list");
  clear(list);
  const shown = sessions.filter((s) => s.turns > 0);
  const skipped = sessions.length - shown.length;
  $("history-empty").hidden = shown.length > 0;
  $("history-skipped").hidden = skipped === 0;
  $("history-skipped").textContent = skipped === 1 ? "1 rehearsal without any lines is not listed."
    : `${skipped} rehearsals without any lines are not listed.`;
  for (const s of shown) {
    const title = s.scenario_title || s.scenario_id || "Rehearsal";
    const when = formatWhen(s.started_at);
    const li = el("li", { class: "history-item", dataset: { id: s.id, reason: s.end_reason || "unfinished" } });
    const head = el("div", { class: "history-head" });
    const number = numbers.get(s.id);
    head.append(el("h4", {}, number ? `${number}. ${title}` : title));
    head.append(el("span", { class: "outcome", dataset: { reason: s.end_reason || "unfinished" } },
      OUTCOMES[s.end_reason] || "Not finished"));
    li.append(head);
    const facts = [when, `${s.turns} ${s.turns === 1 ? "line" : "lines"}`];
    // input_mode is how the rehearsal was set up: with the microphone on, or typing only.
    if (s.input_mode) facts.push(s.input_mode === "voice" ? "microphone" : "typed");
    if (s.mode) facts.push(`${s.mode} mode`);
    li.append(el("p", { class: "muted history-facts" }, facts.join(" · ")));
    const actions = el("div", { class: "row" });
    const open = el("button", { type: "button", class: "open-summary" }, "Open summary");
    open.append(el("span", { class: "sr-only" }, ` of ${title}, ${when}`));
    open.addEventListener("click", () => onOpen(s));
    actions.append(open, reportLink(s.id, `${title}, ${when}`));
    li.append(actions);
    list.append(li);
  }
}

function mean(values) {
  const present = values.filter((v) => v !== null && v !== undefined);
  return present.length ? present.reduce((a, b) => a + b, 0) / present.length : null;
}

const TRENDS = { improving: "improving", declining: "declining", steady: "steady" };

function trendText(trend) {
  if (!trend) return "Not enough rehearsals for a trend yet.";
  const pct = (v) => `${Math.round(v * 100)}%`;
  return `${TRENDS[trend.direction] || trend.direction}: ${pct(trend.first)} → ${pct(trend.last)}`;
}

/** The progress view from /api/progress?format=json: a small line chart per skill and the check-in items. */
export function renderProgress(data) {
  const sessions = data.sessions || 0;
  $("progress-intro").textContent = sessions
    ? `Over ${sessions} ${sessions === 1 ? "rehearsal" : "rehearsals"}, oldest first (numbers match the list). ` +
      "Each chart shows the share of your lines where the skill was strong (or, for mindful and confident, present)."
    : "Finish a rehearsal to see your progress here.";
  const box = $("progress-skills");
  clear(box);
  if (sessions) {
    const skills = data.skills || {};
    for (const [skill, title] of SKILLS) {
      const entry = skills[skill];
      if (!entry) continue;
      const fig = el("figure", { class: "skill-progress", dataset: { skill } });
      fig.append(el("figcaption", {}, entry.title || title));
      fig.append(lineChart(entry.shares || [], `${entry.title || title}, share of strong lines per rehearsal`));
      fig.append(el("p", { class: "muted trend", dataset: { direction: entry.trend ? entry.trend.direction : "none" } },
        trendText(entry.trend)));
      box.append(fig);
    }
  }
  const checkins = Object.entries(data.checkins || {});
  const table = $("progress-checkins");
  const body = table.querySelector("tbody");
  clear(body);
  table.hidden = checkins.length === 0;
  $("progress-checkins-empty").hidden = checkins.length > 0;
  for (const [item, entry] of checkins) {
    // Only rehearsals with both answers count, so that before, after and change describe the same sessions.
    const both = (entry.delta || []).map((d, i) => (d === null || d === undefined ? null : i)).filter((i) => i !== null);
    const paired = both.length;
    const pre = mean(both.map((i) => entry.pre[i]));
    const post = mean(both.map((i) => entry.post[i]));
    const delta = mean(both.map((i) => entry.delta[i]));
    const tr = el("tr", { dataset: { item } });
    const th = el("th", { scope: "row", class: "change-item", title: entry.question || "" }, item);
    const fmt = (v) => (v === null ? "–" : v.toFixed(1));
    tr.append(th, el("td", {}, fmt(pre)), el("td", {}, fmt(post)));
    let verdict = "–";
    let cls = "";
    if (delta !== null) {
      const better = entry.lower_is_better ? delta < 0 : delta > 0;
      const sign = delta > 0 ? "+" : "";
      verdict = Math.abs(delta) < 0.05 ? "no change" : `${sign}${delta.toFixed(1)} (${better ? "better" : "worse"})`;
      cls = Math.abs(delta) < 0.05 ? "" : better ? "better" : "worse";
    }
    tr.append(el("td", { class: cls }, verdict), el("td", {}, paired));
    body.append(tr);
  }
}

/** Session id -> its number in the progress charts. */
export function sessionNumbers(progressData) {
  return new Map(((progressData && progressData.history) || []).map((h) => [h.id, h.n]));
}
