"""Words of the user's line said back: a fresh refusal or a renewed ask ("You can't be my bridesmaid?") and the
topic a preamble names ("can we talk about the kitchen?" -> "the kitchen").

Both read the line alone (no session memory), so they live apart from the line picker in `replies.py`, which
imports them back where a reply names the ask or the topic.
"""

from __future__ import annotations

import re

from voice_coach.conversation.acts import clean_phrase, content_words, said_back

# ("I won't take up much of your time" is a courtesy, not a refusal to say back)
_REFUSED = re.compile(r"\bi (?:really |just |still |honestly )?(?P<v>can'?t|cannot|won'?t|will not) "
                      r"(?!(?:take|keep you|be) (?:up )?(?:long|much|too long|a minute|a second|more than)\b)"
                      r"(?!(?:get|quite get) (?:past|over|my head)|believe|stand|understand|see why|help (?:it|feeling))"
                      r"(?P<x>[^.?!,;]+)",
                      re.IGNORECASE)
_RENEWED = re.compile(r"\bi(?:'m| am)? still (?:need|want|asking for|expect) (?P<x>(?:a|an|the|my|some|\d+)\b[^.?!,;]+)",
                      re.IGNORECASE)
_CUT = re.compile(r"\s(?:and|but|because|so|or|which|if)\s", re.IGNORECASE)


def _uncut(phrase: str, *, min_words: int, max_words: int) -> str | None:
    """The user's words said back and cleaned, or None when cleaning had to cut their end ("I can't really just
    swallow that" -> "You can't really just swallow?": an echo cut short is no echo)."""
    whole = said_back(phrase).strip(" ,;:")
    body = clean_phrase(whole, min_words=min_words, max_words=max_words)
    return body if body and whole.lower().endswith(body.lower()) else None


def echo_ask(text: str) -> str | None:
    """A fresh refusal or a renewed request said back ("You can't be my bridesmaid?"), or None."""
    norm = " ".join(text.replace("’", "'").split())
    if match := _REFUSED.search(norm):
        verb = "won't" if match["v"].lower() in ("won't", "wont", "will not") else "can't"
        body = _uncut(_CUT.split(match["x"], maxsplit=1)[0], min_words=1, max_words=8)
        return f"You {verb} {body}?" if body else None
    if match := _RENEWED.search(norm):
        body = clean_phrase(said_back(_CUT.split(match["x"], maxsplit=1)[0]), min_words=2, max_words=8)
        return f"{body[:1].upper()}{body[1:]}?" if body else None
    return None


_TOPIC = re.compile(r"\babout (?P<t>(?:the |my |your |our |this |that )?[a-z][a-z' -]{1,45}?)\s*[.?!]*$", re.IGNORECASE)
# "There's something about Christmas I want to talk about": the topic sits mid-sentence, before its clause.
_TOPIC_INSIDE = re.compile(r"\b(?:something|a thing|a few things|a word|a chat) about "
                           r"(?P<t>(?:the |my |your |our |this |that )?[a-z][a-z'-]*(?: [a-z][a-z'-]*){0,3}?)"
                           r"(?= (?:i|we|that|which|you|before|if|when)\b)", re.IGNORECASE)
# "About the whole bridesmaid thing, I've been meaning to talk to you": the topic leads its own sentence.
_TOPIC_LEADING = re.compile(r"^(?:(?:um|so|well|actually|anyway|oh|and),?\s+)*about (?P<t>(?:the |my |your |our |this |that )?"
                            r"[a-z][a-z' -]{1,40}?),\s+(?:i|we)(?:'ve|'d| have| had)? (?:been meaning|been wanting|meant|"
                            r"wanted|want|need|needed|was going)\b", re.IGNORECASE)
# "Actually, the dresses are sort of what I wanted to talk to you about": the topic fronted before its announcement.
_TOPIC_FRONTED = re.compile(r"(?:^|,\s+)(?:(?:yeah|yes|so|well|um|and|actually),?\s+)*"
                            r"(?P<t>(?:the|my|your|our|this|that) [a-z][a-z'-]*(?: [a-z][a-z'-]*){0,2}|(?-i:[A-Z][a-z]+)) "
                            r"(?:is|are|was|were) (?:(?:sort of|kind of|kinda|actually|partly|exactly|really|also) )*"
                            r"(?:what|why) i (?:wanted|want|was hoping|need|needed|'d like|came) to (?:talk|speak|chat) "
                            r"(?:(?:to|with) you )?about\b", re.IGNORECASE)
# "It's kinda about that? Like, the phone thing at dinner.": the pronoun spelt out in the next sentence.
_TOPIC_SPELT_OUT = re.compile(r"\babout (?:that|this|it)\s*[.?!]+\s+(?:(?:like|i mean|you know|so),?\s+)+"
                              r"(?P<t>(?:the|my|your|our) [a-z][a-z' -]{1,40}?)\s*[.?!]*$", re.IGNORECASE)
# "It's not about the washing-up", "it isn't really about the money": a topic denied, not named.
_NOT_ABOUT = re.compile(r"(?:\bnot|n'?t|\bnever)\s+(?:(?:really|just|only|even)\s+)?about\s*$", re.IGNORECASE)
# Where a named topic's qualifier starts: the qualifier is not said back.
_TOPIC_QUALIFIER = re.compile(r"\s+(?:with|for|at|from|in|on|of|that|which|who|and|i|we|you|he|she|they|before|after|"
                               r"until|when|while|so)\s+",
                              re.IGNORECASE)
