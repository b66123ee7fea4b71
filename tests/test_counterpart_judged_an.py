"""Regressions for counterpart replies in set AN, tested on fresh wording: "Are you going to tell the director or
not?" answered as small talk about the counterpart's plans, a next step offered at the close ("I'll put it in an
email tonight. Thanks.", "I'll call back on the fifteenth") met with a condition or an unrelated line, and "I love
you, Dad. We'll talk soon." not read as a goodbye."""

from __future__ import annotations

from voice_coach.conversation.acts import read_acts
from voice_coach.conversation.asides import side_question
from voice_coach.conversation.follow_up import offers_next_step
from voice_coach.conversation.line_shape import says_goodbye
from voice_coach.conversation.policy import Plan, Reaction
from voice_coach.conversation.scenarios import Move

from .helpers import generic_kind, heard_picker


def test_asking_what_they_will_do_about_the_matter_is_no_aside() -> None:
    # Fails if "Are you going to pay me back or not?" is answered like "Are you going to the match?".
    assert side_question("So are you going to pay me back or not?") is None
    assert side_question("Are you going to the barbecue on Sunday?") is not None


def test_a_next_step_at_the_close_is_taken_up() -> None:
    # Fails if "I'll put what we said in a text tonight. Thanks, Kev." is weighed up as a proposal, or a call back is
    # not read as a next step.
    assert offers_next_step("Right. I'll put what we've agreed in a text tonight. Thanks, Kev.")
    assert offers_next_step("I'll ring back on Monday if I haven't heard anything.")
    assert not offers_next_step("Will you call me back on Monday?")
    picker, scenario = heard_picker("sibling-loan-repayment", ["It's about the 2,400 for the car.",
                                                               "Could you do 200 a month from March?"])
    line = "Right. I'll put what we've agreed in a text tonight. Thanks, Kev."
    reply = picker.pick(scenario, Plan(Move.CLARIFYING_QUESTION, Reaction.ENGAGE_PROPOSAL), read_acts(line), line,
                        asked=True)
    assert reply in generic_kind("next_step"), reply


def test_love_you_and_well_talk_soon_is_a_goodbye() -> None:
    # Fails if "I love you, Mum. We'll speak at the weekend." is not read as taking leave.
    assert says_goodbye("Okay. I love you, Mum. We'll speak at the weekend.")
    assert not says_goodbye("I love you, Mum, but this has to change.")
