"""Regressions for coaching a blind judge rated poor or harmful: sarcasm with no marker word, guilt trips, honest
admissions cut as softeners, a strong line rebuilt over one hedge, and a yes on a condition ignored.
Every line here is fresh wording, not the judged row's."""

from __future__ import annotations

import re

import pytest

from tests.helpers import coach_line, engine_evaluator

from voice_coach.feedback.admissions import admission
from voice_coach.feedback.clauses import analyse
from voice_coach.feedback.conditions import condition_of
from voice_coach.feedback.gate import check_rewrite
from voice_coach.feedback.guilt import guilt_trip
from voice_coach.feedback.mock_proposals import mock_proposal
from voice_coach.feedback.offline import OfflineEvaluator
from voice_coach.ports import TurnContext

BATHROOM = ("My flatmate Jo and I share a bathroom and I've cleaned it every week since March. I want Jo to clean it "
            "every other Sunday.")
CARE = ("My mum has been in a care home for a month and twice her evening tablets were missed. I want the staff to "
        "sign a medication chart every evening.")
CUPS = "My partner Sam leaves coffee cups all over the flat, about ten a week. I want us to clear our cups before bed."
NEIGHBOUR = ("My neighbour's dog barks most mornings from six until eight and I work nights. I want him to bring the "
             "dog in before seven.")
BILLS = ("My housemate Leo paid the electric bill late three months running and we were charged $40 in fees. I want "
         "him to pay it by the 1st.")


@pytest.fixture(scope="module")
def evaluator() -> OfflineEvaluator:
    """The offline evaluator, without the bank's hand-written rewrites (the engine's own output is tested)."""
    return engine_evaluator()


_coach = coach_line


def test_a_mock_proposal_is_sarcasm_without_a_marker_word() -> None:
    assert mock_proposal("Yeah, we could just throw all our savings at a cleaner")
    assert mock_proposal("Sure, let's just eat out every single night")
    assert mock_proposal("Why don't you just move out then?")
    assert not mock_proposal("Sure, let's meet on Thursday") and not mock_proposal("Let's throw all our old clothes out")
    kinds = [c.kind for c in analyse("Well, we could waste every weekend scrubbing, genius plan").clauses]
    assert kinds[-2:] == ["sarcasm", "sarcasm"] and set(kinds) <= {"sarcasm", "filler"}


def test_a_mock_proposal_is_dropped_and_named_as_sarcasm_not_as_a_softener(evaluator: OfflineEvaluator) -> None:
    # Fails if "throw all our savings" is kept in the rewrite, or "just" is named as the problem.
    line = "Yeah, we could just throw all our savings at a cleaner, brilliant idea"
    suggestion, rewrite = _coach(evaluator, BATHROOM, line, partner_last="Couldn't we just pay someone?", name="Jo")
    assert "savings" not in rewrite.lower() and "throw" not in rewrite.lower(), rewrite
    assert 'Drop "just"' not in suggestion and "softener" not in suggestion, suggestion
    assert "sarcasm" in suggestion.lower(), suggestion
    assert check_rewrite(line, "We could blow all our money on a cleaner. Please clean it every other Sunday.")


def test_a_guilt_trip_is_found_with_its_tag() -> None:
    assert guilt_trip("how would you feel if it were your sister")
    assert guilt_trip("if you really cared you'd have called")
    assert not guilt_trip("how would you feel about Tuesdays") and not guilt_trip("if it's your turn, that's fine")
    kinds = [c.kind for c in analyse("But if it were your own mother, you'd be on the phone every hour, wouldn't you?").clauses]
    assert kinds == ["attack", "attack", "attack"]
    assert [c.kind for c in analyse("You'd be home by six, wouldn't you?").clauses] == ["statement", "statement"]


