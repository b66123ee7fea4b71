// Therapist notes: a short typed note per line, stored with the session at once (PUT /api/sessions/{id}/notes/{turn}).

import { app } from "./state.js";
import { $ } from "./ui.js";

/** Show a line's note under it in the conversation (or nothing when it has none). */
export function showLineNote(index) {
  const t = app.turns.get(index);
  if (!t || !t.user) return;
  t.user.note.hidden = !t.note;
  t.user.note.textContent = t.note ? `Note: ${t.note}` : "";
}

/** Store the note on one line; the text stays on the page if the server cannot be reached. */
export async function saveNote(index, text) {
  const t = app.turns.get(index);
  if (!t || !app.session) return false;
  const clean = text.trim();
  // Leaving the field and pressing Save both ask to save: the same text is sent once.
  if ((t.note || "") === clean && (t.noteSaved || t.noteSaving === clean)) return true;
  t.note = clean;
  t.noteSaved = false;
  t.noteSaving = clean;
  showLineNote(index);
  const status = $("note-status");
  status.dataset.kind = "";
  status.textContent = "Saving…";
  try {
    const url = `/api/sessions/${encodeURIComponent(app.session.session_id)}/notes/${index}`;
    const response = await fetch(url, {
      method: "PUT", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ text: clean }),
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    t.noteSaved = t.note === clean;
    t.noteSaving = null;
    if (app.coachTurn === index) status.textContent = clean ? "Note saved." : "Note removed.";
    return true;
  } catch (err) {
    t.noteSaving = null;
    status.dataset.kind = "error";
    status.textContent = `Could not save the note (${err.message}). It is kept on this page; try Save again.`;
    return false;
  }
}

/** Notes of the lines still on the page, oldest first: [{n, text, line}]. */
export function pageNotes() {
  const indexes = [...app.turns.keys()].filter((i) => i >= 0 && app.turns.get(i).note).sort((a, b) => a - b);
  return indexes.map((i) => ({ n: i + 1, text: app.turns.get(i).note, line: app.turns.get(i).user.text }));
}

/** Wire the note form of the coaching panel. */
export function wireNotes() {
  $("note-form").addEventListener("submit", (e) => {
    e.preventDefault();
    if (app.coachTurn !== null) saveNote(app.coachTurn, $("note-input").value);
  });
  // Leaving the field keeps what was typed, so a note is never lost by moving on to the next line.
  $("note-input").addEventListener("change", () => {
    if (app.coachTurn !== null) saveNote(app.coachTurn, $("note-input").value);
  });
}

/** Remove the stored note of a line that was taken back (redo): the note was about the old wording. */
export function dropStoredNote(index) {
  if (!app.session) return;
  fetch(`/api/sessions/${encodeURIComponent(app.session.session_id)}/notes/${index}`, {
    method: "PUT", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ text: "" }),
  }).catch(() => {});
}
