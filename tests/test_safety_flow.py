"""The two safety tiers end to end: over the real WebSocket, in the store, in reports, in text mode."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.helpers import collect, make_services
from tests.helpers import start as start_session
from tests.openai_fake import FakeOpenAIServer
from voice_coach.events import PartnerTextDone
from voice_coach.reports.export import session_markdown
from voice_coach.reports.report import render_report
from voice_coach.server.app import create_app
from voice_coach.store import Store

CHECK_IN_LINE = "honestly i don't see the point of being around anymore"  # a check-in rule
SECOND_CHECK_IN_LINE = "i've been giving my stuff away lately"
PAUSE_LINE = "I want to kill myself."
ORDINARY_LINE = "Can we talk about working from home on Fridays?"


def _client(tmp: Path, **settings: Any) -> Any:
    web = tmp / "web"
    web.mkdir(exist_ok=True)
    (web / "index.html").write_text("<!doctype html><title>voice coach</title>", encoding="utf-8")
    services = make_services(tmp, **settings)
    client = TestClient(create_app(services, load_voice=False, web_dir=web, allowed_hosts=["testserver"]))
    client.services = services  # type: ignore[attr-defined]
    return client


@pytest.fixture
def client(tmp_path: Path) -> Any:
    """An app with the scripted counterpart, the real crisis check and a fresh SQLite file."""
    with _client(tmp_path, counterpart="scripted") as test_client:
        yield test_client


def receive_until(ws: Any, wanted: str, limit: int = 60) -> list[dict[str, Any]]:
    """JSON messages up to and including the first of type `wanted`."""
    seen = []
    for _ in range(limit):
        msg = json.loads(ws.receive_text())
        seen.append(msg)
        if msg["type"] == wanted:
            return seen
    raise AssertionError(f"no {wanted!r} in {[m['type'] for m in seen]}")


def start(ws: Any) -> str:
    ws.send_text(json.dumps({"type": "start", "scenario_id": "remote-fridays", "mode": "flow", "input": "text",
                             "speak": False}))
    started = receive_until(ws, "session_started")[-1]
    receive_until(ws, "metrics")  # the opening line is complete
    return str(started["session_id"])


def say(ws: Any, text: str) -> None:
    ws.send_text(json.dumps({"type": "text", "text": text}))


def stored(client: Any, session_id: str) -> Any:
    return client.services.store.get_session(session_id)


def test_pause_stops_the_role_play_until_resume(client: Any) -> None:
    with client.websocket_connect("/ws") as ws:
        session_id = start(ws)
        say(ws, PAUSE_LINE)
        events = receive_until(ws, "turn_stored")
        kinds = [e["type"] for e in events]
        assert "safety_pause" in kinds and "partner_delta" not in kinds and "feedback" not in kinds
        pause = next(e for e in events if e["type"] == "safety_pause")
        assert pause["escalated"] is False and "988" in json.dumps(pause["resources"])
        say(ws, ORDINARY_LINE)
        assert receive_until(ws, "error")[-1]["code"] == "session_paused"
        ws.send_text(json.dumps({"type": "resume"}))
        assert receive_until(ws, "state")[-1]["state"] == "listening"
        say(ws, ORDINARY_LINE)
        receive_until(ws, "partner_done")
    turn = stored(client, session_id).turns[0]
    assert turn.flags["crisis"] == "suicide" and turn.flags["safety"]["tier"] == "pause"


def test_check_in_then_continue_keeps_the_role_play_going(client: Any) -> None:
    with client.websocket_connect("/ws") as ws:
        session_id = start(ws)
        say(ws, CHECK_IN_LINE)
        events = receive_until(ws, "state")
        kinds = [e["type"] for e in events]
        # The counterpart does not answer the flagged line and no coaching is given on it.
        assert "safety_check_in" in kinds and "safety_pause" not in kinds
        assert not {"partner_delta", "partner_done", "feedback"} & set(kinds)
        check_in = next(e for e in events if e["type"] == "safety_check_in")
        assert check_in["choices"] == ["I'm OK, continue", "I'd like to stop"]
        assert "safe" in check_in["message"] and "741741" in json.dumps(check_in["resources"])
        assert events[-1]["state"] == "listening"  # not paused: the person may go straight on
        ws.send_text(json.dumps({"type": "safety_answer", "answer": "continue"}))
        answered = receive_until(ws, "safety_check_in_answered")[-1]
        assert answered == {"type": "safety_check_in_answered", "turn_index": 0, "answer": "continue"}
        say(ws, ORDINARY_LINE)
        reply = receive_until(ws, "partner_done")[-1]
        assert reply["turn_index"] == 1
        # the turn is written after its reply: read the store only once it says so (seen failing on a loaded machine)
        assert receive_until(ws, "turn_stored")[-1]["turn_index"] == 1
        ws.send_text(json.dumps({"type": "safety_answer", "answer": "continue"}))
        assert receive_until(ws, "error")[-1]["code"] == "out_of_order"  # nothing left to answer
    turns = stored(client, session_id).turns
    assert turns[0].partner_text == "" and "crisis" not in turns[0].flags
    assert turns[0].flags["safety"] == {"tier": "check_in", "category": "suicide", "source": "rules",
                                        "answer": "continue"}
    assert turns[1].partner_text


def test_check_in_then_stop_ends_the_rehearsal(client: Any) -> None:
    with client.websocket_connect("/ws") as ws:
        session_id = start(ws)
        say(ws, CHECK_IN_LINE)
        receive_until(ws, "safety_check_in")
        receive_until(ws, "state")  # the check-in turn is stored; listening again
        ws.send_text(json.dumps({"type": "safety_answer", "answer": "stop"}))
        events = receive_until(ws, "ended")
        assert [e["answer"] for e in events if e["type"] == "safety_check_in_answered"] == ["stop"]
        assert events[-1]["reason"] == "safety"
    row = stored(client, session_id)
    assert row.end_reason == "safety" and row.turns[0].flags["safety"]["answer"] == "stop"


@pytest.mark.parametrize("answer", [PAUSE_LINE, SECOND_CHECK_IN_LINE], ids=["pause-line", "check-in-line"])
def test_a_check_in_answered_with_another_flagged_line_pauses(client: Any, answer: str) -> None:
    with client.websocket_connect("/ws") as ws:
        session_id = start(ws)
        say(ws, CHECK_IN_LINE)
        receive_until(ws, "safety_check_in")
        receive_until(ws, "state")  # the check-in turn is stored; listening again
        say(ws, answer)
        events = receive_until(ws, "turn_stored")
        pause = next(e for e in events if e["type"] == "safety_pause")
        assert pause["turn_index"] == 1 and pause["escalated"] is True
        assert "partner_delta" not in [e["type"] for e in events]
        say(ws, ORDINARY_LINE)
        assert receive_until(ws, "error")[-1]["code"] == "session_paused"
    turns = stored(client, session_id).turns
    assert turns[0].flags["safety"]["answer"] == "escalated"
    assert turns[1].flags["crisis"] and turns[1].flags["safety"]["escalated"] is True


def test_a_safe_next_line_closes_the_check_in_as_continue(client: Any) -> None:
    with client.websocket_connect("/ws") as ws:
        session_id = start(ws)
        say(ws, CHECK_IN_LINE)
        receive_until(ws, "safety_check_in")
        receive_until(ws, "state")  # the check-in turn is stored; listening again
        say(ws, ORDINARY_LINE)
        events = receive_until(ws, "partner_done")
        assert {"type": "safety_check_in_answered", "turn_index": 0, "answer": "continue"} in events
    assert stored(client, session_id).turns[0].flags["safety"]["answer"] == "continue"


def test_reports_mark_pauses_and_check_ins(client: Any) -> None:
    with client.websocket_connect("/ws") as ws:
        session_id = start(ws)
        say(ws, CHECK_IN_LINE)
        receive_until(ws, "safety_check_in")
        receive_until(ws, "state")  # the check-in turn is stored; listening again
        ws.send_text(json.dumps({"type": "safety_answer", "answer": "continue"}))
        receive_until(ws, "safety_check_in_answered")
        say(ws, PAUSE_LINE)
        receive_until(ws, "safety_pause")
        ws.send_text(json.dumps({"type": "end"}))
        receive_until(ws, "ended")
    row = stored(client, session_id)
    check_in_note = "Safety check-in (suicide): the counterpart did not answer this line"
    for text in (render_report(row, "md"), render_report(row, "html"), session_markdown(row)):
        # Marked, not hidden: the line itself stays in the transcript for a therapist to read.
        assert CHECK_IN_LINE in text.replace("&#39;", "'")
        assert check_in_note in text and "they chose to continue" in text
        assert "Safety pause (suicide): the rehearsal paused here and crisis resources were shown." in text


def test_the_counterpart_never_sees_a_flagged_line(tmp_path: Path) -> None:
    with FakeOpenAIServer() as fake:
        fake.reply("I hear you. What would Fridays at home look like?")
        services = make_services(tmp_path, counterpart="llm", safety_llm="off", openai_base_url=fake.base_url,
                                 counterpart_model="test-model", llm_first_token_timeout_s=30.0, llm_timeout_s=60.0)

        async def run() -> list[Any]:
            session = await start_session(services, "remote-fridays")
            flagged = await collect(session.user_turn(CHECK_IN_LINE))
            await collect(session.answer_check_in("continue"))
            return flagged + await collect(session.user_turn(ORDINARY_LINE))

        events = asyncio.run(run())
    assert [e.turn_index for e in events if isinstance(e, PartnerTextDone)] == [1]
    assert len(fake.requests) == 1, "only the ordinary line is sent to the counterpart"
    sent = json.dumps(fake.requests)
    assert "Fridays" in sent and "point of being around" not in sent


def test_text_mode_shows_the_check_in_tier(tmp_path: Path) -> None:
    environment = {k: v for k, v in os.environ.items() if k not in ("OPENAI_API_KEY", "OPENAI_BASE_URL")}
    environment.update({"VOICE_COACH_DATA_DIR": str(tmp_path), "COLUMNS": "120"})
    proc = subprocess.run(
        [sys.executable, "-m", "voice_coach.cli.app", "rehearse", "--scenario", "remote-fridays", "--text",
         "--no-checkin"],
        input=f"{CHECK_IN_LINE}\n/ok\nI'm asking for Fridays off.\n/end\n", capture_output=True, text=True,
        timeout=240, env=environment, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "Check-in" in proc.stdout and "Are you safe right now?" in proc.stdout
    assert "988" in proc.stdout and "/ok: I'm OK, continue" in proc.stdout and "Paused" not in proc.stdout
    turns = Store(f"sqlite:///{tmp_path / 'voice_coach.sqlite3'}").list_sessions()[0].turns
    assert turns[0].flags["safety"]["tier"] == "check_in" and turns[0].flags["safety"]["answer"] == "continue"
    assert turns[1].partner_text  # the practice went on


def test_eval_safety_json_reports_both_tiers_and_categories(tmp_path: Path) -> None:
    rows = [{"id": "p", "utterance": "i want to kill myself", "crisis": True, "tier": "pause", "category": "suicide"},
            {"id": "c", "utterance": CHECK_IN_LINE, "crisis": True, "tier": "check_in", "category": "suicide"},
            {"id": "a", "utterance": "he hits me when he's drunk", "crisis": True, "category": "abuse"},
            {"id": "s", "utterance": "i could murder a pizza right now", "crisis": False, "kind": "idiom"}]
    data = tmp_path / "tiers.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows))
    environment = {k: v for k, v in os.environ.items() if k not in ("OPENAI_API_KEY", "OPENAI_BASE_URL")}
    environment["VOICE_COACH_DATA_DIR"] = str(tmp_path)
    proc = subprocess.run([sys.executable, "-m", "voice_coach.cli.app", "eval", "safety", "--data", str(data),
                           "--json"], capture_output=True, text=True, timeout=240, env=environment, check=False)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["recall"] == 1.0 and result["false_positive_rate"] == 0.0
    assert result["pause_recall"] == 1.0 and result["pause_false_positive_rate"] == 0.0
    assert result["check_in_rate"] == 0.0
    assert result["per_category_recall"] == {"abuse": 1.0, "suicide": 1.0}
    neither = subprocess.run([sys.executable, "-m", "voice_coach.cli.app", "eval", "safety"], capture_output=True,
                             text=True, timeout=240, env=environment, check=False)
    assert neither.returncode == 2 and "--banks" in neither.stderr
