// The live conversation view: transcript lines, reply captions, per-line feedback and the coaching panel.

import { app, refreshState } from "./state.js";
import { $, SKILL_TITLES, chipList, clear, el } from "./ui.js";

export function turn(index) {
  if (!app.turns.has(index)) app.turns.set(index, { user: null, partner: null });
  return app.turns.get(index);
}

export function addTranscriptItem(li) {
  const list = $("transcript");
  list.append(li);
  list.scrollTop = list.scrollHeight;
}

export function addDivider(text) {
  addTranscriptItem(el("li", { class: "turn divider" }, text));
}

export function partnerLine(index) {
  const t = turn(index);
  if (!t.partner) {
    const li = el("li", { class: "turn partner", dataset: { turn: index } });
    li.append(el("span", { class: "who" }, app.session ? app.session.counterpart_name : "They"));
    const said = el("p", { class: "said" });
    li.append(said);
    addTranscriptItem(li);
    t.partner = { li, said };
  }
  const { li, said } = t.partner;
  return {
    append: (text) => {
      if (!li.classList.contains("interrupted")) said.append(text);
    },
    set: (text) => {
      if (!li.classList.contains("interrupted")) said.textContent = text;
    },
  };
}

export function onTranscript(m) {
  $("partial").hidden = true;
  $("partial").textContent = "";
  const t = turn(m.turn_index);
  if (t.user) {
    // Practice mode: a new line replaces the held one ("say it again").
    t.user.li.classList.remove("held");
    t.user.li.classList.add("replaced");
    t.user.li.setAttribute("aria-label", "Replaced line");
    t.feedback = null;
  }
  const li = el("li", { class: "turn user", dataset: { turn: m.turn_index, source: m.source } });
  li.append(el("span", { class: "who" }, m.source === "voice" ? "You (spoken)" : "You"));
  li.append(el("p", { class: "said" }, m.text));
  addTranscriptItem(li);
  t.user = { li, text: m.text };
  $("held-box").hidden = true;
}

export function onFeedback(m) {
  const t = turn(m.turn_index);
  const update = Boolean(t.feedback);
  t.feedback = m.feedback; // a later feedback event for the same turn (e.g. with the voice) replaces it
  t.feedbackVersion = (t.feedbackVersion || 0) + 1;
  if (t.user) {
    t.user.li.dataset.feedbackVersion = String(t.feedbackVersion);
    const old = t.user.li.querySelector(".chips");
    if (old) old.remove();
    t.user.li.append(chipList(m.feedback, true));
    if (!t.user.li.querySelector(".show-feedback")) {
      const btn = el("button", { type: "button", class: "linkish show-feedback" }, "show coaching");
      btn.addEventListener("click", () => renderCoach(m.turn_index, true));
      t.user.li.append(btn);
    }
  }
  // A late update for an earlier line must not pull the panel away from a newer one.
  if (app.coachTurn === null || app.coachTurn <= m.turn_index) renderCoach(m.turn_index);
  const fb = m.feedback;
  const weak = fb.skills.filter((s) => !["strong", "yes"].includes(s.label)).map((s) => SKILL_TITLES[s.skill]);
  const lead = update ? "Feedback updated with what your voice showed." : "Feedback ready.";
  $("feedback-live").textContent = `${lead} ${weak.length ? `To work on: ${weak.join(", ")}.` : "All skills strong."} ` +
    `Try this: ${fb.suggestion}`;
}

export function renderCoach(index, focus = false) {
  const t = app.turns.get(index);
  if (!t || !t.feedback) return;
  app.coachTurn = index;
  const fb = t.feedback;
  $("coach-empty").hidden = true;
  $("coach-body").hidden = false;
  $("coach-line").textContent = t.user ? t.user.text : "";
  const chips = $("coach-chips");
  chips.replaceWith(Object.assign(chipList(fb), { id: "coach-chips" }));
  $("coach-suggestion").textContent = fb.suggestion;
  $("coach-rewrite").textContent = fb.rewrite;
  $("coach-next").textContent = SKILL_TITLES[fb.next_skill] || fb.next_skill;
  const reasons = $("coach-reasons");
  clear(reasons);
  for (const s of fb.skills) {
    const li = el("li");
    li.append(el("strong", {}, `${SKILL_TITLES[s.skill] || s.skill} (${s.label}${s.source && s.source.includes("voice") ? ", from your voice" : ""}): `));
    li.append(document.createTextNode(s.reason || ""));
    reasons.append(li);
  }
  const readout = (t.prosody && t.prosody.readout) || {};
  const dl = $("coach-readout");
  clear(dl);
  for (const [key, value] of Object.entries(readout)) {
    dl.append(el("dt", {}, key.replace(/_/g, " ")), el("dd", {}, value));
  }
  $("coach-tone").hidden = Object.keys(readout).length === 0;
  $("coach-reflection").hidden = !t.reflection;
  $("coach-reflection-text").textContent = t.reflection ? t.reflection.text : "";
  if (focus) $("coach-heading").focus();
}

