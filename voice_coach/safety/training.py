"""Learned second stage of the crisis check: logistic regression on MiniLM sentence vectors.

The rules in patterns.yaml catch the phrasings someone thought of; this stage catches
paraphrases of them. A line is cut into overlapping word windows so a crisis statement
buried in a long spoken turn is scored on its own, and the line's score is its best window.
The decision threshold is chosen by cross-validation on the training set only.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np
from platformdirs import user_cache_dir
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    ValidationError,
    model_validator,
)

from voice_coach.assets import asset_dir, shipped_fitted

log = logging.getLogger(__name__)

# Twelve words hold one spoken clause ("i keep thinking everyone would be better off without
# me"); a stride of half a window means every clause of up to six words lies whole in one.
WINDOW_WORDS = 12
WINDOW_STRIDE = 6
# Out-of-fold false alarms (rules OR model) allowed on the training's hard negatives (idioms,
# anger, grief, denials, injuries): the product's ~5% budget. With ~320 hard negatives this
# estimate is noisy; docs/safety.md reports how it transferred to unseen sets.
TARGET_FPR = 0.05
# Ordinary rehearsal lines (kind "rehearsal", the exemplar bank's style) are what users say
# almost all the time, so false alarms on them get a budget of their own, a tight one.
ORDINARY_FPR = 0.02
ORDINARY_KIND = "rehearsal"
FOLDS = 5
C_GRID = (1.0, 4.0)
K_CATEGORY = 5
# Bump when the meaning of the cached arrays changes, so stale caches are not read.
_CACHE_FORMAT = 4
CATEGORY_NAMES = ("suicide", "self_harm", "danger", "abuse", "harm_to_others")


class Embedder(Protocol):
    """Anything that turns texts into unit row vectors (see voice_coach.feedback.embed)."""

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed `texts` as float32 unit vectors, one row per text."""
        ...

    def __hash__(self) -> int:
        """Encoders are cache keys (a fitted model belongs to one encoder)."""
        ...


class TrainingExample(BaseModel):
    """One labelled training line: crisis lines name their category, safe lines their kind."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1)
    utterance: str = Field(min_length=1)
    crisis: StrictBool
    category: str | None = None
    kind: str | None = None

    @model_validator(mode="after")
    def _category_matches_label(self) -> TrainingExample:
        if self.crisis and self.category not in CATEGORY_NAMES:
            raise ValueError(f"a crisis line needs a category from {CATEGORY_NAMES}")
        if not self.crisis and self.category is not None:
            raise ValueError("a safe line has a kind, not a category")
        return self


def default_training_path() -> Path:
    """prompts/safety/train.jsonl, the lines the learned stage is fitted on."""
    return asset_dir("prompts") / "safety" / "train.jsonl"


def load_training(path: Path) -> list[TrainingExample]:
    """Read the training JSONL; a malformed line raises ValueError naming its line number."""
    examples: list[TrainingExample] = []
    with path.open(encoding="utf-8") as fh:
        for lineno, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            try:
                examples.append(TrainingExample.model_validate(json.loads(raw)))
            except (json.JSONDecodeError, ValidationError) as exc:
                raise ValueError(f"{path}: line {lineno}: malformed training line: {exc}") from exc
    if len({e.crisis for e in examples}) < 2:
        raise ValueError(f"{path}: training needs both crisis and safe lines")
    return examples


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


@dataclass(frozen=True)
class CrisisModel:
    """Fitted weights, threshold and the crisis examples used to name a category."""

    weights: np.ndarray
    bias: float
    threshold: float
    crisis_vectors: np.ndarray
    crisis_categories: tuple[str, ...]
    c: float
    cv_recall: float
    cv_false_positive_rate: float
    cv_ordinary_false_positive_rate: float

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        """Crisis probability of each row vector."""
        return 1.0 / (1.0 + np.exp(-(vectors @ self.weights + self.bias)))

    def category(self, vector: np.ndarray) -> str:
        """Similarity-weighted vote of the nearest crisis training lines."""
        sims = self.crisis_vectors @ vector
        nearest = np.argsort(-sims)[:K_CATEGORY]
        votes: dict[str, float] = {}
        for i in nearest:
            name = self.crisis_categories[i]
            votes[name] = votes.get(name, 0.0) + float(sims[i])
        return max(votes, key=votes.__getitem__)

    def save(self, path: Path) -> None:
        """Write the model as one .npz file, atomically (several processes may share the cache)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp.npz")
        np.savez(
            tmp,
            weights=self.weights,
            scalars=np.array(
                [
                    self.bias,
                    self.threshold,
                    self.c,
                    self.cv_recall,
                    self.cv_false_positive_rate,
                    self.cv_ordinary_false_positive_rate,
                ]
            ),
            crisis_vectors=self.crisis_vectors,
            crisis_categories=np.array(self.crisis_categories),
        )
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: Path) -> CrisisModel:
        """Read a model written by `save`."""
        with np.load(path, allow_pickle=False) as data:
            bias, threshold, c, cv_recall, cv_fpr, cv_ordinary = (float(x) for x in data["scalars"])
            return cls(
                weights=data["weights"],
                bias=bias,
                threshold=threshold,
                crisis_vectors=data["crisis_vectors"],
                crisis_categories=tuple(str(x) for x in data["crisis_categories"]),
                c=c,
                cv_recall=cv_recall,
                cv_false_positive_rate=cv_fpr,
                cv_ordinary_false_positive_rate=cv_ordinary,
            )


