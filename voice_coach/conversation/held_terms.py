"""Terms the counterpart holds to once they are on the table.

Once the counterpart has agreed to something, a later line must not re-open it with a fresh condition of its
own ("I can correct it with the director if you present the next part yourself" after agreeing to correct
it); a condition said back from the user's own proposal ("If {proposal}, ...") is not new. And a length of
time the user named ("a six-week trial") is kept: a stock line with its own ("for a month") would swap it.
"""

from __future__ import annotations

import re

# A condition of the counterpart's own: "if you ...", "as long as we ...", "provided you ...". Not a past one
# ("if you'd asked me first"), which regrets, and not a question, which asks.
_OWN_CONDITION = re.compile(
    r"\b(?:if|as long as|provided(?: that)?|on condition that|only if)\s+(?:you|we|i)\b"
    # ("if you're sure", "if you want", "if you'd asked": no term set)
    r"(?!'d|'ve|'re| are| had| did| want| like| need| ask| must| prefer| insist| mean| say)",
    re.IGNORECASE)
# A yes the counterpart is bound by: a first-person promise or a word that closes the deal. "That would help. I
# still worry about the call" or "I could try that" leaves room for a condition; "I'll send it" does not.
_COMMITS = re.compile(
    r"\b(?:i'?ll|i will|i'?m in|deal|agreed|let'?s do it|you'?ve got it|fine (?:with|by) me|i can live with|"
    r"i'?m on board|works for me|you'?re on)\b", re.IGNORECASE)
_NUMBER = (r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
           r"\d+)")
# "six weeks", "a six-week trial", "for a month", "two months"
_DURATION = re.compile(rf"\b(?P<n>{_NUMBER})[- ](?P<u>day|week|fortnight|month|year)s?\b", re.IGNORECASE)
_SLOT = re.compile(r"\{\w+\}")


def adds_condition(template: str) -> bool:
    """Whether a template sets a condition of its own rather than saying back the user's proposal."""
    if "{proposal}" in template.lower() or template.rstrip().endswith("?"):
        return False
    return bool(_OWN_CONDITION.search(template))


def durations(text: str) -> frozenset[tuple[str, str]]:
    """The lengths of time a text names, as (number, unit): "a six-week trial" -> {("six", "week")}."""
    # ("a month" and "a one-month trial" name the same length)
    return frozenset(("one" if m["n"].lower() in ("a", "an") else m["n"].lower(), m["u"].lower())
                     for m in _DURATION.finditer(text))


def swaps_duration(template: str, heard: frozenset[tuple[str, str]]) -> bool:
    """Whether the template's own words name a length of time other than the ones the user named, once they
    named one ("..., I could try it for a month" after "try it for six weeks")."""
    if not heard:
        return False  # nobody named a length yet: the counterpart may offer its own ("a one-month trial")
    return bool(durations(_SLOT.sub(" ", template)) - heard)


def commits(line: str) -> bool:
    """Whether a yes binds the counterpart ("I'll send the email", "Deal."), so that no new term may follow it."""
    return bool(_COMMITS.search(line.replace("’", "'")))
