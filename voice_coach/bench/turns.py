"""Turn-taking benchmark: the Smart Turn and silence detectors side by side on the same clips.

For each detector a real server process is started with VOICE_COACH_TURN_DETECTOR set, and one
client streams the turn-taking set (tests/data/turns: complete lines and lines with one
mid-thought pause, plus the LibriVox recordings) at real time. Times are taken on the client
from the end of speech (the last 20 ms frame >= -40 dBFS) as a listener would experience them.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from voice_coach.audio.levels import frame_levels
from voice_coach.audio.turns.clipset import TurnClip, load
from voice_coach.bench import run_and_print
from voice_coach.bench.latency import (
    FRAME_MS,
    FRAME_SAMPLES,
    SPEECH_FLOOR_DBFS,
    ServerProcess,
    _stats,
    machine,
)

DETECTORS = ("smart", "silence")
SETTLE_S = 0.4  # quiet time after the last metrics before the next clip (lets a late turn show up)


@dataclass
class ClipRecord:
    """What the client saw while one clip was streamed (perf_counter seconds)."""

    clip: str
    kind: str
    speech_end: float = 0.0
    turn_ends: list[float] = field(default_factory=list)  # "thinking" states: the server ended a turn
    first_audio: float | None = None
    timings: list[dict[str, float]] = field(default_factory=list)
    transcripts: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    last_metrics: float = 0.0

    @property
    def cut_off(self) -> bool:
        """The server ended a turn before the speaker finished the line."""
        return any(t < self.speech_end for t in self.turn_ends)


def _speech_end_frame(pcm: np.ndarray) -> int:
    levels = frame_levels(pcm.astype(np.float64) / 32768.0, FRAME_SAMPLES)
    voiced = np.flatnonzero(levels >= SPEECH_FLOOR_DBFS)
    return int(voiced[-1]) if voiced.size else len(levels) - 1


async def _stream(url: str, scenario_id: str, clips: list[TurnClip]) -> list[ClipRecord]:
    """Stream the clips one after another, reconnecting when a rehearsal ends (agreement, turn limit)."""
    from websockets.asyncio.client import connect

    records: list[ClipRecord] = []
    pending = list(clips)
    silence = bytes(FRAME_SAMPLES * 2)
    while pending:
        async with connect(url, max_size=2**22) as ws:
            await ws.send(json.dumps({"type": "start", "scenario_id": scenario_id, "mode": "flow",
                                      "input": "voice", "sample_rate": 16000}))
            st: dict[str, Any] = {"rec": None, "play_until": 0.0, "ended": False, "last_msg": 0.0,
                                  "opening": asyncio.Event(), "rate": 22050}
            receiver = asyncio.create_task(_receive(ws, st))
            clock = time.perf_counter()

            async def send(frame: bytes) -> None:
                nonlocal clock
                clock += FRAME_MS / 1000
                delay = clock - time.perf_counter()
                if delay > 0:
                    await asyncio.sleep(delay)
                await ws.send(frame)

            async def settle(rec: ClipRecord | None, timeout: float, st: dict[str, Any] = st) -> None:
                """Send silence until the reply has played and nothing has arrived for SETTLE_S."""
                deadline = time.perf_counter() + timeout
                while time.perf_counter() < deadline and not st["ended"]:
                    now = time.perf_counter()
                    done = rec is None or rec.speech_end > 0 and rec.last_metrics > rec.speech_end
                    if done and now > st["play_until"] and now - st["last_msg"] > SETTLE_S:
                        return
                    await send(silence)

            while not st["opening"].is_set() and not st["ended"]:
                await send(silence)
            await settle(None, 30)
            while pending and not st["ended"]:
                clip = pending.pop(0)
                rec = ClipRecord(clip.name, clip.kind)
                st["rec"] = rec
                end_frame = _speech_end_frame(clip.pcm)
                for i in range(len(clip.pcm) // FRAME_SAMPLES):
                    await send(clip.pcm[i * FRAME_SAMPLES:(i + 1) * FRAME_SAMPLES].tobytes())
                    if i == end_frame:
                        rec.speech_end = time.perf_counter()
                await settle(rec, 30)
                records.append(rec)
                if st["ended"] and rec.last_metrics <= rec.speech_end:
                    records.pop()  # the rehearsal ended under this clip: stream it again
                    pending.insert(0, clip)
            if not st["ended"]:
                await ws.send(json.dumps({"type": "end"}))
            receiver.cancel()
    return records


async def _receive(ws: Any, st: dict[str, Any]) -> None:
    """Timestamp turn ends, first reply audio, transcripts and per-turn timings of the current clip."""
    async for message in ws:
        now = st["last_msg"] = time.perf_counter()
        rec: ClipRecord | None = st["rec"]
        if isinstance(message, bytes):
            if rec is not None and rec.first_audio is None and rec.speech_end and not rec.cut_off \
                    and any(t > rec.speech_end for t in rec.turn_ends):
                rec.first_audio = now
            st["play_until"] = max(st["play_until"], now) + len(message) / 2 / st["rate"]
            continue
        msg = json.loads(message)
        kind = msg.get("type")
        if kind == "audio_start":
            st["rate"] = msg["sample_rate"]
        elif kind == "partner_done" and msg.get("turn_index") == -1:
            st["opening"].set()
        elif kind == "ended":
            st["ended"] = True
            st["opening"].set()
        elif rec is None:
            continue
        elif kind == "state" and msg.get("state") == "thinking":
            # The pipeline says "thinking" the moment it ends a voice turn (the session says it again
            # after the transcript): the first one after a point in time is a turn end.
            rec.turn_ends.append(now)
        elif kind == "transcript_final":
            rec.transcripts.append(msg["text"])
        elif kind == "error":
            rec.errors.append(f"{msg.get('code')}: {msg.get('message')}")
        elif kind == "metrics" and msg.get("timings"):
            rec.timings.append(msg["timings"])
            rec.last_metrics = now


def summarize(records: list[ClipRecord]) -> dict[str, Any]:
    """complete.{first_audio_ms, end_detect_ms}, hesitation.cutoff_rate and the detector's own timings."""
    complete = [r for r in records if r.kind == "complete"]
    hes = [r for r in records if r.kind == "hesitation"]

    def after_end(r: ClipRecord) -> float | None:
        ends = [t for t in r.turn_ends if t >= r.speech_end]
        return (ends[0] - r.speech_end) * 1000 if ends else None

    first = [(r.first_audio - r.speech_end) * 1000 for r in complete if r.first_audio and not r.cut_off]
    detect = [v for r in complete if not r.cut_off and (v := after_end(r)) is not None]
    timings = [t for r in records for t in r.timings]
    return {
        "complete": {"first_audio_ms": _stats(first), "end_detect_ms": _stats(detect),
                     "cut_off": sum(r.cut_off for r in complete), "n": len(complete)},
        "hesitation": {"cutoff_rate": round(sum(r.cut_off for r in hes) / len(hes), 3) if hes else None,
                       "cut_off": sorted(r.clip for r in hes if r.cut_off), "n": len(hes),
                       "first_audio_ms": _stats([(r.first_audio - r.speech_end) * 1000 for r in hes
                                                 if r.first_audio and not r.cut_off])},
        "turn_check_ms": _stats([t["turn_check_ms"] for t in timings if "turn_check_ms" in t]),
        "turn_inference_ms": _stats([t["turn_inference_ms"] for t in timings if "turn_inference_ms" in t]),
        "stt_ms": _stats([t["stt_ms"] for t in timings if "stt_ms" in t]),
        # The server's own clock from the end of the turn: transcript wait, reply text, first TTS chunk.
        "turn_end_to_first_audio_ms": _stats([t["first_audio_ms"] for t in timings if "first_audio_ms" in t]),
        # Turns whose speaker paused and went on needed several passes (one at a time per connection).
        "stt_ms_one_pass": _stats([t["stt_ms"] for t in timings if t.get("stt_passes") == 1.0]),
        "stt_ms_several_passes": _stats([t["stt_ms"] for t in timings if t.get("stt_passes", 0.0) > 1.0]),
        "ended_by_detector": sum(t.get("turn_decided", 0.0) == 1.0 for t in timings),
        "ended_by_finished_text": sum(t.get("turn_text_ended", 0.0) == 1.0 for t in timings),
        "ended_by_second_check": sum(t.get("turn_second_ended", 0.0) == 1.0 for t in timings),
        "ended_by_silence": sum(t.get("turn_decided", 1.0) == 0.0 for t in timings),
        "turns": len(timings),
        "clips_without_reply": sorted(r.clip for r in records if r.first_audio is None),
        "errors": sorted({e for r in records for e in r.errors}),
    }


