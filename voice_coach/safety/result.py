"""What the crisis check says about one line: tier, category, the phrase, and which stage said it."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, model_validator

Category = Literal["suicide", "self_harm", "danger", "abuse", "harm_to_others"]
CATEGORIES: tuple[Category, ...] = ("suicide", "self_harm", "danger", "abuse", "harm_to_others")
# `pause`: clear risk, the role-play stops. `check_in`: possible risk, the role-play goes on
# after one gentle question about safety, with the resources shown alongside.
Tier = Literal["pause", "check_in"]
TIERS: tuple[Tier, ...] = ("pause", "check_in")
Source = Literal["rules", "model", "prototype", "llm"]


def tier_rank(tier: Tier | None) -> int:
    """0 for safe, 1 for check_in, 2 for pause: a tier may only be raised along this order."""
    return {None: 0, "check_in": 1, "pause": 2}[tier]


class SafetyResult(BaseModel):
    """Outcome of checking one line: the tier (None when safe), the kind of risk and the phrase."""

    model_config = ConfigDict(frozen=True)

    crisis: bool
    tier: Tier | None = None
    category: Category | None = None
    matched: str | None = None
    source: Source | None = None

    @model_validator(mode="after")
    def _tier_agrees(self) -> SafetyResult:
        if self.crisis and self.tier is None:
            # A flag without a tier is the clear-risk one: when in doubt, the safer reading.
            object.__setattr__(self, "tier", "pause")
        if not self.crisis and self.tier is not None:
            raise ValueError("a safe line has no tier")
        return self
