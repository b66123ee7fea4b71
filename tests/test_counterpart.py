"""The scripted counterpart over whole conversations, and the shared stance."""

from __future__ import annotations

from pathlib import Path

import pytest

from voice_coach.events import ConversationEnded, PartnerTextDone
from voice_coach.conversation.scenarios import Move, load_scenarios
from voice_coach.conversation.stance import StanceState
from voice_coach.skills import Ratings

from voice_coach.bench.agreement import SKILLED, UNSKILLED

from .helpers import collect, make_services, start

async def _turns_to_agreement(tmp_path: Path, scenario_id: str, lines: list[str]) -> tuple[int, str]:
    # The shipped offline classifier rates the lines (not the lexical test double), so this fails if
    # the real evaluator's ratings stop moving the counterpart towards agreement for skilled lines.
    from voice_coach.config import Settings
    from voice_coach.feedback.offline import offline_evaluator

    # The move always waits for the full ratings here (a generous wait): with a short wait the move
    # would depend on how busy the CPU is (full vs lexical ratings), and so would the turn count.
    services = make_services(tmp_path, evaluator=offline_evaluator(Settings()), max_turns=12,
                             move_ratings_wait_ms=5000)
    # Crisis rules only: a learned check-in on an ordinary line ("I feel worn out and I'm worried it
    # shows in my work") takes a turn with no reply, which is the safety stage's business, not this test's.
    from voice_coach.safety.checker import SafetyChecker

    services.safety = SafetyChecker(learned=False)
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
    assert unskilled_end != "agreement"  # so the skilled script is the faster one, even if it agreed on the last turn
    assert skilled_turns <= unskilled_turns


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
