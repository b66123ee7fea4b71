"""Regressions for counterpart replies found with set AR (bargaining) and before it, tested on fresh wording: thanks
followed by a mild complaint answered as thanks alone; offers missed after a courtesy sentence, after an empty "here's
what I'll do", or said as "I'm fine splitting it"; "we can work from there" said back as terms; a choice ("my quote or
yours?") met with a yes to "we pick one"; a round offered met with chat; a late "I haven't really started" to "have you
started yet?"; a later talk asked for; guilt at saying no met with "tell me more"."""

from __future__ import annotations

from voice_coach.conversation.acts import extract_proposal, read_acts
from voice_coach.conversation.choices import offered_choice
from voice_coach.conversation.talk_cues import asks_to_talk_later, feels_bad_asking
from voice_coach.conversation.reply_cues import HOSPITALITY

from .helpers import generic_kind, scripted_reply


def test_thanks_then_a_mild_complaint_is_not_answered_as_thanks_alone() -> None:
    # Fails if the complaint after the thanks is dropped and the reply is a "you're welcome" line.
    thanked = generic_kind("thanks_plain")
    for scenario, line in [
        ("parent-visit-limit", "Thank you, it was lovely having you. The whole fortnight was just too long for us though."),
        ("roommate-loud-guests", "Thanks for turning it down on Friday. One o'clock is still a bit late for me though."),
    ]:
        reply, plan = scripted_reply(scenario, line)
        assert reply not in thanked, (line, reply)
        assert plan.reaction.value != "small_talk", (line, plan)


def test_thanks_alone_is_still_taken_as_thanks() -> None:
    # Fails if the complaint cue fires on plain thanks and a concession about nothing is given.
    reply, plan = scripted_reply("parent-visit-limit", "Thank you for the flowers, Mum, they're gorgeous.")
    assert plan.reaction.value == "small_talk", (reply, plan)


def test_an_offer_after_a_courtesy_sentence_keeps_its_joint() -> None:
    # Fails if dropping the courtesy also drops the ", and" that joins the offer to its clause, so that
    # "...fine this week we start the rota on Monday?" offers nothing.
    line = ("Sorry if this sounds blunt, I'm not trying to pick a fight. Saturday's fine this week, and we start the rota "
            "on Monday?")
    assert read_acts(line).proposal == "we start the rota on Monday"


def test_an_offer_later_in_the_line_is_found_after_an_empty_one() -> None:
    # Fails if only the first "I'll" is tried ("here's what I'll do."), so the real offer after it is missed.
    line = "Right, here's what I'll do. The deposit stays with you and I'll pay the rest once the floor is fixed."
    assert extract_proposal(line) == "you pay the rest once the floor is fixed"


def test_fine_doing_something_offers_it() -> None:
    # Fails if "I'm happy covering the first month" is not read as an offer.
    assert extract_proposal("I'm happy covering the first month if you take the second.") == (
        "you cover the first month if I take the second")


def test_we_can_go_from_there_offers_nothing() -> None:
    # Fails if "tell me a number and we can go from there" is said back as a proposal ("If we go from there, ...").
    assert extract_proposal("Tell me a number and we can go from there.") is None
    assert extract_proposal("Tell me a number and we can take it from there.") is None


def test_a_choice_is_answered_by_picking_one() -> None:
    # Fails if the first option is not found, said back from the counterpart's side, or if a question without
    # options counts as a choice.
    assert offered_choice("Which suits you better, the morning slot or the afternoon one?") == "the morning slot"
    assert offered_choice("So which works for you, my estimate, or yours by the end of the month?") == "your estimate"
    assert offered_choice("Which weekend would you like?") is None
    reply, plan = scripted_reply("friend-car-damage", "So which works for you, my estimate, or yours by the end of the "
                                 "month? Let's settle it now.", last="I'll cover it, provided this stays between us.")
    assert plan.move.value in ("partial_concession", "conditional_agreement", "agreement"), plan
    assert "your estimate" in reply, reply


def test_a_round_offered_is_hospitality() -> None:
    # Fails if "What'll you have? It's my round." is read as small talk about the counterpart's day.
    assert HOSPITALITY.search("Anyway. What'll you have? It's my round.")
    reply, _ = scripted_reply("friend-always-late", "Anyway. What'll you have? It's my round.")
    assert reply in generic_kind("welcome"), reply


def test_not_started_later_in_the_line_answers_not_yet() -> None:
    # Fails if a "no" said after a hedge ("yeah, kind of") is missed and the doctor says "go on".
    reply, _ = scripted_reply("doctor-explain-diagnosis", "Yeah, kind of. I got them from the chemist, I just haven't "
                              "actually taken them yet.")
    assert reply in generic_kind("not_yet"), reply


def test_a_later_talk_asked_for_is_answered() -> None:
    # Fails if "can we go over it properly on Monday?" gets a stock line or a question about something else: it is
    # granted as a later talk, or weighed as the proposal it also is, by name.
    line = "The rota is a separate thing. Can we go over it properly on Monday, when it's quieter?"
    assert asks_to_talk_later(line)
    reply, _ = scripted_reply("decline-weekend-work", line, last="Alright, if you walk them through it, fine.")
    assert reply in generic_kind("talk_later") or "on Monday" in reply, reply
    line = "So this Saturday's a no from me. And the rota, could we talk about it next week, when things are calmer?"
    assert asks_to_talk_later(line)
    reply, _ = scripted_reply("decline-weekend-work", line, last="Alright, if you walk them through it, fine.")
    assert reply in generic_kind("talk_later") or "next week" in reply, reply


def test_guilt_at_saying_no_is_met() -> None:
    # Fails if "I feel awful turning you down" gets "I didn't know you felt that way. Tell me more."
    line = "I know you're stuck, I do. Honestly, I feel awful turning you down."
    assert feels_bad_asking(line)
    reply, _ = scripted_reply("decline-weekend-work", line, last="Okay, I hadn't realised how many Saturdays it was.")
    assert reply in generic_kind("guilt_eased"), reply
