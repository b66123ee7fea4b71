"""The `voice-coach` command line."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from voice_coach.config import Settings

app = typer.Typer(help="Rehearse hard conversations aloud with DEAR MAN coaching.", no_args_is_help=True,
                  pretty_exceptions_enable=False)
scenarios_app = typer.Typer(help="List, show and create scenarios.", no_args_is_help=True)
eval_app = typer.Typer(help="Measure the evaluator and the safety check on labelled data.", no_args_is_help=True)
bench_app = typer.Typer(help="Benchmarks that print numbers.", no_args_is_help=True)
app.add_typer(scenarios_app, name="scenarios")
app.add_typer(eval_app, name="eval")
app.add_typer(bench_app, name="bench")

console = Console()
err = Console(stderr=True)


def _services():  # type: ignore[no-untyped-def]
    from voice_coach.conversation.scenarios import ScenarioError
    from voice_coach.conversation.session import Services

    try:
        return Services.create(Settings())
    except ScenarioError as exc:
        err.print(f"[red]Scenario error:[/] {exc}")
        raise typer.Exit(2) from exc


@app.command()
def config() -> None:
    """Print the effective configuration (secrets masked)."""
    console.print_json(json.dumps(Settings().masked(), default=str))


@scenarios_app.command("list")
def scenarios_list(as_json: bool = typer.Option(False, "--json", help="Print a JSON array."),
                   category: Optional[str] = None, max_difficulty: int = 9) -> None:
    """List the scenarios."""
    from voice_coach.conversation.scenarios import ScenarioError, load_scenarios

    try:
        found = load_scenarios(Settings().user_scenarios_dir)
    except ScenarioError as exc:
        err.print(f"[red]Scenario error:[/] {exc}")
        raise typer.Exit(2) from exc
    rows = [s for s in sorted(found.values(), key=lambda s: (s.difficulty, s.id))
            if (category is None or s.category == category) and s.difficulty <= max_difficulty]
    if as_json:
        sys.stdout.write(json.dumps([s.summary() for s in rows], indent=2) + "\n")
        return
    table = Table("id", "title", "category", "difficulty", "with")
    for s in rows:
        table.add_row(s.id, s.title, s.category, str(s.difficulty), s.counterpart.name)
    console.print(table)


@scenarios_app.command("show")
def scenarios_show(scenario_id: str) -> None:
    """Show one scenario as YAML."""
    import yaml

    from voice_coach.conversation.scenarios import load_scenarios

    found = load_scenarios(Settings().user_scenarios_dir)
    if scenario_id not in found:
        err.print(f"[red]No scenario {scenario_id!r}.[/] See `voice-coach scenarios list`.")
        raise typer.Exit(2)
    console.print(yaml.safe_dump(found[scenario_id].model_dump(mode="json"), sort_keys=False))


@scenarios_app.command("new")
def scenarios_new(situation: str = typer.Option(..., prompt="Describe the situation in your words"),
                  goal: str = typer.Option(..., prompt="What do you want from the conversation"),
                  name: str = typer.Option("", prompt="Their name (Enter to skip)", show_default=False),
                  relationship: str = typer.Option("", prompt="Who they are to you (Enter to skip)",
                                                   show_default=False),
                  difficulty: int = typer.Option(5, min=1, max=9),
                  offline: bool = typer.Option(False, help="Never call the LLM even if one is configured.")) -> None:
    """Turn your own situation and goal into a scenario you can rehearse."""
    from voice_coach.conversation.custom import create_custom_scenario

    settings = Settings()
    scenario, path = asyncio.run(create_custom_scenario(
        settings, situation=situation, goal=goal, counterpart_name=name, relationship=relationship,
        difficulty=difficulty, use_llm=not offline))
    console.print(f"Saved [bold]{scenario.id}[/] to {path}. Rehearse it with "
                  f"`voice-coach rehearse --scenario {scenario.id} --text`.")


@app.command()
def rehearse(scenario: str = typer.Option(..., "--scenario", "-s", help="Scenario id"),
             text: bool = typer.Option(False, "--text", help="Type instead of speaking."),
             mode: str = typer.Option("flow", help="flow: they answer at once; practice: retry weak lines."),
             checkin: bool = typer.Option(True, help="Ask the before/after check-in.")) -> None:
    """Rehearse a conversation, by voice (microphone and speakers) or by text."""
    if mode not in ("flow", "practice"):
        err.print("[red]--mode must be flow or practice[/]")
        raise typer.Exit(2)
    services = _services()
    if scenario not in services.scenarios:
        err.print(f"[red]No scenario {scenario!r}.[/] See `voice-coach scenarios list`.")
        raise typer.Exit(2)
    if not text:
        from voice_coach.cli.voice import run_local_voice

        raise typer.Exit(run_local_voice(services, scenario, mode=mode, checkin=checkin, console=console))
    from voice_coach.cli.textmode import TextRehearsal

    TextRehearsal(services, console).run(scenario, mode=mode, checkin=checkin)  # type: ignore[arg-type]


@app.command()
def history(limit: int = 20, as_json: bool = typer.Option(False, "--json")) -> None:
    """List past sessions."""
    from voice_coach.store import Store

    rows = Store(Settings().effective_database_url).list_sessions(limit)
    if as_json:
        sys.stdout.write(json.dumps([{"id": r.id, "scenario_id": r.scenario_id, "started_at": r.started_at.isoformat(),
                                      "turns": len(r.turns), "end_reason": r.end_reason} for r in rows]) + "\n")
        return
    table = Table("session", "started", "scenario", "turns", "ended")
    for r in rows:
        table.add_row(r.id, f"{r.started_at:%Y-%m-%d %H:%M}", r.scenario_title, str(len(r.turns)), r.end_reason or "")
    console.print(table)


def _write(text: str, output: Optional[Path]) -> None:
    if output:
        output.write_text(text, encoding="utf-8")
        err.print(f"Wrote {output}")
    else:
        sys.stdout.write(text + "\n")


def _session_row(session_id: str, exit_code: int):  # type: ignore[no-untyped-def]
    from voice_coach.store import Store

    row = Store(Settings().effective_database_url).get_session(session_id)
    if row is None:
        err.print(f"[red]No session {session_id!r}.[/] See `voice-coach history`.")
        raise typer.Exit(exit_code)
    return row


@app.command()
def export(session_id: str, fmt: str = typer.Option("md", "--format", help="md"),
           output: Optional[Path] = typer.Option(None, "--output", "-o")) -> None:
    """Write a readable transcript with feedback."""
    from voice_coach.reports.export import session_markdown

    if fmt != "md":
        err.print("[red]Only --format md is supported for export; see `voice-coach report` for html.[/]")
        raise typer.Exit(2)
    _write(session_markdown(_session_row(session_id, 2)), output)


@app.command()
def report(session_id: str, fmt: str = typer.Option("html", "--format", help="html or md"),
           output: Optional[Path] = typer.Option(None, "--output", "-o")) -> None:
    """Write a shareable report of one session (skills over the turns, tone, check-in change)."""
    from voice_coach.reports.report import render_report

    if fmt not in ("html", "md"):
        err.print("[red]--format must be html or md[/]")
        raise typer.Exit(2)
    _write(render_report(_session_row(session_id, 1), fmt), output)  # type: ignore[arg-type]


@app.command()
def progress(fmt: str = typer.Option("md", "--format", help="html or md"), limit: int = 200,
             output: Optional[Path] = typer.Option(None, "--output", "-o")) -> None:
    """Progress per skill and per check-in item across your sessions."""
    from voice_coach.reports.progress import render_progress
    from voice_coach.store import Store

    if fmt not in ("html", "md"):
        err.print("[red]--format must be html or md[/]")
        raise typer.Exit(2)
    rows = Store(Settings().effective_database_url).list_sessions(limit)
    _write(render_progress(rows, fmt), output)  # type: ignore[arg-type]


@eval_app.command("feedback")
def eval_feedback(data: Path = typer.Option(..., "--data", exists=True, dir_okay=False),
                  evaluator: str = typer.Option("offline", help="offline, llm or lexical"),
                  as_json: bool = typer.Option(False, "--json")) -> None:
    """IMBUE's metrics (macro-F1 strong-vs-not-strong per skill) of an evaluator on a labelled JSONL file."""
    from voice_coach.feedback.harness import evaluate_file

    try:
        result = evaluate_file(data, evaluator, Settings())
    except ValueError as exc:
        err.print(f"[red]{exc}[/]")
        raise typer.Exit(2) from exc
    if as_json:
        sys.stdout.write(json.dumps(result) + "\n")
        return
    table = Table("skill", "F1")
    for skill, f1 in result["per_skill"].items():
        table.add_row(skill, f"{f1:.3f}")
    console.print(table)
    console.print(f"macro-F1 {result['macro_f1']:.3f}  accuracy {result['accuracy']:.3f}  "
                  f"p50 {result['latency_ms_p50']:.1f} ms  n {result['n']}")


