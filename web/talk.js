// The live conversation view: transcript lines, reply captions, per-line feedback and the coaching panel.

import { dropStoredNote } from "./notes.js";
import { app, refreshState } from "./state.js";
import { $, SKILL_TITLES, chipList, clear, el } from "./ui.js";

// ---------------------------------------------------------------- following the newest item

const AT_BOTTOM_PX = 24;

/** Whether the conversation box is scrolled to (or near) its end. */
function atBottom(list) {
  return list.scrollHeight - list.scrollTop - list.clientHeight <= AT_BOTTOM_PX;
}

/**
 * Keep the newest item in view: any change to the conversation (a new line, streamed text, rating chips,
 * a barge-in note) scrolls to the end while the user is following it, and otherwise offers a jump button.
 */
export function followConversation() {
  const list = $("transcript");
  const jump = $("jump-latest");
  app.following = true;
  list.addEventListener("scroll", () => {
    app.following = atBottom(list);
    if (app.following) jump.hidden = true;
  }, { passive: true });
  new MutationObserver(() => {
    if (app.following) {
      list.scrollTop = list.scrollHeight;
      // On a short window the box itself may end below the fold: bring the newest item into the window too.
      const last = list.lastElementChild;
      if (last && document.body.dataset.screen === "talk" && last.getBoundingClientRect().bottom > innerHeight) {
        last.scrollIntoView({ block: "nearest" });
      }
    } else if (!atBottom(list)) {
      jump.hidden = false;
    }
  }).observe(list, { childList: true, subtree: true, characterData: true });
  jump.addEventListener("click", () => {
    app.following = true;
    list.scrollTop = list.scrollHeight;
    jump.hidden = true;
  });
}

export function turn(index) {
  if (!app.turns.has(index)) app.turns.set(index, { user: null, partner: null });
  return app.turns.get(index);
}

export function addTranscriptItem(li) {
  $("transcript").append(li);
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
  const fb = el("div", { class: "line-feedback" });
  const note = el("p", { class: "line-note", hidden: true });
  li.append(fb, note);
  addTranscriptItem(li);
  t.user = { li, text: m.text, fb, note };
  $("held-box").hidden = true;
}

export function onFeedback(m) {
  const t = turn(m.turn_index);
  const update = Boolean(t.feedback);
  t.feedback = m.feedback; // a later feedback event for the same turn (e.g. with the voice) replaces it
  t.feedbackVersion = (t.feedbackVersion || 0) + 1;
  if (t.user) t.user.li.dataset.feedbackVersion = String(t.feedbackVersion);
  renderLineFeedback(m.turn_index);
  // A late update for an earlier line must not pull the panel away from a newer one.
  if (app.coachTurn === null || app.coachTurn <= m.turn_index) renderCoach(m.turn_index);
  if (!update) $("tab-coaching-new").hidden = document.body.dataset.talkTab === "coaching";
  updateRevealAll();
  if (feedbackHidden(m.turn_index)) {
    $("feedback-live").textContent = "Feedback ready. It stays hidden until you reveal it (F).";
    return;
  }
  announceFeedback(m.feedback, update);
}

function announceFeedback(fb, update = false) {
  const weak = fb.skills.filter((s) => !["strong", "yes"].includes(s.label)).map((s) => SKILL_TITLES[s.skill]);
  const lead = update ? "Feedback updated with what your voice showed." : "Feedback ready.";
  $("feedback-live").textContent = `${lead} ${weak.length ? `To work on: ${weak.join(", ")}.` : "All skills strong."} ` +
    `Try this: ${fb.suggestion}`;
}

// ---------------------------------------------------------------- therapist mode: hidden feedback

/** In therapist mode a line's feedback stays hidden until revealed, so the client can guess first. */
export function feedbackHidden(index) {
  return document.body.classList.contains("therapist") && !app.revealed.has(index);
}

/** The rating chips under a line, or a reveal button while its feedback is hidden. */
function renderLineFeedback(index) {
  const t = app.turns.get(index);
  if (!t || !t.user || !t.feedback) return;
  const box = t.user.fb;
  clear(box);
  if (feedbackHidden(index)) {
    const btn = el("button", { type: "button", class: "reveal", "aria-keyshortcuts": "F" }, "Reveal feedback");
    btn.addEventListener("click", () => revealFeedback(index));
    box.append(btn);
    return;
  }
  box.append(chipList(t.feedback, true));
  const btn = el("button", { type: "button", class: "linkish show-feedback" }, "Show coaching");
  btn.addEventListener("click", () => {
    renderCoach(index, true);
    showTalkTab("coaching");
  });
  box.append(btn);
}

/** Show one line's feedback (the reveal button, or F for the line in the coaching panel). */
export function revealFeedback(index = app.coachTurn) {
  const t = app.turns.get(index);
  if (index === null || !t || !t.feedback || app.revealed.has(index)) return;
  app.revealed.add(index);
  renderLineFeedback(index);
  renderCoach(index);
  updateRevealAll();
  announceFeedback(t.feedback);
}

/** Show the feedback of every line (at the end of a demonstration). */
export function revealAll() {
  for (const [index, t] of app.turns) if (t.feedback) app.revealed.add(index);
  rerenderFeedback();
}

/** Redraw every line's feedback and the panel (after a change of mode). */
export function rerenderFeedback() {
  for (const index of app.turns.keys()) renderLineFeedback(index);
  if (app.coachTurn !== null) renderCoach(app.coachTurn);
  updateRevealAll();
  refreshState();
}

function updateRevealAll() {
  $("btn-reveal-all").disabled = ![...app.turns.keys()].some((i) => app.turns.get(i).feedback && feedbackHidden(i));
}

// ---------------------------------------------------------------- phone tabs

/** On a phone, switch between the conversation and the coaching (both stay in the page for wider screens). */
export function showTalkTab(name) {
  document.body.dataset.talkTab = name;
  for (const [tab, panel] of [["tab-conversation", "conversation"], ["tab-coaching", "coaching"]]) {
    $(tab).setAttribute("aria-selected", String(panel === name));
    $(tab).tabIndex = panel === name ? 0 : -1;
  }
  if (name === "coaching") $("tab-coaching-new").hidden = true;
}

export function renderCoach(index, focus = false) {
  const t = app.turns.get(index);
  if (!t || !t.feedback) return;
  app.coachTurn = index;
  const fb = t.feedback;
  const hidden = feedbackHidden(index);
  $("coach-empty").hidden = true;
  $("coach-hidden").hidden = !hidden;
  $("coach-body").hidden = hidden;
  $("coach-hidden-line").textContent = t.user ? t.user.text : "";
  $("note-form").hidden = false;
  $("note-input").value = t.note || "";
  $("note-status").textContent = "";
  if (hidden) {
    if (focus) $("coach-heading").focus();
    return;
  }
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
    if (key >= index && app.turns.get(key).note) dropStoredNote(key);
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
      $("coach-hidden").hidden = true;
      $("note-form").hidden = true;
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
