"""Who can do what is asked: when the listener says only someone else can ("I can't change the coding, only the
provider can"), the ask becomes passing it on to that person, not asking the listener again for what they just said
they cannot do.
"""

from __future__ import annotations

import re

# "only the provider can", "only my manager can do that", "that's up to the landlord", "you'd have to ask Dr. Lee".
_ONLY = re.compile(
    r"\b[Oo]nly (?P<a>(?:the|my|your|our) [a-z-]+(?: [a-z-]+)?|(?:dr\.? )?[A-Z][a-z]+) (?:can|could|is allowed to|has the power)\b"
    r"|\b(?:[Tt]hat'?s|[Ii]t'?s) up to (?P<b>(?:the|my|your|our) [a-z-]+(?: [a-z-]+)?)\b"
    r"|\b[Yy]ou(?:'d| would| will|'ll) (?:have|need) to (?:ask|talk to|speak to|go through) (?P<c>(?:the|my|your|our) [a-z-]+)\b")
_SWAP = {"my": "your", "your": "my", "our": "your"}


def who_can(partner_last: str) -> str:
    """The person the listener says can do it instead, said by the speaker ("the provider", "your manager"), or ''."""
    match = _ONLY.search(partner_last.replace("\u2019", "'"))
    if not match:
        return ""
    who = next(g for g in match.groups() if g).strip()
    words = who.split()
    if words[0].lower() in _SWAP:
        words[0] = _SWAP[words[0].lower()]
    elif words[0].lower() == "the":
        words[0] = "the"
    return " ".join(words)


def passed_on(ask: str, partner_last: str) -> str:
    """The ask redirected to the one who can do it ("I'm asking you to get it recoded" -> "Please ask the provider to
    get it recoded"), or the ask unchanged when nobody else was named or it is not an ask of the listener."""
    who = who_can(partner_last)
    if not who or not ask:
        return ask
    body = ask.strip().rstrip(".")
    for pattern, shape in ((r"^I'm asking you to (.+)$", "Please ask {who} to {rest}."),
                           (r"^I need you to (.+)$", "Please ask {who} to {rest}."),
                           (r"^I'm asking for (.+?) to be (\w+)$", "Please ask {who} to get {rest}."),
                           (r"^I'm asking for (.+)$", "Please ask {who} for {rest}."),
                           (r"^Please (?!ask\b)(.+)$", "Please ask {who} to {rest}.")):
        match = re.match(pattern, body, re.IGNORECASE)
        if match:
            rest = " ".join(match.groups())  # "for the late fee to be removed" -> "to get the late fee removed"
            return shape.format(who=who, rest=rest)
    return ask
