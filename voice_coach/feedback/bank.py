"""The exemplar bank: labelled lines (JSONL), their embeddings, and nearest-neighbour look-ups.

The same loader reads any evaluation file in the DESIGN.md JSONL shape (`situation_id` and
`rewrites` optional). Embeddings are cached on disk by text hash, so a changed bank only embeds
its new lines.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, field_validator

from voice_coach.jsonl import load_jsonl
from voice_coach.assets import asset_dir, shipped_fitted
from voice_coach.ports import Embedder
from voice_coach.skills import ALL_SKILLS, Ratings, Skill, is_positive


class Example(BaseModel):
    """One labelled user line in its context."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    id: str = Field(min_length=1)
    situation_id: str = ""
    category: str = ""
    situation: str = ""
    partner_last: str = ""
    utterance: str = Field(min_length=1)
    labels: Ratings
    rewrites: dict[str, str] = Field(default_factory=dict)

    @field_validator("labels", mode="before")
    @classmethod
    def _wrap_labels(cls, value: object) -> object:
        return Ratings(labels=value) if isinstance(value, dict) else value

    @field_validator("rewrites")
    @classmethod
    def _known_skills(cls, value: dict[str, str]) -> dict[str, str]:
        unknown = [k for k in value if k not in {s.value for s in ALL_SKILLS}]
        if unknown:
            raise ValueError(f"rewrites for unknown skills: {', '.join(unknown)}")
        return value

    @property
    def group(self) -> str:
        """The cross-validation group: the situation (by id, else by text)."""
        return self.situation_id or self.situation or self.id

    def label(self, skill: Skill) -> str:
        """This line's label for one skill."""
        return self.labels[skill]


def load_examples(path: str | Path) -> list[Example]:
    """Read a JSONL file of labelled lines; a bad line raises ValueError naming file and line."""
    return load_jsonl(path, Example, what="labelled lines")


def bank_paths() -> list[Path]:
    """The bank files, prompts/exemplars/*.jsonl, in a stable order."""
    return sorted((asset_dir("prompts") / "exemplars").glob("*.jsonl"))


def files_digest(paths: Iterable[Path], *extra: str) -> str:
    """A short content hash of files plus extra strings (code versions), for cache keys."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    for item in extra:
        digest.update(item.encode())
    return digest.hexdigest()[:20]


def default_cache_dir() -> Path:
    """Where trained models and embeddings are cached (VOICE_COACH_CACHE_DIR overrides)."""
    override = os.environ.get("VOICE_COACH_CACHE_DIR")
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("voice-coach", appauthor=False))


def embedder_id(embedder: Embedder) -> str:
    """A cache key for an embedder: its model file (name and size) or its model name."""
    model_path = getattr(embedder, "model_path", None)
    if model_path is not None and Path(model_path).is_file():
        return f"{Path(model_path).stem}-{Path(model_path).stat().st_size}"
    return str(getattr(embedder, "model", type(embedder).__name__)).replace("/", "_")


class EmbeddingCache:
    """Text -> vector, memoised in memory and in one .npz file per embedder."""

    def __init__(self, embedder: Embedder, cache_dir: Path | None) -> None:
        """Wrap `embedder`; with no cache_dir the cache lives in memory only."""
        self.embedder = embedder
        self.path = (cache_dir / f"embeddings-{embedder_id(embedder)}.npz") if cache_dir else None
        self._vectors: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()
        # The user cache first; else the vectors of the shipped bank, fitted at release time.
        source = self.path if self.path and self.path.is_file() else (
            shipped_fitted(self.path.name) if self.path else None)
        if source is not None:
            try:
                with np.load(source, allow_pickle=False) as data:
                    self._vectors = dict(zip(data["keys"].tolist(), data["vectors"], strict=True))
            except (OSError, ValueError, KeyError):
                self._vectors = {}  # a corrupt cache is rebuilt, never trusted

    @staticmethod
    def _key(text: str) -> str:
        return hashlib.sha1(text.encode("utf-8")).hexdigest()

    def encode(self, texts: Sequence[str], *, persist: bool = True) -> np.ndarray:
        """Vectors for texts, embedding only those not seen before."""
        keys = [self._key(t) for t in texts]
        missing = list(dict.fromkeys(t for t, k in zip(texts, keys) if k not in self._vectors))
        if missing:
            fresh = self.embedder.encode(missing)
            with self._lock:
                for text, vector in zip(missing, fresh):
                    self._vectors[self._key(text)] = np.asarray(vector, dtype=np.float32)
            if persist:
                self.save()
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return np.stack([self._vectors[k] for k in keys])

    def save(self) -> None:
        """Write the cache file atomically (a no-op without a cache dir)."""
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock:
            keys = np.array(list(self._vectors), dtype=str)
            vectors = np.stack(list(self._vectors.values())) if self._vectors else np.zeros((0, 384), np.float32)
        tmp = self.path.with_name(self.path.name + f".{os.getpid()}.tmp.npz")
        np.savez(tmp, keys=keys, vectors=vectors)
        os.replace(tmp, self.path)


def context_vector(situation: np.ndarray, partner: np.ndarray | None) -> np.ndarray:
    """The retrieval key of a moment in a conversation: situation plus the partner's last line."""
    vector = situation + (partner if partner is not None else 0.0)
    return vector / max(float(np.linalg.norm(vector)), 1e-12)


