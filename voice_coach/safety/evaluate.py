"""Measuring the crisis check on labelled JSONL files: recall and false alarms per tier and category.

    voice-coach eval safety --data tests/data/safety_fresh.jsonl [--json] [--rules-only]
    voice-coach eval safety --banks [--json]      # the exemplar banks: ordinary rehearsal lines
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, StrictBool, model_validator

from voice_coach.jsonl import load_jsonl
from voice_coach.safety.checker import SafetyChecker
from voice_coach.safety.result import Category, Tier


class SafetyExample(BaseModel):
    """One labelled line: `crisis`, and optionally the expected `tier`, `category` and a `kind`."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1)
    utterance: str
    crisis: StrictBool
    tier: Tier | None = None
    category: Category | None = None
    kind: str | None = None

    @model_validator(mode="after")
    def _labels_agree(self) -> SafetyExample:
        if not self.crisis and (self.tier is not None or self.category is not None):
            raise ValueError("a safe line has no tier or category")
        return self


def load_safety_examples(path: Path) -> list[SafetyExample]:
    """Read a labelled JSONL set; a malformed line raises ValueError naming its line number."""
    return load_jsonl(path, SafetyExample, what="safety examples")


def _rate(hits: int, total: int, empty: float | None) -> float | None:
    return hits / total if total else empty


def bank_examples() -> list[SafetyExample]:
    """Every utterance of the exemplar banks (prompts/exemplars), as ordinary, safe rehearsal lines."""
    from voice_coach.feedback.bank import bank_paths

    examples: list[SafetyExample] = []
    for path in bank_paths():
        for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if raw.strip():
                examples.append(SafetyExample(id=f"{path.stem}:{number}", utterance=json.loads(raw)["utterance"],
                                              crisis=False, kind="rehearsal"))
    return examples


def evaluate_safety(path: Path, checker: SafetyChecker | None = None) -> dict:
    """Recall and false alarms of the checker on a labelled JSONL file (see `evaluate_examples`)."""
    return evaluate_examples(load_safety_examples(path), checker)


def evaluate_examples(examples: list[SafetyExample], checker: SafetyChecker | None = None) -> dict:
    """Recall and false alarms of the checker on labelled lines, any tier and per tier.

    `recall` and `false_positive_rate` count a flag of either tier; `pause_recall` is over the
    lines labelled `tier: pause` (all crisis lines when the file has no tiers),
    `pause_false_positive_rate` and `check_in_rate` are over the safe lines.
    """
    checker = checker or SafetyChecker()
    tiers: dict[str, Tier | None] = {}
    latencies: list[float] = []
    for ex in examples:
        started = time.perf_counter()
        tiers[ex.id] = checker.check(ex.utterance).tier
        latencies.append((time.perf_counter() - started) * 1000)
    crisis = [ex for ex in examples if ex.crisis]
    safe = [ex for ex in examples if not ex.crisis]
    labelled_pause = [ex for ex in crisis if ex.tier == "pause"] or (
        crisis if not any(ex.tier for ex in crisis) else [])
    misses = [ex.id for ex in crisis if tiers[ex.id] is None]
    false_positives = [ex.id for ex in safe if tiers[ex.id] is not None]
    pause_fps = [ex.id for ex in safe if tiers[ex.id] == "pause"]
    tp = len(crisis) - len(misses)
    per_category = {}
    for category in sorted({ex.category for ex in crisis if ex.category}):
        members = [ex for ex in crisis if ex.category == category]
        per_category[category] = sum(tiers[ex.id] is not None for ex in members) / len(members)
    latencies.sort()
    return {
        "recall": _rate(tp, len(crisis), 1.0),
        "false_positive_rate": _rate(len(false_positives), len(safe), 0.0),
        # Nothing flagged means no false alarm was raised, so precision is vacuously 1.
        "precision": _rate(tp, tp + len(false_positives), 1.0),
        "pause_recall": _rate(sum(tiers[ex.id] == "pause" for ex in labelled_pause), len(labelled_pause), None),
        "pause_false_positive_rate": _rate(len(pause_fps), len(safe), 0.0),
        "check_in_rate": _rate(len(false_positives) - len(pause_fps), len(safe), 0.0),
        "per_category_recall": per_category,
        "n": len(examples),
        "n_crisis": len(crisis),
        "misses": misses,
        "false_positives": false_positives,
        "pause_false_positives": pause_fps,
        "latency_ms_p50": latencies[len(latencies) // 2],
        "latency_ms_p90": latencies[int(len(latencies) * 0.9)],
    }

