"""A choice put to the counterpart ("which works for you, my quote or yours?"): answered by picking one, by name."""

from __future__ import annotations

import re

from voice_coach.conversation.acts import clean_phrase, said_back

# "So which works for you, my quote, or yours within a couple of weeks?", "Which would you prefer: Saturday or Sunday?"
_CHOICE = re.compile(
    r"\b(?:which|what) (?:one |option |day |date |way )?(?:works|suits|would work|would suit|is better|is easier|do you "
    r"prefer|would you prefer|would you rather|do you want)(?: you)?(?: (?:better|best))?(?: for you)?\s*[,:]?\s+"
    r"(?P<a>[^,?.!]{2,40}?),? or (?P<b>[^?.!]{2,60}?)\?", re.IGNORECASE)


def offered_choice(user_text: str) -> str | None:
    """The first option of a choice put to the counterpart, as it would say it back ("your quote"), or None."""
    match = _CHOICE.search(user_text)
    if match is None:
        return None
    option = clean_phrase(said_back(match["a"].strip()), min_words=1, max_words=6)
    return option.rstrip(",;: ") if option else None
