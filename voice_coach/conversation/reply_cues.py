"""Cues the line picker reads in a line or a reply: regular expressions and word lists, no state.

What the person's line gives (a date, a number, a worried question, a topic announced, hospitality) and what a
candidate reply does (asks generically, minimises, acknowledges, waives what was asked, denies the problem).
"""

from __future__ import annotations

import re

from voice_coach.conversation.acts import content_words

MAX_WORDS = 40
# Asking what the user wants: wrong once they have asked for something.
GENERIC_ASK = re.compile(
    r"what (?:is it |exactly )?(?:do )?you(?:'d| would)? (?:want|like|need)\b|what are you (?:actually )?asking"
    r"|what would you like|what did you (?:have in mind|want to ask)|what do you need|spit it out"
    r"|what outcome are you|how can i help", re.IGNORECASE)
# Asking what the conversation is about: wrong once the user has named the topic or asked something.
OPEN_ASK = re.compile(
    r"what (?:did|do) you (?:want|wanted|need) to (?:discuss|talk about|raise|ask)|what was it you wanted"
    r"|what (?:part|bit) (?:is |of it )?worr|what(?:'s| is) on your mind|what(?:'s| is) (?:this|it) about"
    r"|what did you come (?:in )?(?:to|for)|what can i do for you|what (?:would|do) you (?:like|want|need) me to do"
    r"|what(?:'s| is) (?:the matter|the problem|going on)\?|so what are you saying|which of your questions"
    r"|what(?:'s| is) your (?:main |biggest )?(?:concern|worry|question)|what (?:is it )?(?:are )?you(?:'re| are)? hoping for"
    r"|what brings you|what(?:'s| is) up\b|how can i help (?:with that|you)|what are you asking",
    re.IGNORECASE)
# A question asking for a date, when the user's line just gave one.
ASKS_DATE = re.compile(r"\b(?:what|which) (?:\w+ )?(?:date|day|deadline)\b|\bwhen (?:would|will|could|can|do)\b",
                       re.IGNORECASE)
GIVES_DATE = re.compile(
    r"\b(?:by|on|before|until) (?:the )?(?:end of (?:the |this |next )?(?:week|month|year)|monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday|tomorrow|tonight|next \w+|\d{1,2}(?:st|nd|rd|th)?|\w+(?:st|nd|rd|th))\b",
    re.IGNORECASE)
WH_QUESTION = re.compile(r"^(?:\w+[,.] )?(?:what|which|when|how much|how many|who|where)\b.*\?$", re.IGNORECASE)


WILL_DO = re.compile(r"\bi(?:'ll| will) (?:just |go and )?(?P<v>[a-z]+)\b", re.IGNORECASE)


# A template that makes the user's proposal a condition ("if {proposal}, I can arrange that").
CONDITIONED = re.compile(r"\b(?:if|as long as|provided(?: that)?)\s*\{proposal\}", re.IGNORECASE)
# A line offering a deal on a condition.
OFFER = re.compile(r"^(?:\w+, )?if\b|\b(?:as long as|provided(?: that)?|on condition)\b", re.IGNORECASE)
WILL_ASK = re.compile(r"\b(?:would|will|could|can) you (?:still |actually |really |at least )?(?P<v>[a-z]+)\b.*\?",
                      re.IGNORECASE)


def asks_what_was_said(line: str, user_text: str) -> bool:
    """Whether a line asks for what the user's line already gave (a date, or its own words), or tells
    the user to do what they just said they will ("Talk to your mother" after "I'll talk to her")."""
    will = WILL_DO.search(user_text)
    if will and re.match(rf"(?:\w+, )?{re.escape(will['v'])}\b", line, re.IGNORECASE):
        return True
    asked = WILL_ASK.search(line)
    if will and asked and asked["v"].lower() == will["v"].lower():
        return True  # "would you still be there?" right after "I'll be at the wedding"
    if _ASKS_TIME.search(line) and "?" in line and _GIVES_TIME.search(user_text) and not user_text.rstrip().endswith("?"):
        return True  # "So what time are you thinking?" right after "quiet from eleven, Sunday to Thursday"
    if not WH_QUESTION.search(line.strip()) or user_text.rstrip().endswith("?"):
        return False
    if ASKS_DATE.search(line) and GIVES_DATE.search(user_text):
        return True
    if asks_what_was_read_vaguely(line, user_text):
        return False  # "What did you read online?" after "I read stuff online": what was read is still unsaid
    return len(content_words(line) & content_words(user_text)) >= 2


