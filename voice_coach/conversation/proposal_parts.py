"""Two-part proposals: a second part joined by ", and" is said back with the first, never dropped.

"How about weekends are fair game, and on weeknights after eleven it's headphones?" proposes both halves;
answering only the first ("if weekends are fair game, that's fine with me") leaves the half the person cared
about unanswered. The second part is kept when it reads as more of the proposal (it opens with a time or a
place, or with a subject and a promise) and the whole stays short enough to say back.
"""

from __future__ import annotations

import re

# The second half of a proposal: "on weeknights after eleven ...", "every Friday ...", "we'll ...", "I'll ...".
_MORE_OF_IT = re.compile(
    r"^(?:on|at|after|before|during|from|in|for|every|each|weekdays?|weeknights?|weekends?|then|"
    r"(?:i|we|you)(?:'ll| will| can| could)|the rest|the other (?:half|part|\w+ percent))\b", re.IGNORECASE)
_AND_THEN = re.compile(r",\s*and\s+(?P<rest>[^.?!;]+)")
MAX_BOTH = 20  # words of both halves together: longer is not said back whole


def both_parts(offered: str, clause_end: re.Pattern[str]) -> str:
    """The offered clause up to its end, with a second part after ", and" when it goes on proposing."""
    first = clause_end.split(offered, maxsplit=1)[0]
    more = _AND_THEN.match(offered[len(first):])
    if not more or not _MORE_OF_IT.match(more["rest"].strip()):
        return first
    rest = more["rest"].strip(" ,")
    if len(first.split()) + len(rest.split()) > MAX_BOTH:
        return first
    return f"{first.rstrip(' ,')} and {rest}"
