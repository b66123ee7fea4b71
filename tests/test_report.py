"""Session reports and progress over time, built from real sessions on a temporary SQLite file."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from voice_coach.reports import charts
from voice_coach.conversation.checkin import LOWER_IS_BETTER
from .fakes import FixedEvaluator
from voice_coach.ports import TurnContext
from voice_coach.reports.progress import progress, render_progress, trend
from voice_coach.reports.report import build_report, render_report
from voice_coach.skills import ALL_SKILLS, Feedback, Ratings, is_positive
from voice_coach.store import SessionRow

from .helpers import collect, make_services, start

SVG = "{http://www.w3.org/2000/svg}"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
SCRIPT_LINE = "<script>alert('x')</script> I feel ignored when the dishes pile up."


class CoachingEvaluator(FixedEvaluator):
    """Queued ratings plus a suggestion and rewrite that name the line, so the report can be checked."""

    async def evaluate(self, context: TurnContext) -> Feedback:
        """Feedback with the queued ratings and a line-specific suggestion and rewrite."""
        feedback = await super().evaluate(context)
        return feedback.model_copy(update={"suggestion": f"Suggestion for line {context.turn_index + 1}.",
                                           "rewrite": f"Rewrite of line {context.turn_index + 1}."})


def ratings(**labels: str) -> Ratings:
    """Ratings with the given labels; unnamed level skills are 'none', unnamed binary ones 'yes'."""
    base = {s.value: ("yes" if s.scale == ("yes", "no") else "none") for s in ALL_SKILLS}
    return Ratings(labels={**base, **labels})


class WellFormed(HTMLParser):
    """Checks that every non-void element is closed in order."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
        else:
            self.stack.pop()


def check_html(html: str) -> list[ET.Element]:
    """Assert well-formed, script-free, self-contained HTML; return its SVG charts parsed as XML."""
    parser = WellFormed()
    parser.feed(html)
    parser.close()
    assert not parser.errors and not parser.stack, (parser.errors, parser.stack)
    assert html.startswith("<!DOCTYPE html>") and "script" not in parser.tags
    assert not re.search(r"\b(src|href)\s*=", html) and "@import" not in html and "url(" not in html
    svgs = [ET.fromstring(m) for m in re.findall(r"<svg\b.*?</svg>", html, flags=re.DOTALL)]
    for svg in svgs:
        assert svg.get("role") == "img" and svg.find(f"{SVG}title") is not None and svg.find(f"{SVG}desc") is not None
    return svgs


def chart(svgs: list[ET.Element], title: str) -> ET.Element:
    """The chart whose accessible title is `title`."""
    found = [s for s in svgs if s.findtext(f"{SVG}title") == title]
    assert len(found) == 1, [s.findtext(f"{SVG}title") for s in svgs]
    return found[0]


async def rehearse(services: Any, evaluator: FixedEvaluator, scenario: str, lines: list[str],
                   labels: list[Ratings], pre: dict[str, int] | None, post: dict[str, int] | None,
                   end: bool = True) -> str:
    """One real session: check-ins, text turns rated with `labels`, end."""
    evaluator.queued.extend(labels)
    session = await start(services, scenario)
    if pre:
        await session.checkin("pre", pre)
    for line in lines:
        await collect(session.user_turn(line))
    if end:
        await session.end("user")
    if post:
        await session.checkin("post", post)
    return session.id


TURN_RATINGS = [
    ratings(describe="strong", confident="no"),
    ratings(describe="weak", express="strong", mindful="no"),
    ratings(describe="none", express="weak", **{"assert": "strong"}),
]
LINES = ["My dishes have sat in the sink for three days this week.", SCRIPT_LINE,
         "I'm asking you to wash up the same evening."]
