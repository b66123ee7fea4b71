"""Sarcastic lines: praise or thanks that mean the opposite ("Oh great, ...", "Sure, because ...",
"I love how ...", "Oh, thanks a lot", "Wow, great job leaving the pans again"). They are read as an attack
(a defensive reply, resistance does not fall), never as thanks, warmth, an offer or a request for permission
("Sure, go for it" to "Great party. I loved hearing every round at two in the morning").
"""

from __future__ import annotations

import re

# Each is read against one sentence of the line, lower-cased, an address ("hey Tyler,") left off.
_MARKERS = re.compile(
    r"^(?:oh,? )?(?:great|brilliant|wonderful|fantastic|perfect|lovely|terrific|marvellous),? (?:another|just what|"
    r"because|thanks a lot)\b"
    r"|^oh,? (?:great|brilliant|wonderful|fantastic|perfect|lovely)\b(?! (?:idea|news|to hear|thanks?|thank you)\b)"
    r"|^(?:yeah,? |oh,? )?sure,? because\b|\b(?:i )?(?:just )?love (?:how|it when) you\b|\bi love how\b"
    r"|\blov(?:e|ed) \w+ing every\b[^.?!]{0,60}\b(?:at|until|till) (?:\w+ )?(?:in the morning|am|midnight)\b"
    r"|\bthanks for nothing\b|^(?:oh|well),? thanks a (?:lot|bunch)\W*$|\byeah,? right\W*$"
    r"|\bso now i'?m the (?:bad guy|villain|problem)\b|^oh,? so now\b"
    # Mock praise: praise for the very thing complained about ("Wow, great job leaving the pans again", "Nice of
    # you to show up", "Only forty minutes late this time, well done", "Thanks for leaving me all your dishes").
    r"|^(?:wow|oh|well),? (?:great|nice|good|brilliant|fantastic|amazing|well done|way to go|bravo)\b"
    r"(?! (?:idea|news|to hear|thanks?|thank you|point|question|suggestion)\b)"
    r"|\b(?:great|nice|good|brilliant|fantastic|amazing|fine) (?:job|work|going|effort)\b[^.?!]*\b(?:again|leaving|"
    r"forgetting|ignoring|as usual|late)\b"
    r"|\bthanks? (?:you )?(?:so much |a lot |very much )?for (?:leaving|forgetting|ignoring|nothing|being late)\b"
    r"|\b(?:nice|good|kind|sweet|lovely) of you to (?:show up|turn up|finally|join us|bother|remember|grace)\b"
    r"|\b(?:late|again|this time)\b[^.?!]*\b(?:well done|must be a record|impressive|bravo)\b"
    r"|\bsuch (?:great|good|wonderful|fantastic|lovely|brilliant) company\b"
    r"|\bsuch a (?:considerate|thoughtful) \w+,? really\W*$"
    # Mock agreement with the counterpart's claim ("Oh, of course it was already there. It just magically appeared,
    # did it?", "But sure, go ahead, call me a liar"): the claim is disputed, not granted.
    r"|^oh,? (?:of course|sure|right),? (?:it|that|you|he|she|they)(?:'s| was| were| did| is| are| had| would)\b"
    r"|\b(?:just )?magically (?:appeared|happened|vanished|disappeared|turned up|fixed itself|\w+ed)\b"
    r"|\b(?:go ahead|sure|fine),? call me a liar\b"
    # Thanks for what was complained of ("...every film this winter, so, thanks for that, I guess") and a dig
    # dressed as a remark ("Some of us actually have jobs to get up for. Not naming names.")
    r"|^must be nice\b"
    r"|\bthanks? (?:you )?for that,? i guess\b|^(?:so,? )?thanks? (?:you )?for that[.!]*$"
    r"|\bsome of us (?:actually |still |do )?(?:have|work|need|get up|pay|have to)\b|\bnot naming (?:any )?names\b"
    # "I wonder what gave you that idea", "I'll just do it all, like I always do. Someone has to."
    r"|\b(?:i|gee,? i) wonder what gave you that idea\b|\bwhat gave it away\b"
    # a sulk that says it is fine: "Only the usual.", "I'm used to it by now, aren't I.", "Why would I be annoyed?"
    r"|^(?:nope[.,]? )?only the usual\W*$|\bi'?m used to it(?: by now)?,? aren'?t i\b"
    r"|\bwhy would i be (?:annoyed|upset|angry|bothered|cross|mad)\b"
    r"|\bi'?ll (?:just )?do it (?:all )?(?:myself|all)?,? (?:like|as) (?:i )?(?:always|usual)\b|^someone has to\W*$"
    # a dig in passing: "Not that I'd know.", "Ben obviously needs you more.", "Just funny how some people have money for
    # Vegas.", "Ben must be fascinating tonight.", "If you say so."
    r"|\bnot that (?:i'?d|you'?d|anyone would) (?:know|notice|care)\b"
    r"|\b(?:obviously|clearly) needs you more\b"
    r"|^(?:it'?s |just |yeah,? )*funny how (?:some|you|he|she|they|it'?s (?:always|never))\b"
    r"|\b(?:i )?wonder why that (?:is|might be)\W*$|\bsome people (?:have|get|can|seem to|don'?t|never|always)\b[^.?!]*\b(?:money|time)\b"
    r"|\bmust be (?:fascinating|riveting|so interesting|thrilling|gripping)\b"
    r"|\bdon'?t let me (?:stop|keep|interrupt) you\b|^(?:well,? )?if you say so\W*$|^whatever you say\b"
    # "Glad someone enjoyed it.", "I love hearing Mario Kart through the wall at two in the morning. Super relaxing.",
    # "I love falling asleep at two a.m. to people yelling", "Funny how it's always 'again'. Wonder why that is.",
    # "I just think it's interesting how 'my findings' took me two weeks", "Oh, it went really well, did it?",
    # "Well, I suppose that's decided, then."
    r"|\bglad (?:someone|somebody|one of us) (?:enjoyed|liked|had fun|found it)\b"
    # "Glad my money had a good weekend."
    r"|\bglad (?:my|our) (?:money|cash|savings|car|stuff|loan|\w+'s money) (?:had|got|enjoyed|went)\b"
    r"|\blov(?:e|ed) (?:hearing|listening to|being woken|waking up to|falling asleep|trying to sleep|going to sleep|"
    r"being kept (?:up|awake))\b[^.?!]*\b(?:at (?:\w+ )?(?:in the morning|am|a\.m)|"
    r"midnight|all night|through the wall)\b|^(?:super|so|really|very|ever so) (?:relaxing|restful|fun|considerate)\W*$"
    r"|\b(?:it'?s|i (?:just )?(?:think|find) it'?s) (?:interesting|funny|amazing) how\b"
    r"|^oh,? (?:it|that|you|the \w+) (?:went|was|were|did)\b[^?]{0,30},? (?:did|was|were) (?:it|that|you|they)\?"
    r"|\bi (?:suppose|guess) that'?s (?:decided|settled|sorted|that)(?:,? then)?\W*$"
    # "...your guy said it's 'impossible', which, like, thanks, super helpful."
    r"|\b(?:which|like),? (?:like,? )?thanks?,? (?:that'?s |that was )?(?:super|really|very|so|ever so) helpful\b"
    # "...right on time when the rent's due, aren't you? Funny that.", "Oh, so you've noticed? That's a first."
    r"|(?:^|[.?!]\s+)funny,? that\W*$|\bthat'?s a first\W*$|^oh,? so (?:you'?ve|you have) noticed\b"
    # "...so I should probably be used to it by now."
    r"|\bi should (?:probably |really )?be used to it by now\b",
    re.IGNORECASE)
