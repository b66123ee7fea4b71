"""The quality gate every rewrite and suggestion passes before a person sees it (offline and LLM alike).

A rewrite fails when: an insult, threat, sarcasm marker, apology, self-minimising or caving phrase of the
original survives (or any insult, point-scoring jab, threat or apology at all); a fact of the original that serves the goal
(a number, date or amount also in the goal, situation or the user's own ask, or the other person's name) is
lost; a sentence repeats; it is longer than the bound; it has no request or refusal; it adds an offer to a
refusal or a boundary; or the evaluator rates it lower than the original on any skill, or not higher on the
focus skill. A suggestion fails when it quotes words the user did not say, holds an empty slot, or a
harmful phrase. Verdicts are counted process-wide (`counts()`), and `eval` prints them.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from voice_coach.feedback import phrases as P
from voice_coach.feedback import tone
from voice_coach.feedback.promised_jabs import PROMISED_JAB
from voice_coach.feedback.guilt import GUILT_TRIP
from voice_coach.feedback.mock_proposals import MOCK_PROPOSAL
from voice_coach.feedback.own_terms import outcome_ask
from voice_coach.feedback.links import small_ask
from voice_coach.feedback.clauses import (
    HARMFUL,
    Analysis,
    analyse,
    on_topic,
    topic_words,
)
from voice_coach.skills import ALL_SKILLS, Skill

Rater = Callable[[Sequence[str]], list[dict[str, str]]]  # rates several wordings at once (one batch)
_ORDER = {"none": 0, "weak": 1, "strong": 2, "no": 0, "yes": 1}
_COUNTS: Counter[str] = Counter()
_LOCK = threading.Lock()
_NEVER = (P.INSULT, P.JAB, P.THREAT, P.APOLOGY, P.SELF_MIN, P.CAVING, tone.CONDESCENSION, tone.SCOREKEEPING,
          tone.RETALIATION, tone.CONSEQUENCE, PROMISED_JAB, GUILT_TRIP, MOCK_PROPOSAL)


@dataclass
class Verdict:
    """The gate's answer for one piece of coaching."""

    passed: bool
    failures: list[str] = field(default_factory=list)
    repairs: int = 0
    replaced: bool = False

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {"passed": self.passed, "failures": self.failures, "repairs": self.repairs, "replaced": self.replaced}


def record(kind: str, verdict: Verdict) -> None:
    """Count one verdict (kind: 'rewrite' or 'suggestion')."""
    with _LOCK:
        _COUNTS[f"{kind}_checked"] += 1
        _COUNTS[f"{kind}_passed_first"] += verdict.passed and verdict.repairs == 0
        _COUNTS[f"{kind}_repaired"] += verdict.passed and verdict.repairs > 0
        _COUNTS[f"{kind}_failed"] += not verdict.passed
        for failure in verdict.failures:
            _COUNTS[f"{kind}_fail_{failure.split(':')[0]}"] += 1


def note(event: str) -> None:
    """Count another gate-related event (e.g. an LLM label disagreement)."""
    with _LOCK:
        _COUNTS[event] += 1


def counts() -> dict[str, int]:
    """All verdict counts since the process started (or the last reset)."""
    with _LOCK:
        return dict(_COUNTS)


def reset() -> None:
    """Forget the counts."""
    with _LOCK:
        _COUNTS.clear()


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u2019", "'").lower()).strip()


def harmful_phrases(analysis: Analysis) -> list[str]:
    """The original's phrases that must not reach a rewrite: attacks, threats, sarcasm, caving, apologies, self-minimising."""
    return [p for p in analysis.problems(*HARMFUL) if len(p.strip()) >= 3]


def goal_facts(analysis: Analysis, *, goal: str, situation: str, name: str, utterance: str) -> list[str]:
    """Facts of the line that serve the goal: numbers, dates and amounts also in the goal, situation or the user's ask;
    and the other person's name when the user said it."""
    anchor = _norm(f"{goal} {situation}")
    topic = topic_words(goal, situation)
    short = len(utterance.split()) <= 45
    facts: list[str] = []
    for clause in analysis.clauses:
        if clause.kind in HARMFUL | {"off_topic", "filler", "guess"}:
            continue
        on_goal = clause.kind in ("request", "refusal") or (short and clause.kind == "fact" and on_topic(clause.tidy, topic))
        for fact in clause.facts:
            low = _norm(fact)
            if low and (low in anchor or on_goal) and low not in (f.lower() for f in facts):
                facts.append(fact)
    if name:
        said = re.search(rf"\b{re.escape(name.split()[-1])}\b", utterance)
        if said:
            facts.append(said.group(0))
    return facts


# "You get upset whenever I go out": a pattern charged to the other person, which they will argue with.
_GENERALISED = re.compile(r"\byou(?:'re| are)? (?:\w+ ){0,3}?(?:always|never|constantly)\b|"
                          r"\byou (?:\w+ ){1,5}?(?:whenever|every time)\b")


