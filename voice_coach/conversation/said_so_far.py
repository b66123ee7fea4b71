"""What the user's lines have settled already, so a reply neither asks it again nor corrects a claim
nobody made: a schedule of payments or visits, amounts with their units, and a question that invites the
counterpart's conditions ("What would you need from us to finish by the thirty-first?").
"""

from __future__ import annotations

import re

# A schedule given ("two hundred a month", "every Friday", "in instalments"): how often is answered.
GIVES_SCHEDULE = re.compile(
    r"\b(?:a|per|each|every) (?:month|week|fortnight|year|day|payday|friday|monday|weekend)\b|\binstal(?:l)?ments?\b|"
    r"\bmonthly\b|\bweekly\b|\bstanding order\b", re.IGNORECASE)
# A question about the schedule ("Do you need it all at once, or can it be spread out?").
ASKS_SCHEDULE = re.compile(r"\ball at once\b|\bspread (?:it )?out\b|\bin (?:one go|instal\w+)\b|\bhow often\b|"
                           r"\b(?:a|per|each|every) month\b|\bmonthly\b|\bwhat schedule\b", re.IGNORECASE)
# Asking what the counterpart would need to say yes: answered with a condition, not a concession about the past.
WHAT_IT_TAKES = re.compile(
    r"\bwhat (?:would|do|will) you need (?:from (?:me|us)|to see|for (?:that|this|it))|\bwhat would it take\b|"
    r"\bwhat would make (?:that|this|it) (?:work|doable|possible|okay|easier)\b|\bwhat would you need\b|"
    r"\bwhat can (?:i|we) do to (?:make|get|help)\b", re.IGNORECASE)

_NUMBER = (r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|"
           r"fifty|sixty|seventy|eighty|ninety|a hundred|hundred)")
_UNIT = (r"(?:hundred|thousand|grand|percent|per cent|pounds|dollars|euros|quid|weeks?|days?|months?|hours?|"
         r"minutes?|years?|nights?|times)")
_WITH_UNIT = re.compile(rf"\b(?P<n>{_NUMBER})(?:[\s-]+and a half)?[\s-]+(?P<u>{_UNIT})\b", re.IGNORECASE)


def amounts(text: str) -> set[tuple[str, str]]:
    """The numbers of a line with the unit they count ("six thousand" -> ("six", "thousand"))."""
    return {(m["n"].lower(), m["u"].lower().rstrip("s")) for m in _WITH_UNIT.finditer(text)}


def unsaid_amounts(line: str, heard: set[tuple[str, str]]) -> bool:
    """Whether a line names an amount the user never said in that unit ("not six thousand" after "six-week")."""
    return bool(amounts(line) - heard)


# "You're right, ..." at the start of a line: the point after it can stand alone.
AGREE_PREFIX = re.compile(r"^(?:well,? |okay,? |ok,? |yes,? )?(?:you(?:'re| are) right|fair (?:point|enough)|"
                          r"that'?s (?:fair|true)|true|good point)[,.!]\s+(?P<rest>.+)$", re.IGNORECASE)
# A line that reads the user's words back to them ("So you're choosing her family over yours?").
READ_BACK = re.compile(r"^(?:\w+,\s*)?so,? you\b", re.IGNORECASE)
