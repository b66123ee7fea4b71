"""End-of-turn detection on real LibriVox speech fed as a live PCM16 stream."""

from __future__ import annotations

from typing import TypeVar

import numpy as np
import pytest

from voice_coach.audio.vad import AnyVadEvent, Endpointer, Pause, SpeechEnd, SpeechResume, SpeechStart

from .conftest import Clip, librivox_names, load_clip

RATE = 16_000


def _pcm16(audio: np.ndarray) -> bytes:
    """float32 to PCM16 little-endian bytes."""
    return (np.clip(audio, -1.0, 1.0) * 32767.0).astype("<i2").tobytes()


def _feed(ep: Endpointer, pcm: bytes, sizes: list[int] | None = None) -> list[AnyVadEvent]:
    """Push `pcm` in 20 ms frames, or in the given repeating chunk sizes (bytes)."""
    sizes = sizes or [640]
    events: list[AnyVadEvent] = []
    pos, k = 0, 0
    while pos < len(pcm):
        n = sizes[k % len(sizes)]
        events += ep.push(pcm[pos:pos + n])
        pos, k = pos + n, k + 1
    return events


def _last_loud_end(audio: np.ndarray, dbfs: float = -40.0) -> float:
    """End time of the last 20 ms frame above `dbfs`: the reference end of speech."""
    n = audio.size // 320
    frames = audio[: n * 320].astype(np.float64).reshape(n, 320)
    level = 20 * np.log10(np.maximum(np.sqrt(np.mean(frames**2, axis=1)), 1e-9))
    return (int(np.nonzero(level > dbfs)[0].max()) + 1) * 0.02


E = TypeVar("E", SpeechStart, Pause, SpeechResume, SpeechEnd)


def _of(events: list[AnyVadEvent], kind: type[E]) -> list[E]:
    """The events of one kind, in order."""
    return [e for e in events if isinstance(e, kind)]


@pytest.fixture(params=librivox_names())
def clip(request: pytest.FixtureRequest) -> Clip:
    """Each LibriVox clip in turn."""
    return load_clip(request.param)


def test_one_turn_per_clip(clip: Clip) -> None:
    """Clip + 1 s silence in 20 ms frames: one start, a Pause, one end near the real end of speech."""
    audio = np.concatenate([clip.audio, np.zeros(RATE, np.float32)])
    pcm = _pcm16(audio)
    ep = Endpointer()
    events = _feed(ep, pcm)
    starts, ends, pauses = _of(events, SpeechStart), _of(events, SpeechEnd), _of(events, Pause)
    assert len(starts) == 1 and len(ends) == 1, events
    assert pauses and events.index(pauses[-1]) < events.index(ends[0])
    assert events[0] is starts[0] and events[-1] is ends[0]
    end = ends[0]
    assert isinstance(end, SpeechEnd)
    ref = _last_loud_end(clip.audio)
    assert abs(end.speech_end_t - ref) <= 0.1, (end.speech_end_t, ref)
    assert end.t == pytest.approx(end.speech_end_t + 0.6, abs=0.021)
    assert pauses[-1].t == pytest.approx(end.speech_end_t + 0.2, abs=0.021)
    assert not ep.in_speech

    # The turn's audio begins pre_roll_ms before the start (or at 0) and is the stream itself.
    start = starts[0].t
    first = max(0.0, start - 0.3)
    decoded = np.frombuffer(pcm, "<i2").astype(np.float32) / 32768.0
    a = round(first * RATE)
    assert end.audio.dtype == np.float32
    assert np.array_equal(end.audio, decoded[a:a + end.audio.size])
    assert end.audio.size / RATE == pytest.approx(end.speech_end_t + 0.2 - first, abs=0.021)
    # No resume happened, so the speculative audio is exactly the final audio.
    assert np.array_equal(pauses[-1].audio, end.audio)


def test_pre_roll_is_included(librivox_clip: Clip) -> None:
    """With lead-in silence, the turn audio starts exactly pre_roll_ms before SpeechStart."""
    lead = np.zeros(RATE, np.float32)
    audio = np.concatenate([lead, librivox_clip.audio, np.zeros(RATE, np.float32)])
    events = _feed(Endpointer(pre_roll_ms=300), _pcm16(audio))
    start, end = _of(events, SpeechStart)[0], _of(events, SpeechEnd)[0]
    assert start.t >= 1.0
    samples_before_start = round(start.t * RATE) - round((start.t - 0.3) * RATE)
    assert end.audio.size == pytest.approx(round((end.speech_end_t + 0.2 - start.t) * RATE) + samples_before_start,
                                           abs=1)
    # The pre-roll is the (silent) lead-in, the speech follows.
    assert np.max(np.abs(end.audio[:samples_before_start])) < 0.01


