"""Split a user's line into clauses and say what each one does (fact, request, attack, caving, hedge...).

The rewrite keeps, tidies or drops clauses by kind; the suggestion and the quality gate read the
same analysis. Everything is regular expressions over the line: microseconds per line. It is over 400
lines because the clause kinds share one classifier whose order matters; the phrase lists are in phrases.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from voice_coach.feedback import phrases as P
from voice_coach.feedback import tone
from voice_coach.feedback.flexibility import mark_detail_flexibility
from voice_coach.feedback.admissions import admission
from voice_coach.feedback.guesses import guessed_mind
from voice_coach.feedback.guilt import GUILT_TRIP, mark_guilt_tags
from voice_coach.feedback.hostility import LINE_HOSTILE, mark_hostile
from voice_coach.feedback.mock_proposals import mark_mock_proposals
from voice_coach.feedback.promised_jabs import PROMISED_JAB
from voice_coach.feedback.links import mark_links, mark_pleas
from voice_coach.feedback.own_terms import mark_own_terms
from voice_coach.feedback.stances import mark_stances

Kind = Literal["vocative", "filler", "threat", "attack", "caving", "sarcasm", "apology", "self_minimising",
               "refusal", "request", "weak_request", "offer", "benefit", "feeling", "absolute", "question",
               "off_topic", "fact", "statement", "validation", "answer", "guess"]
KINDS: tuple[str, ...] = ("vocative", "filler", "threat", "attack", "caving", "sarcasm", "apology", "self_minimising",
                          "refusal", "request", "weak_request", "offer", "benefit", "feeling", "absolute", "question",
                          "off_topic", "fact", "statement", "validation", "answer", "guess")
# Kinds whose words must never reach a rewrite.
HARMFUL: frozenset[str] = frozenset({"threat", "attack", "caving", "sarcasm", "apology", "self_minimising"})
MAX_CHARS = 4000  # longer lines are analysed on their first 4,000 characters only

_ABBREV = r"(?<!\bDr\.)(?<!\bMr\.)(?<!\bMs\.)(?<!\bMrs\.)(?<!\bSt\.)(?<!a\.m\.)(?<!p\.m\.)(?<!\be\.g\.)"
_SENTENCE_SPLIT = re.compile(rf"(?<=[.!?]){_ABBREV}\s+|\.{{2,}}\s*|…\s*|\s+[-–—]+\s+")
_CLAUSE_SPLIT = re.compile(
    r"\s*[;:]\s+|,\s+(?!which\b)|\s+(?=but\s)|\s+(?=(?:or|and) (?:else|i'?ll|i swear|i will|if|don'?t bother|i'?m walking)\b)"
    r"|\s+(?=so (?:i|maybe|yeah|like)\b)|\s+(?=because (?:i definitely|you)\b)", re.IGNORECASE)
_LEADING = re.compile(r"^(?:(?:and|but|so|or|because|which|like|then|although|though|also|anyway|plus|still|"
                      r"um+|uh+|er+|oh|well|look|okay|ok|yeah|right|hey|hi)\b[,\s]*)+", re.IGNORECASE)
_VERBISH = re.compile(r"\b(?:i|you|we|he|she|they|it|there|who)\b(?:'\w+)?|\b(?:that|this)(?:'s| is| was)\b|\b\w+(?:ed|n't)\b|"
                      r"\b(?:is|are|was|were|has|have|had|do|does|did|can|could|will|would|should|must|need|want|"
                      r"pay|cost|costs|said|says|left|took|came|went|got|keeps?|stays?|started|sat)\b", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z0-9$£€%'-]+")


@dataclass
class Clause:
    """One clause of the line: its words as said, its kind, the tidy text a rewrite may keep, and any problem phrases."""

    text: str
    sentence: int
    kind: str = "statement"
    tidy: str = ""
    problems: list[tuple[str, str]] = field(default_factory=list)  # (kind, phrase) found and removed
    facts: list[str] = field(default_factory=list)
    end: str = "."
    fragment: bool = False
    lead: str = ""  # the connective the clause began with ("and", "but"), restored when clauses are re-joined


@dataclass
class Analysis:
    """The clauses of one line and what the line as a whole does."""

    clauses: list[Clause]
    name: str = ""

    def of(self, *kinds: str) -> list[Clause]:
        """Clauses of these kinds, in order."""
        return [c for c in self.clauses if c.kind in kinds]

    def problems(self, *kinds: str) -> list[str]:
        """Problem phrases of these kinds (whole clauses and removed parts), in order, without repeats."""
        out: list[str] = []
        for clause in self.clauses:
            if clause.kind in kinds and clause.kind in HARMFUL | {"absolute", "filler"}:
                phrase = clause.text.strip(" ,.?!")
                if phrase and phrase.lower() not in (p.lower() for p in out):
                    out.append(phrase)
            for kind, phrase in clause.problems:
                if kind in kinds and phrase.lower() not in (p.lower() for p in out):
                    out.append(phrase)
        return out


def normalise(text: str) -> str:
    """Straight quotes, single spaces."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", " ", text).strip()


