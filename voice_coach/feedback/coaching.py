"""Offline coaching: per-skill reasons, the focus skill, one suggestion, a rewrite of the user's line, next skill.

Everything here works from the user's own words (the cue phrases that fired), their goal and situation,
and the exemplar bank (nearest contrasting pairs and strong lines), so feedback is specific, not generic.
It runs past 400 lines because the rewrite's candidates, their repairs and the gate run in one loop that
shares the line's analysis and the moment (what the other person said, whether they agreed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np
import yaml

from voice_coach.feedback import cues
from voice_coach.feedback import phrases as P
from voice_coach.feedback.charges import charges_listener
from voice_coach.feedback.asks import ask_for, goal_type_of, situation_fact, spoken_to_someone_else
from voice_coach.feedback.authority import passed_on
from voice_coach.feedback.promises import promise_in_play
from voice_coach.feedback.proposals import vague_compromise
from voice_coach.feedback.bank import Bank
from voice_coach.feedback import grammar
from voice_coach.feedback.clauses import HARMFUL, PROPER, Analysis, normalise, sentences
from voice_coach.feedback.gate import (
    Rater,
    Verdict,
    check_rewrite,
    check_suggestion,
    has_ask,
    record,
)
from voice_coach.feedback.rewrite import (
    OFFER_LINE,
    plan_rewrite,
    rewrite_line,
    stock_benefit,
    word_limit,
    write,
)
from voice_coach.feedback.suggest import offers_unshown_stock, suggest
from voice_coach.feedback.light_edit import lone_hedge, without_hedge
from voice_coach.feedback.conditions import take_the_deal
from voice_coach.feedback.stances import vague_tail
from voice_coach.feedback.hostility import hostile_line
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


def choose_focus(labels: dict[str, str], used: set[Skill], suggested: Skill, goal_type: str = "request") -> Skill:
    """The skill that matters most now: losing the goal, then a weak attempt, then manner, then a gap.

    Negotiate is never the focus of a refusal or a boundary: a firm no is not up for trade.
    """
    allowed = [s for s in _WEAK_ORDER if goal_type == "request" or s is not Skill.NEGOTIATE]
    if labels[Skill.MINDFUL.value] == "no":
        return Skill.MINDFUL
    if labels[Skill.ASSERT.value] == "none":
        return Skill.ASSERT
    for skill in allowed:
        if labels[skill.value] == "weak":
            return skill
    if labels[Skill.CONFIDENT.value] == "no":
        return Skill.CONFIDENT
    if suggested in allowed and not is_positive(suggested, labels[suggested.value]):
        return suggested
    missing = [s for s in LEVEL_SKILLS if s in allowed and s not in used and labels[s.value] == "none"]
    return missing[0] if missing else (suggested if suggested in allowed else Skill.ASSERT)


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


# -- feeling, benefit and the coaching of one line ----------------------------------------------------------

def feeling_for(context: TurnContext) -> str:
    """A feeling word the user named in their situation, else a common one for the category."""
    match = cues.FEELING.search(context.situation.lower())
    if match:
        word = match.group(0).split()[-1]
        if word not in ("feel", "felt", "think", "believe", "about", "me", "of", "for"):
            return word
    feelings = coaching_text()["feelings"]
    return str(feelings.get(context.category, feelings[""]))


@dataclass(frozen=True)
class Coaching:
    """The coaching half of one feedback: focus, suggestion, rewrite, next skill and the gate's verdict."""

    focus: Skill
    suggestion: str
    rewrite: str
    next_skill: Skill
    gate: Verdict = field(default_factory=lambda: Verdict(passed=True))


def feeling_line(feeling: str, goal_type: str) -> str:
    """One "I feel" sentence that fits the goal type (a refusal owns its certainty, not a grievance)."""
    if goal_type == "refusal":
        # Saying no to someone who asked, often kindly: a grievance ("I feel frustrated") would be out of place.
        return "I feel sad saying no, and I'm sure about my answer."
    if goal_type == "boundary":
        return f"I feel {feeling} when this happens."
    return f"I feel {feeling} about this."


# What a line says besides its ask: with any of these it is more than a bare ask, and it has taken the other
# person's words up.
_TOOK_UP = ("fact", "statement", "feeling", "answer", "validation", "benefit", "offer")


@dataclass
class _Pieces:
    """What a repair may add: the ask, a feeling, a benefit, an offer (requests only) and a situation fact."""

    ask: str
    feeling: str
    benefit: str
    offer: str
    fact: str
    referent: str = ""  # the fact a "mention it to her" ask is about


