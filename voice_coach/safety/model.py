"""The fitted learned stage of the crisis check: two classifier heads, prototypes, tier thresholds.

`any` scores whether a window is a crisis statement of either tier, `pause` whether it is a
clear-risk one; prototypes (prototypes.py) add a nearest-neighbour view next to the linear heads.
The thresholds come from cross-validation on the training lines only (training.py). Running the
model needs only numpy; scikit-learn is imported only to fit.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from voice_coach.safety.prototypes import Prototypes
from voice_coach.safety.result import Tier


def sigmoid(x: np.ndarray) -> np.ndarray:
    """Logistic function, elementwise."""
    return 1.0 / (1.0 + np.exp(-x))


@dataclass(frozen=True)
class Head:
    """One scoring head: a logistic regression, optionally on top of one hidden ReLU layer."""

    weights: np.ndarray
    bias: float
    hidden: np.ndarray | None = None  # (dimensions, units)
    hidden_bias: np.ndarray | None = None

    def logits(self, vectors: np.ndarray) -> np.ndarray:
        """Log-odds per row of `vectors`."""
        if self.hidden is not None and self.hidden_bias is not None:
            vectors = np.maximum(vectors @ self.hidden + self.hidden_bias, 0.0)
        return vectors @ self.weights + self.bias

    def prob(self, vectors: np.ndarray) -> np.ndarray:
        """Probability per row of `vectors`."""
        return sigmoid(self.logits(vectors))


@dataclass(frozen=True)
class Thresholds:
    """Per-tier cut-offs: on the pause head, the any head, the prototype margin; and the LLM's."""

    pause: float
    check_in: float
    prototype: float
    # Lines scoring at or above this on the any head (but below the tiers) are shown to an LLM
    # judge when one is configured: the "low threshold" that keeps the judge's load small.
    consult: float
    # The any head alone is not enough for a check-in: the line must also lie at least this close
    # to its crisis neighbours as to its safe ones (prototype margin). The hidden-layer head is
    # near-certain on some ordinary clauses far from every crisis line ("when should i expect to
    # hear back by the end of next"); the neighbours overrule it there. -inf: no such condition.
    agree: float = float("-inf")
    # The same condition on the pause head (training.PAUSE_AGREES); -inf in models fitted before it.
    pause_agree: float = float("-inf")


@dataclass(frozen=True)
class LineScore:
    """The best window's scores of a line and the window that decided its category."""

    any: float
    pause: float
    prototype: float
    category: str
    window: str


@dataclass(frozen=True)
class CrisisModel:
    """Weights of both heads, the prototypes and the calibrated thresholds."""

    any_weights: np.ndarray
    any_bias: float
    pause_weights: np.ndarray
    pause_bias: float
    prototypes: Prototypes
    thresholds: Thresholds
    stats: dict[str, float] = field(default_factory=dict)
    # The any head's hidden layer; None for a purely linear head.
    any_hidden: np.ndarray | None = None
    any_hidden_bias: np.ndarray | None = None
    # The pause head's hidden layer; None for a purely linear head (models fitted before it had one).
    pause_hidden: np.ndarray | None = None
    pause_hidden_bias: np.ndarray | None = None

    @property
    def any_head(self) -> Head:
        """The any head, linear or with its hidden layer."""
        return Head(self.any_weights, self.any_bias, self.any_hidden, self.any_hidden_bias)

    @property
    def pause_head(self) -> Head:
        """The pause head, linear or with its hidden layer."""
        return Head(self.pause_weights, self.pause_bias, self.pause_hidden, self.pause_hidden_bias)

    def score(self, vectors: np.ndarray, windows: list[str]) -> LineScore:
        """Score a line from the vectors of its candidate windows (at least one)."""
        p_any = self.any_head.prob(vectors)
        p_pause = self.pause_head.prob(vectors)
        margin, categories = self.prototypes.score(vectors)
        t = self.thresholds
        # The window that decided the tier names the category; else the most crisis-like one.
        if self.pauses(float(p_pause.max()), float(margin.max())):
            pick = int(np.argmax(p_pause))
        elif p_any.max() < t.check_in and margin.max() >= t.prototype:
            pick = int(np.argmax(margin))
        else:
            pick = int(np.argmax(p_any))
        return LineScore(any=float(p_any.max()), pause=float(p_pause.max()), prototype=float(margin.max()),
                         category=categories[pick], window=windows[pick])

    def pauses(self, pause: float, prototype: float) -> bool:
        """Does the pause head ask a pause (its threshold reached where the neighbours agree)?"""
        return pause >= self.thresholds.pause and prototype >= self.thresholds.pause_agree

    def any_head_flags(self, score: LineScore) -> bool:
        """Does the any head ask a check-in (its threshold reached where the neighbours agree)?"""
        return score.any >= self.thresholds.check_in and score.prototype >= self.thresholds.agree

    def tier(self, score: LineScore) -> Tier | None:
        """The tier these scores reach, or None."""
        t = self.thresholds
        if self.pauses(score.pause, score.prototype):
            return "pause"
        if self.any_head_flags(score) or score.prototype >= t.prototype:
            return "check_in"
        return None

    def save(self, path: Path) -> None:
        """Write the model as one .npz file, atomically (several processes may share the cache)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp.npz")
        meta = {"any_bias": self.any_bias, "pause_bias": self.pause_bias,
                "thresholds": asdict(self.thresholds), "stats": self.stats}
        # float16 halves the ~9,000 nearest-neighbour vectors; Prototypes.fit rounds them already.
        hidden = {} if self.any_hidden is None or self.any_hidden_bias is None else {
            "any_hidden": self.any_hidden, "any_hidden_bias": self.any_hidden_bias}
        if self.pause_hidden is not None and self.pause_hidden_bias is not None:
            hidden |= {"pause_hidden": self.pause_hidden, "pause_hidden_bias": self.pause_hidden_bias}
        np.savez(tmp, any_weights=self.any_weights, pause_weights=self.pause_weights, **hidden,
                 prototype_vectors=self.prototypes.vectors.astype(np.float16),
                 prototype_labels=np.array(self.prototypes.labels),
                 meta=np.array(json.dumps(meta)))
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: Path) -> CrisisModel:
        """Read a model written by `save`."""
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(str(data["meta"]))
            return cls(
                any_weights=data["any_weights"],
                any_bias=float(meta["any_bias"]),
                pause_weights=data["pause_weights"],
                pause_bias=float(meta["pause_bias"]),
                prototypes=Prototypes(data["prototype_vectors"].astype(np.float32),
                                      tuple(str(x) for x in data["prototype_labels"])),
                thresholds=Thresholds(**meta["thresholds"]),
                stats={k: float(v) for k, v in meta["stats"].items()},
                any_hidden=data["any_hidden"] if "any_hidden" in data else None,
                any_hidden_bias=data["any_hidden_bias"] if "any_hidden_bias" in data else None,
                pause_hidden=data["pause_hidden"] if "pause_hidden" in data else None,
                pause_hidden_bias=data["pause_hidden_bias"] if "pause_hidden_bias" in data else None,
            )