PRE = {"afraid": 5, "confident": 4, "hopeful": 4, "worried": 6}
POST = {"afraid": 3, "confident": 3, "hopeful": 4, "worried": 2}
PROSODY_1 = {  # a hand-made stored prosody dict, with keys the report must skip
    "rate_wpm": 182.0, "level_dbfs": -21.5, "f0_range_st": 7.25, "filler_rate": 4.0, "final_contour": "rising",
    "pause_ratio": "n/a", "future_feature": {"x": 1},
    "relative": {"rate_ratio": 1.25, "loudness_db": -3.0, "f0_semitones": None},
    "readout": {"pace": "faster than usual", "ending": "rising"},
    "reflection": "Your voice rose at the end <b>here</b>, so the request sounded like a question.",
}


@pytest.fixture
async def stored(tmp_path: Path) -> tuple[SessionRow, Any]:
    services = make_services(tmp_path, evaluator=CoachingEvaluator())
    evaluator = services.evaluator_factory()
    session_id = await rehearse(services, evaluator, "roommate-dishes", LINES, list(TURN_RATINGS), PRE, POST)
    services.store.update_turn(session_id, 0, prosody={"rate_wpm": 140.0, "final_contour": "falling"})
    services.store.update_turn(session_id, 1, prosody=PROSODY_1)
    row = services.store.get_session(session_id)
    assert row is not None and len(row.turns) == len(LINES)
    return row, services


async def test_html_report_shows_skills_tone_checkins_and_escaped_transcript(stored: tuple[SessionRow, Any]) -> None:
    row, services = stored
    html = render_report(row, "html")
    svgs = check_html(html)
    scenario = services.scenarios["roommate-dishes"]
    assert scenario.title in html and scenario.goal.replace("'", "&#39;") in html

    for skill in ALL_SKILLS:
        labels = [r.labels[skill.value] for r in TURN_RATINGS]
        strip = chart(svgs, f"{skill.title} on each turn")
        expected = ", ".join(f"{i}: {label}" for i, label in enumerate(labels, start=1)) + "."
        assert strip.findtext(f"{SVG}desc") == expected
        letters = [t.text for t in strip.iter(f"{SVG}text") if t.get("font-weight") == "bold"]
        assert letters == [charts.letter(label) for label in labels]
        hits = sum(is_positive(skill, label) for label in labels)
        assert f"{hits} of {len(labels)} lines" in html

    # Tone: only the measures that were stored, in numbers that match the stored dicts.
    pace = chart(svgs, "Pace (words a minute) on each turn")
    assert pace.findtext(f"{SVG}desc") == "Pace: 1: 140, 2: 182, 3: no data."
    assert "Pitch range" in html and "Fillers" in html and "Pace compared with your usual" in html
    assert "Pausing" not in html and "Pitch compared with your usual" not in html
    endings = chart(svgs, "How each line ended (pitch at the end)")
    assert endings.findtext(f"{SVG}desc") == "1: falling, 2: rising, 3: not rated."

    # Check-in change, lower is better for afraid/worried.
    rows = dict(re.findall(r'<tr><th scope="row">(\w+).*?</th>\s*(.*?)</tr>', html, flags=re.DOTALL))
    for item, row_html in rows.items():
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row_html)
        delta = POST[item] - PRE[item]
        better = (delta < 0) if item in LOWER_IS_BETTER else (delta > 0)
        verdict = "no change" if delta == 0 else ("better" if better else "worse")
        assert cells == [str(PRE[item]), str(POST[item]), f"{delta:+d}" if delta else "0", verdict]
    assert set(rows) == set(PRE)

    # Transcript: the user's lines, feedback and voice, with stored text escaped.
    assert "<script>" not in html and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert "<b>here</b>" not in html and "&lt;b&gt;here&lt;/b&gt;" in html
    for n, line in enumerate(LINES, start=1):
        if line != SCRIPT_LINE:
            assert line.replace("'", "&#39;") in html
        assert f"Suggestion for line {n}." in html and f"Rewrite of line {n}." in html
    assert "faster than usual" in html and row.turns[0].partner_text.replace("'", "&#39;") in html
    practise = row.summary["practise_next"]
    assert f"One thing to practise next: {practise['title']}." in html
    assert "not therapy" in html
    assert json.loads(json.dumps(build_report(row)))["skills"][0]["labels"] == [r.labels["describe"]
                                                                               for r in TURN_RATINGS]


