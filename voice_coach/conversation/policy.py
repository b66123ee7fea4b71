"""How the counterpart answers one line: the move from the stance, and a reaction to the line's acts.

The stance says how resistant the counterpart is; the reaction says what the reply has to deal with
first: an insult gets a hurt or defensive reply, caving is taken as the way out, small talk gets small
talk, a proposal is named and accepted, countered or rejected, a line repeated without answering the
objection gets "you're not hearing me".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from voice_coach.conversation.acts import Acts
from voice_coach.conversation.commitment import may_commit
from voice_coach.conversation.openers import thanks_only_opens
from voice_coach.conversation.scenarios import Move
from voice_coach.conversation.stance import (
    MINIMIZE_BELOW,
    PARTIAL_BELOW,
    QUESTION_BELOW,
    REPEAT_STALLS_FROM,
    StanceState,
)
from voice_coach.feedback import cues
from voice_coach.skills import Ratings


class Reaction(str, Enum):
    """What the reply responds to, besides the move."""

    ANSWER = "answer"  # the move's own lines
    ENGAGE_PROPOSAL = "engage_proposal"  # name the proposal and accept, counter or reject it
    SMALL_TALK = "small_talk"
    HURT = "hurt"  # an insult: defensive or hurt, never agreement
    TAKE_OUT = "take_out"  # the user withdrew the request: take the out, no agreement
    NOT_HEARING = "not_hearing"  # the same line again, objection ignored
    REDIRECT = "redirect"  # off topic
    GO_AHEAD = "go_ahead"  # a courtesy or preliminary: a short go-ahead, nothing to object to
    OWN_PLAN = "own_plan"  # the user's own plan or deed: accepted, objected to or asked about, never "I'll do it"


@dataclass(frozen=True)
class Plan:
    """The counterpart's move and reaction for one reply."""

    move: Move
    reaction: Reaction
    after_safety: bool = False

    @property
    def may_apologise(self) -> bool:
        """Whether the reply may say sorry (only when conceding ground)."""
        return self.move in (Move.PARTIAL_CONCESSION, Move.CONDITIONAL_AGREEMENT, Move.AGREEMENT)


_ORDER = list(Move)  # most resistant first
_YES = frozenset("ok okay sure yes yep yeah alright deal fine agreed".split())


def _at_most(move: Move, cap: Move) -> Move:
    """`move`, but no more conceding than `cap`."""
    return move if _ORDER.index(move) <= _ORDER.index(cap) else cap


def _hostile(text: str, acts: Acts) -> bool:
    """An insult or a judgment the lexical cues see (the evaluator's Mindful 'no' also covers caving)."""
    if acts.disclaims:
        return False  # "I'm not saying you're selfish" carries the word, not the judgement
    found = cues.extract(text)
    return acts.attack or acts.sarcastic or found.label > 0 or found.counter_attack > 0


