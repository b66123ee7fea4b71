"""Text mode and the CLI driven through real subprocesses and stdin pipes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from voice_coach.store import Store


def _run(args: list[str], tmp_path: Path, stdin: str = "", **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("OPENAI_API_KEY", "OPENAI_BASE_URL")}
    environment.update({"VOICE_COACH_DATA_DIR": str(tmp_path), "COLUMNS": "120", **env})
    return subprocess.run([sys.executable, "-m", "voice_coach.cli.app", *args], input=stdin, capture_output=True,
                          text=True, timeout=240, env=environment)


def test_text_rehearsal_through_a_pipe(tmp_path: Path) -> None:
    checkin_pre = "\n".join(["5", "6", "3", "1", "2", "6", "3", "4"])
    checkin_post = "\n".join(["3", "3", "2", "1", "5", "3", "5", "6"])
    lines = "\n".join([
        "I've stayed past seven three times this month.",
        "I feel drained and I'm asking to be named on the report.",
        "You'd get a stronger team if credit is shared. How about we both present it?",
        "/end",
    ])
    proc = _run(["rehearse", "--scenario", "credit-for-work", "--text"], tmp_path,
                stdin=f"{checkin_pre}\n{lines}\n{checkin_post}\n")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "Describe" in out and "Stronger:" in out and "Summary" in out
    assert "confident: 2 → 5" in out
    rows = Store(f"sqlite:///{tmp_path / 'voice_coach.sqlite3'}").list_sessions()
    assert len(rows) == 1 and len(rows[0].turns) == 3 and rows[0].end_reason == "user"
    history = _run(["history", "--json"], tmp_path)
    assert json.loads(history.stdout)[0]["turns"] == 3
    export = _run(["export", rows[0].id, "--format", "md"], tmp_path)
    assert export.returncode == 0 and "I feel drained" in export.stdout
    report_file = tmp_path / "report.html"
    report = _run(["report", rows[0].id[:6], "--format", "html", "-o", str(report_file)], tmp_path)
    assert report.returncode == 0, report.stderr
    html = report_file.read_text()
    assert "<svg" in html and "I feel drained" in html and "not therapy" in html
    progress = _run(["progress", "--format", "md"], tmp_path)
    assert progress.returncode == 0 and "Describe" in progress.stdout
    missing = _run(["report", "nosuchsession"], tmp_path)
    assert missing.returncode == 1 and "No session" in missing.stderr and "credit" in export.stdout.lower()


def test_crisis_line_pauses_and_shows_resources(tmp_path: Path) -> None:
    proc = _run(["rehearse", "--scenario", "remote-fridays", "--text", "--no-checkin"], tmp_path,
                stdin="honestly i don't want to be alive anymore\nI'm asking for Fridays.\n/resume\n"
                      "I'm asking for Fridays off.\n/end\n")
    assert proc.returncode == 0, proc.stderr
    assert "988" in proc.stdout and "741741" in proc.stdout
    assert "paused" in proc.stdout.lower()
    rows = Store(f"sqlite:///{tmp_path / 'voice_coach.sqlite3'}").list_sessions()
    turns = rows[0].turns
    assert turns[0].flags.get("crisis") and turns[0].partner_text == ""
    assert [t.user_text for t in turns][-1] == "I'm asking for Fridays off."


def test_scenarios_list_json_and_config(tmp_path: Path) -> None:
    proc = _run(["scenarios", "list", "--json"], tmp_path)
    data = json.loads(proc.stdout)
    assert len(data) >= 16 and {"id", "title", "category", "difficulty"} <= set(data[0])
    cfg = _run(["config"], tmp_path, OPENAI_API_KEY="sk-secret-value-123456")
    assert "sk-secret-value-123456" not in cfg.stdout
    assert json.loads(cfg.stdout)["effective"]["counterpart"] == "llm"


def test_broken_scenario_names_file_and_field(tmp_path: Path) -> None:
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "scenarios" / "bad.yaml").write_text("id: bad\ntitle: Bad\ncategory: work\ndifficulty: 12\n")
    proc = _run(["scenarios", "list"], tmp_path)
    assert proc.returncode == 2
    assert "bad.yaml" in proc.stderr and "difficulty" in proc.stderr


def test_new_custom_scenario_offline_then_rehearse(tmp_path: Path) -> None:
    proc = _run(["scenarios", "new", "--situation", "My landlord has ignored the broken heating for three weeks.",
                 "--goal", "ask my landlord to fix the heating this week", "--name", "Mr Ortiz",
                 "--relationship", "my landlord", "--difficulty", "6"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    listing = json.loads(_run(["scenarios", "list", "--json"], tmp_path).stdout)
    custom = [s for s in listing if s["category"] == "custom"]
    assert len(custom) == 1 and custom[0]["difficulty"] == 6 and custom[0]["counterpart"] == "Mr Ortiz"
    run = _run(["rehearse", "--scenario", custom[0]["id"], "--text", "--no-checkin"], tmp_path,
               stdin="The heating has been broken for three weeks. I'm asking you to fix it by Friday.\n/end\n")
    assert run.returncode == 0, run.stderr
    assert "Mr Ortiz:" in run.stdout
