"""Retorts and turns of tone that the acts alone misread.

A tit-for-tat jab ("Maybe I'll put my phone on the table too and we'll see how you like it") is a retaliation,
never a proposal to take up; a challenge ("Go on then, tell me one thing I said") asks for proof and is answered
as one; an apology for one's own tone ("sorry, that was out of line") is acknowledged before the point after it;
and a stall that puts the talk off ("Can we not do this now?") answers pressure in general, not a feeling, an
apology or a challenge, and reads as stock the second time.
"""

from __future__ import annotations

import re

# Doing to the counterpart what they do, to make a point: a jab, not an offer.
_RETALIATION = re.compile(
    r"\b(?:(?:and |then )?(?:we'?ll|let'?s|you'?ll) see how you (?:like|feel about) (?:it|that)|"
    r"see how you like it|two can play (?:at )?that game|how would you like it if i|"
    r"then you'?ll (?:know|see) how it feels|(?:let'?s|we'?ll) see how (?:that|it) feels|"
    # "I'll go to the director myself and we'll see how that goes for you": a threat, never a withdrawal
    r"(?:(?:let'?s|we'?ll) )?see how (?:that|this|it) (?:goes|works out|plays out) for (?:you|your \w+)|"
    r"see how (?:many \w+|fast|quick(?:ly)?|soon) you (?:\w+ )?(?:sell|get|have|sort|fix|do|pay)(?: it| that| them)? "
    r"(?:then|after that)|i'?ll (?:leave|write|post|put up) (?:a |an )?(?:\w+ )?"
    r"reviews?\b|"
    r"(?:let'?s|we'?ll) see how your (?:next )?\w+ (?:goes|go|works out)|"
    # "Maybe I'll stop doing your laundry and see how long it takes you to notice."
    r"see how long (?:it takes )?(?:you|him|her|them)\b[^.?!]{0,30}\b(?:to notice|notices?|last|lasts|cope|copes)\b|"
    # "See how the guys on the couch like that."
    # ("... see how your next customer likes it")
    r"see how (?:they|he|she|(?:the|your) \w+(?: \w+){0,4}) (?:like|likes|feel about|feels about|enjoy|enjoys) (?:it|that)|"
    # a threat to hurt their name or their standing: "I'm putting this on every review site I can find"
    # ("... or I'm writing about this place on every review site I can find")
    r"(?:i'?m|i am|i'?ll|i will) (?:be )?(?:putting|put|posting|post|writing|write|leaving|leave) (?:this |it |about (?:this|it|you|"
    r"the) ?\w* )?"
    r"(?:on (?:every|all the|a) review|(?:a )?(?:bad|terrible|one-star|1-star) review)|"
    r"(?:tell|telling) everyone i know not to|"
    # "I'll just put a review up where everyone can read it... We'll see how busy you are then."
    r"(?:put|post|leave|write|stick) (?:a |an )?(?:honest |bad |terrible |one-star )?review (?:up|online|out)|"
    r"(?:we'?ll|let'?s) see how (?:busy|happy|smug|clever|popular|cocky) you are (?:then|after that)|"
    # "If you're going to be like this, maybe we just won't come at all.": a threat, never an offer to weigh up
    r"if you(?:'re| are)? (?:going to|gonna|keep|carry on)[^,.?!]{0,40},\s*(?:then |maybe |well )*(?:we|i)(?:'ll| will)? "
    r"(?:just )?(?:won'?t|will not|not|never) (?:come|bother|visit|be there|come round|come over|see you)|"
    # "Fine. I'll tell Mum, see what she thinks of her golden boy then."
    r"i(?:'ll| will|'m going to) tell (?:mum|mom|dad|gran|nan|everyone|the family|your (?:mum|mom|dad|wife|husband|partner|"
    r"boss))\b[^.?!]*\b(?:see what|then|and)\b|"
    # "Or I'll call the landlord, I swear.": a threat, never an offer to weigh up
    r"or (?:else )?i(?:'ll| will) (?:call|ring|tell|go to|report (?:you|it|this) to|complain to) (?:the |your )?(?:landlord|"
    r"police|council|manager|director|hr|agency|boss|mum|dad))\b", re.IGNORECASE)
