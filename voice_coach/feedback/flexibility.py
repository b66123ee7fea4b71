"""Flexibility about a detail of the ask ("whatever time works, I'm flexible") told apart from giving the ask away.

"Whatever time works" after "if someone could call me once a day" leaves the hour to them and keeps the call: it is
reasonable give on a detail, not taking the ask back. The same words are giving in when the line asks nothing
concrete, or when the time itself is what is asked ("move out by September 1st").
"""

from __future__ import annotations

import re
from typing import Protocol

# "whatever time works", "any day suits me", "I'm flexible on the timing".
DETAIL = re.compile(r"^(?:(?:and|but|so|okay|ok)\W+)*(?:whatever|any|whichever) (?:time|day|hour|slot|morning|afternoon|"
                    r"evening)s? (?:works|suits|is (?:fine|good|best))\b|^(?:i'?m|i am) flexible (?:on|about|with) (?:the )?"
                    r"(?:time|timing|day|hour|slot)\b", re.IGNORECASE)
_BARE_FLEXIBLE = re.compile(r"^(?:(?:and|but|so)\W+)*(?:i'?m|i am) (?:totally |really |very )?flexible\W*$", re.IGNORECASE)
# A concrete ask said as a condition ("if someone could call me once a day, ..."); the rewrite keeps it with its gain.
CONDITIONAL_ASK = re.compile(r"^(?:(?:okay|ok|so|and|but)\W+)*if (?:you|someone|somebody|anyone|one of you|the \w+) "
                              r"(?:could|can|would)\b", re.IGNORECASE)
# Words that make the time itself the ask ("by Friday", "at 6"): a flexible "whatever time" then gives it away.
_TIME_WORD = re.compile(r"^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|june|"
                        r"july|august|september|october|november|december|weekend|tonight|tomorrow|deadline|date|"
                        r"morning|evening|night|hour|minut|o'clo)", re.IGNORECASE)


class _Clause(Protocol):
    text: str
    kind: str
    sentence: int
    problems: list[tuple[str, str]]


def concrete_asks(clauses: list[_Clause]) -> list[str]:
    """The line's own concrete asks (a request, or a condition that is the ask), as said."""
    return [c.text for c in clauses
            if c.kind == "request" or CONDITIONAL_ASK.match(c.text.replace("\u2019", "'").strip())]


def time_is_the_ask(asks: list[str]) -> bool:
    """Does the ask name a day, date or hour (so "whatever time works" gives the ask itself away)?"""
    return any(_TIME_WORD.match(word) or re.match(r"^\d{1,2}(?::\d\d)?(?:am|pm)?$", word)
               for ask in asks for word in re.findall(r"[\w':]+", ask.lower()))


def mark_detail_flexibility(clauses: list[_Clause]) -> None:
    """Re-read "whatever time works, I'm flexible" after a concrete ask as give on a detail (dropped quietly by the
    rewrite, never quoted as taking the ask back)."""
    asks = concrete_asks(clauses)
    if not asks or time_is_the_ask(asks):
        return
    flexible_sentence: set[int] = set()
    for clause in clauses:
        said = clause.text.replace("\u2019", "'").strip(" ,.")
        if DETAIL.match(said):
            flexible_sentence.add(clause.sentence)
            if clause.kind == "caving":
                clause.kind, clause.problems = "filler", [p for p in clause.problems if p[0] != "caving"]
        elif clause.kind == "caving" and clause.sentence in flexible_sentence and _BARE_FLEXIBLE.match(said):
            clause.kind, clause.problems = "filler", [p for p in clause.problems if p[0] != "caving"]
