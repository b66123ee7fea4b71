"""`voice-coach eval`: measure the evaluator and the safety check on labelled data."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Callable, Optional

import typer
from rich.table import Table

from voice_coach.cli.common import console, err, write
from voice_coach.config import Settings

eval_app = typer.Typer(help="Measure the evaluator and the safety check on labelled data.", no_args_is_help=True)


def _measure(run: Callable[[], dict[str, Any]], as_json: bool) -> dict[str, Any] | None:
    """Run one measurement: a malformed file is a clear error (exit 2); with --json print the result and return None."""
    try:
        result = run()
    except ValueError as exc:
        err.print(f"[red]{exc}[/]")
        raise typer.Exit(2) from exc
    if as_json:
        sys.stdout.write(json.dumps(result) + "\n")
        return None
    return result


@eval_app.command("feedback")
def eval_feedback(data: Path = typer.Option(..., "--data", exists=True, dir_okay=False),
                  evaluator: str = typer.Option("offline", help="offline, llm or lexical"),
                  as_json: bool = typer.Option(False, "--json")) -> None:
    """IMBUE's metrics (macro-F1 strong-vs-not-strong per skill) of an evaluator on a labelled JSONL file."""
    from voice_coach.feedback.harness import evaluate_file

    result = _measure(lambda: evaluate_file(data, evaluator, Settings()), as_json)
    if result is None:
        return
    table = Table("skill", "F1")
    for skill, f1 in result["per_skill"].items():
        table.add_row(skill, f"{f1:.3f}")
    console.print(table)
    console.print(f"macro-F1 {result['macro_f1']:.3f}  accuracy {result['accuracy']:.3f}  "
                  f"p50 {result['latency_ms_p50']:.1f} ms  n {result['n']}")
    console.print(f"quality gate: {_gate_line(result.get('gate', {}))}")


def _gate_line(counts: dict[str, int]) -> str:
    """The gate's verdicts in one line."""
    checked = counts.get("rewrite_checked", 0)
    parts = [f"rewrites {checked}: passed first {counts.get('rewrite_passed_first', 0)}, "
             f"repaired {counts.get('rewrite_repaired', 0)}, failed {counts.get('rewrite_failed', 0)}",
             f"suggestions {counts.get('suggestion_checked', 0)}: failed {counts.get('suggestion_failed', 0)}"]
    if counts.get("llm_disagreement"):
        parts.append(f"LLM labels overruled {counts['llm_disagreement']}")
    return "; ".join(parts)


@eval_app.command("rewrites")
def eval_rewrites(data: Path = typer.Option(Path("tests/data/rewrite_set.jsonl"), "--data", exists=True,
                                            dir_okay=False),
                  as_json: bool = typer.Option(False, "--json"),
                  show: bool = typer.Option(False, "--show", help="Print every row's rewrite and suggestion.")) -> None:
    """Pass rate and harmful count of rewrites and suggestions on a rewrite test set (offline evaluator)."""
    from voice_coach.feedback.rewrite_eval import evaluate_rewrites

    result = _measure(lambda: evaluate_rewrites(data), as_json)
    if result is None:
        return
    for row in result["rows"] if show else result["failures"]:
        mark = "ok" if row["passed"] else ("HARMFUL" if row["harmful"] else "fail")
        console.print(f"[bold]{row['id']}[/] {mark} {'; '.join(row['failures'])}\n  rewrite: {row['rewrite']}\n"
                      f"  suggestion: {row['suggestion']}")
    console.print(f"pass rate {result['pass_rate']:.3f} ({result['passed']}/{result['n']})  harmful {result['harmful']}  "
                  f"p50 {result['latency_ms_p50']:.1f} ms")
    console.print(f"quality gate: {_gate_line(result['gate'])}")


