// The safety check-in: a line that may mean risk. The role-play goes on; a panel asks once,
// gently, whether the person is safe, lists the places to get help, and offers two answers.

import { app } from "./state.js";
import { $, clear, el } from "./ui.js";

/** Fill a list element with crisis resources (name, contact, optional detail). */
export function fillResources(list, resources) {
  clear(list);
  for (const r of resources) {
    const li = el("li");
    li.append(el("strong", {}, r.name), document.createTextNode(`: ${r.contact}`));
    if (r.detail) li.append(el("span", { class: "muted" }, ` (${r.detail})`));
    list.append(li);
  }
}

/** Show the check-in panel for a `safety_check_in` event. */
export function showCheckIn(m) {
  $("checkin-safety-message").textContent = m.message;
  fillResources($("checkin-safety-resources"), m.resources);
  const [goOn, stop] = m.choices;
  $("checkin-safety-continue").textContent = goOn;
  $("checkin-safety-stop").textContent = stop;
  const panel = $("checkin-safety");
  panel.hidden = false;
  $("checkin-safety-continue").focus();
}

/** Hide the panel (answered, escalated to a pause, or the rehearsal ended). */
export function hideCheckIn() {
  $("checkin-safety").hidden = true;
}

/** Wire the two answers once at start-up. */
export function wireCheckIn() {
  $("checkin-safety-continue").addEventListener("click", () => {
    app.conn.sendJson({ type: "safety_answer", answer: "continue" });
    hideCheckIn();
  });
  $("checkin-safety-stop").addEventListener("click", () => {
    app.ending = "closing"; // the server answers `ended`: go straight to the summary
    app.conn.sendJson({ type: "safety_answer", answer: "stop" });
    hideCheckIn();
  });
}
