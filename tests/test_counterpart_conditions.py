"""Grievances not yet raised, conditional asks, a request beside an offer, and sarcasm read as a complaint."""

from __future__ import annotations

import pytest

from voice_coach.conversation.acts import read_acts
from voice_coach.conversation.conditions import further_ask, skips_condition
from voice_coach.conversation.grievances import admitted_words
from voice_coach.conversation.sarcasm import is_sarcastic


def test_an_admission_names_what_it_owns_up_to() -> None:
    assert {"called", "ordering", "worktops"} <= admitted_words("Alright, I should have called before ordering the dearer worktops.")
    assert {"ask", "booked"} <= admitted_words("I suppose I didn't ask anyone before I booked.")
    assert not admitted_words("I didn't know your daughter was ill. That's not good.")
    assert not admitted_words("Fair point, your reports are mostly solo work anyway.")


def test_a_conditional_ask_is_not_answered_as_done() -> None:
    line = "So two things: remove the 1,180 charge once it's confirmed, and put a hold on collections today."
    assert skips_condition("I've removed the MRI charge and put a hold on collections.", line)
    assert skips_condition("That charge was an error. It's been removed, and your balance is now zero.", line)
    assert not skips_condition("Okay, I've opened a dispute, paused collections, and flagged the charge for removal.", line)
    assert not skips_condition("I've removed the MRI charge.", "Please remove the MRI charge.")


def test_a_further_question_is_found_without_its_pointer() -> None:
    assert further_ask("Remove it once it's confirmed. Can you give me a reference number for that?") == (
        "Can you give me a reference number?")
    assert further_ask("Can you give me a reference number?") is None


def test_a_request_after_an_offer_is_the_line_to_answer() -> None:
    acts = read_acts("Thursday afternoon works, yes, I'll be home from two. Could you also think about covering "
                     "some of the extra electricity until it's fixed?")
    assert acts.request and acts.proposal is None
    assert read_acts("I'd like to work from home on Fridays. How about a one-month trial?").proposal


@pytest.mark.parametrize("line", [
    "Oh great, so I get to sleep in the bath now. Thanks a lot.",
    "Sure, because you pay all the bills around here.",
    "I love how you always leave the bins to me.",
    "Hey Tyler, got a minute? Great party last night. I loved hearing every single round of Mario Kart at two in the morning.",
])
def test_sarcasm_is_a_complaint(line: str) -> None:
    acts = read_acts(line)
    assert is_sarcastic(line)
    assert acts.blame and not (acts.thanks or acts.small_talk or acts.preliminary or acts.proposal)


@pytest.mark.parametrize("line", ["Great, so we agree on Fridays.", "Thanks a lot for helping.", "Oh sure, I can do that.",
                                  "Oh great idea, let's do that.", "Perfect, so Thursday at two then?"])
def test_plain_words_are_not_sarcasm(line: str) -> None:
    assert not is_sarcastic(line)
