"""Regressions for counterpart replies a blind judge marked non-sequiturs in set W, tested on fresh wording: putting
the talk off and a cup of tea read as proposals and said back broken ("Maybe, if we talk about that another time",
"Even if you put the kettle"), an ask for a moment refused as if it were a promise ("I can't promise to put that
down for a second yet"), and an offer to tell one's news answered with a concession."""

from __future__ import annotations

from tests.helpers import agreed_picker, generic_kind, heard_picker

from voice_coach.conversation.acts import read_acts
from voice_coach.conversation.policy import Plan, Reaction
from voice_coach.conversation.scenarios import Move


def test_putting_the_talk_off_and_a_cup_of_tea_are_no_proposals() -> None:
    # Fails if "Maybe we chat about it later" or "I'll pop the kettle on" is taken up as terms to agree to.
    assert read_acts("Anyway, no rush. Maybe we chat about it later.").proposal is None
    assert read_acts("Do you want a brew? I'll pop the kettle on.").proposal is None
    assert read_acts("Maybe we could take turns with the bins?").proposal  # a real proposal still is one


def test_an_ask_for_a_moment_is_not_refused_as_a_promise() -> None:
    # Fails if "Can you look at me for a minute?" gets "I can't promise to look at you for a minute yet".
    picker, scenario = heard_picker("partner-phone-at-dinner", [])
    line = "Can you put the phone away for a minute? There's something I want to say."
    reply = picker.pick(scenario, Plan(Move.CLARIFYING_QUESTION, Reaction.ANSWER), read_acts(line), line, asked=True)
    assert "promise to put" not in reply.lower() and "for a minute yet" not in reply.lower(), reply


def test_an_offer_to_tell_ones_news_is_taken_up() -> None:
    # Fails if "Anyway, do you want to hear how the audition went?" gets a concession about the matter.
    picker, scenario = heard_picker("partner-phone-at-dinner", ["You were on your phone all through dinner again."])
    line = "Anyway, do you want to hear how the audition went? Properly, this time?"
    reply = picker.pick(scenario, Plan(Move.PARTIAL_CONCESSION, Reaction.ANSWER), read_acts(line), line, asked=True)
    assert reply in generic_kind("welcome"), reply


def test_an_offer_taken_up_after_an_exclamation_is_no_request() -> None:
    # Fails if "Oh my god, yes please" to "want some?" is read as a request, so a deal is offered on the first line.
    from voice_coach.conversation.unstated import takes_offer

    last = "I made a huge pot of chilli, do you want some?"
    assert takes_offer("Oh my god, yes please, I'm starving. What's in it?", last)
    assert not read_acts("Oh my god, yes please, I'm starving. What's in it?", partner_last=last).request


def test_told_sarcasm_gets_no_say_what_you_mean() -> None:
    # Fails if "Thanks for nothing" after the whole complaint gets "If something's wrong, just tell me".
    picker, scenario = heard_picker("faulty-laptop-return", ["It flickers and shuts down. I want a refund."])
    line = "Whatever. I'll go to the manufacturer, I suppose. Thanks for nothing."
    reply = picker.pick(scenario, Plan(Move.DEFLECT, Reaction.HURT), read_acts(line), line, asked=True)
    assert reply in generic_kind("sarcasm_told"), reply


def test_no_steering_back_once_the_point_was_granted() -> None:
    # Fails if "Anyway, shall we order? Are we still on for Friday?" after a concession gets "finish what you were
    # saying first".
    picker, scenario = heard_picker("friend-always-late", ["You've been half an hour late most times this year."])
    picker.conceded = True
    line = "Anyway. Shall we order? Oh, and are we still on for the gig on Friday?"
    reply = picker.pick(scenario, Plan(Move.PARTIAL_CONCESSION, Reaction.ANSWER), read_acts(line), line, asked=True)
    assert reply not in generic_kind("steer_back"), reply


def test_threats_of_reviews_and_of_the_boss_are_threats() -> None:
    # Fails if "I'll leave a review... see how many you sell then" is taken up as terms.
    assert read_acts("I'll leave a review. See how many phones you sell then.").retaliates
    assert read_acts("Maybe I'll go to the director. See how that goes for your bonus.").retaliates


def test_a_figure_after_warm_words_is_the_matter() -> None:
    # Fails if "I'm so touched you asked. But it all comes to two thousand pounds" is answered as a compliment.
    picker, scenario = heard_picker("decline-bridesmaid", ["Can I talk to you about something properly?"])
    line = "I'm so touched you asked me. But the hen, the dress and the fittings come to two thousand pounds."
    reply = picker.pick(scenario, Plan(Move.CLARIFYING_QUESTION, Reaction.ANSWER), read_acts(line), line, asked=False)
    assert reply not in generic_kind("warm"), reply


def test_a_further_offer_on_an_agreed_deal_is_confirmed_not_stalled() -> None:
    # Fails if, once the yes is given and its lines are spent, "So can we agree on the 300?" gets a stall.
    picker, scenario = agreed_picker("friend-car-damage", ["The body shop quote is 300. Could you cover it?"])
    line = "If 300 at once is hard, could you do three payments of 100? Can we agree on that?"
    reply = picker.pick(scenario, Plan(Move.AGREEMENT, Reaction.ANSWER), read_acts(line), line, asked=True)
    assert reply in generic_kind("deal_confirm"), reply
    assert reply not in generic_kind("stall")


def test_withholding_until_fixed_is_a_threat() -> None:
    # Fails if "I'll stop paying till it's fixed. See how fast you sort it then." is taken up as terms or put off.
    assert read_acts("I'll just stop paying the rent till it's fixed. See how fast you sort it then.").retaliates
