"""The user's own line made better by editing it: keep what serves the goal, drop what hurts it, one clear ask.

Works on the clause analysis (`clauses.py`): facts, feelings, benefits and the user's own clear request are
kept and tidied; attacks, threats, sarcasm, caving, apologies, self-minimising, hedges and fillers go; the
one request (or refusal) is the user's own when it is clear, else the scenario's authored ask. A benefit or
an offer is added only when the focus skill needs it and it fits the goal type (never an offer on a refusal
or a boundary), and never beside the person's own words. It runs past 400 lines because choosing the units,
the ask and the order, and writing them out within the length bound, read one plan and are tuned together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from voice_coach.feedback import phrases as P
from voice_coach.feedback.clauses import (
    HARMFUL,
    Analysis,
    Clause,
    analyse,
    on_topic,
    tidy,
    topic_words,
)
from voice_coach.feedback.flexibility import CONDITIONAL_ASK
from voice_coach.feedback.links import orphaned_by_condition
from voice_coach.feedback.own_terms import outcome_ask, tentative_twin
from voice_coach.feedback.proposals import as_proposal, vague_compromise

MAX_WORDS = 60
LONG_LINE_WORDS = 45
REPLY_WORDS = 40
_LIGHT = frozenset({"just", "really", "honestly", "actually", "literally"})  # emphasis more than doubt
KEEP_KINDS = frozenset({"fact", "statement", "feeling", "benefit", "offer", "request", "refusal", "validation", "answer"})
OFFER_LINE = "What would make that work for you?"
BENEFITS = {
    "request": "That would make a real difference for both of us.",
    "boundary": "That way we can both relax when we see each other.",
    "refusal": "That way you'll have a clear answer now and can plan around it.",
}


def stock_benefit(goal_type: str) -> str:
    """The stock benefit a rewrite may add for this goal type, or '' for a request.

    A request's gain is particular to the person and the listener; the generic "That would make a real difference
    for both of us." was judged hollow and invented every time it appeared, so no stock one is said for it.
    """
    return "" if goal_type == "request" else BENEFITS.get(goal_type, "")


def word_limit(original: str) -> int:
    """At most about twice the original (short lines may grow to 25 words to fit an ask), never over 60."""
    return min(MAX_WORDS, max(2 * len(original.split()), 25))


@dataclass
class Unit:
    """Clauses said together (a clause and the fragments that belong to it)."""

    kind: str
    sentence: int
    parts: list[Clause] = field(default_factory=list)
    score: float = 0.0

    @property
    def text(self) -> str:
        """The unit's words, re-joined."""
        out = ""
        for i, part in enumerate(self.parts):
            words = part.tidy
            if i == 0:
                out = words
            else:
                lead = f"{part.lead} " if part.lead in ("and", "but", "because", "so", "or") else ""
                out = f"{out}, {lead}{_lower_first(words)}"
        return out

    @property
    def facts(self) -> list[str]:
        """Fact tokens (numbers, dates, amounts) of the unit."""
        return [f for part in self.parts for f in part.facts]


@dataclass
class Plan:
    """What the rewrite will say, before it is written out."""

    name: str = ""
    units: list[Unit] = field(default_factory=list)
    ask: str = ""
    ask_is_users: bool = False
    extras: list[str] = field(default_factory=list)  # added sentences after the ask (benefit, offer)
    before_ask: list[str] = field(default_factory=list)  # added sentences before the ask (fact, feeling)


_NAMES: set[str] = set()


def _lower_first(text: str) -> str:
    """The text with its first letter lower-case, unless the first word is "I", a name, a day or a code ("Q3")."""
    if not text:
        return text
    first = text.split()[0].strip(",.").lower()
    return text[:1].lower() + text[1:] if first in _COMMON_START else text


_COMMON_START = frozenset(
    "the this that these those it its it's my your our their his her you you're you've you'll you'd we we've "  # noqa: SIM905
    "we're they they're there there's since last on at from in please don't what when if and but so a an "
    "from now only after before by every some no not can could would will let's".split())


def _sentence(text: str, end: str = ".") -> str:
    text = text.strip(" ,;:")
    if not text:
        return ""
    text = text[:1].upper() + text[1:]
    return text if text[-1] in ".?!" else text + end


