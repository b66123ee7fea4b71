"""Goal text: read the user's goal and say its topic from the counterpart's side."""

from __future__ import annotations

import re
from dataclasses import dataclass

from voice_coach.conversation.verb_forms import base_verb, gerund

__all__ = ["DANGLING", "Goal", "base_verb", "for_user", "gerund", "parse_goal",
           "read_goal", "topic_of", "trim", "turn_round"]

MAX_TITLE_CHARS = 60
_MAX_TOPIC_WORDS = 12
_SHORT_TOPIC_WORDS = 6

_I_WANT = (
    r"(?:i|we)\s*(?:really\s+|just\s+)?(?:want|need|would\s+like|'d\s+like|wish|hope|plan|expect"
    r"|was\s+hoping|am\s+hoping|'m\s+hoping|am\s+going|'m\s+going|have|am\s+trying|'m\s+trying)"
)
# Leading phrases that say the user wants something rather than what they want.
_PREAMBLE = re.compile(
    rf"^(?:{_I_WANT}\s+to\s+|(?:my|the)\s+goal\s+is\s+to\s+|to\s+|how\s+(?:do\s+i\s+|to\s+)"
    r"|be\s+able\s+to\s+|finally\s+|politely\s+|calmly\s+|somehow\s+)",
    re.IGNORECASE,
)
_ASK_TO = re.compile(
    r"^(?P<verb>ask|tell|get|convince|persuade|remind|urge|encourage|push|"
    rf"{_I_WANT})\s+(?P<who>.+?)\s+to\s+(?P<rest>.+)$",
    re.IGNORECASE,
)
_ASK_FOR = re.compile(
    r"^(?P<verb>ask|request|talk\s+to|speak\s+to|speak\s+with|talk\s+with)\s+(?:(?P<who>.+?)\s+)?"
    r"(?P<link>for|about)\s+(?P<rest>.+)$",
    re.IGNORECASE,
)
_ASK_IF = re.compile(
    r"^(?P<verb>ask|check\s+with)\s+(?P<who>.+?)\s+(?:if|whether)\s+(?P<rest>.+)$", re.IGNORECASE
)
# "tell my sister I can't ..." means "tell my sister that I can't ...".
_TELL_THAT = re.compile(
    r"^(?P<verb>tell|let|inform|remind)\s+(?P<who>.+?)\s+(?:know\s+)?"
    r"(?:that\s+|(?=(?:i|we|he|she|they|it)(?:'\w+)?\s))(?P<rest>.+)$",
    re.IGNORECASE,
)
_AGREE_THAT = re.compile(
    r"^(?P<verb>agree|settle|decide|arrange|make\s+sure|make\s+it\s+clear)\s+"
    r"(?:with\s+(?P<who>.+?)\s+)?that\s+(?P<rest>.+)$",
    re.IGNORECASE,
)

# Words that start a noun phrase, so the goal is not verb-first.
_NOT_VERBS = frozenset(
    "a an the my our your his her their this that these those "  # noqa: SIM905
    "some more less fewer no any better fair enough extra i we you he she they it".split()
)
_DETERMINERS = frozenset("my our your his her their the".split())  # noqa: SIM905
# Words a cut phrase must not end on.
DANGLING = frozenset(
    "a an the my our your his her their this that these those "  # noqa: SIM905
    "to of for with on in at by from and or but so if about as than into when before after "
    "because until while whether not".split()
)
_MODALS = frozenset("can will should must would could may might shall".split())  # noqa: SIM905
# Negated auxiliaries, and the verb they stand for when no other verb follows ("isn't late").
_NEGATIVES = dict.fromkeys(
    "can't cannot won't wouldn't shouldn't mustn't couldn't doesn't don't".split(),  # noqa: SIM905
    "",
) | {"isn't": "be", "aren't": "be"}
# Words between a subject and its verb that do not change the verb ("he always pays").
_ADVERBS = frozenset(
    "always never still usually often just also really sometimes finally".split()  # noqa: SIM905
)
# After these words "her"/"his" stands alone ("pay her back"), so it is an object, not "her car".
_STANDS_ALONE = frozenset(
    "to for with about at on in and or but a an the that this some back up out "  # noqa: SIM905
    "over again if when before after until so because more any every all".split()
)

# The user speaks in the first person; the counterpart says the topic back to them.
_USER = {"i": "you", "me": "you", "my": "your", "mine": "yours", "myself": "yourself"} | {
    f"i'{end}": f"you'{end}" for end in ("m", "ve", "ll", "d")
}
_USER["i'm"] = "you're"
_AFTER_USER = {"am": "are", "was": "were", "wasn't": "weren't"}
# The counterpart is "he"/"she" in the user's words and "I" in its own.
_THEM = {"he": "I", "she": "I", "him": "me", "himself": "myself", "herself": "myself"} | {
    f"{who}'{end}": f"I'{end}" for who in ("he", "she") for end in ("s", "ll", "d")
}
_THEM |= {"hers": "mine", "he's": "I'm", "she's": "I'm"}
_AFTER_THEM = {"is": "am", "has": "have", "does": "do", "doesn't": "don't", "isn't": "am not"}
_AFTER_THEM["hasn't"] = "haven't"


