"""Addressing: words about the counterpart said to them ("Jess pays her half" -> "you pay your half")."""

from __future__ import annotations

import re

from voice_coach.conversation.verb_forms import base_verb

DET = r"(?i:my|our|the|his|her|their)"
NAME = r"(?-i:(?:(?:Dr|Mr|Mrs|Ms|Prof)\.?\s+)?(?:[A-Z][a-z][\w'-]*|[A-Z]{2,}))"
# Who the user addresses: "my best friend", "my roommate Jess", "the Garcias", "Dr. Lin", "HR".
WHO = (
    rf"(?:{DET}\s+(?:[a-z][\w'-]*\s+){{0,2}}?[a-z][\w'-]*(?:\s+{NAME})?"
    rf"|(?i:the)\s+{NAME}|{NAME}(?:\s+(?-i:[A-Z][a-z][\w'-]*))?|him|her|them)"
)
PROPER = frozenset(
    "i monday tuesday wednesday thursday friday saturday sunday mondays tuesdays wednesdays "  # noqa: SIM905
    "thursdays fridays saturdays sundays january february march april may june july august "
    "september october november december christmas easter mum dad mom grandma grandpa".split()
)
_AFTER_YOU = {
    "is": "are", "was": "were", "has": "have", "does": "do", "doesn't": "don't",
    "isn't": "aren't", "hasn't": "haven't", "wasn't": "weren't",
}
_NOUN_NEXT_STOP = frozenset(
    "to for with about at on in and or but a an the that this my your some back up out over "  # noqa: SIM905
    "again if when before after until so because more any all".split()
)
_ADVERBS = frozenset("always never still usually often just also really sometimes ever".split())  # noqa: SIM905


def is_person(who: str) -> bool:
    """Whether the addressee is a person (pronouns may refer to them) rather than an office."""
    return not re.search(
        r"\b(?:airline|bank|clinic|company|office|school|store|shop|gym|hotel|hr|council|insurer|"
        r"insurance|agency|firm)\b", who, re.IGNORECASE)


def _forms(who: str) -> list[str]:
    """The ways the goal may name the addressee: "my roommate Jess" -> "roommate Jess", "Jess", "roommate"."""
    who = who.strip()
    if not who or who.lower() in ("him", "her", "them"):
        return []
    bare = re.sub(rf"^{DET}\s+", "", who)
    forms = {bare}
    names = re.findall(NAME, bare)
    forms.update(n for n in names if n.lower() not in PROPER or n in ("Mum", "Dad", "Mom"))
    if names and bare != names[0]:
        forms.add(bare.replace(names[-1], "").strip())
    return sorted((f for f in forms if f), key=len, reverse=True)


def address(text: str, who: str = "", *, person: bool = True) -> str:
    """Words about the counterpart said to them: "my roommate Jess pays her half" -> "you pay your half"."""
    for name in _forms(who):
        text = re.sub(rf"(?<![\w'])(?:(?i:my|the)\s+)?{re.escape(name)}'s\b", "your", text)
        text = re.sub(rf"(?<![\w'])(?:(?i:my|the)\s+)?{re.escape(name)}\b", "you", text)
    tokens = re.findall(r"[\w'$%.,/-]*[\w'%$]|[^\w\s]|\s+", text)
    out: list[str] = []
    after_you = False
    for index, token in enumerate(tokens):
        if token.isspace():
            out.append(token)
            continue
        key = token.lower()
        nxt = next((t.lower() for t in tokens[index + 1 :] if not t.isspace()), "")
        word = token
        if after_you and key in _AFTER_YOU:
            word = _AFTER_YOU[key]
        elif after_you and key.endswith("s") and key.isalpha() and len(key) > 3 and key not in _ADVERBS:
            word = base_verb(key)
        elif person and key in ("he", "she"):
            word = "you"
        elif person and key in ("he's", "she's"):
            word = "you're"
        elif person and re.fullmatch(r"(?:he|she)'(?:ll|d)", key):
            word = "you" + key[key.index("'") :]
        elif person and key == "him":
            word = "you"
        elif person and key in ("himself", "herself"):
            word = "yourself"
        elif person and key in ("his", "hers"):
            word = "yours" if (key == "hers" or not nxt or not nxt[:1].isalnum() or nxt in _NOUN_NEXT_STOP) else "your"
        elif person and key == "her":
            word = "you" if (not nxt or not nxt[:1].isalnum() or nxt in _NOUN_NEXT_STOP) else "your"
        out.append(word)
        if key in _ADVERBS and after_you:
            continue
        # A verb after a "you" that was a subject takes the base form ("she visits" -> "you visit").
        after_you = word == "you" and key not in ("him", "her", "you")
    return "".join(out)


