"""The evaluation harness: scoring, a small labelled file, bad lines, grouped cross-validation, the report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from voice_coach.feedback.bank import bank_paths, load_examples
from voice_coach.feedback.harness import (
    cross_validate,
    cv_report_markdown,
    evaluate_file,
    score,
)
from voice_coach.feedback.cues import quick_ratings
from voice_coach.skills import ALL_SKILLS

NONE = {"describe": "none", "express": "none", "assert": "none", "reinforce": "none", "negotiate": "none",
        "mindful": "yes", "confident": "yes"}
SMALL = [
    ("I'm asking you to pay back the 2,400 dollars, 200 a month from July.", {**NONE, "assert": "strong"}),
    ("sorry sorry, never mind, forget i said anything", {**NONE, "mindful": "no", "confident": "no"}),
    ("I feel hurt and worried that none of it has come back.", {**NONE, "express": "strong"}),
    ("How about 150 a month for three months and then 250?", {**NONE, "negotiate": "strong"}),
    ("you're such a selfish jerk, you never pay anyone back",
     {**NONE, "describe": "weak", "mindful": "no", "confident": "no"}),
]


def _write(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _small_file(tmp_path: Path) -> Path:
    rows = [{"id": f"t{i}", "category": "family", "situation": "My brother owes me 2,400 dollars since January.",
             "partner_last": "" if i == 0 else "Why now?", "utterance": line, "labels": labels}
            for i, (line, labels) in enumerate(SMALL)]
    return _write(tmp_path / "small.jsonl", rows)


def test_score_perfect_and_known_values() -> None:
    gold = [labels for _, labels in SMALL]
    perfect = score(gold, gold)
    assert perfect["macro_f1"] == 1.0 and perfect["accuracy"] == 1.0
    flipped = [dict(g, mindful="yes") for g in gold]  # two "no" lines now wrong: F1(no)=0, F1(yes)=0.75
    result = score(gold, flipped)
    assert result["per_skill"]["mindful"] == pytest.approx(0.375)
    assert result["accuracy"] == pytest.approx(1 - 2 / 35, abs=1e-4)


@pytest.mark.parametrize("evaluator", ["offline", "lexical"])
def test_evaluate_file_on_a_small_file(tmp_path: Path, evaluator: str) -> None:
    result = evaluate_file(_small_file(tmp_path), evaluator=evaluator)
    assert result["n"] == len(SMALL) and result["evaluator"] == evaluator
    assert set(result["per_skill"]) == {s.value for s in ALL_SKILLS}
    # Fails if the file's gold labels are paired with the wrong predictions or mis-aggregated: the
    # scores must be exactly those of the evaluator's own ratings of these lines.
    expected = score([labels for _, labels in SMALL], [_rate(evaluator, tmp_path, i) for i in range(len(SMALL))])
    assert result["macro_f1"] == expected["macro_f1"] and result["accuracy"] == expected["accuracy"]
    assert result["per_skill"] == expected["per_skill"]
    assert result["latency_ms_p50"] > 0
    if evaluator == "offline":
        # Fails if the CPU time of the rating thread is not measured: rating a line runs MiniLM on this thread.
        assert 0 < result["cpu_ms_p50"] <= result["latency_ms_p95"]
        assert result["accuracy"] >= 0.7  # clear lines: most of the 35 labels right


def _rate(evaluator: str, tmp_path: Path, i: int) -> dict[str, str]:
    """The labels `evaluator` gives line i of the small file, asked directly."""
    from voice_coach.config import Settings
    from voice_coach.feedback.cues import quick_ratings
    from voice_coach.feedback.harness import _context
    from voice_coach.feedback.offline import offline_evaluator

    example = load_examples(_small_file(tmp_path))[i]
    if evaluator == "lexical":
        return quick_ratings(example.utterance).labels
    return offline_evaluator(Settings()).rate(_context(example))


def test_bad_line_names_its_number(tmp_path: Path) -> None:
    path = _small_file(tmp_path)
    lines = path.read_text().splitlines()
    broken = json.loads(lines[1])
    broken["labels"]["assert"] = "maybe"
    path.write_text("\n".join([lines[0], json.dumps(broken), *lines[2:]]) + "\n")
    with pytest.raises(ValueError, match=r"small\.jsonl, line 2: .*assert"):
        evaluate_file(path)
    path.write_text(lines[0] + "\n{not json\n")
    with pytest.raises(ValueError, match=r"line 2: not valid JSON"):
        evaluate_file(path)


def test_llm_evaluator_needs_an_endpoint(tmp_path: Path) -> None:
    from voice_coach.config import Settings

    with pytest.raises(ValueError, match="no LLM endpoint"):
        evaluate_file(_small_file(tmp_path), evaluator="llm",
                      settings=Settings(openai_base_url=None, openai_api_key=None))


def test_grouped_cross_validation_and_report(tmp_path: Path) -> None:
    examples = [e for p in bank_paths() for e in load_examples(p)]
    keep = sorted({e.group for e in examples})[:6]
    rows = []
    for e in examples:
        if e.group in keep:
            row = e.model_dump(mode="json")
            row["labels"] = row["labels"]["labels"]
            rows.append(row)
    result = cross_validate(k=3, paths=[_write(tmp_path / "bank.jsonl", rows)])
    assert result["n"] == len(rows) and result["situations"] == 6 and result["grouping"] == "situation"
    assert set(result["methods"]) == {"majority", "lexical", "knn", "classifier", "rater"}
    for scored in result["methods"].values():
        # Fails if a method's macro-F1 is not the mean of its per-skill F1 (the IMBUE definition).
        assert scored["n"] == len(rows)
        assert scored["macro_f1"] == pytest.approx(sum(scored["per_skill"].values()) / 7, abs=1e-4)
    # The lexical baseline needs no training, so it can be scored by hand: fails if predictions are misaligned.
    assert result["methods"]["lexical"] == {**score([r["labels"] for r in rows],
                                                    [quick_ratings(r["utterance"]).labels for r in rows]),
                                            "n": len(rows)}
    assert result["methods"]["classifier"]["macro_f1"] > result["methods"]["majority"]["macro_f1"]
    table = cv_report_markdown(result)
    assert "| offline classifier |" in table and "| offline rater (classifier + clause rules) |" in table
    assert "| method | macro-F1 |" in table
    with pytest.raises(ValueError, match="situations"):
        cross_validate(k=10, paths=[tmp_path / "bank.jsonl"])
