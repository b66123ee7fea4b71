"""The shareable report of one rehearsal (self-contained HTML or Markdown) that a client can take home.

`build_report` turns a stored session into plain data; the renderers only lay it out. Prosody dicts
come from the voice modules and may gain or lose keys, so every tone value is read defensively and
only what is present is shown.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import Any, Literal

from jinja2 import Environment, PackageLoader, StrictUndefined

from voice_coach.reports import charts
from voice_coach.conversation.checkin import ITEMS, LOWER_IS_BETTER, change
from voice_coach.skills import ALL_SKILLS, Skill, is_positive
from voice_coach.store import SessionRow
from voice_coach.conversation.summary import summarize

Format = Literal["html", "md"]

OUTCOMES: dict[str, str] = {
    "agreement": "You reached an agreement.",
    "user": "You ended the rehearsal.",
    "turn_limit": "The rehearsal reached its turn limit.",
}
DISCLAIMER = ("voice_coach is a practice tool for rehearsing conversations. It is not therapy, diagnosis "
              "or a substitute for care from a qualified professional.")


@dataclass(frozen=True)
class ToneFeature:
    """One tone measure to chart over the turns, with the prosody keys it may be stored under."""

    keys: tuple[str, ...]
    title: str
    unit: str
    fmt: Callable[[float], str] = charts.plain
    reference: float | None = None
    relative: bool = False
    min_span: float = 0.0  # the smallest axis span: differences below it are noise, not change
    floor: float | None = None  # values the measure cannot go below (counts, shares)


# Absolute measures first, then the same voice relative to the speaker's usual one (more telling,
# because microphones and voices differ more than moods do). The minimum spans are about what a
# listener starts to notice: ±30 words a minute, ±3 dB, a few semitones, ±10 points of pausing.
TONE_FEATURES: tuple[ToneFeature, ...] = (
    ToneFeature(("rate_wpm",), "Pace", "words a minute", min_span=60.0, floor=0.0),
    ToneFeature(("level_dbfs", "loudness_dbfs", "loudness_db"), "Loudness", "dB", min_span=6.0),
    ToneFeature(("f0_range_st",), "Pitch range", "semitones", min_span=6.0, floor=0.0),
    ToneFeature(("filler_rate",), "Fillers", "per 100 words", min_span=10.0, floor=0.0),
    ToneFeature(("pause_ratio",), "Pausing", "share of the line spent in pauses", charts.percent,
                min_span=0.2, floor=0.0),
    ToneFeature(("rate_ratio",), "Pace compared with your usual", "times your usual pace",
                lambda v: f"{v:.2f}×", 1.0, True, min_span=0.4, floor=0.0),
    ToneFeature(("loudness_db",), "Loudness compared with your usual", "dB above (+) or below (−) usual",
                charts.plain, 0.0, True, min_span=6.0),
    ToneFeature(("f0_semitones",), "Pitch compared with your usual", "semitones above (+) or below (−) usual",
                charts.plain, 0.0, True, min_span=6.0),
)
_FEATURES_BY_TITLE: dict[str, ToneFeature] = {f.title: f for f in TONE_FEATURES}
CONTOURS = ("falling", "level", "rising")


def number(value: Any) -> float | None:
    """A finite float from a stored value, or None for anything else (missing, text, NaN, bool)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) else None


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _label(skill: Skill, ratings: Any) -> str | None:
    label = ratings.get(skill.value) if isinstance(ratings, dict) else None
    return label if isinstance(label, str) and label in skill.scale else None


def _when(moment: datetime | None) -> str:
    if moment is None:
        return ""
    if moment.tzinfo is None:  # SQLite hands back naive datetimes that were stored as UTC
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def checkin_phases(row: SessionRow) -> dict[str, dict[str, int]]:
    """The latest check-in answers per phase ('pre', 'post')."""
    phases: dict[str, dict[str, int]] = {}
    for checkin in row.checkins:
        if isinstance(checkin.answers, dict):
            phases[checkin.phase] = {k: v for k, v in checkin.answers.items() if isinstance(v, int)}
    return phases


def skill_rows(row: SessionRow) -> list[dict[str, Any]]:
    """Per skill: its label on every turn (None when not rated) and the share of strong/yes."""
    out = []
    for skill in ALL_SKILLS:
        labels = [_label(skill, turn.ratings) for turn in row.turns]
        rated = [label for label in labels if label is not None]
        positive = sum(is_positive(skill, label) for label in rated)
        out.append({"skill": skill.value, "title": skill.title, "scale": "/".join(skill.scale),
                    "labels": labels, "rated": len(rated), "positive": positive,
                    "share": positive / len(rated) if rated else None})
    return out


