"""Dialogue acts of a user line, the move policy on top of the stance, and templated reply lines."""

from __future__ import annotations

import pytest

from voice_coach.conversation.acts import clean_phrase, extract_proposal, read_acts
from voice_coach.conversation.policy import Plan, Reaction, plan_reply
from voice_coach.conversation.replies import GENERIC_ASK, MAX_WORDS, MINIMISING, LinePicker, fill
from voice_coach.conversation.scenarios import Move, load_scenarios
from voice_coach.conversation.stance import StanceState
from voice_coach.skills import Ratings

STRONG = Ratings(labels={"describe": "strong", "express": "strong", "assert": "strong", "reinforce": "strong",
                         "negotiate": "strong", "mindful": "yes", "confident": "yes"})


@pytest.mark.parametrize("line", [
    "Can I work from home on Fridays, starting next month?",
    "Is it okay if I leave at five on Thursdays?",
    "I need the heating fixed this week.",
    "I'd like a refund for this laptop.",
    "Maya, the pots sat in the sink for three days. I'd really like us to wash up the same day we cook.",
    "Could you call before you visit?",
    "I hear that it's busy; I'm still asking you to decide today.",
])
def test_requests_are_recognised_however_they_are_phrased(line: str) -> None:
    acts = read_acts(line)
    assert acts.request and acts.asks


@pytest.mark.parametrize("line", ["I can't be your bridesmaid, Chloe.", "I won't be working this Saturday.",
                                  "I don't think I can be your bridesmaid this time.",
                                  "This year we're spending Christmas with my partner's family."])
def test_refusals_and_stated_limits_count_as_asking(line: str) -> None:
    assert read_acts(line).asks


def test_caving_withdraws_the_request_even_with_a_request_word() -> None:
    acts = read_acts("Actually, forget it. Never mind, it's fine. Please, just leave it.")
    assert acts.caving and not acts.request and not acts.asks


def test_insults_small_talk_and_preambles() -> None:
    assert read_acts("Honestly Maya, you're a total slob.").attack
    assert read_acts("hi mum").small_talk and read_acts("hi mum").greeting
    assert read_acts("ok").small_talk and not read_acts("ok").greeting
    announce = read_acts("I'd like to talk to you about something.")
    assert announce.preamble and not announce.request


def test_off_topic_needs_no_overlap_with_the_scenario() -> None:
    topic = {"dishes", "sink", "pans", "kettle", "wash"}
    assert read_acts("Did you watch the football game with Tom?", topic_words=topic).off_topic
    assert not read_acts("Did you see the pans in the sink again?", topic_words=topic).off_topic


def test_repetition_and_whether_it_answers_the_objection() -> None:
    earlier = ["I need the noise to stop by eleven on weeknights."]
    objection = "It's my home too, and eleven is really early for guests."
    same = read_acts(earlier[0], earlier=earlier, partner_last=objection)
    assert same.repeated and not same.addressed_objection
    heard = read_acts("I hear that it's your home too; I need the noise to stop by eleven on weeknights.",
                      earlier=earlier, partner_last=objection)
    assert heard.repeated and heard.addressed_objection


@pytest.mark.parametrize(("line", "expected"), [
    ("If it helps, I'll send you a short update every Friday.", "you send me a short update every Friday"),
    ("How about we try it for a month?", "we try it for a month"),
    ("How about a one-month trial?", "we do a one-month trial"),
    ("What if you texted me as soon as you know you'll be late?", "I texted you as soon as I know I'll be late"),
    ("I'd be willing to cover one Saturday a month.", "you cover one Saturday a month"),
])
def test_proposals_are_said_back_from_the_counterparts_side(line: str, expected: str) -> None:
    assert extract_proposal(line) == expected


def test_broken_slot_fillers_are_refused() -> None:
    assert clean_phrase("pay for the repair, and the") == "pay for the repair"
    assert clean_phrase("pay for the") is None
    assert clean_phrase("the") is None
    assert clean_phrase("sticking to the agreed 18,") is None
    assert clean_phrase("a (b") is None
    assert extract_proposal("How about the?") is None
    assert fill("Okay, if {proposal}, fine.", {}) is None
    assert fill("{Proposal}? Maybe.", {"proposal": "we try it"}) == "We try it? Maybe."


