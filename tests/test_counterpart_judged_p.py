"""Regressions for counterpart replies a blind judge marked non-sequiturs in set P, tested on fresh wording:
"I don't really know what to say" as a stall (it reads as a reaction to news), a topic with "just the two of
us" after it not taken up, "I love you, but..." answered as warmth, a drink mentioned in passing taken as an
offer, "Are you serious?" taken as an insult, a concession just spoken played down on the next line, a
circular echo ("If you book one yourself, that would make it easier to book someone"), and threats after
"forget it" (bad reviews, "we'll see how your next X goes") taken as dropping the matter."""

from __future__ import annotations

from tests.helpers import generic_kind, heard_picker

from voice_coach.conversation.acts import read_acts
from voice_coach.conversation.echoes import named_topic
from voice_coach.conversation.policy import Plan, Reaction
from voice_coach.conversation.line_bank import echoes_twice
from voice_coach.conversation.scenarios import Move


def test_no_stall_reads_as_a_reaction_to_news() -> None:
    # Fails if a last-resort line says "I don't know what to say", which answers news nobody gave.
    assert not any("what to say" in line.lower() for line in generic_kind("stall"))


def test_a_topic_is_found_before_where_to_talk() -> None:
    # Fails if "about the rent, just the two of us rather than with everyone" names no topic.
    assert named_topic("Can I talk to you about the rent, just the two of us rather than with everyone?") == "the rent"
    assert named_topic("Could we talk about the rota privately?") == "the rota"


def test_love_before_but_is_no_warmth_to_answer() -> None:
    # Fails if "I love you, but can we talk about Friday?" is answered "That's really kind."
    assert not read_acts("I love you, but can we talk about Friday night?").warm
    assert read_acts("I love you. Thanks for coming.").warm


def test_a_drink_mentioned_in_passing_is_no_offer() -> None:
    # Fails if "you always get me a coffee after, which is nice" is answered "Go on then, thanks."
    picker, scenario = heard_picker("friend-always-late", ["You were forty minutes late on Saturday."])
    line = "And I know you always get me a coffee after, which is nice. That's not the point."
    reply = picker.pick(scenario, Plan(Move.PARTIAL_CONCESSION, Reaction.ANSWER), read_acts(line), line, asked=True)
    assert reply not in generic_kind("welcome"), reply


def test_exasperation_is_no_insult() -> None:
    # Fails if "Two days late! Are you serious?" is answered as name-calling.
    assert not read_acts("It was two days over. Two days! Are you serious?").attack
    assert read_acts("Are you stupid? I told you twice.").attack


def test_a_concession_just_spoken_is_not_played_down() -> None:
    # Fails if the counterpart says "a fortnight is too long" and then "a fortnight isn't long" on the next line.
    picker, scenario = heard_picker("landlord-delayed-repair", ["The heating has been broken for three weeks and I "
                                                                "need an engineer here this week."])
    conceding = scenario.playbook.lines[Move.PARTIAL_CONCESSION][0]
    picker.remember(conceding)
    picker._template_of[conceding] = conceding
    line = "I emailed you twice about the heating and nobody has come."
    reply = picker.pick(scenario, Plan(Move.MINIMIZE, Reaction.ANSWER), read_acts(line), line, asked=True)
    assert reply not in scenario.playbook.lines[Move.MINIMIZE], reply


def test_a_template_using_the_proposals_verb_is_circular() -> None:
    # Fails if "If you book one yourself, that would make it easier to book someone" is said.
    assert echoes_twice("If {proposal}, that would make it easier to book someone.", "you book one yourself")
    assert not echoes_twice("If {proposal}, I'd have to check a few things first.", "you book one yourself")


def test_threats_after_forget_it_are_no_withdrawal() -> None:
    # Fails if a threat to post bad reviews or to sink their next pitch is taken as the person dropping it.
    for line in ("Forget it. I'm leaving a one-star review and telling everyone I know not to come here.",
                 "Fine, forget it. We'll see how your next pitch goes without my numbers."):
        assert read_acts(line).sarcastic, line
    assert read_acts("Forget it, it's not worth it.").caving


def test_a_reply_that_takes_up_nothing_said_now_does_not_go_back_to_an_old_detail() -> None:
    # Fails if, with no line taking up the current one, the picker prefers one about a detail of an earlier line.
    picker, scenario = heard_picker("landlord-delayed-repair", ["My daughter has had a cough all week."])
    picker.heard |= {"daugh"}
    picker._stale = {"daugh"}
    old = "I didn't know your daughter was ill. That's not good."
    fresh = "Alright, three weeks is longer than I meant it to be."
    assert picker._best([old, fresh], {"rent", "first"}) == fresh
    assert picker._best([old, fresh], {"daughter"}) == old  # taken up now: it answers this line
