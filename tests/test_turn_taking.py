"""The turn detector stage in the live pipeline: end at the short silence, wait, or fall back to the maximum wait.

Real LibriVox speech goes through the real endpointer and pipeline; the model and the transcriber
are test doubles with fixed answers, so each test pins one branch of the decision rule.
"""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np

from tests.conftest import load_clip
from tests.helpers import make_services, start
from voice_coach.audio.turns.detector import TurnScore
from voice_coach.events import StateChanged
from voice_coach.pipeline import VoicePipeline
from voice_coach.ports import SttResult
from voice_coach.protocol import Metrics

FRAME = 320
SPEED = 4.0  # audio is fed 4x faster than real time; the doubles answer in microseconds


class FixedTurnModel:
    """Smart Turn stand-in: always the same probability; counts its calls."""

    name = "fixed"

    def __init__(self, probability: float) -> None:
        self.probability = probability
        self.calls = 0

    def score(self, audio: np.ndarray) -> TurnScore:
        self.calls += 1
        return TurnScore(self.probability, 1.0, 2.0)


class FixedSTT:
    """Transcriber stand-in that always hears the same words."""

    name = "fixed"

    def __init__(self, text: str) -> None:
        self.text = text

    def transcribe(self, audio: np.ndarray) -> SttResult:
        return SttResult(text=self.text, duration_s=audio.size / 16000)


class Collect:
    """A Sink that keeps everything."""

    def __init__(self) -> None:
        self.items: list[Any] = []

    def size(self) -> int:
        return 0

    async def put(self, *items: Any) -> None:
        self.items.extend(items)

    def put_nowait(self, *items: Any) -> bool:
        self.items.extend(items)
        return True

    def turn_ends(self) -> int:
        """Voice turns the pipeline ended: it says "thinking" at once, the session repeats it after the transcript."""
        states = [i.state for i in self.items if isinstance(i, StateChanged)]
        return sum(s == "thinking" and (k == 0 or states[k - 1] != "thinking") for k, s in enumerate(states))

    def timings(self) -> list[dict[str, float]]:
        return [i.timings for i in self.items if isinstance(i, Metrics) and "stt_ms" in i.timings]


async def _pipeline(tmp_path: Path, probability: float, text: str, **settings: Any) -> tuple[VoicePipeline, Collect, FixedTurnModel]:
    services = make_services(tmp_path, **settings)
    services.stt = FixedSTT(text)  # type: ignore[assignment]
    model = FixedTurnModel(probability)
    services.turn_model = model
    session = await start(services, "remote-fridays", input_mode="voice")
    sink = Collect()
    pipe = VoicePipeline(services, session, sink, stt_executor=None, tts_executor=None, speak=False)
    pipe.start()
    return pipe, sink, model


async def _feed(pipe: VoicePipeline, audio: np.ndarray) -> None:
    pcm = (np.clip(audio, -1, 1) * 32767).astype("<i2").tobytes()
    for i in range(0, len(pcm) - 2 * FRAME + 1, 2 * FRAME):
        pipe.feed_audio(pcm[i:i + 2 * FRAME])
        await asyncio.sleep(0.02 / SPEED)


def _speech() -> np.ndarray:
    return load_clip("sense_and_sensibility_01_austen_64kb-0920.wav").audio


def _silence(ms: int) -> np.ndarray:
    return np.zeros(16 * ms, dtype=np.float32)


