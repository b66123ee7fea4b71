"""Goal to request: the user's goal as one sentence they could say to the counterpart.

"Get my landlord to fix the boiler" becomes "I'm asking you to fix the boiler."; "Refuse to co-sign
my cousin Ray's car loan" becomes the refusal "I won't co-sign your car loan.". A goal the rules
cannot read gets a neutral wording rather than a broken sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from voice_coach.conversation.addressing import NAME, PROPER, WHO, address, is_person

NEUTRAL = "I'm asking for your help with this."
_WANT = r"i(?:\s+(?:really\s+|just\s+)?(?:want|need|would\s+like)|'d\s+(?:really\s+)?like)"
_ASK_VERBS = (
    rf"(?:{_WANT}|ask|asking|get|getting|convince|persuade|tell|remind|urge|encourage|push)"
)
_BARE_VERBS = r"(?:make|have|let|help)"
# Leading words that say the user wants something rather than what they want.
_PREAMBLE = re.compile(
    r"^(?:please\s+help\s+me\s+|please\s+|how\s+(?:do|can|should)\s+i\s+|how\s+to\s+"
    r"|is\s+it\s+(?:reasonable|ok|okay|fair|wrong)\s+to\s+|(?:my|the)\s+goal\s+is\s+to\s+"
    rf"|{_WANT}\s+to\s+|i\s+(?:have|hope|plan)\s+to\s+|i(?:'m|\s+am)\s+(?:going|trying|hoping)\s+to\s+"
    r"|to\s+|be\s+able\s+to\s+|finally\s+|politely\s+|calmly\s+|somehow\s+)",
    re.IGNORECASE,
)
# Goals that name a conversation rather than its content ("push back on the deadline").
_META = re.compile(
    r"^(?:push\s+back|talk|speak|bring\s+up|raise|discuss|address|deal\s+with|have\s+a)\b", re.IGNORECASE
)
# Reasons that describe someone else ("since he earns more") are not said in the request.
_THIRD = re.compile(r"\b(?:he|she|they|him|them|his|their|he's|she's|they're)\b", re.IGNORECASE)
_REASON = re.compile(r"(?:,\s*|\s+)(?:even\s+though|although|because|since|as)\s+", re.IGNORECASE)
_SOFT_EXIT = re.compile(
    r"\s+without\s+(?:burning\s+bridges|upsetting|hurting|offending|making\s+it\s+awkward|"
    r"ruining|a\s+fight|drama)\b.*$",
    re.IGNORECASE,
)
_NP_START = frozenset(
    "a an the my our some more less fewer no any every equal fair fairer better extra proper "  # noqa: SIM905
    "regular enough two three four five six".split()
)
_PEOPLE = (
    r"(?:boss|manager|supervisor|colleague|co-?worker|mother|mum|mom|father|dad|parents|sister|brother"
    r"|cousin|aunt|uncle|grandma|grandpa|grandmother|grandfather|friend|partner|boyfriend|girlfriend"
    r"|husband|wife|roommate|flatmate|housemate|neighbou?r|landlord|landlady|son|daughter|ex|in-laws"
    r"|mother-in-law|father-in-law|niece|nephew|teacher|coach|client|tenant)"
)
# In a refusal the person refused is the one whose thing it is, or who would get the thing.
_REFUSED = re.compile(
    rf"(?:\b(?:lend|give|pay|owe|send|loan)\s+(?P<obj>(?i:my)\s+(?:[a-z-]+\s+)?{_PEOPLE}(?:\s+{NAME})?)\b"
    rf"|(?P<poss>(?:(?i:my)\s+(?:[a-z-]+\s+)?{_PEOPLE}(?:\s+{NAME})?|{NAME}))'s\b)"
)
# Things the user may ask to do themselves ("work from home on Fridays"); other bare verbs
# ("talk to my father", "feel respected") name no ask, so they get the neutral wording.
_OWN_ACTIONS = frozenset(
    "work leave take swap start finish borrow use keep bring skip join stay switch extend "  # noqa: SIM905
    "postpone reschedule cancel change move return delay book".split()
)


@dataclass(frozen=True)
class GoalRequest:
    """A goal as something to say: its type, the request, the refusal when it is one."""

    goal_type: str  # "request", "refusal" or "boundary"
    request: str
    refusal: str | None = None
    neutral: bool = False  # True when no rule could read the goal


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'").replace("‘", "'")).strip()


def _sentences(text: str) -> list[str]:
    # A full stop after a title ("Dr.") or inside a number ("$49.99") does not end a sentence.
    protected = re.sub(r"\b(Dr|Mr|Mrs|Ms|Prof|St)\.", r"\1<dot>", text)
    parts = re.split(r"(?<=[.!?])\s+", protected)
    return [p.replace("<dot>", ".").strip() for p in parts if p.strip()]


def _strip(text: str) -> str:
    text = text.strip().rstrip(".!?;:, ").strip()
    previous = None
    while previous != text:
        previous, text = text, _PREAMBLE.sub("", text, count=1).strip()
    return text


def _drop_tails(text: str) -> str:
    """Drop reasons about other people and soft exits ("without burning bridges")."""
    text = _SOFT_EXIT.sub("", text)
    text = re.sub(r",?\s+and\s+(?:have|get|make)\s+\w+\s+(?:accept|agree\s+to)\s+(?:it|this|that)$", "", text, flags=re.IGNORECASE)
    match = _REASON.search(text)
    if match and _THIRD.search(text[match.end() :]):
        text = text[: match.start()]
    return re.sub(r",\s*and\s+offer\s+to\s+", ", and I'm offering to ", text, flags=re.IGNORECASE)


def _antecedent(text: str, context: str) -> str:
    """Replace a bare "them" with the plural it stands for in the dropped context ("the dishes")."""
    if not context or not re.search(r"\bthem\b", text):
        return text
    matches = re.findall(r"\b((?:the|my|our)\s+[a-z]+s)\b|\b[a-z]+ing\s+([a-z]+s)\b", context)
    if not matches:
        return text
    plural = next(m[0] or m[1] for m in reversed(matches))
    return re.sub(r"\bthem\b", plural, text, count=1)


def _lower_first(text: str) -> str:
    first = text.split(" ", 1)[0]
    if first.lower().strip(",.") in PROPER or (first.isupper() and len(first) > 1):
        return text
    return first.lower() + text[len(first) :]


def _sentence(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip().rstrip(".!?;:, ")
    text = re.sub(r"\s+([,.;:])", r"\1", text)
    return text[:1].upper() + text[1:] + "."


def _for(np: str) -> str:
    return f"I'm asking for {_lower_first(np)}"


@dataclass(frozen=True)
class _Read:
    goal_type: str
    text: str  # the sentence, before tidying
    is_refusal: bool = False


def _refusal(core: str, context: str) -> _Read | None:
    """A "no" goal: say no to, refuse, decline, don't want to, not go."""
    rules: list[tuple[str, object]] = [
        (rf"^(?:i(?:'m| am)\s+)?say(?:ing)?\s+no\s+to\s+{WHO}\s+about\s+(?P<x>.+)$", "I'm saying no to {x}"),
        (rf"^say\s+no\s+when\s+(?P<who>{WHO})\s+asks\s+me\s+to\s+(?P<x>.+)$", "I won't {x}"),
        (r"^say\s+no\s+to\s+(?P<x>.+)$", "I'm saying no to {x}"),
        (r"^(?:refuse|decline|turn\s+down)\s+to\s+(?P<x>.+)$", "I won't {x}"),
        (r"^(?:refuse|decline|turn\s+down|reject)\s+(?P<x>.+)$", "I'm declining {x}"),
        (r"^i\s+(?:really\s+)?don'?t\s+want\s+to\s+(?P<x>.+)$", "I won't {x}"),
        (r"^(?P<x>i(?:'m|\s+am)\s+not\s+going\s+to\s+.+)$", "{x}"),
        (r"^(?P<x>i\s+(?:won't|will\s+not|can't|cannot)\s+.+)$", "{x}"),
        (r"^(?:i(?:'m|\s+am)\s+)?not\s+(?P<x>\w+ing\b.*)$", "I'm not {x}"),
        (r"^not\s+(?P<x>.+)$", "I won't {x}"),
    ]
    for pattern, template in rules:
        if match := re.match(pattern, core, re.IGNORECASE):
            who = match.groupdict().get("who") or ""
            x = match["x"]
            if not who and (found := _REFUSED.search(x)):
                who = found["obj"] or found["poss"]
                if who.lower() in PROPER and who not in ("Mum", "Dad", "Mom"):
                    who = ""
            if who:
                x = address(x, who, person=is_person(who))
            return _Read("refusal", str(template).format(x=x), is_refusal=True)
    said_no = re.fullmatch(r"(?:i\s+(?:want|need)\s+to\s+)?say\s+no", core, re.IGNORECASE)
    if said_no and (m := re.search(r"\bwants?\s+me\s+to\s+(?P<x>.+)$", context, re.IGNORECASE)):
        return _Read("refusal", f"I won't {_strip(m['x'])}", is_refusal=True)
    return None


