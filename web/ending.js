// Ending a rehearsal: the closing check-in, the end request and the summary screen.

import { reportUrl } from "./history.js";
import { pageNotes } from "./notes.js";
import { checkinChange, localSummary, renderCheckin, renderLineSummary, renderSummary } from "./screens.js";
import { openReference, show } from "./shell.js";
import { app, updateMicSending } from "./state.js";
import { revealAll, updateRedo } from "./talk.js";
import { $ } from "./ui.js";

/** Show the link to a session's printable report when the server offers one. */
export function showReportLink(sessionId) {
  const link = $("summary-report");
  link.hidden = !(app.features.report && sessionId);
  if (!link.hidden) link.setAttribute("href", reportUrl(sessionId));
  const download = $("summary-export");
  download.hidden = !sessionId;
  if (sessionId) download.setAttribute("href", `/api/sessions/${encodeURIComponent(sessionId)}/export`);
}

/** Start ending the rehearsal: stop audio and ask the closing check-in. */
export function beginEnding() {
  if (app.ending) return;
  app.ending = "checkin";
  app.player && app.player.stop();
  updateMicSending();
  updateRedo();
  app.phase = "post";
  renderCheckin(app.checkinSpec, "post", app.scenario.title);
  show("checkin");
}

/** Ask the server to end the rehearsal; `silent` closes without showing the summary. */
export function finishWithEnd(silent = false) {
  app.ending = "closing";
  updateMicSending();
  if (app.conn && app.conn.open) {
    app.conn.sendJson({ type: "end" });
    if (silent) {
      app.conn.close();
      app.endedSummary = app.endedSummary || {};
      return;
    }
    // If the answer never comes (server gone), fall back to what the page saw.
    setTimeout(() => {
      if (document.body.dataset.screen !== "summary" && app.ending === "closing") showSummary();
    }, 8000);
  } else if (!silent) {
    showSummary();
  }
}

/** Show the summary screen for the rehearsal that just ended. */
export function showSummary() {
  if (app.mic) app.mic.stop(); // release the microphone (and the browser's recording indicator)
  const summary = app.endedSummary && app.endedSummary.skill_rates ? app.endedSummary
    : localSummary([...app.turns.values()].map((t) => t.feedback).filter(Boolean), app.endReason || "user");
  if (!summary.end_reason) summary.end_reason = app.endReason;
  let change = summary.checkin_change || {};
  if (!Object.keys(change).length) change = checkinChange(app.checkinSpec, app.pre, app.post);
  renderSummary(summary, change, (skill) => openReference(skill));
  revealAll(); // the end of a demonstration: every line's feedback is shown
  const lines = [...app.turns.entries()].filter(([i, t]) => i >= 0 && t.feedback).sort((a, b) => a[0] - b[0])
    .map(([i, t]) => ({ n: i + 1, ratings: Object.fromEntries(t.feedback.skills.map((s) => [s.skill, s.label])) }));
  renderLineSummary(lines, pageNotes());
  $("summary-title").textContent = "How it went";
  // The title and date head a printed summary too.
  const title = (app.session && app.session.title) || (app.scenario && app.scenario.title) || "";
  $("summary-context").textContent = `${title} · ${new Date().toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" })}`;
  $("summary-context").hidden = !title;
  $("btn-again").hidden = false;
  $("btn-summary-back").hidden = true;
  $("btn-summary-history").hidden = !app.features.history;
  showReportLink(app.session && app.session.session_id);
  app.ending = "done";
  show("summary");
}
