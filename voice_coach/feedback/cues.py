"""Lexical cues of DEAR MAN skill use: fast regex features and a rule-only rating.

Every pattern here expects lower-cased text (`extract` and `evidence` lower-case it themselves).

The cues serve three purposes: features for the offline classifier, a baseline in the
evaluation report, and instant ratings that steer the scripted counterpart without
waiting for the full evaluator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

from voice_coach.feedback import acts
from voice_coach.skills import Ratings


def _rx(*patterns: str) -> re.Pattern[str]:
    # Callers match lower-cased text; case-insensitive matching would cost ~5x for nothing.
    return re.compile("|".join(f"(?:{p})" for p in patterns))


FEELING = _rx(
    r"\bi(?: a|')?m (?:feeling |getting |really |so |pretty |a bit |kind of |kinda |very )*"
    r"(?:stressed|worried|anxious|frustrated|upset|hurt|sad|angry|scared|afraid|nervous|overwhelmed|"
    r"exhausted|tired|disappointed|lonely|embarrassed|uncomfortable|concerned|torn|drained|resentful|"
    r"happy|glad|grateful|relieved|excited|confused|annoyed|ashamed|guilty|burnt out|burned out)",
    r"\bi feel\b", r"\bi felt\b", r"\bmakes me feel\b", r"\bi(?:'ve| have) been feeling\b",
    r"\bit (?:hurts|hurt|scares|worries|frustrates|bothers|upsets) me\b",
    r"\bi(?: a|')?m not okay\b", r"\bi care about\b", r"\bit matters to me\b", r"\bi think\b",
    # Feelings said without "I feel": "I was embarrassed", "it's wearing me down", "this stings".
    r"\bi was (?:really |so |pretty |very |a bit )*(?:embarrassed|hurt|scared|upset|angry|humiliated|"
    r"worried|anxious|furious|devastated|disappointed|frustrated|ashamed)\b",
    r"\b(?:wearing|grinding|getting) me down\b", r"\bstings\b", r"\bhard on me\b", r"\bi miss you\b",
    r"\bbreaks my heart\b", r"\bi(?: a|')?m (?:really |so |pretty |honestly )*(?:lonely|furious|heartbroken)\b",
    r"\bi (?:really |truly )?(?:value|appreciate|love) (?:working|our|you|having|being|that)\b",
    r"\bi believe\b", r"\bi(?: a|')?m (?:really )?(?:proud|sorry that)\b",
)
BLAME_FEELING = _rx(r"\byou make me\b", r"\byou(?:'re| are) making me\b", r"\bbecause of you\b")
REQUEST = _rx(
    r"\bi(?:'d| would) like (?:you |us |to )", r"\bi(?: a|')?m asking\b", r"\bi want (?:you |us |to )",
    r"\bi need (?:you |us |to )", r"\bcan you\b", r"\bcould you\b", r"\bwould you\b", r"\bwill you\b",
    r"\bplease\b", r"\bi(?:'m| am) requesting\b", r"\bmy request is\b", r"\blet'?s\b",
    r"\bi(?:'m| am) going to need\b", r"\bi(?:'d| would) appreciate (?:it )?if\b",
    r"\bi (?:still |really )?(?:want|need) (?:a |an |the |my |\$|\d)", r"\bi(?:'m| am) still asking\b", r"\bi(?:'d| would) still like\b",
    r"\bi(?:'d| would) like (?:the |a |my |phones )",
)
REFUSAL = _rx(
    r"\bno,? i (?:won'?t|can'?t|will not|cannot|am not|'m not)\b", r"\bi(?:'m| am) not (?:going to|able to|willing)\b",
    r"\bi won'?t be\b", r"\bi(?:'m| am) saying no\b", r"\bi(?:'ll| will) have to (?:say no|decline|pass)\b",
    r"\bi can'?t (?:do|take on|lend|make|come|cover)\b", r"\bi(?:'m| am) going to (?:decline|pass)\b",
    r"\bi(?:'m| am) (?:still )?not (?:paying|coming|hosting|lending|working|doing|covering|available)\b",
    r"\bmy answer is (?:still )?no\b", r"\bno,? thanks?\b",
)
HEDGE = _rx(
    # "that kind of work" names a kind of thing; only a bare "kind of" softens the line.
    r"\bmaybe\b", r"(?<!\bthat )(?<!\bthis )(?<!\bwhat )(?<!\bthe )(?<!\bany )(?<!\bsome )(?<!\ba )"
    r"(?<!\bsame )(?<!\bwhich )(?<!\bevery )\b(?:kind|sort) of\b(?! (?:thing|work|job|person|stuff|help|"
    r"support|money|place|role|question|situation|arrangement|deal)s?\b)",
    r"\bkinda\b", r"\bi guess\b", r"\bi dunno\b",
    r"\bi don'?t know\b", r"\bperhaps\b", r"\bif (?:it'?s|that'?s) (?:ok|okay|alright|not too much)\b",
    r"\bjust\b(?! (?:like|as|in case|now)\b)", r"\bpossibly\b", r"\bat all possible\b", r"\bany chance\b", r"\bwondering if\b", r"\bor something\b", r"\bno big deal\b",
)
APOLOGY = _rx(r"(?<!saying )(?<!said )\bsorry\b", r"\bi apologi[sz]e\b", r"\bforgive me\b", r"\bmy bad\b")
SELF_PUTDOWN = _rx(
    r"\bi know i(?:'m| am) (?:probably )?(?:being )?(?:annoying|stupid|dramatic|a pain|too much)\b",
    r"\bthis is (?:probably )?(?:stupid|dumb)\b", r"\bi(?:'m| am) (?:such )?an idiot\b",
    r"\bnever ?mind\b", r"(?<!never )\bforget (?:it|i said)\b",
    # Caving: giving the ask away before it is answered.
    r"\bno worries\b", r"\bno rush\b", r"\bwhenever (?:is fine|you (?:get a chance|can))\b",
    r"\bfine either way\b", r"\bit'?s not a big deal\b", r"\bit'?s fine,? (?:really|whatever)\b",
    r"\bwhatever you (?:think|want)\b", r"\bi(?:'m| am) begging\b", r"\bplease please\b",
    r"\bi hate to be a (?:pain|bother|nuisance)\b", r"\b(?:probably )?a (?:silly|stupid|dumb) question\b",
    r"\bi(?:'m| am) probably overreacting\b", r"\bsorry to (?:bother|ask)\b", r"\bonly if you want\b",
    r"\bit'?s fine if not\b",
)
ABSOLUTE = _rx(r"\balways\b", r"\bnever\b", r"\bevery (?:single )?time\b", r"\bnobody\b", r"\beveryone\b",
               r"\bconstantly\b", r"\bnothing\b")
LABEL = _rx(
    r"\byou(?:'re| are) (?:so |such an? |being |just |really )*(?:selfish|lazy|rude|ridiculous|"
    r"inconsiderate|impossible|useless|unfair|a jerk|an idiot|crazy|controlling|childish|pathetic|"
    r"irresponsible|disrespectful|toxic|clueless|incompetent|unreasonable)",
    r"\bwhat is wrong with you\b", r"\bwhat'?s your problem\b", r"\bshut up\b", r"\bor else\b",
    r"\byou don'?t care\b", r"\bgrow up\b", r"\bare you kidding\b", r"\bseriously\?",
    # Insults: nouns anywhere; adjectives only when aimed at the person ("I felt stupid" is a feeling).
    r"\b(?:idiot|moron|slob|pig|thief|loser|flake|freeloader|damn|typical you|you people)\b",
    r"\b(?:you(?:'re| are)?|are you|you people are|is) (?:\w+ )?(?:stupid|lazy|spineless|braindead|brain-dead|"
    r"garbage|disgusting|clingy|a joke)\b", r"\bdo you even\b", r"\bare you calling me\b",
    r"\byou'?re (?:being|acting) (?:so |like )", r"\bnot (?:really )?my problem\b",
)
COUNTER_ATTACK = _rx(r"\bwell you\b", r"\bat least i\b", r"\bwhat about (?:you|when you)\b",
                     r"\byou(?:'re| are) one to talk\b", r"\blook who'?s talking\b", r"\boh (?:yeah|please|really)\b")
BENEFIT = acts.BENEFIT
OFFER = _rx(
    r"\bhow about\b", r"\bwhat if\b", r"\bi(?:'d| would| will|'ll|'m willing to| am willing to| can| could) "
    r"(?:be willing|offer|trade|swap|take|cover|do|make up|split|pay|stay|come|try|compromise|check in|start)\b",
    r"\bin exchange\b", r"\binstead\b", r"\bcompromise\b", r"\bmeet (?:you )?(?:in the|halfway)\b",
    r"\bwhat would work for you\b", r"\bwhat would you (?:need|suggest)\b", r"\bhow can we\b",
    r"\bcould we (?:try|agree|split|do)\b", r"\btrial\b", r"\bfor a (?:month|week|few weeks)\b",
    r"(?<!your )(?<!my )(?<!their )(?<!his )(?<!her )\bhalf\b",
    r"\bwould (?:it|that) work\b", r"\bopen to\b",
)
FACT = _rx(
    r"\b(?:last|this|next) (?:week|month|year|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"night|time|quarter)\b", r"\b\d+\b",
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twice|once) (?:times|days|weeks|months|hours|"
    r"minutes|dollars|nights|years)\b",
    r"\byesterday\b", r"\bsince\b", r"\bwhen you\b", r"\byou said\b", r"\byou (?:told|asked|cancelled|left|"
    r"came|arrived|didn'?t|haven'?t|missed|forgot|borrowed|charged|took)\b", r"\bthe (?:bill|report|rent|"
    r"deadline|dishes|invoice|appointment|meeting|repair|receipt|warranty)\b",
    r"\bi(?:'ve| have) (?:been|had|done|worked|covered|paid|asked|called|waited)\b",
)
# Softer signs the classifier weighs (not proof on their own): a benefit said loosely ("then you get",
# "so you don't have to"), openness to terms ("works for me", "what would work", "I'll"), and scorn.
LOOSE_BENEFIT = _rx(
    r"\b(?:then|so) you(?:'d|'ll| can| get| won'?t| don'?t| have| still| never| know)\b",
    r"\byou'?d (?:still |actually |never |also )?(?:get|have|see|know|be|save|hear|find)\b", r"\byou get\b",
    r"\bneither of us\b", r"\bwe'?d (?:both|actually|finally)\b", r"\beasier (?:for|on) (?:you|both)\b",
    r"\bfor both of us\b", r"\bit'?ll (?:be|make|save|mean)\b", r"\bthat way\b",
)
LOOSE_OFFER = _rx(
    r"\bworks? for me\b", r"\bwhat (?:\w+ ){0,3}(?:works|would work|could you|can you|feels right|would help)\b",
    r"\beither (?:works|is fine|one)\b", r"\bwhich (?:works|is easier|would you|day|time)\b",
    r"\bi'?ll (?!be\b|never\b|have to\b)\w+", r"\bi could\b", r"\bhappy to\b", r"\bopen to\b", r"\bdeal\b",
    r"\bmeet in the middle\b", r"\bcould we\b", r"\bcan we\b", r"\bif that'?s too\b", r"\bor if\b",
    r"\bi'?d be (?:open|willing|happy)\b", r"\bboth of us\b",
)
SCORN = _rx(
    r"\b(?:fine|ok|okay|sure),? whatever\b", r"\bwhatever makes you happy\b", r"\bhappy now\b", r"\bgreat plan\b", r"\bthanks for nothing\b", r"\bunbelievable\b",
    r"\bmust be nice\b", r"\boh (?:please|right|sure|great|so)\b", r"\bexcuse me\?", r"\bsure you will\b",
    r"\bway to\b", r"\bwow\b", r"\bjeez\b", r"\bor i'?m\b", r"\blol\b", r"\bfine,\b",
)
OFF_GOAL = _rx(r"\band another thing\b", r"\bwhile we'?re at it\b", r"\bspeaking of\b", r"\banyway,? forget\b",
               r"\bwhile i have you\b", r"\bby the way\b", r"\bdon'?t get me started\b",
               r"\bjust like your (?:father|mother|dad|mum|mom|sister|brother)\b", r"\bever had anyway\b")


@dataclass(frozen=True)
class CueSet:
    """Counts of each lexical cue in one utterance."""

    feeling: int
    blame_feeling: int
    request: int
    refusal: int
    hedge: int
    apology: int
    self_putdown: int
    absolute: int
    label: int
    counter_attack: int
    benefit: int
    offer: int
    fact: int
    off_goal: int
    imperative: int
    want_need: int
    broken_record: int
    counter: int
    fact_any: int
    loose_benefit: int
    loose_offer: int
    scorn: int
    words: int
    question: int

    def as_vector(self) -> list[float]:
        """Numeric features in a fixed order (lengths are log-scaled)."""
        import math

        values = [float(getattr(self, f.name)) for f in fields(self)]
        values[-2] = math.log1p(self.words)
        return values


def _count(pattern: re.Pattern[str], text: str) -> int:
    return len(pattern.findall(text))


def extract(text: str) -> CueSet:
    """Extract the lexical cues of one utterance."""
    normalized = text.replace("’", "'").lower()
    said = acts.read_acts(text)
    return CueSet(
        feeling=_count(FEELING, normalized),
        blame_feeling=_count(BLAME_FEELING, normalized),
        request=max(_count(REQUEST, normalized), said.asking + said.want_need + said.question_ask),
        refusal=max(_count(REFUSAL, normalized), said.refusal),
        hedge=_count(HEDGE, normalized),
        apology=_count(APOLOGY, normalized),
        self_putdown=_count(SELF_PUTDOWN, normalized),
        absolute=_count(ABSOLUTE, normalized),
        label=_count(LABEL, normalized),
        counter_attack=_count(COUNTER_ATTACK, normalized),
        benefit=said.benefit,
        offer=max(_count(OFFER, normalized), said.counter),
        fact=said.fact,
        off_goal=_count(OFF_GOAL, normalized),
        imperative=said.imperative,
        want_need=said.want_need,
        broken_record=said.broken_record,
        counter=said.counter,
        fact_any=_count(FACT, normalized),
        loose_benefit=_count(LOOSE_BENEFIT, normalized),
        loose_offer=_count(LOOSE_OFFER, normalized),
        scorn=_count(SCORN, normalized),
        words=len(normalized.split()),
        question=normalized.count("?"),
    )


CUE_PATTERNS: dict[str, re.Pattern[str]] = {
    "feeling": FEELING, "blame_feeling": BLAME_FEELING, "request": REQUEST, "refusal": REFUSAL,
    "hedge": HEDGE, "apology": APOLOGY, "self_putdown": SELF_PUTDOWN, "absolute": ABSOLUTE,
    "label": LABEL, "counter_attack": COUNTER_ATTACK, "benefit": BENEFIT, "offer": OFFER,
    "fact": FACT, "off_goal": OFF_GOAL,
}


def evidence(text: str) -> dict[str, list[str]]:
    """The phrases of `text` that fired each cue (lower-cased, in order, without repeats)."""
    normalized = text.replace("’", "'").lower()
    found: dict[str, list[str]] = {}
    # Facts are looked for outside the asks: "by 12:30" inside a request describes nothing.
    outside_asks = " | ".join(c for c in acts.clauses(text) if not acts.is_ask(c))
    for name, pattern in CUE_PATTERNS.items():
        hits: list[str] = []
        for match in pattern.finditer(outside_asks if name == "fact" else normalized):
            phrase = match.group(0).strip(" ,")
            if phrase and phrase not in hits:
                hits.append(phrase)
        if hits:
            found[name] = hits
    return found


def quick_ratings(text: str) -> Ratings:
    """Rule-only ratings from lexical cues: instant, used to steer the counterpart and as a baseline."""
    c = extract(text)
    judgmental = c.label + c.counter_attack + c.blame_feeling
    weak_voice = c.hedge >= 2 or c.apology > 0 or c.self_putdown > 0

    def level(present: bool, clean: bool) -> str:
        if not present:
            return "none"
        return "strong" if clean else "weak"

    labels = {
        "describe": level(c.fact > 0 or c.absolute > 0, c.fact > 0 and c.absolute == 0 and judgmental == 0),
        "express": level(c.feeling > 0 or c.blame_feeling > 0, c.feeling > 0 and c.blame_feeling == 0 and c.hedge < 2),
        "assert": level(c.request > 0 or c.refusal > 0, (c.request > 0 or c.refusal > 0) and not weak_voice and c.label == 0),
        "reinforce": level(c.benefit > 0, c.benefit > 0 and c.hedge < 2 and judgmental == 0),
        "negotiate": level(c.offer > 0, c.offer > 0 and c.hedge < 2),
        "mindful": "no" if (judgmental > 0 or c.off_goal > 0 or c.self_putdown > 0) else "yes",
        "confident": "no" if (weak_voice or c.label > 0) else "yes",
    }
    return Ratings(labels=labels)