@eval_app.command("cv")
def eval_cv(folds: int = typer.Option(5, "--folds", "-k", min=2),
            as_json: bool = typer.Option(False, "--json"),
            output: Optional[Path] = typer.Option(None, "--output", "-o", help="write the Markdown table here")) -> None:
    """Cross-validate on the exemplar bank (grouped by situation) against baselines."""
    from voice_coach.feedback.harness import cross_validate, cv_report_markdown

    result = cross_validate(folds, settings=Settings())
    if as_json:
        sys.stdout.write(json.dumps(result, default=str) + "\n")
    else:
        _write(cv_report_markdown(result), output)


@eval_app.command("safety")
def eval_safety(data: Path = typer.Option(..., "--data", exists=True, dir_okay=False),
                as_json: bool = typer.Option(False, "--json")) -> None:
    """Recall and false-positive rate of the crisis check on a labelled JSONL file."""
    from voice_coach.safety.checker import evaluate_safety

    try:
        result = evaluate_safety(data)
    except ValueError as exc:
        err.print(f"[red]{exc}[/]")
        raise typer.Exit(2) from exc
    if as_json:
        sys.stdout.write(json.dumps(result) + "\n")
    else:
        console.print(f"recall {result['recall']:.3f}  false-positive rate {result['false_positive_rate']:.3f}  "
                      f"n {result['n']}")


