"""Regressions for a counterpart reply a blind judge marked a non-sequitur (set M): an opener that took up the
counterpart's offer ("yes please") and announced a small matter ("I promise it's not a big deal") was read as a
request and as the person taking the matter back ("Let's leave it."). Fresh wording, other scenarios."""

from __future__ import annotations

from tests.helpers import generic_kind, scripted_reply

from voice_coach.conversation.acts import read_acts

OFFER = "Come in, come in! I've just put the kettle on, would you like a cup?"
OPENER = "Oh, yes please, lovely. So, there's a little thing I wanted to raise with you, and honestly it's not a big deal."


def test_an_announced_matter_played_down_is_not_taken_back() -> None:
    # Fails if "it's not a big deal" beside "a little thing I wanted to raise" is read as giving in.
    acts = read_acts(OPENER, partner_last=OFFER)
    assert not acts.caving
    assert acts.preliminary


def test_yes_please_to_their_offer_is_no_request() -> None:
    # Fails if accepting the cake they offered is read as the person's request.
    assert not read_acts("Ooh, yes please, that looks delicious. Thanks!",
                         partner_last="I baked a cake, do you want some?").request


def test_the_played_down_opener_gets_a_go_ahead() -> None:
    # Fails if the reply drops the matter ("Let's leave it.") or agrees to a request nobody made.
    reply, _plan = scripted_reply("parent-visit-limit", OPENER, last=OFFER)
    assert "leave it" not in reply.lower()
    assert reply in generic_kind("go_ahead") | generic_kind("go_ahead_warm") | generic_kind("topic_questions"), reply


def test_taking_it_back_is_still_caving() -> None:
    # Fails if the announcement shields a real withdrawal ("forget it") from being read as giving in.
    assert read_acts("Forget it, there was a little thing I wanted to raise but it's not a big deal.",
                     partner_last=OFFER).caving


def test_yes_please_to_a_question_that_offers_nothing_still_asks() -> None:
    # Fails if "yes please" is dropped when the counterpart offered nothing ("Shall I book the engineer?" is theirs
    # to do, and the person's "yes please" asks them to).
    assert read_acts("Yes please, book him for Thursday.", partner_last="Shall I book the engineer?").request
