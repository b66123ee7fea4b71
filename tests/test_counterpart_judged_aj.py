"""Regressions for counterpart replies in set AJ, tested on fresh wording: a next step offered once agreed met with
stock thanks, "what would you need from me?" answered with a bare yes, a side question once agreed ignored, letting
the counterpart finish its text, a topic spelt out after "it's about that?", a topic the counterpart itself raised
said back in surprise, "talk to you about first" read as a topic, a run-on sign-off kept in a proposal, and acts
missed: "you should be embarrassed", "go leave a review", "that stung", "you looked so happy", "No, stay till
Thursday. Of course.", "don't take this the wrong way", "shall we get food?" and an unpunctuated reference ask."""

from __future__ import annotations

from voice_coach.conversation.acts import extract_proposal, read_acts
from voice_coach.conversation.echoes import named_topic
from voice_coach.conversation.follow_up import asks_what_they_need, offers_next_step
from voice_coach.conversation.line_shape import heads_off, states_matter
from voice_coach.conversation.openers import asks_for_reference, go_ahead_kind
from voice_coach.conversation.policy import Plan, Reaction
from voice_coach.conversation.retorts import threatens
from voice_coach.conversation.scenarios import Move

from .helpers import agreed_picker, generic_kind, heard_picker, scripted_reply


def test_a_next_step_offered_once_agreed_is_taken_up() -> None:
    # Fails if "Cheers, I'll forward you the quote tonight" after a yes gets a stock thanks, or a question is taken
    # for a next step.
    assert offers_next_step("Cheers. I'll forward you the quote tonight so you've got it.")
    assert not offers_next_step("Will you send me the quote tonight?")
    picker, scenario = agreed_picker("friend-car-damage", ["The body shop quoted six-fifty and I'd like you to cover it."])
    picker.deals.append("Fine, I'll cover it.")
    line = "Cheers, mate. I'll forward you the body shop quote tonight."
    reply = picker.pick(scenario, Plan(Move.AGREEMENT, Reaction.ANSWER), read_acts(line), line, asked=True)
    assert reply in generic_kind("next_step"), reply


def test_what_would_you_need_is_answered_with_a_condition() -> None:
    # Fails if "What would it take for you to say yes?" is met with a plain yes that names no condition.
    assert asks_what_they_need("Honestly, what would it take for you to say yes to this?")
    assert not asks_what_they_need("What would you like for dinner?")
    picker, scenario = heard_picker("remote-fridays", ["I'd like to work from home on Fridays."])
    line = "What would you need from me to make Fridays at home work?"
    reply = picker.pick(scenario, Plan(Move.CONDITIONAL_AGREEMENT, Reaction.ANSWER), read_acts(line), line, asked=True)
    assert any(w in reply.lower() for w in ("if ", "as long as", "provided")) or reply in generic_kind("needs"), reply


def test_a_side_question_once_agreed_is_answered_by_name() -> None:
    # Fails if "Oh, did you ever fix the bike?" after a deal gets a stock backchannel.
    picker, scenario = agreed_picker("roommate-dishes", ["Could you wash up the same day you cook?"])
    picker.deals.append("Totally fair. Same-day dishes, I promise.")
    line = "Oh, by the way, did you ever fix your bike?"
    reply = picker.pick(scenario, Plan(Move.AGREEMENT, Reaction.ANSWER), read_acts(line), line, asked=True)
    assert reply.lower().startswith("my bike?"), reply


def test_letting_the_counterpart_finish_is_thanked() -> None:
    # Fails if "No, go on, finish it, I'll wait" to "one sec, just replying to Ben" gets "Okay... and?".
    reply, _ = scripted_reply("partner-phone-at-dinner", "No no, finish it. I'll wait.")
    assert reply in generic_kind("let_finish"), reply


def test_a_topic_spelt_out_after_about_that_is_said_back() -> None:
    # Fails if "It's sort of about that? I mean, the rent money." names no topic.
    assert named_topic("It's sort of about that? I mean, the rent money.") == "the rent money"


def test_a_topic_the_counterpart_raised_is_named_without_surprise() -> None:
    # Fails if "it's about the car" after "if this is about the car again" gets "The car? Okay, go on."
    reply, _ = scripted_reply("friend-car-damage", "Yeah, it's about the car, I'm afraid. Hear me out, yeah?")
    assert reply in {line.replace("{Topic}", "The car").replace("{topic}", "the car")
                     for line in generic_kind("topic_expected")}, reply


def test_talking_about_something_first_names_no_topic() -> None:
    # Fails if "something I need to talk to you about first" is said back as "What about first?".
    line = "Okay, but there's something I need to talk to you about first."
    assert named_topic(line) is None and not states_matter(line)
    assert go_ahead_kind(line) == "go_ahead_something"


def test_a_run_on_sign_off_is_not_part_of_a_proposal() -> None:
    # Fails if "...the night before ok love you" is kept in what is said back, or "the night before" loses "before".
    assert extract_proposal("I'll text you the dates the night before ok love you") == "you text me the dates the night before"


def test_acts_missed_in_set_aj_are_read() -> None:
    # Fails if any of these lines loses the act it carries.
    assert read_acts("Honestly, you lot should be ashamed, charging that.").attack
    assert threatens("Fine, I'll just go and leave a review then.")
    assert read_acts("And when I saw the photos, that stung a bit, honestly.").feelings
    assert read_acts("It all sounded really scary when I read it.").feelings
    assert read_acts("I'm so afraid it'll happen again.").feelings
    assert not read_acts("It's about the car, I'm afraid.").feelings
    assert read_acts("Aw, you look so happy in the engagement pictures!").warm
    assert not read_acts("No, stay till Sunday. Of course. I'll make the bed up.").refusal
    assert read_acts("No, I can't have you here till Sunday.").refusal
    assert read_acts("It's a small thing, honestly, so please don't take this the wrong way.").preliminary
    assert heads_off("Right. Shall we grab some food? I'm famished.")
    assert asks_for_reference("and could I get a reference number for today as well")
