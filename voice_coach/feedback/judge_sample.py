"""A random sample of (line, suggestion, rewrite) triples for a blind judge, with the rubric to judge them by.

Lines are drawn from the exemplar bank (real lines said in the bank's situations, every skill level, hostile,
caving and hedging included) with a fixed seed; each is coached by the offline evaluator exactly as a user
would see it. The judge gets only the sample and the rubric, never the code.
"""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from pathlib import Path
from typing import Any

from voice_coach.feedback.bank import bank_paths, load_examples
from voice_coach.ports import TurnContext
from voice_coach.prompts import read
from voice_coach.skills import ALL_SKILLS

VERDICTS = ("good", "acceptable", "poor", "harmful")


def _goal_of(situation: str) -> str:
    for sentence in re.split(r"(?<=[.!?])\s+", situation):
        match = re.search(r"\bI (?:want|need|'d like)\b.*$", sentence.strip())
        if match:
            return match.group(0)
    return ""


_ROLE = (r"\b(?:[Mm]y|[Oo]ur) (?:\w+ )?(?:partner|roommate|flatmate|boss|manager|friend|brother|sister|mum|mom|dad|"
         r"husband|wife|boyfriend|girlfriend|colleague|coworker|co-worker|neighbou?r|landlord|son|daughter|aunt|"
         r"uncle|cousin|ex|team lead) ([A-Z][a-z]+)\b")


def _name_of(situation: str) -> str:
    match = re.search(_ROLE, situation)
    return match.group(1) if match else ""


def _kind(labels: dict[str, str]) -> str:
    if labels["mindful"] == "no":
        return "off goal or hostile"
    if labels["confident"] == "no":
        return "caving or hedging"
    strong = sum(labels[s.value] == "strong" for s in ALL_SKILLS[:5])
    return "skilled" if strong >= 2 else "partly skilled"


def draw(n: int = 40, seed: int = 0, evaluator: Any = None) -> list[dict[str, Any]]:
    """`n` bank lines drawn at random (fixed seed), each with the suggestion and rewrite a user would see."""
    if evaluator is None:
        from voice_coach.feedback.offline import offline_evaluator

        evaluator = offline_evaluator()
        evaluator.warm_up()
    # The sampled lines are bank lines: their own hand-written rewrites would be shown, not the engine's.
    evaluator.use_bank_rewrites = False
    examples = [e for path in bank_paths() for e in load_examples(path)]
    picked = random.Random(seed).sample(examples, n)
    out = []
    for number, example in enumerate(picked, 1):
        context = TurnContext(category=example.category, situation=example.situation, goal=_goal_of(example.situation),
                              counterpart_name=_name_of(example.situation), partner_last=example.partner_last, utterance=example.utterance,
                              turn_index=1 if example.partner_last else 0)
        feedback = evaluator.evaluate_sync(context)
        out.append({"n": number, "situation": example.situation, "partner_last": example.partner_last,
                    "line": example.utterance, "suggestion": feedback.suggestion, "rewrite": feedback.rewrite,
                    "_kind": _kind(example.labels.labels), "_source": example.id})
    return out


def write_sample(folder: Path, n: int = 40, seed: int = 0) -> tuple[Path, Path, dict[str, int]]:
    """Write the blind sample (no labels, no ids) and the rubric; return their paths and the mix of line kinds."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = draw(n, seed)
    sample = folder / f"sample-seed{seed}.jsonl"
    with sample.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps({k: v for k, v in row.items() if not k.startswith("_")}) + "\n")
    key = folder / f"key-seed{seed}.jsonl"
    with key.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps({"n": row["n"], "kind": row["_kind"], "source": row["_source"]}) + "\n")
    rubric = folder / "rubric.md"
    rubric.write_text(read("judge_rubric.md"), encoding="utf-8")
    return sample, rubric, dict(Counter(r["_kind"] for r in rows))


def score(verdicts_path: Path) -> dict[str, Any]:
    """Counts of a judge's verdicts file (JSONL rows with n and verdict)."""
    counts: Counter[str] = Counter()
    for line in verdicts_path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            verdict = json.loads(line)["verdict"].strip().lower()
            if verdict not in VERDICTS:
                raise ValueError(f"{verdicts_path}: unknown verdict {verdict!r}")
            counts[verdict] += 1
    total = sum(counts.values())
    ok = counts["good"] + counts["acceptable"]
    return {"n": total, **{v: counts[v] for v in VERDICTS}, "good_or_acceptable": round(ok / total, 3) if total else 0}