def _variant(context: TurnContext, goal_type: str, pieces: _Pieces, skills: set[str], *, own_ask: bool = True,
             facts: int | None = None, focus: str = "") -> str:
    """The edited line plus the pieces for `skills`; `own_ask=False` uses the scenario's ask; `facts` caps kept facts."""
    plan, _ = plan_rewrite(context.utterance, goal=context.goal, situation=context.situation,
                           name=context.counterpart_name, goal_type=goal_type, ask=pieces.ask,
                           partner=context.partner_last, referent=pieces.referent)
    if not own_ask and pieces.ask:
        plan.ask = pieces.ask
    if facts is not None:
        best = sorted((u for u in plan.units if u.kind == "fact"), key=lambda u: -u.score)[:facts]
        plan.units = [u for u in plan.units if u in best or u.kind in ("feeling", "benefit")]
    kinds = {u.kind for u in plan.units}
    # A promise in play (pieces.referent) is the point of the reply: it is said whatever skill is being repaired.
    if (("describe" in skills or pieces.referent) and pieces.fact and "fact" not in kinds
            and pieces.fact not in plan.ask):
        plan.before_ask.append(pieces.fact)
    if "express" in skills and "feeling" not in kinds and pieces.feeling:
        plan.before_ask.append(pieces.feeling)
    # At most one stock sentence: two ("That would make a real difference... What would make that work for you?")
    # read as a script, not the person's line.
    if ("reinforce" in skills and "benefit" not in kinds and pieces.benefit
            and not (focus == "negotiate" and "negotiate" in skills)):
        plan.extras.append(pieces.benefit)
    elif "negotiate" in skills and pieces.offer and "offer" not in kinds:
        plan.extras.append(pieces.offer)
    return write(plan, word_limit(context.utterance))


def _dropped(failures: list[str]) -> set[str]:
    skills: set[str] = set()
    for failure in failures:
        if failure.startswith(("rated_lower:", "focus_not_better:")):
            skills |= {s.strip() for s in failure.split(":", 1)[1].split(",")}
    return skills


def coach_line(context: TurnContext, labels: dict[str, str], focus: Skill, *, rater: Rater | None = None,
               bank_rewrite: str | None = None, proposed: str | None = None,
               gate_labels: dict[str, str] | None = None) -> tuple[str, str, Verdict]:
    """Suggestion, rewrite and gate verdict for one rated line and its focus skill.

    `proposed` is a rewrite from elsewhere (an LLM): it goes through the same gate and is replaced when it fails.
    `gate_labels` are the rater's own labels of the line when they differ from the shown ones (the gate compares
    the rewrite with the line on one scale).
    """
    # A line rated as not staying mindful has something hostile in it: its clauses are read for tone as well.
    with hostile_line((gate_labels or labels)["mindful"] == "no"):
        return _coach_line(context, labels, focus, rater=rater, bank_rewrite=bank_rewrite, proposed=proposed,
                           gate_labels=gate_labels)