def _source(prosody: dict[str, Any], feature: ToneFeature) -> dict[str, Any]:
    return _dict(prosody.get("relative")) if feature.relative else prosody


def _stored_key(prosodies: list[dict[str, Any]], feature: ToneFeature) -> str | None:
    for key in feature.keys:
        if any(number(_source(p, feature).get(key)) is not None for p in prosodies):
            return key
    return None


def tone_rows(row: SessionRow) -> dict[str, Any]:
    """Tone measures over the turns (only those present in at least one turn) and the sentence endings."""
    prosodies = [_dict(turn.prosody) for turn in row.turns]
    features = []
    for feature in TONE_FEATURES:
        key = _stored_key(prosodies, feature)
        if key is None:
            continue
        values = [number(_source(p, feature).get(key)) for p in prosodies]
        features.append({"title": feature.title, "unit": feature.unit, "values": values,
                         "text": [feature.fmt(v) if v is not None else "" for v in values],
                         "reference": feature.reference})
    endings = [p.get("final_contour") if p.get("final_contour") in CONTOURS else None for p in prosodies]
    # The wait before the first line includes reading the situation: shown on its own, never rated.
    start = next((number(p.get("time_to_start_s")) for p in prosodies if number(p.get("time_to_start_s")) is not None),
                 None)
    return {"features": features, "endings": endings if any(endings) else None,
            "time_to_start": f"{start:.1f} s" if start is not None else None}


def _checkin_rows(row: SessionRow) -> list[dict[str, Any]]:
    phases = checkin_phases(row)
    out = []
    for item, values in change(phases.get("pre", {}), phases.get("post", {})).items():
        improved = values["improved"]
        verdict = "no change" if improved is None else ("better" if improved else "worse")
        out.append({"item": item, "question": ITEMS[item], "pre": values["pre"], "post": values["post"],
                    "delta": values["delta"], "improved": improved, "verdict": verdict,
                    "lower_is_better": item in LOWER_IS_BETTER})
    return out


def session_summary(row: SessionRow) -> dict[str, Any]:
    """The stored summary, or one computed now from the stored turns for a session that never ended."""
    if isinstance(row.summary, dict) and "went_well" in row.summary:
        return row.summary
    turns = [{"ratings": t.ratings, "prosody": t.prosody, "flags": t.flags} for t in row.turns]
    return summarize(turns, checkin_phases(row), row.end_reason)


def _feedback(feedback: Any) -> dict[str, Any] | None:
    if not isinstance(feedback, dict):
        return None
    marks = []
    focus_reason = None
    for item in feedback.get("skills") or []:
        try:
            skill = Skill(item.get("skill"))
        except ValueError:
            continue
        marks.append({"title": skill.title, "label": str(item.get("label", "")),
                      "voice": item.get("source", "text") != "text"})
        if item.get("skill") == feedback.get("focus") and item.get("reason"):
            focus_reason = {"title": skill.title, "reason": str(item["reason"])}
    return {"marks": marks, "focus": focus_reason, "suggestion": str(feedback.get("suggestion") or ""),
            "rewrite": str(feedback.get("rewrite") or "")}


def _voice(prosody: Any) -> dict[str, Any] | None:
    if not isinstance(prosody, dict):
        return None
    readout = prosody.get("readout")
    pairs = [(str(k), str(v)) for k, v in readout.items()] if isinstance(readout, dict) else []
    reflection = prosody.get("reflection")
    reflection = reflection if isinstance(reflection, str) and reflection.strip() else None
    return {"reflection": reflection, "readout": pairs} if (pairs or reflection) else None


def notes_by_turn(row: SessionRow) -> dict[int, str]:
    """The therapist's notes of a session, by turn index."""
    return {n.turn_index: " ".join(n.text.split()) for n in getattr(row, "notes", None) or []}
_CHECK_IN_ANSWERS = {
    "continue": "they chose to continue",
    "stop": "they chose to stop the practice",
    "escalated": "their next line paused the rehearsal",
}


def safety_note(flags: dict[str, Any] | None) -> str | None:
    """How a report marks a turn the crisis check flagged (pause or check-in), else None."""
    flags = flags or {}
    safety = _dict(flags.get("safety"))
    category = str(safety.get("category") or flags.get("crisis") or "").replace("_", " ")
    about = f" ({category})" if category and category != "True" else ""
    if flags.get("crisis"):
        how = ", after a check-in" if safety.get("escalated") else ""
        return f"Safety pause{about}{how}: the rehearsal paused here and crisis resources were shown."
    if safety.get("tier") == "check_in":
        answer = _CHECK_IN_ANSWERS.get(str(safety.get("answer")), "no answer was given")
        return (f"Safety check-in{about}: the counterpart did not answer this line; the person was asked "
                f"whether they were safe and shown crisis resources; {answer}.")
    return None