def _request(core: str) -> _Read | None:
    """An ask: someone to do something, something for the user, or a limit."""
    flags = re.IGNORECASE
    if m := re.match(rf"^(?:{_WANT}\s+)?(?:i\s+)?don'?t\s+want\s+(?P<who>{WHO})\s+(?:to\s+)?(?P<x>.+)$", core, flags):
        x = address(m["x"], m["who"], person=is_person(m["who"]))
        verb = "stop " + x if re.match(r"\w+ing\b", x) else x
        return _Read("boundary", f"I'm asking you not to {verb}" if not verb.startswith("stop ") else f"I'm asking you to {verb}")
    if m := re.match(rf"^(?:stop|prevent|keep)\s+(?P<who>{WHO})\s+from\s+(?P<x>.+)$", core, flags):
        return _Read("boundary", f"I'm asking you to stop {address(m['x'], m['who'], person=is_person(m['who']))}")
    if m := re.match(rf"^(?:tell|inform|let)\s+(?P<who>{WHO})\s+(?:know\s+)?(?:that\s+(?P<x>.+)|"
                     r"(?P<y>(?:i|we|he|she|they|it|(?:his|her|their)\s+\w+)\b(?:'\w+)?\s.+))$", core, flags):
        said = address(m["x"] or m["y"], m["who"], person=is_person(m["who"]))
        said = re.sub(r",\s*(but|and)\s+that\s+", r", \1 ", said)
        negative = re.search(r"\b(?:can't|cannot|won't|not|don't|isn't|aren't|never)\b", said, flags)
        subject_user = re.match(r"(?:i|we)\b", said, flags)
        kind = "refusal" if negative and subject_user else "boundary" if negative else "request"
        return _Read(kind, said, is_refusal=kind == "refusal")
    if m := re.match(rf"^{_ASK_VERBS}\s+(?P<who>{WHO})\s+to\s+(?P<x>.+)$", core, flags) or re.match(
        rf"^{_BARE_VERBS}\s+(?P<who>{WHO})\s+(?P<x>(?!to\b)[a-z]+\b.*)$", core, flags
    ):
        return _asked(m["x"], m["who"])
    if m := re.match(rf"^(?:ask|request|ask\s+for)\s+(?:(?P<who>{WHO})\s+)?for\s+(?P<x>.+)$", core, flags):
        return _Read("request", _for(m["x"]))
    if m := re.match(rf"^(?:ask|check\s+with)\s+(?P<who>{WHO})\s+(?:if|whether)\s+(?P<x>.+)$", core, flags):
        x = address(m["x"], m["who"], person=is_person(m["who"]))
        if can := re.match(r"^(?:i|we)\s+(?:can|could|may|might)\s+(?P<v>.+)$", x, flags):
            return _Read("request", f"I'm asking to {can['v']}")
        return _Read("request", f"I'm asking whether {x}")
    if m := re.match(r"^(?:could|can|may)\s+i\s+(?:get|have)\s+(?P<x>.+)$", core, flags):
        return _Read("request", _for(m["x"]))
    if m := re.match(r"^(?:could|can|may)\s+i\s+(?P<x>[a-z]+\b.*)$", core, flags):
        return _Read("request", f"I'm asking to {m['x']}")
    if m := re.match(rf"^(?:could|can|would|will)\s+(?P<who>{WHO})\s+(?P<x>[a-z]+\b.*)$", core, flags):
        return _asked(m["x"], m["who"])
    if m := re.match(rf"^(?P<who>{WHO})\s+(?:should|must|needs\s+to|has\s+to|ought\s+to)\s+(?P<x>.+)$", core, flags):
        return _asked(m["x"], m["who"])
    if m := re.match(rf"^(?P<who>{WHO})\s+(?:wants|plans|is\s+going|intends)\s+to\s+(?P<x>.+)$", core, flags):
        from voice_coach.conversation.verb_forms import gerund

        verb, _, rest = address(m["x"], m["who"], person=is_person(m["who"])).partition(" ")
        return _Read("request", f"I'm asking that we talk about you {gerund(verb)} {rest}")
    if m := re.match(r"^(?:get|getting|have)\s+(?P<x>(?:paid|reimbursed|refunded|compensated)\b.*)$", core, flags):
        return _Read("request", f"I'm asking to get {m['x']}")
    if m := re.match(rf"^(?:{_WANT}|get|getting|have|request)\s+(?P<x>.+)$", core, flags):
        first = m["x"].split(" ", 1)[0].lower()
        if first in ("until", "till", "by", "before", "after", "more", "less"):
            return _Read("request", core)
        return _Read("request", _for(m["x"]))
    return None


