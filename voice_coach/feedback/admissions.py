"""Honest admissions: "that's fair, I am sometimes", "I do, at times", "maybe I was, a bit".

Owning part of what the other person said is a strength, and its qualifier ("sometimes", "a bit") is what makes it
true, not a softener: "I am" alone concedes more than was meant, and the clause cut away leaves "That's fair." with
nothing owned. The clause analysis keeps such a clause as said, as an acknowledgement (kind "validation"), and
names none of its words as a hedge. A bare "maybe I am" is not one: said back to a label ("you're so uptight"),
it accepts the label, so it needs its qualifier to count. Granting part of their point ("maybe stress plays a part",
"you might have a point") is the same strength: its "maybe" grants, it does not soften an ask.
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


CONCESSION = re.compile(
    r"^(?:(?:and|but|ok|okay|sure|yes|yeah)\W+)*(?:maybe|perhaps|i guess|it'?s possible)\W+(?:[\w'-]+\s+){1,4}"
    r"(?:plays? a (?:part|role)|(?:is|are|could be|might be) (?:part of it|a factor)|(?:has|have) something to do with it)\W*$"
    r"|^(?:(?:and|but|ok|okay|sure)\W+)*(?:maybe|perhaps) you(?:'re| are) (?:partly )?right\b[^.?!]*$"
    r"|^(?:(?:and|but|ok|okay|sure)\W+)*you (?:may|might|could) (?:well )?have a point\W*$",
    re.IGNORECASE,
)


def admission(text: str) -> bool:
    """Is the clause a short, honest admission of the speaker's own part ("I am sometimes") or a grant of part of
    their point ("maybe stress plays a part")?"""
    said = text.replace("\u2019", "'").strip(" ,.!?")
    return bool(ADMISSION.match(said) or CONCESSION.match(said))
