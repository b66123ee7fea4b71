"""Latency benchmark: real server process, real WebSocket clients, real LibriVox speech at real time.

Times are measured on the client from the end of speech in the clip (the last 20 ms frame above
-40 dBFS) to each milestone of the turn, as a person hearing the reply would experience them.
"""

from __future__ import annotations

import asyncio
import json
import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from voice_coach.audio.levels import frame_levels
from voice_coach.bench import run_and_print

FRAME_MS = 20
FRAME_SAMPLES = 16_000 * FRAME_MS // 1000
SPEECH_FLOOR_DBFS = -40.0
# Shipped inside the package (wheel); a source checkout reads them from the test data.
CLIP_FOLDERS = (Path(__file__).resolve().parent / "clips",
                Path(__file__).resolve().parents[2] / "tests" / "data" / "librivox")


def default_clips() -> Path:
    """The folder of the shipped LibriVox clips (FileNotFoundError if this install has none)."""
    for folder in CLIP_FOLDERS:
        if (folder / "transcripts.json").is_file():
            return folder
    raise FileNotFoundError("no benchmark clips in this install: pass --clips DIR "
                            "(16 kHz mono WAV files and a transcripts.json of name -> text)")
MILESTONES = ("transcript", "first_partner_text", "first_audio", "feedback")


@dataclass
class Clip:
    """One recording as PCM16 at 16 kHz, its reference text and where its speech ends."""

    name: str
    pcm: np.ndarray
    reference: str
    speech_end_frame: int  # index of the last 20 ms frame above the speech floor


@dataclass
class TurnRecord:
    """What the client saw of one spoken turn (times in seconds, perf_counter clock)."""

    clip: str
    reference: str
    speech_end: float
    seen: dict[str, float] = field(default_factory=dict)
    transcript: str = ""
    errors: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    audio_s: float = 0.0


def load_clips(folder: Path) -> list[Clip]:
    """Read the WAV clips and `transcripts.json` of a folder."""
    import soundfile as sf

    refs: dict[str, str] = json.loads((folder / "transcripts.json").read_text(encoding="utf-8"))
    clips = []
    for name, text in sorted(refs.items()):
        audio, rate = sf.read(folder / name, dtype="int16", always_2d=False)
        if rate != 16_000 or audio.ndim != 1:
            raise ValueError(f"{name}: need mono 16 kHz, got {rate} Hz, shape {audio.shape}")
        clips.append(Clip(name, audio, text, _last_voiced_frame(audio)))
    if not clips:
        raise FileNotFoundError(f"no clips listed in {folder / 'transcripts.json'}")
    return clips


def _last_voiced_frame(pcm: np.ndarray) -> int:
    levels = frame_levels(pcm.astype(np.float64) / 32768.0, FRAME_SAMPLES)
    voiced = np.flatnonzero(levels > SPEECH_FLOOR_DBFS)
    return int(voiced[-1]) if len(voiced) else len(levels) - 1


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ServerProcess:
    """`uvicorn` serving `create_app()` in a child process with a fresh data folder."""

    def __init__(self, env: dict[str, str] | None = None) -> None:
        """Start the server; `env` adds settings (VOICE_COACH_*) for this run."""
        self.port = _free_port()
        self.data_dir = tempfile.TemporaryDirectory(prefix="voice-coach-bench-")
        self.log = Path(self.data_dir.name) / "server.log"
        env = dict(os.environ, VOICE_COACH_DATA_DIR=self.data_dir.name, VOICE_COACH_COUNTERPART="scripted",
                   VOICE_COACH_EVALUATOR="offline", **(env or {}))
        code = ("import uvicorn; from voice_coach.server.app import create_app; "
                f"uvicorn.run(create_app(), host='127.0.0.1', port={self.port}, log_level='warning')")
        self._log_file = self.log.open("wb")
        self.proc = subprocess.Popen([sys.executable, "-c", code], env=env, stdout=self._log_file,
                                     stderr=subprocess.STDOUT)

    def wait_healthy(self, timeout: float = 180.0) -> dict[str, Any]:
        """Poll /healthz until it answers 200; returns its body."""
        import httpx

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.log.read_text(errors='replace')[-2000:]}")
            try:
                resp = httpx.get(f"http://127.0.0.1:{self.port}/healthz", timeout=2)
                if resp.status_code == 200:
                    return dict(resp.json())
                if resp.json().get("status") == "error":
                    raise RuntimeError(f"server could not load its models: {resp.json().get('error')}")
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise TimeoutError("server did not become healthy")

    def rss_peak_mb(self) -> float | None:
        """Peak resident memory of the server process (VmHWM)."""
        try:
            for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
        except OSError:
            return None
        return None

    def stop(self) -> None:
        """Terminate the server and remove its data folder."""
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self._log_file.close()
        self.data_dir.cleanup()


