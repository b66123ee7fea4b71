"""Word error rate with the text normalisation speech evaluations usually apply."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_ABBREVIATIONS = {"mr": "mister", "mrs": "missus", "ms": "miss", "dr": "doctor", "st": "saint", "vs": "versus"}
_FILLERS = frozenset({"um", "uh", "er", "erm", "ah", "hmm", "mm", "uhm", "umm"})


def number_to_words(n: int) -> str:
    """Spell a non-negative integer below one billion in English words."""
    if n < 20:
        return _ONES[n]
    if n < 100:
        return _TENS[n // 10] + ("" if n % 10 == 0 else " " + _ONES[n % 10])
    for size, name in ((1_000_000, "million"), (1000, "thousand"), (100, "hundred")):
        if n >= size:
            head, rest = divmod(n, size)
            return number_to_words(head) + " " + name + ("" if rest == 0 else " " + number_to_words(rest))
    raise AssertionError("unreachable")


def _spell_number(match: re.Match[str]) -> str:
    """Spell one matched number; decimals digit by digit after 'point'."""
    whole, _, frac = match.group(0).replace(",", "").partition(".")
    if len(whole) > 9:
        return match.group(0)
    n = int(whole)
    if not frac and "," not in match.group(0) and 1100 <= n <= 1999 and n % 100:
        # Read like a year: 1998 -> "nineteen ninety eight", 1905 -> "nineteen oh five".
        rest = n % 100
        words = number_to_words(n // 100) + " " + (number_to_words(rest) if rest >= 10 else "oh " + _ONES[rest])
    else:
        words = number_to_words(n)
    if frac:
        words += " point " + " ".join(_ONES[int(d)] for d in frac)
    return " " + words + " "


def normalize(text: str, *, drop_fillers: bool = False) -> list[str]:
    """Lowercase, expand simple abbreviations and numbers, strip punctuation; return the words."""
    text = text.lower().replace("%", " percent ").replace("&", " and ")
    text = re.sub(r"[’‘`]", "'", text)
    # Hyphens and dashes join words that references often write apart ("ill-disposed").
    text = re.sub(r"[-‐–—/]", " ", text)
    text = re.sub(r"\b(\d+)(st|nd|rd|th)\b", r"\1", text)
    text = re.sub(r"\d[\d,]*(?:\.\d+)?", _spell_number, text)
    text = re.sub(r"\b(" + "|".join(_ABBREVIATIONS) + r")\.", lambda m: _ABBREVIATIONS[m.group(1)], text)
    text = re.sub(r"[^\w\s']", " ", text)
    words = [w.strip("'") for w in text.split()]
    words = [_ABBREVIATIONS.get(w, w) for w in words if w]
    if drop_fillers:
        words = [w for w in words if w not in _FILLERS]
    return words


@dataclass(frozen=True)
class WerResult:
    """Edit counts between a reference and a hypothesis."""

    substitutions: int
    deletions: int
    insertions: int
    ref_words: int

    @property
    def errors(self) -> int:
        """Total word edits."""
        return self.substitutions + self.deletions + self.insertions

    @property
    def wer(self) -> float:
        """Errors per reference word (0 for an empty reference with an empty hypothesis)."""
        if self.ref_words == 0:
            return 0.0 if self.errors == 0 else 1.0
        return self.errors / self.ref_words


def align(ref: list[str], hyp: list[str]) -> WerResult:
    """Levenshtein alignment of two word lists, counting each kind of edit."""
    # Each cell holds (cost, subs, dels, ins); min() keeps the first of equal costs, so ties prefer substitutions.
    prev = [(j, 0, 0, j) for j in range(len(hyp) + 1)]
    for i in range(1, len(ref) + 1):
        cur = [(i, 0, i, 0)]
        for j in range(1, len(hyp) + 1):
            if ref[i - 1] == hyp[j - 1]:
                cur.append(prev[j - 1])
                continue
            s, d, n = prev[j - 1], prev[j], cur[j - 1]
            options = (
                (s[0] + 1, s[1] + 1, s[2], s[3]),
                (d[0] + 1, d[1], d[2] + 1, d[3]),
                (n[0] + 1, n[1], n[2], n[3] + 1),
            )
            cur.append(min(options, key=lambda cell: cell[0]))
        prev = cur
    _, subs, dels, ins = prev[-1]
    return WerResult(subs, dels, ins, len(ref))


def measure(reference: str, hypothesis: str, *, drop_fillers: bool = False) -> WerResult:
    """Normalise both texts and align them."""
    return align(normalize(reference, drop_fillers=drop_fillers), normalize(hypothesis, drop_fillers=drop_fillers))


def wer(reference: str, hypothesis: str, *, drop_fillers: bool = False) -> float:
    """Word error rate of one hypothesis against its reference."""
    return measure(reference, hypothesis, drop_fillers=drop_fillers).wer


def corpus_wer(pairs: Iterable[tuple[str, str]], *, drop_fillers: bool = False) -> float:
    """Total errors over total reference words for (reference, hypothesis) pairs."""
    errors = words = 0
    for ref, hyp in pairs:
        r = measure(ref, hyp, drop_fillers=drop_fillers)
        errors += r.errors
        words += r.ref_words
    return errors / words if words else 0.0
