"""A small new ask once a deal is made ("Can you put that in an email tonight?"): answered by name.

After agreement the scripted lines that agree restate the terms ("I'll stick to the quote, if..."), which
ignores the new ask; a yes that names it ("Yes, I'll put that in an email tonight.") answers it instead.
An ask already covered by the deal is not new and gets the move's own lines; an ask for the matter itself
(the goal's words, or a figure: "a twelve percent increase") is negotiated, never waved through this way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from voice_coach.conversation.acts import content_words, requested_action, requested_leave


_FIGURE = re.compile(r"\d|\b(?:percent|per cent|hundred|thousand|grand|dollars?|pounds?|euros?|one|two|three|four|"
                     r"five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty)\b", re.IGNORECASE)


# Asks that only keep in touch about the deal ("text me by the weekend", "let me know which day works").
_KEEPS_IN_TOUCH = re.compile(r"^(?:text|call|ring|phone|email|message|let me know|send me|confirm|tell me|get back to me)\b",
                             re.IGNORECASE)


def new_ask(user_text: str, deals: Iterable[str], goal: frozenset[str] = frozenset()) -> tuple[str, str] | None:
    """("request", what the counterpart is asked to do) or ("leave", what the user asks to do) when the line
    makes a fresh small ask beside the deals so far, else None. `goal` holds the five-letter stems of the
    matter's own words."""
    agreed = set().union(*(content_words(deal) for deal in deals))
    for slot, asked in (("request", requested_action(user_text)), ("leave", requested_leave(user_text))):
        if not asked or _FIGURE.search(asked):
            continue
        if {w[:5] for w in content_words(asked)} & goal and not _KEEPS_IN_TOUCH.match(asked):
            continue  # ("text me by the weekend with which day of the month works" only keeps in touch about it)
        if content_words(asked) - agreed:
            return slot, asked
    return None


def settles_more(user_text: str, last_ask: str | None) -> bool:
    """Whether a closing question follows more than an acknowledgement ("Thursday works, yes, I'll be home from
    two. Could you also...?"): the deal line answers the rest and the ask is added to it, not answered alone."""
    if not last_ask or last_ask not in user_text:
        return False
    return len(user_text[:user_text.rindex(last_ask)].split()) > 5


# "I'll send you an email with the numbers by Friday": the person's own next step once agreed (not a new term).
_NEXT_STEP = re.compile(r"\bi'?ll (?:just |also |definitely )?(?:send|email|text|message|write up|forward|drop|book|bring|"
                        r"call (?:you |back |on |in )|ring (?:you |back |on |in )|phone (?:you |back )|check in|"
                        r"put (?:it|that|this|everything|what we'?ve (?:said|agreed)|all (?:that|this)) in (?:an email|writing|a text)|"
                        r"get (?:the|those|that|it) (?:\w+ )?(?:to|over))"
                        r"\b[^.?!]*[.!]?", re.IGNORECASE)


def offers_next_step(user_text: str) -> bool:
    """Whether the line offers the person's own next step ("I'll email you the survey figures today") in a
    sentence that asks nothing."""
    return any(_NEXT_STEP.search(s) and "?" not in s for s in re.split(r"(?<=[.!?])\s+", user_text))


# "Are you upset with me? I'd rather you just tell me.": asks how the counterpart feels, which a term ignores.
_ASKS_IF_UPSET = re.compile(r"\bare you (?:(?:really|very|a bit|still) )?(?:upset|angry|mad|cross|annoyed|hurt|disappointed|"
                            r"offended)(?: (?:with|at) me)?\b|\bare you (?:okay|ok|alright|all right) with (?:this|that|it|me)\b",
                            re.IGNORECASE)


def asks_if_upset(user_text: str) -> bool:
    """Whether the line asks whether the counterpart is upset ("Are you upset with me?")."""
    return bool(_ASKS_IF_UPSET.search(user_text))


# "What would you need from me to make the case upwards?": asks the counterpart's condition, which a yes ignores.
_ASKS_NEEDS = re.compile(r"\bwhat (?:would|do|will) you (?:actually |really )?need (?:from me|me to|to see|to make|to get)\b|"
                         r"\bwhat (?:would|will) it take\b|\bwhat would (?:make|help) (?:it|this|that) (?:work|doable|easier|"
                         r"possible)\b|\bwhat do you (?:actually |really )?need to make (?:this|it|that) happen\b",
                         re.IGNORECASE)


def asks_what_they_need(user_text: str) -> bool:
    """Whether the line asks what the counterpart would need to say yes ("what would it take?")."""
    return bool(_ASKS_NEEDS.search(user_text))


# "Okay. I'll talk to my partner about the money tonight and get back to you.": the answer is put off by the person.
_GETS_BACK = re.compile(r"\b(?:i'?ll|let me|i need to|i'?m going to) (?:talk to|speak to|check with|ask|run it by|sleep on it|"
                        r"think about it|have a think)\b[^.?!]{0,50}?\b(?:and|then) (?:get back to you|let you know|come back to you)\b|"
                        r"\bi'?ll (?:get back to you|let you know|come back to you)\b", re.IGNORECASE)


def will_get_back(user_text: str) -> bool:
    """Whether the person says they will come back with an answer later ("I'll talk to my partner and get back to
    you")."""
    return bool(_GETS_BACK.search(user_text))
