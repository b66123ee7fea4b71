"""Regressions for counterpart replies in set AS (questions), tested on fresh wording: a tag question after the ask
("Could you do that, or is that a problem?") pasted into the reply, "What about the pricing model in March? Did you
forget then too?" said back as a proposal, "that's sweet, yes please" to an offer read as a request, and a roommate
asked about last night's game answered with "all sorted"."""

from __future__ import annotations

from voice_coach.conversation.acts import extract_proposal, read_acts, requested_action

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
