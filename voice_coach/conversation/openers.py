"""Openers that ask for a hearing or hand over details: answered with a go-ahead, not the matter.

"Bear with me", "hear me out", "I don't usually ask for things" ask to be heard before anything is asked;
"It's about Fridays." names the topic in a sentence of its own; an account number and a date of birth given
because the counterpart asked for them (a grumble beside them or not) are details, not the complaint; and
thanks that only open a longer line ("Hi, thanks. Um, so this is a bit...") are a courtesy, not thanks for a
favour to be waved off with "Oh, it's nothing.".
"""

from __future__ import annotations

import re

# Asking to be heard out before the matter: a go-ahead answers it, never "what do you want from me?".
_HEAR_ME_OUT = re.compile(
    r"\b(?:bear with me|hear me out|let me (?:just )?(?:finish|get (?:this|it) out|say this|explain)|"
    r"(?:just )?listen to me for a (?:second|sec|minute|moment)|"
    r"i (?:don'?t|do not) (?:usually|normally|often|really) ask (?:for (?:things|much|anything|favou?rs|help)|you for)|"
    r"give me a (?:second|sec|minute|moment) to (?:explain|say (?:this|it)|get (?:this|it) out))\b",
    re.IGNORECASE)
# "It's about Fridays." / "So, it's about my hours." as a sentence of its own: a named topic.
_TOPIC_SENTENCE = re.compile(
    # ("It's, um, it's about my pay.": a false start before the topic)
    r"^(?:(?:so|um|uh|well|and|anyway|basically|okay|ok|hi|hello|hey|yeah|yes|it'?s),?\s+)*it'?s (?:about|regarding|to do with) "
    r"(?P<t>(?:the |my |your |our )?[a-z][a-z'-]*(?: [a-z][a-z'-]*){0,2})[.!]*$", re.IGNORECASE)
_NO_TOPIC = frozenset("it that this them you me us something anything everything stuff things thing time".split())

# The counterpart asking for identity details ("Can I have your account number and date of birth?").
_ASKS_DETAILS = re.compile(
    r"\b(?:account|reference|policy|member|membership|order|customer|patient|case|booking) (?:number|no\b|id\b)|"
    r"\bdate of birth\b|\bpost ?code\b|\bzip code\b|\bfull name\b", re.IGNORECASE)
_MONTH = (r"(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|"
          r"jun|jul|aug|sep|sept|oct|nov|dec)")
# An id or a date in the line: what such a question asks for.
_DETAIL = re.compile(rf"\d{{3,}}|\b\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}\b|\b{_MONTH}\b", re.IGNORECASE)
_NUMBER = re.compile(r"\d|[$£€]|\b(?:dollars?|pounds?|euros?|percent|hundred|thousand)\b", re.IGNORECASE)
_SENTENCES = re.compile(r"(?<=[.?!])\s+")


def asks_to_be_heard(text: str) -> bool:
    """Whether the line asks to be heard out before the matter ("bear with me", "hear me out")."""
    return bool(_HEAR_ME_OUT.search(" ".join(text.replace("’", "'").split())))


def topic_sentence(text: str) -> str | None:
    """The topic a sentence of its own names ("It's about Fridays." -> "Fridays"), else None."""
    # (a clause of its own counts too: "this is tiny and sort of silly, but it's about the washing up.")
    for sentence in re.split(r"(?<=[.?!])\s+|,\s*(?:but\s+|and\s+|so\s+)?", " ".join(text.replace("’", "'").split())):
        match = _TOPIC_SENTENCE.match(sentence.strip())
        if match and match["t"].split()[0].lower() not in _NO_TOPIC:
            return match["t"]
    return None


def asks_details(line: str) -> bool:
    """Whether a counterpart line asks for identity details (an account number, a date of birth)."""
    return bool(_ASKS_DETAILS.search(line))


# "Sure, one sec, it's on the letter... I'll read both out for you now.": the details asked for are on their way.
_FETCHING = re.compile(r"\b(?:one sec(?:ond)?|hang on|hold on|just a (?:sec(?:ond)?|moment|minute)|bear with me)\b.*"
                       r"\b(?:letter|card|bill|email|statement|here somewhere|got it|find it|read)\b|"
                       r"\blet me (?:find|get|grab|dig out|look for|check) (?:it|them|that|the (?:letter|card|number))\b|"
                       r"\bi'?ll read (?:it|them|both|those|that)(?: out)?\b|"
                       r"\b(?:can|shall) i read (?:it|them|both|those|that)(?: out)?(?: to you)?\b|"
                       r"\bi'?ll give (?:you )?(?:those|them|both|it)\b", re.IGNORECASE)