def _coach_line(context: TurnContext, labels: dict[str, str], focus: Skill, *, rater: Rater | None,
                bank_rewrite: str | None, proposed: str | None,
                gate_labels: dict[str, str] | None) -> tuple[str, str, Verdict]:
    before = gate_labels or labels
    if spoken_to_someone_else(context):
        context = context.model_copy(update={"counterpart_name": ""})
    goal_type = goal_type_of(context)
    name = context.counterpart_name
    # When they said only someone else can do it, the ask is to pass it on to that person.
    ask = goal_ask = passed_on(ask_for(context), context.partner_last)
    agreed = agreed_already(context.partner_last) and not P.INSULT.search(context.partner_last.lower())
    _, early = plan_rewrite(context.utterance, goal=context.goal, situation=context.situation, name=name,
                            goal_type=goal_type, ask=ask, partner=context.partner_last)
    if agreed and not _NOT_YET.search(context.partner_last) and "?" not in context.partner_last and _COMMITTED.search(
            context.partner_last) and _YES_FIRST.match(context.partner_last.strip()) and not early.of(
            *(HARMFUL - {"caving"})):
        # They just said yes: the line thanks, confirms or settles details; asking the goal again would ignore it.
        ask = ""
    # A promise made to the person ("told at signup that moving waives the fee") is the fact to keep when what was
    # just said is about it; otherwise the situation's most concrete sentence.
    promise = promise_in_play(context.situation, context.partner_last, context.utterance)
    fact = promise or situation_fact(context)
    if charges_listener(fact):
        fact = ""  # "You are 27 and have lived here rent-free": their age and what they had free, held against them
    if not promise and P.OFFER.search(context.partner_last.lower()) and "?" in context.partner_last:
        # "What if they stay ten days instead?": their counter-offer is answered by the ask, not by replaying the
        # background (which reads as reopening the blame).
        fact = ""
    if context.partner_last.strip():
        # Once the other person has spoken, a line that took them up (an answer, an acknowledgement, its own
        # facts) is not re-started from the situation's background; a line that was mostly attack or giving in
        # gets one fact of the situation back, said to them.
        _, said = plan_rewrite(context.utterance, goal=context.goal, situation=context.situation, name=name,
                               goal_type=goal_type, ask=ask, partner=context.partner_last)
        if not said.of("attack", "threat", "sarcasm", "caving", "self_minimising", "apology") and said.of(*_TOOK_UP):
            fact = ""
        # "Could we find a compromise?" names no way to meet: it is no counter-offer to stand in for the ask.
        if [c for c in said.of("offer") if not vague_compromise(c.tidy)] and not said.of(*HARMFUL, "request", "refusal"):
            # Answering their objection with a way to meet ("maybe he stays three nights instead"): the line is the
            # person's counter-offer; pasting the original ask over it would undo the negotiation.
            ask = ""
            agreed = True
    # No stock feeling is ever added to the person's line: only they know what they feel (the suggestion may
    # invite one). A feeling they voiced is kept by the edit itself.
    # After giving in, an open question ("What would make that work for you?") invites more bargaining over what was
    # just conceded: the ask is said once and left there.
    caved = bool(early.of("caving"))
    pieces = _Pieces(ask=ask, feeling="",
                     benefit=stock_benefit(goal_type),
                     offer=OFFER_LINE if goal_type == "request" and not caved else "", fact=fact, referent=promise)
    main, plan, analysis = rewrite_line(context.utterance, focus=focus.value, goal=context.goal,
                                        situation=context.situation, name=name, goal_type=goal_type, ask=ask,
                                        feeling=feeling_for(context), fact=fact, partner=context.partner_last,
                                        benefit=not (caved and goal_type == "request"), referent=promise)
    positive = is_positive(focus, before[focus.value])
    limit = word_limit(context.utterance)
    # A light word of emphasis ("totally get that", "honestly") is the person's voice, not a hedge to coach.
    problems = bool(analysis.of(*HARMFUL) or hedged(analysis))
    # A stock benefit or offer ("That would make a real difference for both of us.") is pasted only onto a rewrite
    # that kept nothing of the person's own but the ask: beside their own facts, feelings or answers it reads as
    # invented. A clean line that asks or says no in its own words is kept as said.
    no_stock = any(u.kind in _TOOK_UP for u in plan.units)
    clean = (no_stock and not problems
             and (focus in (Skill.EXPRESS, Skill.REINFORCE, Skill.NEGOTIATE) or (focus is Skill.DESCRIBE and not fact)) and before["confident"] == "yes" and before["mindful"] == "yes"
             and plan.ask_is_users and bool(analysis.of("request", "refusal")) and not analysis.of("weak_request"))
    added = {"benefit": pieces.benefit, "offer": pieces.offer}  # still named as examples in the suggestion
    if no_stock:
        main, plan, analysis = rewrite_line(context.utterance, focus=focus.value, goal=context.goal,
                                            situation=context.situation, name=name, goal_type=goal_type, ask=ask,
                                            feeling=feeling_for(context), fact=fact, partner=context.partner_last,
                                            benefit=False, referent=promise)
        pieces.benefit = pieces.offer = ""
    # After a yes, "I'll put it in the calendar" confirms the deal: it is not giving in.
    confirming = agreed and before["mindful"] == "yes" and not hedged(analysis) and not analysis.of(
        *(HARMFUL - {"caving"})) and all(
        not P.CAVING.search(c.text.lower()) for c in analysis.of("caving"))
    # A reply to the other person's question that answers it or offers a way ("Yes, of course. We'll video call at
    # ten", "Then I'd come in") is the move the moment needs; re-asking the goal over it would ignore them.
    answered = (context.partner_last.rstrip().endswith("?") and before["mindful"] == "yes"
                and not analysis.of(*HARMFUL) and not hedged(analysis)
                and bool(analysis.of("answer", "offer", "validation", "benefit")))
    strong = strong_line(before, analysis) or confirming or answered
    keep = strong or clean or (positive and not problems and bool(analysis.of("request", "refusal")))
    own_line = names_as_written(_tidy(context.utterance), f"{context.situation} {context.partner_last}")
    # A line that would be strong but for one small hedge keeps every word but that one: rebuilding it would drop
    # its introduction, its offer or its reasons over a "kind of".
    lone = "" if strong or agreed else lone_hedge(analysis)
    trimmed = names_as_written(without_hedge(_tidy(context.utterance), lone), f"{context.situation} {context.partner_last}") \
        if lone and strong_line(before, analysis, hedge_ok=True) else ""
    tail = vague_tail(analysis.clauses, sentences(context.utterance)) if strong and not trimmed else ""
    if tail:
        # A strong line that trails off after its ask ("It would help, for everyone, and I'm sure we can work something
        # out.") is kept up to that tail: the vague end undercuts the clear ask, and the rest is the person's own.
        said = normalise(context.utterance)
        lone = tail.rstrip(" .!?")
        trimmed = names_as_written(_tidy(said[:said.rfind(tail)]), f"{context.situation} {context.partner_last}")
    # Express can only get better by adding a feeling, and a feeling the person did not voice is not added.
    gate_focus = None if positive or (focus is Skill.EXPRESS and not analysis.of("feeling")) or (
        focus is Skill.DESCRIBE and not fact) or (no_stock and focus in (Skill.REINFORCE, Skill.NEGOTIATE)) or (
        # A request has no stock benefit any more: Reinforce gets better only by the person's own words.
        focus is Skill.REINFORCE and not pieces.benefit and not analysis.of("benefit")) else focus
    # Skills the line already attempts must not be lost: when the edit drops the words that carried one
    # (a blamed feeling, a vague benefit), say it properly instead. One rating saved in most repairs.
    # Only the user's own kind of content is added up front (a feeling, a fact of their situation); benefits
    # and offers are added only when the gate finds the rewrite lost them.
    attempted = {s for s in ("describe", "express") if before[s] != "none"}
    kinds = {u.kind for u in plan.units}
    missing = {s for s in attempted if {"describe": "fact", "express": "feeling"}[s] not in kinds}
    if missing and main.strip():
        main = _variant(context, goal_type, pieces, missing | {focus.value}, focus=focus.value) or main
    if not main.strip():
        main = " ".join(p for p in (fact, ask) if p) or _NEUTRAL
    # They said yes on a condition ("fine, but then you stop leaving your shoes out"): the line that moves on takes the
    # deal and confirms the ask; restating the complaint would ignore their offer.
    deal = "" if strong or analysis.of("offer", "answer") else take_the_deal(context.partner_last, goal_ask)
    first_round = [c for c in dict.fromkeys((proposed, bank_rewrite, trimmed or None, own_line if keep else None,
                                             deal or None, main)) if c]
    tried: list[str] = []
    best: tuple[list[int], str, list[str]] | None = None
    verdict: Verdict | None = None

    def judge(candidates: list[str]) -> list[str] | None:
        """Cheap checks on all; then, in order, the evaluator's rating; the first that passes everything wins."""
        nonlocal best, verdict
        checked: list[tuple[str, dict[str, Any], list[str]]] = []
        for candidate in candidates:
            if candidate in tried or not candidate.strip():
                continue
            tried.append(candidate)
            kwargs: dict[str, Any] = {"analysis": analysis, "goal": context.goal, "situation": context.situation,
                                      "name": name, "goal_type": goal_type,
                                      "limit": 10_000 if candidate in (own_line, trimmed) else limit,
                                      "focus": gate_focus}
            if (keep and candidate == own_line) or candidate == trimmed:
                kwargs["focus"] = None  # the person's own strong line is shown as it is, not "improved"
            found = check_rewrite(context.utterance, candidate, **kwargs)
            if candidate != own_line:
                found += [f"broken: {p}" for p in grammar.problems(candidate, context.utterance)]
            if agreed and not ask:
                found = [f for f in found if f != "no_ask"]
            if (strong and candidate == own_line) or candidate == trimmed:
                # An offer or a confirmation is the move here; after a yes, "I'll ..." is not a take-back.
                found = [f for f in found if f != "no_ask" and not (confirming and "caving" not in f and
                                                                   f.startswith(("kept_harmful", "harmful")))]
                # A stock phrase read in context ("Then I'd come in, that's fine" answers, it does not give in) is
                # not harmful when the clause analysis found nothing harmful in the line.
                if not analysis.of(*HARMFUL):
                    found = [f for f in found if not f.startswith("harmful:")]
            checked.append((candidate, kwargs, found))
        main_failures = None
        for candidate, kwargs, failures in checked:
            # Rated one at a time, stopping at the first that passes: the encoder gains nothing from batching.
            # The person's own words rate as they did: only an edit is re-rated.
            if not failures and rater is not None and not (keep and candidate == own_line):
                failures = check_rewrite(context.utterance, candidate, before=before, after=rater([candidate])[0],
                                         **kwargs)
                if agreed and not ask:
                    failures = [f for f in failures if f != "no_ask"]  # a yes or a counter-offer needs no ask
                if candidate == trimmed:
                    failures = [f for f in failures if f != "no_ask"]  # strong as said: its question is its ask
                if candidate == deal:
                    # Taking their deal needs no description or feeling: the ratings that fall are not the move here.
                    failures = [f for f in failures if not f.startswith(("rated_lower", "focus_not_better"))]
            if candidate == main:
                main_failures = failures
            if not failures:
                verdict = Verdict(passed=True, repairs=tried.index(candidate), replaced=candidate != tried[0])
                best = ([0, 0], candidate, [])
                return None
            harm = sum(f.startswith(("kept_harmful", "harmful", "lost_fact", "no_ask", "too_long", "broken"))
                       for f in failures)
            if best is None or [harm, len(failures)] < best[0]:
                best = ([harm, len(failures)], candidate, failures)
        return main_failures or (best[2] if best else [])

    failures = judge(first_round)
    if verdict is None:
        wanted = _dropped(failures or []) | {focus.value}
        shortest = f"{name + ', ' if name and name in context.utterance else ''}{ask}" if ask else ""
        judge([_variant(context, goal_type, pieces, wanted, focus=focus.value),
               # The person's own ask with a fact of the situation before the scenario's wording replaces theirs.
               _variant(context, goal_type, pieces, wanted | {"describe"}, focus=focus.value),
               _variant(context, goal_type, pieces, wanted, own_ask=False, focus=focus.value),
               _variant(context, goal_type, pieces, wanted | {"describe", "express"}, own_ask=False, facts=1, focus=focus.value),
               _variant(context, goal_type, pieces, {focus.value}, own_ask=False, facts=0, focus=focus.value),
               shortest[:1].upper() + shortest[1:]])
    assert best is not None
    chosen = best[1]
    if chosen != own_line and grammar.problems(chosen, context.utterance):
        # Nothing broken is shown: mend what can be mended, drop the rest, and keep the ask.
        mended = grammar.repair(chosen, context.utterance)
        said_ask = ask or goal_ask  # after a yes nothing is re-asked, unless nothing else of the line can stand
        fallback = f"{name + ', ' if name and name in context.utterance else ''}{said_ask}" if said_ask else ""
        if not mended or (has_ask(chosen) and not has_ask(mended)):
            mended = (fallback[:1].upper() + fallback[1:]) if fallback and not grammar.problems(fallback) else mended
        chosen = mended or (fallback[:1].upper() + fallback[1:]) or _NEUTRAL
    if verdict is None:
        verdict = Verdict(passed=False, failures=best[2], repairs=len(tried) - 1, replaced=chosen != tried[0])
    chosen = names_as_written(chosen, f"{context.situation} {context.partner_last}")
    record("rewrite", verdict)
    if strong and chosen == own_line:
        words = coaching_text_suggestions()
        suggestion = str(words["keep"]).format(name=name or "them")
        record("suggestion", Verdict(passed=True))
        return suggestion, chosen, verdict
    if trimmed and chosen == trimmed:
        suggestion = str(coaching_text_suggestions()["keep_trimmed"]).format(quote=f'"{lone}"', name=name or "them")
        record("suggestion", Verdict(passed=True))
        return suggestion, chosen, verdict
    if deal and chosen == deal:
        suggestion = str(coaching_text_suggestions()["take_deal"]).format(alternative=deal)
        if not _suggestion_failures(suggestion, context.utterance, analysis):
            record("suggestion", Verdict(passed=True))
            return suggestion, chosen, verdict
    kept = keep and chosen == own_line  # "say it just like that" only when the line is shown as said
    said_ask = plan.ask or ask
    if promise and promise in chosen and promise not in said_ask and said_ask:
        said_ask = f"{promise} {said_ask}"  # the promise they were giving up is part of what to say instead
    feeling = feeling_line(feeling_for(context), goal_type)
    suggestion = suggest(focus, kept, analysis, rewrite=chosen, ask=said_ask, feeling=feeling,
                         benefit=added["benefit"], offer=added["offer"], fact=fact, name=name,
                         utterance=context.utterance, own_ask=plan.ask_is_users)
    keep_it = str(coaching_text_suggestions()["keep"]).format(name=name or "them")
    s_failures = _suggestion_failures(suggestion, context.utterance, analysis)
    if s_failures:
        suggestion = suggest(focus, kept, Analysis(clauses=[], name=name), rewrite=chosen, ask=plan.ask or ask,
                             feeling=feeling, benefit=pieces.benefit, offer=pieces.offer, fact=fact,
                             name=name, own_ask=plan.ask_is_users)
        if _suggestion_failures(suggestion, context.utterance):
            suggestion = keep_it
    if offers_unshown_stock(suggestion, chosen):
        # Told to add an open question the rewrite beside it leaves out: the two would disagree. What the rewrite
        # changed is named instead (or the line is approved when it is shown as said).
        suggestion = keep_it
    suggestion = _agree(suggestion, chosen, context.utterance, analysis, plan.ask or ask, name)
    suggestion = _answer_with_figure(suggestion, context, plan.ask or ask or goal_ask)
    final = _suggestion_failures(suggestion, context.utterance) if s_failures else []
    record("suggestion", Verdict(passed=not final, failures=final or [], repairs=int(bool(s_failures))))
    return suggestion, chosen, verdict


