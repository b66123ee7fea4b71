"""Whisper log-mel features for the Smart Turn v3 end-of-turn model, in numpy only.

The model reads the last 8 s of a turn at 16 kHz as the output of Hugging Face's
`WhisperFeatureExtractor(chunk_length=8)` with `do_normalize=True`; this module computes the same
array (checked against Pipecat's reference extractor in tests/test_turn_features.py) without torch
or transformers.
"""

from __future__ import annotations

from functools import cache

import numpy as np

SAMPLE_RATE = 16_000
WINDOW_S = 8
WINDOW_SAMPLES = SAMPLE_RATE * WINDOW_S  # 128,000
N_FFT = 400  # 25 ms analysis window
HOP = 160  # 10 ms hop: 800 frames in 8 s
N_MELS = 80
N_FRAMES = WINDOW_SAMPLES // HOP
_MEL_FLOOR = 1e-10
_VAR_EPS = 1e-7


def _hz_to_mel(hz: np.ndarray) -> np.ndarray:
    """Slaney mel scale: linear below 1 kHz, logarithmic above (librosa's default, Whisper's choice)."""
    hz = np.asarray(hz, dtype=np.float64)
    linear = 3.0 * hz / 200.0
    log = 15.0 + np.log(np.maximum(hz, 1e-12) / 1000.0) * (27.0 / np.log(6.4))
    return np.where(hz >= 1000.0, log, linear)


def _mel_to_hz(mel: np.ndarray) -> np.ndarray:
    """Inverse of `_hz_to_mel`."""
    mel = np.asarray(mel, dtype=np.float64)
    linear = 200.0 * mel / 3.0
    log = 1000.0 * np.exp((np.log(6.4) / 27.0) * (mel - 15.0))
    return np.where(mel >= 15.0, log, linear)


@cache
def mel_filters() -> np.ndarray:
    """Triangular Slaney-normalised mel filterbank, shape (N_MELS, N_FFT // 2 + 1), float64."""
    edges = _mel_to_hz(np.linspace(_hz_to_mel(0.0), _hz_to_mel(SAMPLE_RATE / 2), N_MELS + 2))
    bins = np.linspace(0.0, SAMPLE_RATE / 2, N_FFT // 2 + 1)
    lower, centre, upper = edges[:-2, None], edges[1:-1, None], edges[2:, None]
    rising = (bins[None, :] - lower) / (centre - lower)
    falling = (upper - bins[None, :]) / (upper - centre)
    tri = np.maximum(0.0, np.minimum(rising, falling))
    return tri * (2.0 / (upper - lower))  # equal area per filter ("slaney" norm)


@cache
def _hann() -> np.ndarray:
    """Periodic Hann window of N_FFT samples (torch.hann_window's default, used by Whisper)."""
    return 0.5 - 0.5 * np.cos(2.0 * np.pi * np.arange(N_FFT) / N_FFT)


def last_window(audio: np.ndarray) -> np.ndarray:
    """The last 8 s of `audio` as float32; shorter audio is zero-padded at the start, as the model was trained."""
    x = np.asarray(audio, dtype=np.float32).reshape(-1)
    if x.size >= WINDOW_SAMPLES:
        return x[-WINDOW_SAMPLES:]
    return np.concatenate([np.zeros(WINDOW_SAMPLES - x.size, dtype=np.float32), x])


def log_mel(window: np.ndarray) -> np.ndarray:
    """Log-mel features (N_MELS, N_FRAMES) float32 of exactly 8 s of 16 kHz float audio."""
    x = np.asarray(window, dtype=np.float32).reshape(-1)
    if x.size != WINDOW_SAMPLES:
        raise ValueError(f"need {WINDOW_SAMPLES} samples, got {x.size}")
    # Zero-mean, unit-variance over the whole (padded) window, in float32 like the reference.
    x = (x - x.mean()) / np.sqrt(x.var() + _VAR_EPS)
    padded = np.pad(x.astype(np.float64), N_FFT // 2, mode="reflect")  # centred frames
    frames = np.lib.stride_tricks.sliding_window_view(padded, N_FFT)[::HOP]
    power = np.abs(np.fft.rfft(frames * _hann(), axis=-1)) ** 2  # (N_FRAMES + 1, 201)
    mel = np.log10(np.maximum(_MEL_FLOOR, mel_filters() @ power.T))[:, :-1]  # Whisper drops the last frame
    mel = np.maximum(mel, mel.max() - 8.0)  # 80 dB dynamic range
    return ((mel + 4.0) / 4.0).astype(np.float32)


def smart_turn_features(audio: np.ndarray) -> np.ndarray:
    """Model input [1, N_MELS, N_FRAMES] from a turn's float audio (any length; the last 8 s count)."""
    return log_mel(last_window(audio))[None]
