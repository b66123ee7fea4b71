"""The turn detector stage between VAD and STT: when has the speaker finished?

One `TurnTaker` per connection owns the endpointer, the speculative transcription and the
end-of-turn checks. With the "smart" detector the endpointer reports a Pause after a short silence;
the taker starts the speculative transcription and scores the turn with Smart Turn v3 on its own
thread. The verdict (`rule.decide`, with the transcript) is applied once the silence reaches
`turn_min_end_ms`: a complete turn ends then (`Endpointer.end_turn`). Otherwise, when the silence
reaches `turn_second_check_ms`, the model scores the longer silence and the rule runs again with
`turn_second_text_threshold` (a graded wait); failing that the turn ends when the speaker goes on
and stops again, or at `turn_max_wait_ms` of silence. With "silence" the
endpointer's timer alone decides, as before. See docs/turn-taking.md.

Transcriptions run one at a time per connection: a speculative pass abandoned because the speaker
went on cannot be interrupted (CTranslate2 runs it to the end), so a newer pass waits for it
instead of queueing behind it on the shared model, and a pass that has not started yet is simply
dropped when speech resumes. Passes run in the order asked; at most one abandoned pass runs per connection.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from voice_coach.audio.turns.rule import TurnVerdict, decide
from voice_coach.ports import SttResult

log = logging.getLogger(__name__)

Transcript = asyncio.Future[tuple[SttResult, float]]


@dataclass
class TurnEnd:
    """A voice turn that ended: its transcript (maybe still running), audio and the detector's timings."""

    stt: Transcript
    audio: np.ndarray
    speculative: bool
    speech_end_t: float  # endpointer time of the end of the last voiced frame
    timings: dict[str, float] = field(default_factory=dict)


