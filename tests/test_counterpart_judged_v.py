"""Regressions for counterpart replies a blind judge marked non-sequiturs or generic in set V, tested on fresh wording:
a threat "if you're going to be like this, we won't come" taken up as a proposal and said back with the wrong
pronoun, small talk with a friendly remark after it answered with the matter, the counterpart's offer taken up
answered with "Okay... so?", a topic named in a clause of its own missed, a new subject once a deal is made met
with the deal again or with "let's finish this first", and self-doubt met with another apology."""

from __future__ import annotations

from tests.helpers import generic_kind, heard_picker

from voice_coach.conversation.acts import read_acts
from voice_coach.conversation.openers import topic_sentence
from voice_coach.conversation.policy import Plan, Reaction
from voice_coach.conversation.replies import SMALL_TALK_QUESTION
from voice_coach.conversation.scenarios import Move
from voice_coach.conversation.unstated import takes_offer


def test_a_conditional_threat_to_stay_away_is_no_proposal() -> None:
    # Fails if "If you carry on like this, we just won't visit" is offered back as "Even if we won't visit, ...".
    acts = read_acts("Right, if you carry on like this, then we just won't visit. Simple.")
    assert acts.proposal is None and acts.retaliates


def test_small_talk_with_a_friendly_remark_after_it_is_still_small_talk_but_a_dig_is_not() -> None:
    # Fails if "How was Lisbon? Looked amazing." is not small talk, or "How was Lisbon? Must be nice." is.
    assert SMALL_TALK_QUESTION.search("Hiya! How was Lisbon? Looked amazing on your stories.")
    assert not SMALL_TALK_QUESTION.search("How was Lisbon? Must be nice for some.")


def test_the_counterparts_offer_taken_up_is_made_good() -> None:
    # Fails if "Ooh, go on then, that looks great. What is it?" after "want some curry?" gets "Okay... so?".
    assert takes_offer("Ooh, go on then, that looks great. What is it?", "I made loads of curry, want some?")
    assert not takes_offer("Go on then, say it.", "You look like you've got something to say.")
    picker, scenario = heard_picker("roommate-dishes", [])
    line = "Oh, go on then, that looks so good. What's in it?"
    reply = picker.pick(scenario, Plan(Move.CLARIFYING_QUESTION, Reaction.ANSWER), read_acts(line), line, asked=False)
    assert reply in generic_kind("offer_taken"), reply


def test_a_topic_named_in_a_clause_of_its_own_is_taken_up() -> None:
    # Fails if "this is a bit awkward, but it's about the bins." is missed as naming a topic.
    assert topic_sentence("Sorry, this is a bit awkward, but it's about the bins.") == "the bins"
    assert topic_sentence("Well, it's about time.") is None


def test_a_new_subject_once_a_deal_is_made_is_answered() -> None:
    # Fails if "Anyway, are you free on Sunday? I was thinking of a barbecue." after a yes gets the deal again or
    # "let's finish this first".
    picker, scenario = heard_picker("roommate-dishes", ["Could you wash your pans the same day you use them?"])
    yes = scenario.playbook.lines[Move.CONDITIONAL_AGREEMENT][0]
    picker.remember(yes)
    picker.deals.append(yes)
    line = "Anyway, are you free on Sunday? I was thinking of doing a barbecue."
    reply = picker.pick(scenario, Plan(Move.CONDITIONAL_AGREEMENT, Reaction.ANSWER), read_acts(line), line, asked=True)
    # (answered by name once agreed: "Sunday? Should be, yes.")
    assert reply in generic_kind("chat") or reply.startswith("Sunday?"), reply


def test_self_doubt_is_met_with_reassurance() -> None:
    # Fails if "Sorry, I sound like such a nag now" gets another apology for the matter instead of reassurance.
    picker, scenario = heard_picker("roommate-dishes", ["The pans sat in the sink for three days this week."])
    line = "Sorry, I sound like such a nag now. You're a good flatmate really."
    reply = picker.pick(scenario, Plan(Move.PARTIAL_CONCESSION, Reaction.ANSWER), read_acts(line), line, asked=True)
    assert reply in generic_kind("reassure"), reply


def test_calling_oneself_names_is_no_insult_and_a_bitter_shrug_is_a_jab() -> None:
    # Fails if "I'll cover it myself like a mug. Lesson learned." is an insult (a hurt reply) or giving in (relief).
    acts = read_acts("Fine. Forget it. I'll cover the repair myself like a mug. Lesson learned.")
    assert not acts.attack and not acts.caving and acts.sarcastic


def test_calling_a_claim_rubbish_is_a_complaint() -> None:
    # Fails if "That's nonsense and you know it" reads as nothing said, and gets "Okay... so?".
    assert read_acts("Come off it. That's nonsense and you know it.").blame


def test_mock_wonder_and_martyrdom_are_sarcasm() -> None:
    # Fails if "Gee, I wonder what gave you that idea" or "I'll just do it all myself, as usual" is taken at face value.
    assert read_acts("Oh, really? Gee, I wonder what gave you that idea.").sarcastic
    assert read_acts("It's fine. I'll just do it all myself, as usual.").sarcastic


def test_a_review_put_up_to_shame_them_is_a_threat() -> None:
    # Fails if "I'll put a review up... we'll see how busy you are then" is not heard as a threat.
    assert read_acts("I'll post a review online for everyone to see. We'll see how busy you are then.").retaliates


def test_a_plain_ask_after_a_shrug_is_no_giving_in() -> None:
    # Fails if "Whatever. Just send the invoice and we'll argue later" is taken as dropping the matter.
    assert not read_acts("Whatever. Just send the new invoice and we'll argue about it later.").caving
    assert read_acts("Whatever. Just forget it.").caving


def test_i_do_have_a_question_announces_one() -> None:
    # Fails if "Yes, I do have a question" is met with a stall instead of a go-ahead.
    from voice_coach.conversation.replies import ANNOUNCES_ASK

    assert ANNOUNCES_ASK.search("Thanks. Yes, I do have a question, and it's about the plan itself.")
