"""What the person was told or promised, from their situation, as a sentence they can say ("I was told at signup
that moving more than 25 miles away waives the $75 early termination fee").

A promise made to them is the fact that carries a dispute (a fee, a refund, a warranty), and it usually sits inside
a sentence about the other side ("The staff ... say there's a $75 fee, though I was told ... waives it"), which is
not sayable as a whole. When the other person's last line or the person's own line is about it, the rewrite keeps it
instead of dropping it with the line's apology or giving in.
"""

from __future__ import annotations

import re
from functools import lru_cache

from voice_coach.feedback import phrases as P

_TOLD = re.compile(r"\b(?:I|we) (?:was|were) (?:told|promised|assured|quoted|guaranteed)\b[^.;]*", re.IGNORECASE)
# The thing a trailing "it"/"them" stands for: the nearest earlier noun phrase with an amount ("a $75 early
# termination fee").
_AMOUNT_PHRASE = re.compile(r"\b(?:a|an|the) ([$£€]\d[\d,.]*(?: [a-z-]+){0,3}?)(?= *[,.;]| (?:though|but|which|that|and|if)\b|$)",
                            re.IGNORECASE)
_WORD = re.compile(r"[a-z]{3,}")  # three letters: "fee" is often the whole point
_STOP = frozenset("told promised assured quoted guaranteed that this with they were away the and was than more "  # noqa: SIM905
                  "you are for not but can can't all any our out has had have its it's from into just".split())


@lru_cache(maxsize=256)
def promised_fact(situation: str) -> str:
    """The first promise made to the person in the situation, said in the first person with its "it" named, or ''."""
    for sentence in re.split(r"(?<=[.!?])\s+", situation.strip()):
        told = _TOLD.search(sentence)
        if not told:
            continue
        said = told.group(0).strip(" ,")
        if re.search(r"\b(?:it|them)$", said):
            before = sentence[:told.start()]
            named = list(_AMOUNT_PHRASE.finditer(before))
            if not named:
                continue  # "... waives it" with nothing to name: alone it would not say what
            said = re.sub(r"\b(?:it|them)$", f"the {named[-1].group(1)}", said)
        if not (P.FACT_TOKEN.search(said) or P.FACT_MARK.search(said.lower())):
            continue
        said = said[0].upper() + said[1:]
        return said if said.endswith((".", "!")) else said + "."
    return ""


def _stems(text: str) -> set[str]:
    return {w[:5] for w in _WORD.findall(text.lower()) if w not in _STOP}


def promise_in_play(situation: str, *spoken: str) -> str:
    """The situation's promise when what was just said (their last line, the person's line) touches it, else ''."""
    fact = promised_fact(situation)
    if not fact:
        return ""
    words = _stems(fact)
    return fact if any(words & _stems(text) for text in spoken if text) else ""
