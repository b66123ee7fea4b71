"""Regressions for coaching a blind judge rated poor (seed 20261216): a fact and a feeling lost while a vague "better
for everyone" was kept, a line with its own counter-offer given the scenario's general ask, an ask said twice, a
stance that answered the other person dropped, a "No," and an owned opinion cut from a reply, and a strong line
approved with its vague tail. Every line here is fresh wording, not the judged row's."""

from __future__ import annotations

import re

import pytest

from tests.helpers import coach_line, engine_evaluator

from voice_coach.feedback.clauses import analyse, sentences, topic_words
from voice_coach.feedback.coaching import coach_line as coach_rated
from voice_coach.feedback.offline import OfflineEvaluator
from voice_coach.feedback.own_terms import counter_offer, invitation, outcome_ask
from voice_coach.feedback.rewrite import OFFER_LINE
from voice_coach.feedback.stances import vague_tail
from voice_coach.feedback.suggest import offers_unshown_stock
from voice_coach.ports import TurnContext
from voice_coach.skills import Skill

SOFA = ("My flatmate Theo's brother has been sleeping on our sofa for three weeks. We share a one-bathroom flat and we "
        "both start work at seven. I want him to move out by the end of the month.")
HEATER = TurnContext(
    situation="My roommate Sol runs a space heater all night and our shared electric bill doubled this winter.",
    goal="I want us to agree that Sol pays the extra on the electric bill.", goal_type="request",
    counterpart_name="Sol", partner_last="Fifty dollars is nothing, it's one takeaway.", utterance="", turn_index=1)
GYM = ("The gym charged me $240 for a year after I cancelled my membership in writing in March. They offered me three "
       "free months of personal training instead. I want the $240 refunded to my card.")
LUNCH = TurnContext(
    situation="My manager Dana books meetings over my lunch break most days.",
    goal="I want her to keep twelve to one free of meetings.", goal_type="request", counterpart_name="Dana",
    partner_last="Everyone else eats at their desk.", utterance="", turn_index=1)
DIWALI = ("My parents expect my husband Arjun and me for every Diwali. This year we want to celebrate with Arjun's "
          "grandmother, who is ninety, and I have to tell my parents.")


@pytest.fixture(scope="module")
def evaluator() -> OfflineEvaluator:
    """The offline evaluator, without the bank's hand-written rewrites (the engine's own output is tested)."""
    return engine_evaluator()


def _asks(text: str) -> int:
    """Sentences of a rewrite that ask for something (a request, a "could it ...?" or a "please")."""
    return sum(bool(re.search(r"\bI'm asking\b|^(?:could|can|would|will) |\bplease\b", s, re.IGNORECASE))
               for s in re.split(r"(?<=[.?!])\s+", text))


# -- 1. a fact that serves the goal and the person's feeling survive; a vague gain does not -----------------------

def test_a_fact_named_by_a_hyphenated_word_of_the_situation_survives_the_rewrite(evaluator: OfflineEvaluator) -> None:
    # Fails if "we only have one bathroom" is read as off topic because the situation wrote "one-bathroom".
    _, rewrite = coach_line(evaluator, SOFA, "theo, your brother has been on our sofa for three weeks now, and we only "
                            "have one bathroom. i guess it sort of stresses me out? maybe he could like, find somewhere "
                            "or something, if that's alright. it'd be easier for everyone probably", name="Theo")
    assert "one bathroom" in rewrite.lower(), rewrite


@pytest.mark.parametrize("line, said", [("i guess it sort of stresses me out?", "It stresses me out"),
                                        ("it kind of upsets me", "It upsets me"),
                                        ("it really bothers me", "It really bothers me")])
def test_a_hedged_feeling_is_kept_without_its_hedges(line: str, said: str) -> None:
    # Fails if the feeling inside the hedges is dropped as a filler or a stray statement.
    clause = analyse(line).clauses[-1]
    assert clause.kind == "feeling" and clause.tidy == said, (clause.kind, clause.tidy)


def test_the_rewrite_says_the_hedged_feeling_plainly(evaluator: OfflineEvaluator) -> None:
    # Fails if the rewrite drops "it kind of worries me" instead of saying "It worries me."
    _, rewrite = coach_line(evaluator, SOFA, "theo, your brother has been on our sofa for three weeks, and we only have "
                            "one bathroom. i guess it kind of worries me? maybe he could find somewhere or something",
                            name="Theo")
    assert "It worries me." in rewrite and "kind of" not in rewrite.lower(), rewrite


def test_a_line_with_its_own_ask_is_told_to_say_its_hedged_feeling_plainly(evaluator: OfflineEvaluator) -> None:
    # Fails if the suggestion that names the hedges around the feeling offers some other sentence to say plainly.
    suggestion, rewrite = coach_line(evaluator, SOFA, "theo, your brother has been on our sofa for three weeks, and we "
                                     "only have one bathroom. i guess it kind of worries me. could you ask him to move "
                                     "out by the end of the month?", name="Theo")
    assert "It worries me." in rewrite, rewrite
    assert suggestion.endswith('Say it plainly: "It worries me."'), suggestion


