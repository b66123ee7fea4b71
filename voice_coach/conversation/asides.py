"""Side questions about the counterpart's life ("How's the budget looking?", "Did you guys ever finish that game?",
"Are you around on Saturday?", "Vegas treat you well?"): what they ask after, said back as a topic.

The counterpart answers them briefly by name ("The game? Not quite, no.") and, once the matter is open, steers back;
a stock "let's talk about this later" would ignore the question. Regular expressions only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_LEAD = r"(?:^|[.!?]\s+|,\s+)(?:(?:oh|so|and|anyway|but|hey|um|by the way|actually),?\s+)*"
_HOW = re.compile(_LEAD + r"how(?:'s| is| was| are| were| did) (?P<t>[^?.!]{2,60})\?", re.IGNORECASE)
_DONE = re.compile(_LEAD + r"did you(?: guys| two| all| lot)? (?:ever |finally |manage to |end up |get round to )?"
                   r"(?:finish|sort(?: out)?|fix|book|win|pass|get (?:through|to the end of)) "
                   r"(?P<t>(?:that|the|your|this) [^?.!]{2,40})\?", re.IGNORECASE)
# "Did IT ever sort your dashboard thing?": someone else fixing a thing of theirs (a thing of the speaker's or the
# matter itself, "did they fix the boiler?", is no aside)
_THEIR_FIX = re.compile(_LEAD + r"did (?:they|IT|it|anyone|someone) (?:ever |finally |manage to |end up )?"
                        r"(?:sort(?: out)?|fix|repair|replace) (?P<t>your [^?.!]{2,40})\?", re.IGNORECASE)
# ("Are you going to tell the director or not?" asks what they will do about the matter: no aside)
_COMING = re.compile(_LEAD + r"are you (?:still |even )?(?:coming|going|around|free|up for|playing) "
                     r"(?!to (?:tell|say|pay|fix|do|send|give|sort|apologi[sz]e|admit|correct|change|stop|answer|call|email|"
                     r"ring|put|make|own|credit|let|take|cover|finish|sign)\b)"
                     r"(?P<t>(?:to |on |for |this |next |at )?[^?.!]{2,60})\?", re.IGNORECASE)
# "Did your son end up getting into that football academy?", "Did you ever hear back about that job in Leeds?":
# how something turned out, answered as such. (not "Did you get the email I sent?": that is about the matter)
_OUTCOME = re.compile(_LEAD + r"did (?:you|your \w+|he|she|they)(?: guys| two)? (?:ever |finally |end up |manage to )*"
                      r"(?:hear(?:ing)? back (?:about|from|on)|get(?:ting)? (?:into|in to|onto|on to)|land(?:ing)?|win(?:ning)?|get(?:ting)?(?= (?:that|the) "
                      r"(?:job|promotion|place|role|offer|part|flat|house|visa|grant|contract|loan|mortgage)\b)) "
                      r"(?P<t>(?:that|the|your|this) (?![^?]*\b(?:i|me|my|we|us|our)\b)[^?.!]{2,40})\?", re.IGNORECASE)
# "Is your wife feeling better?", "Are the kids doing okay?": how someone of theirs is, answered as such.
_KEEPING = re.compile(_LEAD + r"(?:is|are) (?P<t>(?:your|the) [\w' ]{2,30}?) (?:feeling|doing|getting|keeping) "
                      r"(?:any )?(?:better|okay|ok|alright|all right|well)\b[^?]*\?", re.IGNORECASE)
# "Did you see the email about the car park?", "Did you hear Auntie Pat's redoing her kitchen?": news, answered as such.
# (not "Did you hear what I said?" or "Have you seen the receipts I sent?": those are about the matter)
_HEARD = re.compile(_LEAD + r"(?:did|have) you (?:ever |get to |manage to )?(?:see|hear|read|seen|heard|watch|watched)\b(?![^?]*\b(?:i|me|my|we|us|our)\b)[^?]{3,80}\?",
                    re.IGNORECASE)
# What a "that" or "it" stands for earlier in the line: "I know you've got the budget thing. How's that looking?"
_EARLIER_THING = re.compile(r"\b(?P<t>(?:the|your) (?:\w+ ){0,2}(?:thing|meeting|project|review|launch|move|trip|"
                            r"deadline|budget|interview|exam|audit|wedding|party|job))\b", re.IGNORECASE)
_TREATED = re.compile(_LEAD + r"(?:did )?(?P<t>[A-Z][\w']+(?: [A-Z][\w']+)?) treat(?:ing)? you (?:well|okay|alright|all right)",
                      re.IGNORECASE)
# Where the topic ends: "the budget | looking this year", "football on Thursday|, or are you too busy".
_TOPIC_END = re.compile(r",|\b(?:or|and|about|doing|going|getting on|getting along|looking|keeping|holding up|coming along|"
                        r"treating|running|been|this year|these days|at the moment|lately|now|then|in the end|yet|by the way|"
                        r"after all)\b", re.IGNORECASE)
_FLIP = {"your": "my", "my": "your", "that": "the", "this": "the", "our": "our", "yours": "mine"}
# "How is that fair?" asks for a reason, not after a thing.
_JUDGED = frozenset("fair right ok okay possible reasonable fine true acceptable allowed legal normal my your".split())
# Topics that say back nothing ("How's it going?" is small talk, answered as such elsewhere).
_EMPTY = frozenset("it that this things everything you all life work today he she they them".split())
_PREPOSITIONS = frozenset("to on for at".split())
MAX_TOPIC_WORDS = 6


@dataclass(frozen=True)
class SideQuestion:
    """A question about the counterpart's life: its form ("how", "done", "outcome", "coming", "heard") and its topic said back
    (news, "Did you hear ...?", is answered without saying it back)."""

    form: str
    topic: str  # what it asks after ("the game"); for news, the question itself, which is not said back
    say_back: bool = True


def _topic(raw: str) -> str | None:
    cut = _TOPIC_END.split(raw, maxsplit=1)[0].strip(" ,'")
    words = cut.split()
    if words and words[0].lower() in _PREPOSITIONS:
        words = words[1:]
    if len(words) > 1 and words[0].lower() == "all" and words[1].lower() in ("the", "your", "that"):
        words = words[1:]  # "How's all the packing going?": "The packing?"
    if not words or len(words) > MAX_TOPIC_WORDS or all(w.lower() in _EMPTY for w in words):
        return None
    if words[0].lower() in ("you", "i", "we", "he", "she", "they", "it"):
        return None  # "how did you get on?" asks after the person, not a topic
    if words[0].lower() in ("that", "this", "it") and len(words) > 1 and words[1].lower() in _JUDGED:
        return None
    first, *rest = [_FLIP.get(w.lower(), w) for w in words]
    return " ".join([_FLIP.get(words[0].lower(), words[0]), *rest])


def side_question(text: str) -> SideQuestion | None:
    """The line's question about the counterpart's life or news, if it asks one."""
    norm = " ".join(text.replace("’", "'").split())
    for form, pattern in (("done", _DONE), ("done", _THEIR_FIX), ("outcome", _OUTCOME), ("coming", _COMING), ("how", _TREATED), ("how", _KEEPING),
                          ("how", _HOW)):
        match = pattern.search(norm)
        if match and (topic := _topic(match["t"])):
            return SideQuestion(form, topic)
        if match and form == "how" and re.match(r"(?:that|it)\b", match["t"], re.IGNORECASE) and (
                earlier := _EARLIER_THING.findall(norm[:match.start()])):
            return SideQuestion(form, _topic(earlier[-1]) or earlier[-1])  # "How's that looking?": the budget thing
    if heard := _HEARD.search(norm):
        return SideQuestion("heard", heard.group(0), say_back=False)
    return None