def _protect_number_lists(sentence: str) -> list[str]:
    """Clause pieces, re-joining commas inside number lists ("30, 45, 20 and 50 minutes")."""
    pieces = [p for p in _CLAUSE_SPLIT.split(sentence) if p and p.strip()]
    merged: list[str] = []
    for piece in pieces:
        if merged and re.search(r"\d\s*$", merged[-1]) and re.match(r"^\s*(?:and\s+)?\$?\d", piece):
            merged[-1] = f"{merged[-1]}, {piece}"
        else:
            merged.append(piece)
    return merged


_MIDDLE: set[str] = set()  # clauses that do not start their sentence (a capital there marks a name)
_JOINED = "\u2063"  # stands in for a comma inside a phrase that must stay one clause ("fine, send it over")


def _protect(sentence: str) -> str:
    low = sentence.lower()
    for pattern in (P.CAVING, P.SARCASM, P.APOLOGY, P.SELF_MIN, P.SOFTENER, P.THREAT):
        for match in pattern.finditer(low):
            if "," in match.group(0):
                start, end = match.span()
                sentence = sentence[:start] + sentence[start:end].replace(",", _JOINED) + sentence[end:]
    return sentence


def split(line: str) -> list[tuple[int, str, str]]:
    """(sentence index, clause text, sentence end mark) for each clause of the line."""
    line = normalise(line)[:MAX_CHARS]
    out: list[tuple[int, str, str]] = []
    _MIDDLE.clear()
    for index, sentence in enumerate(s for s in _SENTENCE_SPLIT.split(line) if s and s.strip()):
        sentence = _protect(sentence.strip())
        end = "?" if sentence.endswith("?") else "."
        for position, piece in enumerate(_protect_number_lists(sentence.rstrip(".!? "))):
            text = piece.strip(" ,").replace(_JOINED, ",")
            if position:
                _MIDDLE.add(text)
            out.append((index, text, end))
    return out


def sentences(text: str) -> list[str]:
    """The sentences of a text ("2 a.m." and "Dr." do not end one)."""
    return [s.strip() for s in _SENTENCE_SPLIT.split(normalise(text)) if s and s.strip()]


def _content_words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w.strip("'-") and w not in P.FILLER_WORDS]


def _remove(pattern: re.Pattern[str], text: str, kind: str, problems: list[tuple[str, str]]) -> str:
    def cut(match: re.Match[str]) -> str:
        phrase = match.group(0).strip(" ,")
        if phrase:
            problems.append((kind, phrase))
        return " "


    return pattern.sub(cut, text)


def tidy(text: str) -> str:
    """Spaces, stray commas and leading connectives cleaned; first letter upper-case."""
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s+([,.?!])", r"\1", text)
    text = re.sub(r"(?:,\s*){2,}", ", ", text).strip(" ,;:-")
    text = re.sub(r",?\s+(?:which|and|but|or|because)$", "", text, flags=re.IGNORECASE)
    text = re.sub(r"(?:,\s+|(?<!hope)(?<!think)(?<!guess)(?<!suppose)(?<!believe)(?<!said)(?<!told)\s+)so$", "", text,
                  flags=re.IGNORECASE)  # "I hope so" keeps its "so"
    # "it's so annoying that" loses its dangling "that"; "I appreciate that" keeps its object.
    text = re.sub(r"\b(so|such|is|was|feel|think|sure|glad|sorry|afraid|worried|annoying|frustrating|upsetting|unfair|"
                  r"weird|strange|funny|obvious|true|clear),?\s+that$", r"\1", text, flags=re.IGNORECASE)
    # "at like eleven": a filler before a number says nothing.
    text = re.sub(r"\blike (?=\d|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty)\b)", "",
                  text, flags=re.IGNORECASE)
    previous = None
    while previous != text:
        previous = text
        text = _LEADING.sub("", text).strip(" ,")
    text = re.sub(r"^(?:of|for|about|to)\s+(?=maybe\b)", "", text, flags=re.IGNORECASE)
    return text


def _is_vocative(text: str, name: str) -> bool:
    words = text.strip(" ,.!?").split()
    if not words or len(words) > 4:
        return False
    rest = [w for w in words if w.lower() not in ("hey", "hi", "hello", "dear", "so", "oh", "look", "okay", "mate")]
    if not rest:
        return False
    names = {n.lower() for n in name.replace(".", "").split()} if name else set()
    titles = {"mum", "mom", "dad", "doctor", "aunt", "uncle", "grandma", "grandpa", "sir", "madam", "dr", "mr", "mrs", "ms"}
    return all(w.lower().strip(".") in names | titles for w in rest)


# Words quoted from someone else ("you said I 'just answer phones'") are evidence, not the speaker's hedges or cues.
_QUOTED = re.compile(r"(?<![A-Za-z])(['\"])([^'\"]{3,}?)\1(?![A-Za-z])")


