"""What a line says about the talk itself, answered directly: a later talk asked for ("can we talk about it properly
next week?"), guilt at refusing or asking ("I feel really bad saying no"), and a fright from something read online
and not said ("I got scared after I read stuff online")."""

from __future__ import annotations

import re

# "And the weekends thing, can we talk about it properly next week?": a later talk asked for, answered as such.
_TALK_LATER = re.compile(r"\b(?:can|could|shall) we (?:maybe |please |also |just )?(?:talk|chat|sit down|have a (?:proper |real )?"
                         r"(?:talk|chat|conversation)|go (?:through|over)|look at|discuss|come back to)\b[^.?!]{0,50}?\b(?:next "
                         r"(?:week|month|time)|later(?: on)?|another (?:time|day)|tomorrow|on (?:monday|tuesday|wednesday|"
                         r"thursday|friday|saturday|sunday)|at the weekend|when (?:it'?s|things are|you'?re|we'?re) "
                         r"(?:not|less|quieter|calmer|free))\b[^.?!]{0,40}\?", re.IGNORECASE)


def asks_to_talk_later(user_text: str) -> bool:
    """Whether the line asks to talk the matter over at a later time ("can we talk about it properly next week?")."""
    return bool(_TALK_LATER.search(user_text))


# "I'm sorry, I feel really bad saying no.": guilt about the asking or refusing itself, not a feeling about the matter.
_FEELS_BAD = re.compile(r"\bi (?:feel|felt|'m feeling|am feeling) (?:really |so |a bit |pretty |quite |kind of |sort of )?"
                        r"(?:bad|guilty|awful|terrible|horrible|rotten)\b[^.?!]{0,25}?\b(?:saying no|to say no|"
                        r"(?:about )?(?:saying|asking) (?:this|it|that|no)|about (?:this|it|asking|saying no)|letting you down|"
                        r"turning (?:you|it|this) down|asking|bringing (?:this|it) up)\b", re.IGNORECASE)


def feels_bad_asking(user_text: str) -> bool:
    """Whether the person says they feel bad for refusing or asking ("I feel really bad saying no")."""
    return bool(_FEELS_BAD.search(user_text))


# "I just got a bit scared after I read stuff online": a fear from what was read, asked about before any fact is given.
_READ_ONLINE = re.compile(r"\b(?:read|reading|looked (?:it |them |this )?up|googled|saw)\b[^.?!]{0,40}?\b(?:online|on the internet|"
                          r"on google|on a forum|on reddit|on facebook)\b|\bgoogled\b", re.IGNORECASE)
_SCARED = re.compile(r"\b(?:scared|scary|frightened|frightening|terrified|worried|worrying|panicked|panicking|freaked|"
                     r"freaking|anxious)\b", re.IGNORECASE)


# What was read, said: "stuff about heart things and weight", "it said it's for life"
_WHAT_READ = re.compile(r"\babout\b|\bsaid\b|\bsaying\b|\bsays\b", re.IGNORECASE)


def scared_by_reading(user_text: str) -> bool:
    """Whether the person was frightened by something they read and not said what ("I got scared after I read stuff
    online")."""
    return bool(_READ_ONLINE.search(user_text) and _SCARED.search(user_text) and not _WHAT_READ.search(user_text))
