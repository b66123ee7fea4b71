"""Tone features of one spoken turn: pitch, loudness, pace, pauses, fillers and sentence endings.

Pure functions from float32 mono audio (16 kHz by default) plus optional word timings to a typed
`Prosody`. Absolute values are only half the story: `baseline.py` turns them into deltas against
the speaker's own usual voice, because microphones and voices differ far more than moods do.

Pitch comes from YIN (de Cheveigne & Kawahara 2002), written here in vectorised numpy so the
module needs numpy only: librosa would bring numba/llvmlite and scipy, ~230 MB of resident memory
in a server that must stay small (docs/prosody.md). YIN has no voicing decision, so a frame counts
as voiced when it is loud enough relative to the turn and strongly periodic at the YIN period
(normalised autocorrelation).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from pydantic import BaseModel, ConfigDict

from voice_coach.events import Word

Contour = Literal["rising", "falling", "level"]

SAMPLE_RATE = 16_000
HOP_S = 0.010  # 10 ms grid for loudness and pauses
ENERGY_FRAME_S = 0.020  # short frames so pause edges stay sharp (+-10 ms)
PITCH_FRAME_S = 0.064  # yin compares two 32 ms halves: shorter frames made octave errors 5-10x likelier
PITCH_HOP_S = 0.020  # half the pitch frames of a 10 ms grid: yin is most of the cost
FMIN_HZ, FMAX_HZ = 60.0, 450.0
MIN_VOICED_S = 0.5
MIN_PAUSE_S = 0.250
SNAP_REACH_S = 0.6  # how far an estimated sentence end may be from the pause that really ends it
TERMINAL_WINDOW_S = 0.40  # last voiced stretch of a sentence that carries the boundary tone
CONTOUR_THRESHOLD_ST = 1.5
YIN_THRESHOLD = 0.1  # absolute threshold on the normalised difference (librosa's default too)
YIN_BLOCK = 256  # frames per FFT batch: bounds the transient memory of long turns to a few MB
VOICING_CORR = 0.45  # normalised autocorrelation at the period (Praat's voicing threshold)
OCTAVE_JUMP = 0.55  # octaves away from the local median that only a tracking error reaches
ACTIVE_BELOW_PEAK_DB = 35.0  # frames this far below the turn's loud frames are silence
ABS_SILENCE_DBFS = -60.0
CLIP_LEVEL = 0.99
CLIP_ONLY_FRACTION = 0.2

_FILLERS = {"um", "umm", "uh", "uhh", "erm", "er", "ah", "hmm", "mm", "mhm"}
_LIKE_NOT_FILLER_BEFORE = {
    "i", "you", "we", "they", "would", "wouldn't", "i'd", "you'd", "we'd", "they'd", "to",
    "don't", "didn't", "do", "does", "feel", "feels", "felt", "look", "looks", "looked",
    "seem", "seems", "sound", "sounds", "something", "more", "less", "not", "just", "really",
}  # "I'd like", "looks like", "something like": verb or preposition, not filler
_LIKE_FILLER_BEFORE = {"was", "is", "it's", "that's", "were", "like", "and", "but", "so", "um", "uh"}
_COMPLEMENT_AFTER = {"that", "what", "how", "why", "where", "when", "if", "who", "about", "it", "him", "her"}


class SentenceEnd(BaseModel):
    """Terminal pitch movement of one sentence (or of the whole turn without word timings)."""

    model_config = ConfigDict(frozen=True)

    text: str
    end_s: float
    terminal_st: float | None
    contour: Contour | None


class Prosody(BaseModel):
    """Tone features of one turn; when `enough_speech` is False only the first fields are set."""

    model_config = ConfigDict(frozen=True)

    enough_speech: bool
    reason: str | None = None
    duration_s: float
    voiced_s: float
    clipped_fraction: float
    response_latency_s: float | None = None
    speech_s: float | None = None
    f0_median_hz: float | None = None
    f0_range_st: float | None = None
    sentences: list[SentenceEnd] = []
    final_terminal_st: float | None = None
    final_contour: Contour | None = None
    level_dbfs: float | None = None
    level_range_db: float | None = None
    level_trend_db: float | None = None
    word_count: int | None = None
    rate_wpm: float | None = None
    pause_count: int | None = None
    pause_total_s: float | None = None
    pause_ratio: float | None = None
    filler_count: int | None = None
    filler_rate: float | None = None
    fillers: list[str] = []


def warm_up() -> None:
    """Run every code path once so the first real turn pays no first-call costs."""
    t = np.arange(int(0.8 * SAMPLE_RATE)) / SAMPLE_RATE
    tone = (0.3 * np.sin(2 * np.pi * 150 * t)).astype(np.float32)
    words = [Word(word="Hello.", start=0.0, end=0.8)]
    analyze(tone, words=words, response_latency_s=0.5)


def analyze(
    audio: np.ndarray,
    words: Sequence[Word] | None = None,
    *,
    response_latency_s: float | None = None,
    sample_rate: int = SAMPLE_RATE,
) -> Prosody:
    """Measure the tone features of one turn of mono audio."""
    raw = np.asarray(audio)
    scale = 1.0 / 32768.0 if np.issubdtype(raw.dtype, np.integer) else 1.0  # PCM16 from the wire
    x = np.nan_to_num(raw.astype(np.float32) * scale, nan=0.0, posinf=1.0, neginf=-1.0)
    if x.ndim > 1:
        x = x.mean(axis=-1 if x.shape[-1] <= 8 else 0)
    duration = len(x) / sample_rate
    clipped = float(np.mean(np.abs(x) >= CLIP_LEVEL)) if len(x) else 0.0
    base: dict[str, Any] = {"duration_s": round(duration, 3), "clipped_fraction": round(clipped, 4),
            "response_latency_s": response_latency_s}
    hop = round(HOP_S * sample_rate)
    if len(x) < 4 * int(PITCH_FRAME_S * sample_rate):
        return Prosody(enough_speech=False, reason="too short", voiced_s=0.0, **base)
    if clipped >= CLIP_ONLY_FRACTION:
        return Prosody(enough_speech=False, reason="clipped", voiced_s=0.0, **base)
    x = _remove_dc(x)
    db = _frame_db(x, sample_rate, hop)
    active = _active_mask(db)
    if not active.any():
        return Prosody(enough_speech=False, reason="silence", voiced_s=0.0, **base)
    f0, voiced = _pitch(x, sample_rate, active)
    voiced_s = float(voiced.sum()) * PITCH_HOP_S
    if voiced_s < MIN_VOICED_S:
        return Prosody(enough_speech=False, reason=f"only {voiced_s:.2f} s of voiced speech",
                       voiced_s=round(voiced_s, 3), **base)

    semis = np.full(len(f0), np.nan)
    semis[voiced] = 12.0 * np.log2(f0[voiced] / 100.0)
    f0_median = float(np.median(f0[voiced]))
    p5, p95 = np.percentile(semis[voiced], [5, 95])

    step = round(PITCH_HOP_S / HOP_S)
    vdb = db[: len(voiced) * step : step][voiced]
    split = round(0.75 * len(vdb))
    trend = _power_mean_db(vdb[split:]) - _power_mean_db(vdb[:split]) if split < len(vdb) else 0.0
    l5, l95 = np.percentile(vdb, [5, 95])

    idx = np.flatnonzero(active)
    span_s = (idx[-1] - idx[0] + 1) * HOP_S
    gaps = _pauses(active[idx[0] : idx[-1] + 1])
    pause_total = sum(gaps)
    speech_s = max(span_s - pause_total, HOP_S)

    sentences = _sentence_ends(semis, voiced, words, duration, _gap_spans(active))
    final = sentences[-1] if sentences else None

    word_list = [w for w in (words or []) if _norm(w.word)]
    n_words = len(word_list) if words is not None else None
    fillers = find_fillers([w.word for w in word_list]) if words is not None else []
    rate = 60.0 * n_words / speech_s if n_words else None
    return Prosody(
        enough_speech=True,
        voiced_s=round(voiced_s, 3),
        speech_s=round(speech_s, 3),
        f0_median_hz=round(f0_median, 2),
        f0_range_st=round(float(p95 - p5), 2),
        sentences=sentences,
        final_terminal_st=final.terminal_st if final else None,
        final_contour=final.contour if final else None,
        level_dbfs=round(_power_mean_db(vdb), 2),
        level_range_db=round(float(l95 - l5), 2),
        level_trend_db=round(float(trend), 2),
        word_count=n_words,
        rate_wpm=round(rate, 1) if rate is not None else None,
        pause_count=len(gaps),
        pause_total_s=round(pause_total, 3),
        pause_ratio=round(pause_total / span_s, 3),
        filler_count=len(fillers) if words is not None else None,
        filler_rate=round(100.0 * len(fillers) / n_words, 2) if n_words else None,
        fillers=fillers,
        **base,
    )


def find_fillers(tokens: Sequence[str]) -> list[str]:
    """Filled pauses and discourse fillers among recognised words ("um", filler "like", "you know")."""
    words = [_norm(t) for t in tokens]
    comma_after = [t.strip().endswith((",", "...", "-")) for t in tokens]
    found: list[str] = []
    for i, w in enumerate(words):
        prev = words[i - 1] if i else ""
        after = words[i + 1] if i + 1 < len(words) else ""
        clause_start = i == 0 or comma_after[i - 1] or tokens[i - 1].strip().endswith((".", "?", "!"))
        if w in _FILLERS:
            found.append(w)
        elif w == "like":
            if prev in _LIKE_NOT_FILLER_BEFORE and not comma_after[i]:
                continue
            if comma_after[i] or clause_start or prev in _LIKE_FILLER_BEFORE:
                found.append("like")
        elif (prev, w) in {("you", "know"), ("i", "mean")}:
            starts = i == 1 or comma_after[i - 2] or tokens[i - 2].strip().endswith((".", "?", "!"))
            if comma_after[i] or (starts and after not in _COMPLEMENT_AFTER):
                found.append(f"{prev} {w}")
    return found


def _norm(token: str) -> str:
    return re.sub(r"[^a-z']", "", token.lower().replace("\u2019", "'"))


def _remove_dc(x: np.ndarray) -> np.ndarray:
    # Subtracting the mean removes a DC offset without the ringing of a high-pass filter, which
    # would eat ~10 ms of every pause at each edge; a constant offset is what cheap interfaces add.
    return (x - x.mean()).astype(np.float32)


def _frame_db(x: np.ndarray, sr: int, hop: int) -> np.ndarray:
    frames = _frames(x, int(ENERGY_FRAME_S * sr), hop)
    rms = np.sqrt(np.einsum("ij,ij->i", frames, frames, dtype=np.float64) / frames.shape[1])
    return 20.0 * np.log10(np.maximum(rms, 1e-6))


def _frames(x: np.ndarray, frame: int, hop: int) -> np.ndarray:
    """Centred frames (zero-padded by half a frame), one row per hop: a view, not a copy."""
    padded = np.pad(x, frame // 2)
    return sliding_window_view(padded, frame)[::hop]


def _active_mask(db: np.ndarray) -> np.ndarray:
    loud = float(np.percentile(db, 95))
    active = db > max(ABS_SILENCE_DBFS, loud - ACTIVE_BELOW_PEAK_DB)
    return _drop_short_runs(active, 5)  # 50 ms clicks are not speech


def _pitch(x: np.ndarray, sr: int, active: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    frame = int(PITCH_FRAME_S * sr)
    hop = round(PITCH_HOP_S * sr)
    all_frames = _frames(x, frame, hop)
    f0 = _yin(all_frames, sr)
    active = active[:: round(PITCH_HOP_S / HOP_S)]  # both grids are centred on frame * hop
    n = min(len(f0), len(active))
    f0, active = f0[:n], active[:n]
    # Periodicity at the yin period: yin always returns a value, so this is the voicing decision.
    frames = all_frames[:n]
    win = frame // 2
    lag = np.clip(np.round(sr / f0).astype(int), 1, frame - win)
    rows = np.arange(n)[:, None]
    a = frames[:, :win]
    b = frames[rows, np.arange(win)[None, :] + lag[:, None]]
    corr = (a * b).sum(1) / np.sqrt((a * a).sum(1) * (b * b).sum(1) + 1e-12)
    voiced = active & (corr >= VOICING_CORR) & (f0 > FMIN_HZ * 1.02) & (f0 < FMAX_HZ * 0.98)
    if voiced.any():
        # Frames 1.5 octaves above or 1 below the turn's median are harmonics or noise, not F0.
        centre = np.median(np.log2(f0[voiced]))
        voiced &= np.abs(np.log2(f0) - centre - 0.25) <= 1.25
    voiced = _drop_short_runs(voiced, 3)
    smooth = f0.copy()
    if voiced.any():
        logf = np.log2(f0[voiced])
        # F0 cannot leap most of an octave within ~90 ms: such frames are yin octave errors.
        jump = logf - _running_median(logf, 9)
        logf = logf - np.where(jump > OCTAVE_JUMP, 1.0, 0.0) + np.where(jump < -OCTAVE_JUMP, 1.0, 0.0)
        # A 5-frame (100 ms) median removes what is left without flattening real glides.
        smooth[voiced] = 2.0 ** _running_median(logf, 5)
    return smooth, voiced


def _yin(frames: np.ndarray, sr: int) -> np.ndarray:
    """YIN F0 in Hz of each frame (row); every frame gets a value, voiced or not."""
    min_period = int(np.floor(sr / FMAX_HZ))
    max_period = min(int(np.ceil(sr / FMIN_HZ)), frames.shape[1] - 1)
    n_fft = 1 << (2 * frames.shape[1] - 1).bit_length()  # no circular wrap-around in the ACF
    lags = np.arange(1, max_period + 1)
    f0 = np.empty(len(frames))
    for start in range(0, len(frames), YIN_BLOCK):
        block = frames[start : start + YIN_BLOCK].astype(np.float64)
        spec = np.fft.rfft(block, n=n_fft, axis=1)
        acf = np.fft.irfft(spec.real**2 + spec.imag**2, n=n_fft, axis=1)[:, : max_period + 1]
        energy = np.cumsum(block[:, :max_period] ** 2, axis=1)
        # Difference function d(k) = sum (x[j] - x[j+k])^2 from the ACF; like librosa.yin, the
        # energy of the last k samples is left in, which gently penalises long (sub-octave) lags.
        diff = 2.0 * (acf[:, :1] - acf[:, 1:]) - energy
        # Cumulative mean normalised difference d'(k) = d(k) / mean(d(1..k)) (eq. 8).
        cmnd = diff / (np.cumsum(diff, axis=1) / lags + np.finfo(np.float64).tiny)
        f0[start : start + len(block)] = sr / _yin_period(cmnd[:, min_period - 1 :], min_period)
    return f0


def _yin_period(cmnd: np.ndarray, min_period: int) -> np.ndarray:
    """Period in samples per row of d' over lags min_period..: absolute threshold + parabola."""
    left, mid, right = cmnd[:, :-2], cmnd[:, 1:-1], cmnd[:, 2:]
    trough = np.zeros(cmnd.shape, bool)
    trough[:, 0] = cmnd[:, 0] < cmnd[:, 1]
    trough[:, 1:-1] = (mid < left) & (mid <= right)
    trough[:, -1] = cmnd[:, -1] < cmnd[:, -2]
    # The first trough under the threshold (step 4); without one, the global minimum.
    below = trough & (cmnd < YIN_THRESHOLD)
    best = np.where(below.any(axis=1), np.argmax(below, axis=1), np.argmin(cmnd, axis=1))
    # Parabolic interpolation through the trough and its neighbours (step 5); a vertex more
    # than one bin away means the three points are not a trough shape, so no shift.
    curve = left + right - 2.0 * mid
    half_slope = (right - left) / 2.0
    shift = np.zeros(cmnd.shape)
    ok = np.abs(half_slope) < np.abs(curve)
    shift[:, 1:-1] = np.where(ok, -half_slope / np.where(ok, curve, 1.0), 0.0)
    rows = np.arange(len(cmnd))
    return min_period + best + shift[rows, best]


