"""`voice-coach bench`: benchmarks that print numbers."""

from __future__ import annotations

import json
import sys

import typer

from voice_coach.cli.common import console
from voice_coach.config import Settings

bench_app = typer.Typer(help="Benchmarks that print numbers.", no_args_is_help=True)


@bench_app.command("latency")
def bench_latency(sessions: int = typer.Option(1, "--sessions", min=1, max=8),
                  as_json: bool = typer.Option(False, "--json")) -> None:
    """Stream real recorded speech through the real server and print latency percentiles."""
    from voice_coach.bench.latency import bench_latency_command

    raise typer.Exit(bench_latency_command(sessions, as_json))


@bench_app.command("turns")
def bench_turns(as_json: bool = typer.Option(False, "--json"),
                limit: int = typer.Option(0, "--limit", min=0, help="stream only the first N clips (0: all)"),
                only: str | None = typer.Option(None, "--only", help="run one detector: smart or silence")) -> None:
    """End-of-turn detectors side by side: first reply audio, end detection, hesitation cut-offs."""
    from voice_coach.bench.turns import DETECTORS, bench_turns_command

    if only is not None and only not in DETECTORS:
        raise typer.BadParameter(f"--only must be one of {', '.join(DETECTORS)}")
    raise typer.Exit(bench_turns_command(as_json, limit or None, (only,) if only else DETECTORS))


@bench_app.command("feedback")
def bench_feedback(as_json: bool = typer.Option(False, "--json")) -> None:
    """Offline evaluator latency per utterance over the exemplar bank (after warm-up)."""
    from voice_coach.feedback.bank import bank_paths
    from voice_coach.feedback.harness import evaluate_file

    files = bank_paths()
    results = [evaluate_file(path, "offline", Settings()) for path in files]
    out = {"files": [p.name for p in files], "n": sum(r["n"] for r in results),
           "latency_ms_p50": [r["latency_ms_p50"] for r in results],
           "latency_ms_p95": [r["latency_ms_p95"] for r in results]}
    if as_json:
        sys.stdout.write(json.dumps(out) + "\n")
    else:
        console.print(out)