def _make_units(analysis: Analysis, long_line: bool, topic: frozenset[str], sarcastic: bool,
                reply: bool = False) -> list[Unit]:
    units: list[Unit] = []
    pending: list[Clause] = []  # fragments waiting for the clause they introduce
    previous_kept = False
    after_minimising = False
    last_sentence = -1
    kept_flags: list[bool] = []  # per clause, whether it was kept (a benefit reads its condition's)
    for index, clause in enumerate(analysis.clauses):
        if clause.kind in ("filler", "vocative"):
            kept_flags.append(False)
            continue
        keep = clause.kind in KEEP_KINDS
        if keep and clause.kind == "statement" and (sarcastic or not (reply or on_topic(clause.tidy, topic))):
            keep = False
        if (keep and long_line and clause.kind in ("fact", "statement") and not on_topic(clause.tidy, topic)
                and not (clause.kind == "fact" and (P.FACT_TOKEN.search(clause.tidy) or P.FACT_MARK.search(clause.tidy)))):
            keep = False
        if (keep and sarcastic and clause.kind == "fact" and topic and not on_topic(clause.tidy, topic)
                and re.match(r"^\W*(?:and|also|plus|oh and)\b", clause.text, re.IGNORECASE)
                and not P.FACT_TOKEN.search(clause.tidy)):
            keep = False  # "... and the schedule comes out so late": a second grievance thrown in with an attack
        if keep and sarcastic and re.match(r"^[a-z]+ (?:(?:even|also) )?(?:told|said to) (?:me|us)\b", clause.tidy, re.IGNORECASE):
            keep = False  # hearsay brought in as ammunition ("Sam told me he turns his phone off")
        if keep and sarcastic and re.search(r"\b(?:nice|generous|kind) of you\b", clause.tidy, re.IGNORECASE):
            keep = False  # praising their offer while giving in ("ten percent is nice of you") accepts it
        if keep and clause.kind == "validation" and sarcastic and re.match(r"^that'?s fair\b", clause.tidy, re.IGNORECASE):
            keep = False  # "that's fair" beside giving in concedes the point, it does not acknowledge a feeling
        if (keep and clause.kind in ("fact", "statement", "validation") and after_minimising and not on_topic(clause.tidy, topic)
                # A fact of the case ("the bill went up $60") stays; the speaker's own excuse ("I left my shoes
                # out on Sunday") after playing themselves down does not.
                and not (clause.kind == "fact" and P.FACT_TOKEN.search(clause.tidy)
                         and not re.match(r"^i\b", clause.tidy, re.IGNORECASE))):
            keep = False  # "I'm not perfect either, I left my shoes out": the excuse, not a fact of the case
        if keep and clause.kind in ("statement", "offer", "fact") and len(clause.tidy.split()) <= 8 and re.search(
                r"\b(?:something|anything|stuff|whatever)\b|^(?:someone|somebody|anyone|anybody) else\b|\bthink about it\b|"
                r"^we can try\b|\b(?:figure|work|sort|hash) (?:it|this|that|things) out\b|^that'?s (?:it|all)\W*$", clause.tidy,
                re.IGNORECASE):
            keep = False  # "we could try something": a vague idea that gives the ask away, not a fact
        if keep and clause.kind == "statement" and (not previous_kept or len(clause.tidy.split()) <= 5) and re.match(
                r"^(?:it'?d|it would|it'?ll|that'?d|that would|which would)\b", clause.tidy, re.IGNORECASE):
            keep = False  # "it'd make everyone happy" speaks of an idea that was cut: alone it means nothing
        if (keep and clause.kind in ("offer", "statement") and not previous_kept and len(clause.tidy.split()) <= 5
                and re.search(r"\b(?:that|it|this)\W*$", clause.tidy, re.IGNORECASE)):
            keep = False  # "I'm open to that" after the clause it points at was cut
        if keep and clause.lead in ("so", "because") and not previous_kept and clause.sentence == last_sentence:
            keep = False  # "... so I'm not just sitting there" after its main clause was cut says the opposite alone
        following = analysis.clauses[index + 1] if index + 1 < len(analysis.clauses) else None
        as_condition = (not keep and clause.kind in ("off_topic", "statement", "question", "weak_request")
                        and following is not None and following.sentence == clause.sentence
                        and following.kind == "benefit" and bool(CONDITIONAL_ASK.match(clause.text.replace("\u2019", "'"))))
        keep = keep or as_condition  # "if you could text me first, I'd ...": the condition is the ask, said with its gain
        if (keep and clause.kind == "benefit" and index and not kept_flags[-1]
                and analysis.clauses[index - 1].sentence == clause.sentence
                and _CONDITION.match(analysis.clauses[index - 1].text.replace("\u2019", "'"))):
            keep = False  # "if you'd do X, you'd have Y": with the condition (the real ask) cut, the gain means nothing
        if keep and orphaned_by_condition(analysis.clauses, index, kept_flags):
            keep = False  # "if we settle it today, I'll keep shopping here": the promise holds only with its condition
        kept_flags.append(keep)
        last_sentence = clause.sentence
        after_minimising = clause.kind in ("self_minimising", "apology") or (
            after_minimising and clause.kind in ("filler",))
        if not keep:
            previous_kept = False
            units += [Unit(kind="fragment", sentence=p.sentence, parts=[p]) for p in pending]
            pending = []
            continue
        if (clause.fragment or as_condition) and clause.kind not in ("request", "refusal"):
            if previous_kept and units and units[-1].sentence == clause.sentence:
                units[-1].parts.append(clause)
            else:
                pending.append(clause)
            continue
        unit = Unit(kind=clause.kind, sentence=clause.sentence)
        # A benefit takes its condition with it ("if someone could call me once a day, you'd have ..."): the
        # condition is the ask it depends on, and the gain alone would be a cryptic promise.
        forward = clause.kind in ("fact", "feeling", "statement") or (
            clause.kind in ("request", "refusal") and all(len(p.tidy.split()) <= 4 for p in pending)) or (
            clause.kind == "benefit" and any(_CONDITION.match(p.tidy) for p in pending))
        unit.parts = [p for p in pending if p.sentence == clause.sentence and forward] + [clause]
        pending = [p for p in pending if p not in unit.parts]
        for fragment in pending:
            units.append(Unit(kind="fragment", sentence=fragment.sentence, parts=[fragment]))
        pending = []
        units.append(unit)
        previous_kept = True
    for fragment in pending:
        units.append(Unit(kind="fragment", sentence=fragment.sentence, parts=[fragment]))
    # A loose fragment of one or two words without a number or date says nothing on its own ("the dishes").
    units = [u for u in units if not (u.kind == "fragment" and len(u.text.split()) <= 2)]
    for unit in units:
        unit.score = 3 * len(unit.facts) + 2 * on_topic(unit.text, topic) + (2 if unit.kind == "feeling" else 0)
    return units