def fetches_details(text: str, partner_last: str) -> bool:
    """Whether the line, answering a request for identity details, only goes to fetch them ("one sec, it's on the
    letter")."""
    return bool(_ASKS_DETAILS.search(partner_last) and _FETCHING.search(" ".join(text.replace("’", "'").split()))
                and not gives_asked_details(text, partner_last))


def gives_asked_details(text: str, partner_last: str) -> bool:
    """Whether the line hands over only the identity details the counterpart's last line asked for: an id or a
    date, with at most a grumble beside it and no amount or other figure of the matter."""
    if not _ASKS_DETAILS.search(partner_last):
        return False
    sentences = _SENTENCES.split(" ".join(text.replace("’", "'").split()))
    given = [s for s in sentences if _DETAIL.search(s)]
    rest = [s for s in sentences if s not in given]
    # ("The bill has 1,180 dollars for an MRI" beside the date of birth states the matter: it is no preliminary)
    return bool(given) and not any(_NUMBER.search(s) for s in rest) and not any(
        re.search(r"[$£€]|\b(?:dollars?|pounds?|euros?|charge|bill|invoice)\b", s, re.IGNORECASE) for s in given)


def grumbles(text: str, partner_last: str) -> bool:
    """Whether details handed over come with something more (a grumble: "I've given it twice already")."""
    sentences = _SENTENCES.split(" ".join(text.split()))
    return gives_asked_details(text, partner_last) and any(
        not _DETAIL.search(s) and len(s.split()) >= 3 for s in sentences)


_THANKS = re.compile(r"\b(?:thanks|thank you|cheers)\b", re.IGNORECASE)
# Thanks as a courtesy: bare, or for the time or the meeting ("Hi, thanks.", "Thanks for seeing me.").
_COURTESY = re.compile(r"\b(?:thanks|thank you|cheers)(?: (?:so much|very much|a lot))?(?: for (?:having me|seeing me|"
                       r"meeting (?:me|with me)|making (?:the )?time|taking the time|(?:the|your) time|coming(?: out| over| round| in| by)?|"
                       r"fitting me in|picking up))?\s*(?:,\s*\w+)?\s*[.!,]*$", re.IGNORECASE)


def thanks_only_opens(text: str) -> bool:
    """Whether thanks only open a longer line ("Hi, thanks. Um, so this is a bit awkward..."): a courtesy
    before the matter, not thanks for a favour."""
    sentences = [s for s in _SENTENCES.split(" ".join(text.split())) if s.strip()]
    first = next((n for n, s in enumerate(sentences) if _THANKS.search(s)), None)
    if first is None or not _COURTESY.search(sentences[first]):
        return False  # "Thank you for being okay with it" thanks for something: it is no courtesy
    if not all(_HELLO_ONLY.match(s) for s in sentences[:first]):
        return False  # ("Yes, hello. Thank you for seeing me. This laptop..." opens with a hello, then the thanks)
    rest = " ".join(sentences[first + 1:])
    return len(rest.split()) >= 5 and not _THANKS.search(rest)


_HELLO_ONLY = re.compile(r"^(?:(?:yes|yeah|hi|hello|hey|oh|um|right|okay|ok|morning|good (?:morning|afternoon|evening)|"
                         r"afternoon|evening)[,.!]*\s*)+$", re.IGNORECASE)


# What a preliminary says, so that the go-ahead answers it: a question announced, time asked for, a sorry for bothering.
# "I've written a few questions down": questions announced, none asked yet (acts.PRELIMINARY reads it too).
WROTE_QUESTIONS = (r"\bi(?:'ve| have| did)? (?:written|wrote|write|jotted|jot|put) (?:down )?(?:a|some|a few|a couple of|my) "
                   r"(?:\w+ )?questions\b")
_QUESTION_AHEAD = re.compile(r"\b(?:i (?:do |did )?(?:have|had)|i'?ve got|there'?s) (?:a|one|some|a few|a couple of|two|three) "
                             r"(?:quick |small |little )?"
                             r"questions?\b|\bcan i ask (?:you )?(?:something|a question)\b|"
                             rf"{WROTE_QUESTIONS}|"
                             # "I wanted to, well, ask a few things first... I've written them down this time."
                             r"\bi (?:wanted|want|was hoping|need|'d like) to,? (?:(?:um|uh|well|erm|just),? )*ask (?:you )?"
                             r"(?:a (?:few|couple of)|some|two|three) (?:things|questions)\b",
                             re.IGNORECASE)
