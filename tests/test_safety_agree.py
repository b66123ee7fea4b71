"""The any head needs the nearest neighbours' agreement before it asks a check-in."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np

from voice_coach.safety.model import CrisisModel, LineScore, Thresholds
from voice_coach.safety.prototypes import Prototypes


def _model(agree: float) -> CrisisModel:
    thresholds = Thresholds(pause=0.99, check_in=0.8, prototype=0.1, consult=0.01, agree=agree)
    return CrisisModel(any_weights=np.zeros(4, np.float32), any_bias=0.0, pause_weights=np.zeros(4, np.float32),
                       pause_bias=0.0, prototypes=Prototypes(np.eye(4, dtype=np.float32), ("suicide", "safe", "safe", "safe")),
                       thresholds=thresholds)


def _score(any_: float, prototype: float) -> LineScore:
    return LineScore(any=any_, pause=0.0, prototype=prototype, category="suicide", window="w")


def test_a_confident_any_head_far_from_every_crisis_line_asks_no_check_in() -> None:
    model = _model(agree=0.0)
    assert model.tier(_score(0.999, -0.01)) is None  # nearer its safe neighbours: overruled
    assert model.tier(_score(0.85, 0.0)) == "check_in"  # the neighbours agree
    assert model.tier(_score(0.5, 0.12)) == "check_in"  # the prototype margin alone still counts


def test_a_model_saved_without_the_agreement_threshold_loads_without_it(tmp_path: Path) -> None:
    model = _model(agree=0.0)
    path = tmp_path / "m.npz"
    replace(model, thresholds=replace(model.thresholds, agree=float("-inf"))).save(path)
    loaded = CrisisModel.load(path)
    assert loaded.thresholds.agree == float("-inf")
    assert loaded.tier(_score(0.999, -0.5)) == "check_in"


def test_the_shipped_model_carries_the_agreement_threshold() -> None:
    from voice_coach.safety.checker import SafetyChecker

    model = SafetyChecker().model
    assert model is not None and model.thresholds.agree == 0.0


def test_a_pause_head_with_a_hidden_layer_survives_save_and_load(tmp_path: Path) -> None:
    # Fails if the pause head's hidden layer is dropped on save (the loaded model would score pause differently)
    # or if a model saved before the pause head had one no longer loads as a linear head.
    rng = np.random.default_rng(0)
    hidden = replace(_model(agree=0.0), pause_weights=rng.normal(size=3).astype(np.float32), pause_bias=0.2,
                     pause_hidden=rng.normal(size=(4, 3)).astype(np.float32),
                     pause_hidden_bias=rng.normal(size=3).astype(np.float32))
    vectors = rng.normal(size=(5, 4)).astype(np.float32)
    hidden.save(tmp_path / "h.npz")
    loaded = CrisisModel.load(tmp_path / "h.npz")
    assert np.allclose(loaded.pause_head.prob(vectors), hidden.pause_head.prob(vectors))
    linear = _model(agree=0.0)
    linear.save(tmp_path / "l.npz")
    assert CrisisModel.load(tmp_path / "l.npz").pause_hidden is None
