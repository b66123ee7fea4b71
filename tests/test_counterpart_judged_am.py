"""Regressions for counterpart replies in set AM, tested on fresh wording: a practical question on arrival and a
"no, not yet" to the opening question met with stock lines, "go on then, I'd love some" read as a request,
"finish your message, I'll wait" mid-talk, warmth that leads into the complaint answered as warmth alone, "let's
start with the washing-up" taken as an offer, "we could pay some of it" said back by the one paid, "I'll talk to
my partner and get back to you" ignored, an apology for a jab answered with "this is a lot", and "I'm ringing the
council" not read as a threat."""

from __future__ import annotations

from voice_coach.conversation.acts import extract_proposal, read_acts
from voice_coach.conversation.follow_up import will_get_back
from voice_coach.conversation.openers import answers_not_yet, settles_in
from voice_coach.conversation.policy import Plan, Reaction
from voice_coach.conversation.retorts import threatens
from voice_coach.conversation.scenarios import Move

from .helpers import generic_kind, heard_picker, scripted_reply


def test_settling_in_is_answered_as_asked() -> None:
    # Fails if "Where shall I put my coat?" gets a stock "go on", or an ordinary line is taken for settling in.
    assert settles_in("Sorry, where should I put my coat?")
    assert not settles_in("Should I put the request in writing?")
    reply, _ = scripted_reply("ask-for-raise", "Oh, thanks. Sorry, can I leave my bag here?")
    assert reply in generic_kind("settle_in"), reply


def test_no_not_yet_to_the_opening_question_is_asked_about() -> None:
    # Fails if "No, not yet" to "Have you started the tablets yet?" is met with a stock line.
    assert answers_not_yet("Um, no. Not yet, sorry.", "So, have you started the tablets yet?")
    assert not answers_not_yet("No, I want to talk about the bill.", "Can I have your account number?")
    reply, _ = scripted_reply("doctor-explain-diagnosis", "Er, no, not yet. I meant to.")
    assert reply in generic_kind("not_yet"), reply


def test_go_on_then_id_love_some_takes_the_offer() -> None:
    # Fails if "Go on then, I'd love some" to food offered is read as a request, or "I'd love some help" is not.
    offered = "I've made a big pot of soup, want some?"
    assert not read_acts("Oh, go on then, I'd love some. Thanks.", partner_last=offered).request
    assert read_acts("Go on then, I'd love some help with the recycling, though.", partner_last=offered).request


def test_letting_them_finish_mid_talk_is_thanked() -> None:
    # Fails if "finish your text to Ben, I'll wait" is answered with "What is it you want from me?" once Ben is named.
    picker, scenario = heard_picker("partner-phone-at-dinner", [])
    line = "No worries, finish your text to Ben, I'll wait."
    reply = picker.pick(scenario, Plan(Move.CLARIFYING_QUESTION, Reaction.ANSWER), read_acts(line, partner_last=picker.last),
                        line, asked=False)
    assert reply in generic_kind("let_finish"), reply


def test_starting_with_a_topic_is_no_offer() -> None:
    # Fails if "Sure, let's start with the bins" is said back as terms ("Maybe, if we start with the bins").
    assert extract_proposal("Ha. Sure, let's start with the bins.") is None


def test_paying_part_of_it_is_the_payers_side() -> None:
    # Fails if "we could pay some of it" is said back by the one paid as "if we pay some of it".
    assert extract_proposal("Maybe we could pay part of it now, so the work carries on?") == "you pay part of it now"


def test_getting_back_later_is_accepted() -> None:
    # Fails if "I'll check with my wife and let you know" is not read as a later answer, or a request is.
    assert will_get_back("Okay. I'll check with my wife tonight and let you know.")
    assert not will_get_back("Can you let me know by Friday?")


def test_an_apology_for_a_jab_is_taken_alone() -> None:
    # Fails if "Sorry, that was a cheap shot" gets the apology taken plus "Let me think about it. This is a lot."
    reply, _ = scripted_reply("sibling-loan-repayment", "Sorry, that was a cheap shot. I'm not here to have a go.")
    assert "this is a lot" not in reply.lower(), reply


def test_ringing_the_council_is_a_threat() -> None:
    # Fails if "I'm ringing the council" is not read as a threat, or an everyday call is.
    assert threatens("Right, that's it, I'm ringing the council.")
    assert not threatens("I'm calling the letting agent about the boiler tomorrow anyway.")
