"""Ratings on clear cases: context-aware cues, clause acts, the rules over the classifier, the clear-case set."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("VOICE_COACH_CACHE_DIR", str(Path(tempfile.gettempdir()) / "voice-coach-test-cache"))

from voice_coach.feedback.acts import read_acts
from voice_coach.feedback.bank import bank_paths, load_examples
from voice_coach.feedback.cues import evidence, extract
from voice_coach.feedback.rating_rules import LONG_LINE_CHARS, apply_rules
from voice_coach.ports import TurnContext

CLEAR_CASES = Path(__file__).parent / "data" / "feedback_clear_cases.jsonl"
ALL_STRONG = {"describe": "strong", "express": "strong", "assert": "strong", "reinforce": "strong",
              "negotiate": "strong", "mindful": "yes", "confident": "yes"}
ALL_NONE = {"describe": "none", "express": "none", "assert": "none", "reinforce": "none",
            "negotiate": "none", "mindful": "yes", "confident": "yes"}


# --- context-aware cues (no model) --------------------------------------------------------------


def test_that_kind_of_work_is_not_a_hedge_but_a_bare_kind_of_is() -> None:
    assert "hedge" not in evidence("I'd like to keep doing that kind of work, and I want the title that goes with it.")
    assert extract("I'd like to keep doing that kind of work.").hedge == 0
    assert extract("I kind of want you to pay me back.").hedge == 1


def test_feels_that_way_is_not_a_benefit_but_that_way_you_get_is() -> None:
    assert extract("I know it feels that way, and I'm still asking for the rent.").benefit == 0
    assert extract("You may see it that way, and I'd still like phones off the table at dinner.").benefit == 0
    assert extract("Please call first; that way I'll be home and we'll get proper time together.").benefit == 1


def test_working_for_you_is_not_a_benefit() -> None:
    assert extract("I really value working for you.").benefit == 0
    assert extract("Keeping me saves you months of hiring.").benefit == 1


@pytest.mark.parametrize("line", ["Can you be here by 12:30?", "Please transfer the $87.50 by Friday.",
                                  "I'm asking for $76,000 starting in July.",
                                  "Can you text me if you're running more than ten minutes late?"])
def test_numbers_and_times_inside_a_request_are_not_describe(line: str) -> None:
    assert extract(line).fact == 0
    assert "fact" not in evidence(line)


def test_numbers_in_an_observation_are_describe() -> None:
    assert extract("You arrived at 8:15, and we'd agreed on 7:30.").fact > 0
    assert extract("Maya, three times this week your dishes stayed in the sink overnight.").fact > 0


@pytest.mark.parametrize("line", ["From now on, text me before you come over.",
                                  "Put my charger back on my desk when you're done with it.",
                                  "Yes. Cancel the second charge of $42 and send me a confirmation email.",
                                  "Don't read my messages."])
def test_imperatives_are_asks(line: str) -> None:
    assert read_acts(line).imperative >= 1


@pytest.mark.parametrize("line", ["I want a twelve percent raise.", "Mum, I need you to call before you visit.",
                                  "I want us to split the chores evenly."])
def test_i_want_and_i_need_are_asks(line: str) -> None:
    assert read_acts(line).want_need == 1


@pytest.mark.parametrize("line", ["I'm not paying rent until it's fixed.", "No, I won't lend you the money.",
                                  "I won't.", "Thank you for asking me. My answer is no."])
def test_refusals_are_recognised(line: str) -> None:
    assert read_acts(line).refusal >= 1


@pytest.mark.parametrize("line", ["I'm still asking you to wash your dishes before bed.",
                                  "That may be true, and I still need the heating fixed by Friday."])
def test_broken_record_is_recognised_as_an_ask(line: str) -> None:
    acts = read_acts(line)
    assert acts.broken_record == 1 and acts.asks >= 1


def test_counter_proposal_is_not_a_plain_request_and_a_plain_request_is_no_offer() -> None:
    assert read_acts("How about I take the kitchen and you take the bathroom?").counter == 1
    assert read_acts("I can't do every Sunday, but I can do the 14th. Would that work?").counter >= 1
    plain = extract("Mum, I need you to call before you visit.")
    assert plain.counter == 0 and plain.offer == 0


def test_insults_count_but_a_feeling_of_stupidity_does_not() -> None:
    assert extract("Move your car, you entitled idiot.").label >= 1
    assert extract("I felt pretty stupid sitting there alone.").label == 0


# --- the rules over the classifier (given labels, no model) -------------------------------------


def test_observation_without_a_request_is_not_assert_strong() -> None:
    line = "Maya, three times this week your dishes stayed in the sink overnight."
    assert apply_rules(ALL_STRONG, line)["assert"] == "none"


def test_plain_request_is_not_negotiate_and_value_is_not_reinforce() -> None:
    assert apply_rules(ALL_STRONG, "Mum, I need you to call before you visit.")["negotiate"] == "none"
    assert apply_rules(ALL_STRONG, "I really value working for you.")["reinforce"] == "none"


@pytest.mark.parametrize("line", ["I want a twelve percent raise.", "I'm not paying rent until it's fixed.",
                                  "From now on, text me before you come over.",
                                  "I hear you, and I'm still asking for a twelve percent raise at this review."])
def test_clear_asks_rated_none_by_the_classifier_become_assert_strong(line: str) -> None:
    assert apply_rules(ALL_NONE, line)["assert"] == "strong"


def test_hedged_ask_is_assert_weak_and_not_confident() -> None:
    line = "I hate to be a pain, but could you maybe wash your dishes sometimes, if it's not too much trouble?"
    rated = apply_rules(ALL_STRONG, line)
    assert rated["assert"] == "weak" and rated["confident"] == "no"


def test_counter_proposal_rated_none_becomes_negotiate() -> None:
    assert apply_rules(ALL_NONE, "What if I'm in the office Monday to Thursday and home on Fridays?")["negotiate"] == "strong"


def test_line_over_a_page_is_nothing_strong_and_not_mindful() -> None:
    line = ("I'm asking you to fix the heating by Friday. " * 40)[: LONG_LINE_CHARS + 500]
    rated = apply_rules(ALL_STRONG, line)
    assert "strong" not in rated.values() and rated["mindful"] == "no"


# --- the real evaluator --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def evaluator():  # type: ignore[no-untyped-def]
    from voice_coach.feedback.offline import offline_evaluator

    return offline_evaluator()


def _rate(evaluator, line: str, situation: str = "A hard conversation I want to rehearse.") -> dict[str, str]:  # type: ignore[no-untyped-def]
    return evaluator.rate(TurnContext(situation=situation, utterance=line))


@pytest.mark.parametrize(("line", "skill", "allowed"), [
    ("I want a twelve percent raise.", "assert", {"strong"}),
    ("I'm not paying rent until it's fixed.", "assert", {"strong"}),
    ("From now on, text me before you come over.", "assert", {"strong"}),
    ("I'm still asking you to wash your dishes before bed.", "assert", {"strong"}),
    ("Maya, three times this week your dishes stayed in the sink overnight.", "assert", {"none", "weak"}),
    ("I really value working for you.", "reinforce", {"none", "weak"}),
    ("Mum, I need you to call before you visit.", "negotiate", {"none", "weak"}),
    ("Can you be here by 12:30?", "describe", {"none"}),
    ("How about I take the kitchen and you take the bathroom?", "negotiate", {"strong"}),
])
def test_issue_examples_are_rated_right(evaluator, line: str, skill: str, allowed: set[str]) -> None:  # type: ignore[no-untyped-def]
    assert _rate(evaluator, line)[skill] in allowed


def test_ten_thousand_character_line_is_not_assert_strong(evaluator) -> None:  # type: ignore[no-untyped-def]
    line = ("I need the heating fixed, it has been cold for weeks and I keep asking. " * 150)[:10_000]
    rated = _rate(evaluator, line)
    assert rated["assert"] != "strong" and rated["mindful"] == "no"


def test_clear_cases_are_kept_out_of_training() -> None:
    bank = {e.utterance.strip().lower() for path in bank_paths() for e in load_examples(path)}
    clear = [json.loads(line)["utterance"].strip().lower() for line in CLEAR_CASES.open()]
    assert len(clear) >= 60
    assert not bank & set(clear)


def test_clear_case_set_scores_at_least_0_82_macro_f1() -> None:
    from voice_coach.feedback.harness import evaluate_file

    result = evaluate_file(CLEAR_CASES, "offline")
    assert result["n"] == 112
    assert result["macro_f1"] >= 0.82, result["per_skill"]
