"""Regressions for counterpart replies a blind judge marked non-sequiturs in set W, tested on fresh wording: putting
the talk off and a cup of tea read as proposals and said back broken ("Maybe, if we talk about that another time",
"Even if you put the kettle"), an ask for a moment refused as if it were a promise ("I can't promise to put that
down for a second yet"), and an offer to tell one's news answered with a concession."""

from __future__ import annotations

from tests.helpers import generic_kind, heard_picker

from voice_coach.conversation.acts import read_acts
from voice_coach.conversation.policy import Plan, Reaction
from voice_coach.conversation.scenarios import Move


def test_putting_the_talk_off_and_a_cup_of_tea_are_no_proposals() -> None:
    # Fails if "Maybe we chat about it later" or "I'll pop the kettle on" is taken up as terms to agree to.
    assert read_acts("Anyway, no rush. Maybe we chat about it later.").proposal is None
    assert read_acts("Do you want a brew? I'll pop the kettle on.").proposal is None
    assert read_acts("Maybe we could take turns with the bins?").proposal  # a real proposal still is one


def test_an_ask_for_a_moment_is_not_refused_as_a_promise() -> None:
    # Fails if "Can you look at me for a minute?" gets "I can't promise to look at you for a minute yet".
    picker, scenario = heard_picker("partner-phone-at-dinner", [])
    line = "Can you put the phone away for a minute? There's something I want to say."
    reply = picker.pick(scenario, Plan(Move.CLARIFYING_QUESTION, Reaction.ANSWER), read_acts(line), line, asked=True)
    assert "promise to put" not in reply.lower() and "for a minute yet" not in reply.lower(), reply


def test_an_offer_to_tell_ones_news_is_taken_up() -> None:
    # Fails if "Anyway, do you want to hear how the audition went?" gets a concession about the matter.
    picker, scenario = heard_picker("partner-phone-at-dinner", ["You were on your phone all through dinner again."])
    line = "Anyway, do you want to hear how the audition went? Properly, this time?"
    reply = picker.pick(scenario, Plan(Move.PARTIAL_CONCESSION, Reaction.ANSWER), read_acts(line), line, asked=True)
    assert reply in generic_kind("welcome"), reply