@pytest.mark.parametrize("line", ["it would be great for everyone honestly", "it would really be good for both of us",
                                  "that'll be better for us"])
def test_a_gain_for_everyone_that_names_nothing_is_not_a_benefit_kept(line: str) -> None:
    # Fails if "it'd be easier for everyone" is kept as the line's benefit: no gain anyone could picture.
    assert not analyse(line).of("benefit"), line


def test_a_gain_that_names_something_is_still_a_benefit() -> None:
    # Fails if the vague-gain rule swallows a real benefit.
    assert analyse("that way you'd have the bathroom free before seven").of("benefit")


# -- 2. a line with its own counter-offer keeps it and its open question; no general ask is appended ---------------

@pytest.mark.parametrize("line", ["I could live with sixty-forty if we also turn the heater off after midnight",
                                  "we could do two nights a week", "i can cover $50 of it"])
def test_a_concrete_counter_offer_of_ones_own_is_an_offer(line: str) -> None:
    # Fails if "I could live with sixty-forty if ..." is a plain statement (the rewrite then asks the goal again).
    assert counter_offer(line) and analyse(line).of("offer"), line


def test_a_vague_could_is_no_counter_offer() -> None:
    # Fails if "I could live with that" (no amount, count or day) is read as terms of the person's own.
    assert not counter_offer("I could live with that")


@pytest.mark.parametrize("line", ["What split feels fair to you?", "How does that sound?",
                                  "what amount would work for you?", "What do you think?"])
def test_an_open_question_inviting_their_answer_is_negotiate(line: str) -> None:
    # Fails if the question that invites their terms is dropped as a stray question.
    assert invitation(line) and analyse(line).of("offer"), line


def test_an_accusing_question_is_no_invitation() -> None:
    # Fails if any question to them counts as leaving room for their answer.
    assert not invitation("Why do you always leave it running?")


def test_a_line_with_its_own_counter_offer_gets_no_general_ask_appended() -> None:
    # Fails if the scenario's general request is pasted after the person's own terms, or their open question is cut.
    labels = {"describe": "strong", "express": "none", "assert": "none", "reinforce": "none", "negotiate": "strong",
              "mindful": "yes", "confident": "yes"}
    line = ("Right. The bill was two hundred and ten in January, and in October it was ninety. What split feels fair to "
            "you? I could live with sixty-forty if we also turn the heater off after midnight")
    suggestion, rewrite, _ = coach_rated(HEATER.model_copy(update={"utterance": line}), labels, Skill.ASSERT)
    assert "What split feels fair to you?" in rewrite and "sixty-forty" in rewrite, rewrite
    assert "pays the extra" not in rewrite and "I want us to agree" not in rewrite, rewrite
    assert "say what you want in one sentence" not in suggestion.lower(), suggestion


# -- 3. exactly one clear request ---------------------------------------------------------------------------------

def test_the_scenario_ask_is_not_followed_by_the_persons_softened_twin(evaluator: OfflineEvaluator) -> None:
    # Fails if "Could it be a refund instead?" is kept after the clear ask it softens: two asks, the second weaker.
    _, rewrite = coach_line(evaluator, GYM, "oh, three months, that's, um, nice i guess, but i don't really train "
                            "much... could it maybe be a refund instead? or whatever, it's fine, i'll take what i can get",
                            partner_last="We can give you three months of personal training, that's worth more than the fee.")
    assert "$240" in rewrite and "instead" not in rewrite.lower(), rewrite
    assert _asks(rewrite) == 1, rewrite


# -- 4. a stance that answers them stays; a rule said of the thing is the ask; the suggestion matches --------------

@pytest.mark.parametrize("line", ["i'm speaking for myself", "I'm asking for me", "and this is about me"])
def test_speaking_for_oneself_is_a_stance_not_a_vague_request(line: str) -> None:
    # Fails if "I'm asking for myself" is read as a request naming nothing, and dropped as too vague.
    kinds = {c.kind for c in analyse(line, partner="Nobody else minds.").clauses}
    assert kinds == {"answer"}, kinds


def test_a_rule_said_of_the_thing_is_the_persons_ask() -> None:
    # Fails if "meetings ... can wait till the afternoon" is not read as asking, so the goal's ask is added after it.
    topic = topic_words(LUNCH.goal, LUNCH.situation)
    assert outcome_ask("I'm speaking for myself: meetings between twelve and one can wait till the afternoon", topic)
    assert outcome_ask("meetings at lunch can wait till the afternoon", topic)
    assert not outcome_ask("You can wait till the afternoon", topic)