# Going over the counterpart's head or hitting back by other means: a review, a complaint to someone above them, a
# solicitor, rent held back. A threat, never an offer: answered as one ("threatening me won't sort it any faster").
_THREAT = re.compile(
    # ("I'll talk to the director about the timeline" is no threat; "maybe I'll just talk to the director" is)
    r"\b(?:(?:i'?ll|i will|i'?m going to|i'?m gonna|maybe i'?ll|or i'?ll|then i'?ll)\s+(?:just\s+)?(?:have to\s+)?"
    r"(?:go(?: straight)? to|go over your head to|report (?:you|this|it) to|complain to)|"
    r"(?:maybe i'?ll|or (?:else )?i'?ll|then i'?ll|i'?ll just|i'?ll have to)\s+(?:just\s+)?(?:talk to|speak to|call|ring|"
    r"contact|write to|get)) (?:the |a |my |your )?(?:director|solicitor|lawyer|council|ombudsman|police|hr|head office|"
    r"trading standards|tribunal|regulator|small claims)\b|"
    r"\b(?:maybe |just )?(?:talk|speak) to a (?:solicitor|lawyer)\b|"
    # "If I don't start seeing money, I'm telling Mum and Dad the whole story."
    r"\bif (?:i|you) (?:don'?t|do not|doesn'?t|can'?t|won'?t)\b(?! mind)[^.?!]{0,50},\s*(?:then )?i(?:'m| am|'ll| will)(?: going to| gonna)? "
    r"(?:tell|telling|report|reporting|call|calling|ring|ringing|go|going) (?:to )?(?:mum|mom|dad|your \w+|the \w+|everyone|"
    r"hr|a lawyer|a solicitor|the police)\b|"
    # "maybe I'll just mention it to the lads at football and see what they think"
    # ("Or I'll just mention it to HR, see how that looks for your shot at the senior role", "...see what they reckon")
    r"\b(?:i'?ll|maybe i'?ll|or i'?ll) (?:just )?(?:mention it|mention this|tell|say it|bring it up|raise it|take it) "
    r"(?:to )?(?:\w+ ){0,5}?(?:the lads|everyone|the others|the group|the team|people|mum|dad|hr|the director|the boss|"
    r"(?:the|your) \w+)\b[^.?!]*\bsee (?:what|how)\b[^.?!]*\b(?:think|thinks|say|says|reckon|reckons|looks?|feel|feels)\b|"
    r"\btake (?:you|this|it) to (?:court|small claims)\b|"
    # "...we're getting someone else in and you can forget about the rest."
    r"\b(?:we'?re|i'?m|we'?ll|i'?ll) (?:be )?(?:getting|bringing|get|bring) someone else in\b|\byou can forget (?:about )?the rest\b|"
    # "Right. I'm reporting you to the council and I'm not paying next month's rent."
    r"\bi'?m (?:reporting|going to report|gonna report) (?:you|this|it)\b|"
    r"\bi'?m (?:ringing|calling|phoning|going to (?:ring|call)) (?:the )?(?:council|police|ombudsman|"
    r"solicitor|lawyer)\b|"
    r"\bi'?m not paying (?:the |my |next month'?s |this month'?s |any )?rent\b|"
    r"\b(?:put|post|leave|write|stick) (?:a |an |my )?(?:honest |bad |terrible |one-star |1-star )?reviews? (?:up|online|"
    r"everywhere)\b|\bi'?ll (?:just )?(?:go (?:and )?)?(?:leave|write|post) (?:a |an )?(?:[\w-]+ )?review\b|"
    # "I'll call a lawyer", "they're out by eleven or I'm calling the landlord"
    r"\b(?:i'?ll|i will|i'?m going to|i'?m gonna) (?:just )?(?:call|ring|get|phone|see) (?:a|my) (?:lawyer|solicitor)\b|"
    r"\bor (?:else )?i'?m (?:calling|ringing|phoning|telling|reporting (?:you|it|this) to) (?:the |your |my )?(?:landlord|"
    r"council|police|agency|letting agent|manager|boss|director|hr|mum|dad)\b|"
    r"\b(?:put|post|leave|write|stick) (?:a |an |my )?(?:[\w-]+ )?reviews? (?:up |out )?(?:on|all over) (?:every|each)\b|"
    # "I'll do a chargeback on my card and put this whole thing on every review site I can find"
    r"\b(?:i'?ll|i'?m going to|i'?m gonna|or i'?ll|then i'?ll) (?:just )?(?:do|file|raise|make|get) (?:a )?charge ?back\b|"
    r"\b(?:put|post|stick) (?:this|it|the whole thing|this whole thing|all of this) (?:\w+ )?(?:on|all over) "
    r"(?:every|each|a|the) (?:review|social media) ?(?:site|sites|page|pages)?\b|"
    r"\b(?:i'?ll|maybe i'?ll|i'?m going to) (?:just )?(?:stop|start withholding|hold back|withhold) (?:paying )?(?:the |my )?"
    r"(?:rent|payments?|the balance|the money)\b|\bstop paying (?:the |my )?(?:rent|bill|balance)\b",
    re.IGNORECASE)
# Asking the counterpart to prove a claim: "tell me one thing I said", "name one time", "give me one example".
_CHALLENGE = re.compile(
    r"\b(?:tell me|name|give me) (?:just )?(?:one|a single) (?:thing|time|example|word|detail|occasion)\b|"
    r"\bprove it\b|\bwhat did i (?:just )?say\b\??$|\bgo on(?: then)?,? (?:tell me|name|prove)\b", re.IGNORECASE)