def plan_reply(stance: StanceState, ratings: Ratings, acts: Acts, text: str) -> Plan:
    """Choose the move and the reaction for this line (call after `stance.apply`)."""
    after = stance.after_safety
    steer = ratings
    if not _hostile(text, acts) and ratings["mindful"] == "no":
        steer = Ratings(labels={**ratings.labels, "mindful": "yes"})
    move = stance.choose_move(steer)
    if acts.attack or acts.sarcastic:
        # Mock praise ("great job leaving the pans again") is an attack in other words: defended, never thanked.
        plan = Plan(Move.COUNTER_COMPLAINT if not after else Move.DEFLECT, Reaction.HURT, after)
    elif acts.caving:
        plan = Plan(Move.DEFLECT, Reaction.TAKE_OUT, after)
    elif acts.withholds:
        # "Nothing. Doesn't matter.": something is wrong and unsaid; the counterpart notices and asks, it neither
        # objects to a point unmade nor waves the line on
        plan = Plan(Move.CLARIFYING_QUESTION, Reaction.ANSWER, after)
    elif acts.unstated and not stance.asked:
        # Nothing asked, complained of or proposed yet: no concession, condition, reassurance or "later" has
        # anything to attach to. An admission to "hope we weren't too loud?" is acknowledged; a hint or a bare
        # yes is asked about (a minimizing or resisting move would play down a matter nobody has raised).
        reaction = Reaction.GO_AHEAD if acts.unstated == "admission" else Reaction.ANSWER
        plan = Plan(Move.CLARIFYING_QUESTION, reaction, after)
    elif acts.blame:
        # A sweeping "you always..." is a judgment: it is answered, never agreed to.
        plan = Plan(_at_most(move, Move.PARTIAL_CONCESSION) if not acts.asks else
                    _at_most(move, Move.CONDITIONAL_AGREEMENT), Reaction.ANSWER, after)
    elif acts.meets_condition and stance.asked and stance.last_move in (Move.PARTIAL_CONCESSION,
                                                                         Move.CONDITIONAL_AGREEMENT):
        # "I could do your hair that morning" to "Fine, if you help me get ready": the condition is met, the yes
        # given; going back to an objection here would answer something else.
        plan = Plan(Move.AGREEMENT, Reaction.ANSWER, after)
    elif acts.thanks and not acts.asks and stance.last_move == Move.CONDITIONAL_AGREEMENT and stance.asked:
        # "Thank you" to "yes, if...": the condition is accepted.
        plan = Plan(move if move == Move.AGREEMENT else Move.CONDITIONAL_AGREEMENT, Reaction.ANSWER, after)
    elif acts.preliminary and (acts.hear_me_out or not acts.preamble) and not (acts.feelings or acts.off_topic):
        # "I'll keep it short", "I need to tell you something", account details: nothing to object to yet; "bear
        # with me, it's about Fridays" asks to be heard even with its topic named.
        plan = Plan(_at_most(move, Move.CLARIFYING_QUESTION), Reaction.GO_AHEAD, after)
    elif acts.preamble and not stance.asked and stance.resistance < MINIMIZE_BELOW:
        # "I'm calling about my bill": the topic is announced, nothing asked yet; ask what they want.
        plan = Plan(Move.CLARIFYING_QUESTION, Reaction.ANSWER, after)
    elif acts.thanks and not (acts.asks or acts.facts or acts.feelings or acts.preamble or acts.question
                              or thanks_only_opens(text)):
        # "Thank you. When will the referral go through?" asks something: the question is answered instead.
        plan = Plan(_at_most(move, Move.CLARIFYING_QUESTION), Reaction.SMALL_TALK, after)
    elif acts.small_talk:
        words = set(re.findall(r"[a-z]+", text.lower()))
        accepting = (stance.last_move == Move.CONDITIONAL_AGREEMENT and stance.asked
                     and stance.resistance < PARTIAL_BELOW and bool(words & _YES))
        if accepting:
            # "Okay" to "yes, if you remind me": the condition is accepted.
            plan = Plan(Move.AGREEMENT if move == Move.AGREEMENT else Move.CONDITIONAL_AGREEMENT,
                        Reaction.ANSWER, after)
        else:
            plan = Plan(_at_most(move, Move.CLARIFYING_QUESTION), Reaction.SMALL_TALK, after)
    elif acts.repeated and not acts.addressed_objection:
        cap = Move.PARTIAL_CONCESSION if stance.difficulty >= REPEAT_STALLS_FROM else Move.AGREEMENT
        plan = Plan(_at_most(move, cap), Reaction.NOT_HEARING, after)
    elif acts.off_topic:
        plan = Plan(_at_most(move, Move.CLARIFYING_QUESTION), Reaction.REDIRECT, after)
    elif acts.own_plan:
        # "I've booked a cleaner for Fridays" asks nothing of the counterpart: it is reacted to, not agreed to.
        plan = Plan(move, Reaction.OWN_PLAN, after)
    elif acts.proposal:
        if (move == Move.CONDITIONAL_AGREEMENT and stance.last_move == Move.CONDITIONAL_AGREEMENT and stance.asked
                and not acts.refusal):
            # A second workable offer after "yes, if...": the deal is closed, not a fresh condition added.
            move = Move.AGREEMENT
        plan = Plan(move, Reaction.ENGAGE_PROPOSAL, after)
    elif move == Move.CLARIFYING_QUESTION and not stance.asked and acts.facts:
        # Facts before any request: react to them rather than ask what the user wants.
        plan = Plan(Move.PARTIAL_CONCESSION if stance.resistance < QUESTION_BELOW else Move.MINIMIZE,
                    Reaction.ANSWER, after)
    else:
        plan = Plan(move, Reaction.ANSWER, after)
    if plan.move in (Move.CONDITIONAL_AGREEMENT, Move.AGREEMENT) and not may_commit(stance.acts.values()):
        # A strong tone is no request: a yes or a deal needs something asked or proposed to answer.
        plan = Plan(Move.PARTIAL_CONCESSION, plan.reaction, after)
    if (plan.move == Move.MINIMIZE and stance.last_move in (Move.PARTIAL_CONCESSION, Move.CONDITIONAL_AGREEMENT,
                                                             Move.AGREEMENT) and not _hostile(text, acts)):
        # "Three weeks isn't long" right after "three weeks is longer than I meant": playing down what was just
        # granted contradicts it; the counterpart holds back with a question instead
        plan = Plan(Move.CLARIFYING_QUESTION, plan.reaction, after)
    if after and plan.move in (Move.MINIMIZE, Move.COUNTER_COMPLAINT):
        # After a crisis pause nothing may play the user's feelings down or turn on them.
        plan = Plan(Move.CLARIFYING_QUESTION if not stance.asked else Move.PARTIAL_CONCESSION,
                    plan.reaction, after)
    stance.last_move = plan.move
    return plan