def _fit(x: np.ndarray, y: np.ndarray, c: float) -> tuple[np.ndarray, float]:
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

    # Balanced weights: the threshold, not the class ratio of the file, decides the trade-off.
    clf = LogisticRegression(C=c, class_weight="balanced", max_iter=2000)
    clf.fit(x, y)
    return clf.coef_[0].astype(np.float32), float(clf.intercept_[0])


_SENTENCE_END = re.compile(r"[.!?;:\n]+")


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
            if not any(lo < b and a < hi for lo, hi in blocked):
                found.append(seg[a:b])
    return found


def _unique_encoder(embedder: Embedder, texts: list[str]) -> Callable[[list[str]], np.ndarray]:
    """Embed each distinct text once (lines, windows and extra negatives overlap a lot)."""
    distinct = list(dict.fromkeys(texts))
    index = {t: i for i, t in enumerate(distinct)}
    vectors = embedder.encode(distinct)
    return lambda batch: vectors[[index[t] for t in batch]]


def _threshold_for(neg_scores: np.ndarray, allowed: int) -> float:
    """Smallest threshold at which at most `allowed` of the negatives score at or above it."""
    ranked = np.sort(neg_scores)[::-1]
    if allowed < 0:
        return float("inf")
    return float(np.nextafter(ranked[allowed], np.inf)) if allowed < len(ranked) else 0.0