def run_turns_bench(limit: int | None = None, detectors: tuple[str, ...] = DETECTORS) -> dict[str, Any]:
    """Run the clip set against a fresh server per detector, one after the other, and summarise each."""
    import httpx

    clips = load()
    # Interleave kinds so neither detector meets all hesitations at the end of a long session.
    comp = [c for c in clips if c.kind == "complete"]
    hes = [c for c in clips if c.kind == "hesitation"]
    order = [c for pair in zip(comp, hes, strict=False) for c in pair] + comp[len(hes):] + hes[len(comp):]
    order = order[:limit] if limit else order
    result: dict[str, Any] = {"clips": len(order), "machine": machine()}
    for detector in detectors:
        server = ServerProcess(env={"VOICE_COACH_TURN_DETECTOR": detector, "VOICE_COACH_MAX_TURNS": "60"})
        try:
            health = server.wait_healthy()
            scenario_id = httpx.get(f"http://127.0.0.1:{server.port}/api/scenarios").json()[0]["id"]
            started = time.perf_counter()
            records = asyncio.run(_stream(f"ws://127.0.0.1:{server.port}/ws", scenario_id, order))
            summary = summarize(records)
            summary.update(wall_s=round(time.perf_counter() - started, 1), server_rss_peak_mb=server.rss_peak_mb(),
                           turn_detector=health.get("turn_detector"))
        finally:
            server.stop()
        summary["load_avg_1m_after"] = round(os.getloadavg()[0], 2)
        result[detector] = summary
    result["machine"]["load_avg_1m_after"] = round(os.getloadavg()[0], 2)
    return result