def test_the_stance_that_answers_them_and_the_persons_rule_are_kept_without_a_second_ask() -> None:
    # Fails if "I'm speaking for myself" (the answer to "everyone else does it") is dropped or the authored ask is
    # appended after a sentence that already says what is wanted.
    labels = {"describe": "none", "express": "none", "assert": "strong", "reinforce": "none", "negotiate": "none",
              "mindful": "yes", "confident": "yes"}
    line = "that's not really the issue. i'm speaking for myself: meetings between twelve and one can wait till the afternoon"
    suggestion, rewrite, _ = coach_rated(LUNCH.model_copy(update={"utterance": line}), labels, Skill.NEGOTIATE)
    assert "I'm speaking for myself: meetings between twelve and one can wait till the afternoon." in rewrite, rewrite
    assert "free of meetings" not in rewrite, rewrite
    # The suggestion may not tell them to add an open question the rewrite beside it leaves out.
    assert OFFER_LINE not in suggestion or OFFER_LINE in rewrite, (suggestion, rewrite)


def test_a_suggestion_to_add_a_stock_question_the_rewrite_leaves_out_is_caught() -> None:
    # Fails if a suggestion recommending the stock open question is accepted beside a rewrite that does not say it.
    told = f'Leave room for their answer with one open question: "{OFFER_LINE}"'
    assert offers_unshown_stock(told, "Meetings at lunch can wait.")
    assert not offers_unshown_stock(told, f"Meetings at lunch can wait. {OFFER_LINE}")


# -- 5. a "No," answering their yes/no question and an owned opinion stay -----------------------------------------

def test_a_bare_no_answering_their_yes_no_question_is_kept(evaluator: OfflineEvaluator) -> None:
    # Fails if "No," is tidied away as a filler, which leaves their direct question unanswered.
    _, rewrite = coach_line(evaluator, DIWALI, "No, I decided this myself. I think it's reasonable, we've come here six "
                            "years running. We'll visit the weekend after", partner_last="Did Arjun talk you into this?")
    assert rewrite.startswith("No, I decided this myself"), rewrite


def test_a_no_is_an_answer_only_to_a_yes_no_question() -> None:
    # Fails if a leading "no" is kept as an answer when they asked nothing that "no" could answer.
    assert analyse("no, I decided this myself", partner="Why are you doing this?").clauses[0].kind != "answer"
    assert analyse("no, I decided this myself", partner="Did Arjun talk you into this?").clauses[0].kind == "answer"


@pytest.mark.parametrize("line", ["I think it's reasonable", "I believe that's only fair", "i think it's not fair"])
def test_i_think_before_a_verdict_of_fairness_is_an_owned_opinion_not_a_hedge(line: str) -> None:
    # Fails if "I think" is cut as a softener from an I-statement of opinion.
    clause = analyse(line).clauses[0]
    assert clause.tidy.startswith("I ") and not any(k == "hedge" for k, _ in clause.problems), clause


def test_i_think_before_a_hedged_idea_is_still_a_hedge() -> None:
    # Fails if the opinion rule stops "I think maybe we could" from being named as hedging.
    clause = analyse("I think maybe we could try it").clauses[0]
    assert any(k == "hedge" for k, _ in clause.problems), clause


@pytest.mark.parametrize("line", ["i'm only part time", "I'm just an intern", "and I'm only the new guy"])
def test_playing_down_ones_own_standing_is_self_minimising(line: str) -> None:
    # Fails if "I'm only part time" is kept as a fact of the case because a situation word ("part-time") matches.
    assert analyse(line, topic=frozenset({"part", "part-time", "intern"})).of("self_minimising"), line


# -- the vague tail of a strong line (row 23 of the same judgement) -----------------------------------------------

CARE = TurnContext(
    situation="My mum is in a care home and fell twice this week; nobody called me until the next morning.",
    goal="I want the home to phone me within an hour whenever she has a fall.", goal_type="request",
    partner_last="She's fine now, there's nothing to worry about.", utterance="", turn_index=1)


def test_a_strong_line_is_kept_without_the_vague_tail_after_its_ask() -> None:
    # Fails if "That would really help, for all of us, and I'm sure we can sort something out." is approved with the
    # line: after a clear ask it names no gain and no terms, and undercuts the ask.
    labels = {"describe": "strong", "express": "strong", "assert": "strong", "reinforce": "weak", "negotiate": "none",
              "mindful": "yes", "confident": "yes"}
    line = ("Thanks for checking on her. She fell twice this week and nobody called me until the next morning. I'm "
            "asking for a phone call within an hour after any fall. That would really help, for all of us, and "
            "I'm sure we can sort something out.")
    suggestion, rewrite, _ = coach_rated(CARE.model_copy(update={"utterance": line}), labels, Skill.REINFORCE)
    assert rewrite.endswith("I'm asking for a phone call within an hour after any fall."), rewrite
    assert rewrite.startswith("Thanks for checking on her. She fell twice this week"), rewrite
    assert "sort something out" in suggestion and "already does the job" not in suggestion, suggestion


def test_a_last_sentence_that_names_a_gain_is_no_vague_tail() -> None:
    # Fails if a concrete benefit after the ask is cut as a vague tail.
    line = ("She fell twice this week. I'm asking for a phone call within an hour whenever she has a fall. That way I "
            "can be there before the doctor's round.")
    assert not vague_tail(analyse(line).clauses, sentences(line))
    vague = "She fell twice this week. I'm asking for a call. It'd be good for everyone."
    assert vague_tail(analyse(vague).clauses, sentences(vague)) == "It'd be good for everyone."
