"""A line that has not stated the matter yet: a hesitant hint, a bare yes, an admission, a wish to say it in person,
or a matter announced as small ("there's a small thing I wanted to bring up, it's not a big deal").

Before the person has asked, complained or proposed anything, the counterpart has nothing to concede, put a
condition on, reassure about or postpone; it answers what was said. Regular expressions only.
"""

from __future__ import annotations

import re

_FILLERS = r"(?:(?:a bit|a little|kind of|sort of|quite|slightly|just|actually|really|um|uh|well),?\s+)*"
# "this Saturday's... it's a bit tricky": a problem hinted at, not said.
_HINT = re.compile(r"(?:\b(?:it|that|this|things?|\w+day)(?:'s| is)|\bis)[.\s]+" + _FILLERS
                   + r"(?:tricky|awkward|difficult|complicated|hard|not (?:ideal|great|easy|good))\b", re.IGNORECASE)
# Any reason, number or named commitment makes the hint a stated matter ("it's tricky, the kids have a meet").
_REASON = re.compile(r"\b(?:because|since|cos|'cause|as i|i (?:have|promised|can'?t|won'?t|need)|i'?ve got|"
                     r"there'?s|we'?ve got)\b|\d", re.IGNORECASE)
# A plain yes that confirms what the counterpart asked ("Yeah, I do."), before any matter is described.
_YES_FIRST = re.compile(r"^(?:(?:ha|oh|um|uh|well|so),?\s+)*(?:yeah|yes|yep|yup|i do|i did|that'?s right|a bit|"
                        r"a little(?: bit)?|kind of|sort of)\b", re.IGNORECASE)
# "Hope we weren't too loud?", "Was I a pain last night?": the counterpart asks whether they bothered the person.
_BOTHER_QUESTION = re.compile(
    r"\b(?:hope|hopefully)\b[^?]*(?:n'?t\b|\bnot\b)[^?]*\?|\b(?:was|were|did|am|are) (?:i|we|they|the \w+)\b[^?]*"
    r"\b(?:too|bother|disturb|wake|keep you|loud|noisy|late|a pain)\b[^?]*\?", re.IGNORECASE)
# "I'd rather say it face to face" is how the person wants to tell it, not what they ask for.
IN_PERSON = re.compile(r"\bi(?:'d| would) (?:rather|prefer to|like to) (?:say|tell you|do|talk about|discuss) "
                       r"(?:it|this|that)(?: to you)? (?:face to face|in person|properly|myself|now)\b", re.IGNORECASE)


# Announcing a matter still to be raised ("there's a small thing I wanted to bring up").
# ("a small kitchen thing I wanted to bring up": one word may say what kind of thing)
_ANNOUNCES = re.compile(r"\b(?:something|(?:a|one) (?:small |little |quick |tiny )?(?:[a-z]+ )?(?:thing|matter|favou?r))\b"
                        r"[^.?!]{0,40}?"
                        r"\b(?:bring up|raise|mention|talk (?:to you )?about|ask (?:you )?about|run by you|tell you(?: about)?)\b", re.IGNORECASE)
# Playing it down before saying it: what a "not a big deal" beside an announcement does.
_PLAYED_DOWN = re.compile(r"\bit(?:'s| is) not (?:important|a big deal)\b", re.IGNORECASE)


def announces_matter(text: str) -> bool:
    """Whether the text announces a matter still to be raised ("there's a small thing I wanted to bring up")."""
    return bool(_ANNOUNCES.search(text))


def plays_down_announced(text: str) -> bool:
    """Whether "it's not a big deal" only plays down a matter the line announces and has not raised yet (an opener,
    not the person taking the matter back)."""
    return bool(_ANNOUNCES.search(text) and _PLAYED_DOWN.search(text))


# Taking up what the counterpart just offered ("Do you want some?" - "Ooh, yes please"): thanks, not a request.
_OFFERED = re.compile(r"\b(?:do|would) you (?:want|like|fancy)\b|\bcan i (?:get|make|offer) you\b|\banyone for\b|"
                      r"\b(?:want|fancy) (?:some|one|a bit|a slice|a cup|a plate)\b", re.IGNORECASE)
# ("Ooh, yes please, I'd love some." takes the offer whole: the "I'd love some" after it asks for nothing more)
# ("I'd love some help with the bins" asks for help: the food is only taken when nothing follows)
_LOVE_SOME = r"i(?:'d| would) (?:love|like) (?:some|one|a bit|a little|a plate|a slice|a cup)\b(?=\s*(?:[.!,;]|$))"
# Words of delight before the yes ("Oh, legend, yes please"): no ask of their own.
_DELIGHT = (r"(?:ooh|oh|ah|mm+|um|oh my god|oh my gosh|omg|wow|legend|you legend|mate|lovely|amazing|brilliant|perfect|great|"
            r"(?:that'?s|that is|aw+,? that'?s|how) (?:so |really )?(?:sweet|kind|nice|lovely|good of you))")
# ("Oh, go on then, I'd love some.": taken up with "go on then" before the "I'd love some")
_YES_PLEASE = re.compile(rf"(?:^|[.!?]\s+)(?:{_DELIGHT},?\s+)*(?:(?:yes|yeah|ooh|oh),?\s+"
                         rf"please\b(?:,?\s+{_LOVE_SOME})?|(?:(?:yes|yeah|ooh|oh),?\s+)?(?:thank you|thanks),?\s+{_LOVE_SOME}|"
                         rf"(?:go on(?:,? then)?|sure|why not),?\s+{_LOVE_SOME})",
                         re.IGNORECASE)


