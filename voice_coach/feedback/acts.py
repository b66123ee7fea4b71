"""What each clause of a line does: ask, order, refuse, propose, give a benefit, state a fact.

Cue words alone misread lines ("that kind of work" is no hedge, "12:30" inside a request is no
Describe, "From now on, text me" is an ask with no "please"), so the cues are counted per clause,
knowing what the clause does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Words that open a clause without changing what it does ("Yes.", "Mum,", "First,", "So, um,").
_OPENERS = re.compile(
    r"^(?:(?:yes|no|okay|ok|right|so|um|uh|look|listen|first|then|and|but|also|honestly|well|now|"
    r"from now on|going forward|this time|again|today|tonight|seriously)\b[,.]?\s*|"
    r"(?:mum|mom|dad|[a-z][a-z'-]+),\s+(?=[a-z]))+",
)
_VOCATIVE = re.compile(r"^[A-Z][\w'-]*(?:\s[A-Z][\w'-]*)?,\s+")
# Verbs that start an order ("Put my charger back", "Text me first"). Only base forms that are rarely
# the first word of a statement.
IMPERATIVE_VERBS = frozenset(
    "put turn text call bring let cancel send move fix wash take give pay stop keep leave be come get "  # noqa: SIM905
    "make tell print stay clean return check email book refund transfer tidy finish pick drop sign "
    "knock ask remove replace repair pause split hand wait show write use start quit lower close open "
    "clear empty hang answer reply confirm arrange schedule reschedule share credit correct refer "
    "switch swap sort do try".split()
)
_NEG_IMPERATIVE = re.compile(r"^(?:please\s+)?(?:don'?t|do not|never)\s+(?!know\b|think\b|worry\b|mind\b)[a-z]+")
WANT_NEED = re.compile(
    r"^i(?:'m| am)?\s*(?:still\s+|really\s+|just\s+)?(?:want|need|would like|'d like|'d still like|"
    r"would still like|'d really like)\s+(?!to (?:say|talk|tell you|know|be honest|explain|ask if)\b)"
    r"(?:you|us|a|an|the|my|this|that|it|to|some|more|\$|\d|[a-z]+ed\b|phones|our|your|him|her|them|"
    r"until|by|before|[a-z]+)",
)
ASKING = re.compile(
    r"^(?:i(?:'m| am) (?:still )?(?:asking|requesting)|my request is|i(?:'m| am) going to need|"
    r"i(?:'d| would) appreciate it if|let'?s)\b"
)
QUESTION_ASK = re.compile(r"^(?:can|could|would|will) you\b|^(?:can|could|may) i (?:get|have|take|leave|go|work)\b")
BROKEN_RECORD = re.compile(
    r"\b(?:i(?:'m| am) still (?:asking|not)|i still (?:need|want)|i(?:'d| would) still like|"
    r"my answer is still|i(?:'m| am) still going to)\b"
)
REFUSAL = re.compile(
    r"^(?:no(?:\s+thanks?(?:\s+you)?)?[.!,]?$|no[,.!]\s|my answer is (?:still )?no|"
    r"i (?:won'?t|will not)\b|i can'?t (?!believe|wait|stand|help|tell|say|imagine|remember|think|see)\w+|"
    r"i cannot\b|i(?:'m| am) (?:still )?not (?:going to|able to|willing to|available|coming|doing|"
    r"paying|lending|hosting|working|taking|covering|moving|giving|signing|agreeing|doing)\b|"
    r"i(?:'d| would) rather not\b|i(?:'ll| will) (?:have to )?(?:pass|decline|say no)\b|"
    r"i(?:'m| am) (?:going to )?(?:decline|pass|saying no|going to bed)\b|i don'?t (?:lend|do|host|work)\b)"
)
COUNTER = re.compile(
    r"\b(?:how about|what if|would it work if|would that work|would (?:this|that) be okay|"
    r"in exchange|meet (?:you )?halfway|split the difference|instead\?|instead, |"
    r"what would (?:you need|work for you|it take|make it work)|how does that sound|"
    r"i(?:'ll| will| can| could)\b[^.?!]*\bif you\b|if [^.?!]* (?:isn'?t|is not) possible|"
    r"i can'?t [^.?!]*,? but i (?:can|could)\b|could you do [^.?!]* instead|we could (?:alternate|take turns|swap))"
)
BENEFIT = re.compile(
    r"(?<!feels )(?<!feel )(?<!see it )(?<!seen it )(?<!looks )\bthat way\b(?! about)|"
    r"\byou(?:'d| would| will|'ll) (?:get|have|save|be able|not have|never have|gain|know)\b|"
    r"\byou won'?t (?:have to|need to)\b|\bwe(?:'ll| will|'d| would) (?:get|keep|have|both|save)\b|"
    r"\b(?:saves?|save) you\b|\bcost you less\b|\boff your (?:queue|plate|desk|list)\b|"
    r"\b(?:this|the) (?:complaint|case|ticket|issue) is closed\b|"
    r"\b(?:better|easier|good|simpler|quicker|cheaper|less work) for (?:you|us|both of us|everyone|the team)\b|"
    r"\bit (?:would|will|'d|'ll) (?:help|mean|free|give|save|let)\b|\bwhich means\b|"
    r"\bso (?:that )?you(?:'ll| can| won'?t| will| don'?t| get| have)\b|\bbenefit\b|\bin return\b|"
    r"\bmore (?:productive|focused|reliable|present)\b"
)
FACT = re.compile(  # kept in step with cues.FACT, plus the observations the clear cases use
    r"\b(?:last|this|next) (?:week|month|year|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"night|time|quarter)\b|\b\d[\d,.:]*(?:st|nd|rd|th|am|pm)?\b|"
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twice|once) (?:times|days|weeks|months|hours|"
    r"minutes|dollars|nights|years)\b|\b(?:three|four|five|six|two) times\b|\btwice\b|"
    r"\byesterday\b|\bsince\b|\bwhen you\b|\byou said\b|\byou (?:told|asked|cancelled|left|came|arrived|"
    r"didn'?t|haven'?t|missed|forgot|borrowed|charged|took|checked|presented|stayed)\b|"
    r"\b(?:you|i)(?:'ve| have) (?:been|had|done|worked|covered|paid|asked|called|waited|come|brought)\b|"
    r"\bi (?:was charged|reported|lent|paid|bought|emailed|did)\b|\b(?:started|stopped|stayed) \w+"
)


@dataclass(frozen=True)
class Acts:
    """How many clauses of a line do each thing."""

    imperative: int
    want_need: int
    asking: int
    question_ask: int
    refusal: int
    broken_record: int
    counter: int
    benefit: int
    fact: int  # facts outside asks: numbers inside a request are not Describe

    @property
    def asks(self) -> int:
        """Clauses that ask for something or say no."""
        return self.imperative + self.want_need + self.asking + self.question_ask + self.refusal


def clauses(text: str) -> list[str]:
    """The line's clauses, lower case, with openers ("Yes.", "Mum,", "From now on,") removed."""
    normalized = text.replace("’", "'")
    parts = re.split(r"(?<=[.!?;])\s+|;\s*|,\s+(?:and|but|so)\s+|\s+but\s+|\s+-\s+", normalized)
    out: list[str] = []
    for part in parts:
        part = _VOCATIVE.sub("", part.strip())
        low = part.lower().strip(" .!?,")
        previous = None
        while previous != low:
            previous, low = low, _OPENERS.sub("", low).strip()
        if low:
            out.append(low)
    return out


