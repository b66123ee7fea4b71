"""One suggestion per line: the single change that would most improve it, with a concrete sentence to say instead.

The user's words are quoted only when they are the problem (an insult, caving, sarcasm, an apology, a hedge,
an absolute). The alternative sentence comes from the rewrite (their own facts) or their ask. Texts live in
prompts/evaluator/suggestions.yaml.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import yaml

from voice_coach.feedback import phrases as P
from voice_coach.feedback.clauses import Analysis, sentences
from voice_coach.feedback.rewrite import BENEFITS, OFFER_LINE
from voice_coach.feedback.stances import owns_feeling
from voice_coach.prompts import read
from voice_coach.skills import Skill

# Which problem each skill fixes first: the suggestion names the problem closest to the focus skill.
_PROBLEMS_FOR: dict[Skill, tuple[str, ...]] = {
    Skill.MINDFUL: ("threat", "caving", "attack", "sarcasm", "off_topic"),
    Skill.CONFIDENT: ("apology", "self_minimising", "hedge", "attack", "threat"),
    Skill.ASSERT: ("caving", "weak_request", "apology", "self_minimising", "hedge"),
    Skill.DESCRIBE: ("absolute", "attack", "sarcasm"),
    Skill.EXPRESS: ("attack", "sarcasm"),
    Skill.REINFORCE: ("threat",),
    Skill.NEGOTIATE: ("caving",),
}
_PRIORITY = ("threat", "attack", "caving", "sarcasm", "off_topic", "apology", "self_minimising", "absolute", "weak_request",
             "hedge")


@cache
def texts() -> dict[str, Any]:
    """The suggestion wordings (prompts/evaluator/suggestions.yaml)."""
    return yaml.safe_load(read("evaluator/suggestions.yaml"))


def _phrases(analysis: Analysis, kind: str) -> list[str]:
    if kind == "weak_request":
        return [c.text.strip(" ,.?!") for c in analysis.of("weak_request") if len(c.text.split()) <= 10]
    if kind == "hedge":
        return [p for c in analysis.clauses for k, p in c.problems if k == "hedge" and len(p) > 2]
    if kind == "off_topic":
        # Only a second topic the person marked themselves ("while we're at it") is quoted as the drift.
        return [c.text.strip(" ,.?!") for c in analysis.of("off_topic")
                if P.OFF_TOPIC.search(c.text.lower()) and len(c.text.split()) <= 16]
    return [p for p in analysis.problems(kind) if 2 <= len(p) and len(p.split()) <= 10]


# Problems that change how the line lands (they make the other person defend or dismiss it): named before any hedge.
_SERIOUS = frozenset({"threat", "attack", "caving", "sarcasm"})


def _jab_phrases(analysis: Analysis) -> set[str]:
    """Phrases the tone model read as digs (no marker word): named as a dig, and after what the rules found."""
    return {p for c in analysis.clauses for k, p in c.problems if k == "jab"}


def problem_for(focus: Skill, analysis: Analysis) -> tuple[str, list[str]] | None:
    """The problem kind to name and the user's phrases that show it: a serious one first (the focus skill's own
    before the worst), then the focus skill's own, then the worst."""
    # A hedge is named last: "you're literally always late" is the charge they will argue with, not the "literally".
    order = [k for k in _PROBLEMS_FOR.get(focus, ()) + _PRIORITY if k != "hedge"] + ["hedge"]
    jabs = _jab_phrases(analysis)
    deferred: tuple[str, list[str]] | None = None
    for kind in [k for k in _PRIORITY if k in _SERIOUS] + order:
        found = _phrases(analysis, kind)
        if found and kind == "attack" and set(found) <= jabs:
            # A dig read from tone alone is named after giving in or sarcasm the rules found by their words.
            deferred = deferred or (kind, found)
            continue
        if found and (deferred is None or kind in _SERIOUS):
            return kind, found
    return deferred


def _quote(phrases: list[str], utterance: str = "", limit: int = 2) -> str:
    unique: list[str] = []
    for phrase in sorted(phrases, key=len, reverse=True):
        if not any(phrase.lower() in u.lower() for u in unique):
            unique.append(_as_said(phrase, utterance))
    unique.sort(key=lambda p: utterance.lower().find(p.lower()))
    return " and ".join(f'"{p}"' for p in unique[:limit])


def _as_said(phrase: str, utterance: str) -> str:
    """The phrase with the user's own capitals ("i think" -> "I think")."""
    start = utterance.replace("\u2019", "'").lower().find(phrase.lower())
    return utterance[start:start + len(phrase)] if start >= 0 else phrase


def _first_fact(rewrite: str, ask: str) -> str:
    """A sentence of the rewrite that is not the ask (the user's own facts), else ''."""
    for sentence in sentences(rewrite):
        core = re.sub(r"^[A-Z][\w.]*(?: [A-Z][\w.]*)?, ", "", sentence).strip()
        stock = core in BENEFITS.values() or core == OFFER_LINE  # added by the coach, not the person's own
        if (core and not stock and core.lower() != ask.lower()
                and not core.lower().startswith(("that way", "what would", "i feel"))):
            return core[:1].upper() + core[1:]
    return ""


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9$']+", text.lower().replace("\u2019", "'")) if len(w) > 2}


