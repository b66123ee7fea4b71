"""Scenario titles: a short imperative title made from the user's goal."""

from __future__ import annotations

import re

from voice_coach.conversation.goal_text import (
    _THEM,
    DANGLING,
    MAX_TITLE_CHARS,
    _and_verbs,
    _split_clause,
    for_user,
    read_goal,
    trim,
)


def _fit(head: str, rest: str) -> str:
    """`head` + `rest` within the title limit, cut at a clause boundary or before a last phrase."""
    text = f"{head} {rest}".strip()
    if len(text) <= MAX_TITLE_CHARS:
        return text
    for boundary in (",", ";", " and ", " so ", " because ", " but ", " by ", " without "):
        cut = f"{head} {rest.split(boundary)[0]}".strip()
        if len(cut) <= MAX_TITLE_CHARS and len(rest.split(boundary)[0].split()) >= 2:
            return cut
    words = text[: MAX_TITLE_CHARS + 1].rsplit(" ", 1)[0].split()
    if words[-1].endswith("'s"):
        # A phrase cut in the middle ("with your partner's") goes whole, from its preposition.
        start = max(len(words) - 3, 2)
        cuts = [i for i in range(start, len(words) - 1) if words[i].lower() in DANGLING]
        words = words[: cuts[0]] if cuts else words
    return trim(" ".join(words))


def make_title(goal: str, counterpart: str = "") -> str:
    """A short imperative title: "agree that he pays for the repair" -> "Ask Sam to pay for it"."""
    parsed = read_goal(goal)
    who = parsed.who if parsed.who and parsed.who.lower() not in _THEM else ""
    label = for_user(counterpart.strip() or who)
    verb = parsed.verb.capitalize()
    clause = _split_clause(parsed.rest) if parsed.kind == "that" else None
    if parsed.kind == "to":
        head = verb if verb in ("Ask", "Tell", "Get", "Remind", "Convince", "Persuade") else "Ask"
        title = _fit(f"{head} {label or 'them'} to", for_user(parsed.rest))
    elif parsed.kind == "if":
        title = _fit(f"Ask {label or 'them'} if", for_user(parsed.rest))
    elif clause and clause.subject == "them" and verb not in ("Tell", "Let", "Inform"):
        rest = _and_verbs(clause, base=True)
        action = " ".join(w for w in ("not" if clause.negative else "", clause.verb, rest) if w)
        title = _fit(f"Ask {label or 'them'} to", for_user(action))
    elif parsed.kind == "that":
        head = f"{verb} {label}".strip() if verb in ("Tell", "Let", "Inform", "Remind") else (
            f"{verb} with {label}" if label else verb
        )
        title = _fit(head + (" know" if verb == "Let" else ""), for_user(parsed.rest))
    elif parsed.kind in ("for", "about"):
        action = parsed.verb if parsed.verb != "request" else "ask"
        head = f"{action.capitalize()} {label}".strip() + f" {parsed.kind}"
        title = _fit(head, for_user(parsed.rest))
    else:
        title = _fit("", for_user(parsed.rest))
    title = re.sub(r"\s+", " ", title).strip()
    return (title[:1].upper() + title[1:]) or "Custom conversation"