_ADDRESS = re.compile(r"^(?:hey|hi|oh)?,?\s*[A-Z][a-z]+,\s*")


def sarcastic_sentences(text: str) -> list[str]:
    """The sentences of `text` that say the opposite of what they say."""
    found = []
    for sentence in re.split(r"(?<=[.?!])\s+", " ".join(text.replace("’", "'").split())):
        bare = _ADDRESS.sub("", sentence) if _ADDRESS.match(sentence) and not sentence.lower().startswith("oh") else sentence
        if _MARKERS.search(bare.lower()) or _MARKERS.search(sentence.lower()):
            found.append(sentence)
    return found


# "You said 'mm' when I told you about my interview. Great. Thanks.": a bare "great, thanks" closing a complaint
_CLOSING_MOCK = re.compile(r"\byou\b.*[.?!]\s+(?:(?:oh,? )?(?:great|cool|lovely|brilliant|nice|perfect|super)[.!]\s+)?"
                           r"(?:great|cool|lovely|brilliant|nice|perfect|super)[.,!]?\s+thanks?(?: a lot)?[.!]?\s*$",
                           re.IGNORECASE)


# "Oh yeah, it went great. For you.", "It went well. Great. Really great for you.": the success is someone else's
_FOR_YOU = re.compile(r"\bwent (?:really )?(?:well|great|brilliantly|amazingly|perfectly)\b[^?]*?"
                      r"(?:\b(?:great|good|nice|lovely)\s+|[.!]\s+)for you\W*$",
                      re.IGNORECASE)


def is_sarcastic(text: str) -> bool:
    """Whether any sentence of the line is sarcastic."""
    whole = " ".join(text.replace("’", "'").split())
    return bool(sarcastic_sentences(text)) or bool(_CLOSING_MOCK.search(whole) or _FOR_YOU.search(whole))
