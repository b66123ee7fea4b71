"""What a clause is tied to: the ask it depends on, the question it belongs to, or the person it answers.

The phrase rules read each clause alone; these passes read it beside its neighbours (`clauses.py` calls them).

- "Just a text when you're running behind, that's it." asks in the person's own words, with no verb: it is their
  request (its "just" says how small the ask is, not that they doubt it), kept lightly tidied.
- "Then I can order us starters so they're ready when you arrive" is a gain that depends on the ask: a benefit,
  said after the ask with its "then", or it reads as an odd offer on its own.
- "What would make that easier for you, maybe moving your desk to the spare room?": a "maybe" that puts an option
  inside an open question offers to negotiate; it is no hedge on the person's ask.
- "Maybe not," first in a reply grants the other person's point: an acknowledgement, not a hedge.
- "No no, please don't be like that" pleads; it is not sarcasm (the "no, no" sarcasm rule is for "no, no, take your
  time"). "I guess you can come whenever" hands them the terms: it is giving in.
- "Or we could keep Fridays flexible, I check with you by Thursday each week": the clause after a "we could ..."
  proposal in the same sentence spells out how it would work; it is part of the offer, not a weak request.
- "If we can settle it today, I'll keep shopping here": the promise holds only with its condition; when the
  condition is cut the promise goes too, with what the same sentence says about it (`orphaned_by_condition`).
"""

from __future__ import annotations

import re
from typing import Protocol

from voice_coach.feedback.own_terms import invitation

_SMALL_ASK = re.compile(
    r"^(?:(?:just|only|all i'?m asking (?:for )?is|all i want is|all i need is)\s+)?(?:a|one) (?:quick |short |little |"
    r"simple )?(?:text|call|phone call|message|heads[- ]up|email|note|warning|knock)(?: first| beforehand| ahead)?"
    r"(?: (?:when|if|before|whenever|once)\b.{3,80})?$", re.IGNORECASE)
_DEPENDENT_GAIN = re.compile(r"^(?P<lead>then|that way)\W+(?:i|we|you)(?:'ll| will| can| could|'d| would)\s+(?!not\b|never\b)\w+",
                             re.IGNORECASE)
_OPTION = re.compile(r"^(?P<lead>maybe|perhaps)\s+(?:\w+ing\b|we\b|you\b|i\b|a\b|an\b|the\b|some\b|with\b|by\b|at\b|in\b|on\b)",
                     re.IGNORECASE)
_GRANTED = re.compile(r"^(?:maybe|perhaps) not$", re.IGNORECASE)
# Said back to a label of the speaker ("you're being uptight"), even "maybe not" half accepts it: that stays a hedge.
_LABEL = re.compile(r"\byou(?:'re| are)\b", re.IGNORECASE)
# The speaker's own promise, which a condition ("if we settle it today") can hang on.
_PROMISE = re.compile(r"^(?:and |but |then )?(?:i|we)(?:'ll| will|'d| would| can| could)\b", re.IGNORECASE)
_PLEA = re.compile(r"\b(?:please,? )?don'?t be like that\b|\bplease don'?t (?:go|leave|be (?:mad|upset|angry|cross|hurt)|"
                   r"say that|do that|get upset|take it (?:like that|that way|the wrong way)|think that)\b", re.IGNORECASE)
_NO_NO = re.compile(r"^no,? no\b", re.IGNORECASE)
_PROPOSED = re.compile(r"^(?:or |and |so )?(?:we|you and i|i) could\b|^(?:or )?how about\b", re.IGNORECASE)
# A plain present-tense action of one of the two ("I check with you", "you take Thursdays"), not a wish or a doubt.
_DETAIL = re.compile(r"^(?:and |then )?(?:i|we|you)\s+(?!was\b|were\b|wonder|think\b|guess\b|feel\b|hope\b|mean\b|"
                     r"know\b|just\b|really\b|kind\b|sort\b)[a-z]+\b", re.IGNORECASE)
# "How could we make that work for you?" opens the terms to them: an offer to negotiate, not a second ask.
_OPEN_TERMS = re.compile(r"^(?:so |and )?(?:what|how) (?:could|can|would|might) (?:we|i) (?:make (?:that|this|it) (?:work|easier)|"
                         r"help)\b", re.IGNORECASE)
_HANDOVER = re.compile(r"^(?:(?:i guess|i suppose|fine|ok(?:ay)?|well|whatever)\W+)+you can (?:\w+ ){1,4}?"
                       r"(?:whenever|any ?time|as often as|whatever)\b", re.IGNORECASE)
_CONDITION = re.compile(r"^(?:(?:okay|ok|so|and|but)\W+)*(?:if|once|as long as|provided)\b", re.IGNORECASE)


class _Clause(Protocol):
    text: str
    tidy: str
    kind: str
    sentence: int
    end: str
    fragment: bool
    lead: str
    problems: list[tuple[str, str]]


def _said(clause: _Clause) -> str:
    return clause.text.replace("\u2019", "'").strip(" ,.!?")


def small_ask(text: str) -> bool:
    """Is the sentence an ask said without a verb ("Just a text when you're running behind, that's it.")?"""
    said = re.sub(r",? (?:that'?s (?:it|all)|is all)\W*$", "", text.replace("\u2019", "'").strip(" ,.!?"), flags=re.IGNORECASE)
    return bool(_SMALL_ASK.match(said.strip(" ,.!?")))