_TIME_AHEAD = re.compile(r"\b(?:have you |you )?got (?:a (?:minute|sec|second|moment)|(?:two|five|ten|fifteen|a few) minutes)\b|"
                         r"\bdo you have (?:a (?:minute|sec|second|moment)|(?:two|five|ten|fifteen|a few) minutes)\b",
                         re.IGNORECASE)
_SORRY_AHEAD = re.compile(r"\bsorry,? (?:to (?:bother|disturb|interrupt|nag) you|i know you'?re (?:busy|swamped|rushed)|"
                          r"i'?m (?:a bit |a little |so |really )?nervous|"
                          # "Sorry, that came out wrong. Please don't be upset.": the sorry is for the words just said
                          r"that came out (?:wrong|badly|all wrong)|i didn'?t mean (?:it )?like that)\b",
                          re.IGNORECASE)


_HEDGE = r"(?:(?:actually|kind of|sort of|kinda|partly|exactly|basically|also|really|um|uh),? )*"
# "That's actually kind of what I wanted to talk about", "what I want to say is about that": the matter is the one the
# counterpart just named, so the go-ahead shows it expected as much.
_EXPECTED_AHEAD = re.compile(r"\b(?:that'?s|this is|it'?s|it is) " + _HEDGE + r"(?:what|why) i (?:wanted|want|was hoping|"
                             r"need|needed|came|'d like) to (?:talk|speak|chat) (?:(?:to|with) you )?about\b|"
                             r"\bwhat i (?:want|wanted|need|needed) to (?:say|talk about|raise) is " + _HEDGE +
                             r"(?:about|to do with) (?:that|this|it)\b|"
                             r"\b(?:it'?s|this is|it is) " + _HEDGE + r"(?:about|to do with) (?:that|this)\b[.!,]|"
                             r"\bnow (?:that )?you mention it\b|\bfunny you should (?:ask|mention|say)",
                             re.IGNORECASE)
# "Bear with me", "this isn't easy to say", "I've thought about this a lot": a weighty preface.
_SERIOUS_AHEAD = re.compile(r"\bbear with me\b|\bdon'?t take (?:this|it) the wrong way\b|"
                            r"\b(?:this|it) (?:isn'?t|is not|won'?t be|'?s not) (?:easy|easy to say|"
                            r"something i)\b|\bi'?ve (?:thought|been thinking) (?:about (?:this|it) )?(?:a lot|for ages|"
                            r"long and hard)\b|\bi'?ve been (?:going back and forth|putting (?:this|it) off)\b",
                            re.IGNORECASE)
# "It's nothing bad, don't worry": the preface reassures before the matter.
_REASSURED_AHEAD = re.compile(r"\b(?:it'?s|it is) (?:nothing|not anything) (?:bad|serious|major|terrible|awful)\b|"
                              r"\bnot bad bad\b|\b(?:it'?s )?nothing to worry about\b|"
                              r"^(?:[^.?!]*[.?!]\s+)?don'?t worry\b(?!,? about)",
                              re.IGNORECASE)
# "There's something I want to raise before the twelfth": a matter announced, not yet said.
_SOMETHING_AHEAD = re.compile(r"\b(?:there'?s|there is|i'?ve got|i have) (?:something|a thing|one thing) (?:i (?:want|wanted|need|"
                              r"needed|'d like) to (?:raise|mention|bring up|tell you|say|ask|talk about|talk to you about)|"
                              r"on my mind)\b|\bi need to tell you something\b", re.IGNORECASE)


# "Sorry, one sec, just replying to Ben" - "Nah, it's fine, finish it. I'll wait.": the person lets them finish.
_BUSY_NOW = re.compile(r"\b(?:one sec(?:ond)?|two secs|hang on|hold on|just (?:replying|texting|finishing|sending|answering))\b",
                       re.IGNORECASE)
_LETS_FINISH = re.compile(r"\b(?:finish (?:it|that|up|off|your \w+)|i'?ll wait|take your time|no rush|go ahead and finish)\b",
                          re.IGNORECASE)


def lets_them_finish(text: str, partner_last: str) -> bool:
    """Whether the line lets the counterpart finish what they were busy with ("finish it, I'll wait")."""
    return bool(_BUSY_NOW.search(partner_last) and _LETS_FINISH.search(text))


# Go-aheads that answer only how the matter was announced: a topic named beside it is the better thing to take up.
PREFACE_KINDS = frozenset({"go_ahead_expected", "go_ahead_serious", "go_ahead_reassured", "go_ahead_something"})


