"""The line's own words as features: tf-idf over word unigrams and bigrams, in plain numpy.

A mean-pooled sentence embedding blurs the few words that decide a skill ("I'd chip in half",
"eighty a night"); a linear model on the words themselves keeps them. The weighting follows
scikit-learn's TfidfVectorizer (lower case, tokens of two or more word characters, smoothed idf,
sublinear term frequency, unit length), so the fitted vocabulary is plain arrays and reading a line
needs no heavy library.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

_TOKEN = re.compile(r"\b\w\w+\b")
MIN_DOCUMENTS = 2  # a word seen in one training line only is noise, not a cue


def terms(text: str) -> list[str]:
    """The word unigrams and bigrams of a line, lower case, in order."""
    tokens = _TOKEN.findall(text.lower())
    return tokens + [f"{a} {b}" for a, b in zip(tokens, tokens[1:])]


@dataclass(frozen=True)
class Vocabulary:
    """Terms kept from the training lines and their inverse document frequencies."""

    terms: tuple[str, ...]
    idf: np.ndarray

    @classmethod
    def fit(cls, texts: Iterable[str], min_documents: int = MIN_DOCUMENTS) -> Vocabulary:
        """Keep every term found in at least `min_documents` of `texts`; idf = ln((1+n)/(1+df)) + 1."""
        documents = Counter[str]()
        n = 0
        for text in texts:
            documents.update(set(terms(text)))
            n += 1
        kept = sorted(t for t, df in documents.items() if df >= min_documents)
        idf = np.array([math.log((1 + n) / (1 + documents[t])) + 1.0 for t in kept], dtype=np.float64)
        return cls(tuple(kept), idf)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {t: i for i, t in enumerate(self.terms)})

    def weights(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """The line's known terms (vocabulary columns) and their unit-length tf-idf weights (1 + ln tf) * idf."""
        index: dict[str, int] = self._index  # type: ignore[attr-defined]
        counts = Counter(index[t] for t in terms(text) if t in index)
        columns = np.fromiter(counts, dtype=np.int64, count=len(counts))
        values = np.array([1.0 + math.log(tf) for tf in counts.values()], dtype=np.float64) * self.idf[columns]
        norm = float(np.linalg.norm(values))
        return columns, values / norm if norm > 0.0 else values

    def transform(self, texts: Sequence[str]) -> np.ndarray:
        """Dense rows of `weights`, one per text (for fitting; rating a line uses `weights`)."""
        out = np.zeros((len(texts), len(self.terms)), dtype=np.float64)
        for row, text in enumerate(texts):
            columns, values = self.weights(text)
            out[row, columns] = values
        return out
