"""Fit the evaluator's classifier, the tone model and the crisis model on the shipped data and store them here.

The app fits both on first use when these files are missing or stale (their names carry a hash
of the training data, the code version and the embedding model), which costs ~40 s on 2 cores;
shipping them makes the first start instant. The classifier file holds the embedding model's and the
words model's weights for each DEAR MAN skill, the words model's tf-idf vocabulary (terms and idf) and
the chosen penalties (`params`); see docs/evaluation.md. Regenerate after changing prompts/exemplars/,
prompts/safety/, prompts/tone/, the embedding model, the feature code (cues.py, acts.py, ngrams.py) or the classifier's
CODE_VERSION, which a change to its training must bump (tests/test_fitted_artifacts.py fails while a
file here is stale):

    python models/fitted/build.py
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    """Fit into a fresh cache folder, then replace the .npz files here with the results."""
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["VOICE_COACH_CACHE_DIR"] = tmp
        sys.path.insert(0, str(HERE.parents[1]))
        from voice_coach.config import Settings
        from voice_coach.feedback.factory import make_evaluator
        from voice_coach.feedback.hostility import reader
        from voice_coach.safety.checker import SafetyChecker

        make_evaluator(Settings(), None)
        if reader() is None:
            print("the tone model failed", file=sys.stderr)
            return 1
        checker = SafetyChecker()
        checker.warm()
        if checker.learned_error:
            print(f"the crisis model failed: {checker.learned_error}", file=sys.stderr)
            return 1
        for fitted in Path(tmp).rglob("*.npz"):
            # Replace only the kind of file that was refitted: one still current (e.g. the crisis model
            # when only the evaluator changed) is read from here, not refitted, and must stay.
            kind = fitted.name.rsplit("-", 1)[0]
            for old in HERE.glob(f"{kind}-*.npz"):
                old.unlink()
            shutil.copy2(fitted, HERE / fitted.name)
            print(f"{fitted.name}  {fitted.stat().st_size / 1024:.0f} KiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
