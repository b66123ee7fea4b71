// Voice Coach web client: screens, the rehearsal conversation and its controls.

import { Mic, MicError, Player } from "./audio.js";
import { Connection } from "./conn.js";
import { wireCustomForm } from "./custom.js";
import { formatWhen, renderHistoryList, renderProgress, reportUrl, sessionNumbers } from "./history.js";
import {
  checkinChange, fillCategories, localSummary, readCheckin, renderCheckin, renderReference,
  renderScenarioList, renderSummary,
} from "./screens.js";
import {
  onGlobalKey, onGlobalKeyUp, pttPress, pttRelease, requestRedo, sendTyped, setPaused, toggleHandsFree,
} from "./controls.js";
import { app, refreshState, setState, updateMicSending } from "./state.js";
import {
  addDivider, onFeedback, onHeld, onInterrupt, onTranscript, onUndone, partnerLine, renderCoach, reportPlayback,
  sendHeld, showCaption, turn, updateRedo,
} from "./talk.js";
import { $, clear, el, focusHeading } from "./ui.js";

const SCREENS = ["pick", "checkin", "talk", "summary", "history"];
// ---------------------------------------------------------------- screens and banner

function show(name) {
  for (const s of SCREENS) $(`screen-${s}`).hidden = s !== name;
  document.body.dataset.screen = name;
  focusHeading($(`screen-${name}`));
}

function banner(text, action = null, kind = "info") {
  $("banner").dataset.kind = kind;
  $("banner-text").textContent = text;
  const btn = $("banner-action");
  btn.hidden = !action;
  if (action) {
    btn.textContent = action.label;
    btn.onclick = () => {
      hideBanner();
      action.run();
    };
  }
  $("banner").hidden = false;
}

/** Hide the banner; with `kind`, only when it shows a message of that kind. */
function hideBanner(kind = null) {
  if (kind === null || $("banner").dataset.kind === kind) $("banner").hidden = true;
}

function connStatus(text, kind) {
  const node = $("conn-status");
  node.textContent = text;
  node.dataset.conn = kind;
}

// ---------------------------------------------------------------- start-up