def classify(text: str, sentence: int, end: str, *, name: str = "", goal_type: str = "request",
             topic: frozenset[str] = frozenset()) -> Clause:
    """What one clause does, and its tidy form with hedges, fillers and softeners removed (quotes kept as said)."""
    bare, markers = tone.strip_markers(text)
    if markers:
        # "lol", "smh", "/s": the marker goes, and what it sat beside is sarcasm unless it asks or carries a figure.
        if text in _MIDDLE:
            _MIDDLE.add(bare)
        clause = classify(bare, sentence, end, name=name, goal_type=goal_type, topic=topic) if bare.strip(" ,.?!") \
            else Clause(text=bare, sentence=sentence, end=end, kind="sarcasm")
        clause.text = text
        clause.problems += [("sarcasm", m) for m in markers]
        if clause.kind not in HARMFUL | {"request", "refusal", "weak_request", "validation"} and not clause.facts:
            clause.kind = "sarcasm"
        return clause
    quotes: list[str] = []

    def hide(match: re.Match[str]) -> str:
        quotes.append(match.group(0))
        return f"qquote{len(quotes) - 1}q"

    hidden = _QUOTED.sub(hide, text)
    if not quotes:
        return _classify(text, sentence, end, name=name, goal_type=goal_type, topic=topic)
    if text in _MIDDLE:
        _MIDDLE.add(hidden)

    def show(words: str) -> str:
        return re.sub(r"qquote(\d+)q", lambda m: quotes[int(m.group(1))], words, flags=re.IGNORECASE)

    clause = _classify(hidden, sentence, end, name=name, goal_type=goal_type, topic=topic)
    clause.text, clause.tidy = text, show(clause.tidy)
    clause.problems = [(kind, show(phrase)) for kind, phrase in clause.problems]
    clause.facts = [m.group(0).strip() for m in P.FACT_TOKEN.finditer(text)]
    return clause


def sentence_start(text: str) -> bool:
    """Does this clause start its sentence (not a piece after a comma)?"""
    return text not in _MIDDLE


