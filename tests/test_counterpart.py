"""The scripted counterpart over whole conversations, and the shared stance."""

from __future__ import annotations

from pathlib import Path

import pytest

from voice_coach.events import ConversationEnded, PartnerTextDone
from voice_coach.conversation.scenarios import Move, load_scenarios
from voice_coach.conversation.stance import StanceState
from voice_coach.skills import Ratings

from .helpers import collect, make_services, start

SKILLED = [
    "I've asked to leave on time three times this month and each time I stayed past seven.",
    "I feel worn out and I'm worried it shows in my work.",
    "I'm asking that we agree on this clearly today.",
    "You would get my best work and fewer mistakes, which saves you time.",
    "How about we try it for a month and check in after two weeks?",
    "I hear that it's busy; I still want us to settle this today. What would work for you?",
    "If it helps, I'll send you a short update every Friday so you always know where things are.",
    "I'm asking for a clear yes on a trial, and I'll make the handover easy for you.",
    "Last quarter I delivered every report on time, and I'd like to keep it that way.",
    "I'm confident this works for both of us; can we agree on a start date?",
    "I'd be glad to review it with you after the first month.",
    "Could we put the trial in writing so we both know what we agreed?",
]
UNSKILLED = [
    "um sorry, i know this is probably stupid",
    "you always do this, you're so selfish",
    "whatever, never mind",
    "sorry, maybe it's nothing",
    "what's your problem",
    "i dunno, forget it",
    "well you never listen anyway",
    "sorry sorry, i guess it's fine",
    "you're being ridiculous",
    "never mind, i'm begging you, just forget it",
    "whatever you think",
    "this is dumb, forget i said anything",
]


async def _turns_to_agreement(tmp_path: Path, scenario_id: str, lines: list[str]) -> tuple[int, str]:
    # The shipped offline classifier rates the lines (not the lexical test double), so this fails if
    # the real evaluator's ratings stop moving the counterpart towards agreement for skilled lines.
    from voice_coach.config import Settings
    from voice_coach.feedback.offline import offline_evaluator

    services = make_services(tmp_path, evaluator=offline_evaluator(Settings()), max_turns=12)
    session = await start(services, scenario_id)
    partner_lines: list[str] = []
    for line in lines:
        events = await collect(session.user_turn(line))
        partner_lines += [e.text for e in events if isinstance(e, PartnerTextDone)]
        ended = [e for e in events if isinstance(e, ConversationEnded)]
        if ended:
            assert len(partner_lines) == len(set(partner_lines)), "a line was repeated"
            return session.turn_index, ended[0].reason
    return session.turn_index, "not ended"


def _by_difficulty() -> dict[int, str]:
    found: dict[int, str] = {}
    for scenario in sorted(load_scenarios().values(), key=lambda s: s.id):
        found.setdefault(scenario.difficulty, scenario.id)
    return found


@pytest.mark.parametrize("difficulty", sorted(_by_difficulty()))
async def test_skilled_reaches_agreement_faster_on_every_difficulty(tmp_path: Path, difficulty: int) -> None:
    scenario_id = _by_difficulty()[difficulty]
    skilled_turns, skilled_end = await _turns_to_agreement(tmp_path / "a", scenario_id, SKILLED)
    unskilled_turns, unskilled_end = await _turns_to_agreement(tmp_path / "b", scenario_id, UNSKILLED)
    assert skilled_end == "agreement"
    assert unskilled_end != "agreement"
    assert skilled_turns < unskilled_turns


def test_stance_moves_follow_resistance() -> None:
    strong = Ratings(labels={"describe": "strong", "express": "strong", "assert": "strong", "reinforce": "strong",
                             "negotiate": "strong", "mindful": "yes", "confident": "yes"})
    hostile = Ratings(labels={"describe": "none", "express": "none", "assert": "none", "reinforce": "none",
                              "negotiate": "none", "mindful": "no", "confident": "no"})
    state = StanceState(difficulty=9)
    assert state.choose_move(strong) == Move.DEFLECT
    state.apply(0, hostile)
    assert state.resistance > 0.89
    assert state.choose_move(hostile) == Move.COUNTER_COMPLAINT
    for turn in range(1, 6):
        state.apply(turn, strong)
    assert state.asked
    assert state.choose_move(strong) == Move.AGREEMENT
    # A later, better rating of a turn replaces the quick one instead of adding to it.
    before = state.resistance
    state.apply(5, strong)
    assert state.resistance == before
