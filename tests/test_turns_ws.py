"""Turn-taking over a real WebSocket: real server, real Whisper, Smart Turn and Piper on the clip set.

A line with a thinking pause must come out as one turn; a finished line must be ended by the
detector at the short silence (not by the maximum-wait timer) and answered.
"""

from __future__ import annotations

import asyncio

import pytest
from websockets.asyncio.client import connect

from voice_coach.audio.turns.clipset import TurnClip, load

from .test_voice_ws import Client, LiveServer, live  # noqa: F401  (the module's live server fixture)

pytestmark = pytest.mark.slow


def _clip(name: str) -> TurnClip:
    return next(c for c in load(librivox=None) if c.name == name)


async def test_thinking_pause_does_not_end_the_turn(live: LiveServer) -> None:  # noqa: F811
    """ "I wanted to talk to you about, <800 ms> the dishes.": one turn holding both halves.

    The 500 ms silence rule ends this turn in the pause; so does a detector whose verdict ignores
    the words or the model, or a stale verdict from the pause applied after the speaker went on.
    """
    clip = _clip("hesitation-00.flac")
    async with connect(live.url, max_size=2**22) as ws:
        client = Client(ws)
        await client.start()
        await client.stream(clip.pcm)
        final = await client.wait_for(lambda m: m["type"] == "transcript_final")
        await client.wait_for(lambda m: m["type"] == "metrics" and "stt_ms" in m.get("timings", {}))
        await asyncio.sleep(1.0)  # a second, cut-off turn would show up here
    finals = client.of("transcript_final")
    assert len(finals) == 1, [m["text"] for m in finals]
    text = final["text"].lower()
    assert "talk" in text and "dishes" in text


async def test_finished_line_is_ended_by_the_detector_and_answered(live: LiveServer) -> None:  # noqa: F811
    """ "I need you to tell me before you borrow my car.": the detector ends the turn and the reply is spoken.

    Catches a detector that never says "complete" (every turn would wait for the 1.8 s timer:
    turn_decided = 0) and a pipeline that ends the turn but drops the transcript or the reply.
    """
    clip = _clip("complete-00.flac")
    async with connect(live.url, max_size=2**22) as ws:
        client = Client(ws)
        await client.start()
        await client.stream(clip.pcm)
        metrics = await client.wait_for(lambda m: m["type"] == "metrics" and "stt_ms" in m.get("timings", {}))
    timings = metrics["timings"]
    assert timings["turn_detector_smart"] == 1.0
    assert timings["turn_decided"] == 1.0, timings
    final = client.of("transcript_final")[0]["text"].lower()
    assert "borrow" in final and "car" in final
    assert client.of("partner_done") and any(turn >= 0 for turn in client.audio)
