"""Regressions for counterpart replies in set AS (questions), tested on fresh wording: a tag question after the ask
("Could you do that, or is that a problem?") pasted into the reply, "What about the pricing model in March? Did you
forget then too?" said back as a proposal, "that's sweet, yes please" to an offer read as a request, and a roommate
asked about last night's game answered with "all sorted"; "what held you back?" after the reason was given, and a
fright from reading online answered with a treatment fact."""

from __future__ import annotations

from voice_coach.conversation.acts import extract_proposal, read_acts, requested_action
from voice_coach.conversation.talk_cues import scared_by_reading
from voice_coach.conversation.openers import answers_not_yet

from .helpers import generic_kind, scripted_reply


def test_a_tag_question_is_no_part_of_the_ask() -> None:
    # Fails if "or is that a nightmare for you" stays in the proposal or the request said back.
    assert extract_proposal("Could we move the catch-up to Tuesday, or is that a nightmare for you?") == (
        "we move the catch-up to Tuesday")
    assert requested_action("Would you send me the breakdown by Friday, or would that be difficult?") == (
        "send you the breakdown by Friday")
    reply, _ = scripted_reply("sibling-loan-repayment", "What I'd like is two hundred a month from March. Could you do "
                              "that, or is that going to be a problem?")
    assert " or is " not in reply and "going to be a problem" not in reply, reply


def test_what_about_a_past_instance_proposes_nothing() -> None:
    # Fails if a reminder of a past instance ("What about the leaving do in June? Did you forget...?") is weighed
    # as an offer ("Even if we do the leaving do in June, ...").
    assert extract_proposal("What about the leaving do in June? Did you forget to invite me then as well?") is None
    assert extract_proposal("What about the first Sunday of the month? Would that suit you?") is not None


def test_yes_please_after_thats_kind_accepts_the_offer() -> None:
    # Fails if "that's so kind, yes please" to "do you want some?" is read as a request and answered with a term.
    offer = "Oh hey! I made too much pasta, do you want some? What's up?"
    line = "Aw, that's so kind, yes please. Also, um, there's a little thing I wanted to raise, if you've got a sec?"
    assert not read_acts(line, partner_last=offer).request
    reply, plan = scripted_reply("roommate-dishes", line)
    assert plan.move.value not in ("conditional_agreement", "agreement"), (reply, plan)
    assert reply in generic_kind("offer_taken") | generic_kind("go_ahead"), reply


def test_a_roommate_asked_about_last_nights_game_says_how_it_went() -> None:
    # Fails if "Was it a good night?" gets a line about something sorted or a "what's up?".
    reply, _ = scripted_reply("roommate-loud-guests", "Was it a good night, though? What were you playing?",
                              last="Oh, okay. If you're sure. No worries then.")
    assert "laugh" in reply or "was" in reply.lower(), reply


def test_not_yet_with_its_reason_is_not_asked_what_held_them_back() -> None:
    # Fails if "What's held you back?" is asked right after the person said what held them back.
    opening = "Hello, have a seat. So, your thyroid results. Have you started the tablets yet?"
    assert answers_not_yet("Um, no, not yet.", opening)
    assert not answers_not_yet("Not yet, no. I was a bit nervous, to be honest.", opening)
    assert not answers_not_yet("No, not yet, because I wanted to ask you first.", opening)


def test_a_fright_from_reading_online_is_asked_about() -> None:
    # Fails if a fright from unnamed online reading gets a treatment fact ("It's usually for life") instead of a
    # question about what was read; or if the question is asked when the person already said what they read.
    assert scared_by_reading("I just got a bit scared after I read stuff online.")
    assert not scared_by_reading("I read all this stuff online about weight gain and panicked.")
    reply, _ = scripted_reply("doctor-explain-diagnosis",
                              "Not yet, sorry. I wasn't sure. I got quite scared after I read things online.")
    assert reply in generic_kind("read_and_scared") or "read online" in reply, reply
