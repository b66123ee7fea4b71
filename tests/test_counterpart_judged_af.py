"""Regressions for counterpart replies a blind judge marked generic or non-sequiturs in set AF, tested on fresh
wording: a stutter ("can we, can we have a chat") hiding a preliminary, a matter waved off and then raised read as
giving in, "would you be able to ..." said back whole, a lawyer or a landlord threatened without being heard as a
threat, leaving for work not heard as a goodbye, "love you, you idiot" taken as an insult, questions announced with a
filler not waved on, "that first" said back as a topic, an objection to a matter only announced, "tell me what it
means" not answered with the explanation, and "will I lose my place on the list?" left unanswered."""

from __future__ import annotations

from voice_coach.conversation.acts import read_acts, requested_action
from voice_coach.conversation.echoes import named_topic
from voice_coach.conversation.line_bank import OBJECTING_MOVES, lines_of
from voice_coach.conversation.line_shape import says_goodbye
from voice_coach.conversation.openers import go_ahead_kind
from voice_coach.conversation.policy import Plan, Reaction
from voice_coach.conversation.retorts import threatens
from voice_coach.conversation.scenarios import Move

from tests.helpers import heard_picker


def test_a_stutter_does_not_hide_a_preliminary() -> None:
    # Fails if "Can we, can we have a quick chat" is not read as asking for a chat (it was weighed as a proposal).
    acts = read_acts("Oh, that smells amazing. Can we, can we have a quick chat about that first?")
    assert acts.preliminary and acts.proposal is None
    assert named_topic("Can we have a chat about that first?") is None  # "That first? Okay, go on." is broken


def test_a_matter_waved_off_then_raised_is_not_giving_in() -> None:
    # Fails if "No, it's fine, don't worry. Well, actually, can I say something?" is read as dropping the matter.
    acts = read_acts("Ha, it's fine, honestly. Don't worry. Well, actually, can I say something? It's only small.")
    assert not acts.caving and acts.preliminary
    assert read_acts("Ha, it's fine, honestly. Don't worry about it.").caving


def test_being_able_to_is_not_said_back() -> None:
    # Fails if "Would you be able to text me the date?" is said back as "I can't promise to be able to text you ...".
    assert requested_action("Would you be able to text me the date tonight?") == "text you the date tonight"


def test_a_lawyer_or_the_landlord_threatened_is_a_threat() -> None:
    # Fails if "I'll call a lawyer" or "...or I'm calling the letting agent" is read as an offer to weigh up.
    assert threatens("Fine. Don't order anything, then. I'll call a lawyer.")
    assert threatens("Music off by ten, or I'm calling the letting agent.")
    assert threatens("I'll leave a review on every site going.")
    assert not threatens("I'm calling the letting agent about the boiler tomorrow anyway.")


def test_leaving_for_work_is_a_goodbye() -> None:
    # Fails if "Whatever. I'm going to work." is not read as taking leave.
    assert says_goodbye("Whatever. I'm going to work.")
    assert not says_goodbye("I'm going to work from home on Fridays, if that's okay.")


def test_a_fond_name_after_love_you_insults_nobody() -> None:
    # Fails if "Love you, you muppet" is read as an insult ("I can't believe you'd talk to me like that").
    assert not read_acts("Okay, thanks, Kev. Love you, you muppet.").attack
    assert read_acts("Honestly, you muppet, you never listen.").attack


def test_questions_announced_with_a_filler_get_the_go_ahead_for_questions() -> None:
    # Fails if "I wanted to, um, ask a few things first" is not heard as questions announced.
    assert go_ahead_kind("Not yet, no. I wanted to, um, ask a few things first, if that's okay.") == "go_ahead_question"
    assert read_acts("I wanted to, well, ask a couple of things first.").preliminary


def test_an_objection_waits_when_the_matter_is_only_announced() -> None:
    # Fails if "It is about Tuesday. That's why I wanted to talk." gets a rebuttal of a point not yet made, built on
    # the counterpart's own opening ("If it's about Tuesday, the presentation went well").
    picker, scenario = heard_picker("credit-for-work", [])
    line = "Yeah, it is about Tuesday, funnily enough. That's kind of why I wanted to talk."
    reply = picker.pick(scenario, Plan(Move.MINIMIZE, Reaction.ANSWER), read_acts(line), line, asked=False)
    assert reply not in lines_of(scenario, *OBJECTING_MOVES), reply


def test_asking_what_it_means_gets_the_explanation() -> None:
    # Fails if "Could you tell me what it actually means?" is kept from the explanation because it never says "explain".
    picker, scenario = heard_picker("doctor-explain-diagnosis", ["Not yet. I wanted to ask a couple of things first.",
                                                                 "I've got some questions on my phone."])
    line = "Could you tell me what it actually means? I'm a bit lost, to be honest."
    reply = picker.pick(scenario, Plan(Move.PARTIAL_CONCESSION, Reaction.ANSWER), read_acts(line), line, asked=True)
    assert "thyroid" in reply.lower(), reply


def test_a_question_about_keeping_ones_place_is_answered() -> None:
    # Fails if "Would asking lose me my place on the list?" gets a stock yes that leaves the question open.
    picker, scenario = heard_picker("doctor-second-opinion", ["I'd like a referral for a second opinion first."])
    line = "Right. And would asking for that lose me my place on the list?"
    reply = picker.pick(scenario, Plan(Move.AGREEMENT, Reaction.ANSWER), read_acts(line), line, asked=True)
    assert "place" in reply.lower(), reply


def test_a_parting_shot_gets_no_cheery_goodbye() -> None:
    # Fails if "Whatever. Do what you want, you always do. I'm going out." gets "Cool, see you later."
    from tests.helpers import generic_kind, scripted_reply

    reply, _plan = scripted_reply("roommate-loud-guests", "Whatever. Do what you want, you always do. I'm going out.",
                                  last="I guess we do get loud when the games get close.")
    assert reply in generic_kind("farewell_cold"), reply
