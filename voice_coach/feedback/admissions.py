"""Honest admissions: "that's fair, I am sometimes", "I do, at times", "maybe I was, a bit".

Owning part of what the other person said is a strength, and its qualifier ("sometimes", "a bit") is what makes it
true, not a softener: "I am" alone concedes more than was meant, and the clause cut away leaves "That's fair." with
nothing owned. The clause analysis keeps such a clause as said, as an acknowledgement (kind "validation"), and
names none of its words as a hedge. A bare "maybe I am" is not one: said back to a label ("you're so uptight"),
it accepts the label, so it needs its qualifier to count.
"""

from __future__ import annotations

import re

_QUALIFIER = r"(?:sometimes|at times|occasionally|now and then|a bit|a little|too|as well|myself)"
ADMISSION = re.compile(
    rf"^(?:(?:and|yes|yeah|true|ok|okay|well|so)\W+)*(?:(?:maybe|probably|i guess|admittedly) )?"
    rf"i (?:am|do|was|did|have(?: been)?|can be|could be|get|might be|probably am|probably do)"
    rf"(?:,? (?:{_QUALIFIER}))+(?:,? (?:too|as well|i know|i admit))?\W*$"
    rf"|^(?:maybe|probably|i guess|admittedly),? i (?:am|do|was|did|have been)(?:,? (?:{_QUALIFIER}))+\W*$",
    re.IGNORECASE,
)


def admission(text: str) -> bool:
    """Is the clause a short, honest admission of the speaker's own part ("I am sometimes")?"""
    return bool(ADMISSION.match(text.replace("\u2019", "'").strip(" ,.!?")))
