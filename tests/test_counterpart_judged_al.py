"""Regressions for counterpart replies in set AL, tested on fresh wording: "Oh, it's nothing" to thanks that open a
complaint after a hello, mock congratulations ("It went great. For you."), "you did the same with...", an offer broken
off with dots and taken back, "it sort of frightened me", an explanation asked as "I didn't understand why", a topic
followed by "mate", "Let's just go in" beside a drink, "Laters" and "I'm late", "I'll get to it" taken as an offer, and a
keep-in-touch ask at the end of a settled talk met with a stock line."""

from __future__ import annotations

from voice_coach.conversation.acts import extract_proposal, read_acts
from voice_coach.conversation.echoes import named_topic
from voice_coach.conversation.follow_up import new_ask
from voice_coach.conversation.line_shape import heads_off, says_goodbye
from voice_coach.conversation.openers import thanks_only_opens
from voice_coach.conversation.replies import ASKS_TO_EXPLAIN

from .helpers import generic_kind, scripted_reply


def test_thanks_after_a_hello_still_only_open_the_matter() -> None:
    # Fails if "Hello. Thanks for seeing me. My phone..." is taken as thanks for a favour ("Oh, it's nothing.").
    line = "Hello, yes. Thanks for seeing me. This phone, I bought it here last month and the battery already dies by noon."
    assert thanks_only_opens(line)
    assert not thanks_only_opens("Thanks for fixing the shelf, it looks great.")
    reply, _ = scripted_reply("faulty-laptop-return", "Hi. Thank you for coming out. This laptop I bought keeps switching itself off.")
    assert reply not in generic_kind("thanks_plain"), reply


def test_mock_congratulations_and_old_charges_are_read() -> None:
    # Fails if "It went great. For you." is not sarcasm, if a sincere "so happy for you" is, or "you did the same
    # with X" is not blame.
    assert read_acts("Oh, it went brilliantly. Great. Really great for you.").sarcastic
    assert not read_acts("The launch went really well, I'm so happy for you.").sarcastic
    assert read_acts("And you did the same thing with my budget sheet last spring.").blame


def test_an_offer_broken_off_and_taken_back_is_no_proposal() -> None:
    # Fails if "Maybe I could just pay half and... no. No, I can't." is answered as an offer to pay half.
    assert read_acts("Maybe I could just pay half and... no. No, I can't do that either.").proposal is None
    assert read_acts("Maybe I could just pay half. Would that work?").proposal


def test_feelings_and_explanations_asked_in_other_words() -> None:
    # Fails if "it sort of frightened me" is no feeling, or "I didn't understand why" asks for no explanation.
    assert read_acts("Honestly, what I read sort of frightened me a bit. Well, it sort of frightened me.").feelings
    assert ASKS_TO_EXPLAIN.search("You said it wouldn't help, but I didn't really understand why.")
    assert ASKS_TO_EXPLAIN.search("What is it about my shoulder that rules it out?")


def test_a_topic_followed_by_a_name_for_them_is_said_back() -> None:
    # Fails if "It's about the rent, mate." names no topic because of the "mate".
    assert named_topic("Yeah, it's about the rent, mate.") == "the rent"


def test_moving_on_and_leaving_are_read() -> None:
    # Fails if "Let's just go in" beside "you're here now" is not moving on, or "Laters" / "I'm late" is no goodbye.
    assert heads_off("Anyway, you're here now. I'll have a coffee if you're buying. Let's just head in.")
    assert says_goodbye("Right, I'm late. Laters.")
    assert not says_goodbye("I'm late with the rent again, sorry.")


def test_getting_to_the_point_is_no_offer() -> None:
    # Fails if "Okay, I'll get to it" is said back as something the counterpart could agree to.
    assert extract_proposal("How are you? Okay, I'll get to it, I hate small talk.") is None


def test_a_keep_in_touch_ask_on_the_deal_is_new() -> None:
    # Fails if "Can you text me which day of the month works?" once agreed is passed over because "month" is in the goal.
    goal = frozenset({"month", "repay", "money"})
    assert new_ask("Can you text me by Friday which day of the month works?", ["I'll do 200 a month."], goal) == (
        "request", "text you by Friday which day of the month works")


def test_a_stock_line_says_back_a_fact_the_person_gave() -> None:
    # Fails if "It's just I get up at six, so." gets a bare stock line that shows nothing was heard, or a preamble
    # ("I need to talk to you") is said back as a fact.
    from voice_coach.conversation.echoes import echo_statement

    assert echo_statement("It's just I get up at six for work, so. Yeah.") == "You get up at six for work?"
    assert echo_statement("I need to talk to you about the rent.") is None
    assert echo_statement("I had to tell you, sorry.") is None