# Owning up to one's own tone or words.
_OWN_TONE = re.compile(
    r"\b(?:that was|i was|i'?m being|that'?s|that came out) (?:out of line|out of order|uncalled for|unfair|harsh|"
    r"mean|rude|wrong|nasty|too much|a cheap shot|a low blow)\b|\bi (?:shouldn'?t|should not) have (?:said|started|snapped|put it)\b|"
    r"\bi didn'?t mean (?:that|it)\b|\bthat came out wrong\b|\bi take that back\b|"
    # "That came out snippy", "that sounded harsher than I meant": the tone owned, whatever word names it
    r"\b(?:that|it) (?:came out|sounded) (?:a (?:bit|little) |really |so |more |way )?"
    r"(?:(?!yesterday|today|early|recently|lately|already)\w+(?:y|er|ly)|"
    r"wrong|harsh|mean|rude|sharp|blunt|cold|bad|aggressive|defensive)\b",
    re.IGNORECASE)
_SORRY = re.compile(r"\b(?:sorry|i apologi[sz]e)\b", re.IGNORECASE)
# A line that puts the talk off without taking up anything said.
POSTPONING = re.compile(
    r"\b(?:can we not do this|not (?:do|get into) this (?:now|right now|tonight|today)|(?:can'?t|cannot) get into "
    r"this|leave (?:this|it) (?:for|till|until|to) |talk about (?:it|this) (?:after|later|another|tomorrow|"
    r"at the weekend)|let'?s talk about it after\b|can we (?:do|talk about) this (?:later|another time|tomorrow)|"
    r"not now\b|another time\b|drop it for now|(?:got|have) to run)", re.IGNORECASE)


def retaliates(text: str) -> bool:
    """Whether the line is a tit-for-tat jab ("...and we'll see how you like it")."""
    return bool(_RETALIATION.search(" ".join(text.replace("’", "'").split())))


def threatens(text: str) -> bool:
    """Whether the line threatens to go over the counterpart's head or hit back ("I'll leave a review")."""
    return bool(_THREAT.search(" ".join(text.replace("’", "'").split())))


def challenges(text: str) -> bool:
    """Whether the line dares the counterpart to prove a claim ("tell me one thing I said")."""
    return bool(_CHALLENGE.search(" ".join(text.replace("’", "'").split())))


def apologises_for_tone(text: str) -> bool:
    """Whether the line says sorry for the speaker's own tone or words ("sorry, that was out of line")."""
    norm = " ".join(text.replace("’", "'").split())
    return bool(_SORRY.search(norm) and _OWN_TONE.search(norm))


def postpones(line: str) -> bool:
    """Whether a counterpart line puts the conversation off ("Can we leave this for the weekend?")."""
    return bool(POSTPONING.search(line))


# Asking for someone above the counterpart: "Is there anyone above you I can talk to?", "Can I speak to your manager?"
_ESCALATION = re.compile(
    r"\b(?:anyone|someone|somebody|anybody) (?:above you|more senior|higher up|senior|in charge|else i can (?:talk|speak) to)\b|"
    r"\b(?:speak|talk) to (?:your|the|a) (?:manager|supervisor|boss|line manager|head office|team leader|senior)\b|"
    r"\bover your head\b|\btop of the food chain\b", re.IGNORECASE)


def asks_higher_up(text: str) -> bool:
    """Whether the line asks for someone above the counterpart ("Is there anyone above you I can talk to?")."""
    return bool(_ESCALATION.search(" ".join(text.replace("’", "'").split())))


# The threatened act itself, to say back: "I'll just leave a one-star review on every site I can find" -> "leave a
# one-star review on every site I can find" (the caller turns the pronouns round).
_THREAT_CLAUSE = re.compile(
    r"\b(?:i'?ll|i will|i'?m going to|i'?m gonna)\s+(?:just\s+|probably\s+|definitely\s+|have to\s+)*(?P<x>(?:leave|write|post|"
    r"put|tell|go|report|call|ring|take|stop|complain|mention|dispute|cancel|contact|speak|talk|start|do|file)\b[^.?!;,]{3,80})",
    re.IGNORECASE)
_THREAT_TAIL = re.compile(r"\s+(?:and\s+)?(?:see|then)\b.*$|\s+(?:and|so)\s+(?:i|you|we)\b.*$", re.IGNORECASE)


def threat_phrase(text: str) -> str | None:
    """What a threat says it will do, in the speaker's words ("leave a one-star review"), or None."""
    for sentence in re.split(r"(?<=[.!?])\s+", " ".join(text.replace("’", "'").split())):
        if _THREAT.search(sentence) or _RETALIATION.search(sentence):
            if match := _THREAT_CLAUSE.search(sentence):
                return _THREAT_TAIL.sub("", match["x"]).strip()
    return None