def _classify(text: str, sentence: int, end: str, *, name: str = "", goal_type: str = "request",
              topic: frozenset[str] = frozenset()) -> Clause:
    clause = Clause(text=text, sentence=sentence, end=end)
    low = text.lower()
    clause.facts = [m.group(0).strip() for m in P.FACT_TOKEN.finditer(text)]
    if _is_vocative(text, name):
        clause.kind, clause.tidy = "vocative", text.strip(" ,.!?")
        return clause
    if not _content_words(low):
        if P.SARCASM.search(low):
            clause.kind = "sarcasm"
            clause.problems.append(("sarcasm", text.strip(" ,.?!")))
            return clause
        clause.kind = "filler"
        return clause
    if admission(low):
        # "I am sometimes": owning part of their point; the qualifier makes it true and is kept as said.
        clause.kind, clause.tidy = "validation", text.strip(" ,.!?")
        return clause
    if tone.sarcastic_like(low):
        clause.kind = "sarcasm"  # "like I can pay rent with a title": tidying the "like" away would make it a claim
        clause.problems.append(("sarcasm", text.strip(" ,.?!")))
        return clause
    limit = re.match(r"^mind your own business about (.+)$", low)
    if limit:
        # The demand inside the attack is a limit the user may set: say it as one.
        text = f"please don't comment on {limit.group(1)}"
        low = text
    for kind, pattern in (("threat", P.THREAT), ("threat", tone.RETALIATION), ("threat", tone.CONSEQUENCE), ("attack", P.INSULT), ("attack", P.JAB),
                          ("attack", tone.CONDESCENSION), ("attack", tone.SCOREKEEPING),
                          ("attack", PROMISED_JAB), ("attack", GUILT_TRIP)):
        match = pattern.search(low)
        if match:
            clause.kind = kind
            clause.problems.append((kind, _said(text, low, match)))
            return clause
    low = P.TAIL.sub(" ", low).strip(" ,")
    match = P.CAVING.search(low)
    if match or (goal_type == "refusal" and _accepts(low)):
        clause.kind = "caving"
        clause.problems.append(("caving", _said(text, low, match) if match else text.strip(" ,.?!")))
        return clause
    working = P.MINIMISED.sub(lambda m: f"{m.group(1)} been", low)
    if end == "?" and sentence_start(text) and re.match(r"^(?:wow,? |oh,? )?so (?:now )?(?:i'?m|my|your|you'?re|i)\b", low):
        # "So now I'm unreliable?", "so my weekends don't count?": a rhetorical question throws their words back.
        clause.kind = "sarcasm"
        clause.problems.append(("sarcasm", text.strip(" ,.?!")))
        return clause
    if P.SARCASM.search(working):
        working = _remove(P.SARCASM, working, "sarcasm", clause.problems)
        rest = tidy(_strip_hedges(working, clause.problems)).lower()
        if P.FACT_TOKEN.search(rest) and not has_verb(rest) and not P.SARCASM.search(rest):
            # "loved the 2 a.m. karaoke" -> the fact fragment "2 a.m. karaoke" may be said plainly.
            clause.kind, clause.fragment, clause.tidy = "fact", True, _restore_case(text, rest)
            return clause
        if (not (P.FACT_TOKEN.search(rest) and has_verb(rest)) or P.SARCASM.search(rest)
                or not _SUBJECT_START.match(rest)):
            clause.kind = "sarcasm"
            return clause
    before = len(clause.problems)
    working = _remove(P.APOLOGY, working, "apology", clause.problems)
    working = _remove(P.SELF_MIN, working, "self_minimising", clause.problems)
    minimised = [k for k, _ in clause.problems[before:]]
    working = _remove(P.SOFTENER, working, "hedge", clause.problems)
    working = _remove(P.TAIL, working, "hedge", clause.problems)
    working = re.sub(r"^\s*(?:(?:and|but|so)\s+)?(?:it'?s just|the thing is|i just (?:wanted|want) to (?:say|mention))"
                     r"\s*(?:that\s+)?", " ", working)
    working = P.TAG_QUESTION.sub("", working)
    working = _strip_hedges(working, clause.problems)
    working = P.PROFANITY.sub("", working)
    for word in P.PROFANITY.findall(low):
        clause.problems.append(("attack", word.strip()))
    tidied = tidy(working)
    words = tidied.split()
    if re.match(r"^(?:thanks|thank you)\W*$", low.strip()):
        clause.kind, clause.tidy = "validation", "thanks" if low.strip().startswith("thanks") else "thank you"
        return clause  # a plain thank-you is kept (a sarcastic one is re-read as sarcasm with its line)
    if not words or not _content_words(working) or (len(words) <= 1 and not P.FACT_TOKEN.search(tidied)
                                        and words[0].lower().strip(".,") not in P.IMPERATIVE_VERBS):
        removed = [k for k, _ in clause.problems]
        clause.kind = ("apology" if "apology" in removed else "self_minimising" if "self_minimising" in removed
                       else "sarcasm" if "sarcasm" in removed else "filler")
        return clause
    tidied = _reshape(tidied)
    lead = re.match(r"^\s*(and|but|so|because)\b", working.strip(" ,"), re.IGNORECASE) or re.match(
        r"^\s*(so|or)\b(?!,)", text, re.IGNORECASE)
    clause.lead = lead.group(1).lower() if lead else ""
    clause.tidy = _restore_case(text, tidied)
    clause.kind = _kind_of(clause.tidy.lower(), end, goal_type, topic)
    if clause.kind in ("statement", "fact", "off_topic", "benefit", "feeling", "question") and guessed_mind(text.lower()):
        # "she'd probably like a hotel more": without its hedge it speaks for them, so it is not kept at all.
        clause.kind, clause.problems = "guess", [p for p in clause.problems if p[0] not in ("hedge", "filler")]
        return clause
    if sentence == 0 and re.match(r"^\s*then\b", text, re.IGNORECASE) and clause.kind not in ("refusal", "request"):
        # "Then come in": the first words answer the other person's "what if ...?"; they are kept as said.
        first = clause.tidy.split()[0] if clause.tidy.split() else ""
        keep_case = first == "I" or first.startswith("I'") or first[:1].isupper() and first in text
        clause.kind, clause.tidy = "answer", "then " + (clause.tidy if keep_case else clause.tidy[:1].lower() + clause.tidy[1:])
        return clause
    if minimised and (clause.kind in ("statement", "off_topic", "question", "weak_request")
                      or re.match(r"^(?:whose|what|which|that|to|if|whether|for)\b", tidied, re.IGNORECASE)):
        clause.kind = minimised[0]
        return clause
    if clause.kind == "feeling":
        clause.tidy = _own_feeling(clause.tidy)
    if clause.kind == "refusal":
        for pattern, plain in P.FIRM_REFUSAL:
            clause.tidy = pattern.sub(plain, clause.tidy)
    if clause.kind == "validation" and re.match(r"^(?:get|got|understand|hear)\b", clause.tidy, re.IGNORECASE):
        clause.tidy = "I " + clause.tidy[:1].lower() + clause.tidy[1:]  # "totally get that" -> "I get that"
    clause.fragment = clause.kind not in ("request", "refusal", "validation") and not has_verb(clause.tidy) or bool(
        re.match(r"^(?:to|of|for|if|whether|unless|about|from|with|in case)\b", clause.tidy, re.IGNORECASE))
    return clause


_SUBJECT_START = re.compile(r"^(?:i|you|we|it|this|that|the|my|your|they|he|she|there|our|his|her)\b", re.IGNORECASE)


def _reshape(text: str) -> str:
    """Soft ask shapes made direct: "you could do X" -> "please do X", "tone X down" -> "stop X"."""
    text = re.sub(r"^you could (?=\w)", "please ", text, flags=re.IGNORECASE)
    text = re.sub(r"^tone (.+?) down\b", r"stop \1", text, flags=re.IGNORECASE)
    text = re.sub(r"^(?:it'?s )?(?:so |really )?(annoying|frustrating|upsetting|hurtful|stressful|embarrassing)"
                  r"(?= when\b)", lambda m: "it's " + m.group(1), text, flags=re.IGNORECASE)
    return text