def go_ahead_kind(text: str) -> str | None:
    """The go-ahead that answers a preliminary ("go_ahead_question", "_time", "_sorry", "_expected", "_serious",
    "_reassured", "_something") or None."""
    norm = " ".join(text.replace("’", "'").split())
    # ("Dad, that's what I wanted to talk to you about. Please don't be upset.": the matter expected comes first)
    for kind, cue in (("go_ahead_question", _QUESTION_AHEAD), ("go_ahead_time", _TIME_AHEAD),
                      ("go_ahead_expected", _EXPECTED_AHEAD), ("go_ahead_sorry", _SORRY_AHEAD),
                      ("go_ahead_serious", _SERIOUS_AHEAD), ("go_ahead_reassured", _REASSURED_AHEAD),
                      ("go_ahead_something", _SOMETHING_AHEAD)):
        if cue.search(norm):
            return kind
    return None


# Asking for something to note down: "Is there a reference number I should write down?", "a direct extension?"
_REFERENCE = re.compile(r"\b(?:reference|case|ticket|confirmation|claim|complaint) (?:number|no\b|id\b)|"
                        r"\bdirect (?:extension|line|number|email)\b", re.IGNORECASE)


def asks_for_reference(text: str) -> bool:
    """Whether the line asks for a reference number or a direct line to note down (a question, not a statement)."""
    norm = " ".join(text.replace("’", "'").split())
    # ("...and can I get a reference number for this call", spoken without a question mark, asks all the same)
    return any(_REFERENCE.search(s) and (s.rstrip().endswith("?") or re.match(r"(?i)(?:can|could) (?:i|you)", s)
                                         or re.search(r"(?i)\b(?:can|could|may) (?:i|you) (?:get|have|give|grab)\b", s))
               for s in re.split(r"(?<=[.!?])\s+", norm))


# Settling in: "Sorry, should I put my bag here?", "Where shall I sit?": a small practical question, answered as one.
_SETTLING = re.compile(r"\b(?:should|shall|can) i (?:put|leave|hang|pop) (?:my|the|this) (?:bag|coat|jacket|stuff|things|umbrella)\b|"
                       r"\bwhere (?:should|shall|do) i (?:sit|put (?:my|this|the) \w+)\b|\b(?:should|shall) i sit (?:here|there|down)\b",
                       re.IGNORECASE)
# "Have you started the tablets yet?" - "Um, no, not yet. Sorry.": a plain no to the counterpart's own question.
_ASKED_YET = re.compile(r"\b(?:have|did) you (?:\w+ ){0,2}?(?:started|done|looked|seen|read|booked|sent|finished|had|tried|"
                        r"taken|got|checked|paid)\b[^.?!]*\byet\?", re.IGNORECASE)
_NOT_YET = re.compile(r"^(?:(?:oh|um|uh|er|erm|well|ah|so),?\s+)*(?:no|nope|not yet|no,? not yet)\b", re.IGNORECASE)
# A reason given beside the "not yet": "because...", "I wasn't sure", "I got scared", "I googled it", "I've been busy"
_REASON_GIVEN = re.compile(r"\b(?:because|cos|cause|since|i wasn'?t sure|i was(?:n'?t)? (?:too |a bit |a little |quite |"
                           r"really |so )?(?:busy|away|ill|sick|worried|scared|nervous)|i got (?:a bit |really |quite )?"
                           r"(?:scared|worried|nervous|busy|confused|freaked)|i(?:'ve| have) been (?:busy|away|ill|worried)|"
                           r"googled|looked (?:it |them )?up|read (?:stuff|things|something|up|about)|online)\b", re.IGNORECASE)
# "Yes, well, sort of. I picked them up. I haven't really started.": a no, said later in the line
_HAVE_NOT_STARTED = re.compile(r"\bi (?:just |still )?(?:haven'?t|have not) (?:really |actually |quite |properly |exactly )?(?:started|begun|"
                               r"taken (?:them|it|any)|tried (?:them|it)|opened (?:them|it|the box)|got round to (?:it|them))"
                               r"(?: (?:them|it|yet))?[,.!?]", re.IGNORECASE)


def settles_in(text: str) -> bool:
    """Whether the line asks where to sit or put one's things ("should I put my bag here?")."""
    return bool(_SETTLING.search(text))


def answers_not_yet(text: str, *asking: str) -> bool:
    """Whether the line says no to a "have you ... yet?" of the counterpart lines `asking` ("Um, no, not yet.")."""
    said_no = bool(_NOT_YET.search(text.strip()) or _HAVE_NOT_STARTED.search(text))
    # ("Not yet. I got a bit scared after I read stuff online.": the reason is given; "what held you back?" would ask it)
    return said_no and not _REASON_GIVEN.search(text) and any(_ASKED_YET.search(line) for line in asking)