def bench_turns_command(as_json: bool = False, limit: int | None = None,
                        detectors: tuple[str, ...] = DETECTORS) -> int:
    """`voice-coach bench turns`: print both detectors side by side; non-zero exit on failure."""
    result = run_and_print(lambda: run_turns_bench(limit, detectors), as_json)
    if result is None:
        return 1
    if not as_json:
        from rich.console import Console
        from rich.table import Table

        table = Table(title=f"turn-taking, {result['clips']} clips")
        table.add_column("metric")
        for d in detectors:
            table.add_column(d, justify="right")
        rows = [("complete first audio p50 / p95 ms", lambda s: s["complete"]["first_audio_ms"]),
                ("complete end detect p50 / p95 ms", lambda s: s["complete"]["end_detect_ms"])]
        for label, get in rows:
            table.add_row(label, *(f"{get(result[d]).get('p50')} / {get(result[d]).get('p95')}" for d in detectors))
        table.add_row("hesitation cut-off rate", *(str(result[d]["hesitation"]["cutoff_rate"]) for d in detectors))
        table.add_row("Smart Turn inference p50 / p95 ms",
                      *(f"{result[d]['turn_inference_ms'].get('p50')} / {result[d]['turn_inference_ms'].get('p95')}"
                        for d in detectors))
        Console().print(table)
    errors = [e for d in detectors for e in result[d]["errors"]]
    for error in errors:
        print(f"server error: {error}", file=sys.stderr)
    return 0 if not errors and all(result[d]["turns"] for d in detectors) else 1
