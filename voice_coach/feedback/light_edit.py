"""A strong line with one small hedge: the hedge goes, in place, and nothing else changes.

"I feel scared and kind of in the dark. Could someone call me once a day?" already introduces the speaker, states
the facts, says the feeling, asks and offers something back. Rebuilding it around the one "kind of" would drop the
very parts that make it work; the edit that helps is the same line without the hedge.
"""

from __future__ import annotations

import re

from voice_coach.feedback.clauses import HARMFUL, Analysis

_LIGHT = frozenset({"honestly", "actually", "just", "really", "totally", "literally"})


def lone_hedge(analysis: Analysis) -> str:
    """The one hedge a line holds beyond light emphasis, when it has no other problem ('' otherwise)."""
    if analysis.of(*HARMFUL, "weak_request", "guess"):
        return ""
    problems = [(k, p) for c in analysis.clauses for k, p in c.problems]
    hedges = [p for k, p in problems if k == "hedge" and p.lower() not in _LIGHT]
    if len(hedges) != 1 or any(k not in ("hedge", "filler") for k, _ in problems):
        return ""
    # The hedge must sit inside a statement, a fact or a feeling: one on the ask itself is the edit's own work.
    inside = [c for c in analysis.clauses if any(k == "hedge" and p == hedges[0] for k, p in c.problems)]
    if not inside or inside[0].kind not in ("statement", "fact", "feeling", "benefit", "offer", "validation"):
        return ""
    if re.match(rf"^\W*(?:(?:and|but|so|or)\W+)?{re.escape(hedges[0])}\b", inside[0].text, re.IGNORECASE):
        return ""  # "maybe I am sensitive", "maybe we could ...": a leading hedge carries the whole clause, not a word
    return hedges[0]


def without_hedge(utterance: str, hedge: str) -> str:
    """The line as said with the one hedge taken out where it stands ('' when it cannot be found once)."""
    pattern = re.compile(rf"(?<![\w'])(?:,\s*)?{re.escape(hedge)}(?![\w'])(?:\s*,)?", re.IGNORECASE)
    if len(pattern.findall(utterance)) != 1:
        return ""
    text = pattern.sub(" ", utterance, count=1)
    text = re.sub(r"\s+([,.?!])", r"\1", re.sub(r"\s{2,}", " ", text)).strip()
    text = re.sub(r"(^|[.?!]\s+)([a-z])", lambda m: m.group(1) + m.group(2).upper(), text)
    return text
