"""REST history/report/custom-scenario endpoints and the `redo` message, over the real app."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.helpers import make_services
from tests.test_server import receive_until, start_text
from voice_coach.server.app import create_app


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Any:
    tmp = tmp_path_factory.mktemp("api")
    services = make_services(tmp, counterpart="scripted")
    with TestClient(create_app(services, load_voice=False, allowed_hosts=["testserver"])) as test_client:
        test_client.services = services  # type: ignore[attr-defined]
        yield test_client


def _turn(ws: Any, text: str) -> list[dict[str, Any]]:
    ws.send_text(json.dumps({"type": "text", "text": text}))
    return receive_until(ws, "turn_stored")


def test_redo_takes_back_the_last_exchange(client: TestClient) -> None:
    with client.websocket_connect("/ws") as ws:
        ws.send_text(json.dumps({"type": "hello"}))
        hello = receive_until(ws, "hello")[-1]
        assert "redo" in hello["features"]
        session_id = start_text(ws)["session_id"]
        _turn(ws, "I've stayed late four times this month.")
        _turn(ws, "you always do this, whatever")
        ws.send_text(json.dumps({"type": "redo"}))
        assert receive_until(ws, "turn_undone")[-1]["turn_index"] == 1
        again = _turn(ws, "I'm asking to work from home on Fridays, starting next month.")
        final = next(m for m in again if m["type"] == "transcript_final")
        assert final["turn_index"] == 1
        ws.send_text(json.dumps({"type": "end"}))
        receive_until(ws, "ended")
    stored = client.services.store.get_session(session_id)  # type: ignore[attr-defined]
    assert [t.user_text for t in stored.turns] == ["I've stayed late four times this month.",
                                                 "I'm asking to work from home on Fridays, starting next month."]


def test_redo_with_nothing_to_take_back_is_an_error(client: TestClient) -> None:
    with client.websocket_connect("/ws") as ws:
        start_text(ws)
        ws.send_text(json.dumps({"type": "redo"}))
        assert receive_until(ws, "error")[-1]["code"] == "nothing_to_redo"


def test_history_detail_report_and_progress(client: TestClient) -> None:
    with client.websocket_connect("/ws") as ws:
        session_id = start_text(ws)["session_id"]
        ws.send_text(json.dumps({"type": "checkin", "phase": "pre", "answers": {"confident": 2, "worried": 6}}))
        _turn(ws, "<b>I feel</b> nervous, and I'm asking for Fridays at home.")
        ws.send_text(json.dumps({"type": "end"}))
        receive_until(ws, "ended")
    listing = client.get("/api/sessions").json()
    assert listing[0]["id"] == session_id and listing[0]["turns"] == 1
    detail = client.get(f"/api/sessions/{session_id}").json()
    assert detail["turns"][0]["ratings"]["express"] in ("strong", "weak")
    assert detail["checkins"]["pre"] == {"confident": 2, "worried": 6}
    report = client.get(f"/api/sessions/{session_id}/report")
    assert report.status_code == 200 and "<svg" in report.text
    assert "<b>I feel</b>" not in report.text and "&lt;b&gt;I feel" in report.text
    assert "Content-Security-Policy" in report.headers
    assert client.get(f"/api/sessions/{session_id}/report", params={"format": "md"}).status_code == 200
    assert client.get("/api/sessions/nosuch").status_code == 404
    progress = client.get("/api/progress").json()
    assert progress and client.get("/api/progress", params={"format": "html"}).status_code == 200


def test_custom_scenario_offline_then_rehearse(client: TestClient) -> None:
    body = {"situation": "My landlord has ignored the broken heating for three weeks.",
            "goal": "ask my landlord to fix the heating this week", "counterpart_name": "Mr Ortiz",
            "difficulty": 4}
    created = client.post("/api/scenarios", json=body)
    assert created.status_code == 201, created.text
    scenario = created.json()
    assert scenario["category"] == "custom" and "heating" in json.dumps(scenario).lower()
    assert any(s["id"] == scenario["id"] for s in client.get("/api/scenarios").json())
    with client.websocket_connect("/ws") as ws:
        started = start_text(ws, scenario["id"])
        assert started["counterpart_name"] == "Mr Ortiz"
    bad = client.post("/api/scenarios", json={"situation": "short", "goal": ""})
    assert bad.status_code == 422


def test_therapist_notes_are_stored_per_line_and_shown_in_export_and_report(client: TestClient) -> None:
    """A note per line survives in the store and appears in the detail, the export and both report formats."""
    with client.websocket_connect("/ws") as ws:
        session_id = start_text(ws)["session_id"]
        _turn(ws, "I've stayed late four times this month.")
        # A note may be written while the rehearsal is still going (the line is already stored).
        note = client.put(f"/api/sessions/{session_id}/notes/0", json={"text": " Good <i>facts</i>; ask again. "})
        assert note.status_code == 200 and note.json()["text"] == "Good <i>facts</i>; ask again."
        _turn(ws, "you always do this, whatever")
        ws.send_text(json.dumps({"type": "end"}))
        receive_until(ws, "ended")
    assert client.put(f"/api/sessions/{session_id}/notes/1", json={"text": "Blame crept in."}).status_code == 200
    assert client.put(f"/api/sessions/{session_id}/notes/1", json={"text": "Blame crept in here."}).status_code == 200
    detail = client.get(f"/api/sessions/{session_id}").json()
    assert [t["note"] for t in detail["turns"]] == ["Good <i>facts</i>; ask again.", "Blame crept in here."]
    export = client.get(f"/api/sessions/{session_id}/export")
    assert export.status_code == 200 and "attachment" in export.headers["content-disposition"]
    assert "Therapist note: Good <i>facts</i>; ask again." in export.text and "Blame crept in here." in export.text
    html = client.get(f"/api/sessions/{session_id}/report").text
    assert "Therapist note:</strong> Good &lt;i&gt;facts&lt;/i&gt;; ask again." in html
    md = client.get(f"/api/sessions/{session_id}/report", params={"format": "md"}).text
    assert "Therapist note:** Blame crept in here." in md and "\\<i\\>facts" in md
    # Empty text removes a note; bad input is refused with a clear status and changes nothing.
    assert client.put(f"/api/sessions/{session_id}/notes/1", json={"text": "  "}).status_code == 200
    assert client.put(f"/api/sessions/{session_id}/notes/0", json={"text": "x" * 501}).status_code == 422
    assert client.put(f"/api/sessions/{session_id}/notes/-1", json={"text": "x"}).status_code == 422
    assert client.put("/api/sessions/nosuch/notes/0", json={"text": "x"}).status_code == 404
    detail = client.get(f"/api/sessions/{session_id}").json()
    assert [t["note"] for t in detail["turns"]] == ["Good <i>facts</i>; ask again.", None]
