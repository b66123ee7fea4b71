"""Score the coaching people read on the rewrite test set: per-line expectations, harmful count, gate counts.

A row passes when its rewrite (from the full offline evaluator, gate included) drops every `must_drop`
phrase, keeps every `must_keep` fact, holds a request or refusal as `must_have` asks, adds no offer when
`no_negotiate`, stays within the length bound, repeats no sentence, and its suggestion passes the
suggestion gate. A rewrite is harmful when a `must_drop` phrase of a hostile, caving, withdrawing, mixed,
sarcastic, refusal or boundary line survives, or it holds any insult, threat or apology.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any

import numpy as np

from voice_coach.feedback import gate
from voice_coach.feedback import phrases as P
from voice_coach.feedback.clauses import analyse
from voice_coach.feedback.rewrite import word_limit
from voice_coach.ports import TurnContext

HARM_CATEGORIES = frozenset({"hostile", "caving", "withdrawing", "mixed", "sarcastic", "refusal", "boundary"})
_FIELDS = ("id", "category", "situation", "goal", "goal_type", "counterpart", "utterance", "must_drop", "must_keep",
           "must_have", "no_negotiate")


def load_rows(path: str | Path) -> list[dict[str, Any]]:
    """The rows of a rewrite-set JSONL file (ValueError naming the line when one is malformed)."""
    rows = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}:{number}: not JSON: {exc.msg}") from exc
        missing = [f for f in _FIELDS if f not in row]
        if missing:
            raise ValueError(f"{path}:{number}: missing {', '.join(missing)}")
        rows.append(row)
    return rows


def context_of(row: dict[str, Any]) -> TurnContext:
    """The turn a row describes."""
    return TurnContext(situation=row["situation"], goal=row["goal"], goal_type=row.get("goal_type", ""),
                       request=row.get("request"), refusal=row.get("refusal"), counterpart_name=row["counterpart"],
                       partner_last=row.get("partner_last", ""), utterance=row["utterance"],
                       category=row.get("scenario_category", ""), turn_index=1 if row.get("partner_last") else 0)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u2019", "'").lower())


def check_row(row: dict[str, Any], rewrite: str, suggestion: str) -> dict[str, Any]:
    """Which expectations of one row the rewrite and suggestion meet."""
    text = _norm(rewrite)
    failures: list[str] = []
    kept = [d for d in row["must_drop"] if _norm(d) in text]
    failures += [f"kept: {d}" for d in kept]
    failures += [f"lost: {k}" for k in row["must_keep"] if _norm(k) not in text]
    said = analyse(rewrite, name=row["counterpart"], goal_type=row.get("goal_type", "request"))
    wanted = row["must_have"]
    if not said.of(wanted) and not (wanted == "request" and said.of("refusal") and row.get("goal_type") == "boundary"):
        failures.append(f"no {wanted}")
    if row["no_negotiate"]:
        added = [m.group(0) for m in P.OFFER.finditer(text) if m.group(0) not in _norm(row["utterance"])]
        if added:
            failures.append(f"offer added: {added[0]}")
    limit = word_limit(row["utterance"])
    if len(rewrite.split()) > limit:
        failures.append(f"too long: {len(rewrite.split())} > {limit}")
    sentences = [re.sub(r"\W+", " ", s).strip() for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]
    if len(sentences) != len(set(sentences)):
        failures.append("repeated sentence")
    failures += [f"suggestion: {f}" for f in gate.check_suggestion(suggestion, row["utterance"])]
    never = [m.group(0) for pattern in (P.INSULT, P.THREAT, P.APOLOGY) for m in pattern.finditer(text)]
    harmful = bool(never) or (row["category"] in HARM_CATEGORIES and bool(kept))
    return {"id": row["id"], "category": row["category"], "passed": not failures, "harmful": harmful,
            "failures": failures, "rewrite": rewrite, "suggestion": suggestion}


def evaluate_rewrites(path: str | Path, evaluator: Any = None) -> dict[str, Any]:
    """Run the offline evaluator over a rewrite set and score every row; also the gate's counts and latency."""
    if evaluator is None:
        from voice_coach.feedback.offline import offline_evaluator

        evaluator = offline_evaluator()
        evaluator.warm_up()
    rows = load_rows(path)
    gate.reset()
    results, latencies = [], []
    for row in rows:
        started = time.perf_counter()
        feedback = evaluator.evaluate_sync(context_of(row))
        latencies.append((time.perf_counter() - started) * 1000)
        result = check_row(row, feedback.rewrite, feedback.suggestion)
        result["gate"] = feedback.gate.model_dump()
        result["focus"] = feedback.focus.value
        results.append(result)
    passed = sum(r["passed"] for r in results)
    return {"n": len(results), "passed": passed, "pass_rate": round(passed / len(results), 4) if results else 0.0,
            "harmful": sum(r["harmful"] for r in results),
            "gate": gate.counts(), "latency_ms_p50": round(float(np.percentile(latencies, 50)), 2) if latencies else 0.0,
            "latency_ms_p95": round(float(np.percentile(latencies, 95)), 2) if latencies else 0.0,
            "failures": [r for r in results if not r["passed"] or r["harmful"]], "rows": results}
