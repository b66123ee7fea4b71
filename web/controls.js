// Talk controls: typed lines, push-to-talk (button and space bar), hands-free microphone, pause.

import { app, lastPartnerTurn, refreshState, updateMicSending } from "./state.js";
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

export function toggleHandsFree() {
  const btn = $("btn-mic");
  const on = btn.getAttribute("aria-pressed") !== "true";
  btn.setAttribute("aria-pressed", String(on));
  btn.textContent = on ? "Microphone on" : "Microphone off";
  updateMicSending();
}

export function pttPress() {
  if (app.pttDown || !app.session || app.paused || app.safetyPaused) return;
  app.pttDown = true;
  app.player.stop(lastPartnerTurn());
  $("btn-ptt").setAttribute("aria-pressed", "true");
  $("btn-ptt").textContent = "Listening… release to send";
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
  $("btn-ptt").textContent = "Hold to talk";
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

export function setPaused(on) {
  app.paused = on;
  const btn = $("btn-pause");
  btn.setAttribute("aria-pressed", String(on));
  btn.textContent = on ? "Resume" : "Pause";
  if (on) app.player.stop(lastPartnerTurn());
  updateMicSending();
  refreshState();
}