def mark_pleas(clauses: list[_Clause]) -> None:
    """Pleading read as sarcasm ("no no, please don't be like that") is re-read as a plea; in place."""
    for index, clause in enumerate(clauses):
        after = clauses[index + 1] if index + 1 < len(clauses) else None
        # "no no mom, please don't be like that": the "no no" before a plea is part of it.
        lead_in = (clause.kind == "sarcasm" and _NO_NO.match(_said(clause)) and after is not None
                   and after.sentence == clause.sentence and bool(_PLEA.search(_said(after))))
        if lead_in or (clause.kind in ("sarcasm", "request", "weak_request", "statement", "off_topic", "filler")
                       and _PLEA.search(_said(clause))):
            # Not kept (it begs, it asks nothing), but not named as sarcasm: the line's real problems are named instead.
            clause.kind, clause.tidy, clause.fragment = "filler", "", False
            clause.problems = [p for p in clause.problems if p[0] != "sarcasm"]


def mark_links(clauses: list[_Clause], partner: str, hostile_kinds: frozenset[str]) -> None:
    """Re-class clauses by what they are tied to (see the module docstring); in place."""
    asked = False
    for index, clause in enumerate(clauses):
        said = _said(clause)
        before = clauses[index - 1] if index else None
        if clause.kind in hostile_kinds:
            continue
        if clause.kind in ("statement", "fact", "off_topic", "filler") and _HANDOVER.match(said):
            clause.kind, clause.tidy = "caving", ""
            clause.problems = [p for p in clause.problems if p[0] != "hedge"] + [("caving", said)]
        elif index == 0 and partner.strip() and _GRANTED.match(said) and not _LABEL.search(partner):
            clause.kind, clause.tidy, clause.fragment = "validation", said[:1].upper() + said[1:], False
            clause.problems = []
        elif clause.kind in ("statement", "fact", "off_topic", "filler") and small_ask(said):
            clause.kind, clause.fragment = "request", False
            clause.tidy = said[:1].upper() + said[1:]
            clause.problems = [p for p in clause.problems if not (p[0] == "hedge" and p[1].lower() == "just")]
        elif (clause.kind in ("statement", "off_topic", "fact", "offer") and (asked or index)
              and (match := _DEPENDENT_GAIN.match(said))):
            lead = match.group("lead").lower()
            body = clause.tidy or said
            body = re.sub(rf"^{lead}\W+", "", body, flags=re.IGNORECASE)
            clause.kind, clause.fragment = "benefit", False
            clause.tidy = f"{lead} {body}"
        elif (before is not None and clause.kind in ("weak_request", "statement") and before.sentence == clause.sentence
              and before.kind in ("statement", "offer") and _PROPOSED.match(_said(before)) and _DETAIL.match(said)):
            # How the proposal would work, said right after it: both are the offer.
            for part in (before, clause):
                part.kind, part.fragment = "offer", False
                part.tidy = part.tidy or _said(part)
        elif clause.kind == "request" and clause.end == "?" and _OPEN_TERMS.match(said):
            clause.kind, clause.fragment = "offer", False
        elif (before is not None and clause.end == "?" and before.sentence == clause.sentence
              and (before.kind in ("offer", "question") or invitation(before.tidy or before.text))
              and (option := _OPTION.match(said))):
            # The option offered inside their open question: its "maybe" invites, it does not hedge.
            word = option.group("lead")
            clause.problems = [p for p in clause.problems if not (p[0] == "hedge" and p[1].lower() == word.lower())]
            body = clause.tidy or said
            clause.tidy = body if body.lower().startswith(word.lower()) else f"{word.lower()} {body[:1].lower()}{body[1:]}"
            clause.kind, clause.fragment = "offer", False
        asked = asked or clause.kind in ("request", "refusal")


def _promise(clause: _Clause) -> bool:
    return clause.end != "?" and (clause.kind == "benefit" or (
        clause.kind == "offer" and bool(_PROMISE.match(clause.text.replace("\u2019", "'").strip()))))


def orphaned_by_condition(clauses: list[_Clause], index: int, kept: list[bool]) -> bool:
    """Is this clause a promise or gain whose "if ..." condition was cut, or said of such a promise in its sentence?

    `kept`: whether each earlier clause was kept. "If we can settle it today, I'll keep shopping here, I've got a
    sofa on my list" without its condition is an unconditional promise the person never made."""
    clause = clauses[index]
    if clause.kind in ("request", "refusal", "validation", "answer"):
        return False
    promised = _promise(clause)
    for back in range(index - 1, -1, -1):
        earlier = clauses[back]
        if earlier.sentence != clause.sentence:
            return False
        condition = bool(_CONDITION.match(earlier.text.replace("\u2019", "'").strip()))
        # A condition kept only as a fragment is carried by a gain, not by a promise: before a promise it is cut too.
        if kept[back] and not (condition and earlier.fragment and clause.kind != "benefit"):
            return False
        if condition:
            return promised
        if not _promise(earlier):
            return False  # only what is said of the promise itself hangs on its condition
        promised = True
    return False
