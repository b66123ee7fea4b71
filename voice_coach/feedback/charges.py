"""Facts of the situation that, said to the other person, read as a charge against them.

"You are 27 and have lived at home rent-free for three years" is true background to the person rehearsing, but
said to the son it opens with his age and what he has had for nothing: a jab dressed as a fact. Such a sentence
is not pasted into a rewrite as the fact to describe; the person's own words and ask carry the line instead.
"""

from __future__ import annotations

import re

_CHARGE = re.compile(
    r"\byou(?:'re| are) (?:only |already |now |still )?\d{1,2}\b(?!\s*(?:minutes?|mins?|hours?|days?|weeks?|months?|%|percent"
    r"|times|nights?|[ap]\.?m\b|:))"  # their age
    r"|\b(?:rent-free|rent free|for free|free of charge|for nothing|without paying (?:a|any)\b|never (?:paid|chipped in))",
    re.IGNORECASE,
)


def charges_listener(sentence: str) -> bool:
    """Would this sentence, said to them, hold their age or what they get for nothing against them?"""
    return bool(re.search(r"\byou(?:r)?\b", sentence, re.IGNORECASE)) and bool(_CHARGE.search(sentence))
