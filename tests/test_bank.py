"""Validity of the exemplar bank: every prompts/exemplars/*.jsonl file, line by line and as a whole."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Literal

import pytest
from pydantic import BaseModel, ConfigDict, ValidationError

from voice_coach.assets import asset_dir
from voice_coach.skills import ALL_SKILLS, Ratings

CATEGORIES = ("work", "family", "friends", "romantic", "roommate", "health care", "service")
MIN_LINES = 300
MIN_SITUATIONS = 30
MIN_SHARE = 0.15  # every label value of every skill, so a classifier sees enough of each
NEEDS_REWRITE = {"weak", "none", "no"}


class BankLine(BaseModel):
    """One exemplar line; `extra="forbid"` makes unknown keys an error."""

    model_config = ConfigDict(extra="forbid", strict=True)

    id: str
    situation_id: str
    category: Literal["work", "family", "friends", "romantic", "roommate", "health care", "service"]
    situation: str
    partner_last: str
    utterance: str
    labels: dict[str, str]
    rewrites: dict[str, str]


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def _bank_files() -> list[Path]:
    return sorted((asset_dir("prompts") / "exemplars").glob("*.jsonl"))


def _raw_lines() -> list[tuple[str, str]]:
    """(where, text) for every non-empty line of every bank file."""
    out = []
    for path in _bank_files():
        for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if text.strip():
                out.append((f"{path.name}:{number}", text))
    return out


@pytest.fixture(scope="module")
def bank() -> list[tuple[str, BankLine]]:
    """All lines that parse and fit the schema (schema errors are reported by their own test)."""
    rows = []
    for where, text in _raw_lines():
        try:
            rows.append((where, BankLine.model_validate(json.loads(text))))
        except (json.JSONDecodeError, ValidationError):
            continue
    return rows


def _report(problems: list[str]) -> str:
    shown = "\n".join(problems[:25])
    more = f"\n... and {len(problems) - 25} more" if len(problems) > 25 else ""
    return f"{len(problems)} problem(s):\n{shown}{more}"


def test_bank_files_exist() -> None:
    files = _bank_files()
    assert files, "no prompts/exemplars/*.jsonl file found"
    assert all(path.stat().st_size > 0 for path in files)


def test_every_line_is_json_with_exact_schema() -> None:
    problems = []
    for where, text in _raw_lines():
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            problems.append(f"{where}: not JSON ({exc})")
            continue
        try:
            line = BankLine.model_validate(data)
        except ValidationError as exc:
            problems.append(f"{where}: {exc.errors()[0]['loc']} {exc.errors()[0]['msg']}")
            continue
        try:
            Ratings(labels=line.labels)
        except ValidationError as exc:
            problems.append(f"{where}: labels: {exc.errors()[0]['msg']}")
        for field in ("id", "situation_id", "situation", "utterance"):
            if not getattr(line, field).strip():
                problems.append(f"{where}: empty {field}")
    assert not problems, _report(problems)


def test_ids_are_unique(bank: list[tuple[str, BankLine]]) -> None:
    seen: dict[str, str] = {}
    problems = []
    for where, line in bank:
        if line.id in seen:
            problems.append(f"{where}: id {line.id!r} already used at {seen[line.id]}")
        seen.setdefault(line.id, where)
    assert not problems, _report(problems)


def test_no_duplicate_utterances_across_files(bank: list[tuple[str, BankLine]]) -> None:
    seen: dict[str, str] = {}
    problems = []
    for where, line in bank:
        key = _normalise(line.utterance)
        if key in seen:
            problems.append(f"{where}: utterance repeats {seen[key]}: {line.utterance[:60]!r}")
        seen.setdefault(key, where)
    assert not problems, _report(problems)


def test_rewrites_exactly_for_weak_none_no_labels(bank: list[tuple[str, BankLine]]) -> None:
    skills = {skill.value for skill in ALL_SKILLS}
    problems = []
    for where, line in bank:
        unknown = set(line.rewrites) - skills
        if unknown:
            problems.append(f"{where}: rewrites for unknown skills {sorted(unknown)}")
        for skill, label in line.labels.items():
            rewrite = line.rewrites.get(skill)
            if label in NEEDS_REWRITE:
                if rewrite is None or not rewrite.strip():
                    problems.append(f"{where}: {skill} is {label} but has no rewrite")
                elif _normalise(rewrite) == _normalise(line.utterance):
                    problems.append(f"{where}: {skill} rewrite is the utterance itself")
            elif rewrite is not None:
                problems.append(f"{where}: {skill} is {label} yet has a rewrite")
    assert not problems, _report(problems)


def test_each_situation_has_one_text_and_one_category(bank: list[tuple[str, BankLine]]) -> None:
    texts: dict[str, set[str]] = defaultdict(set)
    categories: dict[str, set[str]] = defaultdict(set)
    for _, line in bank:
        texts[line.situation_id].add(line.situation)
        categories[line.situation_id].add(line.category)
    problems = [f"{sid}: {len(t)} different situation texts" for sid, t in texts.items() if len(t) > 1]
    problems += [f"{sid}: categories {sorted(c)}" for sid, c in categories.items() if len(c) > 1]
    assert not problems, _report(problems)


def test_aggregate_bank_size_and_coverage(bank: list[tuple[str, BankLine]]) -> None:
    """AGGREGATE over all bank files: passes only once every category's file is present."""
    lines = len(bank)
    situations = len({line.situation_id for _, line in bank})
    categories = Counter(line.category for _, line in bank)
    missing = [c for c in CATEGORIES if c not in categories]
    summary = (
        f"AGGREGATE bank check over {[p.name for p in _bank_files()]}: "
        f"{lines} lines (need >= {MIN_LINES}), {situations} situations (need >= {MIN_SITUATIONS}), "
        f"{len(categories)} categories (need {len(CATEGORIES)}): {dict(categories)}; missing {missing}"
    )
    assert lines >= MIN_LINES and situations >= MIN_SITUATIONS and not missing, summary


def test_every_label_value_is_common_enough(bank: list[tuple[str, BankLine]]) -> None:
    assert bank, "empty bank"
    problems = []
    for skill in ALL_SKILLS:
        counts = Counter(line.labels.get(skill.value) for _, line in bank)
        for label in skill.scale:
            share = counts[label] / len(bank)
            if share < MIN_SHARE:
                problems.append(
                    f"{skill.value}={label}: {counts[label]}/{len(bank)} = {share:.1%} (< {MIN_SHARE:.0%})"
                )
    assert not problems, _report(problems)
