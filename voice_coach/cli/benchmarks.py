"""`voice-coach bench`: benchmarks that print numbers."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer

from voice_coach.cli.common import console
from voice_coach.config import Settings

bench_app = typer.Typer(help="Benchmarks that print numbers.", no_args_is_help=True)


@bench_app.command("latency")
def bench_latency(sessions: int = typer.Option(1, "--sessions", min=1, max=8),
                  as_json: bool = typer.Option(False, "--json"),
                  clips: Optional[Path] = typer.Option(
                      None, "--clips", exists=True, file_okay=False,
                      help="folder of 16 kHz mono WAVs + transcripts.json (default: the shipped LibriVox clips)")) -> None:
    """Stream real recorded speech through the real server and print latency percentiles."""
    from voice_coach.bench.latency import bench_latency_command

    raise typer.Exit(bench_latency_command(sessions, as_json, clips))


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
           "latency_ms_p95": [r["latency_ms_p95"] for r in results],
           "cpu_ms_p50": [r["cpu_ms_p50"] for r in results], "cpu_ms_p95": [r["cpu_ms_p95"] for r in results]}
    if as_json:
        sys.stdout.write(json.dumps(out) + "\n")
    else:
        console.print(out)


@bench_app.command("dialogue")
def bench_dialogue(as_json: bool = typer.Option(False, "--json"),
                   llm: bool = typer.Option(False, "--llm", help="Use the LLM counterpart at OPENAI_BASE_URL "
                                            "(replies it cannot give fall back to the script and are counted)"),
                   transcripts: bool = typer.Option(False, "--transcripts", help="Include every reply"),
                   file: Path | None = typer.Option(None, "--file", exists=True, dir_okay=False,
                                                    help="Another dialogue set (YAML), e.g. the judged rehearsals"),
                   sample_out: Path | None = typer.Option(None, "--sample-out",
                                                          help="Write the transcripts as JSONL for a blind judge"),
                   ) -> None:
    """Scripted dialogues through real sessions: pass rate, failures by check, first-reply latency."""
    import asyncio

    from voice_coach.bench.dialogue import load_dialogues, run_dialogues

    dialogues = load_dialogues(file) if file is not None else None
    out = asyncio.run(run_dialogues(Settings(), counterpart="llm" if llm else "scripted", dialogues=dialogues))
    if sample_out is not None:
        from voice_coach.bench.dialogue import judge_sample

        sample_out.write_text("".join(json.dumps(row) + "\n" for row in judge_sample(out)), encoding="utf-8")
    if not transcripts:
        out.pop("transcripts")
    if as_json:
        sys.stdout.write(json.dumps(out) + "\n")
    else:
        console.print(out)
    raise typer.Exit(0 if out["pass_rate"] == 1.0 else 1)


@bench_app.command("agreement")
def bench_agreement(as_json: bool = typer.Option(False, "--json")) -> None:
    """Turns to agreement per difficulty: skilled, unskilled, identical repetition, broken record."""
    import asyncio

    from voice_coach.bench.agreement import markdown, run_agreement

    out = asyncio.run(run_agreement(Settings()))
    sys.stdout.write((json.dumps(out) if as_json else markdown(out)) + "\n")
