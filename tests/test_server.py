"""The FastAPI app without speech models: HTTP routes, origin policy, protocol errors, text rehearsals."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile as sf
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from tests.helpers import make_services
from voice_coach.protocol import (
    MAX_FRAME_BYTES,
    ErrorCode,
    ProtocolError,
    check_audio_frame,
    parse_client_message,
)
from voice_coach.server.app import CSP, create_app, origin_allowed

LIBRIVOX = Path(__file__).parent / "data" / "librivox"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """One app without speech models, a temporary store and a tiny web client folder."""
    tmp = tmp_path_factory.mktemp("server")
    web = tmp / "web"
    web.mkdir()
    (web / "index.html").write_text("<!doctype html><title>voice coach</title>", encoding="utf-8")
    services = make_services(tmp, counterpart="scripted")
    app = create_app(services, load_voice=False, web_dir=web, allowed_origins=["https://coach.example.org"],
                     allowed_hosts=["testserver"])  # the Host name Starlette's test client sends
    with TestClient(app) as test_client:
        test_client.services = services  # type: ignore[attr-defined]
        yield test_client


def receive_until(ws: Any, wanted: str, limit: int = 50) -> list[dict[str, Any]]:
    """JSON messages up to and including the first of type `wanted`."""
    seen = []
    for _ in range(limit):
        msg = json.loads(ws.receive_text())
        seen.append(msg)
        if msg["type"] == wanted:
            return seen
    raise AssertionError(f"no {wanted!r} in {[m['type'] for m in seen]}")


def start_text(ws: Any, scenario: str = "remote-fridays", mode: str = "flow") -> dict[str, Any]:
    """Start a typed rehearsal without audio and consume the opening line."""
    ws.send_text(json.dumps({"type": "start", "scenario_id": scenario, "mode": mode, "input": "text",
                             "speak": False}))
    started = receive_until(ws, "session_started")[-1]
    receive_until(ws, "metrics")  # the opening line is complete
    return started


def next_error(ws: Any) -> str:
    """The code of the next error event."""
    return str(receive_until(ws, "error")[-1]["code"])


def test_healthz_is_503_without_speech_models(client: TestClient) -> None:
    resp = client.get("/healthz")
    assert resp.status_code == 503
    assert resp.json()["status"] == "loading" and resp.json()["stt"] is None


def test_scenarios_list_and_filters(client: TestClient) -> None:
    everything = client.get("/api/scenarios").json()
    assert len(everything) == len(client.services.scenarios)  # type: ignore[attr-defined]
    assert [s["difficulty"] for s in everything] == sorted(s["difficulty"] for s in everything)
    work = client.get("/api/scenarios", params={"category": "work"}).json()
    assert work and all(s["category"] == "work" for s in work) and len(work) < len(everything)
    easy = client.get("/api/scenarios", params={"max_difficulty": 3}).json()
    assert easy and all(s["difficulty"] <= 3 for s in easy)
    level = everything[0]["difficulty"]
    exact = client.get("/api/scenarios", params={"difficulty": level}).json()
    assert exact and all(s["difficulty"] == level for s in exact)
    assert client.get("/api/scenarios", params={"difficulty": 42}).status_code == 422


def test_web_client_is_served_with_csp(client: TestClient) -> None:
    resp = client.get("/")
    assert resp.status_code == 200 and "voice coach" in resp.text
    assert resp.headers["content-security-policy"] == CSP
    assert "content-security-policy" not in client.get("/api/scenarios").headers


@pytest.mark.parametrize(("origin", "port", "ok"), [
    (None, 8000, True),
    ("http://127.0.0.1:8000", 8000, True),
    ("http://localhost:8000", 8000, True),
    ("http://[::1]:8000", 8000, True),
    ("http://localhost:9000", 8000, False),
    ("http://evil.example:8000", 8000, False),
    ("https://coach.example.org", 8000, True),
    ("null", 8000, False),
])
def test_origin_policy(origin: str | None, port: int, ok: bool) -> None:
    assert origin_allowed(origin, port, {"https://coach.example.org"}) is ok


def test_foreign_origin_is_closed_with_1008(client: TestClient) -> None:
    with client.websocket_connect("/ws", headers={"origin": "http://evil.example"}) as ws, \
            pytest.raises(WebSocketDisconnect) as info:
        ws.receive_text()
    assert info.value.code == 1008
    with client.websocket_connect("/ws", headers={"origin": "https://coach.example.org"}) as ws:
        ws.send_text(json.dumps({"type": "ping", "t": 1.5}))
        assert json.loads(ws.receive_text()) == {"type": "pong", "t": 1.5, "lag_ms": 0.0}


def test_bad_messages_get_error_codes_and_the_connection_survives(client: TestClient) -> None:
    with client.websocket_connect("/ws") as ws:
        cases = [
            ("{not json", ErrorCode.BAD_JSON),
            ("[1, 2]", ErrorCode.BAD_JSON),
            (json.dumps({"type": "dance"}), ErrorCode.UNKNOWN_MESSAGE),
            (json.dumps({"type": "text", "text": "hello"}), ErrorCode.OUT_OF_ORDER),
            (json.dumps({"type": "end"}), ErrorCode.OUT_OF_ORDER),
            (json.dumps({"type": "start", "scenario_id": "remote-fridays", "mode": "loud"}), ErrorCode.BAD_MESSAGE),
            (json.dumps({"type": "start", "scenario_id": "remote-fridays", "sample_rate": 44100}),
             ErrorCode.BAD_SAMPLE_RATE),
            (json.dumps({"type": "start", "scenario_id": "no-such-thing", "input": "text"}),
             ErrorCode.UNKNOWN_SCENARIO),
            (json.dumps({"type": "start", "scenario_id": "remote-fridays", "input": "voice"}), ErrorCode.NOT_READY),
        ]
        for raw, code in cases:
            ws.send_text(raw)
            msg = json.loads(ws.receive_text())
            assert (msg["type"], msg["code"]) == ("error", code), raw
        ws.send_bytes(bytes(640))
        assert next_error(ws) == ErrorCode.OUT_OF_ORDER
        start_text(ws)  # still usable after all of that
        ws.send_text(json.dumps({"type": "start", "scenario_id": "remote-fridays", "input": "text"}))
        assert next_error(ws) == ErrorCode.OUT_OF_ORDER
        ws.send_bytes(bytes(640))  # audio in a text rehearsal
        assert next_error(ws) == ErrorCode.OUT_OF_ORDER
        ws.send_text(json.dumps({"type": "send"}))  # flow mode has nothing to send
        assert next_error(ws) == ErrorCode.OUT_OF_ORDER
        ws.send_text(json.dumps({"type": "checkin", "phase": "pre", "answers": {"bravery": 9}}))
        assert next_error(ws) == ErrorCode.BAD_MESSAGE


def test_typed_rehearsal_stores_turns_and_ends(client: TestClient) -> None:
    store = client.services.store  # type: ignore[attr-defined]
    with client.websocket_connect("/ws") as ws:
        ws.send_text(json.dumps({"type": "hello", "protocol": 1}))
        hello = json.loads(ws.receive_text())
        assert hello["protocol"] == 1 and hello["input_sample_rate"] == 16000
        started = start_text(ws)
        ws.send_text(json.dumps({"type": "checkin", "phase": "pre", "answers": {"afraid": 5, "hopeful": 3}}))
        line = "I feel stressed by my two hour commute, so I would like to work from home on Fridays."
        ws.send_text(json.dumps({"type": "text", "text": line}))
        events = receive_until(ws, "turn_stored")
        kinds = [e["type"] for e in events]
        assert {"transcript_final", "partner_delta", "partner_done", "feedback"} <= set(kinds)
        assert "audio_start" not in kinds  # speak: false
        final = next(e for e in events if e["type"] == "transcript_final")
        assert final["text"] == line and final["source"] == "text"
        feedback = next(e for e in events if e["type"] == "feedback")["feedback"]
        assert len(feedback["skills"]) == 7
        partner = next(e for e in events if e["type"] == "partner_done")["text"]
        ws.send_text(json.dumps({"type": "end"}))
        ended = receive_until(ws, "ended")[-1]
        assert ended["reason"] == "user" and ended["summary"]["turns"] == 1
        with pytest.raises(WebSocketDisconnect) as info:
            ws.receive_text()
        assert info.value.code == 1000
    row = store.get_session(started["session_id"])
    assert row.end_reason == "user"
    assert [(t.user_text, t.partner_text) for t in row.turns] == [(line, partner)]
    assert row.checkins[0].answers == {"afraid": 5, "hopeful": 3}


def test_practice_mode_holds_the_line_until_send(client: TestClient) -> None:
    with client.websocket_connect("/ws") as ws:
        start_text(ws, mode="practice")
        ws.send_text(json.dumps({"type": "text", "text": "Can I work from home on Fridays?"}))
        held = receive_until(ws, "line_held")
        assert "partner_delta" not in [e["type"] for e in held]
        assert any(e["type"] == "feedback" for e in held)
        ws.send_text(json.dumps({"type": "send"}))
        answered = receive_until(ws, "turn_stored")
        assert any(e["type"] == "partner_done" and e["turn_index"] == 0 for e in answered)


def test_safety_pause_blocks_turns_until_resume(client: TestClient) -> None:
    with client.websocket_connect("/ws") as ws:
        start_text(ws)
        ws.send_text(json.dumps({"type": "text", "text": "I want to kill myself."}))
        receive_until(ws, "safety_pause")
        receive_until(ws, "turn_stored")
        ws.send_text(json.dumps({"type": "text", "text": "Can we talk about Fridays?"}))
        assert next_error(ws) == ErrorCode.SESSION_PAUSED
        ws.send_text(json.dumps({"type": "resume"}))
        assert receive_until(ws, "state")[-1]["state"] == "listening"
        ws.send_text(json.dumps({"type": "text", "text": "Can we talk about Fridays?"}))
        receive_until(ws, "partner_done")


def test_client_messages_parse_and_reject() -> None:
    assert parse_client_message('{"type": "ptt_start"}').type == "ptt_start"  # type: ignore[attr-defined]
    msg = parse_client_message('{"type": "playback", "turn_index": 2, "played_ms": 1200}')
    assert msg.played_ms == 1200  # type: ignore[attr-defined]
    for raw, code in [('{"type": "text", "text": ""}', "bad_message"),
                      ('{"type": "ping", "extra": 1}', "bad_message"),
                      ('"ping"', "bad_json")]:
        with pytest.raises(ProtocolError) as info:
            parse_client_message(raw)
        assert info.value.code == code


def test_audio_frame_checks_on_real_speech() -> None:
    pcm, rate = sf.read(LIBRIVOX / "sense_and_sensibility_01_austen_64kb-0870.wav", dtype="int16")
    assert rate == 16000
    for start in range(0, len(pcm) - 640, 320):  # every real 20/40 ms frame passes
        check_audio_frame(pcm[start:start + 640].tobytes())
        check_audio_frame(pcm[start:start + 320].tobytes())
    floats = (pcm[16000:16640].astype(np.float32) / 32768).tobytes()
    bad = {
        pcm[:321].tobytes()[:641]: ErrorCode.BAD_AUDIO,                      # odd length
        b"": ErrorCode.BAD_AUDIO,
        floats: ErrorCode.BAD_AUDIO,                                        # float32 samples
        b"RIFF" + bytes(1000): ErrorCode.BAD_AUDIO,                         # a WAV file
        bytes(MAX_FRAME_BYTES + 2): ErrorCode.FRAME_TOO_LARGE,
    }
    for frame, code in bad.items():
        with pytest.raises(ProtocolError) as info:
            check_audio_frame(frame)
        assert info.value.code == code


def test_hello_naming_a_scenario_starts_the_rehearsal(client: TestClient) -> None:
    with client.websocket_connect("/ws") as ws:
        ws.send_text(json.dumps({"type": "hello", "scenario_id": "roommate-dishes", "input": "text",
                                 "speak": False}))
        assert json.loads(ws.receive_text())["type"] == "hello"
        started = receive_until(ws, "session_started")[-1]
        assert started["scenario_id"] == "roommate-dishes"
        ws.send_text(json.dumps({"type": "hello", "scenario_id": "roommate-dishes", "sample_rate": 8000}))
        assert next_error(ws) == ErrorCode.OUT_OF_ORDER
