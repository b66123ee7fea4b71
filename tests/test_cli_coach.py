"""`voice-coach coach`: the coaching for one line or a JSONL file of lines, through the real CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROWS = [
    {"id": "a", "situation": "My roommate Maya leaves her dishes in the sink overnight.", "goal": "I want Maya to wash "
     "her dishes before she goes to bed.", "goal_type": "request", "counterpart": "Maya", "partner_last": "Relax.",
     "utterance": "Maya, you disgusting slob, wash your stuff or I'll bin it."},
    {"id": "b", "scenario": "decline-bridesmaid", "utterance": "Ugh, okay, fine, I'll be your bridesmaid, sorry."},
    {"id": "c", "situation": "My manager asks me to work weekends.", "goal": "I want to say no to working Saturday.",
     "goal_type": "refusal", "counterpart": "Rachel", "utterance": "word " * 3000},
]


def _cli(*args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("OPENAI_API_KEY", "OPENAI_BASE_URL")}
    env["VOICE_COACH_DATA_DIR"] = str(tmp_path)
    env.setdefault("VOICE_COACH_CACHE_DIR", str(Path(tempfile.gettempdir()) / "voice-coach-test-cache"))
    return subprocess.run([sys.executable, "-m", "voice_coach.cli.app", *args], capture_output=True, text=True,
                          timeout=300, env=env, check=False)


def test_coach_data_json_prints_one_object_per_line_with_the_fields(tmp_path: Path) -> None:
    data = tmp_path / "lines.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in ROWS) + "\n")
    proc = _cli("coach", "--data", str(data), "--json", tmp_path=tmp_path)
    assert proc.returncode == 0, proc.stderr
    out = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [o["id"] for o in out] == ["a", "b", "c"]
    for item in out:
        assert set(item) >= {"id", "skills", "reasons", "focus", "suggestion", "rewrite", "next_skill", "gate"}
        assert len(item["skills"]) == 7 and set(item["gate"]) >= {"passed", "repairs"}
        assert item["suggestion"].strip() and item["rewrite"].strip()
    assert "slob" not in out[0]["rewrite"].lower() and "bin it" not in out[0]["rewrite"].lower()
    assert "bridesmaid" in out[1]["rewrite"].lower() and "i'll be your" not in out[1]["rewrite"].lower()
    assert len(out[2]["rewrite"].split()) <= 60


def test_coach_one_line_with_a_scenario_prints_ratings_suggestion_and_rewrite(tmp_path: Path) -> None:
    proc = _cli("coach", "--scenario", "decline-bridesmaid", "I guess I could do it, sorry.", tmp_path=tmp_path)
    assert proc.returncode == 0, proc.stderr
    for heading in ("Describe", "Appear confident", "Try:", "Stronger:", "Next skill:", "quality gate"):
        assert heading in proc.stdout


def test_coach_bad_input_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "utterance": "hi"}\n{not json}\n')
    proc = _cli("coach", "--data", str(bad), "--json", tmp_path=tmp_path)
    assert proc.returncode == 2 and "bad.jsonl:2" in proc.stderr and proc.stdout == ""
    unknown = _cli("coach", "--scenario", "no-such-scenario", "hello", tmp_path=tmp_path)
    assert unknown.returncode == 2 and "no-such-scenario" in unknown.stderr
