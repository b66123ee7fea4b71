// Voice Coach web client: start-up, static controls, scenario choice, check-ins and history.

import { wireCustomForm } from "./custom.js";
import { beginEnding, finishWithEnd, showReportLink } from "./ending.js";
import { formatWhen, renderHistoryList, renderProgress, sessionNumbers } from "./history.js";
import { wireNotes } from "./notes.js";
import { closeSafety, retryMic, startRehearsal } from "./rehearsal.js";
import { wireCheckIn } from "./safety_checkin.js";
import {
  checkinChange, fillCategories, readCheckin, renderCheckin, renderLineSummary, renderScenarioList, renderSummary,
} from "./screens.js";
import {
  onGlobalKey, onGlobalKeyUp, pttPress, pttRelease, requestRedo, sendTyped, setPaused, toggleHandsFree,
} from "./controls.js";
import { banner, connStatus, fetchJson, hideBanner, onTabKey, openReference, show } from "./shell.js";
import { app } from "./state.js";
import { followConversation, revealAll, revealFeedback, rerenderFeedback, sendHeld, showTalkTab } from "./talk.js";
import { initialMode, setTherapist, therapistOn } from "./therapist.js";
import { $ } from "./ui.js";

// ---------------------------------------------------------------- start-up

async function detectFeatures() {
  // FastAPI describes its routes in /openapi.json: optional endpoints light up only when present.
  try {
    const spec = await fetchJson("/openapi.json");
    const paths = spec.paths || {};
    app.features.history = Boolean(paths["/api/sessions"] && paths["/api/sessions"].get);
    app.features.sessionSummary = Object.keys(paths).some((p) => /^\/api\/sessions\/\{[^}]+\}$/.test(p));
    app.features.custom = Boolean(paths["/api/scenarios"] && paths["/api/scenarios"].post);
    app.features.referenceApi = Boolean(paths["/api/reference"]);
    app.features.progress = Boolean(paths["/api/progress"] && paths["/api/progress"].get);
    app.features.report = Object.keys(paths).some((p) => /^\/api\/sessions\/\{[^}]+\}\/report$/.test(p));
  } catch (_err) {
    // no description: keep the optional features off
  }
  $("nav-history").hidden = !app.features.history;
  $("btn-summary-history").hidden = !app.features.history;
  $("custom-section").hidden = !app.features.custom;
  $("progress").hidden = !app.features.progress;
}

async function pollHealth() {
  try {
    const response = await fetch("/healthz", { cache: "no-store" });
    const body = await response.json();
    if (body.status === "ok") {
      connStatus("Server ready", "ok");
      return;
    }
    connStatus(body.status === "error" ? `Speech models failed to load: ${body.error || ""}` : "Loading speech models…",
      body.status === "error" ? "lost" : "loading");
    if (body.status !== "error") setTimeout(pollHealth, 2000);
  } catch (_err) {
    connStatus("Server unreachable; retrying…", "lost");
    setTimeout(pollHealth, 3000);
  }
}

async function init() {
  setTherapist(initialMode(), rerenderFeedback);
  wireStaticControls();
  pollHealth();
  await detectFeatures();
  try {
    [app.checkinSpec, app.scenarios] = await Promise.all([fetchJson("checkin.json"), fetchJson("/api/scenarios")]);
  } catch (err) {
    banner(`Could not load the scenarios (${err.message}). Is the server running?`, { label: "Retry", run: () => location.reload() });
    return;
  }
  try {
    app.reference = await fetchJson(app.features.referenceApi ? "/api/reference" : "reference.json");
  } catch (_err) {
    app.reference = await fetchJson("reference.json");
  }
  fillCategories(app.scenarios);
  renderScenarioList(app.scenarios, pickScenario);
  document.body.dataset.ready = "true";
}