_CONDITION = re.compile(r"^(?:(?:okay|ok|so|and|but)\W+)*(?:if|once|as long as)\b", re.IGNORECASE)


def _salvage(fragment: str) -> str:
    """A fact fragment said as a sentence: "forty-five minutes late" -> "You were forty-five minutes late"."""
    text = re.sub(r"^(?:only|about|like|just)\s+", "", fragment.strip(), flags=re.IGNORECASE)
    if re.search(r"\blate\b", text, re.IGNORECASE) and re.match(r"^[\w-]+ (?:minutes|hours)", text, re.IGNORECASE):
        return f"You were {_lower_first(text)}."
    if re.match(r"^[$£€\d]", text):
        text = "the " + text
    return f"This is about {_lower_first(text)}."


def _clear_request(unit: Unit, strict: bool = True, pronoun_ok: bool = False) -> str:
    """The user's request said plainly, or '' when it is too vague to be the one ask."""
    text = unit.text
    if _NAMES:
        # "marco can you ...": the name said without a comma is the vocative, not part of the ask.
        text = re.sub(rf"^(?:{'|'.join(re.escape(n) for n in _NAMES if n)}),?\s+(?=\w)", "", text, flags=re.IGNORECASE)
    low = text.lower()
    if (strict and P.WEAK_ASK.search(low)) or len(text.split()) < 3 or re.match(r"^(?:what|how|why|when|where|who|not)\b", low):
        return ""
    text = re.sub(r"^(?:could|can|would|will) you (?:please )?not\b", "please don't", text, flags=re.IGNORECASE)
    text = re.sub(r"^(?:could|can|would|will) you (?:please )?", "please ", text, flags=re.IGNORECASE)
    text = re.sub(r"^(?:could|can) we not\b", "please let's not", text, flags=re.IGNORECASE)
    text = re.sub(r"^(?:could|can) we\b", "let's", text, flags=re.IGNORECASE)
    first = text.split()[0].lower()
    if first in P.IMPERATIVE_VERBS or first in ("don't",):
        text = "please " + _lower_first(text)
    core = re.sub(r"^(?:please|let's)\s+", "", text, flags=re.IGNORECASE)
    if len(core.split()) < 3:
        return ""
    if not pronoun_ok and len(core.split()) <= 5 and re.search(r"\b(?:it|that|this|them)\b", core, re.IGNORECASE):
        return ""  # "please mention it to her": what "it" is was never said, so this is not a clear ask
    return _sentence(text, ".").replace("?", ".")