def _said(text: str, low: str, match: re.Match[str] | None) -> str:
    """The user's own words for a match (the whole clause when it is short)."""
    whole = text.strip(" ,.?!")
    if match is None or len(whole.split()) <= 6:
        return whole
    start = text.lower().find(match.group(0).strip())
    return text[start:start + len(match.group(0).strip())] if start >= 0 else match.group(0).strip()


def _accepts(low: str) -> bool:
    """In a refusal: does the clause say yes ("I'll come in", "I could do half", "sure")?"""
    if P.REFUSAL.search(low):
        return False
    if re.search(r"\bi(?:'ll| will) (?:never forget|always (?:remember|be grateful))\b", low):
        return False  # gratitude, not a yes
    low = re.sub(r"\bso (?:that )?i can\b", "so that", low)  # "so I can follow up Monday" is a purpose, not a yes
    return bool(re.search(r"\b(?:could|can|would|might) work\b|\bi(?:'ll| will)\b|\bi could\b|\bi can\b(?!'t)|^(?:yes|sure|okay|ok|fine)\b|\bi'?d love to\b|"
                          r"\bi'?d be honou?red\b|\bi suppose\b", low))


def _strip_hedges(text: str, problems: list[tuple[str, str]]) -> str:
    text = _remove(P.HEDGE, text, "hedge", problems)
    words = text.split()
    # Fillers only at clause edges: "like" inside "roles like mine" is not a filler.
    while words and words[0].strip(",.?!").lower() in {"um", "uh", "er", "erm", "like", "so", "yeah", "oh", "well",
                                                         "okay", "ok", "right", "hmm", "ugh", "ha", "haha"}:
        problems.append(("filler", words.pop(0).strip(",")))
    return " ".join(w for w in words if w.strip(",").lower() not in {"um", "umm", "uh", "uhh", "er", "erm"})


def _restore_case(original: str, tidied_lower: str) -> str:
    """The tidied text with the user's capitals back (names, "I", "Q3")."""
    found = _WORD.findall(original)
    middle = original in _MIDDLE
    caps = {w.lower(): w for i, w in enumerate(found)
            if ((i > 0 or middle) and w[:1].isupper() and w.lower() not in P.FILLER_WORDS) or any(ch.isupper() for ch in w[1:]) or
            (w[:1].isupper() and any(ch.isdigit() for ch in w))}
    out = _WORD.sub(lambda m: caps.get(m.group(0).lower(), m.group(0)), tidied_lower)
    out = re.sub(r"\bi\b", "I", out)
    out = re.sub(r"\bi'(m|ve|d|ll)\b", r"I'\1", out)
    return PROPER.sub(lambda m: m.group(0).capitalize(), out)


PROPER = re.compile(r"\b(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?|january|february|march|april|"
                    r"june|july|august|september|october|november|december|christmas|instagram)\b", re.IGNORECASE)


def _kind_of(low: str, end: str, goal_type: str, topic: frozenset[str]) -> str:
    first = low.split()[0] if low.split() else ""
    if P.REFUSAL.search(low):
        return "refusal"
    if re.search(r"\b(?:you|he|she|they) (?:asked|said|told (?:me|us)|wanted to know)\b", low) and (
            P.FACT_TOKEN.search(low) or P.FACT_MARK.search(low)):
        return "fact"  # "at the last three dinners you asked whether I should ...": what happened, not a hint
    if re.match(r"^i (?:don'?t|do not) always\b", low):
        return "absolute"  # arguing over their "always" keeps the fight on who is right
    if P.OFF_TOPIC.search(low):
        return "off_topic"  # "and while we're at it, please stop ...": a second topic, even when it is an ask
    if P.VALIDATION.search(low) and not (P.ABSOLUTE.search(low) or P.JUDGMENT.search(low)):
        return "validation"
    if P.BENEFIT.search(low):
        return "benefit"
    if P.OFFER.search(low) and not re.search(r"\binstead of a voucher\b|\bnot a voucher\b", low):
        return "offer"
    if goal_type != "refusal" and P.PROMISE.match(low):
        return "offer"  # "I'll handle it", "I'll always reply": the speaker's own part of the deal
    if low.strip(" .,") == "from now on":
        return "fact"
    if P.REQUEST.search(low) or first in P.IMPERATIVE_VERBS or re.match(r"^(?:please|don'?t|do not|no more)\b", low):
        if first in P.IMPERATIVE_VERBS and re.match(r"^\w+ (?:more|less)\b", low) and end == ".":
            pass
        if P.OPENER.search(low):
            return "fact"
        return "weak_request" if P.WEAK_ASK.search(low) or len(low.split()) < 2 else "request"
    if P.FEELING.search(low) or P.JUDGED_FEELING.match(low) or P.BLAME_FEELING.search(low):
        # "I love you" is short and says everything: a feeling, not a filler like "I feel".
        return "feeling" if len(low.split()) > 3 or P.FEELING_STATE.search(low) or re.match(
            r"^i (?:feel|felt) (?!like\b|that\b|it\b)[a-z]+$|^(?:and |but )?i (?:really )?(?:love|miss) you\b", low) else "filler"
    if P.JUDGMENT.search(low):
        return "absolute"
    if P.OPENER.search(low):
        return "fact"
    if P.WEAK_ASK.search(low) and re.search(r"\b(?:wondering|wondered|hoping|wanted|any chance|whether)\b", low):
        return "weak_request"
    if P.ABSOLUTE.search(low) and re.search(r"\byou\b|\byour\b", low):
        return "absolute"
    if P.OFF_TOPIC.search(low) or re.match(r"^not (?:when|if|because)\b", low) or (
            re.match(r"^(?:before|after|if|when|because|unless|until|while|although|though)\b", low)
            and not (P.FACT_TOKEN.search(low) or P.FACT_MARK.search(low))):
        return "off_topic"
    if end == "?" and P.QUESTION_START.match(low):
        return "question"
    if P.FACT_TOKEN.search(low) or P.FACT_MARK.search(low):
        return "fact"
    if topic and not on_topic(low, topic):
        return "off_topic"
    return "statement"