def train(
    examples: Sequence[TrainingExample],
    normalise: Callable[[str], str],
    embedder: Embedder,
    *,
    excluded: Callable[[str], list[tuple[int, int]]] | None = None,
    rule_hit: Callable[[str], bool] | None = None,
    target_fpr: float = TARGET_FPR,
    seed: int = 0,
) -> CrisisModel:
    """Fit on `examples`; C and the threshold come from stratified cross-validation on them.

    Held-out lines are scored exactly as `SafetyChecker` scores a line (best eligible window,
    idiom and denial spans skipped), and the threshold is the lowest at which rules OR model
    raise at most `target_fpr` false alarms on held-out hard negatives and `ORDINARY_FPR` on
    held-out ordinary rehearsal lines.
    """
    from sklearn.model_selection import StratifiedKFold  # type: ignore[import-untyped]

    texts = [normalise(e.utterance) for e in examples]
    y = np.array([e.crisis for e in examples], dtype=int)
    by_rule = np.array([bool(rule_hit and rule_hit(e.utterance)) for e in examples])
    cands = [candidate_windows(e.utterance, normalise, excluded) for e in examples]
    plain = [candidate_windows(e.utterance, normalise) for e in examples]
    owner = np.array([i for i, ws in enumerate(cands) for _ in ws], dtype=int)
    encode = _unique_encoder(embedder, texts + [w for ws in cands + plain for w in ws])
    vec_lines = encode(texts)
    vec_windows = encode([w for ws in cands for w in ws])
    # Windows of a long safe line are safe too (denials are the exception: "hurt myself" cut
    # out of "i would never hurt myself" is not), so they teach what ordinary clauses look like.
    extra_text = [
        w
        for i, e in enumerate(examples)
        if not e.crisis and e.kind != "denial" and len(plain[i]) > 1
        for w in plain[i]
    ]
    extra_owner = np.array(
        [
            i
            for i, e in enumerate(examples)
            if not e.crisis and e.kind != "denial" and len(plain[i]) > 1
            for _ in plain[i]
        ],
        dtype=int,
    )
    vec_extra = encode(extra_text) if extra_text else np.zeros((0, vec_lines.shape[1]), np.float32)

    def line_scores(weights: np.ndarray, bias: float, lines: np.ndarray) -> np.ndarray:
        probs = 1.0 / (1.0 + np.exp(-(vec_windows @ weights + bias)))
        return np.array([probs[owner == i].max(initial=0.0) for i in lines])

    folds = list(StratifiedKFold(FOLDS, shuffle=True, random_state=seed).split(vec_lines, y))
    negatives = y == 0
    ordinary = np.array([e.kind == ORDINARY_KIND for e in examples])
    groups = [(negatives & ~ordinary, target_fpr), (ordinary, ORDINARY_FPR)]
    best: tuple[float, float, float, float, float] | None = None  # recall, c, thr, fprs
    for c in C_GRID:
        oof = np.zeros(len(examples))
        for fit_idx, held_idx in folds:
            keep = np.isin(extra_owner, fit_idx)
            x = np.vstack([vec_lines[fit_idx], vec_extra[keep]])
            t = np.concatenate([y[fit_idx], np.zeros(int(keep.sum()), dtype=int)])
            weights, bias = _fit(x, t, c)
            oof[held_idx] = line_scores(weights, bias, held_idx)
        # False alarms the rules raise anyway come out of each group's budget first.
        threshold = max(
            _threshold_for(
                oof[group & ~by_rule],
                int(np.floor(rate * group.sum())) - int(by_rule[group].sum()),
            )
            for group, rate in groups
            if group.any()
        )
        flagged = by_rule | (oof >= threshold)
        recall = float(flagged[~negatives].mean())
        fprs = [float(flagged[group].mean()) if group.any() else 0.0 for group, _ in groups]
        if best is None or recall > best[0]:
            best = (recall, c, threshold, fprs[0], fprs[1])
    assert best is not None
    recall, c, threshold, fpr, fpr_ordinary = best
    x = np.vstack([vec_lines, vec_extra])
    t = np.concatenate([y, np.zeros(len(vec_extra), dtype=int)])
    weights, bias = _fit(x, t, c)
    return CrisisModel(
        weights=weights,
        bias=bias,
        threshold=threshold,
        crisis_vectors=vec_lines[y == 1],
        crisis_categories=tuple(str(e.category) for e in examples if e.crisis),
        c=c,
        cv_recall=recall,
        cv_false_positive_rate=fpr,
        cv_ordinary_false_positive_rate=fpr_ordinary,
    )


def _embedder_identity(embedder: Embedder) -> str:
    model_path = getattr(embedder, "model_path", None)
    if isinstance(model_path, Path) and model_path.is_file():
        stat = model_path.stat()
        return f"{model_path.name}:{stat.st_size}:{getattr(embedder, 'max_length', '')}"
    return f"{type(embedder).__qualname__}:{getattr(embedder, 'model', '')}"