def _converted_weak_ask(unit: Unit) -> str:
    """A hinted ask with a clear object made direct ("I was hoping to ask about a referral" -> "I'm asking for a referral")."""
    text = unit.text
    match = re.match(r"^(?:I was |I'm |I am )?(?:hoping|wondering|wanting) (?:to ask |if I could ask )?(?:about|for) (.+)$",
                     text, re.IGNORECASE)
    if match is None:
        match = re.match(r"^would it be (?:okay|possible|alright) (?:for me )?to (?:get|have) (.+)$", text, re.IGNORECASE)
    if match is None:
        return ""
    rest = match.group(1).strip()
    if P.WEAK_ASK.search(rest.lower()) or len(rest.split()) < 2:
        return ""
    return f"I'm asking for {rest}."


_STUB = re.compile(r"^(?:could|can|would|will) (?:you|we)$", re.IGNORECASE)
# In a reply "it" is what the other person just spoke of: "could you mention it to her?" asks a concrete thing.
_PRONOUN_ASK = re.compile(r"\b(?:talk|chat) about it\b|\bmention it\b", re.IGNORECASE)


def _own_concrete_ask(analysis: Analysis, *, reply: bool, topic: frozenset[str]) -> str:
    """The person's own ask, hedges removed, when it is concrete enough to be the one ask ("could you, maybe, mention
    it to her?" after they said only the manager can waive it), else ''."""
    clauses = analysis.clauses
    for index, clause in enumerate(clauses):
        if clause.kind not in ("request", "weak_request") or not clause.tidy:
            continue
        text = clause.tidy
        if _STUB.match(text.strip(" ?")):
            # "could you, maybe, like, mention it to her?": the hedges split the ask; its two halves are re-joined.
            rest = next((c for c in clauses[index + 1:] if c.sentence == clause.sentence and c.tidy
                         and c.kind not in HARMFUL), None)
            if rest is None:
                continue
            text = f"{text.strip(' ?')} {_lower_first(rest.tidy)}"
        text = re.sub(r"\b(you|we) like\s+", r"\1 ", text, flags=re.IGNORECASE)  # "can we like talk": a filler
        low = text.lower()
        if not (re.match(r"^(?:(?:could|can|would|will) (?:you|we)|please|let'?s)\b", low)
                or low.split()[0] in P.IMPERATIVE_VERBS):
            continue  # "I wanted to mention it" tells of an ask; it does not make one
        if P.WEAK_ASK.search(_PRONOUN_ASK.sub("", low)) or (_PRONOUN_ASK.search(low) and not reply):
            continue
        if not reply and not on_topic(text, topic) and not _COUNT_WORD.search(low):
            continue
        said = _clear_request(Unit(kind="request", sentence=clause.sentence,
                                   parts=[Clause(text=text, sentence=clause.sentence, kind="request", tidy=text)]),
                              strict=False, pronoun_ok=reply)
        if said:
            return said
    return ""


