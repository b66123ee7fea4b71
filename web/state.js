// Shared state of the page and the conversation state line (listening, thinking, speaking, paused).

import { $ } from "./ui.js";

const STATE_TEXT = {
  idle: "Starting", checkin: "Check-in", listening: "Listening", thinking: "Thinking", speaking: "Speaking",
  paused: "Paused", ended: "Ended", connecting: "Connecting", reconnecting: "Reconnecting", error: "Problem",
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

export function refreshState() {
  let state = app.serverState;
  if (app.paused || app.safetyPaused) state = "paused";
  else if (app.pttDown) state = "listening";
  else if (app.player && app.player.playing) state = "speaking";
  else if (state === "speaking") state = "thinking";
  const pill = $("state-pill");
  pill.dataset.state = state;
  let text = STATE_TEXT[state] || state;
  if (state === "listening" && app.options && app.options.input === "ptt" && !app.pttDown) text = "Your turn: hold to talk";
  else if (state === "listening" && app.options && app.options.input === "text") text = "Your turn: type a line";
  pill.textContent = text;
}

export function updateMicSending() {
  if (!app.mic) return;
  const live = app.session !== null && !app.paused && !app.safetyPaused && !app.ending && !app.endedSummary;
  const on = live && (app.options.input === "handsfree" ? $("btn-mic").getAttribute("aria-pressed") === "true"
    : app.options.input === "ptt" ? app.pttDown : false);
  app.mic.setSending(on);
  document.body.dataset.micSending = String(on);
}

export function lastPartnerTurn() {
  let last = null;
  for (const [index, t] of app.turns) if (t.partner) last = index;
  return last;
}