_FIGURE_QUESTION = re.compile(r"\bhow (?P<what>much|many|long)\b|\bwhat (?:amount|figure|number|price|sum)\b",
                              re.IGNORECASE)
_VAGUE_ANSWER = re.compile(r"\bwhatever\b|\bi (?:don'?t|dont) know\b|\bdunno\b|\bup to you\b|\byou (?:decide|choose|pick)\b|"
                           r"\bwhat(?:ever)? you think\b|\bwhat(?:ever)?'?s fair\b|\bno idea\b|\bnot sure\b", re.IGNORECASE)
_MONEY = re.compile(r"[$£€]\s?\d[\d,]*(?:\.\d+)?(?: (?:a|per) (?:month|week|year|night|hour))?|\b\d+(?:\.\d+)? ?(?:%|percent)")


def _answer_with_figure(suggestion: str, context: TurnContext, ask: str) -> str:
    """They asked "how much?" and the line left it to them: say the figure the situation or goal gives (never one
    made up: without a figure there, they are told to name one they have worked out)."""
    question = _FIGURE_QUESTION.search(context.partner_last)
    line = context.utterance.replace("\u2019", "'")
    if not question or "?" not in context.partner_last or not _VAGUE_ANSWER.search(line) or P.FACT_TOKEN.search(line):
        return suggestion
    pattern = _MONEY if question.group("what") in (None, "much") else P.FACT_TOKEN
    figure = next((m.group(0).strip() for text in (context.goal, context.situation) for m in [pattern.search(text)] if m), "")
    # The words that hand the figure to them ("whatever seems fair to you") are quoted before a bare "I don't know".
    found = sorted(_VAGUE_ANSWER.finditer(line), key=lambda m: (bool(re.match(r"i (?:don'?t|dont) know|not sure|no idea",
                                                                             m.group(0), re.IGNORECASE)), m.start()))
    quote = line[found[0].start():].split(",")[0].strip(" .?!")
    if not figure:
        return str(coaching_text_suggestions()["answer_no_figure"]).format(quote=f'"{quote}"')
    alternative = ask if figure in ask else f"I'm asking for {figure}."
    return str(coaching_text_suggestions()["answer_figure"]).format(figure=figure, quote=f'"{quote}"',
                                                                     alternative=alternative)


