"""People named by first name: a scenario line must not put its own name where the user named someone else."""

from __future__ import annotations

import re

from voice_coach.conversation.acts import content_words
from voice_coach.conversation.scenarios import Scenario

# Capitalised words that are no person: days, months and the like.
_NOT_PEOPLE = frozenset(
    "i monday tuesday wednesday thursday friday saturday sunday mondays tuesdays wednesdays thursdays fridays "
    "saturdays sundays january february march april may june july august september october november december "
    "christmas easter okay ok sorry mum mom dad god".split())
# A first name the user gives as someone who does something: "Tom does Wednesdays", "Priya's on flexi-time".
_DOER = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][a-z]{1,14})(?:'s\b| (?:does|did|has|had|works|worked|gets|got|goes|"
                   r"went|already|also|always|never|just|is|was|can|could)\b)")
# "you let Jun work from home", "you gave Priya Fridays": someone allowed what the user asks for.
_ALLOWED = re.compile(r"\b(?:let|lets|allowed|allow|gave|give|gives) ([A-Z][a-z]{1,14})\b")
_CAPITAL = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][a-z]{1,14})\b")


def _story(scenario: Scenario) -> str:
    """What the scenario tells about itself (not its reply lines): names said here are the matter's own."""
    return " ".join([scenario.goal, scenario.situation, scenario.request or "", scenario.counterpart.name,
                     *scenario.counterpart.past_behaviour]).lower()


def people_named(user_text: str, scenario: Scenario) -> list[str]:
    """First names the user gave as people doing something, that the scenario does not know."""
    story = _story(scenario)
    return [name for name in dict.fromkeys(_DOER.findall(user_text) + _ALLOWED.findall(user_text))
            if name.lower() not in _NOT_PEOPLE and not re.search(rf"\b{name.lower()}\b", story)]


def as_user_named(line: str, user_text: str, scenario: Scenario) -> str:
    """`line` with a name of its own swapped for the one the user gave in the same role ("Sam" -> "Tom")."""
    theirs = people_named(user_text, scenario)
    if len(theirs) != 1:
        return line  # no one named, or several: which is which cannot be told
    story, said = _story(scenario), user_text.lower()
    own = [name for name in dict.fromkeys(_CAPITAL.findall(line)) if name.lower() not in _NOT_PEOPLE
           and not re.search(rf"\b{name.lower()}\b", story) and not re.search(rf"\b{name.lower()}\b", said)]
    if len(own) != 1:
        return line
    # The same role: the line and the user's line share a word besides the names ("Wednesdays ... at home").
    shared = (content_words(line) & content_words(user_text)) - {own[0].lower(), theirs[0].lower()}
    return re.sub(rf"\b{own[0]}\b", theirs[0], line) if shared else line