def _is_imperative(clause: str) -> bool:
    words = clause.removeprefix("please ").split()
    if not words:
        return False
    first = words[0].strip(",")
    if _NEG_IMPERATIVE.match(clause):
        return True
    # "Let me finish", "Be there by seven"; "be" alone is common in statements only after a subject.
    return first in IMPERATIVE_VERBS and (len(words) > 1 or clause.startswith("please"))


def is_ask(clause: str) -> bool:
    """Whether a clause (from `clauses`) asks for something or says no."""
    return bool(REFUSAL.match(clause) or ASKING.match(clause) or WANT_NEED.match(clause)
                or QUESTION_ASK.match(clause) or _is_imperative(clause))


def read_acts(text: str) -> Acts:
    """Count what the clauses of `text` do."""
    counts = dict.fromkeys(("imperative", "want_need", "asking", "question_ask", "refusal",
                            "broken_record", "counter", "benefit", "fact"), 0)
    for clause in clauses(text):
        counts["broken_record"] += bool(BROKEN_RECORD.search(clause))
        counts["counter"] += bool(COUNTER.search(clause))
        counts["benefit"] += bool(BENEFIT.search(clause))
        if REFUSAL.match(clause):
            counts["refusal"] += 1
        elif ASKING.match(clause):
            counts["asking"] += 1
        elif WANT_NEED.match(clause):
            counts["want_need"] += 1
        elif QUESTION_ASK.match(clause):
            counts["question_ask"] += 1
        elif _is_imperative(clause):
            counts["imperative"] += 1
        else:
            counts["fact"] += len(FACT.findall(clause))
    return Acts(**counts)
