"""The counterpart's line inventory: the per-relationship fallback lines of prompts/counterpart_generic.yaml, the
kinds that answer a proposal, a request, a figure or a reaction by move, slot filling, and the scenario's own lines
by move.
"""

from __future__ import annotations

import re
from functools import cache

import yaml

from voice_coach.conversation.acts import content_words
from voice_coach.conversation.policy import Reaction
from voice_coach.conversation.reply_cues import SLOT
from voice_coach.conversation.scenarios import Move, Scenario
from voice_coach.prompts import read


# Moves to borrow an unused line from when a move's own lines are used up, nearest first.
NEIGHBOURS: dict[Move, tuple[Move, ...]] = {
    Move.DEFLECT: (Move.MINIMIZE, Move.COUNTER_COMPLAINT, Move.CLARIFYING_QUESTION),
    Move.MINIMIZE: (Move.DEFLECT, Move.CLARIFYING_QUESTION, Move.COUNTER_COMPLAINT),
    Move.COUNTER_COMPLAINT: (Move.MINIMIZE, Move.DEFLECT, Move.CLARIFYING_QUESTION),
    Move.CLARIFYING_QUESTION: (Move.PARTIAL_CONCESSION, Move.MINIMIZE, Move.DEFLECT),
    Move.PARTIAL_CONCESSION: (Move.CLARIFYING_QUESTION, Move.CONDITIONAL_AGREEMENT, Move.MINIMIZE),
    Move.CONDITIONAL_AGREEMENT: (Move.PARTIAL_CONCESSION, Move.AGREEMENT),
    Move.AGREEMENT: (Move.CONDITIONAL_AGREEMENT,),
}
PROPOSAL_KIND = {
    Move.DEFLECT: "proposal_reject", Move.MINIMIZE: "proposal_reject", Move.COUNTER_COMPLAINT: "proposal_reject",
    Move.CLARIFYING_QUESTION: "proposal_counter", Move.PARTIAL_CONCESSION: "proposal_counter",
    Move.CONDITIONAL_AGREEMENT: "proposal_accept", Move.AGREEMENT: "proposal_accept",
}
# How a request is answered by name when the move's own lines do not take it up.
REQUEST_KIND = {
    Move.DEFLECT: "request_reject", Move.MINIMIZE: "request_reject", Move.COUNTER_COMPLAINT: "request_reject",
    Move.CLARIFYING_QUESTION: "request_counter", Move.PARTIAL_CONCESSION: "request_counter",
}
# How a figure asked for is answered by name: refused, or met with a smaller one.
FIGURE_KIND = {
    Move.DEFLECT: "figure_reject", Move.MINIMIZE: "figure_reject", Move.COUNTER_COMPLAINT: "figure_reject",
    Move.CLARIFYING_QUESTION: "figure_counter", Move.PARTIAL_CONCESSION: "figure_counter",
}
REACTION_KINDS: dict[Reaction, tuple[str, ...]] = {
    Reaction.HURT: ("hurt",), Reaction.TAKE_OUT: ("take_out",), Reaction.NOT_HEARING: ("not_hearing",),
    Reaction.REDIRECT: ("redirect",), Reaction.GO_AHEAD: ("go_ahead",),
}


# A brother or a cousin does not call the person "love" as a parent does ("Alright, love. See you then.").
_PEER_KIN = re.compile(r"\b(?:brother|sister|sibling|cousin|twin)\b", re.IGNORECASE)
_ENDEARMENT = re.compile(r",? (?:love|sweetheart|pet)\b(?=[,.!?])|^(?:love|sweetheart),\s*", re.IGNORECASE)


@cache
def generic_lines() -> dict[str, dict[str, list[str]]]:
    """Per-relationship fallback lines by kind (prompts/counterpart_generic.yaml)."""
    data = yaml.safe_load(read("counterpart_generic.yaml"))
    return {str(rel): {str(k): [str(x) for x in v] for k, v in kinds.items()} for rel, kinds in data.items()}


@cache
def generic_templates() -> frozenset[str]:
    """Every per-relationship line: they name no scenario detail, only what the user's line fills in."""
    every = [line for kinds in generic_lines().values() for lines in kinds.values() for line in lines]
    return frozenset(every) | frozenset(_ENDEARMENT.sub("", line) for line in every)  # as a brother says them


def relationship_lines(scenario: Scenario, kind: str) -> list[str]:
    """The fallback lines of `kind` for this scenario's relationship (its category), else the custom set's."""
    by_rel = generic_lines()
    lines = by_rel.get(scenario.category, by_rel["custom"]).get(kind) or by_rel["custom"].get(kind, [])
    if _PEER_KIN.search(scenario.counterpart.relationship):
        return [_ENDEARMENT.sub("", line) for line in lines]
    return lines


def fill(template: str, slots: dict[str, str]) -> str | None:
    """The template with its slots filled, or None when a slot has no clean value."""
    def value(match: re.Match[str]) -> str:
        name = match[1]
        text = slots.get(name.lower())
        if text is None:
            raise KeyError(name)
        return text[:1].upper() + text[1:] if name[:1].isupper() else text

    try:
        line = SLOT.sub(value, template)
    except KeyError:
        return None
    return " ".join(line.split())


def echoes_twice(template: str, proposal: str) -> bool:
    """Whether the template's own words already say most of the proposal, or its verb ("If you book one yourself,
    that would make it easier to book someone" goes round in a circle)."""
    own = content_words(SLOT.sub(" ", template))
    verb = re.match(r"^(?:you|i|we)(?:'ll| will| can| could)? (?P<v>[a-z]+)", proposal.lower())
    if verb and len(verb["v"]) > 3 and verb["v"] in own:
        return True
    # "If you join the wrap-up call, that would help. I still worry about the wrap-up call.": a phrase of two words
    # said in both the proposal and the template's own words
    def pairs(text: str) -> set[tuple[str, str]]:
        seq = [w for w in re.findall(r"[a-z']+", text.lower().replace("-", " ")) if content_words(w)]
        return set(zip(seq, seq[1:]))

    if pairs(proposal) & pairs(SLOT.sub(" ", template)):
        return True
    # a two-part proposal echoes twice when either its whole or its first part is in the template's own words
    for part in {proposal, proposal.split(" and ")[0]}:
        wanted = content_words(part)
        if wanted and len(wanted & own) / len(wanted) >= 0.6:
            return True
    return False


OBJECTING_MOVES = (Move.DEFLECT, Move.MINIMIZE, Move.COUNTER_COMPLAINT)
YES_MOVES = (Move.CONDITIONAL_AGREEMENT, Move.AGREEMENT)


def lines_of(scenario: Scenario, *moves: Move) -> set[str]:
    """The scenario's own lines for these moves (to tell which move a template belongs to)."""
    return {line for move in moves for line in scenario.playbook.lines.get(move, [])}
