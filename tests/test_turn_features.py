"""The numpy Whisper log-mel extractor against Pipecat's own output on real LibriVox speech."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from voice_coach.audio.turns.features import (
    N_FRAMES,
    N_MELS,
    WINDOW_SAMPLES,
    last_window,
    log_mel,
    mel_filters,
    smart_turn_features,
)

from .conftest import load_clip

REFERENCE = Path(__file__).resolve().parents[1] / "models" / "smart_turn" / "reference.npz"
SHORT = ["sense_and_sensibility_01_austen_64kb-0880.wav"]
LONG = ["sense_and_sensibility_01_austen_64kb-0870.wav", "sense_and_sensibility_01_austen_64kb-0920.wav"]


@pytest.fixture(scope="module")
def reference() -> dict[str, np.ndarray]:
    """Arrays written by models/smart_turn/make_reference.py from Pipecat 1.14.0's extractor."""
    with np.load(REFERENCE) as ref:
        return {k: ref[k] for k in ref.files}


def _audio(names: list[str]) -> np.ndarray:
    return np.concatenate([load_clip(n).audio for n in names])


@pytest.mark.parametrize(("case", "names"), [("short", SHORT), ("long", LONG)])
def test_matches_pipecat_reference(reference: dict[str, np.ndarray], case: str, names: list[str]) -> None:
    """Same features as Pipecat's extractor, to float32 rounding.

    Catches any drift in the preprocessing the model was trained with: padding on the wrong side,
    keeping the first instead of the last 8 s, skipping the waveform normalisation, an HTK mel
    scale, a symmetric window, not dropping the last frame or a different clamp.
    """
    audio = _audio(names)
    assert audio.size == int(reference[f"{case}_audio_samples"])
    ours = smart_turn_features(audio)
    assert ours.shape == (1, N_MELS, N_FRAMES) and ours.dtype == np.float32
    np.testing.assert_allclose(ours[0], reference[f"{case}_features"], rtol=0, atol=1e-4)


def test_window_keeps_the_end_and_pads_the_start() -> None:
    """Short audio is zero-padded before it, long audio loses its beginning (the end of a turn is what counts)."""
    short = np.ones(1000, dtype=np.float32)
    w = last_window(short)
    assert w.size == WINDOW_SAMPLES and not w[:-1000].any() and w[-1000:].all()
    long = np.arange(WINDOW_SAMPLES + 5, dtype=np.float32)
    assert last_window(long)[0] == 5.0 and last_window(long)[-1] == WINDOW_SAMPLES + 4


def test_mel_filters_are_slaney_area_normalised() -> None:
    """80 triangles over 201 FFT bins, each of unit area (in Hz).

    Catches an unnormalised (peak 1) or HTK-style bank, which would shift every feature.
    """
    bank = mel_filters()
    assert bank.shape == (N_MELS, 201)
    hz_per_bin = 8000 / 200
    areas = bank.sum(axis=1) * hz_per_bin
    # Slaney normalisation gives each filter unit area; filters only one or two FFT bins wide
    # sample their triangle coarsely, hence 10 % per filter and 1 % on average.
    np.testing.assert_allclose(areas, 1.0, rtol=0.1)
    assert abs(float(areas.mean()) - 1.0) < 0.01


def test_rejects_wrong_length() -> None:
    """`log_mel` takes exactly 8 s: silently accepting other lengths would mis-align the frames."""
    with pytest.raises(ValueError):
        log_mel(np.zeros(WINDOW_SAMPLES - 1, dtype=np.float32))
