"""The DEAR MAN skills, their rating scales and the typed ratings/feedback."""

from __future__ import annotations

from enum import Enum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator


class Skill(str, Enum):
    """One DEAR MAN skill as rated by IMBUE."""

    DESCRIBE = "describe"
    EXPRESS = "express"
    ASSERT = "assert"
    REINFORCE = "reinforce"
    NEGOTIATE = "negotiate"
    MINDFUL = "mindful"
    CONFIDENT = "confident"

    @property
    def title(self) -> str:
        """Human-readable name, e.g. 'Appear confident'."""
        return SKILL_TITLES[self]

    @property
    def scale(self) -> tuple[str, ...]:
        """The labels this skill can take, best first."""
        return BINARY_SCALE if self in BINARY_SKILLS else LEVEL_SCALE


LEVEL_SCALE: tuple[str, ...] = ("strong", "weak", "none")
BINARY_SCALE: tuple[str, ...] = ("yes", "no")
LEVEL_SKILLS: tuple[Skill, ...] = (
    Skill.DESCRIBE,
    Skill.EXPRESS,
    Skill.ASSERT,
    Skill.REINFORCE,
    Skill.NEGOTIATE,
)
BINARY_SKILLS: tuple[Skill, ...] = (Skill.MINDFUL, Skill.CONFIDENT)
ALL_SKILLS: tuple[Skill, ...] = LEVEL_SKILLS + BINARY_SKILLS
SKILL_TITLES: dict[Skill, str] = {
    Skill.DESCRIBE: "Describe",
    Skill.EXPRESS: "Express",
    Skill.ASSERT: "Assert",
    Skill.REINFORCE: "Reinforce",
    Skill.NEGOTIATE: "Negotiate",
    Skill.MINDFUL: "Stay mindful",
    Skill.CONFIDENT: "Appear confident",
}

Label = Literal["strong", "weak", "none", "yes", "no"]
Source = Literal["text", "voice", "text+voice"]


def is_positive(skill: Skill | str, label: str) -> bool:
    """IMBUE's binary view: 'strong' for the five levels, 'yes' for mindful/confident."""
    return label in ("strong", "yes")


class Ratings(BaseModel):
    """All seven labels for one utterance, in the JSONL `labels` shape."""

    model_config = ConfigDict(frozen=True)

    labels: dict[str, str]

    @field_validator("labels")
    @classmethod
    def _complete_and_valid(cls, value: dict[str, str]) -> dict[str, str]:
        missing = [s.value for s in ALL_SKILLS if s.value not in value]
        if missing:
            raise ValueError(f"missing labels for: {', '.join(missing)}")
        extra = [k for k in value if k not in {s.value for s in ALL_SKILLS}]
        if extra:
            raise ValueError(f"unknown skills: {', '.join(extra)}")
        for skill in ALL_SKILLS:
            if value[skill.value] not in skill.scale:
                raise ValueError(
                    f"{skill.value}: {value[skill.value]!r} is not one of {'/'.join(skill.scale)}"
                )
        return {s.value: value[s.value] for s in ALL_SKILLS}

    def __getitem__(self, skill: Skill | str) -> str:
        return self.labels[Skill(skill).value]

    def positive(self, skill: Skill | str) -> bool:
        """True when the skill is 'strong' or 'yes'."""
        return is_positive(skill, self[skill])

    @classmethod
    def neutral(cls) -> "Ratings":
        """Ratings that say nothing was used (used before any evaluation exists)."""
        return cls(labels={s.value: ("none" if s in LEVEL_SKILLS else "yes") for s in ALL_SKILLS})


class SkillFeedback(BaseModel):
    """The rating of one skill with its one-line reason."""

    model_config = ConfigDict(frozen=True)

    skill: Skill
    label: str
    reason: str
    source: Source = "text"


class GateSummary(BaseModel):
    """The quality gate's verdict on the rewrite shown: passed first time, repaired, or the safest candidate."""

    model_config = ConfigDict(frozen=True)

    passed: bool = True
    repairs: int = 0
    failures: list[str] = Field(default_factory=list)


class Feedback(BaseModel):
    """Just-in-time feedback for one user line."""

    model_config = ConfigDict(frozen=True)

    skills: list[SkillFeedback]
    focus: Skill = Field(description="The skill that matters most right now")
    suggestion: str
    rewrite: str
    next_skill: Skill
    evaluator: str = "offline"
    latency_ms: float = 0.0
    gate: GateSummary = Field(default_factory=GateSummary)

    @property
    def ratings(self) -> Ratings:
        """The seven labels as a Ratings object."""
        return Ratings(labels={f.skill.value: f.label for f in self.skills})

    def get(self, skill: Skill | str) -> SkillFeedback:
        """The feedback entry of one skill."""
        wanted = Skill(skill)
        for item in self.skills:
            if item.skill == wanted:
                return item
        raise KeyError(wanted.value)
