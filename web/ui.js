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

/**
 * Small line chart of values in [0, 1] over sessions, oldest first; null leaves a gap (no rated line that time).
 * Points are numbered like the sessions so the chart can be read next to the list.
 */
export function lineChart(values, label, { width = 260, height = 110 } = {}) {
  const left = 40;
  const right = 10;
  const top = 10;
  const bottom = 24;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": label, class: "line-chart" });
  const described = values.map((v, i) => `${i + 1}: ${v === null || v === undefined ? "not rated" : Math.round(v * 100) + "%"}`);
  root.append(svg("title", {}, `${label}. ${described.join(", ")}`));
  for (const level of [0, 0.5, 1]) {
    const y = top + plotH * (1 - level);
    root.append(svg("line", { class: "grid", x1: left, y1: y, x2: width - right, y2: y }));
    root.append(svg("text", { class: "axis", x: left - 6, y: y + 4, "text-anchor": "end" }, `${level * 100}%`));
  }
  const step = values.length > 1 ? plotW / (values.length - 1) : 0;
  const x = (i) => left + (values.length > 1 ? i * step : plotW / 2);
  const y = (v) => top + plotH * (1 - Math.max(0, Math.min(1, v)));
  let run = [];
  const flush = () => {
    if (run.length > 1) root.append(svg("polyline", { class: "series", points: run.map((c) => c.join(",")).join(" ") }));
    run = [];
  };
  values.forEach((v, i) => {
    if (v === null || v === undefined) {
      flush();
      return;
    }
    run.push([x(i).toFixed(1), y(v).toFixed(1)]);
  });
  flush();
  values.forEach((v, i) => {
    if (v === null || v === undefined) return;
    root.append(svg("circle", { class: "point", cx: x(i).toFixed(1), cy: y(v).toFixed(1), r: 3.5 }));
    // Each value is written at its point (below it near the top, so it stays inside the chart).
    if (values.length <= 10) {
      const dy = v > 0.85 ? 14 : -7;
      root.append(svg("text", { class: "axis value", x: x(i).toFixed(1), y: (y(v) + dy).toFixed(1), "text-anchor": "middle" },
        `${Math.round(v * 100)}%`));
    }
  });
  // Session numbers under the axis; with many sessions only the first and the last.
  const labelled = values.length <= 10 ? values.map((_, i) => i) : [0, values.length - 1];
  for (const i of labelled) {
    root.append(svg("text", { class: "axis", x: x(i).toFixed(1), y: height - 6, "text-anchor": "middle" }, i + 1));
  }
  return root;
}

/** Move keyboard focus to a screen's heading so screen readers announce the new screen. */
export function focusHeading(section) {
  const heading = section.querySelector("h2");
  if (heading) heading.focus();
}