def plan_rewrite(utterance: str, *, goal: str = "", situation: str = "", name: str = "", goal_type: str = "request",
                 ask: str = "", partner: str = "", referent: str = "") -> tuple[Plan, Analysis]:
    """Decide what to keep, what to drop and which ask to use (`partner`: the other person's last line, whose
    topic an answer may take up: "the kids are still at school" answers "I'm busy with the kids"; `referent`: a fact
    of the situation that says what a "mention it to her" ask is about)."""
    topic = topic_words(goal, situation, partner)
    # A short reply to the other person follows their words, not the situation's: "because it's family, I don't
    # want this hanging between us" is on point though it shares no word with the goal. Drift is a long line's risk.
    reply = bool(partner.strip()) and len(utterance.split()) <= REPLY_WORDS
    analysis = analyse(utterance, name=name, goal_type=goal_type, topic=topic, partner=partner)
    hedges = sum(k == "hedge" and p.lower() not in _LIGHT for c in analysis.clauses for k, p in c.problems)
    # A reply that hedges at every turn ("i dunno, i guess maybe we could ...") is not sure of its own words.
    reply = reply and hedges <= 1 and not analysis.of("threat", "attack", "sarcasm", "caving", "absolute")
    if reply:
        analysis = analyse(utterance, name=name, goal_type=goal_type, topic=frozenset(), partner=partner)
    # In a line that mocks, attacks or gives in, a bare statement ("she did mind", "there's no point then") carries
    # that tone; only facts, feelings and the person's own asks are kept from it.
    sarcastic = bool(analysis.of("sarcasm", "attack", "caving"))
    long_line = len(utterance.split()) > LONG_LINE_WORDS
    units = _make_units(analysis, long_line, topic, sarcastic, reply)
    plan = Plan()
    vocative = next((c.tidy for c in analysis.clauses if c.kind == "vocative"), "")
    plan.name = re.sub(r"^(?:hey|hi|hello|dear|so|oh|look|okay)\s+", "", vocative, flags=re.IGNORECASE).strip()
    if not plan.name and name:
        said = re.search(rf"\b(?:(?:Aunt|Uncle|Dr\.?|Mr\.?|Mrs\.?|Ms\.?)\s+)?{re.escape(name.split()[-1])}\b", utterance)
        plan.name = said.group(0) if said else ""
    _NAMES.clear()
    _NAMES.update(w.strip(".") for w in name.split())
    assert_kind = "refusal" if goal_type == "refusal" else "request"
    chosen: Unit | None = None
    for unit in units:
        if unit.kind == assert_kind or (assert_kind == "request" and unit.kind == "refusal" and goal_type == "boundary"):
            said = _clear_request(unit) if unit.kind == "request" else _sentence(unit.text)
            # A wish that names none of the goal ("I want us to be ok with money") is not the one ask when the
            # scenario's concrete ask is known.
            vague = (bool(ask) and unit.kind == "request" and not on_topic(said, topic_words(goal, situation))
                     and not _COUNT_WORD.search(said.lower()) and not P.FACT_TOKEN.search(said)
                     or bool(ask) and vague_compromise(said))
            if said and len(said.split()) >= 3 and not vague:
                chosen, plan.ask, plan.ask_is_users = unit, said, True
                break
    if chosen is None and assert_kind == "request":
        for clause in analysis.of("weak_request"):
            said = _converted_weak_ask(Unit(kind="weak_request", sentence=clause.sentence, parts=[clause]))
            if said:
                plan.ask, plan.ask_is_users = said, True
                break
    if not plan.ask:
        own = _own_concrete_ask(analysis, reply=bool(partner.strip()), topic=topic)
        if own and (_PRONOUN_ASK.search(own) or re.match(r"^please \w+ (?:it|this|that)\b", own, re.IGNORECASE)):
            # "Please mention it to her.": what "it" is comes first: the fact in play (what they were promised),
            # else the scenario's ask.
            if referent:
                own = referent.rstrip() + " " + re.sub(r"\b(?:it|this)\b", "that", own, count=1, flags=re.IGNORECASE)
            else:
                own = f"{ask.rstrip()} {own}" if ask else ""
        elif own and ask and vague_compromise(own):
            own = ""  # "can we meet in the middle?": nothing to say yes to; the scenario's ask is the one
        elif (own and ask and goal_type == "request" and not on_topic(own, topic_words(goal, situation))
              and not _COUNT_WORD.search(own.lower()) and not P.FACT_TOKEN.search(own)):
            own = f"{ask.rstrip()} {as_proposal(own)}"  # their idea answers the other person; the ask still leads
        kinds = [c.kind for c in analysis.clauses]
        asked_at = next((i for i, k in enumerate(kinds) if k in ("request", "weak_request")), len(kinds))
        if own and goal_type == "refusal" and "caving" in kinds[:asked_at] and not P.REFUSAL.search(own.lower()):
            own = ""  # "fine, take it, just fill up the tank": an ask made after saying yes is the yes's condition
        if own and goal_type == "refusal" and ask and not P.REFUSAL.search(own.lower()):
            # "maybe ask someone else?" on a no: their own words follow the no; they do not stand in for it.
            own = f"{ask.rstrip()} {own}"
        plan.ask, plan.ask_is_users = own, bool(own)
    if not plan.ask and goal_type != "refusal":
        # "Non-urgent messages can wait till morning": the outcome said as a rule is the person's ask in their words.
        chosen = next((u for u in units if u.kind in ("statement", "fact", "answer")
                       and outcome_ask(u.text, topic_words(goal, situation))), None)
        plan.ask, plan.ask_is_users = (_sentence(chosen.text), True) if chosen else ("", False)
        lead = units[units.index(chosen) - 1] if chosen and units.index(chosen) else None
        if (lead is not None and lead.kind in ("answer", "statement") and lead.sentence == chosen.sentence
                and re.search(re.escape(lead.parts[-1].text) + r"\s*:", utterance, re.IGNORECASE)):
            # "I'm asking for myself: late messages can wait": what introduced the rule stays joined to it.
            plan.ask = _sentence(f"{lead.text}: {_lower_first(chosen.text)}")
            units.remove(lead)
    if not plan.ask:
        plan.ask = ask
    if not plan.ask:
        # No scenario ask is known: the user's own hinted ask, said plainly, is better than none.
        for clause in analysis.of("weak_request", "request"):
            relaxed = clause.tidy
            said = _clear_request(Unit(kind="request", sentence=clause.sentence,
                                       parts=[Clause(text=clause.text, sentence=clause.sentence, kind="request",
                                                     tidy=relaxed)]), strict=False)
            if said.lower().startswith(("please", "let's", "i'm asking", "i'd like", "i need", "i want")):
                plan.ask, plan.ask_is_users = said, True
                break
    kept: list[Unit] = []
    for unit in units:
        if unit is chosen or unit.kind in ("request", "refusal", "weak_request"):
            # A second assert in the same sentence as the chosen one belongs to it ("call first, and don't use the key").
            if (chosen is not None and unit is not chosen and unit.sentence == chosen.sentence
                    and unit.kind == chosen.kind == "request"):
                said = _clear_request(unit) if unit.kind == "request" else unit.text
                if said:
                    plan.ask = plan.ask.rstrip(".") + ", and " + _lower_first(said.removeprefix("Please ").rstrip("."))+ "."
            continue
        if (unit.kind in ("benefit", "statement", "fact") and chosen is not None and plan.ask_is_users
                and unit.sentence == chosen.sentence and units.index(unit) == units.index(chosen) + 1):
            # "I'm asking you to stop, and you won't have to wonder why", "let's both do it: both phones in the
            # basket": what is said with the person's own ask stays joined to it, in their order; on its own it would
            # read as a cryptic promise or a fragment.
            colon = re.search(re.escape(chosen.parts[-1].text) + r"\s*:", utterance, re.IGNORECASE)
            lead = unit.parts[0].lead or ("and" if unit.kind == "benefit" else "")
            joiner = ": " if colon else f", {lead} " if lead else ", "
            plan.ask = f"{plan.ask.rstrip('.')}{joiner}{_lower_first(unit.text)}."
            continue
        if unit.kind == "offer" and goal_type != "request" and P.CAVING.search(unit.text.lower()):
            continue
        if plan.ask and tentative_twin(unit, plan.ask_is_users):
            continue  # "Could it be money instead?" after the clear ask would ask twice, the second time softly
        # A statement, or a plan announced as a fact ("we're doing Christmas at Jordan's this year"), that says what the
        # ask says is the ask twice; it goes unless it holds a time, count or amount the ask lacks.
        if (unit.kind in ("statement", "fact") and plan.ask and _overlap(unit.text, plan.ask) >= 0.5
                and not _detail(unit.text, plan.ask) and all(f.lower() in plan.ask.lower() for f in unit.facts)):
            continue
        kept.append(unit)
    if long_line:
        body = [u for u in kept if u.kind in ("fact", "statement", "feeling", "fragment", "validation")]
        best = sorted(body, key=lambda u: -u.score)[:3]
        kept = [u for u in kept if u not in body or u in best]
    plan.units = kept
    return plan, analysis


