"""Regressions for counterpart replies in set AH, tested on fresh wording: "yes please, I'd love some" to food offered
read as a request (and answered with a condition), and a negative ask ("please don't be upset") said back as
"Yes, I'll don't be upset"."""

from __future__ import annotations

from voice_coach.conversation.acts import read_acts, requested_action


def test_yes_please_id_love_some_takes_the_offer_and_asks_nothing() -> None:
    # Fails if "Ooh, yes please, I'd love some" after "do you want some?" is read as a request.
    offered = "I've made loads of curry, do you want some?"
    assert not read_acts("Ooh, yes please, I'd love some. It's only a small thing, don't worry.", partner_last=offered).request
    assert read_acts("I'd love some help with the bins, though.", partner_last=offered).request


def test_a_negative_ask_is_never_said_back() -> None:
    # Fails if "Please don't be upset" is said back as an action ("Yes, I'll don't be upset").
    assert requested_action("Please don't be upset with me. I'm not pushing you away.") is None
    assert requested_action("Please don't ever leave the oven on again.") is None
    assert requested_action("Could you call before you come round?") == "call before I come round"


def test_an_ask_of_you_guys_is_said_back_without_guys() -> None:
    # Fails if "Could you guys maybe wrap it up by eleven?" is said back as "Maybe I could guys wrap it up".
    assert requested_action("Could you guys maybe keep it down after eleven?") == "keep it down after eleven"


def test_a_proposal_drops_a_trailing_aside() -> None:
    # Fails if "I'd still be on the Monday call, obviously, camera on" is said back as "..., obviously, camera,".
    from voice_coach.conversation.acts import extract_proposal

    assert extract_proposal("I'd still be on the Monday call, obviously, camera on.") == "you're on the Monday call"
