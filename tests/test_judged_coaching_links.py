"""Regressions for coaching a blind judge rated poor (seed 20261217): a promise kept without the "if ..." it was made
on, a gain that depends on the ask ("then I can ...") put before it and the line's own verb-less ask replaced, a
"maybe" that offers an option inside an open question cut as a hedge, pleading called sarcasm while the apology
and the giving in went unnamed, and a "Maybe not," that grants their point named as a hedge. Every line here is
fresh wording, not the judged row's."""

from __future__ import annotations

import re

import pytest

from tests.helpers import coach_line, engine_evaluator

from voice_coach.feedback.clauses import analyse
from voice_coach.feedback.gate import has_ask
from voice_coach.feedback.links import orphaned_by_condition, small_ask
from voice_coach.feedback.offline import OfflineEvaluator

BLENDER = ("I bought a $120 blender online and it arrived with a cracked jug. I want a replacement jug sent at no "
           "cost.")
GUESTS = ("My housemate Priya has friends over on weeknights without telling me, and I walk out of the shower to "
          "strangers in the kitchen. I want Priya to text me before she has people over.")
DRUMS = ("My neighbour Ines practises drums in her flat until midnight and our bedrooms share a wall. I want quiet "
         "after ten on weeknights.")
KEY = "My dad has a key to my flat and drops in most evenings without calling. I want him to call before he comes round."
LOAN = "I lent my friend Cole $200 in May and he hasn't paid any of it back. I want the $200 back by Friday."


@pytest.fixture(scope="module")
def evaluator() -> OfflineEvaluator:
    """The offline evaluator, without the bank's hand-written rewrites (the engine's own output is tested)."""
    return engine_evaluator()


# -- 1. a promise made on a condition keeps it, or goes with it ----------------------------------------------------

def test_a_promise_whose_condition_is_cut_is_not_kept_as_unconditional(evaluator: OfflineEvaluator) -> None:
    # Fails if "I'll leave you a five-star review" is said without the "if this gets fixed this week" it was made on.
    _, rewrite = coach_line(evaluator, BLENDER, "Okay. If this gets fixed this week, I'll leave you a five-star review, I "
                            "write a lot of them. I'm fine with whatever she decides.",
                            partner_last="I'll have to check with my supervisor.")
    if "five-star review" in rewrite:
        assert re.search(r"\bif this gets fixed this week, I'll leave you a five-star review", rewrite, re.I), rewrite
    assert "I write a lot of them" not in rewrite, rewrite


def test_what_the_sentence_says_of_a_dropped_conditional_promise_goes_with_it() -> None:
    # Fails if only the promise is dropped and "I've got a sofa on my list" is left hanging on its own.
    clauses = analyse("If we settle it today, I'll keep shopping here, I've got a sofa on my list for May.").clauses
    kept = [False, False]
    assert orphaned_by_condition(clauses, 1, kept[:1])
    assert orphaned_by_condition(clauses, 2, kept)


def test_a_fact_after_a_softener_condition_is_not_orphaned() -> None:
    # Fails if any clause after a cut "if ..." is dropped, not only a promise and what is said of it.
    clauses = analyse("If you remember, I paid the $300 deposit in March.").clauses
    assert not orphaned_by_condition(clauses, len(clauses) - 1, [False] * (len(clauses) - 1))


# -- 2. a gain that depends on the ask follows it; a line's own verb-less ask is its ask ---------------------------

@pytest.mark.parametrize("said", ["just a text before people come over, that's all", "a quick call first",
                                  "All I'm asking for is a heads-up when you're bringing friends"])
def test_a_verbless_ask_in_the_persons_words_counts_as_an_ask(said: str) -> None:
    # Fails if "just a text before people come over" is read as a statement with a hedge instead of the ask.
    clause = analyse(f"I know. {said}.").clauses[-1 if "that's all" not in said else -2]
    assert clause.kind == "request" and ("hedge", "just") not in clause.problems, (clause.kind, clause.problems)
    assert small_ask(said) and has_ask(said[:1].upper() + said[1:] + ".")