def _own_feeling(text: str) -> str:
    """Judged or blamed feelings in I-language: "it's annoying when..." -> "I feel annoyed when..."."""
    match = P.JUDGED_FEELING.match(text)
    if match:
        return "I feel " + P.FEELING_OF[match.group(1).lower()] + text[match.end():]
    return P.BLAME_FEELING.sub("I feel ", text).replace("I feel feel", "I feel")


_TOPIC_STOP = frozenset(
    "i've i'm i'd i'll you've you're you'd he's she's it's that's there's they're we've we're don't doesn't "  # noqa: SIM905
    "didn't can't won't isn't wasn't haven't hasn't want wants wanted need needs have has had been being "
    "would could should will shall might must does done make makes made take takes took keep keeps kept "
    "like likes said says tell told asked ask asking them they their this that these those with from into "
    "about over after before when then than what which while where there here some many much more most "
    "very really just also only even still again every always never since until because though without "
    "know think feel felt time times week weeks year years month months days thing things lot".split())


@lru_cache(maxsize=512)
def topic_words(*texts: str) -> frozenset[str]:
    """Content words (4+ letters, stems of 5) of the goal and situation: what is on topic."""
    words: set[str] = set()
    for text in texts:
        for whole in _content_words(text):
            # "one-bedroom" in the situation is the "one bedroom" of the line: the parts count as well.
            for word in {whole, *whole.split("-")}:
                if len(word) >= 4 and word not in _TOPIC_STOP:
                    words.add(word)
                    words.add(word[:5])
    return frozenset(words)


def analyse(line: str, *, name: str = "", goal_type: str = "request", topic: frozenset[str] = frozenset(),
            partner: str = "") -> Analysis:
    """The clauses of a line with their kinds (cached: the rewrite, its repairs and the gate read the same line;
    `partner`: the other person's last line, whose claim the line may answer with facts). Inside `hostile_line()`
    (the line was rated as not staying mindful) its clauses are also read for a tone no marker word gives away."""
    return _analyse(line, name=name, goal_type=goal_type, topic=topic, partner=partner, hostile=LINE_HOSTILE.get())


@lru_cache(maxsize=512)
def _analyse(line: str, *, name: str, goal_type: str, topic: frozenset[str], partner: str, hostile: bool) -> Analysis:
    clauses = [classify(text, index, end, name=name, goal_type=goal_type, topic=_stems(topic))
               for index, text, end in split(line)]
    mark_pleas(clauses)  # before the sweep below: a plea is no sarcasm that would make the rest of the line sarcastic
    if any(c.kind in ("sarcasm", "attack") or any(k == "sarcasm" for k, _ in c.problems) for c in clauses):
        for clause in clauses:
            if (clause.kind not in HARMFUL and P.WEAK_SARCASM.search(clause.text.lower())
                    and not any(k == "sarcasm" for k, _ in clause.problems)):
                clause.kind = "sarcasm"
                clause.problems.append(("sarcasm", clause.text.strip(" ,.?!")))
    _sarcastic_contrasts(clauses)
    mark_mock_proposals(clauses, HARMFUL)
    mark_guilt_tags(clauses)
    _contradictions(clauses)
    if partner:
        _rebuttals(clauses, partner)
    _given_in(clauses)
    mark_stances(clauses, partner, HARMFUL)
    mark_own_terms(clauses, HARMFUL)
    mark_links(clauses, partner, HARMFUL)
    mark_detail_flexibility(clauses)
    _answers(clauses)
    for marker, clause in zip(clauses, clauses[1:]):
        if (marker.kind == "off_topic" and P.OFF_TOPIC.search(marker.text.lower()) and len(marker.text.split()) <= 4
                and clause.sentence == marker.sentence and clause.kind not in HARMFUL):
            clause.kind = "off_topic"  # "and by the way, your showers are broken": the marker opens a side issue
    if goal_type == "refusal":
        _offers_after_no(clauses)
    if hostile:
        # Last: in a line rated hostile, what the rules left usable is read once more for a tone no marker word gives away.
        mark_hostile(clauses, HARMFUL)
    return Analysis(clauses=clauses, name=name)


