"""Regressions for counterpart replies in set AI, tested on fresh wording: bare "go on" answers to prefaces that say
something ("that's kind of what I wanted to talk about", "it's nothing bad", "bear with me"), a declined offer taken
as thanks for a favour, an offer taken up later answered with a denial, "we could come Boxing Day" said back as the
host's own visit, a sarcastic "you never forget..." denied as a sweeping charge, "why do I even bother" read as off
topic, and "one sec, it's on the letter" answered by asking for the details again."""

from __future__ import annotations

import pytest

from voice_coach.conversation.acts import extract_proposal, read_acts
from voice_coach.conversation.echoes import named_topic
from voice_coach.conversation.openers import go_ahead_kind
from voice_coach.conversation.unstated import asks_for_offered, declines_offer

from .helpers import generic_kind, scripted_reply


@pytest.mark.parametrize(("line", "kind"), [
    ("Honestly, that's sort of why I wanted to talk to you about it.", "go_ahead_expected"),
    ("Right. So what I need to say is kind of to do with that.", "go_ahead_expected"),
    ("I've been going back and forth on this for weeks, so bear with me.", "go_ahead_serious"),
    ("Hi. It's nothing serious, don't panic. Well. It's nothing bad.", "go_ahead_reassured"),
    ("Thanks for coming. There's one thing I wanted to bring up with you.", "go_ahead_something"),
    ("Don't worry about the mugs, I'll wash them.", None),
])
def test_a_preface_gets_a_go_ahead_that_answers_how_it_was_said(line: str, kind: str | None) -> None:
    # Fails if a preface that says something is answered with a bare "go on" kind, or an ordinary line is taken
    # for a preface.
    assert go_ahead_kind(line) == kind


def test_the_announced_preface_is_answered_in_the_reply() -> None:
    # Fails if "That's kind of what I wanted to talk about" to the counterpart's own guess gets a bare "Sure, go
    # ahead." instead of a go-ahead that shows it expected as much.
    reply, _ = scripted_reply("landlord-delayed-repair", "Mm. That's kind of what I wanted to talk about, yes.")
    assert reply in generic_kind("go_ahead_expected"), reply


def test_a_fronted_topic_is_said_back() -> None:
    # Fails if "the rota is kind of what I wanted to talk about" names no topic, so the go-ahead says nothing of it.
    assert named_topic("Okay, so, the rota is kind of what I wanted to talk to you about.") == "the rota"
    assert named_topic("Yeah, Friday is sort of what I wanted to talk about.") == "Friday"
    reply, _ = scripted_reply("credit-for-work", "Yes, the slides are kind of what I wanted to talk to you about.")
    assert "the slides" in reply.lower(), reply


def test_turning_down_an_offer_is_not_thanks_for_a_favour() -> None:
    # Fails if "No, I'm good, thanks" to "do you want some?" is answered "Oh, it's nothing." (thanks for a favour).
    offered = "I've made way too much curry, do you want some?"
    assert declines_offer("Oh, no, I'm good, thanks. I've eaten.", offered)
    assert not declines_offer("No, I'm fine, thanks. Can we talk about the bins?", "How's the new job?")
    reply, _ = scripted_reply("roommate-dishes", "Ah, no thanks, I've just had lunch.")
    assert reply in generic_kind("offer_declined"), reply


def test_an_offer_taken_up_later_is_recognised() -> None:
    # Fails if "Go on then, I'll have some pasta" long after "do you want some pasta?" is not read as the offer taken.
    assert asks_for_offered("Okay, fine, go on then, I'll have a bowl of pasta.", ["I made pasta, do you want some pasta?"])
    assert not asks_for_offered("I'll have a word with Sam about it.", ["I made pasta, do you want some pasta?"])


def test_coming_on_a_holiday_is_the_persons_side_visiting() -> None:
    # Fails if "We could come Boxing Day" is said back by the host as "if we come Boxing Day".
    assert extract_proposal("We could come Easter Sunday instead? Would that work?") == "you come Easter Sunday instead"


def test_a_sarcastic_never_forget_is_not_denied_as_a_sweeping_charge() -> None:
    # Fails if "you never forget to chase me for the rent" gets "Never? That's not fair." before the reply.
    reply, _ = scripted_reply("landlord-delayed-repair", "Funny how you never forget to chase me for the rent, though.")
    assert not reply.lower().startswith("never?"), reply


def test_why_do_i_even_bother_is_a_complaint() -> None:
    # Fails if "I don't know why I even bother" is read as nothing at all (and steered back as off topic).
    assert read_acts("I genuinely don't know why I even bother asking you.").blame
    assert read_acts("Why do I even bother, honestly.").blame


def test_going_to_fetch_the_details_is_waited_for() -> None:
    # Fails if "hang on, let me find the letter" to "can I have your account number?" gets the details asked for again.
    reply, _ = scripted_reply("medical-bill-dispute", "Yes, hold on, it's on the bill somewhere... let me find it.")
    assert reply in generic_kind("details_wait"), reply