def test_a_line_that_asks_in_its_own_words_keeps_its_ask_and_its_then(evaluator: OfflineEvaluator) -> None:
    # Fails if the scenario's ask replaces "Just a text before people come over", or "Then I can ..." comes before it.
    suggestion, rewrite = coach_line(evaluator, GUESTS, "i know, and i'm not saying no guests ever. just a text before "
                                     "people come over, that's all. then i can get dressed and say hi properly",
                                     partner_last="They're my friends, they're nice.", name="Priya")
    assert "Just a text before people come over" in rewrite, rewrite
    assert rewrite.index("Then I can get dressed") > rewrite.index("Just a text"), rewrite
    assert 'Drop "just"' not in suggestion, suggestion


def test_a_then_benefit_follows_the_scenarios_ask(evaluator: OfflineEvaluator) -> None:
    # Fails if "Then I could get dressed first" stays before the ask it depends on (it reads as an odd offer).
    _, rewrite = coach_line(evaluator, GUESTS, "Strangers were in the kitchen twice this week when I came out of the "
                            "shower. Then I could get dressed first and say hi.", name="Priya")
    assert "Then I could get dressed first" in rewrite, rewrite
    assert rewrite.index("Then I could") > rewrite.index("I'm asking"), rewrite


def test_a_then_clause_is_a_benefit_with_its_then() -> None:
    # Fails if "then we can leave on time" loses its "then" or is kept as a bare statement.
    clause = analyse("Please be ready by eight. Then we can leave on time.").clauses[-1]
    assert clause.kind == "benefit" and clause.tidy.lower().startswith("then we can leave"), (clause.kind, clause.tidy)


# -- 3. a "maybe" that offers an option inside an open question is no hedge ------------------------------------------

@pytest.mark.parametrize("line", ["What would help, perhaps a practice pad on weeknights?",
                                  "How could we make that work for you, maybe putting the kit in the garage?",
                                  "What would make it easier, maybe moving your desk to the spare room?"])
def test_an_option_offered_inside_an_open_question_keeps_its_maybe(line: str) -> None:
    # Fails if the "maybe"/"perhaps" that introduces the option is cut as a hedge.
    clause = analyse(line).clauses[-1]
    assert clause.kind == "offer" and clause.tidy.lower().startswith(("maybe", "perhaps")), (clause.kind, clause.tidy)
    assert not any(k == "hedge" for k, _ in clause.problems), clause.problems


def test_a_maybe_inside_the_ask_is_still_a_hedge() -> None:
    # Fails if the option rule spares every "maybe" after a comma in a question.
    clause = analyse("Could you, maybe, turn it down after ten?").clauses
    assert any(k == "hedge" and p.lower() == "maybe" for c in clause for k, p in c.problems)


def test_a_line_with_an_option_in_its_question_is_approved_as_said(evaluator: OfflineEvaluator) -> None:
    # Fails if the suggestion says 'Drop "perhaps"' and the rewrite is left with a broken question.
    line = "I'm asking for quiet after ten on weeknights. What would help, perhaps a practice pad on weeknights?"
    suggestion, rewrite = coach_line(evaluator, DRUMS, line, partner_last="Nobody else has complained.", name="Ines")
    assert "perhaps" not in suggestion.lower() and "perhaps a practice pad" in rewrite, (suggestion, rewrite)


# -- 4. pleading is not sarcasm; the apology and the giving in are named ---------------------------------------------

def test_pleading_is_not_called_sarcasm_and_the_apology_and_giving_in_are_named(evaluator: OfflineEvaluator) -> None:
    # Fails if "no no dad, please don't be like that" is named as sarcasm or kept as the ask, or the suggestion
    # misses "i'm sorry" or "i guess you can drop in whenever".
    suggestion, rewrite = coach_line(evaluator, KEY, "no no dad, please don't be like that, i'm sorry, i guess you can "
                                     "drop in whenever, it's just, a call would be nice maybe?",
                                     partner_last="Fine. I'll stay away then.")
    assert "sarcasm" not in suggestion and "don't be like that" not in rewrite.lower(), (suggestion, rewrite)
    assert "i'm sorry" in suggestion and "i guess you can drop in whenever" in suggestion, suggestion


@pytest.mark.parametrize("line, kind", [("no no, please don't be like that", "filler"),
                                        ("no, no, take your time", "sarcasm")])