# What was read or heard, asked; and a line that only says something was read ("I read stuff online").
_ASKS_WHAT_READ = re.compile(r"\bwhat (?:did|have) you (?:read|hear|heard|see|seen)\b|\bwhat was it that\b", re.IGNORECASE)
_READ_VAGUELY = re.compile(r"\b(?:read|heard|saw|seen|looked up)\b (?:some |all )?(?:stuff|things|something|bits|all sorts)\b",
                           re.IGNORECASE)


# A question asking for a clock time, and a line that gives one ("by eleven", "from 10pm", "at half nine").
_ASKS_TIME = re.compile(r"\bwhat time\b|\bhow late\b|\bwhen by\b", re.IGNORECASE)
_GIVES_TIME = re.compile(r"\b(?:by|from|at|after|before|till|until|past) (?:half |quarter (?:past |to ))?(?:one|two|three|four|five|six|"
                         r"seven|eight|nine|ten|eleven|twelve|midnight|\d{1,2}(?::\d\d)?)(?: ?(?:am|pm|o'?clock))?\b|"
                         r"\b(?:eleven|ten|midnight)\b", re.IGNORECASE)


TAG_QUESTION = re.compile(r",\s*(?:didn'?t|don'?t|isn'?t|aren'?t|wasn'?t|won'?t|haven'?t|doesn'?t|can'?t|right)\b[^,]*\?$",
                          re.IGNORECASE)
# A question asking for an amount: answered once the user has given a number.
ASKS_NUMBER = re.compile(r"\b(?:what|which) (?:\w+ )?(?:number|figure|amount|percentage|sum|salary)\b|\bhow much\b",
                         re.IGNORECASE)
GIVES_NUMBER = re.compile(r"\d|\b(?:percent|per cent|hundred|thousand|grand|twenty|thirty|forty|fifty|sixty|"
                          r"seventy|eighty|ninety|ten|eleven|twelve|fifteen)\b", re.IGNORECASE)


# Playing the user's concern down: never after a safety pause.
MINIMISING = re.compile(
    r"big deal|crisis|overreact|out of proportion|overthinking|dramatic|not that bad|making a fuss|"
    r"it'?s nothing|it'?s only|it'?s just|only a few|just a few|hardly|manage fine|blowing|fuss|"
    r"relaxed anyway|really that bad|that's life|part and parcel|get over", re.IGNORECASE)
SLOT = re.compile(r"\{(\w+)\}")
# Words that name nothing in particular: sharing one is no sign a line answers the question.
INDEFINITE = frozenset("anything something everything nothing anyone someone everyone thing things stuff".split())
# Words of degree or size: sharing one ("a little heater" / "every little thing") takes no point up.
# ("for ages" / "it's ages away": a length of time in passing is no point either)
DEGREE = frozenset("little bit lot lots quite really whole kind sort much many big small tiny huge pretty ages forever".split())
# A condition the user would meet ("if you sign off the extras", "as long as you're home").
ON_YOUR_SIDE = re.compile(r"\b(?:if|as long as|provided(?: that)?|on condition that)\s+you\b", re.IGNORECASE)
# Lines that agree with or answer a point of the user's: only when this line made that point.
ACKNOWLEDGING = re.compile(
    r"^(?:well,? |okay,? |ok,? |yes,? |look,? )?(?:you(?:'re| are) right|you have a point|fair (?:point|enough)"
    r"|it'?s a fair (?:question|point)|that'?s (?:fair|true|a fair point)|true,|good point|i can see (?:the|that|why|"
    r"how|you|your)|i hear you|i know (?:the|that|you|your))", re.IGNORECASE)
# Questions of small talk ("how was your weekend?", "did you see the match?"): answered with small talk.
SMALL_TALK_QUESTION = re.compile(
    r"\b(?:how(?:'s| is| was| are| were| have|'ve) (?:your|the|you|things|work|it going|all the|everything)"
    r"|did you (?:have|see|hear|watch|get|enjoy|end up|decide)|have you (?:been|seen|heard)|what did you think"
    r"|are you still (?:torn|"
    r"deciding|thinking|going|doing|planning|looking)|(?:good|great|nice|fun|some) (?:game|match|party|night|weekend|"
    r"trip|holiday|run|session|wedding|do)\b|how(?:'s| is) \w+ doing|(?:is|are) (?:he|she|they) still|busy (?:day|week|"
    r"morning|shift)\b)\b"
    # "How was Vegas?", "How was the trip?": a short question after a place or an outing, not about the matter;
    # a friendly remark may follow ("How was Vegas? Looked like quite the weekend."), a dig may not ("How was Vegas?
    # Must be nice having money for that.")
    r"|(?:^|[.!?]\s+)(?:and |so )?how (?:was|were) (?!(?:i|it|that|this|he|she|they|we|you|me)\b)"
    r"(?:the |your )?[a-z'-]+(?: [a-z'-]+)?\?(?:\s|$)(?![^?]*\b(?:must be nice|some of us|(?:alright|nice) for some|"
    r"still waiting)\b)[^?]*$", re.IGNORECASE)
