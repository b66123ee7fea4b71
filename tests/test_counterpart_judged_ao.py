"""Regressions for counterpart replies in set AO, tested on fresh wording: "the bit I can't get past" said back as a
refusal, a topic go-ahead to a line that already made the charge ("took credit for my work"), an offer to "log on
for an hour" not read as an offer, "You obviously don't care" steered back as off topic, "I did write a few
questions down" answered with the explanation, a threat to bring someone else in missed, and a proposal template
whose own words say the proposal again."""

from __future__ import annotations

from voice_coach.conversation.acts import extract_proposal, read_acts
from voice_coach.conversation.echoes import echo_ask
from voice_coach.conversation.line_bank import echoes_twice
from voice_coach.conversation.retorts import threatens

from .helpers import generic_kind, scripted_reply


def test_what_the_person_cannot_get_past_is_no_refusal() -> None:
    # Fails if "That's the part I can't get over" is said back as "You can't get over?", or a refusal loses its echo.
    assert echo_ask("Nobody rang first. That's the part I can't get over.") is None
    assert echo_ask("I can't pay the extra six thousand.") == "You can't pay the extra six thousand?"


def test_taking_credit_is_a_charge_not_a_topic() -> None:
    # Fails if "you took credit for my work" is not blame, so the reply only waves the topic on.
    assert read_acts("It's about the launch. You stood up and took credit for my slides.").blame
    reply, _ = scripted_reply("credit-for-work", "Yeah, it's about Tuesday. You stood up and took credit for my analysis.")
    assert reply not in {line.replace("{Topic}", "Tuesday") for line in generic_kind("topic_expected")}, reply


def test_logging_on_for_an_hour_is_an_offer() -> None:
    # Fails if "I could log on for an hour on Sunday" offers nothing to weigh up.
    assert extract_proposal("I could probably log on for an hour on Sunday night.") == "you log on for an hour on Sunday night"


def test_a_charge_about_them_is_not_off_topic() -> None:
    # Fails if "You clearly don't care if we freeze" is read as a new subject instead of an attack.
    acts = read_acts("You clearly don't care if we freeze.", partner_last="I'm dealing with it.")
    assert acts.attack and not acts.off_topic


def test_questions_written_down_get_a_go_ahead() -> None:
    # Fails if "I did write some questions down" is answered with the diagnosis before any question was asked.
    reply, _ = scripted_reply("doctor-explain-diagnosis", "I did write some questions down, but they're probably daft.")
    assert reply in generic_kind("go_ahead_question"), reply


def test_bringing_someone_else_in_is_a_threat() -> None:
    # Fails if "we're getting someone else in" is not read as a threat, or hiring in general is.
    assert threatens("If it's not done by Friday we're getting someone else in.")
    assert not threatens("We're getting someone in to look at the garden next week.")


def test_a_proposal_frame_that_says_the_proposal_again_is_skipped() -> None:
    # Fails if "If you join the team call, that helps. I still worry about the team call." is allowed.
    assert echoes_twice("If {proposal}, that would help. I still worry about the team call.", "you join the Monday team call")
    assert not echoes_twice("If {proposal}, I can work with that.", "you join the Monday team call")
