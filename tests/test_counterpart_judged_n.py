"""Regressions for counterpart replies a blind judge marked non-sequiturs in set N, tested on fresh wording:
a proposal announced with "here's what I'd propose:" went unseen, praise with "you always" and warm thanks were
answered as complaints, sarcastic thanks were taken as thanks, a dig ("some of us have jobs") was met with
"let's finish this first", a complaint mentioning the kettle was taken as an offer of tea, "we should just"
was said back inside an "if", and "come to yours like always" was not heard as giving in."""

from __future__ import annotations

from tests.helpers import generic_kind, scripted_reply

from voice_coach.conversation.acts import extract_proposal, read_acts
from voice_coach.conversation.sarcasm import is_sarcastic


def test_an_announced_proposal_is_read_as_one() -> None:
    # Fails if "Here's what I'd suggest: ..." is not taken as a proposal the counterpart must answer.
    proposal = extract_proposal("Here's what I'd suggest: you take the dog on weekdays and I have him at weekends.")
    assert proposal is not None and proposal.startswith("I take the dog on weekdays"), proposal
    assert extract_proposal("My proposal is that we split the deposit down the middle.") is not None


def test_should_is_dropped_from_a_proposal_said_back() -> None:
    # Fails if "maybe we should swap Fridays" is said back as "If we should swap Fridays, ...".
    assert extract_proposal("Maybe we should swap Fridays for Mondays.") == "we swap Fridays for Mondays"


def test_a_condition_with_if_we_can_is_no_new_proposal() -> None:
    # Fails if "If we can do that, we'll be fine" is said back as an offer ("if we do that, we'll be fine, ...").
    assert extract_proposal("If we can sort the dates, I think we'll be fine.") is None


def test_their_way_as_always_is_giving_in() -> None:
    # Fails if "we'll just do it at yours like always" is read as a new proposal to bargain over.
    acts = read_acts("You know what, we'll just do Sunday lunch at yours like always.")
    assert acts.caving and acts.proposal is None


def test_warm_thanks_and_praise_are_warmth_not_complaints() -> None:
    # Fails if "you've been so wonderful" or sweet praise with "you always" is answered as a judgement.
    assert read_acts("You've been so wonderful with the kids, honestly I don't know what I'd do without you.").warm
    assert not read_acts("You always bring snacks, which is really kind, I'm not being ungrateful.").blame
    reply, _plan = scripted_reply("parent-visit-limit", "You've been absolutely incredible since the baby came.")
    assert reply not in generic_kind("hurt"), reply
    assert not any(w in reply.lower() for w in ("tired", "crisis", "hardly")), reply


def test_sarcastic_thanks_and_digs_are_sarcasm() -> None:
    # Fails if "thanks for that, I guess" after a complaint is taken as thanks, or a dig as a remark.
    assert is_sarcastic("I know every advert in that waiting room now, so, thanks for that, I guess.")
    assert is_sarcastic("Some of us have to be at work by eight. Not naming names.")
    assert not is_sarcastic("Thanks for that, it really helped.")
    acts = read_acts("Some of us need to sleep before a shift, you know.")
    assert acts.sarcastic and not acts.thanks


def test_a_kettle_in_a_complaint_is_no_offer_of_tea() -> None:
    # Fails if mentioning the kettle in a complaint gets "Oh, cheers, go on then".
    line = "The sink was so full on Monday the kettle wouldn't fit under the tap."
    reply, _plan = scripted_reply("roommate-dishes", line)
    assert reply not in generic_kind("welcome"), reply
