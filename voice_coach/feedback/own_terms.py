"""A line that already names its own terms: a counter-offer, an open question, or the outcome said as a plain rule.

- "I could live with two hundred if we also ..." is a concrete counter-offer (an amount, a count or a day): the line
  already has its ask, so the scenario's general request is not appended to it.
- "What number feels right to you?" / "How does that sound?" invites their answer: that is Negotiate, kept with the
  offer it belongs to, not dropped as a stray question.
- "Non-urgent messages after nine can wait till morning" says what the person wants as a rule about the thing
  itself: it is their ask, and the scenario's wording after it would say the same thing twice.
- When the scenario's ask stands in for a hedged one, the person's own tentative ask ("Could it be cash instead?")
  is not said as well: one clear request, not the clear one followed by its softened twin.
"""

from __future__ import annotations

import re
from typing import Any, Protocol

_COUNT = re.compile(r"[$£€]?\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
                    r"thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|half|once|twice|weekly|monthly|"
                    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekends?|nights?)\b", re.IGNORECASE)
_COUNTER = re.compile(r"^(?:but |and |so |ok(?:ay)?,? )?(?:i|we) (?:could|can|would|'d|could probably|can probably) "
                      r"(?:live with|accept|go with|go for|do|agree to|settle on|work with|be (?:ok|okay|fine|happy) with|"
                      r"manage|cover|pay|put in|take)\b", re.IGNORECASE)
_INVITATION = re.compile(
    r"^(?:so |and |but )?(?:(?:what|which) (?:\w+ ){0,3}?(?:feels?|works?|seems?|sounds?|would (?:feel|work|seem|be))"
    r" (?:\w+ )?(?:to|for) you|what (?:do|would) you (?:think|suggest|propose)|how does (?:that|this) (?:sound|feel|work)"
    r"(?: (?:to|for) you)?|what would (?:work|help|make (?:it|that|this) work) (?:for|to) you|what (?:number|amount|figure|"
    r"limit|time|day) would you (?:pick|choose|suggest|say))\b", re.IGNORECASE)
_OUTCOME = re.compile(r"^(?!(?:i|you|we|they|he|she|it|that|this)\b)(?:[\w-]+ ){1,6}?(?:can wait|could wait|should wait|"
                      r"(?:should|needs? to|has to|have to|must|can) (?:stay|wait|be kept|go|stop|end|start|move|come))\b",
                      re.IGNORECASE)
_TENTATIVE = re.compile(r"^(?:so |and |but |or )?(?:could|can|would|will|might) (?:it|you|we|that|this|i)\b", re.IGNORECASE)
_WORD = re.compile(r"[a-z0-9]+")


class _Clause(Protocol):
    text: str
    tidy: str
    kind: str
    end: str
    fragment: bool


class _Unit(Protocol):
    kind: str
    parts: list[Any]

    @property
    def text(self) -> str: ...


def counter_offer(text: str) -> bool:
    """Is the clause a concrete counter-offer of the speaker's own ("I could live with 300 if ...")?"""
    said = text.replace("\u2019", "'").strip(" ,.!?")
    return bool(_COUNTER.match(said) and _COUNT.search(said))


def invitation(text: str) -> bool:
    """Is the clause an open question that invites their answer ("What number feels right to you?")?"""
    return bool(_INVITATION.match(text.replace("\u2019", "'").strip(" ,.!?")))


def outcome_ask(text: str, topic: frozenset[str]) -> bool:
    """Does the sentence state the wanted outcome as a rule about the thing itself, on topic (`topic`: the goal's and
    situation's content words and their 5-letter stems, as `clauses.topic_words` gives them)?"""
    # "I'm speaking for myself: late meetings can wait": the rule is what follows the colon.
    said = text.replace("\u2019", "'").rsplit(":", 1)[-1].strip(" ,.!?")
    if not _OUTCOME.match(said):
        return False
    shared = {w for w in _WORD.findall(said.lower()) if len(w) >= 4 and (w in topic or w[:5] in topic)}
    return len(shared) >= 2


def mark_own_terms(clauses: list[_Clause], hostile_kinds: frozenset[str]) -> None:
    """Counter-offers and open questions of the speaker's own become offers (Negotiate); in place."""
    for clause in clauses:
        if clause.kind in hostile_kinds or clause.kind in ("request", "refusal", "offer"):
            continue
        if clause.kind in ("statement", "off_topic", "fact") and counter_offer(clause.tidy or clause.text):
            clause.kind, clause.fragment = "offer", False
        elif clause.end == "?" and invitation(clause.tidy or clause.text):
            clause.kind, clause.fragment = "offer", False


def own_proposal(clauses: list[_Clause]) -> bool:
    """Does the line hold a concrete counter-offer of its own (its ask, said as terms)?"""
    return any(c.kind == "offer" and counter_offer(c.tidy or c.text) for c in clauses)


def tentative_twin(unit: _Unit, ask_is_users: bool) -> bool:
    """Is this kept unit a softened ask ("Could it be money instead?") said beside the scenario's clear one?"""
    if ask_is_users or unit.kind not in ("offer", "statement", "question"):
        return False
    text = unit.text.replace("\u2019", "'").strip()
    return unit.parts[-1].end == "?" and bool(_TENTATIVE.match(text)) and not invitation(text)
