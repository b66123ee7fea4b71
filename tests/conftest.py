"""Shared pytest fixtures: real speech models (loaded once) and the LibriVox test recordings."""

from __future__ import annotations

import io
import json
import os
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import numpy as np
import pytest

if TYPE_CHECKING:
    from voice_coach.ports import SpeechToText, TextToSpeech
    from voice_coach.audio.stt import WhisperSTT
    from voice_coach.audio.tts import PiperTTS

DATA_DIR = Path(__file__).parent / "data"
TEST_CACHE_DIR = Path(tempfile.gettempdir()) / "voice-coach-test-cache"


@pytest.fixture(scope="session", autouse=True)
def evaluator_cache_dir() -> Iterator[Path]:
    """Embedding and classifier caches of the whole run go to one test folder, never the user's.

    Set here once for every test (and the CLI subprocesses they start), instead of by whichever test
    module happens to be imported first; the previous value is restored at the end of the run.
    """
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("VOICE_COACH_CACHE_DIR", os.environ.get("VOICE_COACH_CACHE_DIR") or str(TEST_CACHE_DIR))
        yield Path(os.environ["VOICE_COACH_CACHE_DIR"])
LIBRIVOX_DIR = DATA_DIR / "librivox"


@dataclass(frozen=True)
class Clip:
    """A real recording (float32 mono 16 kHz) with its reference transcript."""

    name: str
    audio: np.ndarray
    text: str

    @property
    def duration(self) -> float:
        """Length in seconds."""
        return self.audio.size / 16_000


def librivox_names() -> list[str]:
    """File names of the LibriVox clips, sorted."""
    return sorted(json.loads((LIBRIVOX_DIR / "transcripts.json").read_text()))


def load_clip(name: str) -> Clip:
    """Load one LibriVox clip by file name."""
    import soundfile as sf

    audio, rate = sf.read(LIBRIVOX_DIR / name, dtype="float32")
    assert rate == 16_000 and audio.ndim == 1
    text = json.loads((LIBRIVOX_DIR / "transcripts.json").read_text())[name]
    return Clip(name=name, audio=audio, text=text)


@pytest.fixture(scope="session")
def librivox_clips() -> list[Clip]:
    """Every LibriVox clip with its transcript."""
    return [load_clip(n) for n in librivox_names()]


@pytest.fixture(scope="session")
def librivox_clip(librivox_clips: list[Clip]) -> Clip:
    """One representative clip (the longest sentence)."""
    return max(librivox_clips, key=lambda c: c.duration)


@pytest.fixture(scope="session")
def whisper_stt() -> Iterator[WhisperSTT]:
    """The default in-process Whisper (bundled tiny.en), loaded and warmed once per run."""
    from voice_coach.audio.stt import WhisperSTT

    stt = WhisperSTT()
    stt.warm_up()
    yield stt


@pytest.fixture(scope="session")
def piper_tts() -> Iterator[PiperTTS]:
    """The default in-process Piper voice (en_US-joe-medium), loaded and warmed once per run."""
    from voice_coach.audio.tts import PiperTTS

    tts = PiperTTS()
    tts.warm_up()
    yield tts


@dataclass
class AudioServer:
    """A local HTTP server speaking OpenAI's audio wire format, backed by real local models."""

    base_url: str
    stt: SpeechToText | None = None
    tts: TextToSpeech | None = None
    verbose_json: bool = True  # False: reject verbose_json with 400, as text-only servers do
    requests: list[dict[str, Any]] = field(default_factory=list)


def _handler(server: AudioServer) -> type[BaseHTTPRequestHandler]:
    """Request handler bound to one AudioServer."""
    import soundfile as sf

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # keep pytest output clean
            pass

        def _send(self, status: int, body: bytes, ctype: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _json(self, status: int, obj: Any) -> None:
            self._send(status, json.dumps(obj).encode(), "application/json")

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            ctype = self.headers["Content-Type"]
            if self.path.endswith("/audio/transcriptions"):
                self._transcriptions(body, ctype)
            elif self.path.endswith("/audio/speech"):
                self._speech(json.loads(body), ctype)
            else:
                self._json(404, {"error": {"message": "not found", "type": "invalid_request_error"}})

        def _transcriptions(self, body: bytes, ctype: str) -> None:
            msg = BytesParser(policy=HTTP).parsebytes(b"Content-Type: " + ctype.encode() + b"\r\n\r\n" + body)
            fields: dict[str, Any] = {}
            for part in msg.iter_parts():
                name = str(part.get_param("name", header="content-disposition"))
                data = cast(bytes, part.get_payload(decode=True))
                if part.get_filename():
                    fields[name] = {"filename": part.get_filename(), "type": part.get_content_type(), "data": data}
                else:
                    fields.setdefault(name, []).append(data.decode())
            server.requests.append({"path": self.path, "content_type": ctype, "fields": fields})
            fmt = fields.get("response_format", ["json"])[0]
            if fmt == "verbose_json" and not server.verbose_json:
                self._json(400, {"error": {"message": "response_format verbose_json is not supported",
                                           "type": "invalid_request_error", "param": "response_format"}})
                return
            audio, rate = sf.read(io.BytesIO(fields["file"]["data"]), dtype="float32")
            assert rate == 16_000 and server.stt is not None
            result = server.stt.transcribe(audio)
            if fmt == "verbose_json":
                self._json(200, {"task": "transcribe", "language": "english", "duration": result.duration_s,
                                 "text": result.text,
                                 "words": [{"word": w.word, "start": w.start, "end": w.end} for w in result.words],
                                 "segments": [{"id": 0, "seek": 0, "start": 0.0, "end": result.duration_s,
                                               "text": result.text, "tokens": [], "temperature": 0.0,
                                               "avg_logprob": -0.2, "compression_ratio": 1.2,
                                               "no_speech_prob": result.no_speech_prob}]})
            else:
                self._json(200, {"text": result.text})

        def _speech(self, req: dict[str, Any], ctype: str) -> None:
            from voice_coach.audio.tts import _resample

            server.requests.append({"path": self.path, "content_type": ctype, "json": req})
            assert server.tts is not None
            pcm = server.tts.synthesize(req["input"])
            if req.get("response_format", "mp3") == "pcm":
                # OpenAI's pcm is 24 kHz 16-bit little-endian mono, no header.
                self._send(200, _resample(pcm, server.tts.sample_rate, 24_000).astype("<i2").tobytes(),
                           "audio/pcm")
            else:
                buf = io.BytesIO()
                sf.write(buf, pcm, server.tts.sample_rate, format="WAV", subtype="PCM_16")
                self._send(200, buf.getvalue(), "audio/wav")

    return Handler


@pytest.fixture
def audio_server() -> Iterator[AudioServer]:
    """An OpenAI-compatible audio server on 127.0.0.1 in a thread; set `.stt` / `.tts` before use."""
    server = AudioServer(base_url="")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(server))
    server.base_url = f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        httpd.shutdown()
        httpd.server_close()
