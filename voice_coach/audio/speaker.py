"""Reply speaker: a counterpart reply's sentences -> TTS in the executor -> audio segments, with a playback clock."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
from pydantic import BaseModel

from voice_coach.ports import TextToSpeech
from voice_coach.protocol import REPLY_FRAME_BYTES, AudioEnd, AudioStart

Outgoing = BaseModel | bytes


class Sink(Protocol):
    """Where a pipeline's outgoing messages go: the connection's bounded outbox."""

    def size(self) -> int:
        """Groups waiting to be sent."""
        ...

    async def put(self, *items: Outgoing) -> None:
        """Queue messages that must go out back to back."""
        ...

    def put_nowait(self, *items: Outgoing) -> bool:
        """Queue without waiting; False when dropped."""
        ...


@dataclass
class _Segment:
    text: str
    offset_ms: float    # position of this segment inside the reply's audio
    duration_ms: float
    start_at: float     # monotonic time its playback is expected to start on the client


@dataclass
class ReplySpeaker:
    """Speaks one counterpart reply: sentences are synthesized and sent as soon as they are complete."""

    tts: TextToSpeech | None
    executor: Executor | None
    outbox: Sink
    turn_index: int
    on_first_audio: Callable[[], None] = lambda: None
    text_started: bool = False
    cancelled: bool = False   # barge-in: the user cut the reply off
    muted: bool = False       # the client is gone: stop synthesizing, nothing was cut off
    iterating: bool = True    # the session is still producing this turn's events
    heard: str = ""
    playback_end: float = 0.0
    tts_s: float = 0.0
    first_tts_s: float | None = None  # synthesis time of the first segment: most of the wait for first audio
    audio_s: float = 0.0
    segments: list[_Segment] = field(default_factory=list)
    played: tuple[float, float] | None = None  # (played_ms reported by the client, when)
    _queue: asyncio.Queue[str | None] = field(default_factory=asyncio.Queue)
    _chunker: Any = None
    _finished: bool = False
    _done: asyncio.Event = field(default_factory=asyncio.Event)

    def __post_init__(self) -> None:
        from voice_coach.audio.tts import SentenceChunker

        self._chunker = SentenceChunker()

    def push(self, piece: str) -> None:
        """Feed a streamed piece of the reply text."""
        self.text_started = True
        if self._finished:
            return
        for sentence in self._chunker.push(piece):
            self._queue.put_nowait(sentence)

    def finish(self) -> None:
        """The reply text is complete: speak what is left, then stop."""
        if not self._finished:
            self._finished = True
            for sentence in self._chunker.flush():
                self._queue.put_nowait(sentence)
            self._queue.put_nowait(None)

    def cancel(self) -> None:
        """Barge-in: synthesize and send nothing more."""
        self.cancelled = True
        self._queue.put_nowait(None)

    def mute(self) -> None:
        """Stop synthesizing without marking the reply as interrupted."""
        self.muted = True
        self._queue.put_nowait(None)

    def busy(self, now: float) -> bool:
        """True while reply audio is still being produced or played."""
        if self.cancelled or not self.text_started or self.tts is None:
            return False
        return not self._done.is_set() or now < self.playback_end

    def report(self, played_ms: float) -> None:
        """The client has played `played_ms` of this reply: its clock replaces the server's estimate."""
        now = time.monotonic()
        played_ms = max(0.0, float(played_ms)) if np.isfinite(played_ms) else 0.0
        self.played = (played_ms, now)
        self.playback_end = now + max(0.0, self.audio_s * 1000 - played_ms) / 1000

    def position_ms(self, at: float) -> float:
        """How far playback had got at monotonic time `at`, in ms of reply audio."""
        if self.played is not None:
            played_ms, reported = self.played
            return played_ms + (at - reported) * 1000
        if not self.segments:
            return 0.0
        first = self.segments[0].start_at
        # Segments play back to back from the first one's start, unless synthesis fell behind.
        for seg in reversed(self.segments):
            if seg.start_at <= at:
                return seg.offset_ms + (at - seg.start_at) * 1000
        return (at - first) * 1000

    def heard_text(self, at: float) -> str:
        """What the user heard by monotonic time `at`: whole segments, then the words of the one playing."""
        position = self.position_ms(at)
        heard: list[str] = []
        for seg in self.segments:
            if position <= seg.offset_ms:
                break
            words = seg.text.split()
            share = (position - seg.offset_ms) / seg.duration_ms if seg.duration_ms else 1.0
            share = min(1.0, share) if np.isfinite(share) else 1.0  # a bogus client clock cannot overflow
            # Words are spoken at a roughly even pace; a word counts once it has begun.
            heard.extend(words[: min(len(words), int(np.ceil(share * len(words))))])
        return " ".join(heard)

    async def run(self) -> None:
        """Synthesize queued sentences one by one and send each as an audio segment."""
        loop = asyncio.get_running_loop()
        seq = 0
        offset_ms = 0.0
        try:
            while self.tts is not None:
                sentence = await self._queue.get()
                if sentence is None or self.cancelled or self.muted:
                    break
                if not sentence.strip():
                    continue
                started = time.perf_counter()
                pcm = await loop.run_in_executor(self.executor, self.tts.synthesize, sentence)
                took = time.perf_counter() - started
                self.tts_s += took
                if self.first_tts_s is None:
                    self.first_tts_s = took
                if self.cancelled or self.muted:
                    break
                pcm = np.asarray(pcm, dtype="<i2")
                rate = self.tts.sample_rate
                now = time.monotonic()
                start_at = max(now, self.playback_end)
                self.playback_end = start_at + len(pcm) / rate
                self.audio_s += len(pcm) / rate
                self.segments.append(_Segment(sentence, offset_ms, len(pcm) / rate * 1000, start_at))
                offset_ms += len(pcm) / rate * 1000
                data = pcm.tobytes()
                frames = [data[i:i + REPLY_FRAME_BYTES] for i in range(0, len(data), REPLY_FRAME_BYTES)]
                if seq == 0:
                    self.on_first_audio()
                await self.outbox.put(
                    AudioStart(turn_index=self.turn_index, seq=seq, sample_rate=rate, text=sentence),
                    *frames, AudioEnd(turn_index=self.turn_index, seq=seq, samples=len(pcm)))
                seq += 1
        finally:
            self._done.set()

    async def wait(self) -> None:
        """Until the last segment was sent or the reply was cancelled."""
        await self._done.wait()