def accepting_offer(text: str, partner_last: str) -> str:
    """The text without a "yes please" that accepts what the counterpart just offered (a courtesy, not an ask)."""
    return _YES_PLEASE.sub(" ", text) if _OFFERED.search(partner_last) else text


# Taking up the offer with relish: "Oh, go on then, that smells amazing", "Ooh, yes please", "I'd love some".
_TAKES_IT = re.compile(rf"^(?:(?:{_DELIGHT}|well),?\s+)*(?:go on(?: then)?|yes,? please|yeah,? go on|i'?d love (?:some|one|a bit)|"
                       r"don'?t mind if i do|sure,? why not|that (?:smells|looks) (?:amazing|great|lovely|good|so good))\b",
                       re.IGNORECASE)


def takes_offer(text: str, partner_last: str) -> bool:
    """Whether the line takes up what the counterpart just offered ("Do you want some?" - "Oh, go on then")."""
    return bool(_OFFERED.search(partner_last) and _TAKES_IT.search(text.strip()))


# Turning the offer down: "Oh! No, no, I'm fine, thanks. I already ate.", "Not for me, thanks."
_DECLINES_IT = re.compile(r"^(?:(?:oh|ah|um|uh|ha|aw),?!?\s+)*(?:no,?!?\s+)+(?:no,?\s+)?(?:i'?m (?:fine|good|okay|ok|alright|all right)|"
                          r"thanks|thank you|honestly|really)\b|\bno,? thanks?(?: you)?\b|\bnot for me\b|"
                          r"\bi(?:'ve| have)? (?:already|just) (?:ate|eaten|had (?:some|lunch|dinner|tea|breakfast|one))\b",
                          re.IGNORECASE)


def declines_offer(text: str, partner_last: str) -> bool:
    """Whether the line turns down what the counterpart just offered ("Do you want some?" - "No, I'm fine, thanks")."""
    return bool(_OFFERED.search(partner_last) and _DECLINES_IT.search(text.strip()))


# Asking for what the counterpart offered earlier ("Can I still have the pasta?" after "Do you want some pasta?").
_ASKS_FOR_IT = re.compile(r"\b(?:can|could|may) i (?:still |also |just )?(?:have|get|grab|take|try) (?:the|some|a bit of|"
                          r"a plate of|a bowl of|a slice of|one of (?:the|your|those))?\s*(?P<thing>\w+)", re.IGNORECASE)


# "Anyway, thanks for the pasta, seriously.": thanks for what the counterpart offered.
_THANKS_FOR_IT = re.compile(r"\bthank(?:s| you)(?: so much| again| a lot)? for (?:the|your|this|that|all the) (?P<thing>\w+)",
                            re.IGNORECASE)


# "Actually, yeah, go on, I'll have some pasta.": the offer taken up later.
_HAS_IT_NOW = re.compile(r"\bi'?ll (?:have|take|grab|try) (?:the|some|a bit of|a plate of|a bowl of|a slice of)\s*(?P<thing>\w+)",
                         re.IGNORECASE)


def asks_for_offered(text: str, earlier: list[str]) -> bool:
    """Whether the line asks for, or thanks for, something an earlier counterpart line offered: a courtesy taken up,
    not a demand."""
    match = _ASKS_FOR_IT.search(text) or _THANKS_FOR_IT.search(text) or _HAS_IT_NOW.search(text)
    if not match:
        return False
    thing = match["thing"].lower().rstrip("s")
    return any(_OFFERED.search(line) and re.search(rf"\b{re.escape(thing)}s?\b", line, re.IGNORECASE) for line in earlier)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z']+", text.lower())


def only_hints(text: str) -> bool:
    """A short hesitant hint at a problem ("this Saturday's a bit tricky") with no reason, figure or ask yet."""
    return bool(_HINT.search(text)) and not _REASON.search(text) and len(_words(text)) <= 20


_YES_WORDS = frozenset("yeah yes yep yup i do did have am kind sort of a bit little ha oh um uh well so that's right "
                       "honestly actually".split())


def only_confirms(text: str, partner_last: str) -> bool:
    """A first sentence that is only a yes ("Yeah, I do.") to the counterpart's question, nothing else in it."""
    first = re.split(r"(?<=[.?!])\s+", text.strip())[0]
    words = _words(first)
    return ("?" in partner_last and bool(_YES_FIRST.search(first)) and bool(words)
            and all(w in _YES_WORDS for w in words))


def admits_to_question(text: str, partner_last: str) -> bool:
    """A hedged yes ("a little bit, actually. Kind of.") to the counterpart asking whether they were a bother."""
    return (bool(_BOTHER_QUESTION.search(partner_last)) and bool(_YES_FIRST.search(text.strip()))
            and len(_words(text)) <= 16)


def unstated_kind(text: str, partner_last: str, *, says_matter: bool, facts: bool) -> str:
    """How a line holds back the matter: "admission", "hint", "confirm", or "" when it states it (or is other talk).

    `says_matter` is whether the line asks, refuses, proposes, blames, feels or attacks: any of them is the matter.
    """
    if says_matter:
        return ""
    if admits_to_question(text, partner_last):
        return "admission"
    if only_hints(text):
        return "hint"
    # A yes with facts after it ("Yes, it flickers and turns off") describes the matter; a bare yes does not.
    if not facts and only_confirms(text, partner_last):
        return "confirm"
    return ""
