"""Progress across rehearsals: skill shares, check-ins, scenarios and difficulty over time, with charts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, Literal

from voice_coach.reports import charts
from voice_coach.conversation.checkin import ITEMS, LOWER_IS_BETTER
from voice_coach.reports.report import DISCLAIMER, checkin_phases, crisis_lines, environment, md_escape, skill_rows
from voice_coach.skills import ALL_SKILLS
from voice_coach.store import SessionRow

Format = Literal["html", "md"]

# A change in the share of strong/yes lines smaller than this is read as noise, not as a trend.
TREND_MIN_CHANGE = 0.05
_EPOCH = datetime.min.replace(tzinfo=UTC)


def _utc(moment: datetime | None) -> datetime:
    if moment is None:
        return _EPOCH
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def trend(values: Sequence[float | None]) -> dict[str, Any] | None:
    """Mean of the first third of the sessions against the last third (None with fewer than two values).

    Sessions without a value are skipped; with two to five values each "third" is a single session.
    """
    present = [float(v) for v in values if v is not None]
    if len(present) < 2:
        return None
    k = max(1, len(present) // 3)
    first, last = sum(present[:k]) / k, sum(present[-k:]) / k
    delta = last - first
    direction = ("improving" if delta >= TREND_MIN_CHANGE else
                 "declining" if delta <= -TREND_MIN_CHANGE else "steady")
    return {"first": first, "last": last, "change": delta, "direction": direction, "sessions_per_third": k}


def progress(rows: list[SessionRow]) -> dict[str, Any]:
    """Numbers across sessions, oldest first; sessions with neither lines nor check-ins are left out."""
    kept = sorted((r for r in rows if r.turns or r.checkins), key=lambda r: (_utc(r.started_at), r.id))
    history = []
    skills: dict[str, dict[str, Any]] = {s.value: {"title": s.title, "shares": []} for s in ALL_SKILLS}
    items: dict[str, dict[str, Any]] = {
        item: {"question": ITEMS[item], "lower_is_better": item in LOWER_IS_BETTER, "pre": [], "post": [],
               "delta": []} for item in ITEMS}
    scenarios: dict[str, dict[str, Any]] = {}
    for number, row in enumerate(kept, start=1):
        scenario = row.scenario if isinstance(row.scenario, dict) else {}
        difficulty = scenario.get("difficulty")
        per_skill = skill_rows(row)
        history.append({"n": number, "id": row.id, "started": _utc(row.started_at).strftime("%Y-%m-%d"),
                        "scenario_id": row.scenario_id, "title": row.scenario_title,
                        "difficulty": difficulty if isinstance(difficulty, int) else None,
                        "turns": len(row.turns), "rated_turns": max(s["rated"] for s in per_skill),
                        "end_reason": row.end_reason})
        for s in per_skill:
            skills[s["skill"]]["shares"].append(s["share"])
        phases = checkin_phases(row)
        for item, entry in items.items():
            pre, post = phases.get("pre", {}).get(item), phases.get("post", {}).get(item)
            entry["pre"].append(pre)
            entry["post"].append(post)
            entry["delta"].append(post - pre if pre is not None and post is not None else None)
        seen = scenarios.setdefault(row.scenario_id, {"id": row.scenario_id, "title": row.scenario_title,
                                                      "difficulty": history[-1]["difficulty"], "sessions": 0,
                                                      "first": history[-1]["started"]})
        seen["sessions"] += 1
    for entry in skills.values():
        entry["trend"] = trend(entry["shares"])
    return {
        "sessions": len(kept),
        "skipped_empty": len(rows) - len(kept),
        "history": history,
        "skills": skills,
        "checkins": {item: entry for item, entry in items.items()
                     if any(v is not None for v in entry["pre"] + entry["post"])},
        "scenarios": list(scenarios.values()),
        "difficulty": [h["difficulty"] for h in history],
    }


def _trend_text(t: dict[str, Any] | None) -> str:
    if t is None:
        return "not enough sessions for a trend"
    k = t["sessions_per_third"]
    span = "first vs last session" if k == 1 else f"first {k} vs last {k} sessions"
    return f"{t['direction']}: {charts.percent(t['first'])} → {charts.percent(t['last'])} ({span})"


def _cell(value: float | None, pct: bool = False) -> str:
    if value is None:
        return "–"
    return charts.percent(float(value)) if pct else str(value)


def _html(data: dict[str, Any]) -> str:
    labels = [str(h["n"]) for h in data["history"]]
    skill_charts = []
    checkin_charts = []
    difficulty_chart = None
    if labels:
        for entry in data["skills"].values():
            skill_charts.append({
                "title": entry["title"], "trend": _trend_text(entry["trend"]),
                "chart": charts.line_chart([charts.Series("strong/yes share", entry["shares"])], x_labels=labels,
                                           title=f"{entry['title']}: share of strong/yes lines per session",
                                           y_range=(0.0, 1.0), y_ticks=[0, 0.5, 1.0], fmt=charts.percent,
                                           x_title="session", width=420, height=160)})
        for item, entry in data["checkins"].items():
            checkin_charts.append({
                "title": item, "lower_is_better": entry["lower_is_better"],
                "chart": charts.line_chart([charts.Series("before", entry["pre"]), charts.Series("after", entry["post"])],
                                           x_labels=labels, title=f"{item}: check-in before and after each session",
                                           y_range=(1.0, 7.0), y_ticks=[1, 4, 7], x_title="session",
                                           width=420, height=180)})
        if any(d is not None for d in data["difficulty"]):
            difficulty_chart = charts.bar_chart(data["difficulty"], labels=labels, title="Difficulty of each session",
                                                y_range=(0.0, 9.0), y_ticks=[0, 3, 6, 9], x_title="session",
                                                height=150)
    return environment().get_template("progress.html.j2").render(
        p=data, skill_charts=skill_charts, checkin_charts=checkin_charts, difficulty_chart=difficulty_chart,
        disclaimer=DISCLAIMER, crisis=crisis_lines(),
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"))


def _md(data: dict[str, Any]) -> str:
    e = md_escape
    history = data["history"]
    out = [f"# Progress over {data['sessions']} rehearsal{'s' if data['sessions'] != 1 else ''}", ""]
    if not history:
        return "\n".join(out + ["No rehearsals yet.", "", f"*{DISCLAIMER}*", ""])
    labels = [str(h["n"]) for h in history]
    out += ["## Sessions", "", "| # | Date | Scenario | Difficulty | Lines | Ended |", "|---|---|---|---|---|---|"]
    for h in history:
        out.append(f"| {h['n']} | {h['started']} | {e(h['title'])} | {_cell(h['difficulty'])} | {h['turns']} "
                   f"| {e(h['end_reason'] or 'not ended')} |")
    out += ["", "## Skills: share of strong/yes lines per session", "",
            "| Skill | " + " | ".join(labels) + " | Trend |", "|---|" + "---|" * len(labels) + "---|"]
    for entry in data["skills"].values():
        cells = " | ".join(_cell(v, pct=True) for v in entry["shares"])
        out.append(f"| {entry['title']} | {cells} | {_trend_text(entry['trend'])} |")
    if data["checkins"]:
        out += ["", "## Check-ins (before → after, 1-7)", "", "| Item | " + " | ".join(labels) + " |",
                "|---|" + "---|" * len(labels)]
        for item, entry in data["checkins"].items():
            cells = " | ".join("–" if a is None and b is None else f"{_cell(a)} → {_cell(b)}"
                               for a, b in zip(entry["pre"], entry["post"]))
            note = " (lower is better)" if entry["lower_is_better"] else ""
            out.append(f"| {item}{note} | {cells} |")
    out += ["", "## Scenarios practised", ""]
    out += [f"- {e(s['title'])} (difficulty {_cell(s['difficulty'])}): {s['sessions']} "
            f"session{'s' if s['sessions'] != 1 else ''}, first on {s['first']}" for s in data["scenarios"]]
    out += ["", "## Difficulty over time", "", " → ".join(_cell(d) for d in data["difficulty"]), "",
            "---", "", f"*{DISCLAIMER}* If you are in crisis: " + "; ".join(e(x) for x in crisis_lines()) + ".",
            ""]
    return "\n".join(out)


def render_progress(rows: list[SessionRow], fmt: Format) -> str:
    """Progress across the given sessions as self-contained HTML (inline SVG charts) or Markdown."""
    if fmt not in ("html", "md"):
        raise ValueError(f"unknown progress format {fmt!r}; use 'html' or 'md'")
    data = progress(rows)
    return _html(data) if fmt == "html" else _md(data)
