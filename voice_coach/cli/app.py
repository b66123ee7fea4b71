"""The `voice-coach` command line: the root app and its command groups."""

from __future__ import annotations

import json
from typing import Optional

import typer
from rich.table import Table

from voice_coach.cli.benchmarks import bench_app
from voice_coach.cli.coach import coach_command
from voice_coach.cli.common import console, err, services
from voice_coach.cli.evaluate import eval_app
from voice_coach.cli.scenarios import scenarios_app
from voice_coach.cli.sessions import sessions_app
from voice_coach.config import Settings

app = typer.Typer(help="Rehearse hard conversations aloud with DEAR MAN coaching.", no_args_is_help=True,
                  pretty_exceptions_enable=False)
app.add_typer(scenarios_app, name="scenarios")
app.add_typer(eval_app, name="eval")
app.add_typer(bench_app, name="bench")
# History, export, report and progress stay top-level commands.
app.registered_commands.extend(sessions_app.registered_commands)
app.command("coach")(coach_command)


@app.command()
def config() -> None:
    """Print the effective configuration (secrets masked)."""
    console.print_json(json.dumps(Settings().masked(), default=str))


@app.command()
def rehearse(scenario: str = typer.Option(..., "--scenario", "-s", help="Scenario id"),
             text: bool = typer.Option(False, "--text", help="Type instead of speaking."),
             mode: str = typer.Option("flow", help="flow: they answer at once; practice: retry weak lines."),
             checkin: bool = typer.Option(True, help="Ask the before/after check-in.")) -> None:
    """Rehearse a conversation, by voice (microphone and speakers) or by text."""
    if mode not in ("flow", "practice"):
        err.print("[red]--mode must be flow or practice[/]")
        raise typer.Exit(2)
    svc = services()
    if scenario not in svc.scenarios:
        err.print(f"[red]No scenario {scenario!r}.[/] See `voice-coach scenarios list`.")
        raise typer.Exit(2)
    if not text:
        from voice_coach.cli.voice import run_local_voice

        raise typer.Exit(run_local_voice(svc, scenario, mode=mode, checkin=checkin, console=console))
    from voice_coach.cli.textmode import TextRehearsal

    TextRehearsal(svc, console).run(scenario, mode=mode, checkin=checkin)  # type: ignore[arg-type]


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


def main() -> None:
    """Entry point."""
    app()


if __name__ == "__main__":
    main()
