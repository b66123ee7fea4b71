"""`voice-coach eval feedback` and `eval safety` on small files, through the real CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

LINES = [
    {"id": "x1", "category": "work", "situation": "My manager keeps adding weekend shifts.",
     "partner_last": "We all have to pitch in.",
     "utterance": "I've worked the last three weekends. I'm asking to have this Saturday off.",
     "labels": {"describe": "strong", "express": "none", "assert": "strong", "reinforce": "none",
                "negotiate": "none", "mindful": "yes", "confident": "yes"}},
    {"id": "x2", "category": "work", "situation": "My manager keeps adding weekend shifts.",
     "partner_last": "We all have to pitch in.", "utterance": "um sorry, i guess it's fine, whatever you think",
     "labels": {"describe": "none", "express": "none", "assert": "none", "reinforce": "none",
                "negotiate": "none", "mindful": "no", "confident": "no"}},
]


def _cli(*args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("OPENAI_API_KEY", "OPENAI_BASE_URL")}
    env["VOICE_COACH_DATA_DIR"] = str(tmp_path)
    return subprocess.run([sys.executable, "-m", "voice_coach.cli.app", *args], capture_output=True, text=True,
                          timeout=300, env=env)


def test_eval_feedback_json_on_any_file_in_the_shape(tmp_path: Path) -> None:
    data = tmp_path / "small.jsonl"
    data.write_text("\n".join(json.dumps(line) for line in LINES) + "\n")
    proc = _cli("eval", "feedback", "--data", str(data), "--json", tmp_path=tmp_path)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["n"] == 2
    assert set(result["per_skill"]) == {"describe", "express", "assert", "reinforce", "negotiate", "mindful",
                                        "confident"}
    # Fails if the CLI's macro-F1 is not the mean of its per-skill F1 or the labels were mis-read:
    # both lines are clear cases, so most of their 14 labels must come out right.
    assert result["macro_f1"] == round(sum(result["per_skill"].values()) / 7, 4)
    assert result["accuracy"] >= 0.7
    assert result["latency_ms_p50"] > 0
    # The unskilled line must not be called strong anywhere.
    assert result["per_skill"]["confident"] > 0.5


def test_eval_feedback_bad_file_names_the_line(tmp_path: Path) -> None:
    data = tmp_path / "bad.jsonl"
    data.write_text(json.dumps(LINES[0]) + "\n{not json\n")
    proc = _cli("eval", "feedback", "--data", str(data), "--json", tmp_path=tmp_path)
    assert proc.returncode == 2 and "bad.jsonl, line 2" in " ".join(proc.stderr.split())


def test_eval_safety_json(tmp_path: Path) -> None:
    data = tmp_path / "safety.jsonl"
    rows = [{"id": "s1", "utterance": "i don't want to be alive anymore", "crisis": True},
            {"id": "s2", "utterance": "this job is killing me, i need fridays off", "crisis": False},
            {"id": "s3", "utterance": "he hits me when he's drunk", "crisis": True},
            {"id": "s4", "utterance": "i could murder a pizza right now", "crisis": False}]
    data.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    proc = _cli("eval", "safety", "--data", str(data), "--json", tmp_path=tmp_path)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["n"] == 4 and result["recall"] == 1.0 and result["false_positive_rate"] == 0.0