def _same_words(a: str, b: str) -> bool:
    return re.sub(r"[^a-z0-9$]+", " ", a.lower().replace("\u2019", "'")).split() == \
        re.sub(r"[^a-z0-9$]+", " ", b.lower().replace("\u2019", "'")).split()


def _agree(suggestion: str, rewrite: str, utterance: str, analysis: Analysis, ask: str, name: str) -> str:
    """"Already does the job" only beside a rewrite that is the line as said, in a line with nothing to drop;
    otherwise the changed sentence of the rewrite (one that asks or says a fact) is what to say."""
    words = coaching_text_suggestions()
    if suggestion != str(words["keep"]).format(name=name or "them"):
        return suggestion
    if _same_words(rewrite, utterance) and not analysis.of(*HARMFUL) and not hedged(analysis):
        return suggestion
    said = utterance.lower().replace("\u2019", "'")
    changed = [s for s in re.split(r"(?<=[.?!])\s+", rewrite) if s and s.lower().rstrip(".?!") not in said]
    from voice_coach.feedback.suggest import _carries

    alternative = next((s for s in changed if _carries(s)), "") or ask or next(iter(changed), "")
    return str(words["tighten"]).format(alternative=alternative) if alternative else suggestion


_AGREED = re.compile(
    r"^(?:okay|ok|fine|sure|yes|yeah|yep|alright|all right|deal|agreed|you'?re right|that'?s fair|sounds good|that works)\b"
    r"|\b(?:works for me|i'?ll (?:try|do (?:it|that)|text|call|pay|fix|send|ask)|i can do that|that works)\b",
    re.IGNORECASE)
