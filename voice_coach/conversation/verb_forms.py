"""English verb forms for goal text: the -ing form and the base form of a verb."""

from __future__ import annotations

import re

# Two-syllable verbs stressed on the last syllable double their final consonant.
_DOUBLING = frozenset(
    "admit commit permit submit omit regret forget begin "  # noqa: SIM905
    "prefer refer occur control compel upset quit equip".split()
)
_GERUND_IRREGULAR = {"be": "being", "see": "seeing", "flee": "fleeing", "agree": "agreeing"}
_BASE_IRREGULAR = {"is": "be", "has": "have", "does": "do", "goes": "go", "says": "say"}

def gerund(verb: str) -> str:
    """English -ing form of a base verb: fix -> fixing, stop -> stopping, make -> making."""
    word = verb.lower()
    if word in _GERUND_IRREGULAR:
        return _GERUND_IRREGULAR[word]
    if word.endswith("ing") and len(word) > 5:
        return word
    if word.endswith("ie"):
        return word[:-2] + "ying"
    if word.endswith(("ee", "ye", "oe")):
        return word + "ing"
    if word.endswith("e") and len(word) > 2:
        return word[:-1] + "ing"
    vowel_groups = re.findall(r"[aeiou]+", word)
    short_cvc = (
        len(vowel_groups) == 1 and re.search(r"[^aeiou][aeiou][^aeiouwxy]$", word) is not None
    )
    if short_cvc or word in _DOUBLING:
        return word + word[-1] + "ing"
    return word + "ing"


def base_verb(word: str) -> str:
    """Base form of a third-person present verb: pays -> pay, fixes -> fix, tries -> try."""
    low = word.lower()
    if low in _BASE_IRREGULAR:
        return _BASE_IRREGULAR[low]
    if not low.endswith("s") or low.endswith("ss") or len(low) < 3:
        return low
    if low.endswith("ies") and len(low) > 4:
        return low[:-3] + "y"
    if low.endswith(("sses", "xes", "zzes", "ches", "shes", "oes")):
        return low[:-2]
    return low[:-1]


def base_of_gerund(word: str) -> str | None:
    """Base form of an -ing form (giving -> give, popping -> pop, calling -> call), or None if it is none."""
    low = word.lower()
    if not low.endswith("ing") or len(low) < 5:
        return None
    stem = low[:-3]
    if not re.search(r"[aeiouy]", stem):
        return None  # bring, string, thing: "-ing" is part of the word, not an ending ("br" is no verb)
    if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "aeiouls" and gerund(stem[:-1]) == low:
        return stem[:-1]  # popping -> pop (but calling -> call)
    # One short vowel before one consonant lost its "e" (giving, making, using); longer stems did not (visiting).
    single = re.findall(r"[aeiou]+", stem) in (["a"], ["e"], ["i"], ["o"], ["u"]) and re.search(
        r"[aeiou][^aeiouwxy]$", stem) is not None
    for candidate in ((stem + "e", stem) if single else (stem, stem + "e")):
        if gerund(candidate) == low:
            return candidate
    return None
