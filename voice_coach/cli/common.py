"""Shared helpers of the command line: consoles, services, output and session lookup."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from voice_coach.config import Settings

console = Console()
err = Console(stderr=True)


def services():  # type: ignore[no-untyped-def]
    """Build the shared services or exit 2 with the scenario error."""
    from voice_coach.conversation.scenarios import ScenarioError
    from voice_coach.conversation.session import Services

    try:
        return Services.create(Settings())
    except ScenarioError as exc:
        err.print(f"[red]Scenario error:[/] {exc}")
        raise typer.Exit(2) from exc


def write(text: str, output: Optional[Path]) -> None:
    """Write text to a file (and say so) or to standard output."""
    if output:
        output.write_text(text, encoding="utf-8")
        err.print(f"Wrote {output}")
    else:
        sys.stdout.write(text + "\n")


def session_row(session_id: str, exit_code: int):  # type: ignore[no-untyped-def]
    """The stored session with this id (or a unique prefix of 6+ characters), or exit with the given code."""
    from voice_coach.store import Store

    row = Store(Settings().effective_database_url).find_session(session_id)
    if row is None:
        err.print(f"[red]No session {session_id!r}.[/] See `voice-coach history`.")
        raise typer.Exit(exit_code)
    return row
