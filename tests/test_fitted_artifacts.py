"""The fitted models shipped in models/fitted/ match the current data and code (else first start refits)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

CHILD = """
from voice_coach.config import Settings
from voice_coach.feedback.factory import make_evaluator
from voice_coach.feedback.hostility import reader
from voice_coach.safety.checker import SafetyChecker
make_evaluator(Settings(), None)
assert reader() is not None
checker = SafetyChecker()
checker.warm()
assert checker.learned_error is None, checker.learned_error
"""


def test_shipped_models_are_current(tmp_path: Path) -> None:
    env = {**os.environ, "VOICE_COACH_CACHE_DIR": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    refitted = sorted(p.name for p in tmp_path.rglob("*.npz") if not p.name.startswith("embeddings-"))
    assert refitted == [], f"stale models/fitted/: run `python models/fitted/build.py` (refitted {refitted})"