@dataclass(frozen=True)
class Goal:
    """A goal split into its leading verb, who it is addressed to, its kind and the request."""

    verb: str
    who: str
    kind: str  # "to", "if", "that", "for", "about" or "plain"
    rest: str


def _tokens(text: str) -> list[str]:
    return re.findall(r"[\w'’£$€%.-]*[\w'’]|[^\w\s]+|\s+", text)


def _cased(source: str, word: str) -> str:
    # "I" is upper case anywhere, so its case says nothing about the word that replaces it.
    if word.startswith("I") or source.lower() in ("i", "i'm", "i've", "i'll", "i'd"):
        return word
    return word[:1].upper() + word[1:] if source[:1].isupper() else word


def _mark_counterpart(text: str, refs: tuple[str, ...]) -> str:
    """Replace words naming the counterpart ("my brother", "Kevin") with he/him/his."""

    def replace(match: re.Match[str]) -> str:
        if match["poss"]:
            return "his"
        before = text[: match.start()].rstrip().lower()
        after = text[match.end() :].split(" ", 2)[1:2] or [""]
        clause_start = not before or re.search(r"(?:\b(?:that|and|if|when|because|so)|,)$", before)
        # "how often my mother visits": a verb after the name makes it the subject.
        verb_next = re.fullmatch(r"[a-z]+[^s's]s|is|was|has|does|doesn't|can|will|won't", after[0])
        return "he" if clause_start or verb_next else "him"

    for ref in sorted({r.strip() for r in refs if r.strip()}, key=len, reverse=True):
        bare = re.sub(r"^(?:my|the|your)\s+", "", ref, flags=re.IGNORECASE)
        pattern = rf"\b(?:(?:my|the)\s+)?{re.escape(bare)}(?P<poss>'s)?\b"
        text = re.sub(pattern, replace, text, flags=re.IGNORECASE)
    return text


def turn_round(text: str, refs: tuple[str, ...] = (), *, them: bool = True) -> str:
    """The user's words as the counterpart says them: "he owes me" -> "I owe you"."""
    tokens = _tokens(_mark_counterpart(text.replace("’", "'"), refs))
    out: list[str] = []
    subject = ""
    for index, token in enumerate(tokens):
        if token.isspace():
            out.append(token)
            continue
        key = token.lower()
        following = next((t.lower() for t in tokens[index + 1 :] if not t.isspace()), "")
        if subject == "user" and key in _AFTER_USER:
            word = _AFTER_USER[key]
        elif subject == "them" and key in _AFTER_THEM:
            word = _AFTER_THEM[key]
        elif subject == "them" and key.endswith("s") and key.isalpha() and key != "was":
            word = base_verb(key)
        elif key in _USER:
            word = _USER[key]
        elif not them:
            word = token
        elif key in _THEM:
            word = _THEM[key]
        elif key in ("her", "his"):
            alone = not following or following in _STANDS_ALONE or not following[:1].isalnum()
            word = ("me" if key == "her" else "mine") if alone else "my"
        else:
            word = token
        out.append(_cased(token, word))
        if key in _ADVERBS and subject:
            continue
        subject = "user" if key == "i" else "them" if them and key in ("he", "she") else ""
    return "".join(out)


def for_user(text: str) -> str:
    """The user's words as a title addresses them: "my boss" -> "your boss", "I" -> "you"."""
    return turn_round(text, them=False)


def _strip_preamble(goal: str) -> str:
    text = re.sub(r"\s+", " ", goal.replace("’", "'")).strip().rstrip(".!?;:")
    previous = None
    while previous != text:
        previous, text = text, _PREAMBLE.sub("", text, count=1).strip()
    return text


def read_goal(goal: str) -> Goal:
    """Split a goal into its verb, addressee, kind and request, in the user's own words."""
    text = _strip_preamble(goal)
    found: list[Goal] = []
    kinds = ((_ASK_TO, "to"), (_ASK_IF, "if"), (_TELL_THAT, "that"), (_AGREE_THAT, "that"))
    for pattern, kind in (*kinds, (_ASK_FOR, "for")):
        if match := pattern.match(text):
            verb = match["verb"].lower()
            verb = "ask" if re.match(_I_WANT, verb, re.IGNORECASE) else verb
            link = match.groupdict().get("link")
            found.append(Goal(verb, (match["who"] or "").strip(), link or kind, match["rest"]))
    if not found:
        return Goal("", "", "plain", text)
    # Several patterns can match ("ask X if I can go to Y"); the shortest addressee is the real one.
    return min(found, key=lambda g: len(g.who))


@dataclass(frozen=True)
class _Clause:
    subject: str  # "them" for the counterpart, else the subject words
    negative: bool
    verb: str  # base form
    rest: str