def _transcript(row: SessionRow) -> dict[str, Any]:
    playbook = _dict(_dict(row.scenario).get("playbook"))
    notes = notes_by_turn(row)
    turns = []
    for number_, turn in enumerate(row.turns, start=1):
        flags = _dict(turn.flags)
        feedback = _feedback(turn.feedback)
        if feedback and feedback["rewrite"].strip() == turn.user_text.strip():
            feedback["rewrite"] = ""  # a rewrite identical to the line says nothing new
        turns.append({"n": number_, "user": turn.user_text, "partner": turn.partner_text or "",
                      "interrupted": bool(flags.get("interrupted")), "crisis": bool(flags.get("crisis")),
                      "safety_note": safety_note(flags),
                      "source": turn.source, "feedback": feedback, "voice": _voice(turn.prosody),
                      "note": notes.get(turn.index)})
    return {"opening": playbook.get("opening_line"), "turns": turns}


def build_report(row: SessionRow) -> dict[str, Any]:
    """Everything the report shows, as plain data (also handy as JSON for other front ends)."""
    scenario = _dict(row.scenario)
    counterpart = _dict(scenario.get("counterpart"))
    summary = session_summary(row)
    practise = _dict(summary.get("practise_next")) or None
    return {
        "id": row.id,
        "title": row.scenario_title,
        "started": _when(row.started_at),
        "mode": row.mode,
        "input_mode": row.input_mode,
        "outcome": OUTCOMES.get(row.end_reason or "", f"Ended: {row.end_reason}." if row.end_reason
                                else "The rehearsal has not ended."),
        "situation": str(scenario.get("situation") or ""),
        "goal": str(scenario.get("goal") or ""),
        "difficulty": scenario.get("difficulty"),
        "counterpart": str(counterpart.get("name") or "Counterpart"),
        "relationship": str(counterpart.get("relationship") or ""),
        "turn_labels": [str(i + 1) for i in range(len(row.turns))],
        "skills": skill_rows(row),
        "tone": tone_rows(row),
        "checkin": _checkin_rows(row),
        "went_well": [str(line) for line in summary.get("went_well") or []],
        "practise_next": practise,
        "transcript": _transcript(row),
    }