def _asked(action: str, who: str) -> _Read:
    said = address(action, who, person=is_person(who))
    limit = re.match(r"(?:stop|quit|not)\b", said, re.IGNORECASE) or re.search(r"\b(?:anymore|any more)\b", said)
    return _Read("boundary" if limit else "request", f"I'm asking you to {said}")


def _bare(core: str, fragments: list[str]) -> _Read | None:
    """A goal that is only a thing ("A fairer split of the chores.") or only an action."""
    words = core.split()
    if not words:
        return None
    first = words[0].lower()
    if len(words) == 1 and first.isalpha() and fragments:
        article = "an" if first[:1] in "aeiou" else "a"
        extra = ", ".join(f.rstrip(".").lower() if not re.match(r"[$£€\d]", f) else f.rstrip(".")
                          for f in fragments)
        return _Read("request", f"I'm asking for {article} {first}" + (f": {extra}" if extra else ""))
    if m := re.match(rf"^(?P<x>no\s+more\s+.+?)\s+from\s+(?P<who>{WHO})$", core, re.IGNORECASE):
        return _Read("boundary", f"I'm asking for {_lower_first(m['x'])} from you")
    if first in _NP_START or re.match(r"^[$£€\d]", first) or first.endswith("er") and len(words) > 1:
        return _Read("boundary" if first == "no" else "request", _for(core))
    if first in _OWN_ACTIONS:
        return _Read("request", f"I'm asking to {_lower_first(core)}")
    return None