_TOPIC_FLIP = {"my": "your", "your": "my"}
# Hedges before a topic ("about maybe working from home"): not part of what is said back.
_TOPIC_HEDGES = frozenset("maybe possibly perhaps just potentially".split())
# -ing nouns that head a noun topic ("the meeting with the director"), not an activity with its complement.
_ING_NOUNS = frozenset("meeting wedding building morning evening ceiling ring thing something nothing anything "
                       "everything spring string king feeling painting booking funding housing clothing "
                       "parking training warning heating bedding pudding".split())
# Words that start a clause, not a topic ("talk to you about before any plans get made").
_NOT_A_TOPIC = frozenset("before after when if until since because".split())
_PRONOUN_TOPIC = frozenset("it that this them him her us me you".split())
_VAGUE_TOPIC = frozenset("something anything everything stuff things thing".split())
# Words after the topic that are not part of it ("about Christmas for a second?").
_TOPIC_TAIL = re.compile(r",?\s+(?:for a (?:second|sec|minute|moment|bit)|quickly|with you|now|today|real quick|actually|"
                         # "about the wedding, just the two of us rather than in the group chat?"
                         r"(?:just )?(?:the two of us|between us|in private|privately|alone|one on one|face to face)"
                         r"(?: rather than [^.?!]*)?|rather than [^.?!]*|"
                         r"really|please|if that's okay|if that's ok|if that's (?:alright|all right)|if you don't mind|"
                         r"again|properly|a lot|i guess|i suppose|i'?m afraid|mate|man|love|dad|mum|mom|bro|dude|"
                         r"if you(?:'ve| have) got (?:a (?:few )?)?(?:minutes?|second|sec|moment)"
                         r"|if you have (?:a )?(?:few )?(?:minutes?|second|moment))(?=\s*[.?!]*$)", re.IGNORECASE)


# ("that first", "that later on": an adverb after the pronoun, no noun to say back)
_TIME_ADVERBS = frozenset("first again now later then properly quickly today tonight too on".split())


def _flipped(words: list[str]) -> str:
    """A topic's words as the counterpart says them ("my pay" -> "your pay")."""
    return " ".join(_TOPIC_FLIP.get(w.lower(), w) for w in words)


def named_topic(text: str) -> str | None:
    """The topic a preamble names ("can we talk about the kitchen?" -> "the kitchen"), said back."""
    # clause by clause: "I wanted to talk about my salary, and I've put some numbers together" names "my salary"
    if spelt := _TOPIC_SPELT_OUT.search(" ".join(text.split())):
        words = _TOPIC_QUALIFIER.split(spelt["t"], maxsplit=1)[0].split()
        if len(words) <= 4:
            return _flipped(words)
    for sentence in re.split(r"(?<=[.?!])\s+|,\s+(?=(?:and|but|so|because|since)\b)", " ".join(text.split())):
        sentence = _TOPIC_TAIL.sub("", sentence)
        for match in (_TOPIC.search(sentence), _TOPIC_INSIDE.search(sentence), _TOPIC_LEADING.search(sentence),
                      _TOPIC_FRONTED.search(sentence)):
            if match is None or _NOT_ABOUT.search(sentence[:match.start("t")]):
                continue  # ("It's not about the washing-up." names what it is not about)
            whole = match["t"].split()
            while len(whole) > 1 and whole[0].lower() in _TOPIC_HEDGES:
                whole = whole[1:]
            if whole[0].lower().endswith("ing") and whole[0].lower() not in _ING_NOUNS:
                # "working from home": an activity keeps its complement ("What about maybe working?" is broken)
                if len(whole) <= 6:
                    return _flipped(whole)
                continue
            # "Tuesday's meeting with the director" is taken up as "Tuesday's meeting": short enough to say back.
            words = _TOPIC_QUALIFIER.split(" ".join(whole), maxsplit=1)[0].split()
            if words[0].lower() in _PRONOUN_TOPIC and (len(words) == 1 or words[0].lower() not in ("that", "this") or (
                    words[1].lower() in _TIME_ADVERBS)):
                continue  # "talk about it properly", "a chat about that first": a pronoun says back nothing
            if words[0].lower() in _VAGUE_TOPIC or all(w.lower() in _TIME_ADVERBS for w in words):
                continue  # "talk to you about something first": "What about something first?" is broken; so is
                # "What about first?" ("something I need to talk to you about first")
            if (len(words) <= 4 and words[0].lower() not in _NOT_A_TOPIC
                    and content_words(" ".join(words)) - _VAGUE_TOPIC):
                return _flipped(words)
    return None


# A plain fact the person states about themself ("It's just I start at seven, so."), to say back when the reply
# would otherwise be a stock line: "You start at seven?" shows it was heard.
_STATEMENT = re.compile(r"(?:^|[.!?,;]\s+|\b(?:just|so|and|but|because|cos)\s+)i(?:'ve| have)? (?P<v>start|finish|work|leave|"
                        r"get up|wake up|did|paid|spent|waited|called|rang|emailed|counted|missed|bought|tried|lost|"
                        r"had to|have to)\b(?P<x>[^.,;:?!]{3,45})", re.IGNORECASE)
_NOT_A_FACT = re.compile(r"^\s*(?:to )?(?:talk|ask|say|tell|mention|bring|raise|it|that|this|so|yeah|and|but)\b", re.IGNORECASE)


def echo_statement(text: str) -> str | None:
    """A fact the person stated about themself, said back as a question ("You start at seven?"), or None."""
    for match in _STATEMENT.finditer(" ".join(text.replace("’", "'").split())):
        if _NOT_A_FACT.match(match["x"]) or len(match["x"].split()) < 2:
            continue  # ("I did look, and..." says back nothing: "You did look?")
        if body := _uncut(f"{match['v']}{match['x']}", min_words=2, max_words=9):
            return f"You {body}?"
    return None
