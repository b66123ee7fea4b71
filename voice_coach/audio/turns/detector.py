"""Smart Turn v3 end-of-turn model (Pipecat, BSD-2-Clause) run with onnxruntime on one thread.

Given a turn's audio up to now, it returns the probability that the speaker has finished their
thought. The ONNX file is vendored in models/smart_turn/ (see PROVENANCE.md there); it is loaded
on first use, so importing this module costs nothing.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from voice_coach.audio.turns.features import smart_turn_features

if TYPE_CHECKING:
    import onnxruntime

MODEL_FILE = "smart-turn-v3.2-cpu.onnx"


def default_model_path() -> Path:
    """The vendored model: models/smart_turn/smart-turn-v3.2-cpu.onnx in a checkout or an installed wheel."""
    from voice_coach.assets import asset_dir

    return asset_dir("models") / "smart_turn" / MODEL_FILE


@dataclass(frozen=True)
class TurnScore:
    """One model verdict: probability that the turn is complete and what it cost."""

    probability: float
    features_ms: float
    inference_ms: float

    @property
    def total_ms(self) -> float:
        """Features plus inference."""
        return self.features_ms + self.inference_ms


class SmartTurnModel:
    """Scores the last up to 8 s of a turn; thread-safe, loads lazily."""

    name = "smart-turn-v3.2"

    def __init__(self, model_path: str | Path | None = None, *, threads: int = 1) -> None:
        """Point at the ONNX file (default: the vendored one); nothing is read until `load` or `score`."""
        if threads < 1:
            raise ValueError("threads must be >= 1")
        self.model_path = Path(model_path) if model_path else default_model_path()
        self.threads = threads
        self._session: onnxruntime.InferenceSession | None = None
        self._lock = threading.Lock()

    def load(self) -> None:
        """Open the ONNX session (idempotent); raises FileNotFoundError if the model file is missing."""
        with self._lock:
            if self._session is not None:
                return
            if not self.model_path.is_file():
                raise FileNotFoundError(f"Smart Turn model not found at {self.model_path}")
            import onnxruntime as ort

            from voice_coach.audio.onnx import lean_options

            # One thread: the model is small (44 ms) and the two cores belong to Whisper and Piper.
            opts = lean_options(self.threads)
            self._session = ort.InferenceSession(str(self.model_path), sess_options=opts,
                                                 providers=["CPUExecutionProvider"])

    @property
    def loaded(self) -> bool:
        """True once the ONNX session exists."""
        return self._session is not None

    def score(self, audio: np.ndarray) -> TurnScore:
        """Probability that the speaker finished, from float32 16 kHz audio of the turn so far."""
        self.load()
        session: Any = self._session
        t0 = time.perf_counter()
        features = smart_turn_features(audio)
        t1 = time.perf_counter()
        (out,) = session.run(None, {"input_features": features})
        t2 = time.perf_counter()
        # The graph ends in a sigmoid despite its output's name ("logits"): values are probabilities.
        prob = float(np.asarray(out).reshape(-1)[0])
        return TurnScore(probability=prob, features_ms=(t1 - t0) * 1000, inference_ms=(t2 - t1) * 1000)