_BROKEN = [
    re.compile(r"\basking you to (?:my|your|a|an|the|his|her|our|their|to|i|we|no|is|can|equal)\b", re.IGNORECASE),
    re.compile(r"\basking (?:for|to) (?:to|for|ask|get you)\b", re.IGNORECASE),
    re.compile(r"\byou want to\b|\bi want to (?:ask|tell|get)\b", re.IGNORECASE),
    re.compile(r"\b(?:he|she) (?:\w+ )?(?:you|your)\b|\byou (?:is|has|does|was|wants|needs)\b", re.IGNORECASE),
    re.compile(r"\b(?:to|for|of|with|the|a|my|your|and|or)\.$", re.IGNORECASE),
]


def is_broken(sentence: str) -> bool:
    """Whether a converted sentence has a known broken shape ("I'm asking you to my card")."""
    return any(p.search(sentence) for p in _BROKEN) or len(sentence.split()) < 3


def convert_goal(goal: str, counterpart_name: str = "") -> GoalRequest:
    """The goal as a request (and refusal) the user could say to the counterpart."""
    text = _clean(goal)
    sentences = _sentences(text)
    read: _Read | None = None
    context = ""
    # "Lend my brother $5,000? No." is a refusal of the question's action.
    if len(sentences) >= 2 and re.fullmatch(r"no[.!]?", sentences[-1], re.IGNORECASE) and sentences[-2].endswith("?"):
        action = _strip(sentences[-2])
        who = re.search(rf"^[a-z]+\s+(?P<who>{WHO})\s", action, re.IGNORECASE)
        said = address(action, who["who"], person=is_person(who["who"])) if who else action
        read = _Read("refusal", f"I won't {_lower_first(said)}", is_refusal=True)
    candidates: list[tuple[str, str]] = []
    for index, sentence in enumerate(sentences):
        for part in re.split(r"\s+[-–—]\s+|;\s+|,?\s+and\s+(?=i\s+(?:want|need|'d like)\b)", sentence, flags=re.IGNORECASE):
            others = " ".join(s for j, s in enumerate(sentences) if j != index)
            candidates.append((part, others + " " + sentence.replace(part, "")))
    fragments = [s for s in sentences[1:]] if len(sentences) > 1 else []
    # Skip rhetorical questions and conversation labels when something else is there.
    ordered = [c for c in candidates if not re.match(r"^(?:why|what)\b", c[0], re.IGNORECASE)
               and not _META.match(_strip(c[0]))] or candidates
    for part, ctx in ordered:
        if read is not None:
            break
        core = _drop_tails(_strip(part))
        read = _refusal(core, ctx) or _request(core)
        context = ctx
    for part, _ctx in ordered:
        if read is not None:
            break
        read = _bare(_drop_tails(_strip(part)), fragments if part == sentences[0] else [])
    if read is None:
        return GoalRequest("request", NEUTRAL, neutral=True)
    said = _sentence(_antecedent(read.text, context))
    if counterpart_name:
        said = _sentence(address(said.rstrip("."), counterpart_name, person=True))
    if is_broken(said):
        return GoalRequest("refusal" if read.is_refusal else "request", NEUTRAL, neutral=True)
    if read.is_refusal:
        accept = said[:1].lower() + said[1:] if not said.startswith(("I ", "I'")) else said
        return GoalRequest("refusal", f"I'm asking you to accept that {accept}", said)
    return GoalRequest(read.goal_type, said)
