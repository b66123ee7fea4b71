"""Guilt trips: "you'd want the same if it was your mum, wouldn't you?", "how would you feel if it were your kid?",
"if you really cared, you'd ...".

They put the listener in the speaker's shoes to shame them into agreeing. They are not a reason the listener can
weigh, and a stressed listener hears them as a charge that they do not care. The clause analysis treats them as an
attack (dropped from every rewrite, with a tag such as "wouldn't you?" that closes them), and the quality gate
refuses them in a rewrite or in any sentence a suggestion recommends.
"""

from __future__ import annotations

import re
from typing import Any

_YOURS = (r"(?:your (?:own )?(?:mum|mom|mother|dad|father|parents?|kids?|child|children|son|daughter|wife|husband|"
          r"partner|sister|brother|family|grandma|grandmother|grandpa|grandfather|gran|nan|baby|friend)|you)\b")
GUILT_TRIP = re.compile(
    # "if it was your dad", "if it were your own kid", "if that were you"
    rf"(?:\bif (?:it|that|this|they|he|she)(?:'s| is| was| were) {_YOURS}"
    rf"|\bif you were (?:in )?(?:my|our|his|her|their) (?:shoes|position|place)\b"
    r"|\bhow would you (?:feel|like it) if\b"
    r"|\bif you (?:really |actually |even )?(?:cared|loved (?:me|us|him|her|them)|respected (?:me|us))\b"
    r"|\byou(?:'d| would) (?:want|expect|demand|ask for) (?:the (?:exact )?same|exactly the same|it too|that too)\b)[^,.;!?]*",
    re.IGNORECASE,
)
# The tag that presses for agreement after a you-claim: "wouldn't you?", "don't you?", "right?".
_TAG = re.compile(r"^\W*(?:wouldn'?t|don'?t|won'?t|aren'?t|isn'?t|doesn'?t) (?:you|it|they|she|he)\W*$|^\W*right\W*$",
                  re.IGNORECASE)


def guilt_trip(text: str) -> str:
    """The guilt trip in `text` ('' when there is none)."""
    match = GUILT_TRIP.search(text.replace("\u2019", "'"))
    return match.group(0).strip() if match else ""


# A claim about what they would do or feel in the speaker's place, pressed with a tag: "you'd be furious, wouldn't you?".
_YOU_WOULD = re.compile(r"^\W*(?:and |but )?you(?:'d| would) (?:\w+ )?(?:want|expect|demand|hate|feel|do|be (?:\w+ )?"
                        r"(?:upset|angry|furious|livid|worried|frantic|on the phone|calling|asking|the same))\b", re.IGNORECASE)


def mark_guilt_tags(clauses: list[Any]) -> None:
    """A tag question closing a guilt trip ("..., wouldn't you?") goes with it, and so does a "you'd ..." claim
    about them that the tag presses ("you'd be on the phone every hour, wouldn't you?")."""
    for index, (before, clause) in enumerate(zip(clauses, clauses[1:])):
        if clause.sentence != before.sentence or not _TAG.match(clause.text.replace("\u2019", "'")):
            continue
        pressed = before.kind == "attack" and guilt_trip(before.text) or _YOU_WOULD.match(before.text.replace("\u2019", "'"))
        if not pressed:
            continue
        for target in (before, clause):
            if target.kind != "attack":
                target.kind = "attack"
                target.problems = [("attack", target.text.strip(" ,.?!"))]
