// A live rehearsal: its set-up, microphone, server connection and the dispatch of the server's events.

import { Mic, MicError, Player } from "./audio.js";
import { Connection } from "./conn.js";
import { beginEnding, showSummary } from "./ending.js";
import { banner, connStatus, hideBanner, show } from "./shell.js";
import { app, refreshState, setState, updateMicSending } from "./state.js";
import {
  addDivider, onFeedback, onHeld, onInterrupt, onTranscript, onUndone, partnerLine, renderCoach, reportPlayback,
  showCaption, showTalkTab, turn, updateRedo,
} from "./talk.js";
import { therapistOn } from "./therapist.js";
import { $, clear, el } from "./ui.js";
import { fillResources, hideCheckIn, showCheckIn } from "./safety_checkin.js";

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
  app.revealed = new Set(); // lines whose feedback was revealed in therapist mode
  app.following = true;
  app.micOn = true;
  app.micFailed = false;
  if (app.player) app.player.muted = false;
  clear($("transcript"));
  $("jump-latest").hidden = true;
  $("partial").hidden = true;
  $("held-box").hidden = true;
  $("coach-body").hidden = true;
  $("coach-hidden").hidden = true;
  $("note-form").hidden = true;
  $("coach-empty").hidden = false;
  $("btn-reveal-all").disabled = true;
  $("btn-pause").setAttribute("aria-pressed", "false");
  $("text-input").value = "";
  // The situation stays folded where space is short (phones, a projected therapist demo).
  $("sc-details").open = window.matchMedia("(min-width: 701px) and (min-height: 800px)").matches && !therapistOn();
  showTalkTab("conversation");
  updateRedo();
}

/** Set up the talk screen, the microphone and the connection for the chosen scenario. */
export async function startRehearsal() {
  resetTalk();
  const s = app.scenario;
  $("talk-title").textContent = s.title;
  $("sc-counterpart").textContent = s.counterpart;
  $("sc-situation").textContent = "";
  $("sc-goal").textContent = s.goal;
  const voice = app.options.input !== "text";
  // The session stays a voice session even if the microphone is refused, so it can be tried again.
  app.options.voiceSession = voice;
  app.options.wantedInput = app.options.input;
  showInputControls();
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
      micFailed(err);
    }
  }
  connect();
}

function showInputControls() {
  const input = app.options.input;
  $("btn-ptt").hidden = input !== "ptt";
  $("btn-mic").hidden = input !== "handsfree";
  $("mic-level").hidden = input === "text";
  $("btn-mic-retry").hidden = !app.micFailed;
}

function micFailed(err) {
  const message = err instanceof MicError ? err.message : `The microphone could not start: ${err}`;
  app.micFailed = true;
  app.options.input = "text";
  showInputControls();
  banner(`${message} Switched to typing.`, { label: "Try the microphone again", run: retryMic });
  refreshState();
}

/** After a refusal: ask for the microphone again and, when it works, go back to talking. */
export async function retryMic() {
  try {
    await startMic();
  } catch (err) {
    micFailed(err);
    return;
  }
  app.micFailed = false;
  app.options.input = app.options.wantedInput;
  hideBanner();
  showInputControls();
  updateMicSending();
  refreshState();
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
    input: app.options.voiceSession ? "voice" : "text", sample_rate: 16000, speak: app.options.speak,
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
      hideCheckIn();
      onSafety(m);
      break;
    case "safety_check_in":
      showCheckIn(m);
      break;
    case "safety_check_in_answered":
      hideCheckIn();
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
  refreshState(); // the pill says Paused now, not at the server's next state event
  $("safety-message").textContent = m.message;
  fillResources($("safety-resources"), m.resources);
  $("safety").showModal();
  $("safety-resume").focus();
}

/** Close the safety dialog and let the microphone send again. */
export function closeSafety() {
  app.safetyPaused = false;
  if ($("safety").open) $("safety").close();
  updateMicSending();
  refreshState();
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
        app.options.voiceSession = false;
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
  hideCheckIn();
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
