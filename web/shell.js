// Page shell: screen switching, the banner and status line, JSON fetches and the skills reference dialog.

import { renderReference } from "./screens.js";
import { app } from "./state.js";
import { $, focusHeading } from "./ui.js";

const SCREENS = ["pick", "checkin", "talk", "summary", "history"];

/** Show one screen and move focus to its heading. */
export function show(name) {
  for (const s of SCREENS) $(`screen-${s}`).hidden = s !== name;
  document.body.dataset.screen = name;
  focusHeading($(`screen-${name}`));
}

/** Show a message in the banner, with an optional action button. */
export function banner(text, action = null, kind = "info") {
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
export function hideBanner(kind = null) {
  if (kind === null || $("banner").dataset.kind === kind) $("banner").hidden = true;
}

/** Set the connection status line. */
export function connStatus(text, kind) {
  const node = $("conn-status");
  node.textContent = text;
  node.dataset.conn = kind;
}

/** GET (or `options`) a URL and parse its JSON; throws on an HTTP error. */
export async function fetchJson(url, options) {
  const response = await fetch(url, options);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

/** Arrow, Home and End keys move between the reference dialog's tabs. */
export function onTabKey(e) {
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

/** Open the DEAR MAN reference dialog, optionally at one skill. */
export function openReference(skill = null, keepFocusOnTab = false) {
  if (!app.reference) return;
  renderReference(app.reference, skill);
  const dialog = $("reference");
  if (!dialog.open) dialog.showModal();
  const selected = $("reference-tabs").querySelector("[aria-selected=true]");
  if (selected && (keepFocusOnTab || skill)) selected.focus();
}
