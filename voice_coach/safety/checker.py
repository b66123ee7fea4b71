"""The crisis check of every user line: rules first, then the learned stage; two tiers.

A rule hit is clear risk (`pause`). Lines the rules pass go to the learned stage (stage.py):
its pause head can also say `pause`, its any head or the category prototypes say `check_in`.
An optional LLM judge (llm_judge.py) may raise a tier afterwards, never lower one.
See docs/safety.md for the decisions and the measured numbers.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import cast

from voice_coach.safety.model import CrisisModel, LineScore
from voice_coach.safety.result import Category, SafetyResult, tier_rank
from voice_coach.safety.rules import RuleStage
from voice_coach.safety.stage import LearnedStage, load_or_train
from voice_coach.safety.training import Embedder
from voice_coach.safety.windows import candidate_windows


@cache
def _learned_model(patterns_path: Path | None, training_path: Path | None, embedder: Embedder) -> CrisisModel:
    """The fitted learned stage for these rules, training file and encoder (once per process)."""
    rules = RuleStage(patterns_path)
    return load_or_train(
        rules.normalise,
        embedder,
        training_path,
        excluded=rules.excluded_spans,
        rule_tier=lambda text: rules.check(text).tier,
        rules_fingerprint=rules.fingerprint,
    )


class SafetyChecker:
    """Crisis detector with two tiers: regex rules, then classifier heads and prototypes.

    `pause` when a rule matches outside every idiom or denial span, or when the pause head
    scores a word window above its threshold; `check_in` when the any head or the prototypes
    do. Thresholds are chosen by cross-validation on prompts/safety/train*.jsonl.
    """

    def __init__(
        self,
        patterns_path: Path | None = None,
        *,
        learned: bool = True,
        training_path: Path | None = None,
        embedder: Embedder | None = None,
    ) -> None:
        """Load the rules (compiled once per process); the learned stage loads on first need."""
        self.rules = RuleStage(patterns_path)
        self.learned = learned
        self._stage = LearnedStage(lambda encoder: _learned_model(patterns_path, training_path, encoder), embedder)

    def warm(self) -> None:
        """Load the encoder and the fitted model now rather than on the first line."""
        if self.learned:
            self._stage.warm()

    @property
    def learned_error(self) -> str | None:
        """Why the learned stage is off although it was asked for (None when it runs)."""
        return self._stage.error

    @property
    def model(self) -> CrisisModel | None:
        """The fitted learned stage (loading it if needed), or None when it is off."""
        return self._stage.model() if self.learned else None

    def normalise(self, text: str) -> str:
        """Lowercase, expand contractions, drop punctuation: the form the rules are written in."""
        return self.rules.normalise(text)

    def excluded_spans(self, normalised: str) -> list[tuple[int, int]]:
        """(start, end) of every idiom or denial in a normalised text."""
        return self.rules.excluded_spans(normalised)

    def check(self, text: str) -> SafetyResult:
        """Classify one line; `matched` is the crisis phrase (or window) in normalised form."""
        return self.assess(text)[0]

    def assess(self, text: str) -> tuple[SafetyResult, LineScore | None]:
        """The result and, when the learned stage ran, its scores (an LLM judge reads them)."""
        result = self.check_rules(text)
        if result.tier == "pause" or not self.learned:
            return result, None
        score = self.score(text)
        learned = self._from_score(score)
        # A rules check-in may be raised to a pause by the learned stage, never dropped by it.
        return (learned if tier_rank(learned.tier) > tier_rank(result.tier) else result), score

    def check_rules(self, text: str) -> SafetyResult:
        """The rule stage alone (sub-millisecond)."""
        return self.rules.check(text)

    def check_learned(self, text: str) -> SafetyResult:
        """The learned stage alone; safe when it is unavailable (see `learned_error`)."""
        return self._from_score(self.score(text))

    def score(self, text: str) -> LineScore | None:
        """The learned stage's scores of a line (None when it is off or nothing is left to score)."""
        return self._stage.score(candidate_windows(text, self.normalise, self.excluded_spans))

    def _from_score(self, score: LineScore | None) -> SafetyResult:
        model = self._stage.model()
        tier = model.tier(score) if model is not None and score is not None else None
        if tier is None or score is None:
            return SafetyResult(crisis=False)
        source = "prototype" if tier == "check_in" and not model.any_head_flags(score) else "model"  # type: ignore[union-attr]
        return SafetyResult(crisis=True, tier=tier, category=cast(Category, score.category), matched=score.window,
                            source=source)
