"""Faults a blind judge found in set L, held on fresh wording: on the first turn the counterpart answered a point the
person had not made yet (a condition, a concession, reassurance, "maybe later") to a hint, a bare yes, an admission
or a wish to say it in person."""

from __future__ import annotations

from tests.helpers import generic_kind, scripted_reply

from voice_coach.conversation.acts import read_acts
from voice_coach.conversation.policy import Reaction
from voice_coach.conversation.scenarios import Move
from voice_coach.conversation.unstated import unstated_kind


def test_a_hint_at_a_problem_is_asked_about_not_conceded() -> None:
    reply, plan = scripted_reply("parent-visit-limit", "Oh. Right. So, um, this weekend's... it's a bit awkward, really.")
    assert plan.move == Move.CLARIFYING_QUESTION
    assert reply in generic_kind("open_questions"), reply


def test_an_admission_to_their_question_is_acknowledged() -> None:
    reply, plan = scripted_reply("partner-fair-chores", "Um, yeah, a little, actually. Not loads. Sort of.",
                                 last="Morning! Hope I didn't wake you when I came in last night?")
    assert plan.reaction == Reaction.GO_AHEAD
    assert reply in generic_kind("admission_heard"), reply


def test_a_bare_yes_with_a_jab_gets_a_question_not_reassurance() -> None:
    reply, plan = scripted_reply("landlord-delayed-repair", "Yes, I did. Funny how nobody ever rings back, isn't it.",
                                 last="You rang the office earlier?")
    assert plan.move == Move.CLARIFYING_QUESTION and plan.reaction == Reaction.ANSWER
    assert reply in generic_kind("open_questions"), reply


def test_wanting_to_say_it_in_person_is_no_request() -> None:
    acts = read_acts("Can we talk about the holiday? There's something I have to tell you, and I'd rather tell you "
                     "this in person.")
    assert not acts.request and acts.preliminary


def test_a_stated_matter_is_not_held_back() -> None:
    said = "Yeah, it's about the deposit, because you keep ignoring my emails."
    assert unstated_kind(said, "Is this about the flat?", says_matter=False, facts=False) == ""
    assert unstated_kind("It's a bit tricky, because I promised the kids a swim meet.", "", says_matter=False,
                         facts=True) == ""
