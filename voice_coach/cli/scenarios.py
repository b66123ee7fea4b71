"""`voice-coach scenarios`: list, show and create scenarios."""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Optional

import typer
from rich.table import Table

from voice_coach.cli.common import console, err
from voice_coach.config import Settings

scenarios_app = typer.Typer(help="List, show and create scenarios.", no_args_is_help=True)


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
