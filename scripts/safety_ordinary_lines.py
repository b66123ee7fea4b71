"""Count crisis-check flags on ordinary lines: the user lines of the counterpart's scripted rehearsals.

    python scripts/safety_ordinary_lines.py [REPO_ROOT]

Prints how many of those lines, and of the LibriVox test sentences, the offline check flags, by tier; and the
same in the rehearsal's own scenario, where a learned-stage pause on the scenario's own medication words asks
once instead (`voice_coach.safety.topic`). Lines of sets A to M were used in fitting: no fair figure for them.
"""

from __future__ import annotations

import glob
import json
import sys
from collections import Counter
from pathlib import Path

import yaml

from voice_coach.conversation.acts import scenario_words
from voice_coach.conversation.scenarios import load_scenarios
from voice_coach.safety.checker import SafetyChecker
from voice_coach.safety.topic import scenario_medication_words, soften_for_topic


def main(root: Path) -> None:
    """Score every `say` line of voice_coach/bench/rehearsals*.yaml and dialogues.yaml, then LibriVox."""
    checker = SafetyChecker()
    scenarios = load_scenarios()
    files = sorted(glob.glob(str(root / "voice_coach/bench/rehearsals*.yaml"))) + [
        str(root / "voice_coach/bench/dialogues.yaml")]
    lines = [(item["scenario"], turn["say"]) for f in files for item in yaml.safe_load(Path(f).read_text())
             for turn in item["turns"] if isinstance(turn, dict) and turn.get("say")]
    plain: Counter[str | None] = Counter()
    in_scenario: Counter[str | None] = Counter()
    for scenario_id, line in lines:
        result = checker.assess(line)[0]
        words = scenario_medication_words(" ".join(scenario_words(scenarios[scenario_id])))
        softened = soften_for_topic(result, words)
        plain[result.tier] += 1
        in_scenario[softened.tier] += 1
        if result.crisis:
            print(f"{result.tier:>8} -> {softened.tier or 'safe':<8} [{scenario_id}] {line}")
    n = len(lines)
    for name, counts in (("line alone", plain), ("in its scenario", in_scenario)):
        print(f"{name}: rehearsal lines {n}, pause {counts['pause']} ({counts['pause'] / n:.2%}), "
              f"check-in {counts['check_in']} ({counts['check_in'] / n:.2%})")
    sentences = json.loads((root / "tests/data/librivox/transcripts.json").read_text()).values()
    print(f"LibriVox sentences flagged {sum(checker.assess(s)[0].crisis for s in sentences)} of {len(sentences)}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[1])
