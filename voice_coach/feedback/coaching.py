"""Offline coaching: per-skill reasons, the focus skill, one suggestion, a rewrite of the user's line, next skill.

Everything here works from the user's own words (the cue phrases that fired), their goal and situation,
and the exemplar bank (nearest contrasting pairs and strong lines), so feedback is specific, not generic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import yaml

from voice_coach.feedback import cues
from voice_coach.feedback.bank import Bank
from voice_coach.ports import TurnContext
from voice_coach.prompts import read
from voice_coach.skills import ALL_SKILLS, LEVEL_SKILLS, Skill, is_positive

# Which cue phrases justify each (skill, label): the evidence quoted back to the user. For "weak"
# only the problem words count: quoting a good phrase as the problem ("swap 'three days'") misleads.
_EVIDENCE: dict[tuple[str, str], tuple[str, ...]] = {
    ("describe", "strong"): ("fact",), ("describe", "weak"): ("absolute", "label"),
    ("express", "strong"): ("feeling",), ("express", "weak"): ("blame_feeling", "hedge"),
    ("assert", "strong"): ("request", "refusal"), ("assert", "weak"): ("hedge", "apology"),
    ("reinforce", "strong"): ("benefit",), ("reinforce", "weak"): ("hedge",),
    ("negotiate", "strong"): ("offer",), ("negotiate", "weak"): ("hedge",),
    ("mindful", "no"): ("counter_attack", "label", "off_goal", "self_putdown"),
    ("confident", "no"): ("apology", "self_putdown", "label", "hedge", "counter_attack"),
}
# Priority among attempted-but-weak skills: the ask first, then the facts that support it.
_WEAK_ORDER: tuple[Skill, ...] = (Skill.ASSERT, Skill.DESCRIBE, Skill.EXPRESS, Skill.REINFORCE, Skill.NEGOTIATE)
_STOPWORDS = frozenset(
    ["a", "an", "the", "and", "or", "but", "so", "if", "then", "than", "that", "this", "these", "those", "to", "of", "in", "on", "at", "for", "with", "from", "by", "about", "as", "is", "are", "was", "were", "be", "been", "being", "am", "i", "me", "my", "mine", "you", "your", "yours", "he", "him", "his", "she", "her", "it", "its", "we", "us", "our", "they", "them", "their", "what", "which", "who", "whom", "when", "where", "why", "how", "can", "could", "would", "should", "will", "shall", "may", "might", "must", "do", "does", "did", "done", "have", "has", "had", "not", "no", "yes", "just", "really", "very", "um", "uh", "like", "yeah", "okay", "ok", "well", "know", "mean", "think", "want", "need", "get", "got", "go", "going", "gonna", "wanna", "kind", "sort", "thing", "things", "stuff", "some", "any", "all", "every", "more", "most", "much", "many", "lot", "lots", "there", "here", "again", "also", "too", "still", "even", "only", "said", "say", "says", "tell", "told", "ask", "asking", "let", "lets", "sure", "right", "way"])
_FILLERS = re.compile(r"\b(?:um+|uh+|er+|you know|i mean|like,|kind of|kinda|sort of|i guess|i dunno|"
                      r"maybe|possibly|perhaps|just|or something|or whatever|honestly)\b,?\s*", re.IGNORECASE)
_APOLOGY = re.compile(r"\b(?:i'?m |i am )?(?:so |really )?sorry(?: but| to bother you| if this)?\b,?\s*",
                      re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\s*,?\s+(?=but\s|and anyway\s)")


@cache
def coaching_text() -> dict[str, Any]:
    """The user-facing phrasing of reasons and suggestions (prompts/evaluator/coaching.yaml)."""
    return yaml.safe_load(read("evaluator/coaching.yaml"))


def _quote(phrases: list[str], limit: int = 2) -> str:
    return ", ".join(f'"{p}"' for p in phrases[:limit])


def skill_evidence(skill: Skill, label: str, found: dict[str, list[str]]) -> list[str]:
    """The user's phrases that support this label, most telling first."""
    phrases: list[str] = []
    for cue in _EVIDENCE.get((skill.value, label), ()):
        phrases += [p for p in found.get(cue, []) if p not in phrases]
    return phrases