def check_rewrite(original: str, rewrite: str, *, analysis: Analysis | None = None, goal: str = "", situation: str = "",
                  name: str = "", goal_type: str = "request", limit: int = 60, focus: Skill | None = None,
                  before: dict[str, str] | None = None, after: dict[str, str] | None = None) -> list[str]:
    """The reasons a rewrite fails the gate (empty when it passes)."""
    analysis = analysis or analyse(original, name=name, goal_type=goal_type)
    failures: list[str] = []
    text = _norm(rewrite)
    if not text:
        return ["empty"]
    for phrase in harmful_phrases(analysis):
        if _norm(phrase) in text:
            failures.append(f"kept_harmful: {phrase}")
    failures += [f"harmful: {hit}" for hit in _harmful_hits(text)]
    mock = tone.mocking(rewrite)
    if mock:
        failures.append(f"harmful: {mock}")  # "lol", "like I can ...": sarcasm is never a model to copy
    for match in _GENERALISED.finditer(text):
        if match.group(0) not in _norm(original):
            failures.append(f"harmful: {match.group(0)}")  # a charge about them the person never made
    for fact in goal_facts(analysis, goal=goal, situation=situation, name=name, utterance=original):
        if _norm(fact) not in text:
            failures.append(f"lost_fact: {fact}")
    sentences = [re.sub(r"\W+", " ", s).strip() for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]
    if len(sentences) != len(set(sentences)):
        failures.append("repeated_sentence")
    if len(rewrite.split()) > limit:
        failures.append(f"too_long: {len(rewrite.split())} > {limit}")
    # "Late messages can wait till morning." asks too: the outcome said as a rule about the thing itself (read only
    # when no sentence asks outright).
    if not has_ask(rewrite) and not any(outcome_ask(s, topic_words(goal, situation))
                                        for s in re.split(r"(?<=[.!?])\s+", rewrite)):
        failures.append("no_ask")
    if goal_type in ("refusal", "boundary"):
        added = [m.group(0) for m in P.OFFER.finditer(text) if m.group(0) not in _norm(original)]
        if added:
            failures.append(f"offer_on_{goal_type}: {added[0]}")
    if before is not None and after is not None:
        lower = [s.value for s in ALL_SKILLS if _ORDER[after[s.value]] < _ORDER[before[s.value]]]
        if lower:
            failures.append("rated_lower: " + ",".join(lower))
        if focus is not None and _ORDER[after[focus.value]] <= _ORDER[before[focus.value]] and focus.value not in lower:
            failures.append(f"focus_not_better: {focus.value}")
    return failures


@lru_cache(maxsize=4096)
def _harmful_hits(text: str) -> tuple[str, ...]:
    """What each never-allowed pattern finds first in a normalised text. Cached: a candidate passes the cheap checks
    and then the rated ones, and the large phrase alternations are most of the gate's time."""
    return tuple(match.group(0) for pattern in _NEVER if (match := pattern.search(text)))


@lru_cache(maxsize=4096)
def has_ask(text: str) -> bool:
    """Does some sentence ask for something or say no (a request, an imperative or a refusal)?"""
    for sentence in re.split(r"(?<=[.!?])\s+", _norm(text)):
        sentence = re.sub(r"^[\w.' ]{1,20}, (?=\w)", "", sentence) if "," in sentence[:22] else sentence
        first = sentence.split()[0] if sentence.split() else ""
        # "Please mention it to her.": said directly, "it" is what was just spoken of, not a hint.
        weak = P.WEAK_ASK.search(re.sub(r"\b(?:talk|chat) about it\b|\bmention it\b", "", sentence)
                                 if re.match(r"^(?:please|let'?s)\b", sentence) else sentence)
        if P.REFUSAL.search(sentence) or (P.REQUEST.search(sentence) and not weak) \
                or first in P.IMPERATIVE_VERBS or small_ask(sentence):
            return True
    return False


_SLOT = re.compile(r"\{\w*\}|\bon (?:and|or|the|a|to|of) (?:and|or)\b|\"\s*\"|''")
_FUNCTION_WORDS = frozenset("a an the and or but so to of on in at for with by from as is are was be it this that "  # noqa: SIM905
                            "couldn't can't won't don't i you".split())


def check_suggestion(suggestion: str, utterance: str, analysis: Analysis | None = None) -> list[str]:
    """The reasons a suggestion fails: an unfilled or function-word slot, a misquote, a harmful phrase of its own."""
    failures: list[str] = []
    if not suggestion.strip():
        return ["empty"]
    if _SLOT.search(suggestion):
        failures.append("empty_slot")
    said = _norm(utterance)
    quotes = re.findall(r'"([^"]+)"', suggestion)
    # The first quote is the user's words when the suggestion says "drop/leave out/instead of/without ..."
    for quote in quotes:
        words = _norm(quote).strip(" .,?!")
        whole_phrase = len(words.split()) >= 2 and words in said
        if words and not whole_phrase and all(w in _FUNCTION_WORDS for w in words.split()):
            failures.append(f"function_word_quote: {quote}")
    for match in re.finditer(r'(?:Leave out|Drop|instead of|without|Swap|Cut|take it back with|after) "([^"]+)"', suggestion):
        if _norm(match.group(1)).strip(" .,?!") not in said:
            failures.append(f"misquote: {match.group(1)}")
    # A sentence to say is any quote of words the user did not say, and the one after a colon or "e.g.", which
    # may be the user's own words kept ("Stay with: ..."): none of them may hurt.
    recommended = re.findall(r'(?::|\be\.g\.)\s*"([^"]+)"', suggestion)
    alternatives = [q for q in quotes if _norm(q).strip(" .,?!") not in said or q in recommended]
    for alternative in alternatives:
        for pattern in (*_NEVER, tone.MARKER, tone.CONDESCENSION):
            if pattern.search(_norm(alternative)):
                failures.append(f"harmful_alternative: {alternative}")
                break
    return failures
