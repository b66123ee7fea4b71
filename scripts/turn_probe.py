"""Per-turn timings and peak memory of the real server on the complete lines of the turn-taking set.

    python scripts/turn_probe.py [N] [VOICE_COACH_SETTING=value ...]

Starts the server the way `voice-coach bench turns` does (with the given settings in its environment),
streams the first N complete lines (default 35) at real time, and prints each turn's timings (end of
turn, transcription, first synthesized chunk, ...), their p50 / p95 and the server's peak RSS (VmHWM).
"""

from __future__ import annotations

import asyncio
import os
import sys

import httpx
import numpy as np

from voice_coach.audio.turns.clipset import load
from voice_coach.bench.latency import ServerProcess
from voice_coach.bench.turns import _stream

KEYS = ("endpoint_ms", "stt_ms", "turn_check_ms", "first_partner_text_ms", "tts_first_ms", "first_audio_ms")


def main(limit: int, settings: dict[str, str]) -> None:
    """Stream the clips to one server and print what each turn took."""
    clips = [c for c in load() if c.kind == "complete"][:limit]
    server = ServerProcess(env={"VOICE_COACH_TURN_DETECTOR": "smart", "VOICE_COACH_MAX_TURNS": "60", **settings})
    try:
        server.wait_healthy()
        scenario = httpx.get(f"http://127.0.0.1:{server.port}/api/scenarios").json()[0]["id"]
        records = asyncio.run(_stream(f"ws://127.0.0.1:{server.port}/ws", scenario, clips))
        rss = server.rss_peak_mb()
    finally:
        server.stop()
    firsts = []
    for rec in records:
        timings = rec.timings[-1] if rec.timings else {}
        first = (rec.first_audio - rec.speech_end) * 1000 if rec.first_audio else None
        if first is not None:
            firsts.append(first)
        print(f"{rec.clip:20} first audio {first and round(first)} ms", {k: timings.get(k) for k in KEYS})
    print(f"speech end to first audio: p50 {np.median(firsts):.0f} ms, p95 {np.percentile(firsts, 95):.0f} ms, "
          f"n {len(firsts)}")
    for key in KEYS:
        values = [t[key] for r in records for t in r.timings[-1:] if key in t]
        if values:
            print(f"{key}: p50 {np.median(values):.0f} ms, p95 {np.percentile(values, 95):.0f} ms")
    print(f"server peak RSS {rss} MB, load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    args = sys.argv[1:]
    count = int(args.pop(0)) if args and args[0].isdigit() else 35
    main(count, dict(a.split("=", 1) for a in args))