def _sentence_for(analysis: Analysis, kind: str, rewrite: str) -> str:
    """The rewrite's sentence that says the clause holding the problem, without it ("a bit hurt" -> "hurt")."""
    clauses = [c for c in analysis.clauses if any(k == kind for k, _ in c.problems) and c.tidy]
    best, best_share = "", 0.0
    for sentence in sentences(rewrite):
        said = _words(sentence)
        for clause in clauses:
            own = _words(clause.tidy)
            share = len(own & said) / len(own) if own else 0.0
            if share > best_share:
                best, best_share = sentence, share
    return best if best_share >= 0.6 else ""


def _carries(sentence: str) -> bool:
    """Does the sentence say a fact (a number, a date, an amount) or an ask, not only a concession or a hedge?"""
    low = sentence.lower().replace("\u2019", "'")
    if P.VALIDATION.search(low) or P.SARCASM.search(low) or P.SELF_MIN.search(low) or P.CAVING.search(low):
        return False
    return bool(P.FACT_TOKEN.search(sentence) or P.FACT_MARK.search(low) or P.REQUEST.search(low)
                or P.REFUSAL.search(low) or (low.split() or [""])[0] in P.IMPERATIVE_VERBS)


def suggest(focus: Skill, label_positive: bool, analysis: Analysis, *, rewrite: str, ask: str, feeling: str,
            benefit: str, offer: str, fact: str, name: str, utterance: str = "", own_ask: bool = False) -> str:
    """The one suggestion for this line (`own_ask`: the line already asks or says no clearly in its own words;
    `feeling`: an "I feel" sentence that fits the goal)."""
    words = texts()
    real_ask = ask
    ask = ask or _first_fact(rewrite, "") or rewrite
    found = problem_for(focus, analysis)
    if found is not None:
        kind, phrases = found
        own = _first_fact(rewrite, ask)
        if own and fact and own.lower()[:30] == fact.lower()[:30] and real_ask and kind != "absolute":
            own = ""  # background the coach added from the situation is not what to say instead of an attack
        alternative = ask if kind in ("threat", "caving", "weak_request", "hedge", "apology", "self_minimising") else (
            own or ask)
        jabs = _jab_phrases(analysis)
        # Hostility the tone model read, with no word to point at: named as a dig, not called an insult.
        wording = str(words["problems"]["jab" if kind == "attack" and set(phrases) <= jabs else kind])
        if kind == "hedge":
            # A softener outside the ask is fixed in its own sentence; "ask in one sentence" is for a hedged ask.
            own = _sentence_for(analysis, kind, rewrite)
            in_ask = bool(real_ask) and any(
                any(k == "hedge" for k, _ in c.problems) for c in analysis.of("request", "refusal", "weak_request"))
            if own and not (in_ask and own.lower().rstrip(".?!") == real_ask.lower().rstrip(".?!")):
                wording, alternative = str(words["problems"]["hedge_plain"]), own
            elif not real_ask:
                wording = str(words["problems"]["hedge_plain"])
        # A feeling freed of its hedges ("It bothers me.") is the very sentence to say plainly, once the line asks in
        # its own words (without an ask of its own, the ask is the change that matters more).
        plain_feeling = own_ask and kind == "hedge" and (bool(P.FEELING.search(alternative.lower()))
                                                         or owns_feeling(alternative))
        if real_ask and alternative != real_ask and not _carries(alternative) and not plain_feeling:
            # A concession or a clause that was itself the problem is no sentence to say instead.
            alternative = real_ask
        # The apology as said, without the "and" that joined it to the clause before.
        sorry = [re.sub(r"^(?:and|but|so)\s+", "", p, flags=re.IGNORECASE)
                 for p in (_phrases(analysis, "apology") if kind == "caving" else [])]
        if sorry:
            # "i'm sorry, i guess you can come whenever": the apology gives ground as much as the giving in does.
            return str(words["problems"]["caving_apology"]).format(
                apology=_quote(sorry, utterance, limit=1), quote=_quote(phrases, utterance), alternative=alternative)
        return wording.format(quote=_quote(phrases, utterance), alternative=alternative)
    if label_positive:
        return str(words["keep"]).format(name=name or "them")
    if own_ask and focus is Skill.ASSERT:
        # The ask is already theirs; what the rewrite added (a fact of the situation) is the change to name.
        if fact and fact.lower()[:30] in rewrite.lower():
            return str(words["add"]["describe"]).format(alternative=fact)
        return str(words["keep"]).format(name=name or "them")
    if real_ask and not own_ask and not analysis.of("request", "refusal", "weak_request", "offer", "answer"):
        # The line asks for nothing yet: the ask is the change that matters most, whatever skill is weakest.
        return str(words["add"]["assert"]).format(alternative=real_ask)
    add = words["add"]
    if focus is Skill.DESCRIBE and fact:
        return str(add["describe"]).format(alternative=fact)
    if focus is Skill.EXPRESS and feeling:
        return str(add["express"]).format(alternative=feeling)
    if focus is Skill.REINFORCE and benefit:
        return str(add["reinforce"]).format(alternative=benefit)
    if focus is Skill.NEGOTIATE and offer:
        return str(add["negotiate"]).format(alternative=offer)
    if ask and not own_ask:
        return str(add["assert"]).format(alternative=ask)
    return str(words["keep"]).format(name=name or "them")


def offers_unshown_stock(suggestion: str, rewrite: str) -> bool:
    """Does the suggestion tell them to add a stock sentence (an open question, a benefit) the rewrite does not say?

    Such a suggestion contradicts the rewrite shown beside it, which leaves stock sentences off a line that keeps the
    person's own words."""
    said = re.findall(r'"([^"]+)"', suggestion)
    stock = {OFFER_LINE, *BENEFITS.values()}
    return bool(said) and said[-1] in stock and said[-1].lower() not in rewrite.lower()
