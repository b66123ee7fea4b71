// DOM helpers and renderers. Every piece of user or model text goes in through textContent.

export const SKILLS = [
  ["describe", "Describe"],
  ["express", "Express"],
  ["assert", "Assert"],
  ["reinforce", "Reinforce"],
  ["mindful", "Stay mindful"],
  ["confident", "Appear confident"],
  ["negotiate", "Negotiate"],
];
export const SKILL_TITLES = Object.fromEntries(SKILLS);

export const $ = (id) => document.getElementById(id);

/** Create an element; `text` always lands in textContent, never parsed as HTML. */
export function el(tag, attrs = {}, text = null) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  if (text !== null && text !== undefined) node.textContent = String(text);
  return node;
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
}

const SVG_NS = "http://www.w3.org/2000/svg";
function svg(tag, attrs = {}, text = null) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  if (text !== null) node.textContent = String(text);
  return node;
}

/** One chip per skill, in DEAR MAN order; `mini` for the compact row under a transcript line. */
export function chipList(feedback, mini = false) {
  const list = el("ul", { class: mini ? "chips mini" : "chips", "aria-label": "DEAR MAN ratings" });
  const bySkill = Object.fromEntries(feedback.skills.map((s) => [s.skill, s]));
  for (const [skill, title] of SKILLS) {
    const item = bySkill[skill];
    if (!item) continue;
    const chip = el("li", { class: "chip", dataset: { skill, label: item.label, source: item.source || "text" } });
    chip.append(el("span", { class: "chip-name" }, title));
    chip.append(el("span", { class: "chip-label" }, item.label));
    if (item.source && item.source.includes("voice")) {
      chip.append(el("span", { class: "chip-voice", title: "Read from your voice" }, "voice"));
    }
    if (!mini) chip.title = item.reason || "";
    list.append(chip);
  }
  return list;
}

/** A horizontal bar per skill (inline SVG): rate in [0, 1] or null when never rated. */
export function barChart(rows, { label = "Skill rates" } = {}) {
  const rowH = 30;
  const labelW = 150;
  const barW = 200;
  const width = labelW + barW + 60;
  const height = rows.length * rowH + 8;
  const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": label });
  const desc = rows.map((r) => `${r.title}: ${r.rate === null ? "not rated" : Math.round(r.rate * 100) + "%"}`).join("; ");
  root.append(svg("title", {}, `${label}. ${desc}`));
  rows.forEach((row, i) => {
    const y = i * rowH + 4;
    root.append(svg("text", { x: 0, y: y + 18 }, row.title));
    root.append(svg("rect", { class: "track", x: labelW, y: y + 4, width: barW, height: 16, rx: 3 }));
    const w = row.rate === null ? 0 : Math.max(0, Math.min(1, row.rate)) * barW;
    root.append(svg("rect", { class: "bar", x: labelW, y: y + 4, width: w.toFixed(1), height: 16, rx: 3 }));
    const value = row.rate === null ? "n/a" : `${Math.round(row.rate * 100)}%`;
    root.append(svg("text", { x: labelW + barW + 8, y: y + 18 }, value));
  });
  return root;
}

/** Small line chart of one value over sessions (history progress). */
export function progressChart(points, label) {
  const width = 420;
  const height = 140;
  const pad = 30;
  const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": label });
  root.append(svg("title", {}, `${label}: ${points.map((p) => Math.round(p * 100) + "%").join(", ")}`));
  root.append(svg("line", { x1: pad, y1: height - pad, x2: width - 10, y2: height - pad, stroke: "#8a93a0" }));
  root.append(svg("text", { x: 0, y: pad }, "100%"));
  root.append(svg("text", { x: 0, y: height - pad }, "0%"));
  if (points.length) {
    const step = points.length > 1 ? (width - pad - 20) / (points.length - 1) : 0;
    const coords = points.map((p, i) => [pad + 10 + i * step, height - pad - p * (height - 2 * pad)]);
    root.append(svg("polyline", { points: coords.map((c) => c.join(",")).join(" "), fill: "none", stroke: "#1a56b8", "stroke-width": 3 }));
    for (const [x, y] of coords) root.append(svg("circle", { cx: x, cy: y, r: 4, fill: "#1a56b8" }));
  }
  return root;
}

/** Move keyboard focus to a screen's heading so screen readers announce the new screen. */
export function focusHeading(section) {
  const heading = section.querySelector("h2");
  if (heading) heading.focus();
}
