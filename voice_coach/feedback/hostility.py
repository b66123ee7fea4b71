"""Hostile tone that no marker word gives away: a small logistic model on the MiniLM vector of one clause.

The clause rules catch sarcasm and attacks by their words ("lol", "oh great", "you idiot") and by a few shapes
(mock proposals, guilt trips, promised jabs). People mock and put down in endless other wordings ("because you're
so busy scrolling", "do I look like your maid?", "a child could work that out"), and a rewrite that keeps one of
them is the worst thing the coach can show. In a line rated as not staying mindful, this model reads each clause
the rules left as usable and marks the ones that sound hostile, so the rewrite drops them and the suggestion names
them (on an ordinary line it is not trusted to cut: see `LINE_HOSTILE`).

It is trained on `prompts/tone/*.jsonl` (clauses labelled hostile or not; blunt but fair lines and sincere thanks,
praise and promises among the negatives) and its threshold is chosen out of fold so that at most `SAFE_DROP_RATE` of
the fair clauses would be dropped. It always uses the bundled MiniLM (the same encoder as the crisis check), whatever embedder rates the
skills, so a remote embedder never changes what is cut. When the model cannot be loaded, the rules still run.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from pydantic import BaseModel, ConfigDict

from voice_coach.assets import asset_dir, read_fitted
from voice_coach.feedback.ngrams import Vocabulary
from voice_coach.jsonl import load_jsonl

if TYPE_CHECKING:
    from voice_coach.ports import Embedder

log = logging.getLogger(__name__)

CODE_VERSION = "tone-2"
SAFE_DROP_RATE = 0.04  # share of fair clauses (out of fold) the threshold may call hostile
EMBED_C = 3.0
WORDS_C = 10.0
FOLDS = 5
MIN_WORDS = 3  # "no", "fine", "thank you": too short to carry a tone the rules have not read


class ToneRow(BaseModel):
    """One labelled clause of the tone data."""

    model_config = ConfigDict(extra="forbid")

    text: str
    hostile: bool
    kind: str


def training_paths() -> list[Path]:
    """The shipped training clauses: every prompts/tone/*.jsonl, in name order."""
    return sorted((asset_dir("prompts") / "tone").glob("*.jsonl"))


def load_rows(path: str | Path) -> list[ToneRow]:
    """Labelled clauses from a JSONL file (a bad line raises ValueError naming file and line)."""
    return load_jsonl(path, ToneRow, what="labelled clauses")


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -50.0, 50.0)))


@dataclass
class ToneModel:
    """p(hostile): the mean of a logistic model on the unit MiniLM vector and one on the clause's own words
    (tf-idf), since the vector blurs the few words that carry a jab and the words miss a new wording; hostile at
    or above `threshold`."""

    w: np.ndarray
    b: float
    vocabulary: Vocabulary
    words_w: np.ndarray
    words_b: float
    threshold: float

    def proba(self, vectors: np.ndarray, texts: Sequence[str]) -> np.ndarray:
        """Probability that each clause (its vector row and its text) is hostile."""
        words = np.array([float(values @ self.words_w[columns]) for columns, values in map(self.vocabulary.weights, texts)])
        return (_sigmoid(vectors @ self.w + self.b) + _sigmoid(words + self.words_b)) / 2.0

    def save(self, path: Path) -> None:
        """Write the weights, vocabulary and threshold to an .npz file."""
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp.npz")
        np.savez(tmp, w=self.w.astype(np.float32), b=np.float64(self.b), terms=np.array(json.dumps(self.vocabulary.terms)),
                 idf=self.vocabulary.idf, words_w=self.words_w.astype(np.float32), words_b=np.float64(self.words_b),
                 threshold=np.float64(self.threshold))
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> ToneModel:
        """Read a model written by `save`."""
        with np.load(path) as data:
            vocabulary = Vocabulary(tuple(json.loads(str(data["terms"]))), np.asarray(data["idf"], np.float64))
            return cls(np.asarray(data["w"], np.float32), float(data["b"]), vocabulary,
                       np.asarray(data["words_w"], np.float32), float(data["words_b"]), float(data["threshold"]))


def fit(vectors: np.ndarray, texts: Sequence[str], hostile: np.ndarray, threshold: float = 0.5) -> ToneModel:
    """Both heads fitted on these rows (balanced classes)."""
    from sklearn.linear_model import LogisticRegression

    embedded = LogisticRegression(C=EMBED_C, class_weight="balanced", max_iter=2000).fit(vectors, hostile)
    vocabulary = Vocabulary.fit(texts)
    words = LogisticRegression(C=WORDS_C, class_weight="balanced", solver="liblinear").fit(
        vocabulary.transform(texts), hostile)
    return ToneModel(embedded.coef_[0].astype(np.float32), float(embedded.intercept_[0]), vocabulary,
                     words.coef_[0].astype(np.float32), float(words.intercept_[0]), threshold)


def out_of_fold(vectors: np.ndarray, texts: Sequence[str], hostile: np.ndarray, folds: int = FOLDS,
                seed: int = 0) -> np.ndarray:
    """Each row's probability from a model fitted without its fold (stratified folds, fixed seed)."""
    from sklearn.model_selection import StratifiedKFold

    scores = np.zeros(len(hostile), np.float64)
    for train_idx, test_idx in StratifiedKFold(folds, shuffle=True, random_state=seed).split(vectors, hostile):
        model = fit(vectors[train_idx], [texts[i] for i in train_idx], hostile[train_idx])
        scores[test_idx] = model.proba(vectors[test_idx], [texts[i] for i in test_idx])
    return scores


def threshold_for(scores: np.ndarray, hostile: np.ndarray, safe_drop_rate: float = SAFE_DROP_RATE) -> float:
    """The lowest threshold at which at most `safe_drop_rate` of the fair clauses score at or above it."""
    fair = np.sort(scores[~hostile])[::-1]
    allowed = int(np.floor(safe_drop_rate * len(fair)))
    # Just above the (allowed+1)-th highest fair score: that one and all below stay under the threshold.
    return float(np.nextafter(fair[allowed], 1.0)) if allowed < len(fair) else 0.5


def train(rows: Sequence[ToneRow], embedder: Embedder) -> ToneModel:
    """Fit on every row, with the threshold chosen from out-of-fold scores."""
    texts = [r.text for r in rows]
    vectors = np.asarray(embedder.encode(texts), np.float32)
    hostile = np.array([r.hostile for r in rows])
    threshold = threshold_for(out_of_fold(vectors, texts, hostile), hostile)
    return fit(vectors, texts, hostile, threshold)


def load_or_train(embedder: Embedder, cache_dir: Path, paths: Sequence[Path] | None = None) -> ToneModel:
    """The model for these training files and this encoder: cached or shipped, else fitted and cached."""
    from voice_coach.feedback.bank import embedder_id, files_digest

    files = list(paths) if paths is not None else training_paths()
    key = files_digest(files, CODE_VERSION, str(SAFE_DROP_RATE), str(EMBED_C), str(WORDS_C), embedder_id(embedder))
    path = cache_dir / f"tone-model-{key}.npz"
    found = read_fitted(path, ToneModel.load, "tone model")
    if found is not None:
        return found
    model = train([row for file in files for row in load_rows(file)], embedder)
    try:
        model.save(path)
    except OSError as exc:
        log.warning("could not cache the tone model at %s: %s", path, exc)
    return model


class ToneReader:
    """Scores clauses with a tone model and an encoder, memoising recent clauses (lines are re-read every turn)."""

    def __init__(self, model: ToneModel, embedder: Embedder, size: int = 4096) -> None:
        """Pair a fitted model with the encoder it was fitted on."""
        self.model = model
        self.embedder = embedder
        self._memo: OrderedDict[str, float] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def scores(self, texts: Sequence[str]) -> list[float]:
        """p(hostile) of each text, in one encoder batch for the ones not seen recently."""
        with self._lock:
            missing = list(dict.fromkeys(t for t in texts if t not in self._memo))
        if missing:
            found = self.model.proba(np.asarray(self.embedder.encode(missing), np.float32), missing)
            with self._lock:
                for text, score in zip(missing, found):
                    self._memo[text] = float(score)
                while len(self._memo) > self._size:
                    self._memo.popitem(last=False)
        with self._lock:
            return [self._memo[t] for t in texts]

    def hostile(self, texts: Sequence[str]) -> list[bool]:
        """Whether each text reads as hostile."""
        return [s >= self.model.threshold for s in self.scores(texts)]


_READER: list[ToneReader | None] = []
_READER_LOCK = threading.Lock()


def reader() -> ToneReader | None:
    """The process-wide reader on the bundled MiniLM (None, with a warning once, when it cannot load)."""
    if _READER:
        return _READER[0]
    with _READER_LOCK:
        if not _READER:
            try:
                from voice_coach.feedback.bank import default_cache_dir
                from voice_coach.feedback.embed import default_embedder

                embedder = default_embedder()
                _READER.append(ToneReader(load_or_train(embedder, default_cache_dir()), embedder))
            except (ImportError, OSError, ValueError) as exc:
                log.warning("tone model unavailable, the clause rules run alone: %s", exc)
                _READER.append(None)
    return _READER[0]


def set_reader(tone_reader: ToneReader | None) -> None:
    """Use this reader from now on (None: the clause rules alone); clears the clause analysis cache."""
    from voice_coach.feedback.clauses import analyse

    with _READER_LOCK:
        _READER[:] = [tone_reader]
    analyse.cache_clear()


# Set while one line rated as not staying mindful is coached: only there is the model trusted to cut clauses, since
# on an ordinary line a blunt fact or a strong feeling sounds like a jab to it far too often.
LINE_HOSTILE: ContextVar[bool] = ContextVar("line_hostile", default=False)
SURE = 0.85  # the score at which a fact, a feeling or thanks is cut


@contextmanager
def hostile_line(hostile: bool) -> Iterator[None]:
    """Coach one line knowing whether it was rated hostile (the clause analysis reads this)."""
    token = LINE_HOSTILE.set(hostile)
    try:
        yield
    finally:
        LINE_HOSTILE.reset(token)


# A clause about the speaker ("I'm such a pushover", "I know I'm being stupid") puts the speaker down.
_SELF = re.compile(r"^(?:(?:i know|i guess|honestly|maybe|probably)\s+)?i(?:'m| am|'ve been| was)\b", re.IGNORECASE)
_SKIP = frozenset({"vocative", "filler", "refusal"})
_SUBSTANCE = frozenset({"fact", "feeling", "validation", "thanks", "answer", "offer", "benefit"})


def candidate(clause: Any, harmful: frozenset[str]) -> bool:
    """Whether the model may read this clause (usable, long enough, no marker the rules already read)."""
    if clause.kind in harmful | _SKIP or len(clause.text.split()) < MIN_WORDS:
        return False
    if any(kind == "sarcasm" for kind, _ in clause.problems):
        return False  # the rules already took its marker away and kept its fact ("only forty-five minutes late")
    # An ask said as a question may be a comeback ("do I look like someone who drops things?"); a plain ask is kept.
    return clause.kind != "request" or clause.end == "?" or clause.text.rstrip().endswith("?")


def mark_hostile(clauses: Sequence[Any], harmful: frozenset[str], tone_reader: ToneReader | None = None) -> None:
    """In a line rated hostile, usable clauses that read as hostile become attacks (or self-minimising when about
    the speaker)."""
    candidates = [c for c in clauses if candidate(c, harmful)]
    if not candidates:
        return
    tone_reader = tone_reader or reader()
    if tone_reader is None:
        return
    scores = tone_reader.scores([c.text.strip() for c in candidates])
    for clause, score in zip(candidates, scores):
        # A fact, a feeling or a thank-you is what a rewrite is built from: cutting one needs a surer reading.
        if score < (SURE if clause.kind in _SUBSTANCE else tone_reader.model.threshold):
            continue
        clause.kind = "self_minimising" if _SELF.match(clause.text.strip()) else "attack"
        clause.problems = [p for p in clause.problems if p[0] not in ("hedge", "filler")]
        # "jab" tells the suggestion the tone was read, not a word found (see suggest.problem wording).
        clause.problems.append((clause.kind if clause.kind == "self_minimising" else "jab", clause.text.strip(" ,.?!")))