_COUNT_WORD = re.compile(r"\b(?:\d[\w:.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
                         r"forty|fifty|hundred|noon|midnight|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b")


def _detail(text: str, ask: str) -> bool:
    """Does the statement say a time, day or count the ask does not ("The sessions are at two")?"""
    said = set(_COUNT_WORD.findall(ask.lower()))
    return any(w not in said for w in _COUNT_WORD.findall(text.lower()))


def _overlap(a: str, b: str) -> float:
    wa = {w for w in re.findall(r"[a-z0-9$]+", a.lower()) if len(w) > 2}
    wb = {w for w in re.findall(r"[a-z0-9$]+", b.lower()) if len(w) > 2}
    return len(wa & wb) / len(wa) if wa else 1.0


def write(plan: Plan, limit: int) -> str:
    """The plan as text within the word limit: lowest-value facts go first, then added extras."""
    units = list(plan.units)
    extras = list(plan.extras)
    before = list(plan.before_ask)
    while True:
        text = _compose(plan.name, units, before, plan.ask, extras)
        if len(text.split()) <= limit:
            return text
        droppable = [u for u in units if u.kind not in ("benefit",)]
        shorter = [_first_clause(b) for b in before]
        if shorter != before:
            before = shorter  # an added background sentence says its first clause before anything is dropped
        elif extras:
            extras.pop()
        elif before:
            before.pop()
        elif droppable:
            units.remove(min(droppable, key=lambda u: (u.score, -len(u.text))))
        elif units:
            units.pop()
        else:
            words = text.split()
            return " ".join(words[:limit]).rstrip(",;") + ("" if words[limit - 1][-1:] in ".?!" else ".")


