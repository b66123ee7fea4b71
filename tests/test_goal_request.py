"""Goal to request: every built-in and custom scenario gets an ask the user could say, grammatical."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from voice_coach.assets import asset_dir
from voice_coach.conversation.builder import build_offline
from voice_coach.conversation.goal_request import NEUTRAL, convert_goal, is_broken
from voice_coach.conversation.scenarios import (
    ScenarioError,
    load_scenario_file,
    load_scenarios,
)

GOALS = [json.loads(line) for line in (Path(__file__).parent / "data" / "goal_sentences.jsonl").open()]

# Shapes a request must never take: "to" followed by no verb, a goal's own preamble, a wrong person.
NEVER = [
    re.compile(r"\byou to (?:my|your|a|an|the|his|her|our|their|to|no|equal)\b", re.IGNORECASE),
    re.compile(r"\basking you to (?:ask|tell|get|convince|say no|refuse)\b", re.IGNORECASE),
    re.compile(r"\bI want to (?:ask|tell|get)\b|\byou want to\b", re.IGNORECASE),
    re.compile(r"\b(?:he|she) \w+ you\b|\byou (?:is|has|does|was|wants|needs|visits|comes)\b", re.IGNORECASE),
    re.compile(r"\b(?:to|for|of|with|the|a|my|your|and|or)\.$", re.IGNORECASE),
]


def _said(goal: dict[str, object]) -> tuple[str, str]:
    converted = convert_goal(str(goal["goal"]))
    primary = converted.refusal if goal["kind"] == "refusal" and converted.refusal else converted.request
    return primary, f"{converted.request} {converted.refusal or ''}"


@pytest.mark.parametrize("goal", GOALS, ids=[str(g["id"]) for g in GOALS])
def test_goal_becomes_a_request_keeping_its_facts_and_dropping_its_preamble(goal: dict[str, object]) -> None:
    primary, everything = _said(goal)
    for phrase in goal["must_contain"]:  # type: ignore[union-attr]
        assert phrase.lower() in primary.lower(), (phrase, primary)
    for phrase in goal["must_not_contain"]:  # type: ignore[union-attr]
        assert phrase.lower() not in everything.lower(), (phrase, everything)
    for shape in NEVER:
        assert not shape.search(everything), (shape.pattern, everything)
    assert primary.endswith((".", "?")) and primary[:1].isupper()


@pytest.mark.parametrize("goal", GOALS, ids=[str(g["id"]) for g in GOALS])
def test_goal_type_matches_the_kind_of_goal(goal: dict[str, object]) -> None:
    converted = convert_goal(str(goal["goal"]))
    # A boundary ("you can't stay over more than two nights") may serve either kind.
    allowed = {"refusal", "boundary"} if goal["kind"] == "refusal" else {"request", "boundary"}
    assert converted.goal_type in allowed, converted
    if converted.goal_type == "refusal":
        assert converted.refusal and converted.request.startswith("I'm asking you to accept that ")


def test_converter_passes_at_least_95_percent_of_the_goal_set() -> None:
    passed = 0
    for goal in GOALS:
        primary, everything = _said(goal)
        ok = all(p.lower() in primary.lower() for p in goal["must_contain"])  # type: ignore[union-attr]
        ok = ok and not any(p.lower() in everything.lower() for p in goal["must_not_contain"])  # type: ignore[union-attr]
        passed += ok
    assert passed >= 0.95 * len(GOALS)


@pytest.mark.parametrize(
    ("goal", "never"),
    [
        ("I want to get a refund of $380 to my card instead of a voucher.", "I'm asking you to my card"),
        ("I want to talk to my father, kindly.", "you to my father"),
        ("I want to speak to my father, kindly.", "you to my father"),
        ("My husband wants to lend his brother $5,000.", "My husband you want"),
        ("I want my husband not to lend his brother $5,000.", "husband you"),
    ],
)
def test_issue_examples_never_come_back_broken(goal: str, never: str) -> None:
    converted = convert_goal(goal)
    text = f"{converted.request} {converted.refusal or ''}"
    assert never.lower() not in text.lower()
    assert not is_broken(converted.request), converted.request
    for shape in NEVER:
        assert not shape.search(text), (shape.pattern, text)


@pytest.mark.parametrize("goal", ["stuff", "Help", "I want to feel respected at work.", "???", "with my mother, kindly"])
def test_unreadable_goals_fall_back_to_the_neutral_wording(goal: str) -> None:
    converted = convert_goal(goal)
    assert converted.neutral and converted.request == NEUTRAL


def test_counterpart_name_in_the_goal_becomes_you() -> None:
    converted = convert_goal("I want Jess to pay her half of the bill by Friday.", "Jess")
    assert converted.request == "I'm asking you to pay your half of the bill by Friday."


def test_custom_scenario_carries_the_converted_request() -> None:
    scenario = build_offline("My brother borrowed $5,000 and hasn't paid any back.",
                             "Get my brother to repay the $5,000 I lent him, $500 a month.")
    assert scenario.request == "I'm asking you to repay the $5,000 I lent you, $500 a month."
    assert scenario.goal_type == "request"


def test_builtin_scenarios_carry_authored_requests_and_refusals() -> None:
    for scenario in load_scenarios().values():
        assert scenario.request and not is_broken(scenario.request), scenario.id
        if scenario.goal_type == "refusal":
            assert scenario.refusal, scenario.id


def _builtin_text_without(field: str) -> str:
    text = (asset_dir("scenarios") / "decline-bridesmaid.yaml").read_text(encoding="utf-8")
    return "".join(line for line in text.splitlines(keepends=True) if not line.startswith(f"{field}:"))


@pytest.mark.parametrize("field", ["request", "refusal"])
def test_builtin_file_without_its_authored_field_is_rejected_with_the_field_named(tmp_path: Path, field: str) -> None:
    path = tmp_path / "decline-bridesmaid.yaml"
    path.write_text(_builtin_text_without(field), encoding="utf-8")
    with pytest.raises(ScenarioError, match=rf"decline-bridesmaid\.yaml: field '{field}': missing"):
        load_scenario_file(path, authored=True)


def test_user_file_without_a_request_gets_one_from_its_goal(tmp_path: Path) -> None:
    (tmp_path / "mine.yaml").write_text(
        _builtin_text_without("request").replace("id: decline-bridesmaid", "id: mine"), encoding="utf-8")
    scenario = load_scenarios(tmp_path)["mine"]
    assert scenario.request and scenario.refusal and not is_broken(scenario.request)
