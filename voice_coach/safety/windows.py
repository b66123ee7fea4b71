"""Cutting a spoken line into the word windows the learned stage scores one by one.

A crisis statement buried in a long turn is lost when the whole turn is one vector, so each
sentence is cut into overlapping windows and the line's score is that of its best window.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# Twelve words hold one spoken clause ("i keep thinking everyone would be better off without
# me"); a stride of half a window means every clause of up to six words lies whole in one.
WINDOW_WORDS = 12
WINDOW_STRIDE = 6
_SENTENCE_END = re.compile(r"[.!?;:\n]+")


def windows(text: str, size: int = WINDOW_WORDS, stride: int = WINDOW_STRIDE) -> list[tuple[int, int]]:
    """Character spans of overlapping word windows covering `text` (one span if it is short)."""
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for word in text.split(" "):
        if word:
            starts.append(pos)
            ends.append(pos + len(word))
        pos += len(word) + 1
    n = len(starts)
    if n == 0:
        return []
    if n <= size:
        return [(starts[0], ends[-1])]
    firsts = list(range(0, n - size, stride)) + [n - size]
    return [(starts[i], ends[i + size - 1]) for i in firsts]


# Hesitation sounds carry no meaning, but left in a window they shift its vector ("um how is the planning going
# anyway" scored as a plan). They are dropped inside each window; the windows themselves are cut as before.
_FILLERS = re.compile(r"\b(?:um+|uh+|erm+|er|hmm+|mm+)\b ?")


def segments(text: str, normalise: Callable[[str], str]) -> list[str]:
    """The line cut at sentence punctuation, each part normalised; empty parts dropped."""
    return [s for s in (normalise(part) for part in _SENTENCE_END.split(text)) if s]


def candidate_windows(
    text: str,
    normalise: Callable[[str], str],
    excluded: Callable[[str], list[tuple[int, int]]] | None = None,
) -> list[str]:
    """Windows of every sentence of `text` that no idiom or denial span touches."""
    found: list[str] = []
    for seg in segments(text, normalise):
        blocked = excluded(seg) if excluded is not None else []
        for a, b in windows(seg):
            # Overlap, not containment: a window cut from inside "i would never hurt myself"
            # must not be scored as "hurt myself".
            if not any(lo < b and a < hi for lo, hi in blocked) and (window := _FILLERS.sub("", seg[a:b]).strip()):
                found.append(window)
    return found