@app.command()
def doctor() -> None:
    """Check models, audio devices, the LLM endpoint and the database; print what to fix."""
    from voice_coach.cli.doctor import run_checks

    checks = run_checks(Settings())
    table = Table("check", "status", "detail", "what to do")
    for c in checks:
        status = "[green]ok[/]" if c.ok else ("[red]FAIL[/]" if c.required else "[yellow]warn[/]")
        table.add_row(c.name, status, c.detail, "" if c.ok else c.fix)
    console.print(table)
    raise typer.Exit(0 if all(c.ok or not c.required for c in checks) else 1)


@app.command()
def serve(host: Optional[str] = None, port: Optional[int] = None) -> None:
    """Run the web app and WebSocket server (127.0.0.1 unless told otherwise)."""
    from voice_coach.cli.serve import run_server

    settings = Settings()
    run_server(settings, host=host or settings.host, port=port or settings.port, console=console)


@bench_app.command("latency")
def bench_latency(sessions: int = typer.Option(1, "--sessions", min=1, max=8),
                  as_json: bool = typer.Option(False, "--json")) -> None:
    """Stream real recorded speech through the real server and print latency percentiles."""
    from voice_coach.bench.latency import bench_latency_command

    raise typer.Exit(bench_latency_command(sessions, as_json))


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


def main() -> None:
    """Entry point."""
    app()


if __name__ == "__main__":
    main()