def _state(difficulty: int, turns: int, ratings: Ratings = STRONG) -> StanceState:
    state = StanceState(difficulty=difficulty)
    for i in range(turns):
        state.apply(i, ratings, read_acts("I'd like us to agree on this today."))
    return state


def test_an_insult_is_never_agreed_to_and_hardens_resistance() -> None:
    state = _state(1, 4)
    assert state.choose_move(STRONG) == Move.AGREEMENT
    before = state.resistance
    line = "You're a total slob."
    acts = read_acts(line)
    state.apply(4, STRONG, acts)  # even if a rating called it skilful
    plan = plan_reply(state, STRONG, acts, line)
    assert plan.reaction == Reaction.HURT and plan.move == Move.COUNTER_COMPLAINT
    assert state.resistance > before


def test_caving_is_taken_as_the_way_out_not_as_agreement() -> None:
    state = _state(1, 4)
    line = "Actually, forget it. Never mind, it's fine."
    acts = read_acts(line)
    state.apply(4, STRONG, acts)
    plan = plan_reply(state, STRONG, acts, line)
    assert plan.reaction == Reaction.TAKE_OUT and plan.move != Move.AGREEMENT


def test_small_talk_gets_small_talk_but_ok_accepts_a_condition() -> None:
    state = _state(2, 1)
    acts = read_acts("hi")
    state.apply(1, STRONG, acts)
    assert plan_reply(state, STRONG, acts, "hi").reaction == Reaction.SMALL_TALK
    agreeing = _state(1, 4)
    agreeing.last_move = Move.CONDITIONAL_AGREEMENT
    ok = read_acts("ok")
    agreeing.apply(4, STRONG, ok)
    plan = plan_reply(agreeing, STRONG, ok, "ok")
    assert plan.reaction == Reaction.ANSWER and plan.move in (Move.AGREEMENT, Move.CONDITIONAL_AGREEMENT)


def test_identical_repetition_makes_no_progress_from_difficulty_four() -> None:
    line = "I need the noise to stop by eleven on weeknights."
    state = StanceState(difficulty=4)
    state.apply(0, STRONG, read_acts(line))
    first = state.resistance
    for turn in range(1, 8):
        acts = read_acts(line, earlier=[line], partner_last="It's my home too.")
        state.apply(turn, STRONG, acts)
        plan = plan_reply(state, STRONG, acts, line)
        assert plan.reaction == Reaction.NOT_HEARING and plan.move != Move.AGREEMENT
    assert state.resistance == first


def test_after_a_safety_pause_nothing_minimises() -> None:
    scenario = load_scenarios()["parent-visit-limit"]
    state = StanceState(difficulty=scenario.difficulty, after_safety=True)
    picker = LinePicker()
    for turn in range(12):
        line = "I'd like you to call before you visit."
        acts = read_acts(line, earlier=[] if turn == 0 else ["x"])
        state.apply(turn, Ratings.neutral(), acts)
        plan = plan_reply(state, Ratings.neutral(), acts, line)
        assert plan.move != Move.MINIMIZE
        reply = picker.pick(scenario, plan, acts, line, asked=state.asked)
        assert not MINIMISING.search(reply), reply


def test_lines_never_repeat_never_ask_what_after_a_request_and_stay_short() -> None:
    for scenario in load_scenarios().values():
        picker = LinePicker()
        picker.remember(scenario.playbook.opening_line)
        said = []
        # Three times the default turn limit, most of it on the most resistant moves.
        for move in [*Move, *[Move.DEFLECT] * 10, *[Move.MINIMIZE] * 10, *[Move.CLARIFYING_QUESTION] * 9]:
            acts = read_acts("Can I have that, please?")
            said.append(picker.pick(scenario, Plan(move, Reaction.ANSWER), acts, "Can I have that?", asked=True))
        assert len(said) == len(set(said)), scenario.id
        assert not [line for line in said if GENERIC_ASK.search(line)], scenario.id
        assert all(len(line.split()) <= MAX_WORDS for line in said), scenario.id


def test_a_proposal_is_named_in_the_reply() -> None:
    scenario = load_scenarios()["remote-fridays"]
    line = "I'll join the wrap-up call on video every week."
    acts = read_acts(line)
    for move in Move:
        reply = LinePicker().pick(scenario, Plan(move, Reaction.ENGAGE_PROPOSAL), acts, line, asked=True)
        assert "video" in reply, (move, reply)