async function fetchJson(url, options) {
  const response = await fetch(url, options);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

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
  $("nav-presenter").addEventListener("click", togglePresenter);
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

function togglePresenter() {
  const on = !document.body.classList.contains("presenter");
  document.body.classList.toggle("presenter", on);
  document.documentElement.classList.toggle("presenter", on); // rem units follow the root font size
  $("nav-presenter").setAttribute("aria-pressed", String(on));
}

function onTabKey(e) {
  const tabs = [...$("reference-tabs").querySelectorAll("[role=tab]")];
  const i = tabs.indexOf(document.activeElement);
  if (i < 0) return;
  let next = null;
  if (e.key === "ArrowRight") next = tabs[(i + 1) % tabs.length];
  else if (e.key === "ArrowLeft") next = tabs[(i - 1 + tabs.length) % tabs.length];
  else if (e.key === "Home") next = tabs[0];
  else if (e.key === "End") next = tabs[tabs.length - 1];
  if (next) {
    e.preventDefault();
    openReference(next.dataset.skill, true);
  }
}

function openReference(skill = null, keepFocusOnTab = false) {
  if (!app.reference) return;
  renderReference(app.reference, skill);
  const dialog = $("reference");
  if (!dialog.open) dialog.showModal();
  const selected = $("reference-tabs").querySelector("[aria-selected=true]");
  if (selected && (keepFocusOnTab || skill)) selected.focus();
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

function showReportLink(sessionId) {
  const link = $("summary-report");
  link.hidden = !(app.features.report && sessionId);
  if (!link.hidden) link.setAttribute("href", reportUrl(sessionId));
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

// ---------------------------------------------------------------- rehearsal set-up

function resetTalk() {
  app.turns = new Map();
  app.coachTurn = null;
  app.held = null;
  app.ending = false;
  app.endedSummary = null;
  app.endReason = null;
  app.session = null;
  app.paused = false;
  app.safetyPaused = false;
  app.post = {};
  app.redoPending = false;
  clear($("transcript"));
  $("partial").hidden = true;
  $("held-box").hidden = true;
  $("coach-body").hidden = true;
  $("coach-empty").hidden = false;
  $("btn-pause").setAttribute("aria-pressed", "false");
  $("btn-pause").textContent = "Pause";
  $("text-input").value = "";
  updateRedo();
}

async function startRehearsal() {
  resetTalk();
  const s = app.scenario;
  $("talk-title").textContent = s.title;
  $("sc-counterpart").textContent = s.counterpart;
  $("sc-situation").textContent = "";
  $("sc-goal").textContent = s.goal;
  const voice = app.options.input !== "text";
  $("btn-ptt").hidden = app.options.input !== "ptt";
  $("btn-mic").hidden = app.options.input !== "handsfree";
  $("mic-level").hidden = !voice;
  show("talk");
  setState("connecting");
  // Both audio contexts are created inside this click so the browser lets them play and record.
  if (!app.player) app.player = new Player(reportPlayback);
  app.player.ensureContext();
  app.player.cancelledTurn = null;
  if (voice) {
    try {
      await startMic();
    } catch (err) {
      const message = err instanceof MicError ? err.message : `The microphone could not start: ${err}`;
      banner(`${message} Switched to typing.`);
      app.options.input = "text";
      $("btn-ptt").hidden = true;
      $("btn-mic").hidden = true;
      $("mic-level").hidden = true;
    }
  }
  connect();
}

async function startMic() {
  if (!app.mic) {
    app.mic = new Mic((pcm) => app.conn && app.conn.sendBinary(pcm), (peak) => {
      const bar = $("mic-level-bar");
      bar.style.width = `${Math.min(100, Math.round(Math.sqrt(peak) * 100))}%`;
    });
  }
  await app.mic.start();
  updateMicSending();
}

function connect() {
  if (app.conn) app.conn.close();
  const conn = new Connection({
    onOpen: (reconnected) => {
      hideBanner("connection");
      connStatus("Connected", "ok");
      setState("idle");
      if (reconnected && app.session) {
        // The server ended the old rehearsal; its lines stay on screen but no longer take events.
        for (const li of $("transcript").querySelectorAll(".turn[data-turn]")) {
          li.dataset.prevTurn = li.dataset.turn;
          delete li.dataset.turn;
        }
        app.turns = new Map();
        app.held = null;
        $("held-box").hidden = true;
        updateRedo();
        addDivider("The connection dropped, so that rehearsal was saved and ended. A new one has started.");
      }
      sendStart();
    },
    onMessage: onServerMessage,
    onBinary: (data) => app.player && app.player.push(data),
    onLost: (delay, attempt) => {
      app.player && app.player.stop();
      setState("reconnecting");
      connStatus(`Connection lost; reconnecting in ${Math.round(delay / 1000)} s (attempt ${attempt})`, "lost");
      banner("The connection to the server was lost. Reconnecting…", { label: "Retry now", run: () => conn.retryNow() },
        "connection");
    },
    onClosed: () => connStatus("Rehearsal saved", "idle"),
  });
  app.conn = conn;
  conn.connect();
}

function sendStart() {
  app.conn.sendJson({
    type: "start", scenario_id: app.scenario.id, mode: app.options.mode,
    input: app.options.input === "text" ? "text" : "voice", sample_rate: 16000, speak: app.options.speak,
  });
}

// ---------------------------------------------------------------- server messages

function onServerMessage(m) {
  switch (m.type) {
    case "hello":
      // A server that can undo the last turn says so; the button stays hidden otherwise.
      app.features.redo = Array.isArray(m.features) && m.features.includes("redo");
      $("btn-redo").hidden = !app.features.redo;
      updateRedo();
      break;
    case "turn_undone":
      onUndone(m);
      break;
    case "session_started":
      onStarted(m);
      break;
    case "state":
      app.serverState = m.state;
      refreshState();
      break;
    case "transcript_partial":
      $("partial").hidden = false;
      $("partial").textContent = m.text;
      break;
    case "transcript_final":
      onTranscript(m);
      break;
    case "partner_delta":
      partnerLine(m.turn_index).append(m.text);
      break;
    case "partner_done":
      partnerLine(m.turn_index).set(m.text);
      turn(m.turn_index).done = true;
      updateRedo();
      break;
    case "feedback":
      onFeedback(m);
      break;
    case "prosody":
      turn(m.turn_index).prosody = m.prosody;
      if (app.coachTurn === m.turn_index) renderCoach(m.turn_index);
      break;
    case "reflection":
      turn(m.turn_index).reflection = m;
      if (app.coachTurn === m.turn_index) renderCoach(m.turn_index);
      break;
    case "line_held":
      onHeld(m);
      break;
    case "interrupt":
      onInterrupt(m);
      break;
    case "safety_pause":
      onSafety(m);
      break;
    case "audio_start":
      app.player.begin(m);
      showCaption(m);
      break;
    case "audio_end":
      app.player.end();
      break;
    case "turn_stored":
    case "metrics":
    case "pong":
      if (m.type === "metrics") app.lastMetrics = m;
      break;
    case "notice":
      banner(m.message);
      break;
    case "error":
      onError(m);
      break;
    case "ended":
      onEnded(m);
      break;
    default:
      break; // newer servers may add events: ignore what we do not know
  }
}

function onStarted(m) {
  app.session = m;
  $("talk-title").textContent = m.title;
  $("sc-counterpart").textContent = `${m.counterpart_name}, ${m.counterpart_relationship}`;
  $("sc-situation").textContent = m.situation;
  $("sc-goal").textContent = m.goal;
  if (Object.keys(app.pre).length) app.conn.sendJson({ type: "checkin", phase: "pre", answers: app.pre });
  app.serverState = "thinking";
  refreshState();
  updateMicSending();
  updateRedo();
}

function onSafety(m) {
  app.safetyPaused = true;
  app.player.stop();
  updateMicSending();
  $("safety-message").textContent = m.message;
  const list = $("safety-resources");
  clear(list);
  for (const r of m.resources) {
    const li = el("li");
    li.append(el("strong", {}, r.name), document.createTextNode(`: ${r.contact}`));
    if (r.detail) li.append(el("span", { class: "muted" }, ` (${r.detail})`));
    list.append(li);
  }
  $("safety").showModal();
  $("safety-resume").focus();
}

function closeSafety() {
  app.safetyPaused = false;
  if ($("safety").open) $("safety").close();
  updateMicSending();
}

function onError(m) {
  if (app.redoPending) {
    app.redoPending = false;
    updateRedo();
  }
  if (m.code === "not_ready") {
    banner(`${m.message}. Voice needs the speech models; you can type instead.`, {
      label: "Type instead", run: () => {
        app.options.input = "text";
        app.options.speak = false; // spoken replies need the same models
        startRehearsal();
      },
    });
    setState("error");
    return;
  }
  banner(m.message || m.code);
}

function onEnded(m) {
  app.endReason = m.reason;
  app.endedSummary = m.summary;
  app.player.stop();
  updateMicSending();
  updateRedo();
  if (app.ending === "closing") {
    app.conn.close();
    showSummary();
    return;
  }
  // The conversation ended by itself (agreement or turn limit): check in again, then close.
  const text = m.reason === "agreement" ? "You reached an agreement." : "The rehearsal reached its turn limit.";
  addDivider(text);
  setTimeout(() => beginEnding(), m.reason === "agreement" ? 1500 : 500);
}

// ---------------------------------------------------------------- ending

function beginEnding() {
  if (app.ending) return;
  app.ending = "checkin";
  app.player && app.player.stop();
  updateMicSending();
  updateRedo();
  app.phase = "post";
  renderCheckin(app.checkinSpec, "post", app.scenario.title);
  show("checkin");
}

function finishWithEnd(silent = false) {
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

function showSummary() {
  if (app.mic) app.mic.stop(); // release the microphone (and the browser's recording indicator)
  const summary = app.endedSummary && app.endedSummary.skill_rates ? app.endedSummary
    : localSummary([...app.turns.values()].map((t) => t.feedback).filter(Boolean), app.endReason || "user");
  if (!summary.end_reason) summary.end_reason = app.endReason;
  let change = summary.checkin_change || {};
  if (!Object.keys(change).length) change = checkinChange(app.checkinSpec, app.pre, app.post);
  renderSummary(summary, change, (skill) => openReference(skill));
  $("summary-title").textContent = "How it went";
  $("summary-context").hidden = true;
  $("btn-again").hidden = false;
  $("btn-summary-back").hidden = true;
  $("btn-summary-history").hidden = !app.features.history;
  showReportLink(app.session && app.session.session_id);
  app.ending = "done";
  show("summary");
}

// ---------------------------------------------------------------- input

// ---------------------------------------------------------------- state and playback reports

init();