function wireStaticControls() {
  $("filter-category").addEventListener("change", () => renderScenarioList(app.scenarios, pickScenario));
  $("filter-difficulty").addEventListener("change", () => renderScenarioList(app.scenarios, pickScenario));
  $("nav-scenarios").addEventListener("click", () => leaveTo("pick"));
  $("nav-history").addEventListener("click", () => leaveTo("history"));
  $("nav-reference").addEventListener("click", () => openReference());
  $("nav-therapist").addEventListener("click", () => setTherapist(!therapistOn(), rerenderFeedback));
  $("banner-close").addEventListener("click", () => hideBanner());
  $("reference-close").addEventListener("click", () => $("reference").close());
  $("reference-tabs").addEventListener("click", (e) => {
    const tab = e.target.closest("[role=tab]");
    if (tab) openReference(tab.dataset.skill, true);
  });
  $("reference-tabs").addEventListener("keydown", onTabKey);
  $("checkin-form").addEventListener("submit", (e) => {
    e.preventDefault();
    finishCheckin(readCheckin());
  });
  $("checkin-skip").addEventListener("click", () => finishCheckin({}));
  wireCustomForm(onCustomCreated);
  $("text-form").addEventListener("submit", sendTyped);
  $("btn-send").addEventListener("click", sendHeld);
  $("btn-pause").addEventListener("click", () => setPaused(!app.paused));
  $("btn-end").addEventListener("click", () => beginEnding());
  $("btn-mic").addEventListener("click", toggleHandsFree);
  $("btn-mic-retry").addEventListener("click", retryMic);
  $("coach-reveal").addEventListener("click", () => revealFeedback());
  $("btn-reveal-all").addEventListener("click", revealAll);
  $("btn-print").addEventListener("click", () => window.print());
  $("tab-conversation").addEventListener("click", () => showTalkTab("conversation"));
  $("tab-coaching").addEventListener("click", () => showTalkTab("coaching"));
  $("talk-tabs").addEventListener("keydown", (e) => {
    if (e.key !== "ArrowLeft" && e.key !== "ArrowRight") return;
    e.preventDefault();
    const next = document.body.dataset.talkTab === "coaching" ? "conversation" : "coaching";
    showTalkTab(next);
    $(`tab-${next}`).focus();
  });
  followConversation();
  wireNotes();
  $("btn-redo").addEventListener("click", requestRedo);
  $("coach-next-example").addEventListener("click", () => {
    const fb = app.turns.get(app.coachTurn);
    if (fb && fb.feedback) openReference(fb.feedback.next_skill);
  });
  $("safety-resume").addEventListener("click", () => {
    app.conn.sendJson({ type: "resume" });
    closeSafety();
  });
  $("safety-end").addEventListener("click", () => {
    closeSafety();
    finishWithEnd();
  });
  $("safety").addEventListener("cancel", (e) => e.preventDefault()); // Esc must not silently dismiss it
  wireCheckIn();
  $("btn-again").addEventListener("click", () => app.scenario && pickScenario(app.scenario));
  $("btn-other").addEventListener("click", () => show("pick"));
  $("btn-summary-back").addEventListener("click", () => leaveTo("history"));
  $("btn-summary-history").addEventListener("click", () => leaveTo("history"));
  const ptt = $("btn-ptt");
  ptt.addEventListener("pointerdown", (e) => {
    e.preventDefault();
    ptt.setPointerCapture(e.pointerId);
    pttPress();
  });
  ptt.addEventListener("pointerup", pttRelease);
  ptt.addEventListener("pointercancel", pttRelease);
  ptt.addEventListener("keydown", (e) => {
    if ((e.key === "Enter" || e.key === " ") && !e.repeat) {
      e.preventDefault();
      pttPress();
    }
  });
  ptt.addEventListener("keyup", (e) => {
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      pttRelease();
    }
  });
  document.addEventListener("keydown", onGlobalKey);
  document.addEventListener("keyup", onGlobalKeyUp);
}

function leaveTo(name) {
  if (app.conn && app.session && !app.endedSummary) {
    if (!confirm("Leave this rehearsal? It will end.")) return;
    finishWithEnd(true);
  }
  if (name === "history") loadHistory();
  show(name);
}