def test_a_guilt_trip_is_never_kept_or_recommended(evaluator: OfflineEvaluator) -> None:
    # Fails if the "... if it were your mum, wouldn't you?" guilt trip is kept in the rewrite or suggestion.
    for line, partner in (
            ("I understand that. I'm her son, and you'd expect exactly the same if it were your mum, wouldn't you?",
             "We have thirty residents on this floor."),
            ("I hear you. I'm her only child. How would you feel if it was your mum missing her tablets?",
             "We do our best with the staff we have.")):
        suggestion, rewrite = _coach(evaluator, CARE, line, partner_last=partner)
        assert "your mum" not in rewrite.lower() and "wouldn't you" not in rewrite.lower(), rewrite
        assert "already does the job" not in suggestion, suggestion
        assert not re.search(r'Try:\s*"[^"]*(?:your mum|wouldn)', suggestion), suggestion
        assert "You have been in a care home" not in rewrite, rewrite  # the listener is the staff, not her


def test_an_honest_admission_is_kept_whole(evaluator: OfflineEvaluator) -> None:
    # Fails if "I do sometimes" is cut (or its "sometimes" named as a softener).
    assert admission("I do sometimes") and admission("maybe I was, a bit") and not admission("I do think so")
    # A bare "maybe I am" said back to a label accepts the label; it is not kept as an admission.
    assert not admission("Maybe I am") and not admission("maybe i was") and admission("maybe I am, a bit")
    line = "True, I do sometimes. So let's both clear our cups before bed: yours and mine in the sink by ten."
    suggestion, rewrite = _coach(evaluator, CUPS, line, partner_last="You leave cups out too.", name="Sam")
    assert "I do sometimes" in rewrite, rewrite
    assert '"sometimes"' not in suggestion, suggestion


def test_a_strong_line_with_one_hedge_loses_only_the_hedge(evaluator: OfflineEvaluator) -> None:
    # Fails if the introduction or the offer is cut to rebuild the line around one "sort of".
    line = ("Hi, I'm Dev from number 12. Your dog barks most mornings from six until eight, and I feel sort of worn "
            "out because I work nights. Could you bring him in before seven? I'd be glad to give you my number so "
            "you can text me if it's ever hard.")
    suggestion, rewrite = _coach(evaluator, NEIGHBOUR, line)
    assert rewrite.startswith("Hi, I'm Dev from number 12."), rewrite
    assert "sort of" not in rewrite and "give you my number" in rewrite, rewrite
    assert '"sort of"' in suggestion, suggestion


def test_a_yes_on_a_condition_is_taken_not_argued(evaluator: OfflineEvaluator) -> None:
    # Fails if the rewrite goes back to the complaint instead of accepting their condition and confirming the ask.
    assert condition_of("Okay, but then you have to stop using my charger.") == "stop using your charger"
    assert condition_of("Fine, whatever.") == ""
    line = "my charger? are you kidding? at least I don't rack up late fees. and what about your bike in the hall"
    suggestion, rewrite = _coach(evaluator, BILLS, line, partner_last="Okay, but then you have to stop using my charger.",
                                 name="Leo")
    assert rewrite.startswith("Deal.") and "stop using your charger" in rewrite, rewrite
    assert "late" not in rewrite.lower() and "bike" not in rewrite.lower(), rewrite
    assert "deal" in suggestion.lower(), suggestion


def test_the_reason_said_with_a_feeling_is_the_fact_not_a_side_complaint() -> None:
    # Fails if the fact offered is the side complaint about short visits, or speaks of the listener as "my physio".
    from voice_coach.feedback.asks import situation_fact

    situation = ("My physio sessions last about fifteen minutes and end with the same sheet of exercises. My knee has "
                 "hurt for six weeks since the fall on 3 May and I feel stuck. I want to ask for a scan.")
    fact = situation_fact(TurnContext(situation=situation, goal="I want to ask for a scan.", utterance=""))
    assert fact.startswith("My knee has hurt for six weeks") and "feel" not in fact, fact