/** The last exchange that can be taken back: the newest turn whose reply is complete. */
export function lastDoneTurn() {
  let last = null;
  for (const [index, t] of app.turns) if (index >= 0 && t.done && (last === null || index > last)) last = index;
  return last;
}

/** Enable "Redo last turn" only when the server offers it and there is a finished exchange. */
export function updateRedo() {
  const live = app.session !== null && !app.ending && !app.endedSummary;
  $("btn-redo").disabled = !(app.features.redo && live && !app.redoPending && lastDoneTurn() !== null);
}

export function onUndone(m) {
  const index = Number(m.turn_index);
  app.redoPending = false;
  app.player.stop(index);
  let said = "";
  // The taken-back turn and anything after it (a line held in practice mode) leave the conversation.
  for (const li of $("transcript").querySelectorAll(".turn[data-turn]")) {
    if (Number(li.dataset.turn) >= index) li.remove();
  }
  for (const key of [...app.turns.keys()]) {
    if (key >= index) {
      if (key === index && app.turns.get(key).user) said = app.turns.get(key).user.text;
      app.turns.delete(key);
    }
  }
  app.held = null;
  $("held-box").hidden = true;
  if (app.coachTurn !== null && app.coachTurn >= index) {
    const earlier = [...app.turns.keys()].filter((k) => app.turns.get(k).feedback).sort((a, b) => b - a)[0];
    if (earlier === undefined) {
      app.coachTurn = null;
      $("coach-body").hidden = true;
      $("coach-empty").hidden = false;
    } else {
      renderCoach(earlier);
    }
  }
  if (app.options && app.options.input === "text" && said && !$("text-input").value) {
    // Typed lines come back into the box to be reworded rather than retyped.
    $("text-input").value = said;
  }
  $("feedback-live").textContent = "Your last turn was taken back. Say that line again.";
  updateRedo();
}

export function onHeld(m) {
  const t = turn(m.turn_index);
  if (t.user) t.user.li.classList.add("held");
  app.held = m;
  $("held-box").hidden = false;
}

export function sendHeld() {
  if (!app.held) return;
  app.conn.sendJson({ type: "send" });
  const t = turn(app.held.turn_index);
  if (t.user) t.user.li.classList.remove("held");
  app.held = null;
  $("held-box").hidden = true;
}

export function onInterrupt(m) {
  app.player.stop(m.turn_index);
  const t = turn(m.turn_index);
  if (t.partner && !t.partner.li.classList.contains("interrupted")) {
    // Only the heard part stays in the conversation; the rest stays visible but marked as unheard.
    const { said, li } = t.partner;
    const shown = said.textContent;
    const heard = m.heard_text || "";
    const rest = shown.startsWith(heard) ? shown.slice(heard.length) : "";
    said.textContent = heard;
    if (rest.trim()) said.append(el("span", { class: "unheard" }, rest));
    li.append(el("span", { class: "cut-note" }, heard ? "You cut in here; the grey part was not heard." : "You cut in before hearing this reply."));
    li.classList.add("interrupted");
  }
  refreshState();
}

export function showCaption(m) {
  // The bubble holds the whole reply; the sentence being spoken is announced through the state line too.
  const t = turn(m.turn_index);
  if (!t.partner) partnerLine(m.turn_index).set(m.text);
}

export function reportPlayback(turnIndex) {
  const player = app.player;
  app.playingTurn = turnIndex;
  document.body.dataset.audioStarted = String(player.started);
  document.body.dataset.audioTurn = String(turnIndex);
  refreshState();
  if (!app.playbackTimer && player.playing) {
    app.playbackTimer = setInterval(() => {
      const playing = player.playing;
      if (app.conn && app.conn.open) {
        const current = app.playingTurn;
        app.conn.sendJson({ type: "playback", turn_index: current, played_ms: Math.round(player.playedMs(current)) });
      }
      if (!playing) {
        clearInterval(app.playbackTimer);
        app.playbackTimer = null;
        refreshState();
      }
    }, 250);
  }
}
