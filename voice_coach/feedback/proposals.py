"""What becomes of an ask the person makes that is not the ask the line is for.

Two shapes: a vague compromise ("can we meet in the middle somehow?", "let's work something out"), which names
nothing the other person could say yes to and so is never the one ask when the scenario's own ask is known; and
a concrete idea off the goal ("you could write them down?" when the goal is messages within working hours),
which is an offer to the other person, not the ask: the scenario's ask leads and the idea follows as a proposal
("You could write them down."), never as a bare order ("Please write them down.").
"""

from __future__ import annotations

import re

_VAGUE = re.compile(
    r"\bmeet (?:(?:somewhere )?in the middle|halfway|half way)\b|\b(?:work|figure|sort|find) (?:something|it|this) out\b"
    r"|\b(?:find|reach|come to|make) (?:a |some )?(?:compromise|middle ground|arrangement|deal|solution|way)\b"
    r"|\bcompromise\b|\bmake it work\b|\bsee what happens\b|\btalk about it\b|\bfigure out (?:a|some) way\b",
    re.IGNORECASE,
)
_COUNT = re.compile(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|half|week|weeks|month|monday|tuesday|"
                    r"wednesday|thursday|friday|saturday|sunday|hour|hours)\b", re.IGNORECASE)


def vague_compromise(ask: str) -> bool:
    """Is this ask a wish for some middle ground that names no amount, time or thing to agree to?"""
    return bool(_VAGUE.search(ask)) and not _COUNT.search(_VAGUE.sub(" ", ask))


def as_proposal(ask: str) -> str:
    """A plain ask said as an idea for them to take up: "Please write them down." -> "You could write them down."."""
    text = ask.strip()
    for pattern, lead in ((r"^please let'?s\s+", "We could "), (r"^let'?s\s+", "We could "), (r"^please\s+", "You could ")):
        if re.match(pattern, text, re.IGNORECASE):
            rest = re.sub(pattern, "", text, flags=re.IGNORECASE)
            if re.match(r"^(?:don'?t|do not|stop|never)\b", rest, re.IGNORECASE):
                return text  # a limit is not softened into an idea
            return lead + rest[:1].lower() + rest[1:]
    return text
