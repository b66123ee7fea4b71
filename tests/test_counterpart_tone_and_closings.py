"""Sarcasm, warmth, giving in, goodbyes, subject changes and small talk with a time ask, answered as what they are."""

from __future__ import annotations

from tests.helpers import heard_picker

from voice_coach.conversation.acts import read_acts
from voice_coach.conversation.line_shape import says_goodbye
from voice_coach.conversation.policy import Plan, Reaction, plan_reply
from voice_coach.conversation.replies import generic_lines
from voice_coach.conversation.scenarios import Move
from voice_coach.conversation.speaker_acts import asks_time_and_after_them
from voice_coach.conversation.stance import StanceState, turn_delta
from voice_coach.skills import Ratings

_GOOD = Ratings(labels={"describe": "strong", "express": "strong", "assert": "strong", "reinforce": "weak",
                        "negotiate": "weak", "mindful": "yes", "confident": "yes"})


def _kind(kind: str) -> set[str]:
    return {line for kinds in generic_lines().values() for line in kinds.get(kind, [])}


_picker = heard_picker


def _reply(scenario_id: str, history: list[str], line: str, difficulty: int = 3) -> tuple[str, Plan]:
    picker, scenario = _picker(scenario_id, history)
    stance = StanceState(difficulty=difficulty)
    for n, said in enumerate([*history, line]):
        stance.apply(n, _GOOD, read_acts(said))
    plan = plan_reply(stance, _GOOD, read_acts(line), line)
    return picker.pick(scenario, plan, read_acts(line), line, asked=stance.asked), plan


def test_mock_praise_is_read_as_sarcasm_not_warmth_or_thanks() -> None:
    for line in ("Wow, great job leaving the pans again.", "Nice of you to show up. Only forty minutes late, well done.",
                 "Thanks so much for leaving me all your dishes, really thoughtful.",
                 "Oh, lovely, you're on your phone again. Such great company."):
        acts = read_acts(line)
        assert acts.sarcastic and not acts.warm and not acts.thanks, line


def test_sarcasm_gets_a_defensive_reply_and_resistance_does_not_fall() -> None:
    line = "Wow, great job leaving the pans again."
    reply, plan = _reply("roommate-dishes", [], line)
    assert plan.reaction == Reaction.HURT and plan.move not in (Move.CONDITIONAL_AGREEMENT, Move.AGREEMENT)
    assert reply in _kind("sarcasm"), reply
    assert turn_delta(_GOOD, 1, read_acts(line)) > 0


def test_genuine_warmth_is_met_with_warmth() -> None:
    line = "I really like living with you, Maya. You're a great flatmate."
    acts = read_acts(line)
    assert acts.warm and not acts.sarcastic
    reply, _ = _reply("roommate-dishes", [], line)
    assert reply in _kind("warm"), reply


def test_giving_in_is_taken_with_relief_and_is_never_agreement() -> None:
    line = "Okay, okay. We'll come to you as usual. Forget I asked."
    reply, plan = _reply("holiday-with-partners-family", ["Dad, this year we'd like Christmas with Hannah's family."],
                         line, difficulty=9)
    assert plan.reaction == Reaction.TAKE_OUT and plan.move != Move.AGREEMENT
    assert reply in _kind("relieved"), reply


def test_closing_lines_are_goodbyes_and_a_request_before_thanks_is_not() -> None:
    for line in ("Okay, thanks, that's all. Bye.", "ok bye", "Right, I have to go. Talk later.", "Thanks, that's all."):
        assert says_goodbye(line), line
    for line in ("Could you put a hold on it? Thanks, that's all.", "Thanks.", "That's all I wanted to say about it."):
        assert not says_goodbye(line), line


def test_a_goodbye_after_a_request_gets_a_goodbye() -> None:
    reply, _ = _reply("remote-fridays", ["Can I work from home on Fridays?"], "Okay, thanks, that's all. Bye.")
    assert reply in _kind("farewell"), reply


def test_a_request_with_closing_thanks_is_answered_not_waved_off() -> None:
    reply, plan = _reply("medical-bill-dispute", [],
                         "Could you put a hold on collections while you check the charge? Thanks, that's all.", 7)
    assert reply not in _kind("farewell") | _kind("thanks") | _kind("thanks_plain") | _kind("thanks_unagreed"), reply


def test_a_subject_change_once_the_matter_is_open_is_steered_back() -> None:
    reply, _ = _reply("credit-for-work", ["I'd like my name on the slides for the client presentation."],
                      "By the way, have you tried the new coffee place downstairs?")
    assert reply in _kind("steer_back"), reply


def test_small_talk_with_a_time_ask_gets_an_answer_and_a_go_ahead() -> None:
    line = "Have you got a minute? How's the shoulder?"
    assert asks_time_and_after_them(line)
    assert not asks_time_and_after_them("Got a minute? I want to talk about the dishes.")
    reply, _ = _reply("roommate-dishes", [], line)
    assert reply in _kind("chat_go_ahead") and "better" in reply.lower(), reply
    reply, _ = _reply("remote-fridays", [], "Got a sec? How was the conference?")
    assert reply in _kind("chat_go_ahead") and "went well" in reply.lower(), reply
