"""Mock proposals and sarcastic hyperbole: "sure, let's just blow all our money on takeout", "we could waste every
single weekend on it", "why don't we just sell the car then".

No marker word ("lol", "oh great") says they are not meant: the shape does. An idea offered in order to be
rejected, with a verb of waste or an exaggeration ("all our money", "every single night"), or a "why don't we
just ... then" thrown back at the other person, mocks their idea. The clause analysis marks every clause of such
a sentence as sarcasm (dropped from the rewrite and named before any softener), and the quality gate refuses a
rewrite or suggested sentence that still holds one.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Any

_PROPOSE = r"(?:let'?s|we (?:could|can|might as well|should)|you (?:could|might as well)|i (?:could|might as well)|why not)"
_WASTE = r"(?:blow|throw|waste|burn|piss|fritter|squander)(?: away)?"
# What is thrown away, said as everything there is: "all our money", "every single penny", "our whole salary".
_ALL = (r"(?:all (?:of )?(?:our|my|your|the|their) (?:\w+ )?(?:money|savings|cash|time|pay|paychecks?|salary|salaries|"
        r"wages|weekends|evenings|nights|holidays?)\b|every (?:single )?(?:penny|cent|pound|dollar|weekend|evening|night)\b|"
        r"(?:our|my|your) (?:whole|entire) (?:\w+ )?(?:savings|salary|paycheck|wages?|weekends?)\b)")
MOCK_PROPOSAL = re.compile(
    # "we could just blow all our money on takeout", "let's waste every single weekend on it"
    rf"\b{_PROPOSE} (?:just |simply |all )?{_WASTE} {_ALL}"
    # "let's just eat out every single night", "sure, we could move in with your mum forever"
    rf"|^(?:(?:sure|yeah|oh|right|fine|great|okay|ok)\W+)+{_PROPOSE} (?:just |simply )?[^.?!]*?(?:\bevery single\b|"
    rf"\ball (?:of )?(?:our|my|your) (?:money|savings|time)\b|\bforever\b|\bfor the rest of (?:our|my|your) lives\b)"
    # "why don't we just sell the house then"
    rf"|\bwhy don'?t (?:we|you|i) just\b[^.?!]*\bthen\b",
    re.IGNORECASE,
)
# Praise that mocks when it follows a mock proposal: "great plan", "that'll fix everything", "what could go wrong".
IRONIC_PRAISE = re.compile(r"\b(?:great|brilliant|genius|fantastic|wonderful|amazing|perfect) (?:plan|idea|solution)\b"
                           r"|\bthat'?(?:ll| will) (?:fix|solve) everything\b|\bwhat could (?:possibly )?go wrong\b",
                           re.IGNORECASE)


def mock_proposal(text: str) -> str:
    """The mock proposal in `text` ('' when there is none)."""
    for sentence in re.split(r"(?<=[.!?])\s+", text.replace("\u2019", "'")):
        match = MOCK_PROPOSAL.search(sentence.strip())
        if match:
            return match.group(0).strip()
    return ""


def mark_mock_proposals(clauses: list[Any], harmful: Collection[str]) -> None:
    """Every clause of a sentence that holds a mock proposal is sarcasm (its "just" is not a softener to drop, it
    is part of the jab), and so is ironic praise anywhere in the same line."""
    sentences = {c.sentence for c in clauses}
    mocked = set()
    for index in sentences:
        said = [c for c in clauses if c.sentence == index]
        if MOCK_PROPOSAL.search(" ".join(c.text for c in said).replace("\u2019", "'").strip()):
            mocked.add(index)
    if not mocked:
        return
    for clause in clauses:
        if clause.sentence in mocked or (IRONIC_PRAISE.search(clause.text) and clause.kind not in harmful):
            if clause.kind in harmful and clause.kind != "sarcasm" or clause.kind in ("vocative", "filler"):
                continue
            clause.kind = "sarcasm"
            clause.problems = [p for p in clause.problems if p[0] not in ("hedge", "filler")]
            if not any(k == "sarcasm" for k, _ in clause.problems):
                clause.problems.append(("sarcasm", clause.text.strip(" ,.?!")))
