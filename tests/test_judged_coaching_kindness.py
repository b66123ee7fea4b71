"""Regressions for coaching a blind judge rated poor or harmful: kind words, concessions and validation read as
softeners or benefits, a retaliation offered as a deal, and a grievance suggested to someone saying no to a kind
offer. Every line here is fresh wording, not the judged row's."""

from __future__ import annotations

import pytest

from tests.helpers import coach_line, engine_evaluator

from voice_coach.feedback.clauses import analyse
from voice_coach.feedback.coaching import feeling_line
from voice_coach.feedback.offline import OfflineEvaluator

UPSTAIRS = ("My upstairs neighbour Kai runs a treadmill at midnight most nights and I start work at six. "
            "I want him to stop using it after ten.")


@pytest.fixture(scope="module")
def evaluator() -> OfflineEvaluator:
    """The offline evaluator, without the bank's hand-written rewrites (the engine's own output is tested)."""
    return engine_evaluator()


@pytest.mark.parametrize("line", ["I understand you're really busy", "I get that you're busy",
                                  "I appreciate you're busy today"])
def test_saying_you_understand_they_are_busy_is_validation_not_self_minimising(line: str) -> None:
    # Fails if taking up their "I'm swamped" is named as playing one's own point down.
    analysis = analyse(line)
    assert not analysis.of("self_minimising") and not any(k == "self_minimising" for c in analysis.clauses
                                                         for k, _ in c.problems), line


def test_deferring_to_how_busy_they_are_before_an_ask_is_still_self_minimising() -> None:
    # Fails if the validation exception swallows the deferential "I know you're super busy" opener.
    analysis = analyse("sorry, I know you're super busy, could you look at my timesheet")
    assert any(k == "self_minimising" for c in analysis.clauses for k, _ in c.problems)


def test_disagreeing_that_way_is_no_benefit_and_good_for_you_is_one() -> None:
    # Fails if "see it that way" is read as "that way (you'd gain)", or a gain for them is read as a plain statement.
    assert not analyse("and I don't see it that way").of("benefit")
    assert analyse("I think having your own place would be good for you").of("benefit")


@pytest.mark.parametrize("line", ["I love you", "and I miss you"])
def test_a_short_declaration_of_love_is_a_feeling_not_a_filler(line: str) -> None:
    # Fails if the three words that say everything are tidied away as a filler.
    assert analyse(line).of("feeling"), line


def test_thanking_them_for_a_kind_offer_is_validation() -> None:
    # Fails if "That's so kind of you" is a bare statement the rewrite may drop before a no.
    assert analyse("That's so kind of you").of("validation")


def test_a_retaliation_offered_as_the_deal_is_cut_from_the_rewrite(evaluator: OfflineEvaluator) -> None:
    # Fails if "if you stop, I'll stop banging on the ceiling, which I know you hate" is approved as a benefit: it
    # admits retaliation and holds it over them.
    suggestion, rewrite = coach_line(
        evaluator, UPSTAIRS, "The treadmill woke me at 12:40 three nights this week. I'm asking you to stop using it "
        "after ten. If you do, I'll stop knocking on the ceiling, which I know you hate.",
        partner_last="It's the only time I get to work out.", name="Kai")
    assert "knocking" not in rewrite.lower() and "hate" not in rewrite.lower(), rewrite
    assert "after ten" in rewrite.lower(), rewrite
    assert "say it just like that" not in suggestion.lower(), suggestion


def test_the_feeling_suggested_for_a_refusal_is_no_grievance() -> None:
    # Fails if someone saying no (often to a kind offer) is told to say "I feel frustrated about this".
    sentence = feeling_line("frustrated", "refusal")
    assert sentence.startswith("I feel") and "frustrated" not in sentence
    assert feeling_line("worried", "request") == "I feel worried about this."


@pytest.mark.parametrize("line", ["maybe the noise plays a part", "perhaps you're right about the budget",
                                  "you might have a point"])
def test_granting_part_of_their_point_is_validation_and_its_maybe_no_hedge(line: str) -> None:
    # Fails if "maybe" that grants part of their point is cut as a softener, which makes a strong line sound harder.
    clauses = analyse(line).clauses
    assert [c.kind for c in clauses] == ["validation"] and not clauses[0].problems, line


def test_a_maybe_before_the_speakers_own_ask_is_still_a_hedge() -> None:
    # Fails if the concession reading swallows a hedged ask or offer.
    assert ("hedge", "maybe") in analyse("maybe you could call first").clauses[0].problems
