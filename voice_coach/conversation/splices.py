"""Whether words taken from the user's line can be said back whole inside a reply template.

A template that quotes the user ("if {proposal}, I can work with that") only reads as a sentence when
the quoted words are a whole clause. Words cut from a relative clause ("three hours I could put into the
work" -> "you put into the work"), a verb whose object was left behind, or a filler at the end ("...,
you know") make broken text; such a phrase is not said back, and the reply uses a line that does not
quote.
"""

from __future__ import annotations

import re

# Words that may come right before "I could..." / "we can..." when that starts a clause of its own.
# Any other word there is usually a noun the clause belongs to ("three hours I could put into the work").
_CLAUSE_OPENERS = frozenset(
    "and but so then or maybe perhaps also well now yes yeah okay ok sure instead otherwise alternatively honestly "
    "actually because if that think guess suppose reckon hope promise mean said know anyway really still course "
    "fine alright right look listen though too least plus besides thing is was basically probably definitely "
    "obviously personally hey um uh er see tell then meantime return exchange turn say".split())
# A subject that starts the offered clause: what `follows_noun` checks the word before.
_BARE_SUBJECT = re.compile(r"^(?:i|we)\b", re.IGNORECASE)


def follows_noun(before: str, lead: str) -> bool:
    """Whether a clause starting "I could..."/"we can..." hangs off a noun before it (a relative clause)."""
    if not _BARE_SUBJECT.match(lead):
        return False
    tail = before.rstrip()
    if not tail or tail[-1] in ",;:.!?-\u2014":
        return False
    last = re.findall(r"[a-z']+", tail.lower())
    return bool(last) and last[-1] not in _CLAUSE_OPENERS


# A filler at the end of the words said back ("notice when it's filthy, you know"): it would be turned round
# into "I know" and read as the counterpart's own words.
# ("as late as you like" ends in a verb, not a filler: "like" after a subject stays)
_TRAILING_FILLER = re.compile(r",?\s*\b(?:you know|i mean|if (?:that'?s|it'?s) (?:easier|ok|okay|alright|all right|fine|better|"
                              r"simpler)|if that (?:helps|works(?: for you)?)|if you (?:like|want|prefer)|(?<!\byou )(?<!\bi )(?<!\bwe )(?<!\bthey )like|"
                              r"right|yeah|or something|or whatever|or anything|"
                              r"if that makes sense|innit|and stuff|and that)\s*[?.!]*\s*$", re.IGNORECASE)
_LEADING_FILLER = re.compile(r"^\s*(?:just|like|um|uh|er|well|so|try to|try and)\b,?\s*", re.IGNORECASE)
# "soon-ish", "sometime soon": vague words that read as mockery when said back in a template
_VAGUE_TAIL = re.compile(r"\s+(?:sometime\s+)?(?:soon|later)-?ish\b|-ish\b", re.IGNORECASE)


# "say" before a figure, as in "could we do, say, seven percent now": a filler, not the verb.
_SAY_BEFORE_FIGURE = re.compile(r"(?<=\w)(?P<lead>,?)\s*\bsay(?P<tail>,?)\s+(?=[$£€\d]|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
                                r"twelve|fifteen|twenty|thirty|forty|fifty|a hundred|half)\b)", re.IGNORECASE)


def without_fillers(phrase: str) -> str:
    """The phrase without a filler at either end ("just, like, be quieter, you know" -> "be quieter"), and without
    "say" before a figure ("do, say, seven percent now" -> "do seven percent now")."""
    phrase = _SAY_BEFORE_FIGURE.sub(lambda m: ", " if m["lead"] and not m["tail"] else " ", phrase)
    previous = None
    while previous != phrase:
        previous = phrase
        phrase = _VAGUE_TAIL.sub("", _TRAILING_FILLER.sub("", _LEADING_FILLER.sub("", phrase))).strip(" ,")
    return phrase


# Verbs that need their object right after them; followed straight by a preposition, the object was cut
# off ("put into the work", "spend on the kids").
_NEEDS_OBJECT = re.compile(r"^(?:put|puts|spend|spends|invest|give|gives|bring|place|throw|waste|lend|"
                           r"devote|dedicate)\s+(?:into|in|on|towards|toward|at|to|for|from|onto|back)\b",
                           re.IGNORECASE)


def object_cut(phrase: str) -> bool:
    """Whether the phrase starts with a verb whose object is missing ("put into the work")."""
    return bool(_NEEDS_OBJECT.match(phrase.strip()))


# What a "Can I...?" asks when it is about receiving, not acting: "can I expect that email?" asks the
# counterpart to send it, it asks no leave to do anything.
RECEIVING = frozenset("expect hear count rely assume trust know receive".split())
# "Can I expect that email with a date by tonight?" asks the counterpart for the thing: said back as "get you ...".
EXPECTED_THING = re.compile(r"\b(?:can|could|may|will|should) (?:i|we) (?:expect|get|have|count on|hear back with)\s+"
                            r"(?P<x>(?:a|an|the|that|this|some|my|our)\s[^.?!;:]+)", re.IGNORECASE)


# "...and we'll see how you like it": a tail judging the offer, whose "you" would be turned into "I" when said back
# ("If you put your phone on the table too and we'll see how I like it").
_SEE_TAIL = re.compile(r",?\s+and (?:then )?(?:we'?ll |we |let'?s |you'?ll )?see (?:how|whether|if|what)\b(?P<t>.*)$",
                       re.IGNORECASE)


def without_judging_tail(body: str) -> str:
    """The offered words without a tail that judges them and names the counterpart ("and we'll see how you like it")."""
    match = _SEE_TAIL.search(body)
    if match and re.search(r"\b(?:you|your|you're|yours)\b", match["t"], re.IGNORECASE):
        return body[:match.start()]
    return body