@cache
def environment() -> Environment:
    """The Jinja environment of the report templates; autoescape is on so stored text cannot inject HTML."""
    return Environment(loader=PackageLoader("voice_coach.reports", "templates"), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def crisis_lines() -> list[str]:
    """One line per crisis resource, for the footer."""
    from voice_coach.safety.resources import crisis_resources

    return [f"{r.name}: {r.contact}" for r in crisis_resources()]


def _share(value: float | None) -> str:
    return "–" if value is None else charts.percent(value)


def _html(data: dict[str, Any]) -> str:
    labels = data["turn_labels"]
    strips = {s["skill"]: charts.heat_strip(s["labels"], title=f"{s['title']} on each turn", x_labels=labels)
              for s in data["skills"]} if labels else {}
    tone_charts = [
        {"title": f["title"], "unit": f["unit"],
         "chart": charts.line_chart([charts.Series(f["title"], f["values"])], x_labels=labels,
                                    title=f"{f['title']} ({f['unit']}) on each turn",
                                    fmt=_FEATURES_BY_TITLE[f["title"]].fmt,
                                    x_title="turn", reference=f["reference"], width=420, height=170,
                                    min_span=_FEATURES_BY_TITLE[f["title"]].min_span,
                                    floor=_FEATURES_BY_TITLE[f["title"]].floor)}
        for f in data["tone"]["features"]
    ]
    endings = (charts.heat_strip(data["tone"]["endings"], title="How each line ended (pitch at the end)",
                                 x_labels=labels) if data["tone"]["endings"] else None)
    return environment().get_template("report.html.j2").render(
        r=data, strips=strips, tone_charts=tone_charts, endings=endings, share=_share,
        generated=_when(datetime.now(UTC)), disclaimer=DISCLAIMER, crisis=crisis_lines())


def md_escape(text: str) -> str:
    """Escape Markdown and inline-HTML syntax in stored text so it shows literally and cannot inject."""
    text = " ".join(str(text).split())
    return "".join("\\" + ch if ch in "\\`*_[]<>|#" else ch for ch in text)


def _md(data: dict[str, Any]) -> str:
    e = md_escape
    difficulty = data["difficulty"] if data["difficulty"] is not None else "–"
    out = [f"# Rehearsal report: {e(data['title'])}", "",
           f"{e(data['started'])} · {data['mode']} mode, {data['input_mode']} input · difficulty {difficulty} of 9  ",
           e(data["outcome"]),
           "", f"**Situation.** {e(data['situation'])}", "", f"**Goal.** {e(data['goal'])}", "",
           f"**Counterpart.** {e(data['counterpart'])}"
           + (f", {e(data['relationship'])}" if data["relationship"] else ""), ""]
    labels = data["turn_labels"]
    out += ["## Skills on each line", ""]
    if labels:
        out += ["S strong · W weak · – none · Y yes · N no · · not rated", "",
                "| Skill | " + " | ".join(labels) + " | strong/yes |",
                "|---|" + "---|" * len(labels) + "---|"]
        for s in data["skills"]:
            cells = " | ".join(charts.letter(label) for label in s["labels"])
            out.append(f"| {s['title']} | {cells} | {_share(s['share'])} ({s['positive']} of {s['rated']}) |")
    else:
        out.append("No lines yet.")
    out.append("")
    tone = data["tone"]
    if tone["time_to_start"]:
        out += [f"**Time to start:** {tone['time_to_start']} after the opening line (includes reading the "
                "situation; not rated).", ""]
    if tone["features"] or tone["endings"]:
        out += ["## Tone of voice over the turns", "", "| Measure | " + " | ".join(labels) + " |",
                "|---|" + "---|" * len(labels)]
        for f in tone["features"]:
            out.append(f"| {f['title']} ({f['unit']}) | " + " | ".join(t or "–" for t in f["text"]) + " |")
        if tone["endings"]:
            out.append("| Ending of the line | " + " | ".join(x or "–" for x in tone["endings"]) + " |")
        out.append("")
    if data["checkin"]:
        out += ["## Check-in before and after", "", "| Item | Before | After | Change | |", "|---|---|---|---|---|"]
        for c in data["checkin"]:
            note = " (lower is better)" if c["lower_is_better"] else ""
            delta = f"{c['delta']:+d}" if c["delta"] else "0"
            out.append(f"| {c['item']}{note} | {c['pre']} | {c['post']} | {delta} | {c['verdict']} |")
        out.append("")
    out += ["## What went well", ""]
    out += [f"- {e(line)}" for line in data["went_well"]] or [
        "- No skill was strong in at least half of the rated lines yet."]
    out.append("")
    if data["practise_next"]:
        p = data["practise_next"]
        out += ["## One thing to practise next", "", f"**{e(p.get('title', ''))}.** {e(p.get('tip', ''))}", ""]
    out += ["## Transcript", ""]
    name = e(data["counterpart"])
    if data["transcript"]["opening"]:
        out += [f"**{name}:** {e(data['transcript']['opening'])}", ""]
    for t in data["transcript"]["turns"]:
        out += [f"**You ({t['n']}):** {e(t['user'])}", ""]
        if t["safety_note"]:
            out += [f"> **{e(t['safety_note'])}**", ""]
        fb = t["feedback"]
        if fb:
            marks = " · ".join(f"{m['title']}: {m['label']}{' (voice)' if m['voice'] else ''}" for m in fb["marks"])
            out += [f"> {marks}  "]
            if fb["focus"]:
                out.append(f"> Focus ({e(fb['focus']['title'])}): {e(fb['focus']['reason'])}  ")
            if fb["suggestion"]:
                out.append(f"> Try: {e(fb['suggestion'])}  ")
            if fb["rewrite"]:
                out.append(f"> Stronger: “{e(fb['rewrite'])}”  ")
            out.append("")
        if t["voice"]:
            if t["voice"]["reflection"]:
                out.append(f"> Voice: {e(t['voice']['reflection'])}  ")
            if t["voice"]["readout"]:
                out.append("> " + " · ".join(f"{e(k)}: {e(v)}" for k, v in t["voice"]["readout"]) + "  ")
            out.append("")
        if t["note"]:
            out += [f"> **Therapist note:** {e(t['note'])}", ""]
        if t["partner"]:
            cut = " *(interrupted)*" if t["interrupted"] else ""
            out += [f"**{name}:** {e(t['partner'])}{cut}", ""]
    out += ["---", "", f"*{DISCLAIMER}* If you are in crisis: " + "; ".join(e(x) for x in crisis_lines()) + ".",
            "", f"Session `{data['id']}`.", ""]
    return "\n".join(out)


def render_report(row: SessionRow, fmt: Format) -> str:
    """The session report as self-contained HTML (inline CSS and SVG, no script) or as Markdown."""
    if fmt not in ("html", "md"):
        raise ValueError(f"unknown report format {fmt!r}; use 'html' or 'md'")
    data = build_report(row)
    return _html(data) if fmt == "html" else _md(data)
