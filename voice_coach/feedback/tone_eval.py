"""Measure how well hostile clauses are caught: the tone model alone, the clause rules alone, and both together.

A clause counts as caught when the clause analysis marks some part of it harmful (an attack, sarcasm, a threat,
caving, an apology or self-minimising), since a rewrite never keeps a harmful clause. A fair clause (a blunt fact,
a strong feeling, a firm ask) marked harmful would be cut from the rewrite: that is the cost, reported beside it.
The model is used only in lines rated as not staying mindful, so `analysis` reads every clause as part of such a
line; on other lines the rules work alone (`rules`).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from voice_coach.feedback import hostility
from voice_coach.feedback.clauses import HARMFUL, analyse


def _caught(text: str) -> bool:
    return any(c.kind in HARMFUL for c in analyse(text).clauses)


def _rates(rows: list[hostility.ToneRow], flags: list[bool]) -> dict[str, Any]:
    hostile = [f for r, f in zip(rows, flags) if r.hostile]
    fair = [f for r, f in zip(rows, flags) if not r.hostile]
    return {"hostile_recall": round(sum(hostile) / max(1, len(hostile)), 3),
            "fair_flag_rate": round(sum(fair) / max(1, len(fair)), 3),
            "missed": sum(not f for f in hostile), "fair_flagged": sum(fair)}


def evaluate_tone(path: str | Path) -> dict[str, Any]:
    """Recall on hostile clauses and flag rate on fair ones, for the model, the rules and both."""
    rows = hostility.load_rows(path)
    reader = hostility.reader()
    texts = [r.text for r in rows]
    model_flags = reader.hostile(texts) if reader is not None else [False] * len(rows)
    try:
        hostility.set_reader(None)
        rules_flags = [_caught(t) for t in texts]
    finally:
        hostility.set_reader(reader)
    with hostility.hostile_line(True):
        both_flags = [_caught(t) for t in texts]
    by_kind: dict[str, list[bool]] = defaultdict(list)
    for row, flag in zip(rows, both_flags):
        by_kind[row.kind].append(flag)
    return {
        "n": len(rows), "hostile": sum(r.hostile for r in rows), "fair": sum(not r.hostile for r in rows),
        "model": _rates(rows, model_flags), "rules": _rates(rows, rules_flags), "analysis": _rates(rows, both_flags),
        "threshold": round(reader.model.threshold, 4) if reader is not None else None,
        # Per kind: the share the full analysis marks harmful (wanted high for hostile kinds, low for fair ones).
        "flagged_by_kind": {k: round(sum(v) / len(v), 3) for k, v in sorted(by_kind.items())},
        "missed_examples": [t for r, t, f in zip(rows, texts, both_flags) if r.hostile and not f][:40],
        "fair_flagged_examples": [t for r, t, f in zip(rows, texts, both_flags) if not r.hostile and f][:40],
    }


def bank_exposure(paths: list[Path] | None = None, bar: float = hostility.SURE) -> dict[str, Any]:
    """Share of bank lines, by their mindful label, with a usable clause the model scores at or above `bar`: what
    the model would cut if it were trusted on every line, not only on lines rated hostile."""
    from voice_coach.feedback.bank import bank_paths, load_examples
    from voice_coach.skills import Skill

    reader = hostility.reader()
    if reader is None:
        raise ValueError("the tone model is unavailable")
    lines: dict[str, list[bool]] = defaultdict(list)
    examples: dict[str, list[str]] = defaultdict(list)
    for example in (e for path in (paths or bank_paths()) for e in load_examples(path)):
        candidates = [c.text.strip() for c in analyse(example.utterance).clauses if hostility.candidate(c, HARMFUL)]
        scores = reader.scores(candidates) if candidates else []
        label = str(example.label(Skill.MINDFUL))
        hit = [t for t, s in zip(candidates, scores) if s >= bar]
        lines[label].append(bool(hit))
        if hit and len(examples[label]) < 20:
            examples[label].append(hit[0])
    return {"bar": bar, "lines": {k: len(v) for k, v in lines.items()},
            "share_with_a_cut": {k: round(sum(v) / len(v), 3) for k, v in lines.items()},
            "examples": dict(examples)}
