"""Soak: 200 valid and 200 malformed messages with live speech on 4 concurrent sessions, real server.

Real uvicorn on loopback, real tiny.en and piper, real LibriVox speech. Fails on any `internal`
error, any malformed message not answered with its error code, any accepted line missing from the
store or from `ended.summary.turns`, or an unhealthy server at the end. Bounded: every wait has a
deadline and the whole run stops by itself.
"""

from __future__ import annotations

import asyncio
import json
import random
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pytest
import soundfile as sf

from tests.helpers import live_server, make_services
from voice_coach.safety.checker import SafetyChecker

pytestmark = pytest.mark.slow

LIBRIVOX = Path(__file__).parent / "data" / "librivox"
SESSIONS = 4
VALID_PER_SESSION = 50
MALFORMED_PER_SESSION = 50
FRAME = 320  # 20 ms at 16 kHz
FRAMES_BETWEEN = 8
SOAK_DEADLINE_S = 420.0
CLIENT_ERRORS = {"bad_json", "bad_message", "unknown_message", "bad_audio", "frame_too_large"}
TEXT_REFUSALS = {"busy", "out_of_order", "session_ended", "session_paused"}
# Hesitant lines: the scripted counterpart never agrees to these (tests/test_counterpart.py), so the
# session stays open and every refusal below is one of a typed line.
LINES = [
    "um, so, the dishes, i guess", "whatever you think", "never mind, it's fine",
    "Café au lait, naïve façade — ünïcödé is fine, i suppose", "i don't know, maybe later",
    "sorry, forget i said anything", "it's not a big deal", "ok",
]


def _speech() -> np.ndarray:
    """Two real clips with 2 s of silence after each, looped as the microphone stream.

    The stream runs at about 4x real time, faster than an end-of-turn verdict can come back, so the
    silence outlasts the detector's maximum wait (1.8 s): turns still end, by the fallback.
    """
    parts = []
    for name in ("0880", "0930"):
        pcm, rate = sf.read(LIBRIVOX / f"sense_and_sensibility_01_austen_64kb-{name}.wav", dtype="int16")
        assert rate == 16000
        parts += [pcm, np.zeros(32000, dtype=np.int16)]
    return np.concatenate(parts)


def _valid(rng: random.Random) -> dict[str, Any]:
    kind = rng.choice(["text", "text", "ping", "playback", "checkin", "hello"])
    if kind == "text":
        return {"type": "text", "text": rng.choice(LINES)}
    if kind == "ping":
        return {"type": "ping", "t": rng.uniform(-1e6, 1e6)}
    if kind == "playback":
        return {"type": "playback", "turn_index": rng.randint(-1, 20), "played_ms": rng.uniform(0, 60_000)}
    if kind == "checkin":
        items = rng.sample(["afraid", "hopeful", "confident", "worried"], rng.randint(1, 4))
        answers = {item: rng.randint(1, 7) for item in items}
        return {"type": "checkin", "phase": rng.choice(["pre", "post"]), "answers": answers}
    return {"type": "hello", "protocol": 1, "client": "soak"}


def _malformed(rng: random.Random) -> str | bytes:
    choices: list[str | bytes] = [
        "{not json", "[1, 2]", "null", '"text"', '{"type": 5}', '{"type": "dance"}',
        '{"type": "ping", "t": NaN}', '{"type": "ping", "t": Infinity}', '{"type": "ping", "t": 1e999}',
        '{"type": "playback", "turn_index": 0, "played_ms": -Infinity}',
        '{"type": "playback", "turn_index": "1", "played_ms": 5}', '{"type": "ping", "extra": 1}',
        '{"type": "checkin", "phase": "pre", "answers": {"afraid": true}}',
        '{"type": "checkin", "phase": "pre", "answers": {"afraid": "3"}}',
        '{"type": "text", "text": ""}', json.dumps({"type": "text", "text": "x" * 4001}),
        "[" * rng.randint(9, 50_000), '{"type": "ping", "t": ' + "7" * rng.randint(33, 6000) + "}",
        json.dumps({"type": "start", "scenario_id": "remote-fridays", "sample_rate": "16000"}),
        bytes(641), b"RIFF" + bytes(1000), bytes(70_000),
        (np.sin(np.arange(320) / 10) * 0.5).astype("<f4").tobytes(),
    ]
    return rng.choice(choices)