def reasons(labels: dict[str, str], utterance: str) -> dict[Skill, str]:
    """A one-line reason per skill, quoting the words that point to the label when there are any."""
    found = cues.evidence(utterance)
    text = coaching_text()["reasons"]
    out: dict[Skill, str] = {}
    for skill in ALL_SKILLS:
        label = labels[skill.value]
        template: str = text[skill.value][label]
        quote = _quote(skill_evidence(skill, label, found))
        out[skill] = template.format(quote=quote) if quote else template.replace(" ({quote})", "")
    return out


def choose_focus(labels: dict[str, str], used: set[Skill], suggested: Skill) -> Skill:
    """The skill that matters most now: losing the goal, then a weak attempt, then manner, then a gap."""
    if labels[Skill.MINDFUL.value] == "no":
        return Skill.MINDFUL
    for skill in _WEAK_ORDER:
        if labels[skill.value] == "weak":
            return skill
    if labels[Skill.CONFIDENT.value] == "no":
        return Skill.CONFIDENT
    if not is_positive(suggested, labels[suggested.value]):
        return suggested
    missing = [s for s in LEVEL_SKILLS if s not in used and labels[s.value] == "none"]
    return missing[0] if missing else suggested


def suggest_next(bank: Bank, context_vec: np.ndarray, used: set[Skill], turn_index: int, k: int = 15) -> Skill:
    """IMBUE's next skill: Describe first; later, what strong lines in similar moments use and the user has not."""
    if turn_index <= 0 and Skill.DESCRIBE not in used:
        return Skill.DESCRIBE
    scores = {s: 0.0 for s in LEVEL_SKILLS}
    for example, similarity in bank.nearest(context_vec, k=k, by="context"):
        for skill in LEVEL_SKILLS:
            if example.label(skill) == "strong":
                scores[skill] += max(similarity, 0.0)
    ranked = sorted(LEVEL_SKILLS, key=lambda s: -scores[s])
    fresh = [s for s in ranked if s not in used]
    # When every skill has been used, the broken record (asking again) is the move that keeps the goal.
    return fresh[0] if fresh else Skill.ASSERT


# -- the user's ask, feeling and a benefit, in their situation ---------------------------------------------

def _base_verb(verb: str) -> str:
    """'leaves' -> 'leave', 'watches' -> 'watch', 'tries' -> 'try'; other words unchanged."""
    lower = verb.lower()
    if lower.endswith("ies") and len(lower) > 4:
        return verb[:-3] + "y"
    if re.search(r"(?:ch|sh|ss|x|z|o)es$", lower):
        return verb[:-2]
    if lower.endswith("s") and not lower.endswith(("ss", "us", "is")):
        return verb[:-1]
    return verb


def _second_person(text: str, name: str) -> str:
    """Turn a goal about the counterpart ("Mum ... her stays") into words said to them ("your stays")."""
    if name:
        text = re.sub(rf"\b{re.escape(name)}'s\b", "your", text)
        text = re.sub(rf"\b{re.escape(name)}\b", "she", text)  # then handled by the pronoun rules
    text = re.sub(r"\b(?:she|he)'s\b", "you're", text)
    text = re.sub(r"\b(?:she|he) (is|was|has|does)\b",
                  lambda m: "you " + {"is": "are", "was": "were", "has": "have", "does": "do"}[m.group(1)], text)
    text = re.sub(r"\b(?:she|he) ((?:always|never|often|usually|sometimes|just|still|really|also) )?(\w+)\b",
                  lambda m: f"you {m.group(1) or ''}{_base_verb(m.group(2))}", text)
    text = re.sub(r"\b(?:she|he)\b", "you", text)
    text = re.sub(r"\b(?:his|her)\b(?= (?!(?:to|and|or|by|at|on|in|for|that|if|the|a)\b)\w)", "your", text)
    return re.sub(r"\b(?:him|her)\b", "you", text)


def request_from_goal(goal: str, name: str = "") -> str:
    """The goal ("I want Sam to agree ...") as a direct ask ("I'm asking you to agree ...")."""
    goal = goal.strip().rstrip(".")
    patterns = (
        (r"^i want to ask (?:.+?) (if|whether) (.+)$", lambda m: f"I'm asking {m[1]} {m[2]}"),
        (r"^i want to ask (?:.+?) to (.+)$", lambda m: f"I'm asking you to {m[1]}"),
        (r"^i want to ask (?:.+?) for (.+)$", lambda m: f"I'm asking for {m[1]}"),
        (r"^i want to tell (?:.+?) (?:that )?(i .+|we .+|this .+)$", lambda m: m[1][0].upper() + m[1][1:]),
        (r"^i want (?:.+?) to (.+)$", lambda m: f"I'm asking you to {m[1]}"),
        (r"^i want (.+)$", lambda m: f"I'd like {m[1]}"),
    )
    for pattern, build in patterns:
        match = re.match(pattern, goal, flags=re.IGNORECASE)
        if match:
            ask = _second_person(build(match), name)
            ask = re.sub(r",? and have you accept it$", "", ask)
            ask = re.sub(r", (but|and) that ", r", \1 ", ask)
            return ask + "."
    return ""


