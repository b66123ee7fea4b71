"""Scenario library: validated YAML files describing a hard conversation to rehearse."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from voice_coach.assets import asset_dir

Category = Literal[
    "work", "family", "friends", "romantic", "roommate", "health care", "service", "custom"
]


class Move(str, Enum):
    """What the counterpart does with a reply, from most to least resistant."""

    DEFLECT = "deflect"
    MINIMIZE = "minimize"
    COUNTER_COMPLAINT = "counter_complaint"
    CLARIFYING_QUESTION = "clarifying_question"
    PARTIAL_CONCESSION = "partial_concession"
    CONDITIONAL_AGREEMENT = "conditional_agreement"
    AGREEMENT = "agreement"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Counterpart(_Strict):
    """Who the user talks to, described by past behaviour rather than personality."""

    name: str = Field(min_length=1)
    relationship: str = Field(min_length=1, description="e.g. 'your manager of two years'")
    past_behaviour: list[str] = Field(min_length=1)


class Playbook(_Strict):
    """How the simulated counterpart argues, and the lines it may speak for each move."""

    stance: str = Field(min_length=1)
    interests: list[str] = Field(min_length=1)
    objections: list[str] = Field(min_length=1)
    diversions: list[str] = Field(min_length=1)
    concede_if: list[str] = Field(min_length=1)
    opening_line: str = Field(min_length=1)
    lines: dict[Move, list[str]]

    @field_validator("lines")
    @classmethod
    def _every_move_has_lines(cls, value: dict[Move, list[str]]) -> dict[Move, list[str]]:
        missing = [m.value for m in Move if len(value.get(m, [])) < 2]
        if missing:
            raise ValueError(f"need at least 2 lines for moves: {', '.join(missing)}")
        return value


class Scenario(_Strict):
    """One hard conversation: situation, goal, counterpart and playbook."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    title: str = Field(min_length=1)
    category: Category
    difficulty: int = Field(ge=1, le=9, description="IMBUE's 1-9 difficulty scale")
    goal: str = Field(min_length=1)
    goal_type: Literal["request", "refusal", "boundary"] = Field(
        "request", description="What the user is after: something done, a no, or a limit on behaviour")
    request: str | None = Field(None, min_length=1, description="The ask in one sentence the user could say")
    refusal: str | None = Field(None, min_length=1, description="The no in one sentence, when the goal is a refusal")
    situation: str = Field(min_length=1, description="The situation in the user's own words")
    counterpart: Counterpart
    playbook: Playbook

    def summary(self) -> dict[str, object]:
        """The short form listed by `scenarios list --json`."""
        return {
            "id": self.id,
            "title": self.title,
            "category": self.category,
            "difficulty": self.difficulty,
            "counterpart": self.counterpart.name,
            "goal": self.goal,
        }


class ScenarioError(ValueError):
    """A scenario file could not be read; the message names the file and the field."""


def load_scenario_file(path: Path, *, authored: bool = False) -> Scenario:
    """Read and validate one scenario YAML file; `authored` also requires the request (and refusal)."""
    try:
        # The C loader is ~10x faster; fall back to the pure-Python one where libyaml is missing.
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    except yaml.YAMLError as exc:
        raise ScenarioError(f"{path}: not valid YAML: {exc}") from exc
    except OSError as exc:
        raise ScenarioError(f"{path}: cannot read: {exc}") from exc
    if not isinstance(data, dict):
        raise ScenarioError(f"{path}: expected a mapping at the top level")
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"field '{'.'.join(str(p) for p in err['loc'])}': {err['msg']}" for err in exc.errors()
        )
        raise ScenarioError(f"{path}: {problems}") from exc
    if authored:
        check_authored(scenario, path)
    return scenario


def check_authored(scenario: Scenario, path: Path) -> None:
    """A built-in scenario says its ask in its own words: `request`, and `refusal` for a refusal goal."""
    if scenario.request is None:
        raise ScenarioError(
            f"{path}: field 'request': missing; a built-in scenario needs the ask as one sentence "
            "the user could say (e.g. \"I'm asking you to ...\")"
        )
    if scenario.goal_type == "refusal" and scenario.refusal is None:
        raise ScenarioError(
            f"{path}: field 'refusal': missing; goal_type is 'refusal', so the scenario needs the no "
            "as one sentence the user could say (e.g. \"I can't ...\")"
        )


def scenario_dirs(extra: Path | None = None) -> list[Path]:
    """The built-in scenario folder plus an optional user folder."""
    dirs = [asset_dir("scenarios")]
    if extra is not None and extra.is_dir():
        dirs.append(extra)
    return dirs


def load_scenarios(extra: Path | None = None) -> dict[str, Scenario]:
    """All scenarios by id, built-in first; a user file with the same id overrides."""
    found: dict[str, Scenario] = {}
    for index, folder in enumerate(scenario_dirs(extra)):
        for path in sorted(folder.glob("*.yaml")):
            # Built-in files must carry an authored request; a user's file gets one from its goal.
            scenario = load_scenario_file(path, authored=index == 0)
            found[scenario.id] = with_request(scenario)
    return found


def with_request(scenario: Scenario) -> Scenario:
    """The scenario with `request` (and `refusal`) filled from its goal where the file has none."""
    if scenario.request is not None and (scenario.goal_type != "refusal" or scenario.refusal):
        return scenario
    from voice_coach.conversation.goal_request import convert_goal

    converted = convert_goal(scenario.goal, scenario.counterpart.name)
    goal_type = scenario.goal_type if scenario.request is not None else converted.goal_type
    return scenario.model_copy(update={
        "goal_type": goal_type,
        "request": scenario.request or converted.request,
        "refusal": scenario.refusal or converted.refusal or (
            converted.request if goal_type == "refusal" else None),
    })


def save_scenario(scenario: Scenario, folder: Path) -> Path:
    """Write a scenario as YAML into `folder` and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{scenario.id}.yaml"
    data = scenario.model_dump(mode="json")
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path