async def test_markdown_report_has_the_same_content(stored: tuple[SessionRow, Any]) -> None:
    row, _ = stored
    md = render_report(row, "md")
    for skill in ALL_SKILLS:
        labels = [r.labels[skill.value] for r in TURN_RATINGS]
        hits = sum(is_positive(skill, label) for label in labels)
        cells = " | ".join(charts.letter(label) for label in labels)
        assert f"| {skill.title} | {cells} | {charts.percent(hits / 3)} ({hits} of 3) |" in md
    assert "| Pace (words a minute) | 140 | 182 | – |" in md
    assert "| Ending of the line | falling | rising | – |" in md
    assert "| afraid (lower is better) | 5 | 3 | -2 | better |" in md
    assert "| worried (lower is better) | 6 | 2 | -4 | better |" in md
    assert "| confident | 4 | 3 | -1 | worse |" in md and "| hopeful | 4 | 4 | 0 | no change |" in md
    # Inline HTML in stored text cannot reach a Markdown renderer as markup.
    assert "<script>" not in md and "\\<script\\>alert('x')\\</script\\>" in md
    assert f"**You (1):** {LINES[0]}" in md and "> Stronger: “Rewrite of line 2.”" in md
    assert "> Voice: Your voice rose at the end \\<b\\>here\\</b\\>" in md and "not therapy" in md


async def test_unended_and_empty_sessions_still_render(tmp_path: Path) -> None:
    services = make_services(tmp_path, evaluator=CoachingEvaluator())
    evaluator = services.evaluator_factory()
    open_id = await rehearse(services, evaluator, "remote-fridays", ["Fridays, please."], [ratings()], None, None,
                             end=False)
    empty = await start(services, "remote-fridays")
    paused = await start(services, "remote-fridays")
    await collect(paused.user_turn("honestly i don't want to be alive anymore"))
    await paused.resume()
    evaluator.queued.append(ratings(describe="strong"))
    await collect(paused.user_turn("I'm asking for Fridays at home."))
    row = services.store.get_session(open_id)
    assert row is not None and row.summary is None
    html, md = render_report(row, "html"), render_report(row, "md")
    check_html(html)
    paused_row = services.store.get_session(paused.id)
    paused_html = render_report(paused_row, "html")
    describe = chart(check_html(paused_html), "Describe on each turn")
    assert describe.findtext(f"{SVG}desc") == "1: not rated, 2: strong."
    assert "crisis resources were shown" in paused_html and "1 of 1 lines" in paused_html
    # With no stored summary it is computed from the turns: every level skill was 'none'.
    assert "The rehearsal has not ended." in html and "One thing to practise next:" in html
    assert "## One thing to practise next" in md and "Check-in" not in md
    empty_row = services.store.get_session(empty.id)
    check_html(render_report(empty_row, "html"))
    assert "No lines were spoken" in render_report(empty_row, "html")
    assert "No lines yet." in render_report(empty_row, "md")
    with pytest.raises(ValueError):
        render_report(row, "pdf")  # type: ignore[arg-type]


HISTORY = [  # scenario, per-turn ratings, pre, post
    ("remote-fridays", [ratings(), ratings(describe="weak")], {"afraid": 6, "hopeful": 3}, {"afraid": 5, "hopeful": 4}),
    ("roommate-dishes", [ratings(describe="strong"), ratings(confident="no")], {"afraid": 5}, {"afraid": 3}),
    ("ask-for-raise", [ratings(describe="strong", express="strong"), ratings(describe="strong")],
     {"afraid": 4, "hopeful": 5}, {"afraid": 4, "hopeful": 6}),
]


