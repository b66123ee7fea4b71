"""Past sessions: `history`, `export`, `report` and `progress`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from voice_coach.cli.common import console, err, session_row, write
from voice_coach.config import Settings

# Registered on the root app by voice_coach.cli.app.
sessions_app = typer.Typer()


@sessions_app.command()
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


@sessions_app.command()
def export(session_id: str, fmt: str = typer.Option("md", "--format", help="md"),
           output: Optional[Path] = typer.Option(None, "--output", "-o")) -> None:
    """Write a readable transcript with feedback."""
    from voice_coach.reports.export import session_markdown

    if fmt != "md":
        err.print("[red]Only --format md is supported for export; see `voice-coach report` for html.[/]")
        raise typer.Exit(2)
    write(session_markdown(session_row(session_id, 2)), output)


@sessions_app.command()
def report(session_id: str, fmt: str = typer.Option("html", "--format", help="html or md"),
           output: Optional[Path] = typer.Option(None, "--output", "-o")) -> None:
    """Write a shareable report of one session (skills over the turns, tone, check-in change)."""
    from voice_coach.reports.report import render_report

    if fmt not in ("html", "md"):
        err.print("[red]--format must be html or md[/]")
        raise typer.Exit(2)
    write(render_report(session_row(session_id, 1), fmt), output)  # type: ignore[arg-type]


@sessions_app.command()
def progress(fmt: str = typer.Option("md", "--format", help="html or md"), limit: int = 200,
             output: Optional[Path] = typer.Option(None, "--output", "-o")) -> None:
    """Progress per skill and per check-in item across your sessions."""
    from voice_coach.reports.progress import render_progress
    from voice_coach.store import Store

    if fmt not in ("html", "md"):
        err.print("[red]--format must be html or md[/]")
        raise typer.Exit(2)
    rows = Store(Settings().effective_database_url).list_sessions(limit)
    write(render_progress(rows, fmt), output)  # type: ignore[arg-type]