def _split_clause(clause: str) -> _Clause | None:
    """Subject, verb and the rest of a simple clause ("he pays for the repair")."""
    words = clause.split()
    if len(words) < 2:
        return None
    first = words[0].lower()
    if first in ("he", "she"):
        subject, index = "them", 1
    elif first in ("i", "we", "they", "you", "it"):
        subject, index = words[0], 1
    elif first in _DETERMINERS and len(words) > 2:
        index = 3 if words[1].endswith("'s") and len(words) > 3 else 2
        subject = " ".join(words[:index])
    else:
        return None
    verb, tail = words[index].lower(), words[index + 1 :]
    negative = False
    if verb in _NEGATIVES:
        negative, verb = True, _NEGATIVES[verb] or (tail.pop(0) if tail else "")
    elif verb in _MODALS or verb in ("has", "have", "need", "needs"):
        if verb in ("has", "have", "need", "needs") and not (tail and tail[0] == "to"):
            return _Clause(subject, False, base_verb(verb), " ".join(tail))
        if tail and tail[0] == "to":
            tail.pop(0)
        if tail and tail[0].lower() == "not":
            negative = bool(tail.pop(0))
        verb = tail.pop(0).lower() if tail else ""
    elif verb in ("is", "are", "am", "was", "were"):
        verb = "be"
    elif subject.lower() not in ("i", "we", "you", "they"):
        verb = base_verb(verb)
    if not verb.isalpha():
        return None
    if verb in ("stop", "quit", "stops") and tail and tail[0].endswith("ing"):
        negative, verb = True, tail.pop(0)
    return _Clause(subject, negative, verb, " ".join(tail))


def _and_verbs(clause: _Clause, *, base: bool = False) -> str:
    """The clause's rest with "and refuels" turned like the main verb (base or -ing form)."""
    if clause.subject.lower() in ("i", "we", "you", "they"):
        return clause.rest

    def turn(match: re.Match[str]) -> str:
        verb = base_verb(match[1])
        return "and " + (verb if base else gerund(verb))

    return re.sub(r"\band (\w+[^s]s)\b", turn, clause.rest)


def _gerund_phrase(clause: _Clause) -> str:
    first = clause.rest.split(" ", 1)[0]
    if clause.verb == "be" and first.endswith("ing") and len(first) > 4:
        verb = ""  # "is visiting" -> "visiting"
    else:
        verb = gerund(clause.verb)
    rest = _and_verbs(clause)
    phrase = " ".join(w for w in ("not" if clause.negative else "", verb, rest) if w)
    subject = {"them": "", "we": "us", "they": "them", "it": "it"}.get(
        clause.subject.lower(), clause.subject
    )
    return f"{subject} {phrase}".strip()


def _verb_phrase(rest: str) -> str:
    first, _, tail = rest.partition(" ")
    low = first.lower()
    if low in _NOT_VERBS or not first.isalpha():
        return rest
    # "stop having guests over" reads better back as "not having guests over".
    if low in ("stop", "quit") and tail.split(" ", 1)[0].endswith("ing"):
        return "not " + tail
    # "decline being her bridesmaid" / "decline to host": what the user will not do.
    if low in ("decline", "refuse") and tail.startswith("to "):
        return "not " + _verb_phrase(tail.removeprefix("to "))
    if low in ("decline", "refuse") and tail.split(" ", 1)[0].endswith("ing"):
        return "not " + tail
    return f"{gerund(first)} {tail}".strip()


def _shorten(topic: str) -> str:
    """A topic short enough to say in passing: its first clause, or its first words."""
    words = topic.split()
    if len(words) > _SHORT_TOPIC_WORDS:
        # "paying for the repair and refuelling the car next time" -> "paying for the repair".
        for boundary in (",", ";", " and ", " by the ", " without ", " because ", " so that "):
            head = topic.split(boundary)[0].strip()
            if 2 <= len(head.split()) < len(words):
                return head
    return trim(" ".join(words[:_MAX_TOPIC_WORDS])) if len(words) > _MAX_TOPIC_WORDS else topic


def trim(cut: str) -> str:
    """A phrase cut at a length limit, without a dangling "with the" or "this" at the end."""
    words = cut.split()
    while len(words) > 2 and (
        words[-1].lower().strip(",;") in DANGLING or words[-1].endswith("'s")
    ):
        words.pop()
    return " ".join(words).rstrip(",;")


def topic_of(goal: Goal, refs: tuple[str, ...] = ()) -> str:
    """What the user asks for, as the counterpart says it ("paying for the repair")."""
    refs = (*refs, goal.who) if goal.who.lower() not in _THEM else refs
    if goal.kind == "to":
        topic = _verb_phrase(goal.rest)
    elif goal.kind in ("if", "that"):
        # "if I can work from home" -> "you working from home"; "that he pays" -> "paying".
        clause = _split_clause(_mark_counterpart(goal.rest, refs))
        lead = "whether " if goal.kind == "if" else "the idea that "
        topic = _gerund_phrase(clause) if clause else lead + goal.rest
    elif goal.kind in ("for", "about"):
        topic = goal.rest
    else:
        topic = _verb_phrase(goal.rest)
    return _shorten(turn_round(topic, refs).strip()) or "this"


def parse_goal(goal: str, refs: tuple[str, ...] = ()) -> tuple[str, str]:
    """Split a goal into (topic said from the counterpart's side, who the user addresses)."""
    parsed = read_goal(goal)
    return topic_of(parsed, refs), parsed.who