# Announcing an ask without making it ("...and I have a request"): the counterpart waits to hear it.
ANNOUNCES_ASK = re.compile(r"\bi(?:'ve| have| do have)(?: got)? (?:a|one) (?:request|favou?r to ask|question|proposal|"
                           r"suggestion)\b|\bthere'?s something i(?:'d| would)? (?:want|need|wanted|like) to ask\b",
                           re.IGNORECASE)
# An offer of hospitality or a small kindness ("the kettle's just boiled", "shall I get the baby up?"): taken up.
# An offer of hospitality in the user's line ("Shall I put the kettle on?"); a drink or the kettle only mentioned
# in a complaint ("you always buy me a drink after") offers nothing.
HOSPITALITY = re.compile(
    r"\b(?:(?:put|popped|pop|stick|flick) the kettle on|(?:want|fancy|like) a (?:cup of tea|cuppa|coffee|drink|biscuit)|"
    r"take a seat|have a seat|sit yourself|come in, come in|"
    r"shall i (?:go and |just )?(?:get|make|put|bring|grab|fetch|take)|can i get you|do you want a (?:tea|coffee|drink|cup)|"
    # a round offered: "What are you having? My round."
    r"what (?:are you having|(?:will|'ll) you have|are you drinking)|(?:it'?s )?my round|(?:i'?ll|let me) get (?:this one|"
    r"these|the (?:first )?(?:drinks|round)|you a drink)|"
    # "Do you want to hear how the interview went? Properly this time?": an offer to share, taken up
    r"do you want to hear (?:how|what|about))\b",
    re.IGNORECASE)
# Everyday verbs shared by a line and what was said ("getting in your way", "thanks for getting the curtain"):
# no sign the line takes up the person's point.
LIGHT_VERBS = frozenset(w[:5] for w in "getting making taking going doing having saying being coming looking wanting "
                        "thinking needing putting giving trying sort sorting sorted".split())
# "You're right, X" / "Fair point, X": X is what is granted, so the person must have said most of it.
YOU_RE_RIGHT = re.compile(r"^(?:okay,? |ok,? |alright,? )?(?:you'?re right|fair point|true|that'?s true)(?: that)?,?\s+"
                          r"(?P<point>[^.?!]+)", re.IGNORECASE)
# Numbers in a line: a concession that names one ("three days") needs the user to have said it.
NUMBER_WORD = re.compile(r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
                         r"thirty|forty|fifty|hundred|thousand)\b")


def figure_after_but(text: str) -> bool:
    """Whether warm words lead to a figure after "but" ("I'm so touched you asked. But it comes to two thousand"):
    the figure is the matter, the warmth its lead-in."""
    turn = re.search(r"\bbut\b", text, re.IGNORECASE)
    return bool(turn and GIVES_NUMBER.search(text[turn.end():]))


# A new ask beside an agreed deal that "agreed" does not answer: which days, a schedule or a list sent.
NEW_ASK_ON_DEAL = re.compile(r"\b(?:which|what) (?:days?|dates?|times?)\b|\bwhen (?:will|can|are) you\b|\b(?:send|email|give) "
                             r"me (?:the|a|your) (?:schedule|list|dates|plan|breakdown|reference)\b", re.IGNORECASE)
# An ask for a moment ("put that down for a second", "look at me right now"): granted or not there and then.
# Things done there and then, in the conversation itself ("draw it for me", "write it down"): never put off with "yet".
# (the phrase is said back: "show me the scan" is "show you the scan", "tell me the engineer's name" is "tell you ...")
MOMENTARY = re.compile(r"\bfor (?:a|one) (?:second|sec|minute|min|moment|mo)\b|\bright now\b|^(?:draw|sketch|show you|"
                       r"tell you|explain|write (?:it|that|this) down|spell (?:it|that|this) out|say (?:it|that) again)\b",
                       re.IGNORECASE)
# A yes on condition that the person gives up something: "provided you don't need a cash refund".
WAIVES = re.compile(r"\b(?:provided|as long as|so long as|if) you (?:don'?t|do not|won'?t) (?:need|want|ask for|expect|insist "
                    r"on) (?:a |an |the |any )?(?P<x>[a-z][a-z -]*)", re.IGNORECASE)
