"""Regressions for counterpart replies a blind judge marked generic or non-sequiturs in set AC, tested on fresh
wording: "can I mention a small thing?" answered with a condition, heading in together answered "all sorted, thanks
for asking", an offer said back with its ", either works", "So you're choosing her family?" right after "I'm not
choosing them over you", and nerves about asking read as a grievance ("I didn't know you felt that way")."""

from __future__ import annotations

from tests.helpers import generic_kind, scripted_reply
from voice_coach.conversation.acts import extract_proposal, read_acts
from voice_coach.conversation.line_shape import heads_off
from voice_coach.conversation.reply_cues import reads_back_denial


def test_asking_to_mention_a_small_thing_asks_nothing_yet() -> None:
    # Fails if "can I mention a small work thing?" is read as a request to grant (and gets "Yes, as long as ...").
    acts = read_acts("Thanks! Oh, while I've got you, can I mention a small work thing?")
    assert acts.preliminary and not acts.request


def test_heading_in_together_with_a_treat_is_going_off_together() -> None:
    # Fails if "Shall we head in? Coffee's on me this time." is not read as moving on together.
    assert heads_off("Right! Shall we head in? Coffee's on me this time.")
    assert heads_off("Anyway. Shall we go inside?")
    assert not heads_off("Shall we go in and ask the manager?")


def test_an_offer_ends_before_either_works() -> None:
    # Fails if ", either works" is said back inside the offer ("If you bring your laptop, either works, ...").
    assert extract_proposal("Or I could bring my laptop, either works.") == "you bring your laptop"
    assert extract_proposal("I could bring the dessert, honestly, whatever's easier.") == "you bring the dessert"


def test_a_denial_is_not_read_back_as_an_accusation() -> None:
    # Fails if a line tells the person they are doing what they just said they are not.
    assert reads_back_denial("So you're choosing your friends over me?", "I'm not choosing them over you. I promise.")
    assert not reads_back_denial("So you're moving out?", "I'm not choosing anyone over anyone.")
    reply, _plan = scripted_reply("holiday-with-partners-family",
                                  "I'm not choosing them over you, Dad. I love Christmas at yours.",
                                  last="Is this just this year, or is this the new arrangement?")
    assert "you're choosing" not in reply.lower(), reply


def test_nerves_about_asking_get_reassurance_not_a_grievance() -> None:
    # Fails if "I'm a bit nervous about asking" is heard as a feeling about the counterpart, or gets a stock question.
    assert not read_acts("Sorry, I'm a bit nervous, I've never asked for anything like this.").feelings
    assert read_acts("I'm nervous about the surgery itself.").feelings
    reply, _plan = scripted_reply("remote-fridays",
                                  "Hey, thanks for seeing me. It's nothing bad, I promise. Sorry, I'm a bit nervous about asking.")
    assert reply in generic_kind("go_ahead_sorry"), reply


def test_a_threat_is_said_back_by_what_it_threatens() -> None:
    # Fails if "I'll report it to trading standards" gets a stock "you don't have to make it a contest", or if the
    # threatened act is said back with the speaker's pronouns or with the sneer after it.
    from voice_coach.conversation.retorts import threat_phrase

    assert threat_phrase("Fine. I'll tell everyone at work not to use you, and see how that goes.") == (
        "tell everyone at work not to use you")
    assert threat_phrase("I'll finish the report tonight.") is None
    reply, _plan = scripted_reply("faulty-laptop-return", "Fine. Maybe I'll write a review about my laptop tonight. See how that goes.")
    assert reply.startswith("You'd write a review about your laptop tonight?"), reply
