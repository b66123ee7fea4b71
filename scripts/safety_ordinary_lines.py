"""Count crisis-check flags on ordinary lines: the user lines of the counterpart's scripted rehearsals.

    python scripts/safety_ordinary_lines.py [REPO_ROOT]

Prints how many of those lines, and of the LibriVox test sentences, the offline check flags (any tier).
"""

from __future__ import annotations

import glob
import json
import sys
from pathlib import Path

import yaml

from voice_coach.safety.checker import SafetyChecker


def main(root: Path) -> None:
    """Score every `say` line of voice_coach/bench/rehearsals*.yaml and dialogues.yaml, then LibriVox."""
    checker = SafetyChecker()
    files = sorted(glob.glob(str(root / "voice_coach/bench/rehearsals*.yaml"))) + [
        str(root / "voice_coach/bench/dialogues.yaml")]
    lines = [turn["say"] for f in files for item in yaml.safe_load(Path(f).read_text())
             for turn in item["turns"] if isinstance(turn, dict) and turn.get("say")]
    flagged = [line for line in lines if checker.assess(line)[0].crisis]
    for line in flagged:
        print("flagged:", line)
    print(f"rehearsal lines {len(lines)}, flagged {len(flagged)} ({len(flagged) / len(lines):.1%})")
    sentences = json.loads((root / "tests/data/librivox/transcripts.json").read_text()).values()
    print(f"LibriVox sentences flagged {sum(checker.assess(s)[0].crisis for s in sentences)} of {len(sentences)}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[1])
