"""Wire protocol v1 of the rehearsal WebSocket: client control messages, server-only messages, codes.

Server events that the session engine produces are the models of `voice_coach.events`; this module
adds the client messages, the audio framing messages and the stable error and close codes.
See docs/protocol.md for the full description.
"""

from __future__ import annotations

import json
import math
import re
from typing import Annotated, Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

PROTOCOL_VERSION = 1
"""Version of this protocol; a client may state it in `hello`."""

INPUT_SAMPLE_RATE = 16_000
"""The only accepted sample rate of client audio (PCM16 LE mono)."""

MAX_FRAME_BYTES = 64 * 1024
"""Largest binary frame a client may send."""

REPLY_FRAME_BYTES = 8 * 1024
"""Reply audio is sent in binary frames of at most this many bytes."""

MAX_TEXT_FRAME_CHARS = 64 * 1024
"""Longest JSON control message (a typed line is at most 4,000 characters)."""

MAX_JSON_DEPTH = 8
"""Deepest nesting of arrays and objects in a control message (real messages use 2)."""

MAX_NUMBER_CHARS = 32
"""Longest number literal in a control message."""

MAX_PLAYED_MS = 24 * 3600 * 1000.0
"""Largest `played_ms` a client may report (a day of audio)."""

CLOSE_NORMAL = 1000
CLOSE_POLICY = 1008
CLOSE_INTERNAL = 1011


class ErrorCode:
    """Stable `code` values of `error` events."""

    BAD_JSON = "bad_json"
    UNKNOWN_MESSAGE = "unknown_message"
    BAD_MESSAGE = "bad_message"
    OUT_OF_ORDER = "out_of_order"
    BAD_AUDIO = "bad_audio"
    FRAME_TOO_LARGE = "frame_too_large"
    BAD_SAMPLE_RATE = "bad_sample_rate"
    UNKNOWN_SCENARIO = "unknown_scenario"
    SESSION_PAUSED = "session_paused"
    BUSY = "busy"
    NOT_READY = "not_ready"
    INTERNAL = "internal"


class _Msg(BaseModel):
    # strict: no coercion ("3" is not 3, true is not 1, 16000.0 is not 16000); finite numbers only
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, allow_inf_nan=False)


class Start(_Msg):
    """Begin the one rehearsal of this connection."""

    type: Literal["start"]
    scenario_id: str = Field(min_length=1)
    mode: Literal["flow", "practice"] = "flow"
    input: Literal["text", "voice"] = "voice"
    sample_rate: int = INPUT_SAMPLE_RATE
    speak: bool = Field(default=True, description="Send the counterpart's lines as audio too")


class Hello(_Msg):
    """Optional handshake (answered by ServerHello); with a `scenario_id` it also acts as `start`."""

    type: Literal["hello"]
    protocol: int = PROTOCOL_VERSION
    client: str = ""
    scenario_id: str | None = Field(default=None, min_length=1)
    mode: Literal["flow", "practice"] = "flow"
    input: Literal["text", "voice"] = "voice"
    sample_rate: int = INPUT_SAMPLE_RATE
    speak: bool = True

    def as_start(self) -> Start | None:
        """The equivalent `start` message, when a scenario was named."""
        if self.scenario_id is None:
            return None
        return Start(type="start", scenario_id=self.scenario_id, mode=self.mode, input=self.input,
                     sample_rate=self.sample_rate, speak=self.speak)


class Text(_Msg):
    """A typed user line."""

    type: Literal["text"]
    text: str = Field(min_length=1, max_length=4000)


class Send(_Msg):
    """Practice mode: let the counterpart answer the held line."""

    type: Literal["send"]


class PttStart(_Msg):
    """Push-to-talk pressed: the audio until `ptt_stop` is one turn (no automatic endpointing)."""

    type: Literal["ptt_start"]


class PttStop(_Msg):
    """Push-to-talk released: transcribe and answer the audio since `ptt_start`."""

    type: Literal["ptt_stop"]


class Checkin(_Msg):
    """Pre/post check-in answers (1-7 Likert items)."""

    type: Literal["checkin"]
    phase: Literal["pre", "post"]
    answers: dict[str, int]


class Resume(_Msg):
    """Continue the role-play after a safety pause."""

    type: Literal["resume"]


class SafetyAnswer(_Msg):
    """The answer to a safety check-in: go on with the practice, or stop it."""

    type: Literal["safety_answer"]
    answer: Literal["continue", "stop"]


class Playback(_Msg):
    """How much of a reply's audio the client has played (improves barge-in accuracy)."""

    type: Literal["playback"]
    turn_index: int = Field(ge=-1)
    played_ms: float = Field(ge=0, le=MAX_PLAYED_MS)


class End(_Msg):
    """Finish the rehearsal; the server answers `ended` and closes the connection."""

    type: Literal["end"]


class Redo(_Msg):
    """Take back the last finished exchange and say that line again (therapist demo, practice)."""

    type: Literal["redo"]


class Ping(_Msg):
    """Liveness check; the server answers `pong` with the same `t` and its lag metrics."""

    type: Literal["ping"]
    t: float | None = None


ClientMessage = Annotated[
    Hello | Start | Text | Send | PttStart | PttStop | Checkin | Resume | Playback | End | Ping | Redo
    | SafetyAnswer,
    Field(discriminator="type"),
]
CLIENT_TYPES = frozenset(
    {"hello", "start", "text", "send", "ptt_start", "ptt_stop", "checkin", "resume", "playback",
     "end", "ping", "redo", "safety_answer"}
)
_ADAPTER: TypeAdapter[Any] = TypeAdapter(ClientMessage)