async def test_progress_numbers_for_a_constructed_history(tmp_path: Path) -> None:
    services = make_services(tmp_path, evaluator=CoachingEvaluator())
    evaluator = services.evaluator_factory()
    for n, (scenario, labels, pre, post) in enumerate(HISTORY):
        lines = [f"Line {i + 1} of session {n + 1} about what happened." for i in range(len(labels))]
        await rehearse(services, evaluator, scenario, lines, labels, pre, post)
    await start(services, "remote-fridays")  # opened and abandoned: no lines, no check-ins
    rows = services.store.list_sessions()  # newest first
    data = progress(rows)

    assert data["sessions"] == len(HISTORY) and data["skipped_empty"] == 1
    assert [h["scenario_id"] for h in data["history"]] == [h[0] for h in HISTORY]
    assert data["difficulty"] == [services.scenarios[h[0]].difficulty for h in HISTORY]
    assert [s["id"] for s in data["scenarios"]] == [h[0] for h in HISTORY]
    for skill in ALL_SKILLS:
        expected = [sum(is_positive(skill, r.labels[skill.value]) for r in labels) / len(labels)
                    for _, labels, _, _ in HISTORY]
        entry = data["skills"][skill.value]
        assert entry["shares"] == pytest.approx(expected)
        assert entry["trend"]["first"] == pytest.approx(expected[0])
        assert entry["trend"]["last"] == pytest.approx(expected[-1])
    assert data["skills"]["describe"]["trend"]["direction"] == "improving"
    assert data["skills"]["mindful"]["trend"]["direction"] == "steady"
    assert data["checkins"]["afraid"]["pre"] == [h[2].get("afraid") for h in HISTORY]
    assert data["checkins"]["hopeful"]["post"] == [h[3].get("hopeful") for h in HISTORY]
    assert data["checkins"]["hopeful"]["delta"] == [1, None, 1]
    assert "angry" not in data["checkins"]

    html = render_progress(rows, "html")
    svgs = check_html(html)
    describe = chart(svgs, "Describe: share of strong/yes lines per session")
    shares = data["skills"]["describe"]["shares"]
    assert describe.findtext(f"{SVG}desc") == "strong/yes share: " + ", ".join(
        f"{i}: {charts.percent(v)}" for i, v in enumerate(shares, start=1)) + "."
    afraid = chart(svgs, "afraid: check-in before and after each session")
    assert "before: 1: 6, 2: 5, 3: 4." in afraid.findtext(f"{SVG}desc")
    chart(svgs, "Difficulty of each session")
    md = render_progress(rows, "md")
    assert f"# Progress over {len(HISTORY)} rehearsals" in md
    assert "| afraid (lower is better) | 6 → 5 | 5 → 3 | 4 → 4 |" in md
    assert "| hopeful | 3 → 4 | – | 5 → 6 |" in md
    assert "Ask for a raise" in md and "not therapy" in md
    assert "No rehearsals yet." in render_progress([], "md")
    check_html(render_progress([], "html"))


def test_trend_compares_first_and_last_thirds() -> None:
    values = [0.0, 0.2, None, 0.4, 0.5, 0.9, 1.0]
    t = trend(values)
    assert t is not None and t["sessions_per_third"] == 2
    assert t["first"] == pytest.approx(0.1) and t["last"] == pytest.approx(0.95)
    assert t["direction"] == "improving"
    assert trend([0.5, 0.52])["direction"] == "steady"  # type: ignore[index]
    assert trend([0.9, 0.1])["direction"] == "declining"  # type: ignore[index]
    assert trend([0.5, None]) is None


def test_charts_escape_text_and_draw_gaps() -> None:
    line = charts.line_chart([charts.Series("a<b>", [1.0, None, 3.0]), charts.Series("c&d", [2.0, 2.0, None])],
                             x_labels=["1", "2", "3"], title="T <x> & y", reference=2.0)
    svg = ET.fromstring(str(line))
    assert svg.findtext(f"{SVG}title") == "T <x> & y"
    assert svg.findtext(f"{SVG}desc") == "a<b>: 1: 1, 2: no data, 3: 3. c&d: 1: 2, 2: 2, 3: no data."
    # The gap splits each series into single points: no polyline is drawn for them except c&d's pair.
    assert len(svg.findall(f"{SVG}polyline")) == 1
    bars = ET.fromstring(str(charts.bar_chart([2, None], labels=["1", "2"], title="D")))
    assert [t.text for t in bars.iter(f"{SVG}text")].count("n/a") == 1
    with pytest.raises(ValueError):
        charts.bar_chart([1.0], labels=[], title="bad")


