"""What a clause says about the speaker's own position, which the phrase rules would cut as a filler or a hedge.

- A bare "No," or "Yes," first in a reply to a yes/no question ("Did your sister put you up to this?") is the answer:
  without it the rest of the line dodges the question.
- "I'm asking for myself" / "I'm speaking for myself" looks like an ask but names nothing to do: it is a stance, and
  after "nobody else minds" it is the answer, so it is kept rather than dropped as a vague request.
- "I think it's fair" / "I believe that's reasonable" is an opinion owned in the first person, not a softener: the
  "I think" is what makes it an I-statement, and "It's fair." said as a bare verdict is harder to hear.
- "I guess it kind of bothers me?" is a feeling with hedges around it: the hedges go, "It bothers me." stays.
- "It'd be better for everyone" names no gain anyone could picture: it is not kept as a benefit.
- A strong line that ends on a vague tail after its ask ("It would really help, for everyone, and I'm sure we can
  work something out.") is kept without that last sentence: the tail undercuts the clear ask (`vague_tail`).
- "I'm only part time" / "I'm just the new guy" plays the speaker's standing down: self-minimising, never kept (a
  situation word such as "part-time" must not make it look like an on-topic fact).

Each is a pass over the clauses after the phrase rules have classed them (`clauses.py` calls `mark_stances`).
"""

from __future__ import annotations

import re
from typing import Protocol

from voice_coach.feedback.proposals import vague_compromise

_YES_NO_QUESTION = re.compile(
    r"^(?:\w+,\s*)?(?:did|do|does|is|are|was|were|have|has|had|can|could|will|would|should|shall|am|"
    r"isn'?t|aren'?t|wasn'?t|weren'?t|don'?t|doesn'?t|didn'?t|haven'?t|hasn'?t|won'?t|wouldn'?t)\b", re.IGNORECASE)
_BARE_ANSWER = re.compile(r"^(?:no|nope|yes|yeah|yep|of course not|of course)\W*$", re.IGNORECASE)
_FOR_MYSELF = re.compile(r"^(?:and |but |so )?(?:i'?m|i am) (?:asking|saying (?:this|it)|speaking|doing this|asking this)"
                         r" (?:for|about) (?:myself|me)\W*$|^(?:and |but )?(?:this|it) is (?:for|about) me\W*$",
                         re.IGNORECASE)
_OPINION = re.compile(r"^(?:and |but |so )?(?P<lead>i (?:think|believe|feel))(?: that)? (?P<rest>(?:it'?s|it is|that'?s|that is|"
                      r"this is|it was|that was|it would be|that would be|it'?d be) (?:only |really |just |totally )?"
                      r"(?:fair|unfair|reasonable|unreasonable|right|wrong|fine|not fair|not right|not okay|not ok|"
                      r"(?:a )?(?:fair|reasonable) (?:ask|deal|trade|request|split|share))\b.*)$", re.IGNORECASE)
_HEDGED_FEELING = re.compile(r"^(?:it|this|that) (?:really |still )?(?:bothers|upsets|hurts|worries|annoys|frustrates|"
                             r"stresses|saddens|scares|embarrasses) me(?: out)?\b", re.IGNORECASE)
_VAGUE_GAIN = re.compile(r"^(?:and |so )?(?:it|that|this)(?:'d| would|'ll| will)? (?:really )?(?:be|make (?:it|things))"
                         r" (?:a lot |so much |way )?(?:better|easier|nicer|good|great) (?:for )?(?:everyone|everybody|"
                         r"all of us|us all|us|both of us|all round|all around)\W*$", re.IGNORECASE)

_LOWLY = re.compile(r"^(?:and |but |so )?(?:i'?m|i am) (?:only|just) (?:a |an |the )?(?:new |junior )?(?:part[- ]time(?:r)?|"
                    r"intern|temp|trainee|assistant|volunteer|new (?:here|guy|girl|hire|person)|junior|kid|student|"
                    r"one person)\b", re.IGNORECASE)

_BARE_HELP = re.compile(r"^(?:and |so )?(?:it|that|this)(?:'d| would|'ll| will)? (?:really |so |just )?(?:help|be (?:good|great|"
                        r"nice|better|best))(?: (?:a lot|so much))?\W*$|^for (?:everyone|everybody|all of us|us all|both of us)"
                        r"\W*$|^i'?m sure we (?:can|could|will|'ll) (?:work|figure|sort) (?:something|it|this|things) out\W*$",
                        re.IGNORECASE)