async def _settle(sink: Collect, turns: int, timeout: float = 10.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while len(sink.timings()) < turns and asyncio.get_running_loop().time() < deadline:
        await asyncio.sleep(0.02)


async def test_complete_verdict_ends_the_turn_at_the_short_silence(tmp_path: Path) -> None:
    """p = 0.9, plain sentence: the turn ends with only 460 ms of silence sent (the silence rule needs 500).

    Catches a detector whose verdict is ignored (turns would wait for the maximum wait).
    """
    pipe, sink, model = await _pipeline(tmp_path, 0.9, "He might have been made more respectable.")
    await _feed(pipe, np.concatenate([_speech(), _silence(460)]))
    await _settle(sink, 1)
    await pipe.stop()
    assert sink.turn_ends() == 1 and model.calls >= 1
    t = sink.timings()[0]
    assert t["turn_decided"] == 1.0 and t["turn_probability"] == 0.9 and t["turn_detector_smart"] == 1.0
    assert t["speculative"] == 1.0  # the transcript started at the pause was reused


async def test_incomplete_verdict_waits_for_the_maximum_wait(tmp_path: Path) -> None:
    """p = 0.1: 1 s of silence does not end the turn; past the 1.8 s maximum wait it does.

    Catches a missing fallback (the turn would never end) and an early one (a thinking pause cut off).
    """
    pipe, sink, _ = await _pipeline(tmp_path, 0.1, "Had he married a more amiable woman")
    await _feed(pipe, np.concatenate([_speech(), _silence(1000)]))
    await asyncio.sleep(0.2)
    assert sink.turn_ends() == 0
    await _feed(pipe, _silence(1000))
    await _settle(sink, 1)
    await pipe.stop()
    assert sink.turn_ends() == 1
    t = sink.timings()[0]
    assert t["turn_decided"] == 0.0 and t["turn_probability"] == 0.1


async def test_stopping_keeps_a_line_that_went_quiet_before_the_verdict(tmp_path: Path) -> None:
    """p = 0.1 and `end` 1 s after the line: the line is still finished and stored, not dropped.

    Catches a stop that discards a turn still waiting for the detector (the user's last line lost).
    """
    pipe, sink, _ = await _pipeline(tmp_path, 0.1, "Had he married a more amiable woman")
    await _feed(pipe, np.concatenate([_speech(), _silence(1000)]))
    await asyncio.sleep(0.2)
    assert sink.turn_ends() == 0
    await pipe.stop()
    assert sink.turn_ends() == 1 and len(sink.timings()) == 1
    stored = pipe.session.services.store.get_session(pipe.session.id)
    assert [t.user_text for t in stored.turns] == ["Had he married a more amiable woman"]


async def test_unfinished_words_overrule_a_confident_model(tmp_path: Path) -> None:
    """p = 0.9 but the transcript ends "...to talk to you about": keep listening through 1 s of silence.

    Catches a rule that never consults the speculative transcript.
    """
    pipe, sink, _ = await _pipeline(tmp_path, 0.9, "I wanted to talk to you about")
    await _feed(pipe, np.concatenate([_speech(), _silence(1000)]))
    await asyncio.sleep(0.2)
    ended = sink.turn_ends()
    await pipe.stop()
    assert ended == 0


async def test_resumed_speech_makes_one_turn(tmp_path: Path) -> None:
    """A 700 ms thinking pause then more speech: one turn, one final transcript, checked at each pause.

    Catches a stale verdict from the first pause ending the turn after the speaker went on.
    """
    pipe, sink, model = await _pipeline(tmp_path, 0.1, "Had he married a more amiable woman")
    speech = _speech()
    await _feed(pipe, np.concatenate([speech, _silence(700), speech, _silence(2000)]))
    await _settle(sink, 1)
    await pipe.stop()
    assert sink.turn_ends() == 1 and model.calls >= 2
    assert sink.timings()[0]["turn_checks"] >= 1


async def test_complete_verdict_waits_out_a_comma_pause(tmp_path: Path) -> None:
    """p = 0.9 and a finished-looking transcript at a 200 ms pause, then more speech: still one turn.

    Catches a verdict applied before turn_min_end_ms (it is ready at the 120 ms check, and would cut the
    speaker off at a comma such as "I know you're busy, | but ...").
    """
    pipe, sink, model = await _pipeline(tmp_path, 0.9, "He might have been made more respectable.")
    speech = _speech()[16_000:]  # from 1 s in: no quiet lead-in to lengthen the pause
    clause = speech[:32_000]      # cut mid-speech, so the silence starts exactly at the cut
    await _feed(pipe, np.concatenate([clause, _silence(200), speech, _silence(700)]))
    await _settle(sink, 1)
    await pipe.stop()
    assert sink.turn_ends() == 1 and model.calls >= 2


async def test_silence_setting_keeps_the_old_rule(tmp_path: Path) -> None:
    """VOICE_COACH_TURN_DETECTOR=silence: the model is never asked and 600 ms of silence ends the turn."""
    pipe, sink, model = await _pipeline(tmp_path, 0.1, "Had he married a more amiable woman",
                                        turn_detector="silence")
    await _feed(pipe, np.concatenate([_speech(), _silence(600)]))
    await _settle(sink, 1)
    await pipe.stop()
    assert sink.turn_ends() == 1 and model.calls == 0
    assert sink.timings()[0]["turn_detector_smart"] == 0.0


class SlowSTT(FixedSTT):
    """Transcriber stand-in that takes `seconds` per pass and records how many passes overlap."""

    def __init__(self, text: str, seconds: float) -> None:
        super().__init__(text)
        self.seconds = seconds
        self.calls = 0
        self.running = 0
        self.max_running = 0
        self._lock = threading.Lock()

    def transcribe(self, audio: np.ndarray) -> SttResult:
        with self._lock:
            self.calls += 1
            self.running += 1
            self.max_running = max(self.max_running, self.running)
        time.sleep(self.seconds)
        with self._lock:
            self.running -= 1
        return super().transcribe(audio)


async def test_abandoned_speculative_passes_never_pile_up(tmp_path: Path) -> None:
    """Five phrases with short pauses, each pause starting a speculative pass that outlives the next phrase.

    One transcription at a time per connection, passes that never started are dropped when the
    speaker goes on, and the turn still ends with one transcript. Catches the pile-up that slowed
    later turns: every abandoned pass queued on the shared model ahead of the one that counts.
    """
    pipe, sink, _ = await _pipeline(tmp_path, 0.1, "Had he married a more amiable woman")
    slow = SlowSTT("Had he married a more amiable woman", seconds=1.5)
    pipe.services.stt = slow
    phrase = _speech()[:16000]
    pauses = 5
    audio = np.concatenate([np.concatenate([phrase, _silence(300)]) for _ in range(pauses)] + [_silence(2000)])
    await _feed(pipe, audio)
    await _settle(sink, 1)
    await pipe.stop()
    assert sink.turn_ends() == 1 and len(sink.timings()) == 1
    assert slow.max_running == 1
    assert slow.calls < pauses  # some passes were dropped before they started
    assert sink.timings()[0]["stt_passes"] >= pauses  # ... though each pause asked for one


async def test_finished_words_end_the_turn_when_the_model_is_unsure(tmp_path: Path) -> None:
    """p = 0.2 (model unsure) but the transcript is a whole sentence: the turn ends within 400 ms of silence.

    Catches a rule that ignores the transcript below the model threshold, which holds finished
    lines until the maximum wait.
    """
    pipe, sink, _ = await _pipeline(tmp_path, 0.2, "He might have been made still more respectable.")
    await _feed(pipe, np.concatenate([_speech(), _silence(400)]))
    await _settle(sink, 1)
    await pipe.stop()
    assert sink.turn_ends() == 1
    t = sink.timings()[0]
    assert t["turn_decided"] == 1.0 and t["turn_probability"] == 0.2


async def test_next_turn_never_drops_the_last_turns_waiting_transcript(tmp_path: Path) -> None:
    """Turn 1 ends while its transcript waits behind an abandoned pass; turn 2 pauses at once: both turns get through.

    Catches a newer pass replacing (cancelling) an older one that a finished turn still waits for,
    which lost that turn and stopped the turn worker.
    """
    pipe, sink, _ = await _pipeline(tmp_path, 0.1, "Had he married a more amiable woman")
    slow = SlowSTT("Had he married a more amiable woman", seconds=1.5)
    pipe.services.stt = slow
    phrase = _speech()[:16000]
    audio = np.concatenate([phrase, _silence(300), phrase, _silence(1900), phrase, _silence(300), phrase,
                            _silence(2000)])
    await _feed(pipe, audio)
    await _settle(sink, 2, timeout=20.0)
    await pipe.stop()
    assert len(sink.timings()) == 2 and slow.max_running == 1


async def test_second_check_ends_a_finished_line_the_model_doubts(tmp_path: Path) -> None:
    """p = 0.1 (under the first text threshold), a whole sentence: not ended by the first check, by the 500 ms one.

    The clip ends in about 240 ms of quiet tail, so 150 ms sent after it is under 500 ms of silence.
    Catches the single maximum wait: before the graded wait this line waited 1.8 s of silence.
    """
    pipe, sink, model = await _pipeline(tmp_path, 0.1, "He might have been made still more respectable.")
    await _feed(pipe, np.concatenate([_speech(), _silence(150)]))
    await asyncio.sleep(0.1)
    early = sink.turn_ends()
    await _feed(pipe, _silence(700))
    await _settle(sink, 1)
    await pipe.stop()
    assert early == 0
    assert sink.turn_ends() == 1 and model.calls >= 2
    t = sink.timings()[0]
    assert t["turn_decided"] == 1.0 and t["turn_second_ended"] == 1.0 and t["turn_text_ended"] == 1.0


async def test_second_check_still_holds_unfinished_words(tmp_path: Path) -> None:
    """p = 0.3 and "...to talk to you about": the 500 ms check scores again but keeps listening through 1.2 s."""
    pipe, sink, model = await _pipeline(tmp_path, 0.3, "I wanted to talk to you about")
    await _feed(pipe, np.concatenate([_speech(), _silence(1200)]))
    await asyncio.sleep(0.2)
    ended = sink.turn_ends()
    await pipe.stop()
    assert ended == 0 and model.calls >= 2


async def test_second_check_off_keeps_the_single_maximum_wait(tmp_path: Path) -> None:
    """turn_second_check_ms=0: the same doubted sentence is not ended through 1.2 s of silence."""
    pipe, sink, _ = await _pipeline(tmp_path, 0.1, "He might have been made still more respectable.",
                                        turn_second_check_ms=0)
    await _feed(pipe, np.concatenate([_speech(), _silence(1200)]))
    await asyncio.sleep(0.2)
    ended = sink.turn_ends()
    await pipe.stop()
    assert ended == 0
