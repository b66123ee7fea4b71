"""What a line does beyond its acts: states its matter, says goodbye, changes the subject, gives a purpose.

These shape which kind of reply fits: a go-ahead only answers a preamble that names nothing yet ("can we
talk?"), never one that states the matter and the complaint ("I'm calling about the heating again, because
it's been three weeks"); a goodbye gets a goodbye, not the argument again; "Anyway, did you hear...?" is a
new subject, answered briefly, not a concession on the old one; "so we can have a proper conversation" is
the purpose of what was said, not an offer.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# "about the heating", "about a charge on my bill": the matter itself, not "about something" or "about it".
_ABOUT = re.compile(r"\babout (?:the |my |your |our |this |that |a |an |some |his |her |their )?(?P<w>[a-z][a-z'-]+)",
                    re.IGNORECASE)
_NO_MATTER = frozenset("something anything everything stuff things thing it that this them him her you me us "
                       "how what why when where whether if how's what's "
                       # "something I need to talk to you about first": a time, no matter
                       "first later now again properly today tonight soon quickly".split())
# A reason or a complaint after the preamble: "..., because it's been three weeks", "...that I believe is a mistake".
_STATES_WHY = re.compile(r"\b(?:because|as it'?s|that i (?:believe|think) is|which (?:is|was))\b",
                         re.IGNORECASE)


def states_matter(text: str) -> bool:
    """Whether the line says what it is about ("about the heating", "about a charge on my bill"), so that a
    bare go-ahead ("Go ahead.") would ignore it."""
    for match in _ABOUT.finditer(text):
        if match["w"].lower() not in _NO_MATTER and len(match["w"]) > 2:
            return True
    return False


def gives_reason(text: str) -> bool:
    """Whether the line gives a reason or a complaint along with its preamble ("because it's been three weeks")."""
    return bool(_STATES_WHY.search(text))


# A goodbye: "See you Thursday then.", "Okay, bye!", "Talk later." with nothing else to answer.
_FAREWELL = re.compile(
    r"^(?:(?:okay|ok|right|alright|fine|yeah|yes|great|good|cool|well)[,.!]*\s+)*"
    r"(?:see you(?: (?:then|later|soon|tomorrow|tonight|next week|on \w+|at (?:the )?\w+|\w+day))?(?: then)?|bye(?:-bye)?|"
    r"goodbye|good night|night|talk (?:to you )?(?:later|soon|tomorrow)|speak (?:to you )?(?:later|soon)|laters|later|"
    r"we'?ll (?:talk|speak|chat) (?:soon|later|tomorrow|at the weekend)|"
    r"take care|catch you later|see ya|enjoy (?:your|the) (?:day|evening|weekend|night)|have a (?:good|nice|great) "
    r"(?:day|one|evening|weekend|night)|"
    # "Tell Mum I said hi.", "Give my love to Dad.": a greeting to pass on closes the talk
    r"tell \w+ i said (?:hi|hello)|(?:say hi|say hello|give my love) to \w+)"
    # ("See you at football. Or not.": a goodbye with a shrug is still a goodbye)
    r"(?:[,.!]*\s+(?:then|love|mum|dad|mate|all|guys))*(?:[,.!]*\s+or not)?[.!]*$", re.IGNORECASE)


# Closing words that end a conversation without a goodbye word: "that's all", "I have to go", "I'll let you go".
_CLOSING = re.compile(
    r"^(?:(?:okay|ok|right|alright|fine|yeah|yes|no|great|good|cool|well|so|anyway)[,.!]*\s+)*(?:that'?s (?:all|it)(?: (?:for now|"
    r"from me|i wanted))?|i(?:'ve| have)? (?:got |gotta |have )?(?:to|gotta) (?:go|run|dash)(?: now)?|i(?:'ll| will) let you go|"
    r"gotta (?:go|run)|i(?:'m| am) (?:late|running late)(?: for (?:work|\w+))?|i(?:'m| am) off(?: now| to bed| home)?|i(?:'m| am) going (?:to bed|home|to my room|to work|out)|i(?:'m| am) (?:done|finished)(?: (?:with this conversation|talking(?: about (?:it|this))?))?)[,.!]*(?:\s+(?:then|now|love|mum|dad|mate))*[.!]*$", re.IGNORECASE)
# Thanks and fillers that may stand beside a goodbye ("Okay, thanks, that's all. Bye.").
_BESIDE = re.compile(r"^(?:or not[.!]*$|(?:i )?love you(?:,? \w+)?[.!]*$|"
                     r"(?:(?:okay|ok|right|alright|fine|yeah|great|good|cool|well|so|whatever)[,.!]*\s*)*(?:thanks?(?: you)?"
                     r"(?: (?:so much|very much|a lot|for (?:your|the) time|for listening|again))?)?[,.!]*$)",
                     re.IGNORECASE)


def _whole_line(parts: list[str], is_it: Callable[[str], object], beside: re.Pattern[str]) -> bool:
    """Whether some part of the line is `is_it` and every other part only stands beside it (thanks, fillers)."""
    found = [bool(is_it(p)) for p in parts]
    return any(found) and all(f or bool(beside.match(p)) for p, f in zip(parts, found, strict=True))


def says_goodbye(text: str) -> bool:
    """Whether the whole line is a goodbye ("Okay. See you Thursday then.", "Okay, thanks, that's all. Bye.",
    "Right, I have to go. Talk later."): goodbyes and closings, with thanks or fillers beside them at most."""
    parts = [p.strip() for p in re.split(r"(?<=[.!?])\s+|,\s+(?=(?:that'?s|bye|see you|talk|i have|i've got|gotta)\b)",
                                         " ".join(text.split())) if p.strip()]
    return _whole_line(parts, lambda p: _FAREWELL.match(p) or _CLOSING.match(p), _BESIDE)


# "Anyway, did you hear...?", "By the way, ...": the speaker moves to another subject.
# ("Whatever. Are you going to the offsite?", "It's fine, I'll sort it. You playing Thursday?": the matter waved away
# before a question about something else)
_SHIFT = re.compile(r"^(?:so,?\s+)?(?:anyway|anyhow|by the way|btw|on another note|changing the subject|"
                    r"on a different note|oh,? (?:and|before i forget)|(?:oh,? )?speaking of \w+|"
                    # news of something else: "Oh my god, did I tell you they've put the prices up?"
                    r"(?:oh,? (?:my god|my gosh|wow),? )?(?:did i tell you|guess what|you'?ll never guess))\b[,.]?|"
                    r"^(?:whatever|forget it|never mind|(?:it'?s )?fine,? i'?ll sort it(?: out)?(?: myself)?)[.!]"
                    r"(?=\s+[^.!?]+\?\s*$)", re.IGNORECASE)


def changes_subject(text: str) -> bool:
    """Whether the line opens by leaving the matter for another subject ("Anyway, did you hear ...?"), or asks
    about something else with "anyway" at the end ("How's the car, anyway?")."""
    norm = " ".join(text.split())
    return bool(_SHIFT.match(norm) or re.match(r"^[^.?!]{3,60},\s*anyway\?", norm, re.IGNORECASE))


def after_shift(text: str) -> str:
    """The line without its opening "by the way" or "anyway" (whose words say nothing about the subject)."""
    norm = " ".join(text.split())
    return norm[_SHIFT.match(norm).end():] if _SHIFT.match(norm) else norm


# "..., so we can have a proper conversation": the purpose of what came before, offered to nobody.
PURPOSE_BEFORE = re.compile(r"\b(?:so|so that|in order that)\s*$", re.IGNORECASE)


def states_its_matter(text: str, acts: object) -> bool:
    """Whether a preamble or a preliminary also states the matter: what it is about, why, the facts or how it
    feels ("I'm calling about the heating again, because it's been three weeks"). A go-ahead answers only a
    preamble that names nothing yet."""
    return states_matter(text) or tells_more(text, acts)


def tells_more(text: str, acts: object) -> bool:
    """Whether a line that names its topic also tells the reason, the facts or the feeling ("about the heating
    again, because it's been three weeks"): "What about the heating?" would ask for what was just said."""
    return gives_reason(text) or any(getattr(acts, name, False) for name in ("facts", "feelings", "blame"))


def ends_with_goodbye(text: str) -> bool:
    """Whether the line's last sentence takes leave ("...you always pay rent on time. Right, I'm off, see you
    later."): whatever came before, the reply says goodbye back rather than starting a new point."""
    sentences = [p.strip() for p in re.split(r"(?<=[.!?])\s+", " ".join(text.split())) if p.strip()]
    last = sentences[-1] if sentences else ""
    if re.search(r"\bon (?:my|the|our) way out\b|\bi(?:'ll| will) (?:let you go|leave you to it|get out of your hair)\b",
                 last, re.IGNORECASE) and "?" not in last:
        return True  # "I'll book the blood test at the desk on my way out.": taking leave with a next step
    # ("...650. That's it." ends a demand: "that's it" or "that's all" alone takes no leave)
    return bool(last) and "?" not in last and says_goodbye(last) and not re.match(
        r"^(?:\w+[,.!]*\s+)*that'?s (?:all|it)[.!]*$", last, re.IGNORECASE)


# Moving on together at the end of the talk: "Right, shall we get going?", "Let's have some of that lasagne."
_HEAD_OFF = re.compile(
    r"^(?:(?:right|okay|ok|so|anyway|come on|well|now)[,.!]*\s+)*(?:(?:shall|should) we|let'?s)(?: just)? (?:get going|go in(?:side)?|"
    r"head in|go|head off|"
    r"head out|make a move|get moving|eat|order|get (?:some )?food|grab (?:some )?food|get something to eat|have (?:some|a bit) (?:of )?(?:that|the|this|your) \w+|"
    r"(?:go and )?(?:grab|get) (?:a|some|that) (?:drink|coffee|food|dinner|lunch|tea|pint))\b"
    r"(?:,? (?:then|now|yeah|love|mum|dad|mate|shall we))*[.?!]*$", re.IGNORECASE)
# What may stand beside it: thanks, love, a sorry, a treat offered ("First drinks are on me.").
_BESIDE_HEAD_OFF = re.compile(
    r"^(?:(?:okay|ok|right|alright|yeah|so|oh|anyway)[,.!]*\s*)*(?:(?:thanks?(?: you)?|thank you|cheers)(?:,? \w+)?(?: (?:so much|for listening|for "
    r"hearing me out|for being (?:so )?(?:nice|good|great|lovely) about it))?(?:,? (?:i mean it|really|honestly))?|"
    r"(?:i )?love you(?: loads)?|sorry(?:,? \w+)?|i'?m (?:(?:so|absolutely) )?(?:starving|famished|hungry)|"
    # "Anyway, you're here now. Yes, I'll have a drink if you're buying. Let's just go in."
    r"you'?re here now|(?:yes,? )?i'?ll have (?:a|one)(?: \w+)?(?: if you'?re (?:buying|paying|offering))?|(?:the )?(?:first )?(?:drinks?|round|coffee|dinner|lunch|pizza)(?:'s| is| are) on me"
    r"(?:,? (?:by the way|then|this time))?)?[.!]*$", re.IGNORECASE)


def heads_off(text: str) -> bool:
    """Whether the line moves on together once the talk is done ("Thanks for listening, I mean it. Right, shall we
    get going? First drinks are on me."): thanks or a treat beside it at most, nothing else to answer."""
    parts = [p.strip() for p in re.split(r"(?<=[.!?])\s+", " ".join(text.replace("’", "'").split())) if p.strip()]
    return _whole_line(parts, _HEAD_OFF.match, _BESIDE_HEAD_OFF)


# The speaker's own good news, told in passing ("Oh, and they did email, by the way, second round's next Wednesday.
# Sorry, tangent."): it is met with pleasure before the matter goes on, not with "what do you want from me?".
_GOOD_NEWS = re.compile(
    r"\b(?:good|great|exciting|big|amazing) news\b|\b(?:so )?exciting\b|\b(?:i )?(?:got|passed|landed|aced) (?:the job|"
    r"the interview|the place|my (?:test|exam|driving test)|through)\b|\b(?:second|final|next) (?:round|interview|stage)\b|"
    r"\b(?:i|we)(?:'ve| have)? got (?:engaged|the house|the flat|the offer)\b", re.IGNORECASE)
_IN_PASSING = re.compile(r"\b(?:by the way|btw|tangent|anyway|speaking of|oh,? and|random(?:ly)?|did i (?:tell|mention))\b",
                         re.IGNORECASE)


def tells_good_news(text: str) -> bool:
    """Whether the line tells the speaker's own good news in passing, asking nothing about it."""
    return bool(_GOOD_NEWS.search(text) and _IN_PASSING.search(text)) and "?" not in text