class TurnTaker:
    """Per-connection endpointing, speculative transcription and end-of-turn decision."""

    def __init__(self, settings: Any, model: Any, *, transcribe: Callable[[np.ndarray], Transcript],
                 executor: Executor | None, on_start: Callable[[float], None],
                 on_end: Callable[[TurnEnd], None], on_partial: Callable[[str], None]) -> None:
        """`model`: a loaded SmartTurnModel, or None for the silence rule; `transcribe` starts one STT pass."""
        from voice_coach.audio.vad import Endpointer

        self.settings = settings
        self.model = model if settings.turn_detector == "smart" else None
        self.executor = executor
        self._transcribe, self._on_start, self._on_end, self._on_partial = transcribe, on_start, on_end, on_partial
        cfg = settings
        if self.smart:
            self.endpointer = Endpointer(end_silence_ms=cfg.turn_max_wait_ms, min_speech_ms=cfg.vad_min_speech_ms,
                                         pre_roll_ms=cfg.vad_pre_roll_ms, speculative_ms=cfg.turn_check_ms)
        else:
            self.endpointer = Endpointer(end_silence_ms=cfg.vad_end_silence_ms, min_speech_ms=cfg.vad_min_speech_ms,
                                         pre_roll_ms=cfg.vad_pre_roll_ms, speculative_ms=cfg.vad_speculative_ms)
        self._spec: Transcript | None = None       # live speculative transcript of the paused turn
        self._kept: set[int] = set()                # speculative passes that became a turn's transcript
        self._running: Transcript | None = None     # the pass on the model now (live or abandoned)
        self._waiting: deque[tuple[np.ndarray, asyncio.Future[Any]]] = deque()  # passes not started yet
        self._checks: set[asyncio.Task[None]] = set()
        self._verdict: TurnVerdict | None = None   # verdict of the current pause, once ready
        self._second_for = -1                       # generation whose second check has started
        self._generation = 0                        # bumps when speech resumes or the turn ends
        self._new_turn()

    @property
    def smart(self) -> bool:
        """True when the model decides (it loaded and the setting asks for it)."""
        return self.model is not None

    def _new_turn(self) -> None:
        self.checks = 0
        self.second = False                         # the last verdict came from the second check
        self.text_held = 0
        self.passes = 0
        self.decided = False
        self.last: TurnVerdict | None = None
        self.check_ms = 0.0
        self.inference_ms = 0.0

    # -- input -------------------------------------------------------------------------------

    def push(self, frame: bytes) -> None:
        """Feed one chunk of PCM16 audio; calls on_start / on_end as turns begin and end."""
        from voice_coach.audio.vad import Pause, SpeechEnd, SpeechResume, SpeechStart

        for event in self.endpointer.push(frame):
            if isinstance(event, SpeechStart):
                self._on_start(event.t)
            elif isinstance(event, Pause):
                self._paused(event.audio)
            elif isinstance(event, SpeechResume):
                self._resumed()
            elif isinstance(event, SpeechEnd):
                self._ended(event.audio, event.speech_end_t)
        if self._verdict is not None:
            self._maybe_end()
        self._maybe_second_check()

    def reset(self) -> None:
        """Forget the turn in progress (push-to-talk took over); times restart at zero."""
        self.endpointer.reset()
        self._resumed()
        self._new_turn()

    def flush(self) -> None:
        """End a turn that has gone quiet without a verdict yet: the session is stopping, the line was said."""
        for event in self.endpointer.end_turn():
            self._ended(event.audio, event.speech_end_t)  # type: ignore[union-attr]

    def close(self) -> None:
        """Cancel checks still running."""
        for task in list(self._checks):
            task.cancel()

    # -- speculative transcription -------------------------------------------------------------

    def transcribe(self, audio: np.ndarray) -> Transcript:
        """Start a pass now, or right after the one still running for this connection."""
        self.passes += 1
        running = self._running
        if (running is None or running.done()) and not self._waiting:
            return self._start(audio)
        out: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._waiting.append((audio, out))
        return out

    def _start(self, audio: np.ndarray) -> Transcript:
        fut = self._running = self._transcribe(audio)
        fut.add_done_callback(self._pass_done)
        return fut

    def _pass_done(self, _fut: Transcript) -> None:
        while self._waiting and self._waiting[0][1].done():  # dropped before they started
            self._waiting.popleft()
        if not self._waiting:
            return
        audio, out = self._waiting.popleft()
        fut = self._start(audio)

        def relay(done: Transcript) -> None:
            if out.done():
                return
            if done.cancelled():
                out.cancel()
            elif (exc := done.exception()) is not None:
                out.set_exception(exc)
            else:
                out.set_result(done.result())

        fut.add_done_callback(relay)

    def _partial(self, fut: Transcript) -> None:
        # A speculative result is shown only while it is still the live guess or was kept.
        live = self._spec is fut or id(fut) in self._kept
        self._kept.discard(id(fut))
        if not live or fut.cancelled() or fut.exception() is not None:
            return
        text = fut.result()[0].text.strip()
        if text:
            self._on_partial(text)

    # -- endpointer events ---------------------------------------------------------------------

    def _paused(self, audio: np.ndarray) -> None:
        # Transcribe during the silence; kept only if the turn really ends at this pause.
        spec = self._spec = self.transcribe(audio)
        spec.add_done_callback(self._partial)
        self._verdict = None
        if self.smart:
            self._spawn(self._check(audio, spec, self._generation))

    def _spawn(self, check: Any) -> None:
        task = asyncio.create_task(check)
        self._checks.add(task)
        task.add_done_callback(self._checks.discard)

    def _maybe_second_check(self) -> None:
        """Once per pause, at `turn_second_check_ms` of silence: score the longer silence and decide again."""
        second_ms = self.settings.turn_second_check_ms
        if not (self.smart and second_ms and self._spec is not None and self._second_for != self._generation
                and self.endpointer.silence_ms >= second_ms):
            return
        if self._verdict is not None and self._verdict.complete:
            return  # the first verdict is ending the turn already
        self._second_for = self._generation
        self._spawn(self._check(self.endpointer.turn_audio(), self._spec, self._generation, second=True))

    def _resumed(self) -> None:
        spec, self._spec = self._spec, None
        if spec is not None and any(out is spec for _, out in self._waiting):
            spec.cancel()  # never started: drop it rather than transcribe a guess nobody needs
        self._generation += 1
        self._verdict = None

    def _ended(self, audio: np.ndarray, speech_end_t: float) -> None:
        speculative = self._spec is not None
        stt = self._spec if self._spec is not None else self.transcribe(audio)
        self._spec = None
        if speculative and not stt.done():
            self._kept.add(id(stt))
        self._generation += 1  # a check still running belongs to the turn that just ended
        self._verdict = None
        timings: dict[str, float] = {"turn_detector_smart": float(self.smart), "turn_decided": float(self.decided),
                                     "stt_passes": float(self.passes)}
        if self.last is not None:
            timings.update(turn_probability=round(self.last.probability, 4), turn_check_ms=round(self.check_ms, 1),
                           turn_inference_ms=round(self.inference_ms, 1), turn_checks=float(self.checks),
                           turn_text_held=float(self.text_held),
                           turn_text_ended=float(self.decided and self.last.reason == "text_complete"),
                           turn_second_ended=float(self.decided and self.second))
        self._new_turn()
        self._on_end(TurnEnd(stt, np.asarray(audio, dtype=np.float32), speculative, speech_end_t, timings))

    # -- the end-of-turn check -----------------------------------------------------------------

    async def _check(self, audio: np.ndarray, transcript: Transcript, generation: int, second: bool = False) -> None:
        try:
            verdict = await self._score(audio, transcript, generation, second)
        except Exception:  # a failing model must not end turns: the maximum wait still does
            log.exception("end-of-turn check failed")
            return
        if verdict is None or generation != self._generation:
            return
        if second and not verdict.complete and self._verdict is not None:
            return  # an undecided second check leaves the first verdict in place
        self._verdict = verdict
        self._maybe_end()

    async def _score(self, audio: np.ndarray, transcript: Transcript, generation: int,
                     second: bool = False) -> TurnVerdict | None:
        """Score the turn so far; ask the speculative transcript only when the model says "complete"."""
        loop = asyncio.get_running_loop()
        score = await loop.run_in_executor(self.executor, self.model.score, audio)
        cfg = self.settings
        text_threshold = (cfg.turn_second_text_threshold if second else cfg.turn_text_threshold) \
            if cfg.turn_text_cues else None
        text: str | None = None
        if text_threshold is not None and score.probability >= min(cfg.turn_threshold, text_threshold):
            # The reply needs this transcript anyway, so waiting for it costs no first-audio time.
            try:
                text = (await asyncio.shield(transcript))[0].text
            except asyncio.CancelledError:  # dropped because speech resumed: the verdict is moot
                return None
            except Exception:  # a failed transcription leaves the model to decide alone
                log.warning("speculative transcription failed; the model decides alone", exc_info=True)
                text = None
        if generation != self._generation:
            return None
        verdict = decide(score.probability, text, threshold=cfg.turn_threshold, text_threshold=text_threshold)
        self.checks += 1
        self.text_held += verdict.reason == "text_incomplete"
        self.last, self.check_ms, self.inference_ms = verdict, score.total_ms, score.inference_ms
        self.second = second
        return verdict

    def _maybe_end(self) -> None:
        """End the turn once a "complete" verdict is in and the silence has reached the check point and the floor."""
        verdict = self._verdict
        floor = max(self.settings.turn_check_ms, self.settings.turn_min_end_ms)
        if verdict is None or not verdict.complete or self.endpointer.silence_ms < floor:
            return
        self.decided = True
        for event in self.endpointer.end_turn():
            self._ended(event.audio, event.speech_end_t)  # type: ignore[union-attr]
