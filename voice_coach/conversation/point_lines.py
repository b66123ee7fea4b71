"""Lines that take up a point the person has just raised, for a move that questions or concedes once the matter
is open: "And now there's a letter saying it goes to collections" is met by the scenario's line about the
collections letter, not by a stock remark about the X-ray that came up before."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from voice_coach.conversation.scenarios import Move

# The moves whose lines may take a fresh point up when the plan is a clarifying question: a concession or a
# downplaying remark about the very thing raised, never a counter-complaint (that would go on the attack).
# A concession may take the point up with a conditional yes once something was asked ("...put collections on hold?"
# -> "I can hold collections for sixty days, as long as the dispute is in writing").
_TAKE_UP = {Move.CLARIFYING_QUESTION: (Move.CLARIFYING_QUESTION, Move.PARTIAL_CONCESSION, Move.MINIMIZE),
            Move.PARTIAL_CONCESSION: (Move.PARTIAL_CONCESSION, Move.CONDITIONAL_AGREEMENT, Move.CLARIFYING_QUESTION)}


def takes_up_points(move: Move, *, asks_now: bool) -> bool:
    """Whether replies of this move look first for a line on the point just raised; a concession only for a line
    that asks for something itself (a conditional yes to a point with no ask would grant what nobody asked)."""
    return move == Move.CLARIFYING_QUESTION or (move in _TAKE_UP and asks_now)


def lines_on_the_point(lines: Mapping[Move, list[str]], move: Move, telling: set[str],
                       words_of: Callable[[str], Iterable[str]]) -> list[list[str]]:
    """For each move that may answer `move`, its lines that share a telling word of the person's line (best first)."""
    if not telling:
        return []
    return [[t for t in lines.get(m, []) if telling & set(words_of(t))] for m in _TAKE_UP.get(move, ())]
