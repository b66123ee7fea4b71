"""Saying back what was agreed: "Can you tell me back what we're agreeing, so there's no confusion later?"

A person who checks the agreement (a DEAR MAN skill: make the outcome clear) wants the counterpart to restate it.
A stock yes ("Yes, fine. Let's call that agreed.") or a fresh condition ignores the ask; the counterpart says its
own last yes back instead, without the "Fine," that opened it, or, with nothing agreed, says that nothing is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from voice_coach.conversation.acts import content_words


_ADV = r"(?:\s+(?:actually|exactly|just|now|finally|both))?"
_RECAP = re.compile(
    r"\b(?:say(?:ing)?|tell(?:ing)?|read(?:ing)?|run(?:ning)?|repeat(?:ing)?|play(?:ing)?|giv(?:e|ing))\s+"
    r"(?:(?:that|it|this|them|me)\s+)?back(?:\s+to\s+me)?"
    r"|\bin\s+your\s+own\s+words"
    r"|\bconfirm\s+(?:back|what\s+(?:you|we)(?:'re|\s+are|'ll|\s+will|'ve|\s+have)|(?:for|to)\s+me\s+what)"
    r"|\b(?:can|could|would|will)\s+you\s+(?:just\s+|quickly\s+)?(?:sum\s+(?:it|that|this)\s+up|sum\s+up|summ?ari[sz]e)"
    r"|\bwhat" + _ADV + r"\s+(?:are\s+we|we're)" + _ADV + r"\s+(?:agreeing|agreed|signing\s+up)"
    r"|\bwhat" + _ADV + r"\s+(?:have|did)\s+we" + _ADV + r"\s+(?:agree|agreed|decide|decided|land|landed|settle|settled)"
    r"|\bwhat\s+you(?:'ve|\s+have)" + _ADV + r"\s+(?:said\s+yes\s+to|agreed\s+to)"
    r"|\bwhere\s+(?:we've|we\s+have|we)" + _ADV + r"\s+(?:landed|ended\s+up|got\s+to)",
    re.IGNORECASE)
# A recap is asked of the counterpart, not offered by the person ("I'll sum it up in an email").
_OFFERED = re.compile(r"\b(?:I'll|I\s+will|let\s+me|I\s+can|I'm\s+going\s+to)\s+(?:just\s+)?(?:sum|summ?ari[sz]e|"
                      r"say|read|run|repeat|put)\b", re.IGNORECASE)
# The opening word of a yes ("Fine, ...", "Alright, if ...") is how it was said then, not part of the terms.
_LEAD = re.compile(r"^(?:(?:fine|okay|ok|alright|all right|right|yes|yeah|sure|well|look|honestly|deal)[,.!]?\s+)+",
                   re.IGNORECASE)
# A yes with no terms of its own ("Let's call that agreed.") restates nothing.
_BARE = re.compile(r"^(?:let's call (?:that|it) agreed|that's agreed|deal|agreed|we have a deal)\W*$", re.IGNORECASE)


# Asked of the counterpart: a question, or "can you / please" before the ask ("Just to repeat back what I'm after:
# ..." is the person's own summary).
_ASKED = re.compile(r"\b(?:can|could|would|will)\s+you\b|\bplease\b|\byou\s+(?:tell|say|run|read)\b", re.IGNORECASE)


def asks_recap(text: str) -> bool:
    """Whether the line asks the counterpart to say back what was agreed."""
    for sentence in re.split(r"(?<=[.?!])\s+", text):
        found = _RECAP.search(sentence)
        if not found or _OFFERED.search(sentence[max(0, found.start() - 30):found.end()]):
            continue
        if sentence.rstrip().endswith("?") or _ASKED.search(sentence[:found.end()]):
            return True
    return False


def terms(deal: str) -> str | None:
    """A yes as its terms, to say back ("Fine, I'll take the overrun off." -> "I'll take the overrun off."), or
    None when it names no terms."""
    text = _LEAD.sub("", deal.strip()).strip()
    if not text or _BARE.match(text) or len(content_words(text)) < 3:
        return None
    return text[:1].upper() + text[1:]


def agreed_terms(deals: Sequence[str]) -> str | None:
    """The terms of the latest yes that names any, or None (an earlier yes may have been bargained past)."""
    return next((found for deal in reversed(deals) if (found := terms(deal))), None)