@dataclass
class Bank:
    """Labelled examples with their utterance, situation and partner-line embeddings."""

    examples: list[Example]
    utterances: np.ndarray
    situations: np.ndarray
    partners: np.ndarray
    has_partner: np.ndarray
    contexts: np.ndarray = field(init=False)
    # Label masks by (skill, label) and contrast masks by skill: the examples never change after construction,
    # and rebuilding a mask over every example on each call was a tenth of the coaching time per line.
    _masks: dict[tuple[str, str], np.ndarray] = field(init=False, repr=False, default_factory=dict)

    def __post_init__(self) -> None:
        contexts = self.situations + self.partners * self.has_partner[:, None]
        self.contexts = contexts / np.maximum(np.linalg.norm(contexts, axis=1, keepdims=True), 1e-12)

    def index_of(self, example: Example) -> int:
        """Position of `example` in the bank, by identity (pydantic equality compares every field)."""
        return next(i for i, e in enumerate(self.examples) if e is example)

    @classmethod
    def build(cls, examples: list[Example], cache: EmbeddingCache) -> Bank:
        """Embed every example (utterance, situation, partner line) through the cache."""
        utterances = cache.encode([e.utterance for e in examples], persist=False)
        situations = cache.encode([e.situation or e.utterance for e in examples], persist=False)
        partners = cache.encode([e.partner_last or " " for e in examples], persist=False)
        cache.save()
        has_partner = np.array([1.0 if e.partner_last else 0.0 for e in examples], dtype=np.float32)
        return cls(examples, utterances, situations, partners, has_partner)

    def subset(self, indices: Sequence[int]) -> Bank:
        """The bank restricted to some examples (e.g. a training fold)."""
        idx = np.asarray(indices, dtype=int)
        return Bank([self.examples[i] for i in idx], self.utterances[idx], self.situations[idx],
                    self.partners[idx], self.has_partner[idx])

    def __len__(self) -> int:
        return len(self.examples)

    def nearest(self, query: np.ndarray, *, skill: Skill | None = None, label: str | None = None,
                k: int = 3, by: str = "utterance", where: np.ndarray | None = None) -> list[tuple[Example, float]]:
        """The k most similar examples, optionally only those with `label` on `skill`."""
        keys = self.utterances if by == "utterance" else self.contexts
        scores = keys @ query
        mask = np.ones(len(self.examples), dtype=bool) if where is None else where.copy()
        if skill is not None and label is not None:
            key = (skill.value, label)
            if key not in self._masks:
                self._masks[key] = np.array([e.label(skill) == label for e in self.examples], dtype=bool)
            mask &= self._masks[key]
        candidates = np.flatnonzero(mask)
        if candidates.size == 0:
            return []
        top = candidates[np.argsort(-scores[candidates], kind="stable")[:k]]
        return [(self.examples[i], float(scores[i])) for i in top]

    def contrast_pairs(self, query: np.ndarray, skill: Skill, k: int = 2) -> list[tuple[Example, str]]:
        """Nearest lines that are not strong in `skill`, each beside its strong rewrite."""
        key = (skill.value, "contrast")
        if key not in self._masks:
            self._masks[key] = np.array([(not is_positive(skill, e.label(skill))) and skill.value in e.rewrites
                                         for e in self.examples], dtype=bool)
        mask = self._masks[key]
        return [(e, e.rewrites[skill.value]) for e, _ in self.nearest(query, k=k, where=mask)]

    def knn_labels(self, query: np.ndarray, k: int = 7) -> dict[str, str]:
        """Similarity-weighted majority vote of the k nearest utterances, per skill (a baseline)."""
        neighbours = self.nearest(query, k=k)
        labels: dict[str, str] = {}
        for skill in ALL_SKILLS:
            votes: dict[str, float] = {}
            for example, score in neighbours:
                votes[example.label(skill)] = votes.get(example.label(skill), 0.0) + max(score, 0.0) + 1e-6
            labels[skill.value] = max(votes, key=votes.__getitem__)
        return labels