# Denying there is anything to discuss: it goes back on a point already granted.
DENIES_PROBLEM = re.compile(r"\b(?:don'?t|do not|can'?t) (?:get|see|understand) (?:what|why|where) (?:the|this|all this) "
                            r"(?:problem|issue|fuss|drama)\b|\bwhat(?:'s| is) (?:the|all this) (?:big )?(?:problem|deal|"
                            r"fuss)\b|\b(?:it'?s|this is|that'?s) not (?:a|that) big (?:a )?deal\b|\bthere(?:'s| is) no "
                            r"problem\b|\bi help whenever\b", re.IGNORECASE)
# A worried question about the matter itself: "Is it bad?", "Should I be worried?", "Is that normal?"
WORRIED_QUESTION = re.compile(r"\b(?:is|was|isn'?t) (?:it|that|this) (?:really |very |something )?(?:bad|serious|dangerous|"
                              r"normal|common|permanent|curable|treatable|a big deal|bad news)\b[^.!?]*\?|\bshould i be "
                              r"(?:worried|scared|concerned)\b|\bam i going to be (?:okay|ok|alright|fine)\b", re.IGNORECASE)
# A concession that counts ("how many Saturdays", "every weekend") needs the person to have said how often or how many.
COUNTED = re.compile(r"\bhow (?:many|often)\b|\bso (?:many|often)\b|\bout of (?:the last )?(?:\d+|two|three|four|five|"
                     r"six|seven|eight|nine|ten)\b|\bevery (?:single )?(?:week|weekend|time|day|night|month|saturday|"
                     r"sunday)\b", re.IGNORECASE)
HOW_OFTEN = re.compile(r"\b(?:every|each|always|times|constantly|all the time)\b", re.IGNORECASE)
# A reply that names the user's feelings: only once the user has said how they feel.
NAMES_FEELING = re.compile(r"\bmade you feel\b|\byou feel\b|\byou(?:'re| are| were) (?:upset|hurt|angry|sad|"
                           r"worried|annoyed)\b|\bbothering you\b", re.IGNORECASE)
# Lines that say the user ignored a point or a question of the counterpart's.
MY_POINT = re.compile(r"\b(?:my (?:point|concern|question)|what i (?:just )?said|what i(?:'m| am) telling you|"
                      r"how i feel|answer(?:ed|ing)? (?:me|my))\b", re.IGNORECASE)
# Desk phrases that end a conversation nobody ended.
SIGN_OFF = re.compile(r"\bis there anything else\b|\banything else (?:i can|you'?d like)|how would you like to proceed",
                      re.IGNORECASE)


# What an objection is about: a stock objection about time answers a line about money badly.
TOPICS: dict[str, re.Pattern[str]] = {
    "money": re.compile(
        r"\b(?:money|costs?|costing|cost of|pay|paid|paying|payment|prices?|pricey|expensive|cheap\w*|afford\w*|"
        r"pounds?|dollars?|euros?|quid|bucks|grand|thousands?|hundreds?|budgets?|sav(?:e|es|ing|ings)|deposit|invoice|"
        r"bills?|charge[sd]?|fees?|cash|spend\w*|spent|salary|raise|loan|lent|lend|owe[sd]?|debt|rent|fortune|"
        r"extra cost)\b|[$£€]", re.IGNORECASE),
    "time": re.compile(
        r"\b(?:time|times|late|lateness|early|weeks?|days?|hours?|minutes?|months?|tonight|tomorrow|schedule|"
        r"deadline|wait\w*|take up|takes? long|quick\w*|soon|ages|delay\w*|overrun|on time|punctual\w*)\b",
        re.IGNORECASE),
}
# A line that opens by turning terms down ("No, we never discussed a materials clause").
TURNS_DOWN = re.compile(r"^\W*(?:no\b|nope\b|nah\b|that'?s not (?:what|fair|right|okay|ok)\b|i can'?t accept\b|"
                        r"i won'?t\b|absolutely not\b)", re.IGNORECASE)


# What the person just said they are not doing: "I'm not choosing them over you", "I'm not having a go".
_DENIED = re.compile(r"\bi(?:'m| am) (?:not|never) (?:just |really |trying to |saying (?:that )?(?:i'?m )?)?(?P<v>[a-z]+ing)\b",
                     re.IGNORECASE)


def reads_back_denial(line: str, user_text: str) -> bool:
    """Whether the line tells the person they are doing what they just denied ("So you're choosing her family over
    yours?" right after "I'm not choosing them over you")."""
    return any(re.search(rf"\byou(?:'re| are)(?: just| really)? {m['v'].lower()}\b", line, re.IGNORECASE)
               for m in _DENIED.finditer(user_text))


def asks_what_was_read_vaguely(question: str, user_text: str) -> bool:
    """Whether `question` asks what was read or heard after the user said only that something was ("I read stuff
    online" - "What did you read?"): still unsaid, so the question is not answered."""
    return bool(_ASKS_WHAT_READ.search(question) and _READ_VAGUELY.search(user_text))