analyse.cache_clear = _analyse.cache_clear  # type: ignore[attr-defined]


# "Oh so it's family when you need a loan but not when I need it back": the whole sentence mocks; none of its
# clauses is a fact to keep or to offer as the plain alternative.
_CONTRAST = re.compile(r"\bbut not when\b|^(?:oh,? |wow,? )?so (?:now )?(?:it'?s|that'?s|we'?re|you'?re|i'?m)\b.*\bwhen\b"
                       r"|\bmust be nice\b", re.IGNORECASE)


def _sarcastic_contrasts(clauses: list[Clause]) -> None:
    """Every clause of a sentence built as a sarcastic contrast is sarcasm."""
    for index in {c.sentence for c in clauses}:
        said = [c for c in clauses if c.sentence == index]
        whole = " ".join(c.text for c in said).replace("\u2019", "'")
        if _CONTRAST.search(whole):
            for clause in said:
                if clause.kind not in HARMFUL:
                    clause.kind = "sarcasm"
                    clause.problems.append(("sarcasm", clause.text.strip(" ,.?!")))


_CLAIM = re.compile(r"^(?:(?:i mean|well|but|and|so|or|though)\W+)*(?:it|that)(?:'s| is| was)?(?P<neg> not\b|n'?t\b)?",
                    re.IGNORECASE)


def _contradictions(clauses: list[Clause]) -> None:
    """"it's not the money, I mean it is kind of, but it's not": a claim taken back and said again is a hedge, not a
    point; none of it is kept (a rewrite would turn it into a definite claim the person did not make)."""
    for index in {c.sentence for c in clauses}:
        claims = [c for c in clauses if c.sentence == index and len(c.text.split()) <= 7 and c.kind not in HARMFUL
                  and _CLAIM.match(c.text.replace("\u2019", "'").strip())]
        said = [(c, _CLAIM.match(c.text.replace("\u2019", "'").strip())) for c in claims]
        # Taken back only by a bare "it is (kind of)" / "but it's not": "it's not uptight, it's my money" rebuts.
        bare = [c for c, m in said if m and not re.sub(r"\b(?:kind of|sort of|a bit|a little|really|i guess|though|too|"
                                                      r"either|just)\b", "", c.text[m.end():].lower()).strip(" ,.?!")]
        signs = {bool(m.group("neg")) for c, m in said if m}
        if len(signs) == 2 and bare:
            for clause in claims:
                clause.kind, clause.fragment = "filler", False
                clause.problems.append(("hedge", clause.text.strip(" ,.?!")))


_ECHO = re.compile(r"^\W*([a-z][a-z' -]{2,30}?)\W*$", re.IGNORECASE)
_VERDICT = re.compile(r"\b(?:everyone|everybody|anyone|anybody) (?:knows|can see)\b|\bobviously\b|\bof course\b",
                      re.IGNORECASE)


_DENIED = re.compile(r"^(?:it'?s|that'?s|this is|it was|i'?m|i am|i was) not (?:being )?(?:so |just |really )?([a-z]{4,})\b")


def _rebuttals(clauses: list[Clause], partner: str) -> None:
    """"weather? it was sunny all day; you didn't have a crew": after echoing the other person's claim as a question,
    what the person says happened answers it; those clauses are facts (verdicts and attacks are not)."""
    first = clauses[0] if clauses else None
    said = normalise(partner).lower()
    if first is None:
        return
    for index, clause in enumerate(clauses):
        # "it's not weird to me, it's my rent money": their word denied, then what it is instead.
        denied = _DENIED.match(clause.tidy.lower().replace("\u2019", "'"))
        if denied and re.search(rf"\b{re.escape(denied.group(1))}\b", said) and clause.kind not in HARMFUL:
            for part in [clause] + [c for c in clauses[index + 1:index + 2] if c.sentence == clause.sentence]:
                if part.kind in ("statement", "off_topic") and not (_VERDICT.search(part.text) or P.JUDGMENT.search(part.tidy.lower())):
                    part.kind, part.fragment = "fact", False
    if first.end != "?" or first.sentence != 0:
        return
    echo = _ECHO.match(first.text)
    if not echo or len(echo.group(1).split()) > 3 or not re.search(rf"\b{re.escape(echo.group(1).lower())}\b", said):
        return
    first.kind, first.tidy = "filler", ""
    for clause in clauses[1:]:
        if clause.kind in HARMFUL:
            continue
        low = clause.tidy.lower()
        if (clause.kind in ("statement", "off_topic", "fact") and (has_verb(low) or len(low.split()) >= 3)
                and not (_VERDICT.search(clause.text) or P.JUDGMENT.search(low) or P.ABSOLUTE.search(low))):
            clause.kind, clause.fragment = "fact", False


