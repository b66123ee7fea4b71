"""Faults a blind judge found in set J, held on fresh wording in other scenarios: an ask broken off read as made (so a
reply presumed a refusal not yet stated), a visiting "we" said back as the counterpart's own, small talk about a trip
answered with the matter, an activity topic cut to a fragment, an offer to show evidence agreed to as a proposal,
and a point just raised passed over for a stock line about an earlier one."""

from __future__ import annotations

import re

from tests.helpers import generic_kind, heard_picker, scripted_reply

from voice_coach.conversation.acts import extract_proposal, read_acts
from voice_coach.conversation.echoes import named_topic
from voice_coach.conversation.offer_kinds import broken_off_asks, leaves_them_out, shows_evidence
from voice_coach.conversation.policy import Plan, Reaction
from voice_coach.conversation.scenarios import Move


def test_an_ask_broken_off_before_its_verb_asks_nothing_yet() -> None:
    line = "Sorry, Dad, could I... look, there's something I need to talk to you about. It's about the holidays."
    assert not read_acts(line).request
    assert "could i" not in broken_off_asks(line.lower())
    # an ask that goes on after its verb is still made
    assert read_acts("Could you... um, could you give me a lift on Friday?").request


def test_a_reply_to_a_broken_off_ask_presumes_no_decision() -> None:
    # the person has only hinted at the matter: no reply may answer (or bargain over) a decision not yet stated
    line = "Can I just... okay. There's something I have to tell you about the bridesmaid stuff."
    assert not read_acts(line).request
    reply, _ = scripted_reply("decline-bridesmaid", line)
    assert not re.search(r"\b(?:if|still|as long as)\b", reply.lower()), reply
    assert not read_acts("Morning. Sorry, there's something about this weekend I need to mention.").request


def test_a_we_that_comes_or_visits_is_said_back_as_you() -> None:
    assert extract_proposal("How about we drive over on the Sunday and stay for lunch?") == (
        "you drive over on the Sunday and stay for lunch")
    proposal = extract_proposal("What if we pop round after the school run on Thursday?")
    assert proposal is not None and proposal.startswith("you pop round"), proposal
    # a "we" that does something together, or travels together, is both of them
    assert extract_proposal("What if we split the cost of the cleaner?") == "we split the cost of the cleaner"
    assert not leaves_them_out("head over there together after work")
    assert leaves_them_out("come up for the long weekend")


def test_an_offer_to_show_evidence_is_no_proposal_to_agree_to() -> None:
    assert extract_proposal("The damp is real, and I'm more than happy to show you the wall this afternoon.") is None
    assert extract_proposal("I can send you photos of the crack tonight if that helps.") is None
    assert extract_proposal("I'd be happy to walk you through the receipts.") is None
    assert shows_evidence("demonstrate it on the spot")
    # terms offered are still a proposal
    assert extract_proposal("I'm happy to pay for half of the repair.") == "you pay for half of the repair"
    line = "I know it's past the date. The fault is genuine, and I'm happy to show you it now."
    reply, _ = scripted_reply("faulty-laptop-return", line)
    assert "if you show" not in reply.lower(), reply


def test_small_talk_about_a_trip_is_answered_as_small_talk() -> None:
    line = "Yeah, I did, Dad. You look well, by the way. How was Lisbon?"
    reply, _ = scripted_reply("holiday-with-partners-family", line)
    assert reply in generic_kind("chat"), reply
    assert read_acts(line).proposal is None


def test_an_activity_topic_is_said_back_with_what_it_does() -> None:
    assert named_topic("I wanted to ask about maybe taking Fridays off over the summer?") == (
        "taking Fridays off over the summer")
    assert named_topic("Can we talk about possibly moving in with Priya?") == "moving in with Priya"
    # a noun topic still loses its qualifier ("the meeting with finance" -> "the meeting")
    assert named_topic("Can we talk about the meeting with finance?") == "the meeting"
    reply, _ = scripted_reply("ask-for-raise", "So, um, I wanted to ask about maybe getting a pay rise this year?")
    assert "maybe getting?" not in reply and not reply.rstrip("?").endswith("getting"), reply


def test_a_point_just_raised_is_taken_up_before_an_earlier_one() -> None:
    picker, scenario = heard_picker("faulty-laptop-return", [
        "I bought this laptop here five weeks ago and the screen flickers.",
        "I'd like a replacement, please.",
    ])
    picker.asked_acts = True
    line = "And the manufacturer told me their repair takes six weeks, which is the whole term."
    acts = read_acts(line, partner_last=picker.last)
    reply = picker.pick(scenario, Plan(Move.CLARIFYING_QUESTION, Reaction.ANSWER), acts, line, asked=True)
    assert "manufacturer" in reply.lower(), reply