def cache_key(
    examples: Sequence[TrainingExample],
    normalise: Callable[[str], str],
    embedder: Embedder,
    rules_fingerprint: str = "",
) -> str:
    """Hash of all the model depends on: lines as normalised, labels, encoder, rules, settings."""
    payload = json.dumps(
        {
            "format": _CACHE_FORMAT,
            "rules": rules_fingerprint,
            "lines": [[normalise(e.utterance), e.crisis, e.category, e.kind] for e in examples],
            "embedder": _embedder_identity(embedder),
            "settings": [
                WINDOW_WORDS,
                WINDOW_STRIDE,
                TARGET_FPR,
                ORDINARY_FPR,
                FOLDS,
                list(C_GRID),
                K_CATEGORY,
            ],
        },
        sort_keys=True,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:20]


def default_cache_dir() -> Path:
    """Where fitted models are kept ($VOICE_COACH_CACHE_DIR, else the user cache folder)."""
    override = os.environ.get("VOICE_COACH_CACHE_DIR")
    return Path(override) if override else Path(user_cache_dir("voice-coach", appauthor=False))


def load_or_train(
    normalise: Callable[[str], str],
    embedder: Embedder,
    training_path: Path | None = None,
    cache_dir: Path | None = None,
    *,
    excluded: Callable[[str], list[tuple[int, int]]] | None = None,
    rule_hit: Callable[[str], bool] | None = None,
    rules_fingerprint: str = "",
) -> CrisisModel:
    """The model for this training file and encoder: from the disk cache, else fitted and cached."""
    examples = load_training(training_path or default_training_path())
    key = cache_key(examples, normalise, embedder, rules_fingerprint)
    path = (cache_dir or default_cache_dir()) / "safety" / f"crisis-model-{key}.npz"
    for candidate in (path, shipped_fitted(path.name)):
        if candidate is not None and candidate.is_file():
            try:
                return CrisisModel.load(candidate)
            except (OSError, KeyError, ValueError) as exc:
                log.warning("ignoring unreadable safety model %s: %s", candidate, exc)
    model = train(examples, normalise, embedder, excluded=excluded, rule_hit=rule_hit)
    try:
        model.save(path)
    except OSError as exc:
        # A read-only home must not disable the check; the next start trains again.
        log.warning("could not cache the safety model at %s: %s", path, exc)
    return model


class LearnedStage:
    """The fitted classifier and its encoder, loaded on first use; off, with the reason, if that fails."""

    def __init__(self, load: Callable[[Embedder], CrisisModel], embedder: Embedder | None = None) -> None:
        """`load` fits or reads the model for an encoder (default: the bundled MiniLM)."""
        self._load = load
        self._embedder = embedder
        self._model: CrisisModel | None = None
        self.error: str | None = None
        self._lock = threading.Lock()

    def encoder(self) -> Embedder:
        """The sentence encoder (the process-wide MiniLM unless one was given)."""
        if self._embedder is None:
            from voice_coach.feedback.embed import default_embedder

            self._embedder = default_embedder()
        return self._embedder

    def model(self) -> CrisisModel | None:
        """The fitted model, or None when it could not be loaded (see `error`)."""
        if self._model is None and self.error is None:
            with self._lock:
                if self._model is None and self.error is None:
                    try:
                        self._model = self._load(self.encoder())
                    except (ImportError, OSError, ValueError) as exc:
                        # The rules still run: a missing model file must not stop a rehearsal.
                        self.error = f"{type(exc).__name__}: {exc}"
                        log.warning("safety classifier unavailable, rules only: %s", self.error)
        return self._model

    def warm(self) -> None:
        """Load everything and run the encoder once, so the first real line pays nothing."""
        if self.model() is not None:
            self.encoder().encode(["warm up"])

    def best_window(self, candidates: list[str]) -> tuple[str, str] | None:
        """(category, window) of the highest-scoring window above the threshold, else None."""
        model = self.model()
        if model is None or not candidates:
            return None
        vectors = self.encoder().encode(candidates)
        probs = model.probabilities(vectors)
        best = int(np.argmax(probs))
        if probs[best] < model.threshold:
            return None
        return model.category(vectors[best]), candidates[best]
