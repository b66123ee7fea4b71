"""Small inline-SVG charts (line, bar, heat strip) for printable reports: no script, no external assets.

Every chart carries its own text alternative (`<title>` and `<desc>` listing the values) and never
relies on colour alone: series differ by marker and dash, heat-strip cells print their letter, and
values are written next to the points, so a black-and-white printout still reads correctly.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies, dark enough on white.
PALETTE: tuple[str, ...] = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#7A5C00", "#56B4E9", "#000000")
DASHES: tuple[str, ...] = ("", "6 3", "2 3", "8 3 2 3")
MARKERS: tuple[str, ...] = ("circle", "square", "triangle", "diamond")
INK = "#1a1a1a"
GRID = "#c8c8c8"
FONT = "font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif\""

# Heat-strip cells: (fill, text colour, printed letter); letters keep the strip readable without colour.
CELL_STYLES: dict[str | None, tuple[str, str, str]] = {
    "strong": ("#1b6e5a", "#ffffff", "S"),
    "yes": ("#1b6e5a", "#ffffff", "Y"),
    "weak": ("#f2cf7e", INK, "W"),
    "none": ("#e4e4e4", INK, "–"),
    "no": ("#f1b9b2", INK, "N"),
    "rising": ("#f2cf7e", INK, "↗"),
    "falling": ("#1b6e5a", "#ffffff", "↘"),
    "level": ("#e4e4e4", INK, "→"),
    None: ("#ffffff", "#555555", "·"),
}

Formatter = Callable[[float], str]


@dataclass(frozen=True)
class Series:
    """One line of a line chart: a name and one value (or None for no data) per x position."""

    name: str
    values: Sequence[float | None]


def plain(value: float) -> str:
    """Format a number compactly: no trailing zeros, at most one decimal."""
    text = f"{value:.1f}"
    return text.removesuffix(".0")


def percent(value: float) -> str:
    """Format a 0-1 share as a whole percentage."""
    return f"{value * 100:.0f}%"


def _svg_open(width: float, height: float, title: str, desc: str, css_class: str) -> str:
    # <title>/<desc> as first children give the image its accessible name and description.
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {css_class}" role="img" '
            f'width="{width:.0f}" height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}" {FONT}>'
            f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>")


def _finite(value: float | None) -> bool:
    return value is not None and not isinstance(value, bool) and math.isfinite(value)


def nice_range(values: Sequence[float | None], *, include_zero: bool = False, min_span: float = 0.0,
               floor: float | None = None) -> tuple[float, float]:
    """A padded value range around the data for an axis (a unit range when there is no data).

    `min_span` keeps small differences small: the axis spans at least that much, centred on the data,
    so that 289 and 293 words a minute do not fill the whole height. `floor` is a value the axis never
    goes below (0 for counts and shares).
    """
    data = [float(v) for v in values if _finite(v)]  # type: ignore[arg-type]
    if include_zero:
        data.append(0.0)
    if not data:
        return 0.0, 1.0
    lo, hi = min(data), max(data)
    if hi - lo < min_span:
        mid = (lo + hi) / 2
        lo, hi = mid - min_span / 2, mid + min_span / 2
        if floor is not None and lo < floor:
            lo, hi = floor, floor + min_span
        return lo, hi
    if hi - lo < 1e-9:
        pad = abs(hi) * 0.1 or 1.0
        return lo - pad, hi + pad
    pad = (hi - lo) * 0.1
    lo = lo if include_zero and lo == 0 else lo - pad
    if floor is not None:
        lo = max(lo, floor)
    return lo, hi + pad


def _nice_step(raw: float) -> float:
    mag = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1.0
    return next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)


def _ticks(lo: float, hi: float, count: int = 4, fmt: Formatter | None = None) -> list[float]:
    """Round tick values across [lo, hi]; with `fmt`, steps widen until no two ticks print the same label."""
    step = _nice_step((hi - lo) / max(count, 1))
    while True:
        first = math.ceil(lo / step - 1e-9) * step
        ticks: list[float] = []
        value = first
        while value <= hi + 1e-9:
            ticks.append(round(value, 10))
            value += step
        labels = [fmt(t) for t in ticks] if fmt is not None else []
        if fmt is None or len(set(labels)) == len(labels) or len(ticks) <= 1:
            return ticks
        step = _nice_step(step * 1.01)  # the next nice step up


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "square":
        return f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" fill="{colour}"/>'
    if shape == "triangle":
        return (f'<polygon points="{x:.1f},{y - 4.5:.1f} {x + 4.5:.1f},{y + 3.5:.1f} '
                f'{x - 4.5:.1f},{y + 3.5:.1f}" fill="{colour}"/>')
    if shape == "diamond":
        return (f'<polygon points="{x:.1f},{y - 5:.1f} {x + 5:.1f},{y:.1f} {x:.1f},{y + 5:.1f} '
                f'{x - 5:.1f},{y:.1f}" fill="{colour}"/>')
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>'


def _describe_series(series: Sequence[Series], x_labels: Sequence[str], fmt: Formatter) -> str:
    parts = []
    for s in series:
        points = ", ".join(f"{x}: {fmt(float(v)) if _finite(v) else 'no data'}"  # type: ignore[arg-type]
                           for x, v in zip(x_labels, s.values))
        parts.append(f"{s.name}: {points}.")
    return " ".join(parts)


def _label_above(series: Sequence[Series], k: int, i: int, value: float) -> bool:
    """Label above the point unless another line passes above (or through) it at the same x."""
    for j, other in enumerate(series):
        if j == k or i >= len(other.values) or not _finite(other.values[i]):
            continue
        theirs = float(other.values[i])  # type: ignore[arg-type]
        if theirs > value or (theirs == value and j < k):
            return False
    return True


def line_chart(series: Sequence[Series], *, x_labels: Sequence[str], title: str,
               y_range: tuple[float, float] | None = None, y_ticks: Sequence[float] | None = None,
               fmt: Formatter = plain, x_title: str = "", width: int = 560, height: int = 190,
               reference: float | None = None, min_span: float = 0.0, floor: float | None = None) -> Markup:
    """A line chart with one marker per value, values written at the points, and a legend.

    `None` values leave a gap. `reference` draws a dashed horizontal line (e.g. "your usual voice").
    Without `y_range`, the axis spans at least `min_span` and never goes below `floor` (see nice_range).
    """
    if not x_labels:
        raise ValueError("a line chart needs at least one x position")
    all_values = [v for s in series for v in s.values]
    lo, hi = y_range if y_range is not None else nice_range([*all_values, reference], min_span=min_span,
                                                            floor=floor)
    if hi <= lo:
        hi = lo + 1.0
    left, right, top = 46.0, 14.0, 20.0
    inset = 14.0  # keeps the first and last points (and their labels) clear of the axis labels
    legend_h = 18.0 if len(series) > 1 else 0.0
    bottom = 30.0 + (14.0 if x_title else 0.0) + legend_h
    plot_w, plot_h = width - left - right, height - top - bottom
    n = len(x_labels)

    def px(i: int) -> float:
        return left + (plot_w / 2 if n == 1 else inset + (plot_w - 2 * inset) * i / (n - 1))

    def py(v: float) -> float:
        return top + plot_h * (1 - (min(max(v, lo), hi) - lo) / (hi - lo))

    out = [_svg_open(width, height, title, _describe_series(series, x_labels, fmt), "line-chart")]
    for tick in y_ticks if y_ticks is not None else _ticks(lo, hi, fmt=fmt):
        if lo - 1e-9 <= tick <= hi + 1e-9:
            y = py(tick)
            out.append(f'<line x1="{left:.1f}" x2="{width - right:.1f}" y1="{y:.1f}" y2="{y:.1f}" '
                       f'stroke="{GRID}" stroke-width="1"/>')
            out.append(f'<text x="{left - 6:.1f}" y="{y + 4:.1f}" font-size="11" text-anchor="end" '
                       f'fill="{INK}">{escape(fmt(tick))}</text>')
    if reference is not None and lo <= reference <= hi:
        y = py(reference)
        out.append(f'<line x1="{left:.1f}" x2="{width - right:.1f}" y1="{y:.1f}" y2="{y:.1f}" '
                   f'stroke="{INK}" stroke-width="1" stroke-dasharray="3 3"/>')
    step = max(1, math.ceil(n / 14))  # thin the x labels so they never overlap
    for i, label in enumerate(x_labels):
        if i % step == 0 or i == n - 1:
            out.append(f'<text x="{px(i):.1f}" y="{top + plot_h + 16:.1f}" font-size="11" '
                       f'text-anchor="middle" fill="{INK}">{escape(label)}</text>')
    if x_title:
        out.append(f'<text x="{left + plot_w / 2:.1f}" y="{top + plot_h + 30:.1f}" font-size="11" '
                   f'text-anchor="middle" fill="{INK}">{escape(x_title)}</text>')
    label_points = len(series) <= 2 and n <= 16
    for k, s in enumerate(series):
        colour, dash, shape = PALETTE[k % len(PALETTE)], DASHES[k % len(DASHES)], MARKERS[k % len(MARKERS)]
        segment: list[str] = []
        segments: list[list[str]] = []
        for i, v in enumerate(s.values[:n]):
            if _finite(v):
                segment.append(f"{px(i):.1f},{py(float(v)):.1f}")  # type: ignore[arg-type]
            elif segment:
                segments.append(segment)
                segment = []
        if segment:
            segments.append(segment)
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        for seg in segments:
            if len(seg) > 1:
                out.append(f'<polyline points="{" ".join(seg)}" fill="none" stroke="{colour}" '
                           f'stroke-width="2"{dash_attr}/>')
        finite = [(i, float(v)) for i, v in enumerate(s.values[:n]) if _finite(v)]  # type: ignore[arg-type]
        for i, v in finite:
            out.append(_marker(shape, px(i), py(v), colour))
            if label_points or i == finite[-1][0]:
                dy = -8 if _label_above(series, k, i, v) else 16
                out.append(f'<text x="{px(i):.1f}" y="{py(v) + dy:.1f}" font-size="10" text-anchor="middle" '
                           f'fill="{INK}">{escape(fmt(v))}</text>')
    if legend_h:
        x = left
        y = height - 8
        for k, s in enumerate(series):
            colour, dash = PALETTE[k % len(PALETTE)], DASHES[k % len(DASHES)]
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            out.append(f'<line x1="{x:.1f}" x2="{x + 22:.1f}" y1="{y - 4:.1f}" y2="{y - 4:.1f}" '
                       f'stroke="{colour}" stroke-width="2"{dash_attr}/>')
            out.append(_marker(MARKERS[k % len(MARKERS)], x + 11, y - 4, colour))
            out.append(f'<text x="{x + 28:.1f}" y="{y:.1f}" font-size="11" fill="{INK}">{escape(s.name)}</text>')
            x += 40 + 7 * len(s.name)
    out.append("</svg>")
    return Markup("".join(out))


def bar_chart(values: Sequence[float | None], *, labels: Sequence[str], title: str,
              y_range: tuple[float, float] | None = None, y_ticks: Sequence[float] | None = None,
              fmt: Formatter = plain, x_title: str = "",
              width: int = 560, height: int = 170) -> Markup:
    """Vertical bars with the value printed on each bar; `None` is shown as 'n/a'."""
    if len(values) != len(labels) or not labels:
        raise ValueError("a bar chart needs one label per value and at least one value")
    lo, hi = y_range if y_range is not None else nice_range(values, include_zero=True)
    if hi <= lo:
        hi = lo + 1.0
    left, right, top = 46.0, 14.0, 16.0
    bottom = 30.0 + (14.0 if x_title else 0.0)
    plot_w, plot_h = width - left - right, height - top - bottom
    slot = plot_w / len(values)
    bar_w = min(36.0, slot * 0.7)
    desc = ", ".join(f"{label}: {fmt(float(v)) if _finite(v) else 'n/a'}"  # type: ignore[arg-type]
                     for label, v in zip(labels, values))
    out = [_svg_open(width, height, title, desc + ".", "bar-chart")]

    def py(v: float) -> float:
        return top + plot_h * (1 - (min(max(v, lo), hi) - lo) / (hi - lo))

    for tick in y_ticks if y_ticks is not None else _ticks(lo, hi, fmt=fmt):
        y = py(tick)
        out.append(f'<line x1="{left:.1f}" x2="{width - right:.1f}" y1="{y:.1f}" y2="{y:.1f}" '
                   f'stroke="{GRID}" stroke-width="1"/>')
        out.append(f'<text x="{left - 6:.1f}" y="{y + 4:.1f}" font-size="11" text-anchor="end" '
                   f'fill="{INK}">{escape(fmt(tick))}</text>')
    step = max(1, math.ceil(len(labels) / 14))
    base = py(max(lo, 0.0)) if lo <= 0 <= hi else py(lo)
    for i, (label, v) in enumerate(zip(labels, values)):
        cx = left + slot * (i + 0.5)
        if _finite(v):
            y = py(float(v))  # type: ignore[arg-type]
            top_y, h = min(y, base), abs(base - y)
            out.append(f'<rect x="{cx - bar_w / 2:.1f}" y="{top_y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                       f'fill="{PALETTE[0]}"/>')
            out.append(f'<text x="{cx:.1f}" y="{top_y - 4:.1f}" font-size="10" text-anchor="middle" '
                       f'fill="{INK}">{escape(fmt(float(v)))}</text>')  # type: ignore[arg-type]
        else:
            out.append(f'<text x="{cx:.1f}" y="{base - 4:.1f}" font-size="10" text-anchor="middle" '
                       f'fill="#555555">n/a</text>')
        if i % step == 0 or i == len(labels) - 1:
            out.append(f'<text x="{cx:.1f}" y="{top + plot_h + 16:.1f}" font-size="11" text-anchor="middle" '
                       f'fill="{INK}">{escape(label)}</text>')
    if x_title:
        out.append(f'<text x="{left + plot_w / 2:.1f}" y="{top + plot_h + 30:.1f}" font-size="11" '
                   f'text-anchor="middle" fill="{INK}">{escape(x_title)}</text>')
    out.append("</svg>")
    return Markup("".join(out))


def heat_strip(cells: Sequence[str | None], *, title: str, x_labels: Sequence[str] | None = None,
               cell_size: int = 26) -> Markup:
    """One row of labelled cells (e.g. strong/weak/none per turn); each cell prints its letter."""
    labels = list(x_labels) if x_labels is not None else [str(i + 1) for i in range(len(cells))]
    gap = 3
    width = max(1, len(cells)) * (cell_size + gap) + gap
    height = cell_size + 16
    desc = ", ".join(f"{x}: {c if c is not None else 'not rated'}" for x, c in zip(labels, cells))
    out = [_svg_open(width, height, title, (desc or "no data") + ".", "heat-strip")]
    for i, (cell, label) in enumerate(zip(cells, labels)):
        fill, text_colour, letter = CELL_STYLES.get(cell, (CELL_STYLES[None][0], INK, (cell or "?")[:1]))
        x = gap + i * (cell_size + gap)
        outline = ' stroke="#555555" stroke-dasharray="2 2"' if cell is None else ' stroke="#8a8a8a"'
        out.append(f"<g><title>{escape(label)}: {escape(cell if cell is not None else 'not rated')}</title>"
                   f'<rect x="{x}" y="1" width="{cell_size}" height="{cell_size}" rx="3" fill="{fill}"'
                   f'{outline} stroke-width="1"/>'
                   f'<text x="{x + cell_size / 2:.1f}" y="{1 + cell_size / 2 + 5:.1f}" font-size="14" '
                   f'font-weight="bold" text-anchor="middle" fill="{text_colour}">{escape(letter)}</text></g>')
        out.append(f'<text x="{x + cell_size / 2:.1f}" y="{cell_size + 14:.1f}" font-size="10" '
                   f'text-anchor="middle" fill="#444444">{escape(label)}</text>')
    out.append("</svg>")
    return Markup("".join(out))


def letter(label: str | None) -> str:
    """The printed letter of a heat-strip label (for text versions of a strip)."""
    return CELL_STYLES[label][2] if label in CELL_STYLES else str(label)[:1]
