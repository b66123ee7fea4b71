"""Templated counterpart lines: pick one for the plan, fill its slots, never repeat, stay short.

Scenario playbook lines come first (they are written for that person and that request); lines with
a `{proposal}` slot name what the user just proposed. The per-relationship lines of
prompts/counterpart_generic.yaml are the last resort. A line whose slot cannot be filled cleanly is
skipped: a broken slot is worse than a generic line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

import yaml

from voice_coach.conversation.acts import Acts, content_words
from voice_coach.conversation.policy import Plan, Reaction
from voice_coach.conversation.scenarios import Move, Scenario
from voice_coach.prompts import read

MAX_WORDS = 40
# Asking what the user wants: wrong once they have asked for something.
GENERIC_ASK = re.compile(
    r"what (?:is it |exactly )?(?:do )?you(?:'d| would)? (?:want|like|need)\b|what are you (?:actually )?asking"
    r"|what would you like|what did you (?:have in mind|want to ask)|what do you need|spit it out"
    r"|what outcome are you|how can i help", re.IGNORECASE)
# Playing the user's concern down: never after a safety pause.
MINIMISING = re.compile(
    r"big deal|crisis|overreact|out of proportion|overthinking|dramatic|not that bad|making a fuss|"
    r"it'?s nothing|it'?s only|it'?s just|only a few|just a few|hardly|manage fine|blowing|fuss|"
    r"relaxed anyway|really that bad|that's life|part and parcel|get over", re.IGNORECASE)
_SLOT = re.compile(r"\{(\w+)\}")
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
_PROPOSAL_KIND = {
    Move.DEFLECT: "proposal_reject", Move.MINIMIZE: "proposal_reject", Move.COUNTER_COMPLAINT: "proposal_reject",
    Move.CLARIFYING_QUESTION: "proposal_counter", Move.PARTIAL_CONCESSION: "proposal_counter",
    Move.CONDITIONAL_AGREEMENT: "proposal_accept", Move.AGREEMENT: "proposal_accept",
}
_REACTION_KINDS: dict[Reaction, tuple[str, ...]] = {
    Reaction.HURT: ("hurt",), Reaction.TAKE_OUT: ("take_out",), Reaction.NOT_HEARING: ("not_hearing",),
    Reaction.REDIRECT: ("redirect",),
}


@cache
def generic_lines() -> dict[str, dict[str, list[str]]]:
    """Per-relationship fallback lines by kind (prompts/counterpart_generic.yaml)."""
    data = yaml.safe_load(read("counterpart_generic.yaml"))
    return {str(rel): {str(k): [str(x) for x in v] for k, v in kinds.items()} for rel, kinds in data.items()}


def relationship_lines(scenario: Scenario, kind: str) -> list[str]:
    """The fallback lines of `kind` for this scenario's relationship (its category)."""
    by_rel = generic_lines()
    return by_rel.get(scenario.category, by_rel["custom"]).get(kind, [])


def fill(template: str, slots: dict[str, str]) -> str | None:
    """The template with its slots filled, or None when a slot has no clean value."""
    def value(match: re.Match[str]) -> str:
        name = match[1]
        text = slots.get(name.lower())
        if text is None:
            raise KeyError(name)
        return text[:1].upper() + text[1:] if name[:1].isupper() else text

    try:
        line = _SLOT.sub(value, template)
    except KeyError:
        return None
    return " ".join(line.split())


class LinePicker:
    """Chooses the counterpart's line for a plan; remembers every line spoken in the session."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def remember(self, line: str) -> None:
        """Mark a line as spoken (the opening line, or a line another voice said)."""
        self.used.add(line)

    def _usable(self, candidates: Iterable[str], slots: dict[str, str], *, plan: Plan, asked: bool,
                need_slot: str | None = None) -> list[str]:
        found: list[str] = []
        for template in candidates:
            names = {n.lower() for n in _SLOT.findall(template)}
            if need_slot is not None and need_slot not in names:
                continue
            if need_slot is None and "proposal" in names:
                continue  # proposal lines only answer a proposal
            line = fill(template, slots)
            if line is None or line in self.used or len(line.split()) > MAX_WORDS:
                continue
            if asked and GENERIC_ASK.search(line):
                continue
            if plan.after_safety and MINIMISING.search(line):
                continue
            found.append(line)
        return found

    def _best(self, lines: list[str], said: set[str]) -> str:
        # max() keeps the first of equal scores, so playbook order breaks ties deterministically.
        return max(lines, key=lambda line: len(said & content_words(line)))

    def pick(self, scenario: Scenario, plan: Plan, acts: Acts, user_text: str, *, asked: bool) -> str:
        """The line for this plan: scenario lines first, then the relationship's, never one already said."""
        slots = {"proposal": acts.proposal} if acts.proposal else {}
        said = content_words(user_text)
        lines = scenario.playbook.lines
        options: list[tuple[list[str], str | None]] = []  # (candidates, required slot)
        if plan.reaction == Reaction.SMALL_TALK:
            kind = "greeting" if acts.greeting else "backchannel"
            options.append((relationship_lines(scenario, kind), None))
        elif plan.reaction in _REACTION_KINDS:
            for kind in _REACTION_KINDS[plan.reaction]:
                options.append((relationship_lines(scenario, kind), None))
            if plan.reaction == Reaction.HURT:
                options.append((lines.get(Move.COUNTER_COMPLAINT, []), None))
        elif plan.reaction == Reaction.ENGAGE_PROPOSAL:
            options.append((lines.get(plan.move, []), "proposal"))
            options.append((relationship_lines(scenario, _PROPOSAL_KIND[plan.move]), "proposal"))
        if plan.move == Move.CLARIFYING_QUESTION and not asked and plan.reaction == Reaction.ANSWER:
            # Nothing asked yet: the scenario's questions presume the request, so ask what they want.
            options.append((relationship_lines(scenario, "open_questions"), None))
        if plan.reaction == Reaction.NOT_HEARING:
            # Out of "not hearing me" lines: hold the ground, never concede to the repetition.
            for move in (Move.DEFLECT, Move.CLARIFYING_QUESTION, Move.MINIMIZE):
                options.append((lines.get(move, []), None))
        elif plan.reaction not in (Reaction.HURT, Reaction.TAKE_OUT):
            for move in (plan.move, *NEIGHBOURS[plan.move]):
                options.append((lines.get(move, []), None))
        options.append((relationship_lines(scenario, "stall"), None))
        for candidates, need_slot in options:  # lazily: most replies come from the first list
            found = self._usable(candidates, slots, plan=plan, asked=asked, need_slot=need_slot)
            if found:
                best = found[0] if plan.reaction != Reaction.ANSWER else self._best(found, said)
                self.used.add(best)
                return best
        # Every fitting line was spoken already: another relationship's stall line beats a repeat.
        spare = [line for kinds in generic_lines().values() for line in kinds.get("stall", [])
                 if line not in self.used]
        line = spare[0] if spare else relationship_lines(scenario, "stall")[-1]
        self.used.add(line)
        return line
