"""One suggestion per line: the single change that would most improve it, with a concrete sentence to say instead.

The user's words are quoted only when they are the problem (an insult, caving, sarcasm, an apology, a hedge,
an absolute). The alternative sentence comes from the rewrite (their own facts) or their ask. Texts live in
prompts/evaluator/suggestions.yaml.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import yaml

from voice_coach.feedback.clauses import Analysis, sentences
from voice_coach.prompts import read
from voice_coach.skills import Skill

# Which problem each skill fixes first: the suggestion names the problem closest to the focus skill.
_PROBLEMS_FOR: dict[Skill, tuple[str, ...]] = {
    Skill.MINDFUL: ("threat", "caving", "attack", "sarcasm", "off_topic"),
    Skill.CONFIDENT: ("apology", "self_minimising", "hedge", "attack", "threat"),
    Skill.ASSERT: ("caving", "weak_request", "hedge", "apology", "self_minimising"),
    Skill.DESCRIBE: ("absolute", "attack", "sarcasm"),
    Skill.EXPRESS: ("attack", "sarcasm"),
    Skill.REINFORCE: ("threat",),
    Skill.NEGOTIATE: ("caving",),
}
_PRIORITY = ("threat", "attack", "caving", "sarcasm", "apology", "self_minimising", "absolute", "weak_request", "hedge")


@cache
def texts() -> dict[str, Any]:
    """The suggestion wordings (prompts/evaluator/suggestions.yaml)."""
    return yaml.safe_load(read("evaluator/suggestions.yaml"))


def _phrases(analysis: Analysis, kind: str) -> list[str]:
    if kind == "weak_request":
        return [c.text.strip(" ,.?!") for c in analysis.of("weak_request") if len(c.text.split()) <= 10]
    if kind == "hedge":
        return [p for c in analysis.clauses for k, p in c.problems if k == "hedge" and len(p) > 2]
    if kind == "off_topic":
        return []
    return [p for p in analysis.problems(kind) if 2 <= len(p) and len(p.split()) <= 10]


def problem_for(focus: Skill, analysis: Analysis) -> tuple[str, list[str]] | None:
    """The problem kind to name and the user's phrases that show it: the focus skill's own first, else the worst."""
    for kind in _PROBLEMS_FOR.get(focus, ()) + _PRIORITY:
        found = _phrases(analysis, kind)
        if found:
            return kind, found
    return None


def _quote(phrases: list[str], utterance: str = "", limit: int = 2) -> str:
    unique: list[str] = []
    for phrase in sorted(phrases, key=len, reverse=True):
        if not any(phrase.lower() in u.lower() for u in unique):
            unique.append(_as_said(phrase, utterance))
    unique.sort(key=lambda p: utterance.lower().find(p.lower()))
    return " and ".join(f'"{p}"' for p in unique[:limit])


def _as_said(phrase: str, utterance: str) -> str:
    """The phrase with the user's own capitals ("i think" -> "I think")."""
    start = utterance.replace("\u2019", "'").lower().find(phrase.lower())
    return utterance[start:start + len(phrase)] if start >= 0 else phrase


def _first_fact(rewrite: str, ask: str) -> str:
    """A sentence of the rewrite that is not the ask (the user's own facts), else ''."""
    for sentence in sentences(rewrite):
        core = re.sub(r"^[A-Z][\w.]*(?: [A-Z][\w.]*)?, ", "", sentence).strip()
        if core and core.lower() != ask.lower() and not core.lower().startswith(("that way", "what would", "i feel")):
            return core[:1].upper() + core[1:]
    return ""


def suggest(focus: Skill, label_positive: bool, analysis: Analysis, *, rewrite: str, ask: str, feeling: str,
            benefit: str, offer: str, fact: str, name: str, utterance: str = "") -> str:
    """The one suggestion for this line."""
    words = texts()
    ask = ask or _first_fact(rewrite, "") or rewrite
    found = problem_for(focus, analysis)
    if found is not None:
        kind, phrases = found
        alternative = ask if kind in ("threat", "caving", "weak_request", "hedge", "apology", "self_minimising") else (
            _first_fact(rewrite, ask) or ask)
        return str(words["problems"][kind]).format(quote=_quote(phrases, utterance), alternative=alternative)
    if label_positive:
        return str(words["keep"]).format(name=name or "them")
    add = words["add"]
    if focus is Skill.DESCRIBE and fact:
        return str(add["describe"]).format(alternative=fact)
    if focus is Skill.EXPRESS and feeling:
        return str(add["express"]).format(alternative=f"I feel {feeling} about this.")
    if focus is Skill.REINFORCE and benefit:
        return str(add["reinforce"]).format(alternative=benefit)
    if focus is Skill.NEGOTIATE and offer:
        return str(add["negotiate"]).format(alternative=offer)
    if ask:
        return str(add["assert"]).format(alternative=ask)
    return str(words["keep"]).format(name=name or "them")