class ProtocolError(Exception):
    """A client message broke the protocol; `code` is an ErrorCode value."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class _Refused(Exception):
    """Raised from inside the JSON decoder to refuse a value."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _parse_int(text: str) -> int:
    if len(text) > MAX_NUMBER_CHARS:
        raise _Refused(ErrorCode.BAD_JSON, f"number literal longer than {MAX_NUMBER_CHARS} characters")
    return int(text)


def _parse_float(text: str) -> float:
    if len(text) > MAX_NUMBER_CHARS:
        raise _Refused(ErrorCode.BAD_JSON, f"number literal longer than {MAX_NUMBER_CHARS} characters")
    value = float(text)
    if not math.isfinite(value):  # 1e999 overflows to infinity
        raise _Refused(ErrorCode.BAD_MESSAGE, f"number {text} is out of range: numbers must be finite")
    return value


def _parse_constant(name: str) -> float:
    raise _Refused(ErrorCode.BAD_MESSAGE, f"{name} is not allowed: numbers must be finite")


_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_BRACKET = re.compile(r"[\[\]{}]")


def _too_deep(raw: str) -> bool:
    """True when arrays/objects nest deeper than MAX_JSON_DEPTH (checked before decoding recurses)."""
    depth = 0
    for match in _BRACKET.finditer(_STRING.sub("", raw)):
        if match.group() in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                return True
        else:
            depth -= 1
    return False


def parse_client_message(raw: str) -> BaseModel:
    """Parse one JSON text frame into a client message model, or raise ProtocolError."""
    if _too_deep(raw[:MAX_TEXT_FRAME_CHARS]):
        raise ProtocolError(ErrorCode.BAD_JSON, f"JSON nested deeper than {MAX_JSON_DEPTH} levels")
    if len(raw) > MAX_TEXT_FRAME_CHARS:
        raise ProtocolError(ErrorCode.FRAME_TOO_LARGE,
                            f"control message of {len(raw)} characters > {MAX_TEXT_FRAME_CHARS}")
    try:
        data = json.loads(raw, parse_int=_parse_int, parse_float=_parse_float, parse_constant=_parse_constant)
    except _Refused as exc:
        raise ProtocolError(exc.code, exc.message) from exc
    except (json.JSONDecodeError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ProtocolError(ErrorCode.BAD_JSON, f"not valid JSON: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("type"), str):
        raise ProtocolError(ErrorCode.BAD_JSON, "expected a JSON object with a string 'type'")
    if data["type"] not in CLIENT_TYPES:
        raise ProtocolError(ErrorCode.UNKNOWN_MESSAGE, f"unknown message type {data['type']!r}"[:200])
    try:
        return _ADAPTER.validate_python(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'][1:]) or 'message'}: {err['msg']}"
            for err in exc.errors()
        )
        raise ProtocolError(ErrorCode.BAD_MESSAGE, problems[:1000]) from exc


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)

    def to_json_dict(self) -> dict[str, Any]:
        """The message as a JSON-ready dict."""
        return self.model_dump(mode="json")


class ServerHello(_Out):
    """The server's answer to `hello`: what it accepts."""

    type: Literal["hello"] = "hello"
    protocol: int = PROTOCOL_VERSION
    server: str
    input_sample_rate: int = INPUT_SAMPLE_RATE
    max_frame_bytes: int = MAX_FRAME_BYTES
    features: list[str] = Field(default_factory=lambda: ["redo"])


class AudioStart(_Out):
    """Binary reply audio of one segment (a sentence or clause) follows."""

    type: Literal["audio_start"] = "audio_start"
    turn_index: int
    seq: int
    sample_rate: int
    text: str


class AudioEnd(_Out):
    """The segment announced by the matching `audio_start` is complete."""

    type: Literal["audio_end"] = "audio_end"
    turn_index: int
    seq: int
    samples: int


class Metrics(_Out):
    """Lag of this connection's queues and the timings of the last turn (ms)."""

    type: Literal["metrics"] = "metrics"
    lag_ms: float
    max_lag_ms: float
    dropped_frames: int
    out_queue: int
    turn_index: int | None = None
    timings: dict[str, float] = Field(default_factory=dict)


class Pong(_Out):
    """Answer to `ping`."""

    type: Literal["pong"] = "pong"
    t: float | None = None
    lag_ms: float = 0.0


def check_audio_frame(frame: bytes) -> None:
    """Raise ProtocolError unless `frame` looks like PCM16 LE mono within the size limit."""
    if len(frame) > MAX_FRAME_BYTES:
        raise ProtocolError(
            ErrorCode.FRAME_TOO_LARGE, f"binary frame of {len(frame)} bytes > {MAX_FRAME_BYTES}"
        )
    if len(frame) == 0 or len(frame) % 2:
        raise ProtocolError(ErrorCode.BAD_AUDIO, f"PCM16 needs an even, non-zero length, got {len(frame)}")
    if frame[:4] in (b"RIFF", b"OggS", b"fLaC", b"ID3\x03") or frame[:4] == b"\x1aE\xdf\xa3":
        raise ProtocolError(ErrorCode.BAD_AUDIO, "send raw PCM16 samples, not a container file")
    if _looks_like_float32(frame):
        raise ProtocolError(ErrorCode.BAD_AUDIO, "frame looks like float32 samples; send PCM16 LE")


def _looks_like_float32(frame: bytes) -> bool:
    # Float32 audio read as int16 has every odd sample pinned near +-15000 (the exponent bits);
    # real PCM16 speech crosses zero through small negatives, which float32 in [-1, 1] cannot.
    if len(frame) % 4 or len(frame) < 64:
        return False
    values = np.frombuffer(frame, dtype="<f4")
    with np.errstate(all="ignore"):
        if not np.all(np.isfinite(values)):
            return False
        peak = float(np.max(np.abs(values)))
    return 1e-4 < peak <= 1.0