async def _session(port: int, index: int, speech: np.ndarray) -> dict[str, Any]:
    from websockets.asyncio.client import connect

    rng = random.Random(1000 + index)
    messages: list[dict[str, Any]] = []
    plan: list[tuple[str, Any]] = ([("valid", _valid(rng)) for _ in range(VALID_PER_SESSION)]
                                   + [("bad", _malformed(rng)) for _ in range(MALFORMED_PER_SESSION)])
    rng.shuffle(plan)
    sent_texts = sum(1 for kind, m in plan if kind == "valid" and m["type"] == "text")
    async with connect(f"ws://127.0.0.1:{port}/ws", max_size=2**24) as ws:
        async def read() -> None:
            async for raw in ws:
                if isinstance(raw, str):
                    messages.append(json.loads(raw))
                    if messages[-1]["type"] == "ended":
                        return

        reader = asyncio.create_task(read())
        await ws.send(json.dumps({"type": "start", "scenario_id": "remote-fridays", "input": "voice",
                                  "speak": index == 0}))
        pos = 0
        for kind, item in plan:
            for _ in range(FRAMES_BETWEEN):
                frame = speech[pos:pos + FRAME]
                pos = (pos + FRAME) % (len(speech) - FRAME)
                await ws.send(frame.tobytes())
                await asyncio.sleep(0.005)  # about 4x real time: the pipeline must keep up
            await ws.send(item if isinstance(item, bytes) else (item if isinstance(item, str) else json.dumps(item)))
        await ws.send(json.dumps({"type": "end"}))
        await asyncio.wait_for(reader, 180)
    return {"messages": messages, "sent_texts": sent_texts, "bad": MALFORMED_PER_SESSION}


def test_soak_valid_and_malformed_messages_with_speech_on_four_sessions(tmp_path: Path) -> None:
    services = make_services(tmp_path, counterpart="scripted", max_turns=60)
    # The protocol is under test, not the crisis check: with its learned stage, a hesitant line such as
    # "i don't know, maybe later" can open a check-in and then a pause, after which spoken and typed lines
    # get the same refusal and can no longer be told apart. The rules alone flag none of these lines.
    services.safety = SafetyChecker(learned=False)
    services.load_voice()
    speech = _speech()
    with live_server(services, load_voice=False) as port:
        async def run_all() -> list[dict[str, Any]]:
            return await asyncio.gather(*(_session(port, i, speech) for i in range(SESSIONS)))

        results = asyncio.run(asyncio.wait_for(run_all(), SOAK_DEADLINE_S))
        health = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=10)
    assert health.status_code == 200 and health.json()["status"] == "ok"
    assert health.json()["connection_errors"] == 0 and health.json()["sessions"] == 0
    for number, result in enumerate(results):
        msgs = result["messages"]
        errors = [m for m in msgs if m["type"] == "error"]
        assert not [e for e in errors if e["code"] == "internal"], (number, errors)
        # Every malformed message got its client-error answer (and nothing else did).
        assert sum(e["code"] in CLIENT_ERRORS for e in errors) == result["bad"], (number, errors)
        started = next(m for m in msgs if m["type"] == "session_started")
        ended = msgs[-1]
        assert ended["type"] == "ended"
        finals = [m for m in msgs if m["type"] == "transcript_final"]
        typed = [m for m in finals if m["source"] == "text"]
        refused = [e for e in errors if e["code"] in TEXT_REFUSALS and "voice" not in e["message"]
                   and "line dropped" not in e["message"]]
        # No lost lines: each typed line was either refused with an error or became a turn.
        assert len(typed) + len(refused) == result["sent_texts"], (number, len(typed), refused)
        row = services.store.get_session(started["session_id"])
        assert ended["summary"]["turns"] == len(row.turns) == len(finals)
        assert sorted(t.user_text for t in row.turns) == sorted(m["text"] for m in finals)
        assert any(t.source == "voice" for t in row.turns), "the speech never became a turn"
        print(f"session {number}: {result['sent_texts']} typed lines, {len(typed)} stored, {len(refused)} refused "
              f"with an error; {len(finals) - len(typed)} spoken turns; {result['bad']} malformed answered")
