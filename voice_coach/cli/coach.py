"""`voice-coach coach`: the coaching a person would read after a line, for one line or a JSONL file of lines."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Any, Optional

import typer
from rich.table import Table

from voice_coach.cli.common import console, err, services
from voice_coach.ports import TurnContext
from voice_coach.skills import Feedback

MAX_LINE_CHARS = 20_000


def _row_context(row: dict[str, Any], where: str, scenarios: dict[str, Any]) -> TurnContext:
    line = row.get("utterance", row.get("line"))
    if not isinstance(line, str) or not line.strip():
        raise ValueError(f"{where}: needs a non-empty 'utterance' (or 'line')")
    scenario = scenarios.get(str(row.get("scenario", "")))
    base: dict[str, Any] = {}
    if scenario is not None:
        base = {"scenario_id": scenario.id, "category": scenario.category, "situation": scenario.situation,
                "goal": scenario.goal, "goal_type": scenario.goal_type, "request": scenario.request,
                "refusal": scenario.refusal, "counterpart_name": scenario.counterpart.name}
    elif row.get("scenario"):
        raise ValueError(f"{where}: no scenario {row['scenario']!r}")
    for key, field in (("situation", "situation"), ("goal", "goal"), ("goal_type", "goal_type"),
                       ("request", "request"), ("refusal", "refusal"), ("counterpart", "counterpart_name"),
                       ("counterpart_name", "counterpart_name"), ("category", "category")):
        if row.get(key) is not None:
            base[field] = row[key]
    if row.get("goal_type") not in (None, "", "request", "refusal", "boundary"):
        raise ValueError(f"{where}: goal_type must be request, refusal or boundary")
    partner = str(row.get("partner_last") or "")
    return TurnContext(situation=str(base.pop("situation", "") or line), utterance=line[:MAX_LINE_CHARS],
                       partner_last=partner, turn_index=1 if partner else 0, **base)


def as_json(row_id: str, feedback: Feedback) -> dict[str, Any]:
    """The coaching of one line in the `coach --json` shape."""
    return {"id": row_id, "skills": {f.skill.value: f.label for f in feedback.skills},
            "reasons": {f.skill.value: f.reason for f in feedback.skills}, "focus": feedback.focus.value,
            "suggestion": feedback.suggestion, "rewrite": feedback.rewrite, "next_skill": feedback.next_skill.value,
            "gate": {"passed": feedback.gate.passed, "repairs": feedback.gate.repairs,
                     "failures": feedback.gate.failures},
            "evaluator": feedback.evaluator, "latency_ms": feedback.latency_ms}


def _show(feedback: Feedback) -> None:
    table = Table("skill", "rating", "why")
    for item in feedback.skills:
        table.add_row(item.skill.title, item.label, item.reason)
    console.print(table)
    console.print(f"[bold]Focus:[/] {feedback.focus.title}")
    console.print(f"[bold]Try:[/] {feedback.suggestion}")
    console.print(f"[bold]Stronger:[/] \u201c{feedback.rewrite}\u201d")
    console.print(f"[bold]Next skill:[/] {feedback.next_skill.title}")
    gate = "passed" if feedback.gate.passed else "failed: " + "; ".join(feedback.gate.failures)
    console.print(f"[dim]quality gate {gate}, {feedback.gate.repairs} repairs, {feedback.evaluator}[/]")


def coach_command(line: Optional[str] = typer.Argument(None, help="The line you would say."),
                  scenario: Optional[str] = typer.Option(None, "--scenario", "-s", help="Scenario id"),
                  data: Optional[Path] = typer.Option(None, "--data", exists=True, dir_okay=False,
                                                      help="JSONL: one line per row (utterance, optional "
                                                           "scenario, situation, goal, goal_type, counterpart, "
                                                           "partner_last)"),
                  partner: str = typer.Option("", "--partner", help="What the other person just said."),
                  json_out: bool = typer.Option(False, "--json", help="One JSON object per line.")) -> None:
    """Show the coaching for a line: ratings with reasons, suggestion, rewrite, next skill."""
    if (line is None) == (data is None):
        err.print("[red]Give either a line (with --scenario) or --data FILE.jsonl.[/]")
        raise typer.Exit(2)
    svc = services()
    rows: list[tuple[str, TurnContext]] = []
    try:
        if data is not None:
            for number, text in enumerate(data.read_text(encoding="utf-8").splitlines(), 1):
                if not text.strip():
                    continue
                where = f"{data}:{number}"
                try:
                    row = json.loads(text)
                except json.JSONDecodeError as exc:
                    raise ValueError(f"{where}: not JSON: {exc.msg}") from exc
                if not isinstance(row, dict):
                    raise ValueError(f"{where}: expected a JSON object")  # noqa: TRY004 (reported as bad input)
                rows.append((str(row.get("id", number)), _row_context(row, where, svc.scenarios)))
        else:
            if scenario is None:
                raise ValueError("--scenario is needed with a line (see `voice-coach scenarios list`)")
            assert line is not None
            rows.append(("1", _row_context({"scenario": scenario, "utterance": line, "partner_last": partner},
                                           "line", svc.scenarios)))
    except ValueError as exc:
        err.print(f"[red]{exc}[/]")
        raise typer.Exit(2) from exc
    evaluator = svc.evaluator

    async def run() -> None:
        for row_id, context in rows:
            feedback = await evaluator.evaluate(context)
            if json_out:
                sys.stdout.write(json.dumps(as_json(row_id, feedback)) + "\n")
                sys.stdout.flush()
            else:
                if len(rows) > 1:
                    console.rule(row_id)
                _show(feedback)

    asyncio.run(run())