def test_a_plea_is_not_sarcasm_but_a_mock_no_no_still_is(line: str, kind: str) -> None:
    # Fails if every "no no" is read one way: a plea as sarcasm, or "no, no, take your time" as sincere.
    kinds = [c.kind for c in analyse(line).clauses]
    assert kinds[0] == kind or kind in kinds, kinds


@pytest.mark.parametrize("line, caving", [("fine, you can call me whenever", True),
                                          ("i suppose you can use the car any time", True),
                                          ("you can call me any time if there's an emergency", False)])
def test_handing_them_the_terms_is_giving_in(line: str, caving: bool) -> None:
    # Fails if "i guess you can come whenever" is kept as a statement, or a plain offer is called giving in.
    kinds = [c.kind for c in analyse(line, goal_type="boundary").clauses]
    assert ("caving" in kinds) is caving, kinds


# -- 5. "Maybe not," that grants their point is an acknowledgement ---------------------------------------------------

def test_maybe_not_granting_their_point_is_not_a_hedge(evaluator: OfflineEvaluator) -> None:
    # Fails if "Maybe not," is named as a hedge or cut from a reply that otherwise works.
    suggestion, rewrite = coach_line(evaluator, LOAN, "Maybe not, but I do. I'm asking for the $200 back by Friday.",
                                     partner_last="Your sister never minded lending me money.", name="Cole")
    assert '"Maybe"' not in suggestion and rewrite.startswith("Maybe not"), (suggestion, rewrite)


def test_maybe_not_is_an_acknowledgement_only_in_a_reply() -> None:
    # Fails if "maybe not" first in a reply stays a hedge, or becomes an acknowledgement with nobody to answer.
    assert analyse("Maybe not, but I do.", partner="Nobody else minds.").clauses[0].kind == "validation"
    assert analyse("Maybe not, but I do.").clauses[0].kind != "validation"


@pytest.mark.parametrize("partner", ["You're being really dramatic about this.", "You are so uptight."])
def test_maybe_said_back_to_a_label_is_not_kept_as_an_acknowledgement(partner: str) -> None:
    # Fails if "maybe not" / "maybe" said to "you're being dramatic" is kept: it half accepts the label.
    for line in ("Maybe not, but I'm asking for the money back.", "Maybe. I'm asking for the money back."):
        assert analyse(line, partner=partner).clauses[0].kind != "validation", (line, partner)


def test_an_open_question_after_a_cut_condition_is_not_dropped_as_a_promise() -> None:
    # Fails if anything after an "if ..." is treated as a promise: "what would work for you?" invites, it promises nothing.
    clauses = analyse("ok if money's tight, what would work for you?").clauses
    assert not orphaned_by_condition(clauses, len(clauses) - 1, [False] * (len(clauses) - 1))


# -- 6. how a proposal would work is part of the offer (seed 20261218, row 21) ------------------------------------

COVER = ("I want to ask my manager Ruth to let me leave at 3 pm on Wednesdays to collect my son from school. I'd make "
         "up the hour in the evening.")


def test_the_detail_after_a_we_could_proposal_is_part_of_the_offer() -> None:
    # Fails if "I log back on from eight to nine that evening" is read as a weak request beside the proposal.
    clauses = analyse("Or we could try it for a month, I log back on from eight to nine that evening.").clauses
    assert [c.kind for c in clauses] == ["offer", "offer"], [(c.kind, c.text) for c in clauses]


def test_an_answer_with_a_worked_out_proposal_is_kept_whole(evaluator: OfflineEvaluator) -> None:
    # Fails if the rewrite cuts how the proposal would work, or the answer's "that's fine", from a line that does the job.
    line = ("Then I'd stay on, that's fine. Or we could leave Wednesdays open, I ask you each Monday whether a client "
            "needs me that afternoon. Would that suit you?")
    suggestion, rewrite = coach_line(evaluator, COVER, line, partner_last="And what if a client calls at four?")
    assert "I ask you each Monday whether a client needs me" in rewrite, rewrite
    assert "already does the job" in suggestion, suggestion


def test_a_wish_after_a_proposal_stays_a_weak_request() -> None:
    # Fails if the detail rule swallows a hedged wish ("I was hoping ...") as part of the offer.
    clauses = analyse("Or we could try it for a month, I was hoping you might say yes.").clauses
    assert clauses[-1].kind != "offer", [(c.kind, c.text) for c in clauses]