def _running_median(values: np.ndarray, size: int) -> np.ndarray:
    """Centred running median of odd `size`, edges padded with the end values."""
    padded = np.pad(values, size // 2, mode="edge")
    return np.median(sliding_window_view(padded, size), axis=1)


def _drop_short_runs(mask: np.ndarray, min_len: int) -> np.ndarray:
    out = mask.copy()
    edges = np.flatnonzero(np.diff(np.concatenate(([0], mask.astype(np.int8), [0]))))
    for start, stop in zip(edges[::2], edges[1::2]):
        if stop - start < min_len:
            out[start:stop] = False
    return out


def _silent_runs(active: np.ndarray) -> list[tuple[int, int]]:
    """(first, past-the-last) frame index of each run of silent frames."""
    edges = np.flatnonzero(np.diff(np.concatenate(([1], active.astype(np.int8), [1]))))
    return list(zip(edges[::2].tolist(), edges[1::2].tolist()))


def _pauses(active: np.ndarray) -> list[float]:
    # A frame is silent only if its whole window is, so each run of silent frames is one frame
    # length minus one hop shorter than the real gap.
    gaps = [(stop - start) * HOP_S + ENERGY_FRAME_S - HOP_S for start, stop in _silent_runs(active)]
    return [round(g, 3) for g in gaps if g >= MIN_PAUSE_S - 1e-9]


def _gap_spans(active: np.ndarray, min_gap_s: float = 0.12) -> list[tuple[float, float]]:
    """(start, end) seconds of the silences between stretches of speech, at least `min_gap_s` long."""
    spans = [(start * HOP_S + ENERGY_FRAME_S - HOP_S, stop * HOP_S) for start, stop in _silent_runs(active)
             if start > 0 and stop < len(active)]  # leading and trailing silence are no gaps
    return [(round(a, 3), round(b, 3)) for a, b in spans if b - a >= min_gap_s - 1e-9]


def _gap_near(end: float, gaps: Sequence[tuple[float, float]], reach_s: float = SNAP_REACH_S) -> tuple[float, float] | None:
    """The silence (where speech stopped, where it went on) nearest a sentence end that the words placed."""
    near = [g for g in gaps if abs(g[0] - end) <= reach_s]
    return min(near, key=lambda g: abs(g[0] - end)) if near else None


def _power_mean_db(db: np.ndarray) -> float:
    return float(10.0 * np.log10(np.mean(10.0 ** (db / 10.0))))


def _sentence_ends(
    semis: np.ndarray, voiced: np.ndarray, words: Sequence[Word] | None, duration: float,
    gaps: Sequence[tuple[float, float]] = (),
) -> list[SentenceEnd]:
    spans: list[tuple[str, float, float]] = []  # (text, start, end)
    if words:
        current: list[Word] = []
        for w in words:
            current.append(w)
            if w.word.strip().rstrip("\"')").endswith((".", "?", "!")):
                spans.append((_join(current), current[0].start, current[-1].end))
                current = []
        if current:
            spans.append((_join(current), current[0].start, current[-1].end))
    else:
        spans.append(("", 0.0, duration))
    # Word times may be estimates inside a Whisper segment (stt.estimated_words): a sentence that ends
    # inside the turn ends where the speaker paused, so each inner end moves to the nearest silence.
    for i in range(len(spans) - 1):
        gap = _gap_near(spans[i][2], gaps)
        if gap is not None:
            spans[i] = (spans[i][0], spans[i][1], gap[0])
            spans[i + 1] = (spans[i + 1][0], gap[1], max(gap[1], spans[i + 1][2]))
    ends: list[SentenceEnd] = []
    for text, start, end in spans:
        lo = int(start / PITCH_HOP_S)
        hi = min(int((end + 0.15) / PITCH_HOP_S) + 1, len(voiced))  # word ends from ASR are often early
        move = _terminal_movement(semis[lo:hi], voiced[lo:hi])
        ends.append(SentenceEnd(text=text, end_s=round(end, 3), terminal_st=move, contour=_contour(move)))
    return ends


def _join(words: Sequence[Word]) -> str:
    return " ".join(w.word.strip() for w in words)


def _terminal_movement(semis: np.ndarray, voiced: np.ndarray) -> float | None:
    idx = np.flatnonzero(voiced)
    # The last 400 ms worth of voiced frames, so a short voiced blip at the very end cannot
    # shrink the window; but never reach back more than a second.
    idx = idx[-int(TERMINAL_WINDOW_S / PITCH_HOP_S) :]
    idx = idx[idx > idx[-1] - int(1.0 / PITCH_HOP_S)] if len(idx) else idx
    if len(idx) < 6:
        return None
    # Theil-Sen slope: robust to the odd octave error that would tilt a least-squares fit.
    slope = _theil_sen_slope(idx * PITCH_HOP_S, semis[idx])
    return round(float(slope * (idx[-1] - idx[0]) * PITCH_HOP_S), 2)


def _theil_sen_slope(t: np.ndarray, y: np.ndarray) -> float:
    """Median of the slopes between all pairs of points (t strictly increasing; n is ~20)."""
    i, j = np.triu_indices(len(t), k=1)
    return float(np.median((y[j] - y[i]) / (t[j] - t[i])))


def _contour(move: float | None) -> Contour | None:
    if move is None:
        return None
    if move >= CONTOUR_THRESHOLD_ST:
        return "rising"
    if move <= -CONTOUR_THRESHOLD_ST:
        return "falling"
    return "level"
