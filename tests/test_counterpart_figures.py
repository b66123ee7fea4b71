"""A figure asked for or offered is answered by name (conversation/figures.py)."""

from __future__ import annotations

from voice_coach.conversation.acts import read_acts
from voice_coach.conversation.figures import asked_figure
from voice_coach.conversation.policy import Plan, Reaction
from voice_coach.conversation.replies import LinePicker
from voice_coach.conversation.scenarios import Move, load_scenarios


def test_a_percentage_asked_for_gets_a_smaller_counter_in_the_same_words() -> None:
    figure = asked_figure("I'd like a twelve percent raise this year.")
    assert figure is not None and (figure.said, figure.counter) == ("twelve percent", "eight percent")


def test_days_a_week_and_amounts_keep_their_frequency_and_currency() -> None:
    days = asked_figure("Could I work from home two days a week?")
    assert days is not None and (days.said, days.counter) == ("two days a week", "one day a week")
    money = asked_figure("Could you pay me $600 a month?")
    assert money is not None and money.counter == "$400 a month"


def test_a_limit_on_the_counterpart_and_a_figure_in_an_if_clause_are_not_countered() -> None:
    assert asked_figure("Could you text me if you're running more than ten minutes late?") is None
    assert asked_figure("Could you wash up within two days?") is None
    figure = asked_figure("If twelve percent isn't possible, I'd accept eight percent now.")
    assert figure is not None and figure.said == "eight percent"


def test_time_the_user_offers_is_met_with_a_request_for_more() -> None:
    figure = asked_figure("I can't do Saturday. Could I do four hours on Sunday morning instead?")
    assert figure is not None and figure.more and figure.counter == "five hours"


def test_the_counterparts_own_earlier_figure_is_the_counter_and_taking_it_up_is_not_countered() -> None:
    offered = "Twelve percent is a lot. Could you live with eight percent?"
    ten = asked_figure("Could you do ten percent?", offered=offered, quoted=frozenset({"twelve"}))
    assert ten is not None and ten.counter == "eight percent"
    assert asked_figure("I'd accept eight percent now.", offered=offered, quoted=frozenset({"twelve"})) is None


def test_a_countering_reply_names_the_figure_instead_of_a_stock_line() -> None:
    scenario = load_scenarios()["ask-for-raise"]
    picker = LinePicker()
    picker.remember(scenario.playbook.opening_line)
    line = "Could you do ten percent?"
    reply = picker.pick(scenario, Plan(Move.CLARIFYING_QUESTION, Reaction.ANSWER), read_acts(line), line, asked=True)
    assert reply.lower().startswith("ten percent"), reply
    assert "seven percent" in reply.lower(), reply


def test_a_refusing_reply_names_the_figure_it_refuses() -> None:
    scenario = load_scenarios()["contractor-overrun"]
    picker = LinePicker()
    picker.remember(scenario.playbook.opening_line)
    line = "The quote was eighteen thousand. I'd like you to take three thousand off the final invoice."
    reply = picker.pick(scenario, Plan(Move.DEFLECT, Reaction.ANSWER), read_acts(line), line, asked=True)
    assert "three thousand" in reply.lower(), reply