def _first_clause(sentence: str) -> str:
    """"The $380 laptop stopped working after 17 days, and the store ..." -> "The $380 laptop stopped working after
    17 days." (unchanged when the first clause would be too short to stand alone)."""
    # A clause ends at ", and" or "while/though/which": "the internet and electric" is one thing, not two clauses.
    parts = re.split(r", (?:and|so) | (?:while|though|although|which|who) ", sentence, maxsplit=1)
    head = parts[0].rstrip(" ,;:.")
    # Not inside a list ("a hen weekend in Ibiza, a dress, and several fittings") and not before a "but": the
    # point often comes after it ("a great roommate but you leave pots in the sink").
    return head + "." if len(parts) > 1 and len(head.split()) >= 5 and "," not in head else sentence


def _compose(name: str, units: list[Unit], before: list[str], ask: str, extras: list[str]) -> str:
    sentences: list[str] = []
    groups: list[list[Unit]] = []
    # Benefits and offers follow the ask; with no ask (a reply that settles details) the line keeps its own order.
    # An offer said in the middle of a sentence stays there ("Once it's sent, I'll be off your line, and ...").
    mixed = {u.sentence for u in units if u.kind not in ("benefit", "offer")}
    body = [u for u in units if u.kind not in ("benefit", "offer") or not ask or u.sentence in mixed]
    tail = [u for u in units if u not in body]
    for unit in body:
        if groups and groups[-1][-1].sentence == unit.sentence and "fragment" not in (unit.kind, groups[-1][-1].kind):
            groups[-1].append(unit)
        else:
            groups.append([unit])
    rest = " ".join([u.text for u in units if u.kind != "fragment"] + before + [ask] + extras).lower()
    for group in groups:
        if group[0].kind == "fragment":
            facts = group[0].facts
            # Only a thing or a time is said as "This is about ...": "the Q3 forecast", "2 a.m. karaoke".
            subordinate = not re.match(r"^(?:the|this|that|my|your|our|[$£€\d]|(?:only )?[\w-]+ (?:minutes|hours) late)",
                                       group[0].text, re.IGNORECASE)
            if facts and not subordinate and not all(f.lower() in rest for f in facts):
                sentences.append(_salvage(group[0].text))
            continue
        text = group[0].text
        for unit in group[1:]:
            lead = unit.parts[0].lead
            joiner = f", {lead} " if lead in ("and", "but", "because", "so", "or") else ", "
            text = f"{text}{joiner}{_lower_first(unit.text)}"
        sentences.append(_end(text, group[-1].parts[-1].end))
    sentences += [_end(s) for s in before]
    if ask:
        sentences.append(_end(ask))
    sentences += [_end(u.text, u.parts[-1].end) for u in tail]
    sentences += [_end(s) for s in extras]
    seen: set[str] = set()
    unique = []
    for sentence in sentences:
        key = re.sub(r"\W+", " ", sentence.lower()).strip()
        if key and key not in seen:
            seen.add(key)
            unique.append(sentence)
    if not unique:
        return ""
    first = unique[0]
    if name and not first.lower().startswith(name.lower()):
        first = f"{name}, {_lower_first(first)}"
    unique = [first] + unique[1:]
    return tidy_text(" ".join(s[:1].upper() + s[1:] for s in unique))


