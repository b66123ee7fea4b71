"""Streaming end-of-turn detection on PCM16 16 kHz audio (WebRTC VAD or Silero)."""

from __future__ import annotations

from collections import deque
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict

from voice_coach.audio.levels import dbfs

SAMPLE_RATE = 16_000


class VadEvent(BaseModel):
    """Base of endpointer events; `t` is seconds since the stream (or the last reset) began."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    t: float


class SpeechStart(VadEvent):
    """Speech began at `t` (the first voiced frame of a run long enough to count)."""

    type: Literal["speech_start"] = "speech_start"


class Pause(VadEvent):
    """Trailing silence reached speculative_ms: `audio` (float32, with pre-roll) may be transcribed early."""

    type: Literal["pause"] = "pause"
    audio: np.ndarray


class SpeechResume(VadEvent):
    """Speech came back after a Pause and before the turn ended."""

    type: Literal["speech_resume"] = "speech_resume"


class SpeechEnd(VadEvent):
    """The turn ended: silence reached end_silence_ms; `speech_end_t` is the end of the last voiced frame.

    `audio` runs from the pre-roll to speculative_ms after the last voiced frame, so it equals
    the last Pause's audio when speech did not resume.
    """

    type: Literal["speech_end"] = "speech_end"
    audio: np.ndarray
    speech_end_t: float


AnyVadEvent = SpeechStart | Pause | SpeechResume | SpeechEnd


class _WebRtcClassifier:
    """WebRTC VAD on 20 ms frames, judged one frame at a time."""

    frame_samples = SAMPLE_RATE // 50

    def __init__(self, aggressiveness: int) -> None:
        """Remember the mode (0-3: higher rejects more non-speech)."""
        import webrtcvad

        self._make = webrtcvad.Vad
        self.aggressiveness = aggressiveness

    def is_speech(self, frame: bytes) -> bool:
        """Classify one frame."""
        # A fresh detector per frame (6 us) on purpose: a long-lived one holds "speech" for up to
        # 7 frames after the last word (hangover) and, in steady noise, its adaptive model left
        # 660-740 ms holes inside LibriVox sentences; the noise-floor gate does the adapting.
        return bool(self._make(self.aggressiveness).is_speech(frame, SAMPLE_RATE))

    def reset(self) -> None:
        """WebRTC VAD keeps only short-term state; nothing to clear."""


class _SileroClassifier:
    """Silero VAD (the ONNX file bundled with faster-whisper) on 32 ms frames, state carried across calls."""

    frame_samples = 512
    _context = 64

    def __init__(self, threshold: float) -> None:
        """Load the model (no torch; onnxruntime only)."""
        from faster_whisper.vad import get_vad_model

        self._session = get_vad_model().session
        self.threshold = threshold
        self.reset()

    def reset(self) -> None:
        """Clear the recurrent state and the audio context."""
        self._h = np.zeros((1, 1, 128), dtype=np.float32)
        self._c = np.zeros((1, 1, 128), dtype=np.float32)
        self._ctx = np.zeros(self._context, dtype=np.float32)

    def is_speech(self, frame: bytes) -> bool:
        """Classify one frame."""
        audio = np.frombuffer(frame, dtype="<i2").astype(np.float32) / 32768.0
        x = np.concatenate([self._ctx, audio])[None, :]
        prob, self._h, self._c = self._session.run(None, {"input": x, "h": self._h, "c": self._c})
        self._ctx = audio[-self._context:]
        return float(np.asarray(prob).reshape(-1)[0]) >= self.threshold


class Endpointer:
    """Feeds on PCM16 LE mono 16 kHz chunks of any length and reports turn boundaries."""

    def __init__(
        self,
        *,
        backend: Literal["webrtc", "silero"] = "webrtc",
        end_silence_ms: int = 600,
        min_speech_ms: int = 250,
        pre_roll_ms: int = 300,
        speculative_ms: int = 200,
        aggressiveness: int = 2,
        silero_threshold: float = 0.5,
        min_level_dbfs: float = -50.0,
        snr_db: float = 3.0,
        max_gap_ms: int = 100,
    ) -> None:
        """Configure timings and gates: a voiced frame is speech-like, above `min_level_dbfs` and `snr_db` over the noise floor."""
        if not 0 < speculative_ms < end_silence_ms:
            raise ValueError("need 0 < speculative_ms < end_silence_ms")
        self._clf: Any = _SileroClassifier(silero_threshold) if backend == "silero" else _WebRtcClassifier(aggressiveness)
        self.backend = backend
        self.frame_samples: int = self._clf.frame_samples
        self.frame_s = self.frame_samples / SAMPLE_RATE
        frame_ms = 1000.0 * self.frame_s

        def frames(ms: float) -> int:
            return max(1, int(np.ceil(ms / frame_ms - 1e-9)))

        self.end_silence_ms, self.min_speech_ms = end_silence_ms, min_speech_ms
        self.pre_roll_ms, self.speculative_ms = pre_roll_ms, speculative_ms
        self._end_frames = frames(end_silence_ms)
        self._min_frames = frames(min_speech_ms)
        self._pre_frames = frames(pre_roll_ms)
        self._spec_frames = frames(speculative_ms)
        # Voiced frames separated by a gap longer than this do not add up to one start.
        self._gap_frames = frames(max_gap_ms)
        self.min_level_dbfs = min_level_dbfs
        self.snr_db = snr_db
        self._floor_window = max(1, round(5.0 / self.frame_s))
        self._floor_min_frames = max(1, round(0.1 / self.frame_s))
        self.reset()

    def reset(self) -> None:
        """Forget everything; times restart at zero."""
        self._clf.reset()
        self._pending = b""
        self._idx = 0  # index of the next frame
        self._ring: deque[tuple[int, np.ndarray]] = deque()
        self._cand_start: int | None = None
        self._cand_voiced = 0
        self._last_voiced = -1
        self._in_speech = False
        self._utt: list[np.ndarray] = []
        self._utt_first = 0  # frame index of _utt[0]
        self._paused = False
        self._levels: deque[float] = deque(maxlen=self._floor_window)

    @property
    def in_speech(self) -> bool:
        """True between SpeechStart and SpeechEnd."""
        return self._in_speech

    @property
    def silence_ms(self) -> float:
        """Trailing silence of the turn in progress in ms (0 outside a turn)."""
        if not self._in_speech:
            return 0.0
        return (self._idx - 1 - self._last_voiced) * self.frame_s * 1000.0

    def turn_audio(self) -> np.ndarray:
        """The turn in progress so far, trailing silence included (empty outside a turn)."""
        if not (self._in_speech and self._utt):
            return np.zeros(0, dtype=np.float32)
        return np.concatenate(self._utt)

    def push(self, pcm: bytes) -> list[AnyVadEvent]:
        """Consume audio; return the events it completed, in order."""
        self._pending += pcm
        step = 2 * self.frame_samples
        n = len(self._pending) // step
        events: list[AnyVadEvent] = []
        for k in range(n):
            events.extend(self._frame(self._pending[k * step:(k + 1) * step]))
        self._pending = self._pending[n * step:]
        return events

    def _voiced(self, raw: bytes, frame: np.ndarray) -> bool:
        """Speech-like, and loud enough above both the absolute gate and the room's noise floor."""
        speech = self._clf.is_speech(raw)  # always: Silero carries state from frame to frame
        level = dbfs(frame)
        if level > -90.0:  # digital silence (muted or padded input) says nothing about the room
            self._levels.append(level)
        gate = self.min_level_dbfs
        # VADs call room noise and breath near the floor speech; the 10th percentile of the last
        # 5 s tracks that floor (a fixed dBFS gate cannot: mic gain and rooms differ).
        if len(self._levels) >= self._floor_min_frames:
            gate = max(gate, float(np.percentile(self._levels, 10)) + self.snr_db)
        return speech and level >= gate

    def end_turn(self) -> list[AnyVadEvent]:
        """End the paused turn now (a turn detector judged it complete); [] when no turn is paused.

        The SpeechEnd carries the same audio as the last Pause, so its speculative transcript stays valid.
        """
        if not (self._in_speech and self._paused):
            return []
        cut = self._last_voiced + self._spec_frames + 1 - self._utt_first
        audio = np.concatenate(self._utt[:cut])
        end = SpeechEnd(t=round(self._idx * self.frame_s, 4), audio=audio,
                        speech_end_t=round((self._last_voiced + 1) * self.frame_s, 4))
        self._in_speech, self._paused, self._utt = False, False, []
        self._ring.clear()
        return [end]

    def _frame(self, raw: bytes) -> list[AnyVadEvent]:
        """Advance the state machine by one frame."""
        idx = self._idx
        self._idx += 1
        frame = np.frombuffer(raw, dtype="<i2").astype(np.float32) / 32768.0
        voiced = self._voiced(raw, frame)
        if self._in_speech:
            return self._in_turn(idx, frame, voiced)
        return self._idle(idx, frame, voiced)

    def _idle(self, idx: int, frame: np.ndarray, voiced: bool) -> list[AnyVadEvent]:
        """Wait for a run of speech at least min_speech_ms long; keep pre-roll audio."""
        self._ring.append((idx, frame))
        if voiced:
            if self._cand_start is None:
                self._cand_start, self._cand_voiced = idx, 0
            self._cand_voiced += 1
            self._last_voiced = idx
        elif self._cand_start is not None and idx - self._last_voiced > self._gap_frames:
            self._cand_start = None
        keep_from = (self._cand_start if self._cand_start is not None else idx + 1) - self._pre_frames
        while self._ring and self._ring[0][0] < keep_from:
            self._ring.popleft()
        if self._cand_start is None or self._cand_voiced < self._min_frames:
            return []
        start = self._cand_start
        self._in_speech, self._paused, self._cand_start = True, False, None
        self._utt = [f for _, f in self._ring]
        self._utt_first = self._ring[0][0] if self._ring else idx
        self._ring.clear()
        return [SpeechStart(t=round(start * self.frame_s, 4))]

    def _in_turn(self, idx: int, frame: np.ndarray, voiced: bool) -> list[AnyVadEvent]:
        """Track trailing silence: Pause at speculative_ms, SpeechEnd at end_silence_ms."""
        self._utt.append(frame)
        events: list[AnyVadEvent] = []
        if voiced:
            self._last_voiced = idx
            if self._paused:
                self._paused = False
                events.append(SpeechResume(t=round(idx * self.frame_s, 4)))
            return events
        silent = idx - self._last_voiced
        now = round((idx + 1) * self.frame_s, 4)
        if silent == self._spec_frames and not self._paused:
            self._paused = True
            events.append(Pause(t=now, audio=np.concatenate(self._utt)))
        if silent >= self._end_frames:
            cut = self._last_voiced + self._spec_frames + 1 - self._utt_first
            audio = np.concatenate(self._utt[:cut])
            events.append(SpeechEnd(t=now, audio=audio, speech_end_t=round((self._last_voiced + 1) * self.frame_s, 4)))
            self._in_speech, self._paused, self._utt = False, False, []
            self._ring.clear()
        return events