_NOT_AGREED = re.compile(r"\b(?:but|no way|can'?t|won'?t|not (?:going|happening))\b", re.IGNORECASE)


# A yes that is not one yet: "Fine, I can come Thursday, maybe", "I'll try, no promises".
_NOT_YET = re.compile(r"\b(?:maybe|no promises|we'?ll see|i guess|might|if i can|when i|if i|once i|next (?:month|week|year)|"
                      r"someday|eventually|at some point)\b", re.IGNORECASE)
_YES_FIRST = re.compile(r"^(?:okay|ok|fine|sure|yes|yeah|yep|alright|all right|deal|agreed|you'?re right|that'?s fair|"
                        r"sounds good|that works)\b", re.IGNORECASE)
_COMMITTED = re.compile(r"\b(?:(?:i'?ll|i will|i can|we can)(?! (?:figure|think|see|try|ask|manage|deal|find|sort|get back))|"
                        r"deal|works for me|agreed|you'?re right|that'?s fair)\b", re.IGNORECASE)


def agreed_already(partner_last: str) -> bool:
    """Has the other person just said yes (fully or partly)? Then the line confirms, it does not ask again."""
    text = partner_last.replace("\u2019", "'").strip()
    return bool(text and _AGREED.search(text) and not _NOT_AGREED.search(text.split(".")[0]))


