"""A yes on a condition: "Fine, but then you have to stop leaving your shoes everywhere", "OK, if you take the bins
out". The other person has offered a deal; going back to the complaint ignores it and restarts the fight. The line
that moves things on takes the deal: it accepts their condition, said as the speaker's own promise ("Deal. I'll
stop leaving my shoes everywhere"), and confirms the ask.
"""

from __future__ import annotations

import re

_YES = r"(?:fine|okay|ok|alright|all right|sure|yes|yeah|deal|agreed)"
_CONDITION = re.compile(
    rf"^\W*{_YES}\b[,.!]?\s*(?:(?:but|and)\s+(?:then\s+|only if\s+|in return\s+)?|then\s+|as long as\s+|if\s+|on condition that\s+)"
    r"(?:you (?:have to|need to|'ve got to|must|gotta|should)|you'?ll have to|you)\s+(?P<what>[^.?!]{4,80})",
    re.IGNORECASE,
)
_SWAP = {"your": "my", "yours": "mine", "yourself": "myself", "you": "me", "my": "your", "mine": "yours", "me": "you",
         "myself": "yourself", "i": "you", "you're": "I'm"}


def condition_of(partner_last: str) -> str:
    """What the other person asks in return for their yes, said as the speaker's promise ('' when no such deal)."""
    match = _CONDITION.match(partner_last.replace("\u2019", "'").strip())
    if not match:
        return ""
    what = match.group("what").strip(" ,")
    if re.match(r"^(?:do|are|can|will|would)\b", what, re.IGNORECASE) or re.search(r"\b(?:not|never|no way)\b", what):
        return ""  # "fine, you do it then" is no deal to take
    words = [_SWAP.get(w.lower(), w) for w in what.split()]
    return " ".join(words)


def take_the_deal(partner_last: str, ask: str) -> str:
    """'Deal. I'll <their condition>, and <the ask>' ('' when there is no condition or no ask)."""
    promise = condition_of(partner_last)
    if not promise or not ask.strip():
        return ""
    ask = ask.strip()
    ask = ask if ask[:2] in ("I ", "I'") else ask[:1].lower() + ask[1:]
    return f"Deal. I'll {promise}, and {ask.rstrip('.')}."
