"""Signal levels in dBFS: one definition for the endpointer, the STT silence guard and the benchmark."""

from __future__ import annotations

import numpy as np

FRAME_20MS = 320  # samples of one 20 ms frame at 16 kHz
_FLOOR = 1e-6  # -120 dBFS: digital silence gets a finite level


def dbfs(audio: np.ndarray) -> float:
    """RMS level of float audio (full scale = 1.0) in dB relative to full scale."""
    if audio.size == 0:
        return -120.0
    rms = float(np.sqrt(np.mean(np.square(audio, dtype=np.float64))))
    return 20.0 * float(np.log10(max(rms, _FLOOR)))


def frame_levels(audio: np.ndarray, frame: int = FRAME_20MS) -> np.ndarray:
    """dBFS of each whole consecutive frame of float audio (a trailing partial frame is ignored)."""
    n = audio.size // frame
    frames = audio[: n * frame].astype(np.float64).reshape(n, frame)
    return 20.0 * np.log10(np.maximum(np.sqrt(np.mean(frames * frames, axis=1)), _FLOOR))