_PROPOSAL = re.compile(r"\b(?:you|we|i)(?:'ll| will)\b|\blet'?s\b|\bi'?m (?:going to|happy to|willing to)\b|\bi can\b")
_LIGHT_HEDGES = frozenset({"honestly", "actually", "just", "really", "totally", "literally"})
_CANT = re.compile(r"\bi (?:still |just |really )?(?:can'?t|won'?t|am not going to|'m not going to)\b")


def _suggestion_failures(suggestion: str, utterance: str, analysis: Analysis | None = None) -> list[str]:
    """The gate's suggestion failures, plus a broken sentence offered to say (never shown)."""
    failures = check_suggestion(suggestion, utterance, analysis)
    said = re.findall(r'"([^"]+)"', suggestion)
    own = re.sub(r"\s+", " ", utterance.replace("\u2019", "'").lower())
    if said and said[-1].lower().strip(" .,?!") not in own:
        failures += [f"broken: {p}" for p in grammar.problems(said[-1])]
    return failures


def hedged(analysis: Analysis) -> bool:
    """Does the line hedge beyond a single "honestly"/"actually" (the kind a kept line may keep)?"""
    hedges = [p.lower() for c in analysis.clauses for k, p in c.problems if k == "hedge"]
    # "it'd just make things easier" plays the point down; "not just the dent" means "not only".
    minimised = any(k == "hedge" and p.lower() == "just" and not re.search(r"\bnot just\b", c.text.lower())
                    and re.search(r"\b(?:it|that|this)(?:'d| would| will|'ll)? just\b", c.text.lower().replace("\u2019", "'"))
                    for c in analysis.clauses for k, p in c.problems)
    return any(h not in _LIGHT_HEDGES for h in hedges) or minimised or bool(analysis.of("weak_request"))