@pytest.mark.parametrize("sizes", [[1], [333, 1001], [7, 2048, 10], [32_000]])
def test_odd_chunk_sizes_give_the_same_events(librivox_clip: Clip, sizes: list[int]) -> None:
    """Chunks of any length, odd byte counts included, give exactly the 20 ms-frame result."""
    pcm = _pcm16(np.concatenate([librivox_clip.audio, np.zeros(RATE, np.float32)]))
    if sizes == [1]:
        pcm = pcm[: 2 * RATE]  # byte-by-byte is slow in Python: two seconds are enough
    ref = _feed(Endpointer(), pcm)
    got = _feed(Endpointer(), pcm, sizes)
    assert [(type(e), e.t) for e in got] == [(type(e), e.t) for e in ref]
    assert ref


def test_short_clicks_make_no_turn(librivox_clip: Clip) -> None:
    """Sounds shorter than min_speech_ms (speech bursts, clicks) never start a turn."""
    rng = np.random.default_rng(3)
    quiet = np.zeros(RATE // 2, np.float32)
    parts = [quiet]
    speech = librivox_clip.audio
    loud = np.nonzero(np.abs(speech) > 0.1)[0]
    for k in range(5):
        # 140 ms bursts of real speech, then 500 ms of silence: below min_speech_ms=250.
        s = int(loud[len(loud) * k // 5])
        parts += [speech[s:s + int(0.14 * RATE)], quiet]
    click = np.zeros(RATE // 2, np.float32)
    click[100:140] = 0.9 * rng.choice([-1.0, 1.0], 40)
    parts += [click, quiet]
    ep = Endpointer(min_speech_ms=250)
    assert _feed(ep, _pcm16(np.concatenate(parts))) == []
    assert not ep.in_speech


def _first_loud_start(audio: np.ndarray, dbfs: float = -40.0) -> float:
    """Start time of the first 20 ms frame above `dbfs`."""
    n = audio.size // 320
    frames = audio[: n * 320].astype(np.float64).reshape(n, 320)
    level = 20 * np.log10(np.maximum(np.sqrt(np.mean(frames**2, axis=1)), 1e-9))
    return int(np.nonzero(level > dbfs)[0].min()) * 0.02


def test_pause_then_resume_is_one_turn() -> None:
    """Speech, a 400 ms pause, more speech: Pause and SpeechResume, then a single end."""
    # 0930 is left out here: its last 200 ms hover at -40..-45 dBFS, right at the -40 reference.
    a, b = load_clip("sense_and_sensibility_01_austen_64kb-0880.wav"), load_clip(
        "sense_and_sensibility_01_austen_64kb-0890.wav")
    head = a.audio[: int(_last_loud_end(a.audio) * RATE)]
    tail = b.audio[int(_first_loud_start(b.audio) * RATE):]
    audio = np.concatenate([head, np.zeros(int(0.4 * RATE), np.float32), tail, np.zeros(RATE, np.float32)])
    events = _feed(Endpointer(), _pcm16(audio))
    kinds = [type(e) for e in events]
    assert kinds.count(SpeechStart) == 1 and kinds.count(SpeechEnd) == 1, kinds
    assert kinds.index(Pause) < kinds.index(SpeechResume) < kinds.index(SpeechEnd)
    resume = events[kinds.index(SpeechResume)]
    gap_end = (head.size + 0.4 * RATE) / RATE
    assert gap_end - 0.1 <= resume.t <= gap_end + 0.1
    end = events[-1]
    assert isinstance(end, SpeechEnd)
    assert end.speech_end_t == pytest.approx(gap_end + _last_loud_end(tail), abs=0.1)
    # The final audio holds both parts.
    assert end.audio.size / RATE > gap_end


def test_reset_restarts_time(librivox_clip: Clip) -> None:
    """After reset, a new stream starts at t=0 with no leftover state."""
    pcm = _pcm16(np.concatenate([librivox_clip.audio, np.zeros(RATE, np.float32)]))
    ep = Endpointer()
    first = _feed(ep, pcm[: len(pcm) // 2])
    assert _of(first, SpeechStart) and ep.in_speech
    ep.reset()
    assert not ep.in_speech
    again = _feed(ep, pcm)
    assert [(type(e), e.t) for e in again] == [(type(e), e.t) for e in _feed(Endpointer(), pcm)]


def test_silero_backend(librivox_clip: Clip) -> None:
    """The Silero ONNX bundled with faster-whisper works as a drop-in backend."""
    pcm = _pcm16(np.concatenate([librivox_clip.audio, np.zeros(RATE, np.float32)]))
    ep = Endpointer(backend="silero")
    assert ep.frame_samples == 512
    events = _feed(ep, pcm, [1000])
    assert len(_of(events, SpeechStart)) == 1 and len(_of(events, SpeechEnd)) == 1
    end = _of(events, SpeechEnd)[0]
    assert abs(end.speech_end_t - _last_loud_end(librivox_clip.audio)) <= 0.2


def test_rejects_inconsistent_timings() -> None:
    """speculative_ms must come before end_silence_ms."""
    with pytest.raises(ValueError):
        Endpointer(end_silence_ms=200, speculative_ms=300)
