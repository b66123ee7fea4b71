"""Regressions for counterpart replies a blind judge marked generic or non-sequiturs in set AD, tested on fresh
wording: "I'll give you that" said back as an offer, "like I'm asking you to put me on the moon" taken as a request,
an offer to talk later and "I don't want to make it a thing" weighed as proposals or answered with "let me think
about that", "is your wife feeling better?" answered as a complaint, and a threat of reviews with "about this place"
missed."""

from __future__ import annotations

from voice_coach.conversation.acts import extract_proposal, read_acts, requested_action
from voice_coach.conversation.asides import side_question
from voice_coach.conversation.retorts import retaliates


def test_granting_a_point_is_no_offer() -> None:
    # Fails if "the figures were good, I'll give you that" is said back as "you give me".
    assert extract_proposal("Okay, the figures were good, I'll give you that. Have you got five minutes?") is None
    assert extract_proposal("I'll give you a lift on Friday.") == "you give me a lift on Friday"


def test_an_ironic_comparison_asks_nothing() -> None:
    # Fails if "Like I'm asking you to fly me to Paris" is read as a request and said back ("Maybe I could fly you ...").
    line = "They said it was impossible. As if I'm asking you to fly me to Paris for free."
    assert not read_acts(line).request and requested_action(line) is None
    assert read_acts("I'm asking you to refund the full amount.").request
    assert read_acts("I'm asking you to put me on the rota for Sunday.").request  # no comparison: an ask


def test_offering_to_talk_later_and_playing_it_down_are_courtesies() -> None:
    # Fails if "we can do it later if you're tired" is weighed as a proposal, or "I don't want to make it a thing"
    # as a matter to think over.
    acts = read_acts("Is this a bad moment? We can talk later if you're tired.")
    assert acts.preliminary and acts.proposal is None
    assert read_acts("So, um, this is tiny, and I really don't want to make it a big deal.").preliminary


def test_asking_after_someone_of_theirs_is_an_aside() -> None:
    # Fails if "Is your dad feeling any better?" is not read as a question about the counterpart's life.
    side = side_question("Thanks. Oh, and is your dad feeling any better? Mum said he'd had the flu.")
    assert side is not None and side.topic == "my dad"
    assert side_question("Is the boiler working better now?") is None
    side = side_question("How's the van running these days?")
    assert side is not None and side.topic == "the van"


def test_a_review_threat_about_the_place_is_retaliation() -> None:
    # Fails if "I'm writing about this shop on every review site" is missed.
    assert retaliates("Sort it today or I'm writing about this shop on every review site going.")
    assert not retaliates("I'm writing about it in my journal tonight.")
