"""A line that offers something and then asks for something else.

"Thursday works, I'll be home from two. Could you also think about covering the extra electricity?" makes
an offer (availability) and a request; the request is what the person wants answered, so the line is read
as a request, not as an offer to take up.
"""

from __future__ import annotations

import re
from collections.abc import Callable


def ask_after_offer(text: str, *, offers: Callable[[str], str | None], asks: Callable[[str], bool],
                    words: Callable[[str], frozenset[str]]) -> bool:
    """Whether a sentence after the one holding the offer asks for something of its own.

    `offers` reads the offer of a sentence, `asks` whether a sentence requests, `words` its content words."""
    sentences = [s for s in re.split(r"(?<=[.?!])\s+", " ".join(text.split())) if s]
    offered_at = next((i for i, s in enumerate(sentences) if offers(s)), None)
    if offered_at is None:
        return False
    offer_words = words(sentences[offered_at])
    return any(asks(s.lower()) and not offers(s) and len(words(s) - offer_words) >= 2
               for s in sentences[offered_at + 1:])