@eval_app.command("tone")
def eval_tone(data: Path = typer.Option(Path("tests/data/tone_heldout.jsonl"), "--data", exists=True, dir_okay=False),
              banks: bool = typer.Option(False, "--banks", help="what the model would cut on the exemplar banks"),
              as_json: bool = typer.Option(False, "--json")) -> None:
    """How many hostile clauses the clause analysis catches (model, rules, both) and how many fair ones it cuts."""
    from voice_coach.feedback.tone_eval import bank_exposure, evaluate_tone

    result = _measure(lambda: bank_exposure() if banks else evaluate_tone(data), as_json)
    if result is None:
        return
    if banks:
        for label, share in result["share_with_a_cut"].items():
            console.print(f"mindful {label}: {share:.3f} of {result['lines'][label]} lines have a clause at p >= "
                          f"{result['bar']}")
        return
    table = Table("reader", "hostile caught", "fair cut")
    for name in ("rules", "model", "analysis"):
        table.add_row(name, f"{result[name]['hostile_recall']:.3f}", f"{result[name]['fair_flag_rate']:.3f}")
    console.print(table)
    console.print(f"n {result['n']} ({result['hostile']} hostile, {result['fair']} fair)  threshold {result['threshold']}")


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
        write(cv_report_markdown(result), output)


@eval_app.command("safety")
def eval_safety(data: Optional[Path] = typer.Option(None, "--data", exists=True, dir_okay=False),
                as_json: bool = typer.Option(False, "--json"),
                rules_only: bool = typer.Option(False, "--rules-only", help="the rule stage alone"),
                banks: bool = typer.Option(False, "--banks", help="the exemplar banks, all ordinary safe lines")) -> None:
    """Recall and false alarms of the crisis check (any tier, pause tier, per category) on a labelled JSONL file."""
    from voice_coach.safety.checker import SafetyChecker
    from voice_coach.safety.evaluate import bank_examples, evaluate_examples, evaluate_safety

    if (data is None) == (not banks):
        err.print("[red]Give either --data FILE or --banks.[/]")
        raise typer.Exit(2)

    def run() -> dict[str, Any]:
        checker = SafetyChecker(learned=not rules_only)
        checker.warm()
        return evaluate_safety(data, checker) if data is not None else evaluate_examples(bank_examples(), checker)

    result = _measure(run, as_json)
    if result is not None:
        pause_recall = result["pause_recall"]
        console.print(f"recall {result['recall']:.3f}  false-positive rate {result['false_positive_rate']:.3f}  "
                      f"n {result['n']}")
        console.print(f"pause recall {'-' if pause_recall is None else f'{pause_recall:.3f}'}  "
                      f"pause false-positive rate {result['pause_false_positive_rate']:.3f}  "
                      f"check-in rate on safe lines {result['check_in_rate']:.3f}  "
                      f"p50 {result['latency_ms_p50']:.1f} ms")
        for category, recall in result["per_category_recall"].items():
            console.print(f"  {category}: recall {recall:.3f}")


@eval_app.command("judgement-sample")
def eval_judgement_sample(output: Path = typer.Option(Path("docs/judgement"), "--output", "-o", file_okay=False),
                          n: int = typer.Option(40, "--n", min=1), seed: int = typer.Option(0, "--seed")) -> None:
    """Write a random sample of (line, suggestion, rewrite) triples and the rubric for a blind judge."""
    from voice_coach.feedback.judge_sample import write_sample

    sample, rubric, mix = write_sample(output, n, seed)
    console.print(f"Wrote {sample} and {rubric}; line kinds: {mix}")


@eval_app.command("judgement-score")
def eval_judgement_score(verdicts: Path = typer.Option(..., "--verdicts", exists=True, dir_okay=False),
                         as_json: bool = typer.Option(False, "--json")) -> None:
    """Count a blind judge's verdicts (good / acceptable / poor / harmful)."""
    from voice_coach.feedback.judge_sample import score

    try:
        result = score(verdicts)
    except (ValueError, KeyError) as exc:
        err.print(f"[red]{exc}[/]")
        raise typer.Exit(2) from exc
    if as_json:
        sys.stdout.write(json.dumps(result) + "\n")
    else:
        console.print(result)