class _Clause(Protocol):
    text: str
    tidy: str
    kind: str
    sentence: int
    fragment: bool
    problems: list[tuple[str, str]]


def answers_yes_no(partner: str) -> bool:
    """Is the other person's last line a yes/no question ("Did Jordan put you up to this?")?"""
    said = partner.replace("\u2019", "'").strip()
    last = re.split(r"(?<=[.!])\s+", said)[-1] if said else ""
    return last.endswith("?") and bool(_YES_NO_QUESTION.match(last))


def opinion(text: str) -> str:
    """The clause as an owned opinion ("I think it's fair, ...") when it is one, else ''."""
    match = _OPINION.match(text.replace("\u2019", "'").strip(" ,.!?"))
    if not match:
        return ""
    lead = match.group("lead")
    return "I" + lead[1:] + " " + match.group("rest")


def owns_feeling(text: str) -> bool:
    """Is the sentence a plain "it bothers me" / "it stresses me out" feeling?"""
    return bool(_HEDGED_FEELING.match(text.replace("\u2019", "'").strip(" ,.!?")))


def vague_gain(text: str) -> bool:
    """Is this benefit only "better for everyone", with no gain named?"""
    return bool(_VAGUE_GAIN.match(text.replace("\u2019", "'").strip(" ,.!?")))


def vague_tail(clauses: list[_Clause], sentences: list[str]) -> str:
    """The line's last sentence as said, when it comes after the ask and names no gain or terms ('' otherwise)."""
    if not clauses or len(sentences) < 2:
        return ""
    last = clauses[-1].sentence
    tail = [c for c in clauses if c.sentence == last]
    asked = any(c.kind in ("request", "refusal") for c in clauses if c.sentence < last)
    vague = all(c.kind in ("filler", "statement", "benefit", "offer", "off_topic") and (
        not c.tidy or vague_gain(c.tidy) or vague_compromise(c.tidy) or _BARE_HELP.match(c.tidy.replace("\u2019", "'")))
        for c in tail)
    return sentences[-1] if asked and vague and any(c.tidy for c in tail) else ""


def mark_stances(clauses: list[_Clause], partner: str, hostile_kinds: frozenset[str]) -> None:
    """Re-class the clauses that state the speaker's position (see the module docstring); in place."""
    yes_no = answers_yes_no(partner)
    for index, clause in enumerate(clauses):
        said = clause.text.replace("\u2019", "'").strip()
        if clause.kind in hostile_kinds:
            continue
        if index == 0 and yes_no and _BARE_ANSWER.match(said):
            # The answer to their yes/no question; the rest of its sentence belongs to it (read by `_answers`).
            clause.kind, clause.tidy, clause.fragment = "answer", said.strip(" ,.!?").capitalize(), False
        elif clause.kind in ("statement", "off_topic", "fact") and _LOWLY.match(said):
            clause.kind = "self_minimising"
            clause.problems.append(("self_minimising", said.strip(" ,.!?")))
        elif _FOR_MYSELF.match(said):
            clause.kind = "answer" if partner.strip() else "statement"
            clause.tidy, clause.fragment = _plain(said), False
        elif opinion(said):
            clause.tidy = _plain(opinion(said))
            clause.problems = [p for p in clause.problems if not (p[0] == "hedge" and p[1].lower() in
                                                                  ("i think", "i believe", "i feel"))]
            if clause.kind in ("off_topic", "filler"):
                clause.kind = "statement"
        elif clause.kind in ("filler", "statement", "off_topic") and _HEDGED_FEELING.match(clause.tidy.replace("\u2019", "'")):
            # The hedges stay named as problems; the feeling they were wrapped round is the person's own.
            clause.kind, clause.fragment = "feeling", False
            clause.tidy = clause.tidy[:1].upper() + clause.tidy[1:]
        elif clause.kind == "benefit" and vague_gain(clause.tidy):
            clause.kind = "filler"


def _plain(text: str) -> str:
    text = re.sub(r"^(?:and|but|so)\s+", "", text.strip(" ,.!?"), flags=re.IGNORECASE)
    text = re.sub(r"\bi\b", "I", text)
    return re.sub(r"\bi'(m|d|ll|ve)\b", r"I'\1", text)