async def _run_client(url: str, scenario_id: str, clips: list[Clip], repeats: int,
                      delay_s: float = 0.0) -> list[TurnRecord]:
    """One rehearsal: stream every clip at real time with silence around, record each turn."""
    from websockets.asyncio.client import connect

    await asyncio.sleep(delay_s)
    records: list[TurnRecord] = []
    silence = bytes(FRAME_SAMPLES * 2)
    async with connect(url, max_size=2**22) as ws:
        await ws.send(json.dumps({"type": "start", "scenario_id": scenario_id, "mode": "flow",
                                  "input": "voice", "sample_rate": 16000}))
        state: dict[str, Any] = {"turn": None, "current": None, "audio_turn": None, "play_until": 0.0,
                                 "ended": False, "opening_done": asyncio.Event(), "turn_done": asyncio.Event()}
        receiver = asyncio.create_task(_receive(ws, state))
        clock = time.perf_counter()

        async def send_frame(frame: bytes) -> None:
            nonlocal clock
            clock += FRAME_MS / 1000
            delay = clock - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            await ws.send(frame)

        async def silence_until(done: asyncio.Event, timeout: float) -> None:
            deadline = time.perf_counter() + timeout
            while (not done.is_set() or time.perf_counter() < state["play_until"]) and time.perf_counter() < deadline:
                await send_frame(silence)

        await silence_until(state["opening_done"], 30)
        for _ in range(repeats):
            for clip in clips:
                if state["ended"]:
                    break
                record = TurnRecord(clip.name, clip.reference, speech_end=0.0)
                state["current"], state["turn_done"] = record, asyncio.Event()
                for i in range(len(clip.pcm) // FRAME_SAMPLES):
                    await send_frame(clip.pcm[i * FRAME_SAMPLES:(i + 1) * FRAME_SAMPLES].tobytes())
                    if i == clip.speech_end_frame:
                        record.speech_end = time.perf_counter()
                await silence_until(state["turn_done"], 30)
                records.append(record)
        await ws.send(json.dumps({"type": "end"}))
        await asyncio.wait_for(receiver, 30)
    return records


async def _receive(ws: Any, state: dict[str, Any]) -> None:
    """Timestamp the milestones of the current turn as messages arrive."""
    rates: dict[int, int] = {}
    async for message in ws:
        now = time.perf_counter()
        rec: TurnRecord | None = state["current"]
        if isinstance(message, bytes):
            turn = state["audio_turn"]
            if rec is not None and turn is not None and turn >= 0:
                rec.seen.setdefault("first_audio", now)
                rec.audio_s += len(message) / 2 / rates.get(turn, 22050)
            state["play_until"] = max(state["play_until"], now) + len(message) / 2 / rates.get(turn, 22050)
            continue
        msg = json.loads(message)
        kind, turn = msg.get("type"), msg.get("turn_index")
        if kind == "audio_start":
            state["audio_turn"] = turn
            rates[turn] = msg["sample_rate"]
        elif kind == "partner_done" and turn == -1:
            state["opening_done"].set()
        elif kind == "ended":
            state["ended"] = True
            state["turn_done"].set()
            return
        if rec is None or (turn is not None and turn < 0):
            continue
        if kind == "transcript_final":
            rec.seen.setdefault("transcript", now)
            rec.transcript = (rec.transcript + " " + msg["text"]).strip()
        elif kind == "partner_delta":
            rec.seen.setdefault("first_partner_text", now)
        elif kind in ("safety_check_in", "safety_pause"):
            rec.seen.setdefault("safety", now)  # the crisis check answered the line: no reply, by design
        elif kind == "error":
            rec.errors.append(f"{msg.get('code')}: {msg.get('message')}")
        elif kind == "feedback":
            rec.seen.setdefault("feedback", now)
        elif kind == "metrics":
            rec.timings = msg.get("timings", {})
            state["turn_done"].set()


def _stats(values: list[float]) -> dict[str, float | int]:
    if not values:
        return {"n": 0}
    arr = np.asarray(values, dtype=float)
    return {"p50": round(float(np.percentile(arr, 50)), 1), "p95": round(float(np.percentile(arr, 95)), 1),
            "n": len(values)}


def summarize(records: list[TurnRecord]) -> dict[str, Any]:
    """Per-metric p50/p95 (ms unless named otherwise) and corpus WER of the recorded turns."""
    from voice_coach.audio.wer import corpus_wer

    out: dict[str, Any] = {}
    for name in MILESTONES:
        out[f"speech_end_to_{name}_ms"] = _stats(
            [(r.seen[name] - r.speech_end) * 1000 for r in records if name in r.seen and r.speech_end])
    out["processing_after_endpoint_ms"] = _stats(
        [r.timings["first_audio_ms"] for r in records if "first_audio_ms" in r.timings])
    out["stt_rtf"] = _ratio([r.timings for r in records], "stt_ms", "stt_audio_ms")
    out["tts_rtf"] = _ratio([r.timings for r in records], "tts_ms", "tts_audio_ms")
    out["speculative_hit_rate"] = round(
        float(np.mean([r.timings.get("speculative", 0.0) for r in records])) if records else 0.0, 3)
    out["wer"] = round(corpus_wer([(r.reference, r.transcript) for r in records]), 4) if records else None
    out["turns"] = len(records)
    # Protocol order within a turn: the transcript, then the reply text, then the audio made from it.
    out["out_of_order_turns"] = sum(not _in_order(r) for r in records)
    # A line the crisis check answers gets no reply by design; it is counted apart, and any other turn without a
    # reply's audio is a fault.
    out["turns_answered_by_safety_check"] = sum("safety" in r.seen for r in records)
    out["turns_without_audio"] = sum("first_audio" not in r.seen and "safety" not in r.seen for r in records)
    out["errors"] = sorted({e for r in records for e in r.errors})
    return out


def _in_order(record: TurnRecord) -> bool:
    times = [record.seen[m] for m in ("transcript", "first_partner_text", "first_audio") if m in record.seen]
    return times == sorted(times)


def _ratio(timings: list[dict[str, float]], num: str, den: str) -> dict[str, float | int]:
    values = [t[num] / t[den] for t in timings if t.get(den)]
    if not values:
        return {"n": 0}
    arr = np.asarray(values)
    return {"p50": round(float(np.percentile(arr, 50)), 4), "p95": round(float(np.percentile(arr, 95)), 4),
            "n": len(values)}


def machine() -> dict[str, Any]:
    """The machine the numbers were measured on."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version(), "os": platform.platform(),
            "load_avg_1m": round(os.getloadavg()[0], 2)}


def run_latency_bench(sessions: int = 1, clips_dir: Path | str | None = None, repeats: int = 2,
                      scenario_id: str | None = None, stagger_s: float = 0.0) -> dict[str, Any]:
    """Start the real server, run `sessions` concurrent spoken rehearsals and return latency statistics.

    With `stagger_s` = 0 all sessions start together, so their turns end at the same moment (the
    worst case for shared models); a positive value starts session i that many seconds after i-1.
    """
    clips = load_clips(Path(clips_dir) if clips_dir else default_clips())
    load_before = round(os.getloadavg()[0], 2)  # other work on the machine skews every number
    server = ServerProcess()
    try:
        health = server.wait_healthy()
        import httpx

        scenario_id = scenario_id or httpx.get(f"http://127.0.0.1:{server.port}/api/scenarios").json()[0]["id"]
        url = f"ws://127.0.0.1:{server.port}/ws"

        async def run_all() -> list[list[TurnRecord]]:
            return await asyncio.gather(*(_run_client(url, scenario_id, clips, repeats, i * stagger_s)
                                          for i in range(sessions)))

        started = time.perf_counter()
        per_session = asyncio.run(run_all())
        elapsed = time.perf_counter() - started
        final_health = httpx.get(f"http://127.0.0.1:{server.port}/healthz").json()
        rss = server.rss_peak_mb()
    finally:
        server.stop()
    records = [r for recs in per_session for r in recs]
    result = summarize(records)
    result.update(sessions=sessions, stagger_s=stagger_s, repeats=repeats, clips=len(clips), scenario_id=scenario_id,
                  wall_s=round(elapsed, 1), server_rss_peak_mb=rss, stt=health.get("stt"), tts=health.get("tts"),
                  server_max_lag_ms=final_health.get("max_lag_ms"),
                  dropped_frames=final_health.get("dropped_frames"),
                  machine=dict(machine(), load_avg_1m_before=load_before))
    return result


def bench_latency_command(sessions: int = 1, as_json: bool = False, clips_dir: Path | None = None) -> int:
    """`voice-coach bench latency`: print the results (JSON or a table); non-zero exit on failure."""
    result = run_and_print(lambda: run_latency_bench(sessions=sessions, clips_dir=clips_dir), as_json)
    if result is None:
        return 1
    if not as_json:
        from rich.console import Console
        from rich.table import Table

        table = Table(title=f"voice_coach latency, {sessions} session(s), {result['turns']} turns")
        table.add_column("metric")
        table.add_column("p50", justify="right")
        table.add_column("p95", justify="right")
        for key, value in result.items():
            if isinstance(value, dict) and "p50" in value:
                table.add_row(key, str(value["p50"]), str(value["p95"]))
        Console().print(table)
        print(f"WER {result['wer']}, server RSS peak {result['server_rss_peak_mb']} MB, "
              f"speculative hits {result['speculative_hit_rate']:.0%}, "
              f"turns answered by the crisis check {result['turns_answered_by_safety_check']}")
    for error in result["errors"]:
        print(f"server error: {error}", file=sys.stderr)
    return 0 if result["turns"] and not result["turns_without_audio"] and not result["errors"] else 1
