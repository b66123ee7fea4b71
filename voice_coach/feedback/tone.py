"""Tone cues a rewrite must never carry: laughing or mocking markers, sarcastic "like I can ...", condescension,
score-keeping, retaliation and consequences held over the listener.

They are kept apart from `phrases.py` because they are read on the raw words of a clause (before fillers such as
a leading "like" are tidied away, which would turn "like I can pay rent with that" into a sincere claim) and
because the quality gate reads the same patterns to refuse any rewrite or suggestion that still holds one.
"""

from __future__ import annotations

import re

# Internet laughing and mocking markers: whatever they sit beside is not meant literally.
MARKER = re.compile(r"(?<![\w/])(?:lol+|lmf?ao+|rofl|haha(?:ha)*|hehe(?:he)*|smh|jk|/s)(?![\w/])", re.IGNORECASE)

# "like I can pay rent with a title", "like that's going to happen", "like you care", "not like I have a choice":
# a claim said to mean its opposite. A leading filler "like," before a sincere negative ("like, I can't keep doing
# this") and "like I said" are not sarcasm.
SARCASTIC_LIKE = re.compile(
    r"^(?:(?:oh|yeah|and|but|so|it'?s|its)\W+)*(?:not )?like (?!i (?:said|was saying|mentioned|told you)\b)"
    r"(?:i|you|we|that|it|anyone|anybody|he|she|they)(?:'s|'re|'m| is| are| am)? (?!not\b|n'?t\b)"
    r"(?:even |really |ever |actually )?(?:can|could|would|will|'ll|care|cares|matters?|have|has|had|need|needs|"
    r"going|gonna|helps?|changes|fixes|pays)\b", re.IGNORECASE)

# Talking down to them about what is good for them: "it'll be good for you guys to have a break", "honestly, that'd
# be good for you", "it'd be good for you for once". A plain "it'd be good for you either way" said while
# encouraging them is a benefit they may weigh, not a put-down.
_GOOD_FOR_YOU = r"be (?:good|healthy|a good thing) for you"
CONDESCENSION = re.compile(
    rf"\b(?:honestly|really|actually|frankly)\W+(?:\w+\W+){{0,2}}?{_GOOD_FOR_YOU}\b|"
    rf"\b(?:it'?ll|it will|it'?d|it would|this will|that'?ll|that'?d|that will|this would|that would) (?:honestly |really |"
    rf"actually |even )?{_GOOD_FOR_YOU}(?: (?:guys|two|both|all))?(?: to\b| for once\b)|"
    r"\b(?:it'?ll|it will|it'?d|it would|this will|that'?ll|that'?d|that will|this would|that would) (?:honestly |really |"
    rf"actually |even ){_GOOD_FOR_YOU}\b|\bfor your own good\b|\byou'?ll thank me\b|"
    r"\bgood for you (?:guys |two |both |all )?to (?:have|get|learn|try)\b", re.IGNORECASE)

# Counting up what they already had: "you've had every Christmas for ten years".
SCOREKEEPING = re.compile(r"\byou(?:'ve| have) (?:already )?had (?:every|all the|each|the last)\b", re.IGNORECASE)

# A favour held over them for later: "I'll remember that next time you need something".
RETALIATION = re.compile(r"\bi(?:'ll| will) remember (?:that|this)\b|\bnext time you need (?:something|anything|a favou?r|"
                         r"help|me)\b", re.IGNORECASE)


# A consequence held over them: "I'll just have to tell the landlord", "I'll have to report it".
CONSEQUENCE = re.compile(r"\bi(?:'ll| will) (?:just |simply )?(?:have to|be forced to|need to) (?:tell|report|call|go to|"
                         r"contact|involve|complain to|speak to) (?:(?:the|your|my) [\w-]+|him|her|them|it|this)\b", re.IGNORECASE)


def strip_markers(text: str) -> tuple[str, list[str]]:
    """The text without its laughing/mocking markers, and the markers as said."""
    found = [m.group(0) for m in MARKER.finditer(text)]
    if not found:
        return text, []
    return re.sub(r"\s{2,}", " ", MARKER.sub(" ", text)).strip(" ,"), found


def sarcastic_like(text: str) -> bool:
    """Is the clause a sarcastic "like I can ..." claim (meant as its opposite)?"""
    return bool(SARCASTIC_LIKE.match(text.replace("\u2019", "'").strip(" ,")))


def mocking(text: str) -> str:
    """The first mocking marker or sarcastic "like" claim in a text ('' when none): the gate refuses a rewrite with one."""
    low = text.replace("\u2019", "'")
    marker = MARKER.search(low)
    if marker:
        return marker.group(0)
    for sentence in re.split(r"(?<=[.!?])\s+|,\s+", low):
        if sarcastic_like(sentence):
            return sentence.strip(" .?!")
    return ""
