"""Regressions for counterpart replies in set AQ, tested on fresh wording: a topic denied ("It's not about the
washing-up") said back as the topic expected, "I'll give you those" to a request for details taken as an offer, and
"please don't be upset" after the matter met with "what's happened?"."""

from __future__ import annotations

from voice_coach.conversation.acts import extract_proposal
from voice_coach.conversation.echoes import named_topic
from voice_coach.conversation.openers import fetches_details, go_ahead_kind


def test_a_topic_denied_is_not_named() -> None:
    # Fails if "It isn't really about the money" names "the money" as the topic.
    assert named_topic("It isn't really about the money.") is None
    assert named_topic("It isn't really about the money. It's about trust.") == "trust"
    assert named_topic("It's about the money, really.") == "the money"


def test_giving_the_details_asked_for_is_no_offer() -> None:
    # Fails if "I'll give you those" after "can I have your account number?" is weighed up as an offer.
    asked = "Can I have your account number and date of birth, please?"
    assert extract_proposal("Sure, I'll give you those.") is None
    assert fetches_details("Yep, I'll give you those now, hang on.", asked)


def test_please_dont_be_upset_alone_is_no_preface() -> None:
    # Fails if "Please don't be upset" (said after the matter) gets "No need to apologise. What's happened?".
    assert go_ahead_kind("Please don't be upset. I'm not saying don't come.") is None
    assert go_ahead_kind("Sorry, that came out wrong.") == "go_ahead_sorry"