def ask_for(context: TurnContext) -> str:
    """The user's request in their own situation: from the goal, else from an 'I want' sentence of the situation."""
    ask = request_from_goal(context.goal, context.counterpart_name)
    if ask:
        return ask
    for sentence in re.split(r"(?<=[.!?])\s+", context.situation):
        if re.match(r"^i (?:want|need|'d like)\b", sentence.strip(), re.IGNORECASE):
            ask = request_from_goal(re.sub(r"^i (?:need|'d like)", "I want", sentence.strip(), flags=re.IGNORECASE))
            if ask:
                return ask
    topic = topic_words(context.utterance or context.situation, 1)
    return f"I'm asking that we settle {('the ' + topic[0]) if topic else 'this'} today."


def topic_words(text: str, k: int = 2) -> list[str]:
    """Content words of a line (longest first): the topic a suggestion should name."""
    words = [w for w in re.findall(r"[a-z][a-z'-]+", text.lower()) if w not in _STOPWORDS and len(w) > 3]
    return sorted(dict.fromkeys(words), key=lambda w: -len(w))[:k]


def feeling_for(context: TurnContext) -> str:
    """A feeling word the user named in their situation, else a common one for the category."""
    match = cues.FEELING.search(context.situation.lower())
    if match:
        word = match.group(0).split()[-1]
        if word not in ("feel", "felt", "think", "believe", "about", "me"):
            return word
    feelings = coaching_text()["feelings"]
    return str(feelings.get(context.category, feelings[""]))


def benefit_for(context: TurnContext, bank: Bank, context_vec: np.ndarray) -> str:
    """A concrete benefit from a strong exemplar of the same situation, else one for the category."""
    for example, similarity in bank.nearest(context_vec, skill=Skill.REINFORCE, label="strong", k=3, by="context"):
        if similarity < 0.8:
            break
        for sentence in re.split(r"(?<=[.!?])\s+|,\s+(?=(?:so|and|then|which)\b)", example.utterance):
            if cues.BENEFIT.search(sentence.lower()):
                return sentence.strip().rstrip(".") + "."
    benefits = coaching_text()["benefits"]
    return str(benefits.get(context.category, benefits[""]))


# -- rewrite and suggestion -----------------------------------------------------------------------------

def _tidy(text: str) -> str:
    text = re.sub(r"\s+([,.?!])", r"\1", re.sub(r"\s{2,}", " ", text)).strip(" ,")
    text = re.sub(r"^(?:and|but|so)\s+", "", text, flags=re.IGNORECASE)
    return text[:1].upper() + text[1:] if text else text


def clean_line(utterance: str, *, drop: tuple[str, ...] = ()) -> str:
    """The line without fillers, hedges, apologies and self-putdowns, and without sentences firing `drop` cues."""
    parts = [p for p in _SENTENCE.split(utterance.strip()) if p.strip()]
    kept = []
    for part in parts:
        low = part.lower()
        if any(getattr(cues, name.upper()).search(low) for name in drop) or cues.SELF_PUTDOWN.search(low):
            continue
        kept.append(_APOLOGY.sub("", _FILLERS.sub("", part)))
    text = _tidy(" ".join(kept))
    return text if len(text.split()) >= 3 else ""


def _end(text: str) -> str:
    return text if not text or text[-1] in ".?!" else text + "."


@dataclass(frozen=True)
class Coaching:
    """The coaching half of one feedback: focus, suggestion, rewrite and next skill."""

    focus: Skill
    suggestion: str
    rewrite: str
    next_skill: Skill


