"""Per-connection audio pipeline: frames -> endpointing -> speculative STT -> turn -> sentence TTS -> audio.

One `VoicePipeline` serves one WebSocket. Model calls run in small shared thread pools, so several
sessions share the loaded models and the event loop stays free; every queue is bounded, so a slow
client only slows itself.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from voice_coach.events import (
    AnyEvent,
    ErrorEvent,
    FeedbackReady,
    Interrupted,
    PartnerTextDelta,
    PartnerTextDone,
    StateChanged,
    TranscriptPartial,
)
from voice_coach.ports import SttResult
from voice_coach.protocol import INPUT_SAMPLE_RATE, ErrorCode, Metrics
from voice_coach.audio.speaker import Outgoing, ReplySpeaker, Sink
from voice_coach.audio.turns.taker import TurnEnd
from voice_coach.tasks import settle as _settle

__all__ = ["Outgoing", "ReplySpeaker", "Sink", "VoicePipeline"]

log = logging.getLogger(__name__)

BYTES_PER_MS = INPUT_SAMPLE_RATE * 2 / 1000
INBOUND_MAX_ITEMS = 512  # ~10 s of 20 ms frames: far beyond what a healthy pipeline queues
TURN_QUEUE_MAX = 4


@dataclass
class _Utterance:
    stt: asyncio.Future[tuple[SttResult, float]]
    audio: np.ndarray
    speculative: bool
    endpoint_at: float            # monotonic time the end of the turn was decided
    speech_end_at: float          # estimated monotonic time of the last voiced frame
    response_latency_s: float | None
    turn: dict[str, float] = field(default_factory=dict)  # the end-of-turn detector's timings


@dataclass
class _TurnItem:
    kind: Literal["opening", "text", "voice", "send", "redo"]
    text: str = ""
    utterance: _Utterance | None = None


_PTT_START = object()
_PTT_STOP = object()


class VoicePipeline:
    """Runs one rehearsal's turns: audio in, events and reply audio out, with barge-in."""

    def __init__(self, services: Any, session: Any, outbox: Sink, *, stt_executor: Executor | None,
                 tts_executor: Executor | None, speak: bool = True, turn_executor: Executor | None = None) -> None:
        from voice_coach.audio.turns.taker import TurnTaker

        self.services = services
        self.session = session
        self.outbox = outbox
        self.speak = speak
        self._stt_executor = stt_executor
        self._tts_executor = tts_executor
        self._taker = TurnTaker(services.settings, getattr(services, "turn_model", None), transcribe=self._transcribe,
                                executor=turn_executor, on_start=self._speech_started, on_end=self._turn_ended,
                                on_partial=lambda text: self.outbox.put_nowait(TranscriptPartial(text=text)))
        self._inbound: asyncio.Queue[Any] = asyncio.Queue(INBOUND_MAX_ITEMS)
        self._turns: asyncio.Queue[_TurnItem | None] = asyncio.Queue(TURN_QUEUE_MAX)
        self._inbound_bytes = 0
        self.max_lag_ms = 0.0
        self.dropped_frames = 0
        self._audio_s = 0.0            # seconds of client audio processed so far
        self._vad_origin = 0.0         # client audio time at which endpointer time 0 lies
        self._ptt: list[bytes] | None = None
        self._speech_start_at: float | None = None
        self._speaker: ReplySpeaker | None = None
        self._last_playback_end: float | None = None
        self._tasks: list[asyncio.Task[None]] = []
        self._stopping = False
        self.failures = 0              # exceptions caught and reported by the workers
        self.dead: str | None = None   # why a worker ended for good (the connection closes)

    # -- input side (called by the connection's receive loop; never blocks) --------------------

    @property
    def lag_ms(self) -> float:
        """Client audio received but not yet processed, in ms."""
        return self._inbound_bytes / BYTES_PER_MS

    def metrics(self, turn_index: int | None = None, timings: dict[str, float] | None = None) -> Metrics:
        """The lag metrics of this connection (and optionally one turn's timings)."""
        return Metrics(lag_ms=round(self.lag_ms, 1), max_lag_ms=round(self.max_lag_ms, 1),
                       dropped_frames=self.dropped_frames, out_queue=self.outbox.size(),
                       turn_index=turn_index, timings=timings or {})

    def feed_audio(self, frame: bytes) -> None:
        """Queue one PCM16 frame; when the queue is full the frame is dropped and counted."""
        try:
            self._inbound.put_nowait(frame)
        except asyncio.QueueFull:
            self.dropped_frames += 1
            return
        self._inbound_bytes += len(frame)
        self.max_lag_ms = max(self.max_lag_ms, self.lag_ms)

    def ptt_start(self) -> bool:
        """Push-to-talk pressed (ordered with the audio frames around it); False if the queue is full."""
        return self._put_marker(_PTT_START)

    def ptt_stop(self) -> bool:
        """Push-to-talk released; False if the queue is full."""
        return self._put_marker(_PTT_STOP)

    def _put_marker(self, marker: object) -> bool:
        try:
            self._inbound.put_nowait(marker)
        except asyncio.QueueFull:
            return False
        return True

    def submit(self, kind: Literal["opening", "text", "send", "redo"], text: str = "") -> bool:
        """Queue a typed line, a practice-mode send or the opening; False when too many turns wait."""
        if kind == "text":
            self._barge_in(time.monotonic())
        try:
            self._turns.put_nowait(_TurnItem(kind, text=text))
        except asyncio.QueueFull:
            return False
        return True

    def playback(self, turn_index: int, played_ms: float) -> None:
        """The client's report of how much of a reply it has played."""
        speaker = self._speaker
        if speaker is not None and speaker.turn_index == turn_index:
            speaker.report(played_ms)

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> None:
        """Start the audio and turn workers."""
        self._tasks = [asyncio.create_task(self._audio_loop(), name="voice-coach-audio"),
                       asyncio.create_task(self._turn_loop(), name="voice-coach-turns")]
        for task in self._tasks:
            task.add_done_callback(self._worker_done)

    def _worker_done(self, task: asyncio.Task[None]) -> None:
        # The loops catch per-item errors, so only a bug in the loop itself lands here.
        if task.cancelled() or task.exception() is None:
            return
        exc = task.exception()
        log.error("%s stopped", task.get_name(), exc_info=exc)
        self.failures += 1
        self.dead = f"{task.get_name()} stopped: {type(exc).__name__}: {exc}"
        self.outbox.put_nowait(ErrorEvent(code=ErrorCode.INTERNAL, message=self.dead))

    async def stop(self, *, timeout: float = 60.0) -> None:
        """Stop the workers once every accepted line is finished and stored (without reply audio)."""
        if self._stopping:
            return
        self._stopping = True
        self.speak = False
        if self._speaker is not None:
            self._speaker.mute()
        if self._tasks:
            audio = self._tasks[0]
            audio.cancel()
            await _settle(audio, "the audio worker")
            # Frames and push-to-talk marks received before the stop still count: an ended
            # push-to-talk turn is a line like a typed one.
            while not self._inbound.empty():
                self._audio_item(self._inbound.get_nowait())
        self._taker.flush()  # a line followed by a pause but no verdict yet is a finished line
        self._taker.close()
        if len(self._tasks) > 1:
            turns = self._tasks[1]
            try:
                await asyncio.wait_for(self._turns.put(None), timeout)
                await asyncio.wait_for(asyncio.shield(turns), timeout)
            except TimeoutError:
                log.error("turns still running after %s s at stop; cancelling them", timeout)
                self.failures += 1
                turns.cancel()
            except asyncio.CancelledError:  # our caller is cancelled: so is the work, then pass it on
                turns.cancel()
                raise
            await _settle(turns, "the turn worker")

    # -- audio worker ------------------------------------------------------------------------

    async def _audio_loop(self) -> None:
        while True:
            item = await self._inbound.get()
            try:
                self._audio_item(item)
            except Exception as exc:  # a bad frame or a VAD error must not leave a mute session
                log.exception("processing audio failed; listening afresh")
                self.failures += 1
                self._taker.reset()
                self._vad_origin = self._audio_s
                self._ptt = None
                self.outbox.put_nowait(ErrorEvent(code=ErrorCode.INTERNAL,
                                                  message=f"audio processing failed ({type(exc).__name__}); "
                                                          "the line in progress was dropped, please say it again"))

    def _audio_item(self, item: Any) -> None:
        if item is _PTT_START:
            self._barge_in(time.monotonic())
            self._ptt = []
            self._taker.reset()
            self._vad_origin = self._audio_s  # endpointer times restart at zero
            return
        if item is _PTT_STOP:
            if self._ptt:
                self._end_ptt(self._ptt)
            self._ptt = None
            return
        self._inbound_bytes -= len(item)
        self._audio_s += len(item) / (2 * INPUT_SAMPLE_RATE)
        if self._ptt is not None:
            self._ptt.append(item)
            return
        self._taker.push(item)

    def _wall(self, audio_t: float) -> float:
        """Monotonic time at which the client sent audio time `audio_t` (streams run at real time)."""
        return time.monotonic() - max(0.0, self._audio_s - self._vad_origin - audio_t)

    def _speech_started(self, t: float) -> None:
        self._speech_start_at = self._wall(t)
        self._barge_in(self._speech_start_at)

    def _turn_ended(self, end: TurnEnd) -> None:
        latency = None
        if self._speech_start_at is not None and self._last_playback_end is not None:
            latency = max(0.0, self._speech_start_at - self._last_playback_end)
        self._enqueue_voice(_Utterance(end.stt, end.audio, end.speculative, time.monotonic(),
                                       self._wall(end.speech_end_t), latency, end.timings))

    def _end_ptt(self, frames: list[bytes]) -> None:
        pcm = np.frombuffer(b"".join(frames), dtype="<i2").astype(np.float32) / 32768.0
        now = time.monotonic()
        self._enqueue_voice(_Utterance(self._transcribe(pcm), pcm, False, now, now, None))

    def _enqueue_voice(self, utterance: _Utterance) -> None:
        if self._stopping and self._tasks and self._tasks[1].done():
            return  # nothing will run it any more
        try:
            self._turns.put_nowait(_TurnItem("voice", utterance=utterance))
        except asyncio.QueueFull:
            self.outbox.put_nowait(ErrorEvent(code=ErrorCode.BUSY, message="too many turns waiting; line dropped"))
        else:
            self.outbox.put_nowait(StateChanged(state="thinking"))

    def _transcribe(self, audio: np.ndarray) -> asyncio.Future[tuple[SttResult, float]]:
        stt = self.services.stt

        def work() -> tuple[SttResult, float]:
            started = time.perf_counter()
            return stt.transcribe(np.asarray(audio, dtype=np.float32)), time.perf_counter() - started

        return asyncio.get_running_loop().run_in_executor(self._stt_executor, work)

    # -- barge-in ----------------------------------------------------------------------------

    def _barge_in(self, at: float) -> None:
        speaker = self._speaker
        if speaker is None or not speaker.busy(time.monotonic()):
            return
        heard = speaker.heard_text(at)
        speaker.cancel()
        speaker.heard = heard
        if speaker.iterating:
            # The turn is still being produced: tell the client now, store the trimmed text once stored.
            self.outbox.put_nowait(Interrupted(turn_index=speaker.turn_index, heard_text=heard))
        else:
            self._store_interrupt(speaker, send=True)

    def _store_interrupt(self, speaker: ReplySpeaker, *, send: bool) -> None:
        try:
            event = self.session.interrupt(speaker.turn_index, speaker.heard)
        except Exception:
            log.exception("storing the interruption failed")
            return
        if send:
            self.outbox.put_nowait(event)

    # -- turn worker -------------------------------------------------------------------------

    async def _turn_loop(self) -> None:
        while True:
            item = await self._turns.get()
            if item is None:
                return
            try:
                await self._run_turn(item)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.exception("turn failed")
                await self.outbox.put(ErrorEvent(code=ErrorCode.INTERNAL, message=f"turn failed: {exc}"))

    async def _run_turn(self, item: _TurnItem) -> None:
        session = self.session
        timings: dict[str, float] = {}
        utt = item.utterance
        if item.kind == "voice" and utt is not None:
            result, stt_s = await utt.stt
            waited = time.monotonic() - utt.endpoint_at
            timings.update(stt_ms=round(stt_s * 1000, 1), stt_audio_ms=round(len(utt.audio) / 16, 1),
                           stt_wait_ms=round(waited * 1000, 1), speculative=float(utt.speculative),
                           endpoint_ms=round((utt.endpoint_at - utt.speech_end_at) * 1000, 1), **utt.turn)
            if utt.response_latency_s is not None:
                timings["response_latency_s"] = round(utt.response_latency_s, 3)
            if not result.text.strip():  # noise or a phantom: no turn, but the timings still count
                await self.outbox.put(StateChanged(state="listening"), self.metrics(None, timings))
                return
            events = session.user_turn(result.text, words=result.words, audio=utt.audio, timings=timings)
        elif item.kind == "text":
            events = session.user_turn(item.text)
        elif item.kind == "send":
            events = session.send_pending()
        elif item.kind == "redo":
            events = session.redo_last()
        else:
            events = session.opening()
        await self._play(events, utt, timings)

    async def _play(self, events: AsyncIterator[AnyEvent], utt: _Utterance | None,
                    timings: dict[str, float]) -> None:
        origin = utt.endpoint_at if utt is not None else time.monotonic()
        marks: dict[str, float] = {}

        def mark(name: str) -> None:
            marks.setdefault(name, round((time.monotonic() - origin) * 1000, 1))

        speaker = ReplySpeaker(self.services.tts if self.speak else None, self._tts_executor, self.outbox,
                               turn_index=self.session.turn_index, on_first_audio=lambda: mark("first_audio_ms"))
        self._speaker = speaker
        worker = asyncio.create_task(speaker.run())
        turn_index: int | None = None
        try:
            async for event in events:
                if isinstance(event, (PartnerTextDelta, PartnerTextDone)):
                    speaker.turn_index = turn_index = event.turn_index
                    if speaker.cancelled:
                        continue  # after a barge-in the client shows only what was heard
                    if isinstance(event, PartnerTextDelta):
                        mark("first_partner_text_ms")
                        speaker.push(event.text)
                    else:
                        speaker.finish()
                elif isinstance(event, FeedbackReady):
                    mark("feedback_ms")
                    turn_index = event.turn_index
                await self.outbox.put(event)
        except Exception as exc:  # one failed turn must not end the rehearsal; the timings still go out
            log.exception("turn failed")
            await self.outbox.put(ErrorEvent(code=ErrorCode.INTERNAL, message=f"turn failed: {exc}"))
        finally:
            speaker.finish()
            speaker.iterating = False
        await speaker.wait()
        if await _settle(worker, "the reply speaker") is not None:
            self.failures += 1  # the text went out; only the reply's audio is missing
            await self.outbox.put(ErrorEvent(code=ErrorCode.INTERNAL, message="the reply could not be spoken"))
        if speaker.cancelled and speaker.text_started:
            self._store_interrupt(speaker, send=False)
        self._last_playback_end = speaker.playback_end or time.monotonic()
        if speaker.audio_s:
            timings.update(tts_ms=round(speaker.tts_s * 1000, 1), tts_audio_ms=round(speaker.audio_s * 1000, 1))
        if speaker.first_tts_s is not None:
            timings["tts_first_ms"] = round(speaker.first_tts_s * 1000, 1)
        timings.update(marks)
        await self.outbox.put(self.metrics(turn_index, {k: float(v) for k, v in timings.items()}))

