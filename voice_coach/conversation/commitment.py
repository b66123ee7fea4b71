"""Committing replies need evidence: a yes, a deal or a concession only answers what was asked or proposed.

A committing line ("Of course", "Your call", "Eleven o'clock on weeknights it is", "Fine, as long as tournament
nights are an exception") agrees to something. It is said only when the user has asked for, proposed or refused
something concrete in the session; a line that opens with a yes answers only a line that asks, proposes or
accepts a condition now (not a description of symptoms or a worry); and a deal may name only the figures,
days and times someone has said ("eleven o'clock" before anyone named a time is a deal nobody offered). When
the user proposes figures, a yes keeps to them ("eight now and four in March" is not met with "twelve").
The move itself is held below a deal when nothing concrete was asked (`may_commit`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from voice_coach.conversation.acts import Acts

# A reply that opens with a yes or a grant ("Of course.", "Sure, if...", "Okay, fair enough.", "Fair, ...").
YES_OPENER = re.compile(
    r"^\W*(?:(?:okay|ok|alright|all right|right|well|yeah|oh|mm|hmm)[,.!]*\s+)?(?:of course|absolutely|certainly|"
    r"sure\b|deal\b|fair\b|fair enough|yes\b|yep\b|go on then|that'?s (?:reasonable|fair|fine|a deal)|agreed\b|"
    r"no problem|consider it done|fine,? (?:as long|if|then|by me)|you'?re on\b)", re.IGNORECASE)
# A grant anywhere in a reply: the matter decided for the user ("Your call.", "Eleven on weeknights it is.").
GRANT = re.compile(r"\byour call\b|\b\w+ it is[.!]|\bdeal[.!]|\bconsider it done\b|\bi'?m on board\b|"
                   r"\bi can (?:work with|live with|agree to) that\b", re.IGNORECASE)
# What a deal may only name once it was said: numbers, days of the week, clock times.
DETAIL = re.compile(
    r"\b(?:\d+(?:[.,]\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|half|quarter|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|weeknights?|weekends?|midnight|noon|"
    r"o'?clock)s?\b", re.IGNORECASE)


# A line that takes up what was offered ("Great, that really helps.", "Sounds good."): a yes may answer it.
ACCEPTS = re.compile(r"^\W*(?:great|perfect|brilliant|lovely|sounds (?:good|great|fair)|that (?:really )?(?:helps|works)|"
                     r"okay|ok|alright|all right|deal|done|agreed|good|fine|yes|yeah)\b", re.IGNORECASE)


def details(text: str) -> frozenset[str]:
    """The figures, days and times a line names, lower-cased and without a plural s."""
    return frozenset(w.lower().rstrip("s") for w in DETAIL.findall(text))


def concrete_ask(acts: Acts) -> bool:
    """Whether a line asks for, proposes or refuses something (not a courtesy, an own plan or giving in)."""
    return bool((acts.request or acts.refusal or acts.proposal) and not (acts.preliminary or acts.caving
                                                                          or acts.attack))


def may_commit(session_acts: Iterable[Acts]) -> bool:
    """Whether anything concrete has been asked or proposed in the session, so a deal can answer it."""
    return any(concrete_ask(acts) for acts in session_acts)


def answers_now(acts: Acts, text: str) -> bool:
    """Whether this line is something a yes can answer: an ask, a proposal, a no, or an acceptance."""
    # (a short line only: "Yeah, I know work messages come in, but..." acknowledges, it accepts nothing)
    short_yes = bool(ACCEPTS.search(text)) and len(text.split()) <= 8
    accepting = (acts.small_talk or acts.thanks or short_yes) and not acts.question
    return concrete_ask(acts) or accepting


@dataclass
class Ledger:
    """What the user has asked, proposed and named in the session: the evidence a committing reply needs."""

    asked: bool = False  # something concrete was asked for, proposed or refused
    named: set[str] = field(default_factory=set)  # figures, days and times said by anyone so far
    mine: set[str] = field(default_factory=set)  # those the counterpart itself named (its own offers)

    def hear(self, user_text: str, acts: Acts) -> None:
        """Take in one user line."""
        self.asked = self.asked or concrete_ask(acts)
        self.named |= details(user_text)

    def spoken(self, line: str) -> None:
        """Take in one of the counterpart's own lines (its own figures may be agreed later)."""
        self.named |= details(line)
        self.mine |= details(line)

    def backs(self, line: str, *, deal: bool, conditional: bool, acts: Acts, user_text: str,
              on_matter: bool = True, conceding: bool = False) -> bool:
        """Whether a reply may be said given what was asked: `deal` for a line of the agreeing moves, or one
        that grants ("Your call"); `conditional` when it is a yes on a condition (it may name its own terms);
        `on_matter` is False when the line left the matter ("By the way, have you tried the coffee place?");
        `conceding` for a concession, which grants the user's point and so names only details someone said."""
        if conceding and details(line) - self.named - details(user_text):
            return False  # "Fair enough, Tuesdays are hard for you" before anyone named a day
        opens_yes = bool(YES_OPENER.search(line))
        grants = bool(GRANT.search(line))
        if not (deal or opens_yes or grants):
            return True
        if not self.asked:
            return False  # a yes to nothing: "Your call." after "the noise is getting to me"
        if not on_matter:
            return False  # a deal offered in answer to a question about the new coffee place
        if (opens_yes or grants) and not answers_now(acts, user_text):
            return False  # "Of course." to "Is this serious?", "Absolutely, I'll explain" to a list of symptoms
        own = details(line)
        if (deal and not conditional) or grants:
            if own - self.named - details(user_text):
                return False  # "Eleven o'clock on weeknights it is" before anyone named a time
        if acts.proposal and details(acts.proposal) and own:
            offered = details(acts.proposal)
            # the counterpart's own earlier figures may join the proposal's, never one from the user's "if" clause
            if not own & offered or own - offered - self.mine:
                return False  # "twelve percent, effective next month" to "eight now and four in March"
        return True
