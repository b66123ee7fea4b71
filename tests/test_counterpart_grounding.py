"""Acts and replies that must follow what was actually said: negations, hedges, offers, answered questions."""

from __future__ import annotations

import pytest

from voice_coach.conversation.acts import extract_proposal, read_acts


# -- a negated insult is not an insult -----------------------------------------------------------

@pytest.mark.parametrize("line", [
    "I'm not saying you're a bad person or anything, I just feel ignored.",
    "I'm not calling you lazy. I'm saying the bins need doing.",
    "It's not that you're selfish, it's that I never get a turn.",
])
def test_negated_insult_is_not_an_attack(line: str) -> None:
    assert not read_acts(line).attack


@pytest.mark.parametrize("line", [
    "Don't be such an idiot about it.",
    "Honestly, you're a terrible friend.",
    "I'm tired, and you're just lazy.",
])
def test_insult_after_a_negation_elsewhere_still_counts(line: str) -> None:
    assert read_acts(line).attack


def test_negated_sweeping_blame_is_not_blame() -> None:
    assert not read_acts("I'm not saying you never help, I know you do the bins.").blame


# -- a hedged request is still a request ---------------------------------------------------------

@pytest.mark.parametrize("line", [
    "I was kind of hoping maybe you could call before you come over.",
    "I just think, maybe, if it's not too much trouble, you could do a bit more? Sometimes?",
    "Just maybe sometimes, if you can? No pressure.",
    "We were sort of hoping for a quiet week? Only if that's okay.",
    "Would you be willing to text me when you're running late?",
])
def test_hedged_request_is_a_request(line: str) -> None:
    assert read_acts(line).request


def test_hoping_to_talk_announces_a_topic_and_asks_nothing() -> None:
    acts = read_acts("I was hoping to talk to you about the rent.")
    assert acts.preamble and not acts.request


@pytest.mark.parametrize("line", [
    "Have you got ten minutes? There's something I'd like to ask you properly.",
    "Do you have a minute? There's something I need to talk about.",
])
def test_asking_for_time_announces_without_requesting(line: str) -> None:
    acts = read_acts(line)
    assert acts.preamble and not acts.request and acts.proposal is None


# -- offers are said back as well-formed phrases -------------------------------------------------

@pytest.mark.parametrize(("line", "proposal"), [
    ("What I can do is write up handover notes by four on Friday.", "you write up handover notes by four on Friday"),
    ("The best I can offer is to cover the Sunday shift instead.", "you cover the Sunday shift instead"),
    ("I suppose I could maybe do the morning?", "you do the morning"),
    ("Can we try this: both phones go on the counter while we eat.", "both phones go on the counter while we eat"),
])
def test_offer_is_said_back_whole(line: str, proposal: str) -> None:
    assert extract_proposal(line) == proposal


@pytest.mark.parametrize("line", [
    "What I can do is, honestly, not much.",
    "The thing I can do is is hard to say.",
])
def test_broken_offer_is_not_pasted(line: str) -> None:
    found = extract_proposal(line)
    assert found is None or not found.split()[1] in ("is", "do")
