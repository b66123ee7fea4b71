// Shared state of the page and the conversation state line (listening, thinking, speaking, paused).

import { $ } from "./ui.js";

const STATE_TEXT = {
  idle: "Starting", checkin: "Check-in", listening: "Listening", "mic-off": "Microphone off", thinking: "Thinking",
  speaking: "Speaking", paused: "Paused", ended: "Ended", connecting: "Connecting", reconnecting: "Reconnecting",
  error: "Problem", "hold-to-talk": "Your turn: hold to talk", typing: "Your turn: type a line",
};

export const app = {
  scenarios: [],
  checkinSpec: null,
  reference: null,
  features: { history: false, sessionSummary: false, custom: false, redo: false, progress: false, report: false },
  scenario: null, // the picked scenario summary
  options: null, // {mode, input: handsfree|ptt|text, speak}
  session: null, // the session_started event
  pre: {},
  post: {},
  phase: "pre",
  conn: null,
  mic: null,
  player: null,
  serverState: "idle",
  micOn: true, // hands-free microphone switched on by the user (the mic button)
  micFailed: false, // the microphone was refused or missing: typing, with "Try the microphone again"
  paused: false,
  safetyPaused: false,
  turns: new Map(), // turn_index -> {user, partner, feedback, prosody, reflection}
  coachTurn: null,
  held: null,
  redoPending: false, // a redo was sent and its turn_undone has not come back yet
  ending: false,
  endedSummary: null,
  endReason: null,
  pttDown: false,
  playbackTimer: null,
};
window.voiceCoach = app; // for debugging from the console and for the browser tests

export function setState(state) {
  app.serverState = state;
  refreshState();
}

/**
 * The one conversation state the page shows, from the server's state and the local controls.
 * The state pill and the talk buttons all render this, so they can never disagree.
 */
export function viewState() {
  let state = app.serverState;
  if (app.paused || app.safetyPaused) state = "paused";
  else if (app.pttDown) state = "listening";
  else if (app.player && app.player.playing) state = "speaking";
  else if (state === "speaking") state = "thinking";
  if (state === "listening" && app.options && !app.pttDown) {
    if (app.options.input === "ptt") state = "hold-to-talk";
    else if (app.options.input === "text") state = "typing";
    else if (!app.micOn) state = "mic-off";
  }
  let text = STATE_TEXT[state] || state;
  if (state === "paused" && app.paused && document.body.classList.contains("therapist")) text = "Paused for discussion";
  return { state, text };
}

export function refreshState() {
  const { state, text } = viewState();
  for (const id of ["state-pill", "btn-mic", "btn-ptt"]) $(id).dataset.state = state;
  $("state-pill").textContent = text;
  for (const id of ["mic-state", "ptt-state"]) $(id).textContent = text;
  $("btn-mic").setAttribute("aria-pressed", String(app.micOn));
}

export function updateMicSending() {
  if (!app.mic) return;
  const live = app.session !== null && !app.paused && !app.safetyPaused && !app.ending && !app.endedSummary;
  const on = live && (app.options.input === "handsfree" ? app.micOn
    : app.options.input === "ptt" ? app.pttDown : false);
  app.mic.setSending(on);
  document.body.dataset.micSending = String(on);
}

export function lastPartnerTurn() {
  let last = null;
  for (const [index, t] of app.turns) if (t.partner) last = index;
  return last;
}
