"""One test per hardening defect: lost lines, strict input, ids, Host/token, text mode, blocking work.

Each test names the broken behaviour that makes it fail; all of them failed on the code before the fix.
"""

from __future__ import annotations

import asyncio
import json
import os
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from tests.helpers import collect, live_server, make_services, start
from tests.test_server import receive_until, start_text
from voice_coach.events import ErrorEvent
from voice_coach.server.app import create_app
from voice_coach.store import Store

ROOT = Path(__file__).resolve().parents[1]
LINES = [
    "I've stayed past seven three times this month.",
    "I feel drained and I'm asking to work from home on Fridays.",
    "You'd get my best work. Could we try it for a month?",
]


def _on_loop() -> bool:
    """True when called from a thread that is running an asyncio event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


@pytest.fixture
def client(tmp_path: Path) -> Any:
    """A fresh app without speech models on its own store (Host 'testserver' is the test client's)."""
    services = make_services(tmp_path, counterpart="scripted", max_turns=60)
    with TestClient(create_app(services, load_voice=False, allowed_hosts=["testserver"])) as test_client:
        test_client.services = services  # type: ignore[attr-defined]
        yield test_client


# -- 1. no lost lines --------------------------------------------------------------------------

def test_lines_sent_right_before_end_are_stored_and_counted(client: TestClient) -> None:
    # Fails if queued, not yet started turns are dropped at `end` (the old stop() cleared the queue).
    store = client.services.store  # type: ignore[attr-defined]
    for _ in range(3):
        with client.websocket_connect("/ws") as ws:
            started = start_text(ws)
            for line in LINES:
                ws.send_text(json.dumps({"type": "text", "text": line}))
            ws.send_text(json.dumps({"type": "end"}))
            ended = receive_until(ws, "ended", limit=400)[-1]
        assert ended["summary"]["turns"] == len(LINES)
        row = store.get_session(started["session_id"])
        assert [t.user_text for t in row.turns] == LINES and all(t.partner_text for t in row.turns)


def test_lines_sent_right_before_a_disconnect_are_stored(tmp_path: Path) -> None:
    # Fails if the client leaving drops the lines still queued (the partner reply is stored too).
    from websockets.sync.client import connect

    services = make_services(tmp_path, counterpart="scripted")
    with live_server(services, load_voice=False) as port:
        for _ in range(3):
            with connect(f"ws://127.0.0.1:{port}/ws") as ws:
                ws.send(json.dumps({"type": "start", "scenario_id": "remote-fridays", "input": "text",
                                    "speak": False}))
                started = next(m for m in map(json.loads, ws) if m["type"] == "session_started")
                for line in LINES:
                    ws.send(json.dumps({"type": "text", "text": line}))
            deadline = time.monotonic() + 60
            row = services.store.get_session(started["session_id"])
            while row.end_reason is None and time.monotonic() < deadline:
                time.sleep(0.05)
                row = services.store.get_session(started["session_id"])
            assert row.end_reason in ("disconnect", "agreement")  # the scripted partner may agree at line 3
            assert [t.user_text for t in row.turns] == LINES and all(t.partner_text for t in row.turns)
            assert row.summary["turns"] == len(LINES)


# -- 2 and 3. strict input ---------------------------------------------------------------------

@pytest.mark.parametrize("raw", [
    '{"type": "playback", "turn_index": -1, "played_ms": Infinity}',
    '{"type": "playback", "turn_index": 0, "played_ms": NaN}',
    '{"type": "playback", "turn_index": 0, "played_ms": 1e999}',
    '{"type": "ping", "t": -Infinity}',
])
def test_non_finite_numbers_are_bad_message_and_the_rehearsal_goes_on(client: TestClient, raw: str) -> None:
    # Fails if NaN/Infinity reach the pipeline (old: accepted silently, then OverflowError in heard_text).
    with client.websocket_connect("/ws") as ws:
        start_text(ws)
        ws.send_text(raw)
        msg = json.loads(ws.receive_text())
        assert (msg["type"], msg["code"]) == ("error", "bad_message")
        ws.send_text(json.dumps({"type": "text", "text": LINES[0]}))
        receive_until(ws, "turn_stored")


@pytest.mark.parametrize("raw", ["[" * 100_000, "[" * 60_000 + "]" * 60_000,
                                 '{"type": "ping", "t": ' + "9" * 5000 + "}",
                                 '{"type": "ping", "t": 1.' + "5" * 5000 + "}"])
def test_deep_nesting_and_long_numbers_are_bad_json(client: TestClient, raw: str) -> None:
    # Fails if the decoder's RecursionError/ValueError escapes (old: the socket closed with 1011).
    with client.websocket_connect("/ws") as ws:
        ws.send_text(raw)
        msg = json.loads(ws.receive_text())
        assert (msg["type"], msg["code"]) == ("error", "bad_json")
        ws.send_text(json.dumps({"type": "ping", "t": 1}))
        assert json.loads(ws.receive_text())["type"] == "pong"


@pytest.mark.parametrize("message", [
    {"type": "checkin", "phase": "pre", "answers": {"afraid": True}},
    {"type": "checkin", "phase": "pre", "answers": {"afraid": "3"}},
    {"type": "checkin", "phase": "pre", "answers": {"afraid": 3.0}},
    {"type": "playback", "turn_index": "0", "played_ms": 10},
    {"type": "playback", "turn_index": True, "played_ms": 10},
])
def test_checkin_answers_and_turn_indexes_are_strict_ints(client: TestClient, message: dict[str, Any]) -> None:
    # Fails if values are coerced (old: true was stored as 1 and "3" as 3).
    store = client.services.store  # type: ignore[attr-defined]
    with client.websocket_connect("/ws") as ws:
        started = start_text(ws)
        ws.send_text(json.dumps(message))
        msg = json.loads(ws.receive_text())
        assert (msg["type"], msg["code"]) == ("error", "bad_message")
    assert store.get_session(started["session_id"]).checkins == []


@pytest.mark.parametrize("rate", ["16000", 16000.0, True])
def test_sample_rate_must_be_an_int(client: TestClient, rate: Any) -> None:
    # Fails if "16000" or 16000.0 is accepted as the sample rate.
    with client.websocket_connect("/ws") as ws:
        ws.send_text(json.dumps({"type": "start", "scenario_id": "remote-fridays", "input": "text",
                                 "speak": False, "sample_rate": rate}))
        msg = json.loads(ws.receive_text())
        assert (msg["type"], msg["code"]) == ("error", "bad_message")


async def test_a_failing_audio_frame_is_reported_and_the_audio_worker_goes_on(tmp_path: Path) -> None:
    # Fails if an exception kills the audio worker silently (old: no error event, later frames never processed).
    from voice_coach.pipeline import VoicePipeline

    class Sink:
        def __init__(self) -> None:
            self.items: list[Any] = []

        def size(self) -> int:
            return 0

        async def put(self, *items: Any) -> None:
            self.items.extend(items)

        def put_nowait(self, *items: Any) -> bool:
            self.items.extend(items)
            return True

    sink = Sink()
    pipe = VoicePipeline(make_services(tmp_path), None, sink, stt_executor=None, tts_executor=None, speak=False)
    real_push = pipe._taker.push
    calls: list[int] = []

    def push(frame: bytes) -> Any:
        calls.append(len(frame))
        if len(calls) == 1:
            raise ValueError("a broken frame")
        return real_push(frame)

    pipe._taker.push = push  # type: ignore[method-assign]
    pipe.start()
    pipe.feed_audio(bytes(640))
    pipe.feed_audio(bytes(640))
    for _ in range(200):
        if len(calls) >= 2:
            break
        await asyncio.sleep(0.01)
    assert len(calls) == 2 and pipe.lag_ms == 0
    assert any(isinstance(i, ErrorEvent) and i.code == "internal" for i in sink.items)
    await pipe.stop()


async def test_stopping_the_pipeline_passes_cancellation_on(tmp_path: Path) -> None:
    # Fails if stop() swallows the caller's cancellation (old: suppress(BaseException) around the workers).
    from voice_coach.pipeline import VoicePipeline

    class Stuck:
        turn_index = 0

        async def opening(self) -> Any:
            await asyncio.sleep(3600)
            yield None

    pipe = VoicePipeline(make_services(tmp_path), Stuck(), _NullSink(), stt_executor=None, tts_executor=None,
                         speak=False)
    pipe.start()
    pipe.submit("opening")
    await asyncio.sleep(0.05)
    stopper = asyncio.create_task(pipe.stop(timeout=30))
    await asyncio.sleep(0.1)
    stopper.cancel()
    with pytest.raises(asyncio.CancelledError):
        await stopper
    await asyncio.sleep(0.05)
    assert all(task.done() for task in pipe._tasks)


class _NullSink:
    def size(self) -> int:
        return 0

    async def put(self, *items: Any) -> None:
        return None

    def put_nowait(self, *items: Any) -> bool:
        return True


# -- 4. exact ids ------------------------------------------------------------------------------

def test_session_ids_are_looked_up_exactly(client: TestClient) -> None:
    # Fails if ids are LIKE patterns or prefixes (old: /%25, /_ and 12 underscores returned a session).
    with client.websocket_connect("/ws") as ws:
        started = start_text(ws)
        ws.send_text(json.dumps({"type": "text", "text": LINES[0]}))
        receive_until(ws, "turn_stored")
    session_id = started["session_id"]
    assert client.get(f"/api/sessions/{session_id}").status_code == 200
    for probe in ["%25", "_", "_" * 12, "%25/report", "report", session_id[:6], session_id[:-1] + "%25"]:
        assert client.get(f"/api/sessions/{probe}").status_code == 404, probe
    store: Store = client.services.store  # type: ignore[attr-defined]
    assert store.find_session("%") is None and store.find_session("_" * 6) is None
    assert store.find_session(session_id[:6]).id == session_id and store.find_session(session_id[:5]) is None


# -- 5. Host, token, framing, docs -------------------------------------------------------------

def test_foreign_host_header_is_refused(client: TestClient) -> None:
    # Fails if the Host header is not checked (old: DNS rebinding read every transcript).
    resp = client.get("/api/sessions", headers={"host": "attacker.example"})
    assert resp.status_code == 400
    assert client.get("/api/sessions", headers={"host": "127.0.0.1:8000"}).status_code == 200
    assert client.get("/api/sessions", headers={"host": "[::1]:8000"}).status_code == 200
    with pytest.raises(WebSocketDisconnect) as info, \
            client.websocket_connect("/ws", headers={"host": "attacker.example"}) as ws:
        ws.receive_text()
    assert info.value.code == 1008


def test_off_loopback_every_api_call_and_websocket_needs_the_token(tmp_path: Path) -> None:
    # Fails if a server bound to 0.0.0.0 answers without the token (old: anyone on the LAN read all sessions).
    services = make_services(tmp_path, counterpart="scripted")
    app = create_app(services, load_voice=False, host="0.0.0.0", allowed_hosts=["testserver"])
    token = app.state.access_token
    token_file = tmp_path / "access_token"
    assert token and token_file.read_text().strip() == token
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    with TestClient(app, follow_redirects=False) as web:
        assert web.get("/api/sessions").status_code == 401
        wrong = token[:-1] + ("y" if token.endswith("x") else "x")  # one character off, never the token itself
        assert web.get("/api/sessions", headers={"authorization": f"Bearer {wrong}"}).status_code == 401
        assert web.get("/api/sessions", headers={"authorization": f"Bearer {token}"}).status_code == 200
        assert web.get("/healthz").status_code == 503  # open for probes, no user data
        with pytest.raises(WebSocketDisconnect) as info, web.websocket_connect("/ws") as ws:
            ws.receive_text()
        assert info.value.code == 1008
        with web.websocket_connect(f"/ws?token={token}") as ws:
            ws.send_text(json.dumps({"type": "ping", "t": 1}))
            assert json.loads(ws.receive_text())["type"] == "pong"
        opened = web.get(f"/?token={token}")  # the address printed by `serve`
        assert opened.status_code == 303 and opened.headers["location"] == "/"
        assert "httponly" in opened.headers["set-cookie"].lower()
        assert web.get("/api/sessions").status_code == 200  # the cookie now carries the token
    # A second start keeps the same token, so the printed address stays valid.
    assert create_app(services, load_voice=False, host="0.0.0.0").state.access_token == token


def test_pages_cannot_be_framed_and_api_docs_are_off(client: TestClient) -> None:
    # Fails without frame-ancestors 'none' or with /docs, /redoc or the full schema served by default.
    from voice_coach.server.app import CSP, REPORT_CSP

    assert "frame-ancestors 'none'" in CSP and "frame-ancestors 'none'" in REPORT_CSP
    assert client.get("/api/scenarios").headers["x-frame-options"] == "DENY"
    assert client.get("/docs").status_code == 404 and client.get("/redoc").status_code == 404
    routes = client.get("/openapi.json").json()
    assert "/api/sessions" in routes["paths"] and "components" not in routes
    assert routes["paths"]["/api/sessions"] == {"get": {}}  # no descriptions or schemas


# -- 6. text mode ------------------------------------------------------------------------------

def _textmode(tmp_path: Path, stdin: bytes, *args: str, **env: str) -> subprocess.CompletedProcess[bytes]:
    environment = {k: v for k, v in os.environ.items() if k not in ("OPENAI_API_KEY", "OPENAI_BASE_URL")}
    environment.update({"VOICE_COACH_DATA_DIR": str(tmp_path), "COLUMNS": "120", "PYTHONPATH": str(ROOT), **env})
    return subprocess.run([sys.executable, "-m", "voice_coach.cli.app", "rehearse", "--text", *args],
                          input=stdin, capture_output=True, timeout=240, env=environment)


def _store(tmp_path: Path) -> Store:
    return Store(f"sqlite:///{tmp_path / 'voice_coach.sqlite3'}")


def test_text_mode_reads_invalid_utf8_with_replacement(tmp_path: Path) -> None:
    # Fails if undecodable bytes crash text mode (old: UnicodeDecodeError and an unended session).
    proc = _textmode(tmp_path, b"I feel \xff\xfe stressed by the commute.\n/end\n",
                     "--scenario", "remote-fridays", "--no-checkin")
    assert proc.returncode == 0, proc.stderr.decode()
    (row,) = _store(tmp_path).list_sessions()
    assert row.end_reason == "user" and row.turns[0].user_text == "I feel \ufffd\ufffd stressed by the commute."


def test_closing_checkin_does_not_eat_ordinary_lines(tmp_path: Path) -> None:
    # Fails if the closing check-in reads script lines as (invalid) ratings and then stores later numbers.
    pre = "\n".join(["5", "6", "3", "1", "2", "6", "3", "4"])
    script = f"{pre}\n{LINES[0]}\n{LINES[1]}\n{LINES[2]}\n/end\n3\n3\n2\n1\n5\n3\n5\n6\n"
    proc = _textmode(tmp_path, script.encode(), "--scenario", "remote-fridays", VOICE_COACH_MAX_TURNS="2")
    out = proc.stdout.decode()
    assert proc.returncode == 0, proc.stderr.decode()
    assert "not a rating, so the check-in is skipped" in out and "rest of the input was not used" in out
    (row,) = _store(tmp_path).list_sessions()
    assert row.end_reason == "turn_limit" and [t.user_text for t in row.turns] == LINES[:2]
    assert [c.phase for c in row.checkins] == ["pre"]


def test_text_mode_does_not_store_an_empty_session(tmp_path: Path) -> None:
    # Fails if a rehearsal with no lines is saved to history.
    proc = _textmode(tmp_path, b"/end\n", "--scenario", "remote-fridays", "--no-checkin")
    assert proc.returncode == 0, proc.stderr.decode()
    assert "not saved" in proc.stdout.decode()
    assert _store(tmp_path).list_sessions() == []


def _crash_with_open_sessions(tmp_path: Path) -> tuple[str, str]:
    """A child process that opens a session with one turn and an empty one, then is killed."""
    child = textwrap.dedent(f"""
        import asyncio, os, signal
        from pathlib import Path
        from tests.helpers import collect, live_server, make_services, start

        async def main():
            services = make_services(Path({str(tmp_path)!r}))
            spoken = await start(services, "remote-fridays")
            await collect(spoken.user_turn("I'm asking for Fridays at home."))
            empty = await start(services, "remote-fridays")
            print(spoken.id, empty.id, flush=True)
            os.kill(os.getpid(), signal.SIGKILL)
        asyncio.run(main())
    """)
    proc = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == -9, proc.stderr
    spoken, empty = proc.stdout.split()
    return spoken, empty


def test_sessions_left_open_by_a_crash_are_closed_at_server_start(tmp_path: Path) -> None:
    # Fails if sessions of a killed process stay "not ended" forever, or live ones get closed.
    spoken, empty = _crash_with_open_sessions(tmp_path)
    services = make_services(tmp_path, counterpart="scripted")
    live = asyncio.run(start(services, "roommate-dishes"))  # this process is alive: must stay open
    with TestClient(create_app(services, load_voice=False, allowed_hosts=["testserver"])):
        pass
    store = _store(tmp_path)
    row = store.get_session(spoken)
    assert row.end_reason == "interrupted" and row.summary["turns"] == 1
    assert store.get_session(empty) is None  # nothing was said: not kept
    assert store.get_session(live.id).end_reason is None


def test_sessions_left_open_by_a_crash_are_closed_when_text_mode_starts(tmp_path: Path) -> None:
    # Fails if text mode leaves crashed sessions open.
    spoken, _ = _crash_with_open_sessions(tmp_path)
    proc = _textmode(tmp_path, b"/end\n", "--scenario", "remote-fridays", "--no-checkin")
    assert proc.returncode == 0, proc.stderr.decode()
    assert _store(tmp_path).get_session(spoken).end_reason == "interrupted"


# -- 10. blocking work off the event loop ------------------------------------------------------

async def test_barge_in_store_write_runs_off_the_event_loop(tmp_path: Path) -> None:
    # Fails if session.interrupt writes to the store on the event loop thread.
    services = make_services(tmp_path)
    session = await start(services, "remote-fridays")
    await collect(session.user_turn(LINES[0]))
    on_loop: list[bool] = []
    real = services.store.update_turn

    def spy(*args: Any, **kwargs: Any) -> None:
        on_loop.append(_on_loop())
        real(*args, **kwargs)

    services.store.update_turn = spy  # type: ignore[method-assign]
    session.interrupt(0, "Well")
    for _ in range(200):
        if on_loop:
            break
        await asyncio.sleep(0.01)
    assert on_loop == [False]
    assert services.store.get_session(session.id).turns[0].partner_text == "Well"


def test_report_rendering_runs_off_the_event_loop(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    # Fails if the report (charts) is rendered on the event loop thread.
    import voice_coach.reports.report as report

    on_loop: list[bool] = []
    real = report.render_report

    def spy(*args: Any, **kwargs: Any) -> str:
        on_loop.append(_on_loop())
        return real(*args, **kwargs)

    monkeypatch.setattr(report, "render_report", spy)
    with client.websocket_connect("/ws") as ws:
        started = start_text(ws)
        ws.send_text(json.dumps({"type": "text", "text": LINES[0]}))
        receive_until(ws, "turn_stored")
    resp = client.get(f"/api/sessions/{started['session_id']}/report")
    assert resp.status_code == 200 and on_loop == [False]
