"""The learned stage at run time: the fitted model from the cache (or fitted now) and its encoder."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from platformdirs import user_cache_dir

from voice_coach.assets import read_fitted
from voice_coach.safety import prototypes, training, windows
from voice_coach.safety.model import CrisisModel, LineScore
from voice_coach.safety.training import (
    Embedder,
    TrainingExample,
    load_default_training,
    load_training,
    train,
)

log = logging.getLogger(__name__)

# Bump when the meaning of the cached arrays changes, so stale caches are not read.
_CACHE_FORMAT = 7


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
            "lines": [[normalise(e.utterance), e.crisis, e.category, e.tier, e.kind] for e in examples],
            "embedder": _embedder_identity(embedder),
            "settings": [
                windows.WINDOW_WORDS, windows.WINDOW_STRIDE, training.PAUSE_HARD_FPR,
                training.PAUSE_ORDINARY_FPR, training.ANY_HARD_FPR, training.ANY_ORDINARY_FPR,
                training.FOLDS, training.C, training.ANY_HIDDEN, training.PAUSE_HIDDEN, training.ALPHA,
                training.MLP_ITERATIONS,
                training.CONSULT_QUANTILE, training.AGREE_MARGIN, training.PAUSE_AGREES, prototypes.LINES_PER_PROTOTYPE, prototypes.MAX_PROTOTYPES,
                prototypes.NEIGHBOURS, training.CONTRAST_PREFIX,
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
    training_paths: Path | Sequence[Path] | None = None,
    cache_dir: Path | None = None,
    *,
    excluded: Callable[[str], list[tuple[int, int]]] | None = None,
    rule_tier: Callable[[str], str | None] | None = None,
    rules_fingerprint: str = "",
) -> CrisisModel:
    """The model for these training files and encoder: from the disk cache, else fitted and cached."""
    examples = load_training(training_paths) if training_paths else load_default_training()
    key = cache_key(examples, normalise, embedder, rules_fingerprint)
    path = (cache_dir or default_cache_dir()) / "safety" / f"crisis-model-{key}.npz"
    found = read_fitted(path, CrisisModel.load, "safety model", errors=(OSError, KeyError, ValueError, TypeError))
    if found is not None:
        return found
    model = train(examples, normalise, embedder, excluded=excluded, rule_tier=rule_tier)
    try:
        model.save(path)
    except OSError as exc:
        # A read-only home must not disable the check; the next start trains again.
        log.warning("could not cache the safety model at %s: %s", path, exc)
    return model


class LearnedStage:
    """The fitted model and its encoder, loaded on first use; off, with the reason, if that fails."""

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

    def score(self, candidates: list[str]) -> LineScore | None:
        """Scores of the line whose candidate windows these are; None without model or windows."""
        model = self.model()
        if model is None or not candidates:
            return None
        vectors = np.asarray(self.encoder().encode(candidates), dtype=np.float32)
        return model.score(vectors, candidates)