def strong_line(labels: dict[str, str], analysis: Analysis, *, hedge_ok: bool = False) -> bool:
    """A line that already works: on goal, confident, nothing harmful, and at least two skills done well (or an
    offer with an ask). It is kept as said: rewriting it would drop the benefit, offer, validation or refocus.
    `hedge_ok`: would it be, once its one small hedge is dropped (the confidence rating then reads that hedge)?"""
    if labels["mindful"] != "yes" or (labels["confident"] != "yes" and not hedge_ok) or analysis.of(*HARMFUL, "weak_request"):
        return False
    if hedged(analysis) and not hedge_ok:
        return False  # "could you maybe, like, some of it": the hedging is what needs the edit
    # Facts alone ("Invoice 48213 charged me $640 ... So, yeah.") are not a finished line whatever the rating says:
    # nothing is asked, refused, offered, promised ("I'll be home by ten", "you'll do the dishes") or asked yet.
    said = [c.text.lower().replace("\u2019", "'") for c in analysis.clauses]
    proposes = any(c.end == "?" for c in analysis.clauses) or any(_PROPOSAL.search(t) for t in said)
    if not analysis.of("request", "refusal", "offer") and not any(
            P.REFUSAL.search(t) or _CANT.search(t) for t in said) and (labels["assert"] == "none" or not proposes):
        return False  # warm and on topic, but nothing asked, refused or offered: the ask is still to come
    level = [s.value for s in LEVEL_SKILLS]
    strong = sum(labels[s] == "strong" for s in level)
    return strong >= 2 or (labels["negotiate"] == "strong" and labels["assert"] != "none")


def coaching_text_suggestions() -> dict[str, Any]:
    """The suggestion wordings (prompts/evaluator/suggestions.yaml)."""
    from voice_coach.feedback.suggest import texts

    return texts()


# Said when nothing of the line can be kept and no ask is known: an opener that keeps the door open.
_NEUTRAL = "I'd like to talk about this and say clearly what I need."


def names_as_written(text: str, source: str) -> str:
    """Names the situation or the other person writes with a capital ("Jordan", "Mia") written so in the rewrite,
    though the person typed them in lower case."""
    names = {w for w in re.findall(r"(?<=[a-z,;:] )([A-Z][a-z]{2,})\b", source)
             if w.lower() not in {"i", "mom", "mum", "dad"} and not PROPER.fullmatch(w)}
    for name in names:
        text = re.sub(rf"\b{name.lower()}\b", name, text)
    return text


def _tidy(text: str) -> str:
    text = re.sub(r"\s+([,.?!])", r"\1", re.sub(r"\s{2,}", " ", text)).strip(" ,")
    text = re.sub(r"\bi(?=\b(?:'\w+)?(?:\s|[,.?!]|$))", "I", text)
    text = re.sub(r",\s*\b(?:um+|uh+|erm)\b\s*,\s*", ", ", text, flags=re.IGNORECASE)  # "that, um, the" keeps a comma
    text = re.sub(r"(?:,\s*)?\b(?:um+|uh+|erm)\b,?\s*", " ", text, flags=re.IGNORECASE).strip()
    text = re.sub(r"\s+([,.?!])", r"\1", re.sub(r"\s{2,}", " ", text))
    # A new sentence starts with a capital; "1 a.m. when" and "e.g. the" do not start one.
    text = re.sub(r"(?<![ap]\.m)(?<!e\.g)(?<!i\.e)([.?!]\s+)([a-z])", lambda m: m.group(1) + m.group(2).upper(), text)
    text = text if not text or text[-1] in ".?!" else text + "."
    text = PROPER.sub(lambda m: m.group(0).capitalize(), text)  # days and months as written
    return text[:1].upper() + text[1:] if text else text


def coach(context: TurnContext, labels: dict[str, str], used_before: set[Skill], bank: Bank,
          utterance_vec: np.ndarray, context_vec: np.ndarray, rater: Rater | None = None,
          bank_rewrites: bool = True) -> Coaching:
    """Focus, suggestion, rewrite (through the gate) and next skill for one rated line."""
    used = used_before | {s for s in LEVEL_SKILLS if labels[s.value] == "strong"}
    suggested = suggest_next(bank, context_vec, used, context.turn_index)
    focus = choose_focus(labels, used_before, suggested, goal_type_of(context))
    # A near-duplicate line of the same situation in the bank has a hand-written rewrite: try it first.
    bank_rewrite = None
    for example, rewrite in bank.contrast_pairs(utterance_vec, focus, k=1) if bank_rewrites else []:
        idx = bank.index_of(example)
        if float(bank.utterances[idx] @ utterance_vec) >= 0.92 and float(bank.contexts[idx] @ context_vec) >= 0.85:
            bank_rewrite = rewrite
    suggestion, rewrite, verdict = coach_line(context, labels, focus, rater=rater, bank_rewrite=bank_rewrite)
    return Coaching(focus=focus, suggestion=suggestion, rewrite=rewrite, next_skill=suggested, gate=verdict)
