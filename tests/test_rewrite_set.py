"""The whole rewrite test set through the real offline evaluator (MiniLM + classifier + gate): pass rate and harm."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

os.environ.setdefault("VOICE_COACH_CACHE_DIR", str(Path(tempfile.gettempdir()) / "voice-coach-test-cache"))

from voice_coach.feedback.rewrite_eval import check_row, evaluate_rewrites, load_rows

SET = Path(__file__).parent / "data" / "rewrite_set.jsonl"
PASS_TARGET = 0.95  # the requirement: at least 95% of rows meet every expectation


def test_rewrite_set_meets_the_pass_target_with_no_harmful_rewrite() -> None:
    result = evaluate_rewrites(SET)
    assert result["n"] == 100
    summary = "\n".join(f"{r['id']}: {r['failures']} | {r['rewrite']}" for r in result["failures"])
    assert result["harmful"] == 0, summary
    assert result["pass_rate"] >= PASS_TARGET, summary
    # Every row went through the gate and the counts say so.
    assert result["gate"]["rewrite_checked"] == 100 and result["gate"]["suggestion_checked"] == 100


def test_row_check_catches_a_kept_insult_a_lost_fact_and_a_missing_ask() -> None:
    row = next(r for r in load_rows(SET) if r["id"] == "rw2")
    bad = check_row(row, "Move your car off my driveway, you entitled idiot.", "Try again.")
    assert not bad["passed"] and bad["harmful"]
    assert "kept: entitled idiot" in bad["failures"] and "lost: twice" in bad["failures"]
    no_ask = check_row(row, "I've been late for work twice this week because of your car on my driveway.", "Try.")
    assert "no request" in no_ask["failures"]
    good = check_row(row, "I've been late for work twice this week because of your car. Please stop parking across "
                          "my driveway.", 'Leave out "you entitled idiot": try "Please stop parking across my driveway."')
    assert good["passed"] and not good["harmful"]
