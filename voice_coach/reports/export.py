"""Readable transcripts of stored sessions (Markdown)."""

from __future__ import annotations

from voice_coach.reports.report import safety_note
from voice_coach.store import SessionRow
from voice_coach.skills import ALL_SKILLS, Skill


def session_markdown(row: SessionRow) -> str:
    """The session as Markdown: situation, each exchange with its feedback, check-ins, summary."""
    scenario = row.scenario
    out = [f"# {row.scenario_title}", "",
           f"- Session: `{row.id}`  ",
           f"- Started: {row.started_at:%Y-%m-%d %H:%M} UTC, mode {row.mode}, input {row.input_mode}  ",
           f"- Ended: {row.end_reason or 'not ended'}", "",
           f"**Situation.** {scenario.get('situation', '')}", "", f"**Goal.** {scenario.get('goal', '')}", ""]
    name = scenario.get("counterpart", {}).get("name", "Counterpart")
    opening = scenario.get("playbook", {}).get("opening_line")
    if opening:
        out += [f"**{name}:** {opening}", ""]
    notes = {n.turn_index: n.text for n in getattr(row, "notes", None) or []}
    for turn in row.turns:
        out += [f"**You:** {turn.user_text}", ""]
        if turn.index in notes:
            out += [f"> Therapist note: {' '.join(notes[turn.index].split())}", ""]
        note = safety_note(turn.flags)
        if note:
            out += [f"> **{note}**", ""]
        fb = turn.feedback
        if fb:
            marks = []
            for item in fb["skills"]:
                voice = " (voice)" if item.get("source", "text") != "text" else ""
                marks.append(f"{Skill(item['skill']).title}: {item['label']}{voice}")
            out += ["> " + " · ".join(marks), f"> Try: {fb['suggestion']}", f"> Stronger: “{fb['rewrite']}”", ""]
        if turn.prosody and turn.prosody.get("reflection"):
            out += [f"> Voice: {turn.prosody['reflection']}", ""]
        if turn.partner_text:
            cut = " *(interrupted)*" if (turn.flags or {}).get("interrupted") else ""
            out += [f"**{name}:** {turn.partner_text}{cut}", ""]
    phases = {c.phase: c.answers for c in row.checkins}
    if phases:
        out += ["## Check-in", "", "| item | before | after |", "|---|---|---|"]
        items = list(dict.fromkeys([*phases.get("pre", {}), *phases.get("post", {})]))
        for item in items:
            out.append(f"| {item} | {phases.get('pre', {}).get(item, '')} | {phases.get('post', {}).get(item, '')} |")
        out.append("")
    summary = row.summary or {}
    if summary.get("skill_rates"):
        out += ["## Skills", "", "| skill | strong/yes share |", "|---|---|"]
        for skill in ALL_SKILLS:
            rate = summary["skill_rates"].get(skill.value)
            out.append(f"| {skill.title} | {'' if rate is None else f'{rate:.0%}'} |")
        out.append("")
    if summary.get("practise_next"):
        out += [f"**Practise next:** {summary['practise_next']['title']}: {summary['practise_next']['tip']}", ""]
    return "\n".join(out)