def _axis(svg_text: str) -> tuple[list[str], list[float]]:
    """Tick labels (text right-aligned at the y axis) and the y of each data marker of a one-series chart."""
    svg = ET.fromstring(svg_text)
    ticks = [t.text or "" for t in svg.iter(f"{SVG}text") if t.get("text-anchor") == "end"]
    ys = [float(c.get("cy")) for c in svg.iter(f"{SVG}circle")]
    return ticks, ys


def test_tone_chart_keeps_a_small_pace_change_small_and_labels_each_value() -> None:
    """289 -> 293 words a minute is drawn on an axis of at least 60 wpm: a small step, not a steep rise."""
    from voice_coach.reports.report import _FEATURES_BY_TITLE

    pace = _FEATURES_BY_TITLE["Pace"]
    chart = str(charts.line_chart([charts.Series("Pace", [289.0, 293.0])], x_labels=["1", "2"], title="Pace",
                                  min_span=pace.min_span, floor=pace.floor, height=170))
    ticks, ys = _axis(chart)
    lo, hi = charts.nice_range([289.0, 293.0], min_span=pace.min_span, floor=pace.floor)
    assert hi - lo >= 60
    plot_h = 170 - 20 - 44  # top and bottom margins of a one-series chart with an x title slot
    assert abs(ys[0] - ys[1]) <= 0.1 * plot_h, ys  # 4 of 60 wpm: under a tenth of the height
    assert len(ticks) == len(set(ticks)) >= 2
    texts = [t.text for t in ET.fromstring(chart).iter(f"{SVG}text")]
    assert "289" in texts and "293" in texts  # each value is written at its point


@pytest.mark.parametrize("values, fmt", [
    ([0.085, 0.09, 0.087], charts.percent),
    ([0.081, 0.082], charts.percent),
    ([1.02, 1.03, 1.01], lambda v: f"{v:.2f}×"),
    ([-21.52, -21.49], charts.plain),
    ([140.0, 140.4, 139.8], charts.plain),
])
def test_tick_labels_never_repeat(values: list[float], fmt: Any) -> None:
    """Without a minimum span, close values used to give ticks such as 9%, 9%, 8%; labels are now unique."""
    chart = str(charts.line_chart([charts.Series("x", values)], x_labels=[str(i) for i in range(len(values))],
                                  title="x", fmt=fmt))
    ticks, _ = _axis(chart)
    assert ticks and len(ticks) == len(set(ticks)), ticks


def test_minimum_span_respects_the_floor_and_leaves_wide_data_alone() -> None:
    """A share near zero is not drawn below 0%; data wider than the span keeps its own (padded) range."""
    assert charts.nice_range([0.01, 0.02], min_span=0.2, floor=0.0) == (0.0, 0.2)
    lo, hi = charts.nice_range([100.0, 200.0], min_span=60.0, floor=0.0)
    assert lo <= 100 and hi >= 200 and hi - lo <= 130


async def test_time_to_start_is_reported_apart_from_the_ratings(stored: tuple[SessionRow, Any]) -> None:
    """A stored time to start appears as its own line in both formats, not as a rating."""
    row, services = stored
    services.store.update_turn(row.id, 0, prosody={"rate_wpm": 140.0, "time_to_start_s": 7.4,
                                                  "response_latency_s": None})
    row = services.store.get_session(row.id)
    assert build_report(row)["tone"]["time_to_start"] == "7.4 s"
    assert "Time to start:** 7.4 s after the opening line" in render_report(row, "md")
    assert "<strong>Time to start:</strong> 7.4 s after the opening line" in render_report(row, "html")