def make_rewrite(focus: Skill, label: str, context: TurnContext, ask: str, feeling: str, benefit: str,
                 bank_rewrite: str | None = None) -> str:
    """The user's own line reworked so it would be strong (or yes) on the focus skill."""
    if bank_rewrite:
        return bank_rewrite
    line = context.utterance
    if focus is Skill.MINDFUL:
        base = clean_line(line, drop=("label", "counter_attack", "off_goal", "blame_feeling"))
        text = f"I hear you. {_end(base)} {ask}" if base else f"I hear you, and I'm still on this: {ask}"
    elif focus is Skill.CONFIDENT:
        base = clean_line(line, drop=("label", "counter_attack"))
        text = f"{_end(base)} {ask}" if base and not cues.REQUEST.search(base.lower()) else (base or ask)
    elif focus is Skill.ASSERT:
        text = f"{_end(clean_line(line, drop=('request', 'hedge', 'apology')))} {ask}"
    elif focus is Skill.DESCRIBE:
        base = clean_line(line, drop=("label",))
        base = re.sub(r"\balways\b", "often", re.sub(r"\bnever\b", "rarely", base))
        fact = _situation_fact(context)
        text = f"{fact} {_end(base)}" if fact else _end(base)
    elif focus is Skill.EXPRESS:
        base = re.sub(r"\byou (?:make|made|are making|'re making) me (?:feel )?", "I feel ", line, flags=re.IGNORECASE)
        base = clean_line(base)
        text = f"I feel {feeling} about this. {_end(base)}" if "i feel" not in base.lower() else base
    elif focus is Skill.REINFORCE:
        text = f"{_end(clean_line(line)) or ask} {benefit}"
    else:
        text = f"{_end(clean_line(line)) or ask} Could we try it for a month and then review, or what would work for you?"
    text = _tidy(text)
    return text if text.lower() != line.strip().lower() else _tidy(f"{_end(line)} {ask}")


def _situation_fact(context: TurnContext) -> str:
    """The most concrete sentence of the situation (numbers, times), said to the counterpart."""
    best, best_score = "", 0
    for sentence in re.split(r"(?<=[.!?])\s+", context.situation):
        found = cues.extract(sentence)
        score = found.fact - 2 * (found.label + found.absolute + found.feeling)
        if score > best_score and not sentence.lower().startswith(("i want", "i need", "i'd like")):
            best, best_score = sentence.strip(), score
    return _second_person(best, context.counterpart_name) if best else ""


def make_suggestion(focus: Skill, label: str, context: TurnContext, ask: str, feeling: str, benefit: str) -> str:
    """One specific, actionable sentence for the focus skill, quoting the user's own words."""
    templates = coaching_text()["suggestions"][focus.value]
    template: str = templates.get(label) or templates[next(iter(templates))]
    quote = _quote(skill_evidence(focus, label, cues.evidence(context.utterance)))
    topic = topic_words(context.utterance) or topic_words(context.situation) or ["the situation"]
    if not quote:
        quote = str(coaching_text()["unquoted"][focus.value])
    return template.format(quote=quote, request=ask, feeling=feeling, benefit=benefit,
                           topic=" and ".join(topic)).replace("  ", " ")


def coach(context: TurnContext, labels: dict[str, str], used_before: set[Skill], bank: Bank,
          utterance_vec: np.ndarray, context_vec: np.ndarray) -> Coaching:
    """Focus, suggestion, rewrite and next skill for one rated line."""
    used = used_before | {s for s in LEVEL_SKILLS if labels[s.value] == "strong"}
    suggested = suggest_next(bank, context_vec, used, context.turn_index)
    focus = choose_focus(labels, used_before, suggested)
    label = labels[focus.value]
    ask, feeling = ask_for(context), feeling_for(context)
    benefit = benefit_for(context, bank, context_vec)
    # A near-duplicate line of the same situation in the bank has a hand-written rewrite: prefer it.
    bank_rewrite = None
    for example, rewrite in bank.contrast_pairs(utterance_vec, focus, k=1):
        idx = bank.examples.index(example)
        if float(bank.utterances[idx] @ utterance_vec) >= 0.92 and float(bank.contexts[idx] @ context_vec) >= 0.85:
            bank_rewrite = rewrite
    if is_positive(focus, label):
        # Nothing to fix on the focus skill: coach the delivery instead of inventing a problem.
        keep = str(coaching_text()["keep"]).format(skill=focus.title,
                                                   name=context.counterpart_name or "them")
        return Coaching(focus=focus, suggestion=keep, rewrite=_tidy(context.utterance), next_skill=suggested)
    return Coaching(
        focus=focus,
        suggestion=make_suggestion(focus, label, context, ask, feeling, benefit),
        rewrite=make_rewrite(focus, label, context, ask, feeling, benefit, bank_rewrite),
        next_skill=suggested,
    )
