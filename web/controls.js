// Talk controls: typed lines, push-to-talk (button and space bar), hands-free microphone, pause.

import { app, lastPartnerTurn, refreshState, updateMicSending } from "./state.js";
import { revealFeedback } from "./talk.js";
import { $ } from "./ui.js";

export function sendTyped(e) {
  e.preventDefault();
  const input = $("text-input");
  const text = input.value.trim();
  if (!text || !app.conn || !app.session) return;
  if (app.paused) setPaused(false);
  app.player.stop(lastPartnerTurn());
  app.conn.sendJson({ type: "text", text });
  input.value = "";
}

/** The hands-free microphone on or off: the button keeps its name and shows the state with aria-pressed. */
export function toggleHandsFree() {
  app.micOn = !app.micOn;
  updateMicSending();
  refreshState();
}

export function pttPress() {
  if (app.pttDown || !app.session || app.paused || app.safetyPaused) return;
  app.pttDown = true;
  app.player.stop(lastPartnerTurn());
  $("btn-ptt").setAttribute("aria-pressed", "true");
  app.conn.sendJson({ type: "ptt_start" });
  updateMicSending();
  refreshState();
}

export function pttRelease() {
  if (!app.pttDown) return;
  app.pttDown = false;
  updateMicSending();
  app.conn.sendJson({ type: "ptt_stop" });
  $("btn-ptt").setAttribute("aria-pressed", "false");
  refreshState();
}

export function typingTarget(target) {
  return target && (target.closest("input, textarea, select, [contenteditable]") !== null);
}

/** Ask the server to take back the last exchange (the button and Alt+R). */
export function requestRedo() {
  const btn = $("btn-redo");
  if (btn.hidden || btn.disabled || !app.conn || !app.session) return;
  app.player.stop(lastPartnerTurn());
  btn.disabled = true; // until turn_undone (or an error) comes back, a second press would take back one more
  app.redoPending = true;
  app.conn.sendJson({ type: "redo" });
}

export function onGlobalKey(e) {
  // e.code, not e.key: Option+R on a Mac types a character instead of "r".
  if (e.altKey && !e.ctrlKey && !e.metaKey && e.code === "KeyR" && document.body.dataset.screen === "talk"
      && !document.querySelector("dialog[open]")) {
    e.preventDefault();
    requestRedo();
    return;
  }
  const onTalk = document.body.dataset.screen === "talk" && !document.querySelector("dialog[open]");
  if (e.altKey && !e.ctrlKey && !e.metaKey && e.code === "KeyP" && onTalk && app.session) {
    e.preventDefault();
    setPaused(!app.paused);
    return;
  }
  if ((e.key === "f" || e.key === "F") && !e.altKey && !e.ctrlKey && !e.metaKey && onTalk
      && document.body.classList.contains("therapist") && !typingTarget(e.target)) {
    e.preventDefault();
    revealFeedback();
    return;
  }
  if (e.key === " " && app.options && app.options.input === "ptt" && document.body.dataset.screen === "talk"
      && !typingTarget(e.target) && !e.target.closest("button") && !document.querySelector("dialog[open]")) {
    e.preventDefault();
    if (!e.repeat) pttPress();
  }
}

export function onGlobalKeyUp(e) {
  if (e.key === " " && app.pttDown && !e.target.closest("#btn-ptt")) {
    e.preventDefault();
    pttRelease();
  }
}

/** Pause (for a discussion): the counterpart falls silent and the microphone stops; the session stays open. */
export function setPaused(on) {
  app.paused = on;
  $("btn-pause").setAttribute("aria-pressed", String(on));
  if (app.player) {
    if (on) app.player.stop(lastPartnerTurn());
    app.player.muted = on; // a reply that arrives during the pause is shown, not spoken
  }
  updateMicSending();
  refreshState();
}
