"""Holding back: a line that says nothing is wrong while showing that something is ("Nothing. Doesn't matter.",
"It's fine, whatever."), or that answers in flat fragments ("Oh. Right. Thursday. Okay.").

A counterpart that hears it notices and asks, gently, what is wrong; once the matter has been told it says it can
tell the person is still upset. A stock "Okay... and?" or an objection would answer words that were not said.
Regular expressions only.
"""

from __future__ import annotations

import re

# A sentence that denies anything is wrong ("Nothing.", "No reason.", "It doesn't matter.") or waves the matter off
# without taking it back ("Whatever.", "Don't worry about it.").
_LEAD = r"^(?:(?:oh|um|uh|no|nah|nope|well|yeah|honestly|really|just|it's|it is),?\s+)*"
_TAIL = r"(?:,?\s+(?:honestly|really|seriously|then|i guess|i suppose|whatever|it's fine|all good))*\W*$"
_DENIAL = re.compile(
    _LEAD + r"(?:nothing(?:'s wrong| at all| really)?|no reason|doesn'?t matter|it doesn'?t matter|never ?mind|whatever|"
    r"don'?t worry about it|same as (?:always|ever|usual)|as usual|forget i said anything|it'?ll keep)" + _TAIL, re.IGNORECASE)
# "It's fine.", "I'm okay.": often meant, so a sulk only beside another denial or fragments ("It's fine. Honestly.").
_WEAK_DENIAL = re.compile(
    _LEAD + r"(?:(?:i'?m|i am|it'?s|it is|that'?s|that is|we'?re) (?:fine|okay|ok|all right|alright)|no big deal)" + _TAIL,
    re.IGNORECASE)
# Flat fragments: three or more sentences of one or two words (one of three at most) ("Oh. Right. Thursday. Okay.").
_FRAGMENT_MAX_WORDS = 2
_FRAGMENTS_MIN = 3
# A short line with a denial in it is a sulk whatever else it says (asks, refusals, facts and feelings are ruled out
# by the caller): "Oh, I was just saying something about my day. Doesn't matter."
_DENIAL_LINE_MAX_WORDS = 16
# Words that make a short line a hint at a problem rather than a statement of it ("It's just... a lot.").
_VAGUE = re.compile(r"\bit'?s (?:just )?(?:(?:a bit|all) )?(?:a lot|too much|complicated|hard to explain)\W*$|"
                    r"\bwith everything\W*$", re.IGNORECASE)
# Fragments that take something up ("Yes. Thursday works. Thanks.", "Great. Deal. Bye.") hold nothing back.
_TAKES_UP = re.compile(r"\b(?:yes|thanks?|thank you|cheers|bye|deal|agreed|please|works|perfect|sounds good|see you)\b",
                       re.IGNORECASE)
_WORD = re.compile(r"[a-z']+", re.IGNORECASE)


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+|\s+[-–—]+\s+|\.\.\.\s*", " ".join(text.replace("’", "'").split())) if s]


def holds_back(text: str) -> bool:
    """Whether the line says nothing is wrong, or answers in flat fragments, and says nothing else.

    A line with a reason or a point beside the denial ("It's fine, but I start at seven") is no sulk: call this only
    for lines that ask, propose, refuse, describe and feel nothing.
    """
    sentences = [s.strip() for s in _sentences(text)]
    if not sentences:
        return False
    words = [len(_WORD.findall(s)) for s in sentences]
    if sum(words) > 24:
        return False
    denials = [bool(_DENIAL.match(s)) for s in sentences]
    weak = [bool(_WEAK_DENIAL.match(s)) for s in sentences]
    plain = all(d or w or n <= _FRAGMENT_MAX_WORDS for d, w, n in zip(denials, weak, words))
    if plain and (any(denials) or (any(weak) and len(sentences) >= 2)) and sum(words) >= 2:
        return True  # "Nothing. Doesn't matter.", "Oh, nothing. Fine.", "It's fine. Honestly."
    if any(denials) and sum(words) <= _DENIAL_LINE_MAX_WORDS:
        return True  # "Oh, I was just saying something about my day. Doesn't matter. It'll keep."
    if len(sentences) >= _FRAGMENTS_MIN and not _TAKES_UP.search(text) and max(words) <= _FRAGMENT_MAX_WORDS + 1 and sum(words) <= 2 * len(words):
        return True  # "Oh. Right. Thursday. Okay.", "Um, yeah. Well, no. Not really. Sort of."
    return any(_VAGUE.search(s) for s in sentences) and sum(words) <= 12  # "It's just, you know. It's a lot. With everything."
