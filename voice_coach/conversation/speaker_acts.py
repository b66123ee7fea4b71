"""Acts about the speaker's own side: their own plan, giving in with a resigned "whatever, I'll...", and
small talk that opens a conversation.

Each of these reads like an offer or a request to the other patterns ("I'll buy earplugs" looks like an
offer, "I'm going to start leaving at five" like something to agree to), so they are told apart here,
before a reply treats them as something the counterpart is asked to do.
"""

from __future__ import annotations

import re
from collections.abc import Callable


def _rx(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


# What the speaker has decided or already done for themself: the counterpart reacts to it (accepts it,
# objects, asks what it means for them), it does not agree to do it.
_OWN_PLAN = _rx(
    # "I'm going to start leaving at five"; not "I'm going to need...", "going to ask/say/be honest".
    r"\bi(?:'m| am) (?:just |actually |now |also )?(?:going to|gonna) (?!need\b|ask\b|say\b|be honest|tell you|"
    r"have to\b|talk\b|explain\b|repeat\b|keep (?:it|this) short|try to (?:explain|say|put)\b|decline\b|pass\b"
    # "I'm going to be a bit more serious about it": how the speaker will talk, no plan of theirs
    r"|(?:try to )?be (?:a bit |a little |more |really |totally |completely |very )*(?:serious|honest|direct|straight|"
    r"blunt|open|frank|clear)\b)\w+",
    # "I've booked a cleaner for Fridays", "I've already told them"
    # (arrangements only: "I've already paid for it" or "I've told you twice" report what happened)
    r"\bi(?:'ve| have) (?:already |just |now |gone and )?(?:booked|arranged|organi[sz]ed|signed (?:up|us up)|"
    r"hired|set up|enrolled|registered|made (?:an|a) (?:appointment|booking|plan))\b",
    # "From now on I'll leave at five", "going forward I'm logging off at six"
    r"\b(?:from now on|going forward|starting (?:today|tomorrow|next week|this week|monday)),? i(?:'ll| will|'m| am)\b",
    # "I'll do it myself", "I'll sort it out on my own"
    r"\bi(?:'ll| will) (?:just )?(?:\w+ ){1,4}(?:myself|on my own)\b",
)
# A resigned lead before the rest of the line: "Whatever, I'll buy earplugs", "Fine, I'll manage".
_RESIGNED_LEAD = re.compile(
    r"^\W*(?:(?:oh|ugh|ok(?:ay)?|well|look|yeah)[,.!]?\s+)?(?:whatever|fine|forget it|never ?mind|oh well|"
    r"ok(?:ay)? fine|suit yourself|have it your way|you win)\b\s*[,.!-]", re.IGNORECASE)
# What may follow a resigned lead and still give in (not "Fine, I'll take it to your manager").
_THREAT = re.compile(r"\b(?:manager|boss|supervisor|complain|complaint|report|escalat\w*|lawyer|solicitor|court|"
                     r"ombudsman|council|review|police|small claims|cancel (?:my|the) (?:contract|account)|"
                     # "Fine. I'll tell Mum, see what she thinks of her golden boy then."
                     r"tell (?:mum|mom|dad|mother|father|gran|nan|grandma|everyone|the family|your (?:mum|mom|dad|wife|"
                     r"husband|partner|boss|girlfriend|boyfriend)))\b",
                     re.IGNORECASE)
# "Whatever. Just order the worktops and we'll sort the money out later": an ask after the shrug ("just forget it" is none).
_BARE_ASK = re.compile(r"^\W*just\b[.\s]*(?!(?:forget|leave|drop|ignore)\b)(?:order|fix|do|send|pay|give|book|call|ring|tell|"
                       r"sort|get|put|bring|take|text|email|move|clean|wash|stop|start|come|let me)\b", re.IGNORECASE)
# A dig after a resigned lead: "Whatever. Everyone on this team knows what you're like." - a jab, not giving in.
_DIG = re.compile(r"\b(?:everyone|everybody|you|you'?re|your|lesson learned|like an? (?:idiot|mug|fool|muppet|doormat))\b",
                  re.IGNORECASE)
# "you" in a resigned phrase still gives in: "Whatever, do what you want", "if you say so", "you win".
_RESIGNED_YOU = re.compile(r"\b(?:do (?:what|whatever) you (?:want|like|think)|whatever you (?:want|like|think|say)|"
                           r"suit yourself|if you say so|you win|up to you|(?:i'?ll )?leave it (?:with|to) you|have it your way|"
                           r"you'?re right|(?:we'?ll )?do it your way|whatever suits you|if you (?:want|like|prefer))\b",
                           re.IGNORECASE)


def digs_after_resigning(text: str) -> bool:
    """Whether a resigned lead comes before a dig at the counterpart ("Whatever. Everyone knows what you're like.")."""
    norm = " ".join(text.replace("’", "'").split())
    lead = _RESIGNED_LEAD.match(norm)
    rest = norm[lead.end():] if lead else ""
    return bool(lead) and "?" not in rest and bool(_DIG.search(_RESIGNED_YOU.sub("", rest)))


# Giving in outright: the request dropped, or the counterpart's wish taken on ("Okay, count me in").
_GIVES_IN = _rx(
    r"\bsorry (?:for|about) (?:being (?:a pain|difficult|annoying|a nag|dramatic)|bringing (?:it|this|that) up|asking|"
    r"making (?:a|such a) (?:fuss|thing of it|big deal)|going on about it|moaning|nagging|the fuss|banging on)\b",
    r"\bsorry i (?:asked|brought (?:it|this|that) up|said anything|mentioned it|"
    r"even (?:asked|mentioned it|brought it up))\b",
    r"\bcount me in\b", r"\bi(?:'ll| will) make it work\b",
    r"\bi(?:'ll| will) (?:just )?(?:manage|cope|find a way)\b\s*[.!]?\s*$",
    r"\byou win\b", r"\bhave it your way\b", r"\bi(?:'ll| will) (?:just )?put up with it\b",
    # "No, no, sorry, ignore me ... I'm sure I'll sort the money out somehow": the point taken back
    r"\b(?:ignore me|don'?t mind me|don'?t listen to me)\b",
    r"\bi(?:'ll| will) (?:just )?(?:sort|figure|work) (?:it|that|\w+|the \w+) out somehow\b",
    # "maybe we should just come to yours like always": their way taken, the matter dropped
    r"\b(?:we|i)(?:'ll| will| should| could)? (?:just )?(?:come|go|do|stay|keep)\b[^.?!]{0,30}?\b(?:like always|as usual|"
    r"same as always|like every year|like we always do)\b",
)


def states_own_plan(text: str) -> bool:
    """Whether the line states what the speaker will do or has done themself ("I've booked a cleaner")."""
    norm = text.replace("’", "'")
    return bool(_OWN_PLAN.search(norm))


def gives_in(text: str, asks: Callable[[str], bool] = lambda _: False) -> bool:
    """Whether the line gives in: a resigned "whatever, I'll..." or the ask dropped ("sorry for being a pain").

    `asks` tells whether the rest after a resigned lead still asks for something ("Fine. Just, maybe mention me"):
    such a line lowers the ask, it does not drop it."""
    norm = " ".join(text.replace("’", "'").split())
    if _GIVES_IN.search(norm):
        return True
    lead = _RESIGNED_LEAD.match(norm)
    rest = norm[lead.end():] if lead else ""
    return (bool(lead) and not _THREAT.search(rest) and "?" not in rest and not asks(rest.lower())
            and not _BARE_ASK.match(rest) and not digs_after_resigning(norm))


# A greeting at the start of a line, with an optional name or a term of address ("Hey mum,", "Hiya!").
_GREETING_LEAD = re.compile(
    r"^\W*(?:hi|hey|hello|hiya|heya|yo|morning|good (?:morning|afternoon|evening)|evening|afternoon|alright|"
    r"all right|oh hey|oh hi)(?:\s+there)?"
    # a name or a term of address, not the first word of the small talk ("Hi, how are you")
    r"(?:,?\s+(?!how\b|you\b|got\b|are\b|have\b|did\b|is\b|thanks?\b)[a-z.'-]+){0,2}(?:\s*[,.!?-]+\s*|\s*$)",
    re.IGNORECASE)
# Small talk after a greeting, or on its own: asking after the other person, their news, their week.
_SMALL_TALK = _rx(
    r"^(?:and )?how(?:'s| is| are| was| were| did| have| has)\b", r"^(?:you|u) (?:ok|okay|alright|all right|good)\b",
    r"^have you (?:been|seen|heard|picked|booked|found|decided|chosen|had a|settled|finished|started|tried)\b",
    r"^did (?:you|your \w+) (?:finally |ever |actually |manage to |end up )?(?:have|see|hear|watch|get|win|lose|play|pass|go|enjoy|end up|decide|sleep|like|make it|find|settle|manage)\b",
    r"^(?:are|were) you (?:ok|okay|alright|all right|well|busy|keeping|doing|feeling|still)\b",
    r"^is (?:it|everything|all|the \w+) (?:going|okay|ok|alright|all right|good|well)\b", r"^what(?:'s| is) new\b",
    r"^(?:saw|heard|loved|love|nice|great|good|fun|looked|looks|sounds|congrat\w*|oh my god|omg|wow|long time)\b",
    r"^(?:i )?(?:still )?can'?t believe (?:you|it)\b", r"^(?:been|busy|lovely|beautiful|cold|hot|nice) (?:day|week|"
    r"weather|morning|out)\b",
    # asking for a minute, or thanking for one, before the matter ("got a sec?", "thanks for making the time")
    r"^(?:(?:have )?(?:you )?got|do you have) (?:a|five|two|ten|a few) (?:minutes?|secs?|seconds?|moments?)\b",
    r"^(?:is )?(?:now|this) (?:a good time|okay|ok)\b", r"^thanks?(?: you)? (?:for|so much)\b",
)
_ASKING_AFTER = _rx(
    r"^(?:and )?how(?:'s| is| are| have) (?:you|things|it going|everything|"
    r"your (?:day|week|weekend|morning|evening))\b",
    r"^(?:you|u) (?:ok|okay|alright|all right|good)\b", r"^are you (?:ok|okay|alright|all right|well)\b",
    r"^(?:(?:have )?(?:you )?got|do you have) (?:a|five|two|ten|a few) (?:minutes?|secs?|seconds?|moments?)\b",
    r"^(?:is )?(?:now|this) (?:a good time|okay|ok)\b", r"^thanks?(?: you)? (?:for|so much)\b",
    # "How was climbing?", "How was the wedding?": a short question after their news
    r"^(?:so,? |and )?how was (?:your |the )?[a-z]+(?: [a-z]+)?\s*\?$",
)
# A sentence that only asks for a minute: answered with a go-ahead, not with news of the counterpart's week.
TIME_ASK = re.compile(r"^(?:(?:have )?(?:you )?got|do you have) (?:a|five|two|ten|a few) (?:minutes?|secs?|seconds?|"
                      r"moments?)\b|^(?:is )?(?:now|this) (?:a good time|okay|ok)\b", re.IGNORECASE)


_NAMES_MATTER = re.compile(r"\b(?:talk|discuss|chat|speak|raise|ask you|a word)\b|"
                           r"\babout (?:my|the|your|our|this|that|what)\b", re.IGNORECASE)


def asks_time_and_after_them(text: str) -> bool:
    """Whether the line asks for a minute and makes small talk ("Have you got a minute? How's the shoulder?"): the
    small talk is answered and the go-ahead given in one reply."""
    _, sentences = small_talk_parts(text)
    chat = [s.strip() for s in sentences if not TIME_ASK.search(s.strip())]
    return (len(chat) < len(sentences) and bool(chat) and all(s.endswith("?") for s in chat)
            and all(_SMALL_TALK.search(s) and not _NAMES_MATTER.search(s) for s in chat))


def small_talk_parts(text: str) -> tuple[bool, list[str]]:
    """Whether the line opens with a greeting, and its sentences after the greeting."""
    norm = " ".join(text.replace("’", "'").split())
    lead = _GREETING_LEAD.match(norm)
    rest = norm[lead.end():] if lead else norm
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", rest) if s.strip(" .!?")]
    return bool(lead) or not rest.strip(" .!?,"), sentences


def is_small_talk(text: str) -> bool:
    """Whether every sentence after an optional greeting is small talk ("Hey mum, how are you?")."""
    greeted, sentences = small_talk_parts(text)
    if not sentences:
        return greeted
    # Without a greeting only asking after the other person or for a minute is small talk: "did you watch
    # the game?" in the middle of a conversation drifts off the topic instead.
    pattern = _SMALL_TALK if greeted else _ASKING_AFTER
    # "Have you got five minutes to talk about my pay?" names the matter: no longer small talk
    return all(pattern.search(s.strip()) and not _NAMES_MATTER.search(s) for s in sentences)


def small_talk_kinds(text: str, *, greeting: bool, chat: bool) -> list[str]:
    """Which kinds of small-talk lines answer this line, best first (see prompts/counterpart_generic.yaml)."""
    _, sentences = small_talk_parts(text)
    kinds: list[str] = []
    if chat and sentences:
        if all(TIME_ASK.search(s.strip()) for s in sentences):
            kinds.append("go_ahead")  # "got a minute?" wants a yes, not news of the counterpart's week
        elif any(s.rstrip().endswith("?") or re.match(r"(?:and )?how\b", s.strip(), re.IGNORECASE)
                 for s in sentences if not TIME_ASK.search(s.strip())):
            kinds += ["chat", "remark"]  # "how did the meeting go?" is answered, then the floor handed back
        else:
            kinds += ["remark", "chat"]  # "saw the photos": taken up, then the floor handed back
    kinds.append("greeting" if greeting else "backchannel")
    return kinds


# How the speaker's own plan is met, by how resistant the move is: never as something the counterpart does.
OWN_PLAN_KINDS: dict[str, tuple[str, ...]] = {
    "deflect": ("own_plan_object", "own_plan_ask"), "minimize": ("own_plan_object", "own_plan_ask"),
    "counter_complaint": ("own_plan_object", "own_plan_ask"),
    "clarifying_question": ("own_plan_ask", "own_plan_object"),
    "partial_concession": ("own_plan_accept", "own_plan_ask"),
    "conditional_agreement": ("own_plan_accept", "own_plan_ask"), "agreement": ("own_plan_accept",),
}


# Granting the counterpart its way outright ("you win", "come whenever you like"): said alone, it gives in.
_GRANTS = _rx(r"\bcount me in\b", r"\byou win\b", r"\bhave it your way\b", r"\bwhatever you (?:want|say|think)\b",
              # "Come whenever you like": the counterpart's way, granted
              r"\b(?:come|stay|do it|do what you want|have them over|go) (?:whenever|however|as (?:often|long) as) "
              r"you (?:like|want|need)\b",
              # "Yeah, no, have them over whenever. It's your place too."
              r"\bhave (?:them|people|your mates|your friends|the guys) (?:over|round) whenever\b",
              # "No, stay till Thursday. Of course.": their plan granted after all
              r"\b(?:stay|come) (?:till|until|on|for) [^.?!]*[.!]\s*(?:of course|it'?s fine|that'?s fine)\b")
# Giving the counterpart what they wanted ("count me in", "you win", "fine, I'll do it"), not only dropping the
# ask: met with relief, still without a deal on the user's request. ("I'll come" says it only beside giving in.)
_YIELDS = _rx(r"\bi(?:'ll| will) make it work\b",
              r"\b(?:i|we)(?:'ll| will) (?:just )?(?:do it|come|pay (?:it|the \w+)|be there|cover it|work (?:it|the \w+))\b",
              r"\bi guess i(?:'ll| will) (?:just )?(?:pay|do|come|go|accept)\b", r"\b(?:we|i)(?:'ll| will) find the money\b")


def grants_their_way(text: str) -> bool:
    """Whether the line grants the counterpart its way outright ("have them over whenever", "you win")."""
    return bool(_GRANTS.search(text.replace("’", "'")))


def yields_to_them(text: str) -> bool:
    """Whether a line that gives in also takes on what the counterpart wanted ("Okay. Count me in.")."""
    return grants_their_way(text) or bool(_YIELDS.search(text.replace("’", "'")))


# What a small-talk question asks after, and words of an answer that fit it: "how did the meeting go?" is
# answered with how it went, "have you picked a venue?" with where the decision stands, "did your sister get
# settled?" with how it turned out, "how are you?" with how the counterpart is.
_CHAT_FITS: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = (
    (re.compile(r"\bhow (?:did|was|were)\b|\b(?:fun|good|great|nice|big) (?:night|game|match|weekend|party|trip|"
                r"meeting|day)\b|\blast night\b|\b(?:was|looked) (?:fun|good|great|nice|lovely|amazing)\b",
                re.IGNORECASE),
     re.compile(r"\b(?:went|it was|was a|was good|was fine|was great|was lovely|laugh)\b", re.IGNORECASE)),
    (re.compile(r"\b(?:have you|did you) (?:picked|pick|decided|decide|chosen|choose|booked|book|found|find)\b|"
                r"\bare you still (?:deciding|thinking|torn)\b", re.IGNORECASE),
     re.compile(r"\b(?:back and forth|deciding|not yet|still)\b", re.IGNORECASE)),
    (re.compile(r"\bdid (?:your|the|he|she|they)\b|\b(?:get|got) (?:settled|sorted)\b|\bis (?:he|she|everything|\w+|"
                r"it) (?:okay|ok|alright|settled)\b", re.IGNORECASE),
     re.compile(r"\b(?:sorted|settled|all good|fine now|thanks for asking)\b", re.IGNORECASE)),
    (re.compile(r"\b(?:did|have) you (?:see|seen|hear|heard|read|get|got) (?:the|that|my|about|what)\b", re.IGNORECASE),
     re.compile(r"\b(?:saw|seen|heard|read|missed)\b", re.IGNORECASE)),
    # "Are you around on Saturday?": whether the counterpart is free, answered with a yes
    (re.compile(r"\b(?:are|r) (?:you|u) (?:around|free|about|in|busy|still (?:around|free|coming|up for)|up for|coming)\b",
                re.IGNORECASE),
     re.compile(r"\b(?:should be|i'?m around|i'?m free|i think so|count me in)\b", re.IGNORECASE)),
    (re.compile(r"\bhow(?:'s| is| are| have)\b", re.IGNORECASE),
     re.compile(r"\b(?:busy|not bad|good|fine|tired|usual|better)\b", re.IGNORECASE)),
)


# Asking after the counterpart ("how are you?", "you alright?", "how was Vegas?"), which "Good, thanks" answers.
_ASKS_AFTER_THEM = re.compile(r"\bhow(?:'s| is| are| have| was| were|'ve| did)\b|\b(?:you|u) (?:ok|okay|alright|all right|good)\b"
                              r"|\bwhat(?:'s| is) new\b|\b(?:you|are you) keeping well\b", re.IGNORECASE)
# How the counterpart is: "Good, thanks. Busy week.", "Oh, it's all going fine, love. And you?"
_HOW_I_AM = re.compile(r"^(?:oh,? |yeah,? |ha,? )?(?:good|fine|not bad|mad busy|it'?s all going fine|it was (?:fine|lovely)|"
                       r"i'?m (?:well|good|fine)|all good|very well|"
                       r"you know,? (?:the usual|same as ever))\b|\b(?:and you|you|what about you(?:, love)?|how about you|how "
                       r"are you|you alright|how was yours|how have you been|how are things with you)\?$", re.IGNORECASE)


def by_chat_fit(lines: list[str], text: str) -> list[str]:
    """The lines, those that fit what the small-talk question asks after first (stable otherwise); how the counterpart
    is only when the question asks after them (not "did you see what happened with Tom?")."""
    if not _ASKS_AFTER_THEM.search(text):
        lines = [line for line in lines if not _HOW_I_AM.search(line)]
    for asks, fits in _CHAT_FITS:
        if asks.search(text):
            return sorted(lines, key=lambda line: not fits.search(line))
    return lines


# A question about someone else's news ("Did Auntie Pat get her hip sorted?"), not about either speaker.
# ("Is it for life, or just for a while?" asks about the matter: "it", "this", "that" are no one else's news)
THIRD_PARTY_ASK = re.compile(r"^(?:\w+[,.]?\s+)?(?:did|has|have|is|was|how(?:'s| is| was| did))\b(?!\s+(?:it|this|that|there)\b)"
                             r"(?![^?]*\b(?:you|your|"
                             r"yours|we|our|us|me|my|i)\b)[^?]*\?$", re.IGNORECASE)


# "Did Auntie Sue ever get back to you about the christening?": a named relative's news, whoever it was told to.
_NAMED_PARTY_ASK = re.compile(r"^(?i:(?:oh|so|and),?\s+)?(?i:did|has|have|is|was) (?i:(?:auntie|aunt|uncle|cousin|grandma|"
                              r"grandad|nan|gran) )?[A-Z][a-z]+\b(?! (?:you|I)\b)[^?]*\?$")


def third_party_asks(text: str) -> list[str]:
    """The line's questions about someone else's news ("Is Ben okay, by the way?"), wherever they stand in it."""
    sentences = re.split(r"(?<=[.!?])\s+", " ".join(text.split()))
    return [one for one in sentences if THIRD_PARTY_ASK.match(re.sub(r",? by the way(?=\?)", "", one))
            or _NAMED_PARTY_ASK.match(one)]


# The user doubting themself ("maybe I'm being oversensitive"): "you're right" would agree with the doubt.
SELF_DOUBT = re.compile(r"\b(?:maybe|perhaps|probably) i(?:'m| am) (?:just |being )?(?:over\w+|too \w+|silly|"
                        r"stupid|wrong|paranoid|dramatic|unfair|unreasonable)\b|\bi(?:'m| am) probably (?:just )?"
                        r"(?:over\w+|being)\b|"
                        # "Sorry, I feel like the fussy flatmate now", "I sound like such a nag"
                        r"\bi (?:feel|sound) like (?:the|a|such a|a right) (?:fussy|annoying|nagging|difficult|picky|petty|"
                        r"demanding|horrible|mean|bad|nag|moaner|broken record)\b", re.IGNORECASE)
