"""The counterpart's resistance: one state shared by the scripted and the LLM counterpart.

Resistance starts from the scenario's difficulty and moves every turn with the user's skill
use: facts, feelings, a clear request, a benefit for the other side, an offered alternative
and staying on goal soften it; judgments, counter-attacks, drifting and caving harden it.
Harder counterparts move less per turn. The line's dialogue acts adjust the effect: an insult
always hardens, caving and small talk never soften, and a line repeated without addressing the
counterpart's objection makes no progress on difficulty 4 and above.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from voice_coach.conversation.acts import Acts
from voice_coach.conversation.scenarios import Move
from voice_coach.skills import Ratings

# Per-label effect on resistance (negative softens). Reinforce and Negotiate weigh most:
# they change what the other side gains, which is what moves a reluctant counterpart.
_LEVEL_EFFECT: dict[str, dict[str, float]] = {
    "describe": {"strong": -0.04, "weak": -0.01, "none": 0.0},
    "express": {"strong": -0.05, "weak": -0.01, "none": 0.0},
    "assert": {"strong": -0.06, "weak": -0.01, "none": 0.0},
    "reinforce": {"strong": -0.08, "weak": -0.02, "none": 0.0},
    "negotiate": {"strong": -0.08, "weak": -0.02, "none": 0.0},
    "mindful": {"yes": -0.02, "no": 0.07},
    "confident": {"yes": -0.02, "no": 0.04},
}
AGREE_BELOW = 0.15
CONDITIONAL_BELOW = 0.30
PARTIAL_BELOW = 0.50
QUESTION_BELOW = 0.65
# Nobody gives in at once: full agreement needs at least this many user lines.
MIN_TURNS_TO_AGREE = 3
MINIMIZE_BELOW = 0.80
# From this difficulty on, saying the same thing again without answering the objection gets nowhere.
REPEAT_STALLS_FROM = 4
INSULT_HARDENS = 0.08
CAVING_HARDENS = 0.04
ACKNOWLEDGING_SOFTENS = -0.02
BLAME_HARDENS = 0.03


def initial_resistance(difficulty: int) -> float:
    """Resistance at the start: 0.41 for difficulty 1 up to 0.89 for difficulty 9."""
    return 0.35 + 0.06 * difficulty


def responsiveness(difficulty: int) -> float:
    """How strongly one turn moves resistance: 1.14 for difficulty 1 down to 0.66 for 9."""
    return 1.2 - 0.06 * difficulty


def turn_delta(ratings: Ratings, difficulty: int, acts: Acts | None = None) -> float:
    """Change of resistance caused by one user line with these ratings (and dialogue acts)."""
    labels = dict(ratings.labels)
    if acts is not None and acts.disclaims and labels["mindful"] == "no":
        labels["mindful"] = "yes"  # a disclaimed judgement ("I'm not calling you lazy") is not one
    if acts is not None and acts.asks and not (acts.attack or acts.caving or acts.off_topic):
        # A clear ask with no insult, caving or drift is on goal, whatever a rating of its tone says.
        labels["mindful"] = "yes"
        if labels["assert"] == "none":
            labels["assert"] = "weak"
    raw = sum(_LEVEL_EFFECT[skill][label] for skill, label in labels.items())
    if acts is not None and acts.acknowledges and not acts.attack:
        raw += ACKNOWLEDGING_SOFTENS  # hearing the other side out (DBT's GIVE: validate)
    delta = raw * responsiveness(difficulty)
    if acts is None:
        return delta
    if acts.attack:
        return max(delta, INSULT_HARDENS)
    if acts.caving:
        return max(delta, CAVING_HARDENS)
    if acts.blame:
        return max(delta, BLAME_HARDENS)
    if acts.small_talk or acts.off_topic or acts.withholds:
        return max(delta, 0.0)  # ("Nothing. Doesn't matter." wins no ground, however its tone is rated)
    if acts.repeated and not acts.addressed_objection:
        return max(delta, 0.0) if difficulty >= REPEAT_STALLS_FROM else delta / 2
    return delta


@dataclass
class StanceState:
    """Resistance and what the user has done so far; deltas are kept per turn so a
    late, better rating of a turn replaces the quick one instead of adding to it."""

    difficulty: int
    deltas: dict[int, float] = field(default_factory=dict)
    asks: dict[int, bool] = field(default_factory=dict)
    acts: dict[int, Acts] = field(default_factory=dict)
    agreed: bool = False
    after_safety: bool = False  # a safety pause happened: the counterpart never minimises after it
    last_move: Move | None = None

    @property
    def asked(self) -> bool:
        """Whether the user has made a request (or said no) in any turn so far."""
        return any(self.asks.values())

    def forget(self, turn_index: int) -> None:
        """Drop a turn's effect (the user took the line back)."""
        self.deltas.pop(turn_index, None)
        self.asks.pop(turn_index, None)
        self.acts.pop(turn_index, None)

    @property
    def resistance(self) -> float:
        """Current resistance in [0, 1]."""
        # Clamped turn by turn, so an insult after a run of good lines is felt at once.
        value = initial_resistance(self.difficulty)
        for turn in sorted(self.deltas):
            value = min(1.0, max(0.0, value + self.deltas[turn]))
        return value

    def apply(self, turn_index: int, ratings: Ratings, acts: Acts | None = None) -> None:
        """Set (or replace) the effect of one turn's ratings; the turn's acts are kept for later ratings."""
        if acts is not None:
            self.acts[turn_index] = acts
        acts = self.acts.get(turn_index)
        self.deltas[turn_index] = turn_delta(ratings, self.difficulty, acts)
        if acts is None:
            asks = ratings["assert"] != "none"
        else:
            # The acts know a request or a no when they see one; a strong rating alone is not withdrawn.
            # A hint, a bare yes or an admission ("a bit, actually") asks nothing, however firmly it is said.
            withdrawn = (acts.caving or acts.small_talk or acts.attack or acts.preamble or acts.off_topic
                         or acts.withholds or bool(acts.unstated))
            asks = acts.asks or (ratings["assert"] == "strong" and not withdrawn)
        # A later full rating may see a request the quick one missed; never un-ask within a turn.
        self.asks[turn_index] = self.asks.get(turn_index, False) or asks

    def choose_move(self, ratings: Ratings) -> Move:
        """The counterpart's move for this turn, from resistance and this line's skill use."""
        r = self.resistance
        hostile_line = ratings["mindful"] == "no" and ratings["describe"] != "strong"
        if hostile_line and r > CONDITIONAL_BELOW:
            return Move.COUNTER_COMPLAINT
        if r < AGREE_BELOW and self.asked and len(self.deltas) >= MIN_TURNS_TO_AGREE:
            return Move.AGREEMENT
        if r < CONDITIONAL_BELOW or r < AGREE_BELOW:
            return Move.CONDITIONAL_AGREEMENT if self.asked else Move.CLARIFYING_QUESTION
        if r < PARTIAL_BELOW:
            return Move.PARTIAL_CONCESSION if self.asked else Move.CLARIFYING_QUESTION
        if r < QUESTION_BELOW:
            return Move.CLARIFYING_QUESTION
        if r < MINIMIZE_BELOW:
            return Move.MINIMIZE
        return Move.DEFLECT

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready snapshot."""
        return {"difficulty": self.difficulty, "resistance": round(self.resistance, 3),
                "asked": self.asked, "agreed": self.agreed}
