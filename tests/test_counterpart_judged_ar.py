"""Regressions for counterpart replies found with set AR and before it, tested on fresh wording: thanks followed by a
mild complaint about the matter ("Thank you, that's lovely. Until Thursday is a bit long.") answered as thanks alone."""

from __future__ import annotations

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
