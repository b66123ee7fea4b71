"""A yes, a deal or a grant answers only what was asked or proposed (conversation/commitment.py)."""

from __future__ import annotations

from tests.helpers import heard_picker

from voice_coach.conversation.acts import read_acts
from voice_coach.conversation.commitment import Ledger, may_commit
from voice_coach.conversation.policy import Plan, Reaction, plan_reply
from voice_coach.conversation.scenarios import Move, Scenario
from voice_coach.conversation.stance import StanceState
from voice_coach.skills import Ratings

_STRONG = Ratings(labels={"describe": "strong", "express": "strong", "assert": "strong", "reinforce": "strong",
                          "negotiate": "strong", "mindful": "yes", "confident": "yes"})


_picker = heard_picker


def _deal_lines(scenario: Scenario) -> set[str]:
    lines = scenario.playbook.lines
    return {*lines.get(Move.CONDITIONAL_AGREEMENT, []), *lines.get(Move.AGREEMENT, [])}


def test_no_deal_line_when_only_a_feeling_was_said() -> None:
    picker, scenario = _picker("roommate-loud-guests", ["Hey Tyler, got a sec?"])
    line = "Your friends are here three or four nights a week, and I start work at seven."
    reply = picker.pick(scenario, Plan(Move.CONDITIONAL_AGREEMENT, Reaction.ANSWER), read_acts(line), line,
                        asked=True)
    assert reply not in _deal_lines(scenario), reply
    assert "it is" not in reply.lower() and "your call" not in reply.lower()


def test_a_yes_opener_does_not_answer_a_question_that_asks_for_nothing() -> None:
    picker, scenario = _picker("doctor-explain-diagnosis",
                               ["Could you explain in plain words what's actually going on in my body?"])
    line = "Honestly, I looked it up online and scared myself. Is this serious?"
    reply = picker.pick(scenario, Plan(Move.AGREEMENT, Reaction.ANSWER), read_acts(line), line, asked=True)
    assert not reply.lower().startswith(("of course", "absolutely", "sure", "yes")), reply


def test_a_deal_names_no_time_that_nobody_said() -> None:
    ledger = Ledger()
    ask = "Could people keep the noise down on weeknights?"
    ledger.hear(ask, read_acts(ask))
    line = "Okay, fine. Works for me."
    assert not ledger.backs("Okay, that's reasonable. Eleven o'clock on weeknights it is.", deal=True,
                            conditional=False, acts=read_acts(line), user_text=line)
    assert ledger.backs("Okay, that's reasonable. Quiet on weeknights it is.", deal=True, conditional=False,
                        acts=read_acts(line), user_text=line)


def test_a_yes_keeps_to_the_figures_of_the_counter_offer() -> None:
    picker, scenario = _picker("ask-for-raise", ["So I'm asking for a twelve percent increase to bring me in line."])
    line = "If twelve percent all at once isn't possible, I'd accept eight percent now and the other four in March."
    acts = read_acts(line)
    assert acts.proposal and "eight" in acts.proposal
    reply = picker.pick(scenario, Plan(Move.AGREEMENT, Reaction.ANSWER), acts, line, asked=True)
    assert "twelve" not in reply.lower(), reply


def test_nothing_asked_means_nothing_to_commit_to() -> None:
    ledger = Ledger()
    for line in ("Hi Maya, have you got a minute?", "The noise on weeknights is really getting to me."):
        ledger.hear(line, read_acts(line))
    assert not ledger.asked
    assert not ledger.backs("Okay, fair enough. Your call.", deal=False, conditional=False,
                            acts=read_acts("Okay."), user_text="Okay.")


def test_the_move_is_held_below_a_deal_when_no_line_asked_anything() -> None:
    stance = StanceState(difficulty=1)
    lines = ["I've been really tired lately.", "The sink has been full all week.", "It gets to me, honestly."]
    for n, line in enumerate(lines):
        acts = read_acts(line)
        stance.apply(n, _STRONG, acts)
    assert not may_commit(stance.acts.values())
    plan = plan_reply(stance, _STRONG, read_acts(lines[-1]), lines[-1])
    assert plan.move not in (Move.CONDITIONAL_AGREEMENT, Move.AGREEMENT)


def test_the_move_may_reach_agreement_once_something_was_asked() -> None:
    stance = StanceState(difficulty=1)
    lines = ["I'd like us to wash up the same day we cook.", "It would really help me.", "How about before bed?"]
    for n, line in enumerate(lines):
        stance.apply(n, _STRONG, read_acts(line))
    plan = plan_reply(stance, _STRONG, read_acts(lines[-1]), lines[-1])
    assert plan.move in (Move.CONDITIONAL_AGREEMENT, Move.AGREEMENT)


def test_time_to_talk_manner_of_speaking_and_praise_are_no_asks() -> None:
    sit = read_acts("Mum, can we sit down for a minute? There's something I want to talk about.")
    assert not sit.request and sit.preliminary
    serious = read_acts("Okay, so I'm going to be a bit more serious than last time. The noise is getting to me.")
    assert not serious.own_plan and not serious.asks
    assert read_acts("I really love having you here, and you've been such a help with the baby.").warm
    assert read_acts("I really like living with you, Maya, you're a great flatmate.").warm


def test_asks_through_other_people_and_offers_as_questions_are_read() -> None:
    assert read_acts("Could people head off or keep it down by eleven?").request
    assert read_acts("Eleven thirty, and we try it for two weeks?").proposal == "we try it for two weeks"


def test_no_deal_is_offered_in_answer_to_a_change_of_subject() -> None:
    picker, scenario = _picker("credit-for-work", ["I'd like my name on the slides for the client presentation."])
    line = "By the way, have you tried the new coffee place downstairs?"
    reply = picker.pick(scenario, Plan(Move.CONDITIONAL_AGREEMENT, Reaction.ANSWER), read_acts(line), line,
                        asked=True)
    assert reply not in _deal_lines(scenario), reply


def test_the_ledger_refuses_a_deal_when_the_line_left_the_matter() -> None:
    ledger = Ledger()
    ask = "I'd like my name on the slides for the client presentation."
    ledger.hear(ask, read_acts(ask))
    line = "By the way, have you tried the new coffee place downstairs?"
    deal = "If we keep it low key, I'll send a follow-up email crediting your analysis."
    assert not ledger.backs(deal, deal=True, conditional=True, acts=read_acts(line), user_text=line, on_matter=False)
    assert ledger.backs(deal, deal=True, conditional=True, acts=read_acts(ask), user_text=ask, on_matter=True)


def test_a_concession_names_no_day_or_number_that_nobody_said() -> None:
    ledger = Ledger()
    said = "Your friends are here three or four nights a week, and it goes till one or two."
    ledger.hear(said, read_acts(said))
    line = "I'm kind of a zombie most mornings."
    assert not ledger.backs("Yeah, okay, one a.m. on a Tuesday is pretty late.", deal=False, conditional=False,
                            acts=read_acts(line), user_text=line, conceding=True)
    assert ledger.backs("Yeah, okay, one a.m. is pretty late.", deal=False, conditional=False,
                        acts=read_acts(line), user_text=line, conceding=True)