async function loadHistory() {
  if (!app.features.history) return;
  $("history-status").textContent = "Loading your rehearsals…";
  const [sessions, progress] = await Promise.allSettled([
    fetchJson("/api/sessions?limit=100"),
    app.features.progress ? fetchJson("/api/progress?format=json") : Promise.resolve(null),
  ]);
  const problems = [];
  const progressData = progress.status === "fulfilled" ? progress.value : null;
  if (progress.status === "rejected") problems.push(`progress: ${progress.reason.message}`);
  else if (progressData) renderProgress(progressData);
  if (sessions.status === "fulfilled") {
    const list = Array.isArray(sessions.value) ? sessions.value : sessions.value.sessions || [];
    renderHistoryList(list, sessionNumbers(progressData), openPastSession);
  } else {
    problems.push(`rehearsals: ${sessions.reason.message}`);
  }
  $("history-status").textContent = "";
  document.body.dataset.historyLoaded = "true";
  if (problems.length) banner(`Could not load all of your history (${problems.join("; ")}).`);
}

/** Open the summary screen for a stored session (from the history list). */
async function openPastSession(s) {
  let detail;
  try {
    detail = await fetchJson(`/api/sessions/${encodeURIComponent(s.id)}`);
  } catch (err) {
    banner(`Could not load that rehearsal (${err.message}).`);
    return;
  }
  const summary = { ...(detail.summary || {}) };
  summary.end_reason = summary.end_reason || detail.end_reason;
  const checkins = detail.checkins || {};
  let change = summary.checkin_change || {};
  if (!Object.keys(change).length) change = checkinChange(app.checkinSpec, checkins.pre || {}, checkins.post || {});
  renderSummary(summary, change, (skill) => openReference(skill));
  const turns = detail.turns || [];
  renderLineSummary(turns.map((t) => ({ n: t.index + 1, ratings: t.ratings || {} })),
    turns.filter((t) => t.note).map((t) => ({ n: t.index + 1, text: t.note, line: t.user_text })));
  const context = $("summary-context");
  context.textContent = `${detail.scenario_title || detail.scenario_id} · ${formatWhen(detail.started_at)}`;
  context.hidden = false;
  $("summary-title").textContent = "How that rehearsal went";
  showReportLink(detail.id);
  // "Rehearse this again" needs the scenario; a deleted custom scenario cannot be rehearsed again.
  const scenario = app.scenarios.find((x) => x.id === detail.scenario_id) || null;
  app.scenario = scenario;
  $("btn-again").hidden = scenario === null;
  $("btn-summary-back").hidden = false;
  $("btn-summary-history").hidden = true;
  show("summary");
}

// ---------------------------------------------------------------- scenario, check-in

function readOptions() {
  const form = $("pick-options");
  return {
    mode: form.querySelector("input[name=mode]:checked").value,
    input: form.querySelector("input[name=input]:checked").value,
    speak: $("opt-speak").checked,
  };
}

function pickScenario(scenario) {
  app.scenario = scenario;
  app.options = readOptions();
  app.phase = "pre";
  renderCheckin(app.checkinSpec, "pre", scenario.title);
  show("checkin");
}

function onCustomCreated(summary) {
  app.scenarios = app.scenarios.filter((x) => x.id !== summary.id).concat([summary]);
  if (![...$("filter-category").options].some((o) => o.value === summary.category)) fillCategories([summary]);
  renderScenarioList(app.scenarios, pickScenario);
  pickScenario(summary);
}

function finishCheckin(answers) {
  if (app.phase === "pre") {
    app.pre = answers;
    startRehearsal();
  } else {
    app.post = answers;
    if (Object.keys(answers).length && app.conn && app.conn.open) {
      app.conn.sendJson({ type: "checkin", phase: "post", answers });
    }
    finishWithEnd();
  }
}

init();