_GIVE_IN_WORD = re.compile(r"^(?:(?:ok|okay|alright|all right)\W+)*(?:fine|whatever)(?: then)?\W*$")
_GIVE_IN_MOVE = re.compile(r"^(?:(?:then|just|so)\s+)?(?:i'?ll|i will|we'?ll|we will|you can|take it|have it|go ahead|"
                           r"do what(?:ever)? you|keep (?:it|them|your \w+))\b")


def _given_in(clauses: list[Clause]) -> None:
    """"fine, I'll tell Jordan we're coming": a grudging "fine" before a promise gives the ask away."""
    for before, clause in zip(clauses, clauses[1:]):
        if (clause.kind == "caving" and clause.text.lower().strip(" .,!?") == "whatever" and before.fragment
                and before.sentence == clause.sentence):
            # "joke about my parking, my music, whatever": the end of a list means "anything else", not giving in.
            clause.kind, clause.problems = "filler", []
            continue
        low = clause.text.lower().replace("\u2019", "'").strip(" ,.")
        if (before.sentence == clause.sentence and _GIVE_IN_WORD.match(before.text.lower().strip(" ,."))
                and clause.kind not in HARMFUL | {"refusal"} and _GIVE_IN_MOVE.match(low)):
            clause.kind = "caving"
            clause.problems.append(("caving", f"{before.text.strip(' ,.')}, {clause.text.strip(' ,.?!')}"))
        elif (before.kind == "caving" and clause.kind not in HARMFUL | {"refusal", "request"}
              and re.match(r"^(?:(?:and|so|then) )?(?:i could|i can|i'?ll|maybe i)\b", low)):
            # "if that's what it takes... I could send part of it": what follows giving in is the concession.
            clause.kind = "caving"
            clause.problems.append(("caving", clause.text.strip(" ,.?!")))


def _answers(clauses: list[Clause]) -> None:
    """The rest of an answer's sentence belongs to it ("Then call me and I'll handle it")."""
    answering = False
    first = clauses[0] if clauses else None
    if first is not None and first.kind == "caving" and re.match(r"^then,? (?:that'?s|it'?s) fine\W*$", first.text.lower()):
        # "Then that's fine" answers their "what if ...?"; it gives nothing away.
        first.kind, first.tidy, first.problems = "answer", "then that's fine", []
    for clause in clauses:
        if clause.kind == "answer":
            answering = True
        elif answering and clause.sentence == 0 and (clause.kind in ("offer", "off_topic", "statement", "fact") or (
                clause.kind == "caving" and re.match(r"^(?:that'?s|it'?s) fine\W*$", clause.text.lower()))):
            clause.problems = [p for p in clause.problems if p[0] != "caving"]
            clause.tidy = clause.tidy or clause.text.strip(" ,.")
            clause.kind, clause.fragment = "answer", False
        else:
            answering = False


_CONCRETE_OFFER = re.compile(r"^(?:but |and )?(?:i'?ll|i will|i could|i can|i want to help|i(?:'d| would) (?:like|love) to help|"
                             r"i'?m happy to)\s*(?!just\b|try\b|see\b|think\b|maybe\b)\w+")


def _offers_after_no(clauses: list[Clause]) -> None:
    """After a firm no, "but I could sit in on the kickoff" is an alternative the person offers, not a yes."""
    refused = False
    for clause in clauses:
        low = clause.text.lower().replace("\u2019", "'").strip(" ,.")
        # A firm ask of their own ("put the cancellation through today") is the no said as an action.
        if clause.kind in ("refusal", "request") or P.REFUSAL.search(low) or re.match(r"^no\b", low):
            refused = True
            continue
        # A bounded alternative ("I'll do one weekend a month") is an offer even before the no is said.
        bounded = bool(re.search(r"\b(?:one|two|once|twice|\d+) (?:\w+ )?(?:a|per|each|every) (?:month|week|year)\b", low))
        if ((refused or bounded) and clause.kind == "caving" and not P.CAVING.search(low) and _CONCRETE_OFFER.match(low)
                and len(low.split()) >= 5):
            clause.kind = "offer"
            clause.problems = [p for p in clause.problems if p[0] != "caving"]
            clause.tidy = tidy(low)


def _stems(topic: frozenset[str]) -> frozenset[str]:
    return topic


def on_topic(text: str, topic: frozenset[str]) -> int:
    """How many content words of `text` (or their 5-letter stems) are topic words."""
    return sum(1 for w in set(_content_words(text)) if w not in _TOPIC_STOP and len(w) >= 4
               and (w in topic or w[:5] in topic))


def has_verb(text: str) -> bool:
    """Rough: does the clause have a subject or a verb (a sentence, not a fragment)?"""
    return len(text.split()) >= 8 or bool(_VERBISH.search(text))