def _end(text: str, mark: str = ".") -> str:
    text = text.strip(" ,;:")
    tag = re.search(r", (?:wouldn'?t|won'?t|isn'?t|aren'?t|don'?t|doesn'?t|didn'?t|can'?t|couldn'?t|right) ?(?:you|it|we|they)?$",
                    text, re.IGNORECASE)
    if mark == "?" and not tag and not re.match(r"^(?:could|can|would|will|what|how|does|do|is|shall)\b", text, re.IGNORECASE):
        mark = "."
    return text if not text or text[-1] in ".?!" else text + mark


def tidy_text(text: str) -> str:
    """Final spacing and punctuation clean-up."""
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\s+([,.?!])", r"\1", text)
    text = re.sub(r"([.?!])\1+", r"\1", text)
    text = re.sub(r",\s*([.?!])", r"\1", text)
    return text[:1].upper() + text[1:] if text else text


__all__ = ["BENEFITS", "OFFER_LINE", "Plan", "plan_rewrite", "stock_benefit", "tidy", "word_limit", "write"]


def rewrite_line(utterance: str, *, focus: str, goal: str = "", situation: str = "", name: str = "",
                 goal_type: str = "request", ask: str = "", feeling: str = "", fact: str = "", partner: str = "",
                 benefit: bool = True, referent: str = "") -> tuple[str, Plan, Analysis]:
    """The rewrite of one line for a focus skill (its value, e.g. "assert"), with the plan and analysis behind it
    (`benefit=False`: no stock benefit or offer is added, the line already says what it needs)."""
    plan, analysis = plan_rewrite(utterance, goal=goal, situation=situation, name=name, goal_type=goal_type, ask=ask,
                                  partner=partner, referent=referent)
    kinds = {u.kind for u in plan.units}
    has_fact = any(u.kind == "fact" for u in plan.units) or any(u.facts for u in plan.units if u.kind == "statement")
    dropped_a_lot = bool(analysis.of("attack", "threat", "sarcasm", "caving", "absolute")) or not plan.units
    if fact and not has_fact and (focus == "describe" or dropped_a_lot) and fact not in plan.ask:
        plan.before_ask.append(fact)
    # No feeling is ever added: a feeling the person did not voice is not theirs to say (Express is left to the
    # suggestion). `feeling` is kept in the signature for callers.
    if benefit and focus == "reinforce" and "benefit" not in kinds and stock_benefit(goal_type):
        plan.extras.append(stock_benefit(goal_type))
    if benefit and focus == "negotiate" and goal_type == "request" and "offer" not in kinds:
        plan.extras.append(OFFER_LINE)
    return write(plan, word_limit(utterance)), plan, analysis
