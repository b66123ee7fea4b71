"""Typed events that the stages of a rehearsal exchange and that clients receive.

Every event is a frozen pydantic model with a literal `type`, so the WebSocket layer
can serialise it as JSON unchanged and tests can match on classes.
"""

from __future__ import annotations

from typing import Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field

from voice_coach.skills import Feedback, Skill

State = Literal["idle", "checkin", "listening", "thinking", "speaking", "paused", "ended"]


class Event(BaseModel):
    """Base of every event."""

    model_config = ConfigDict(frozen=True)

    def to_json_dict(self) -> dict[str, Any]:
        """The event as a JSON-ready dict (what goes over the wire)."""
        return self.model_dump(mode="json")


class Word(BaseModel):
    """One recognised word with its time span in seconds from the start of the turn."""

    model_config = ConfigDict(frozen=True)

    word: str
    start: float
    end: float
    probability: float = 1.0


class SessionStarted(Event):
    """A rehearsal began: what the user needs on screen."""

    type: Literal["session_started"] = "session_started"
    session_id: str
    scenario_id: str
    title: str
    situation: str
    goal: str
    counterpart_name: str
    counterpart_relationship: str
    mode: str
    max_turns: int


class StateChanged(Event):
    """The conversation moved to another state (listening, thinking, speaking...)."""

    type: Literal["state"] = "state"
    state: State


class TranscriptPartial(Event):
    """Words recognised so far in the current user turn."""

    type: Literal["transcript_partial"] = "transcript_partial"
    text: str


class TranscriptFinal(Event):
    """The user's finished line."""

    type: Literal["transcript_final"] = "transcript_final"
    turn_index: int
    text: str
    words: list[Word] = Field(default_factory=list)
    source: Literal["text", "voice"] = "text"


class PartnerTextDelta(Event):
    """A piece of the counterpart's reply as it streams."""

    type: Literal["partner_delta"] = "partner_delta"
    turn_index: int
    text: str


class PartnerTextDone(Event):
    """The counterpart's whole reply for this turn."""

    type: Literal["partner_done"] = "partner_done"
    turn_index: int
    text: str
    move: str
    resistance: float
    source: Literal["scripted", "llm"] = "scripted"


class FeedbackReady(Event):
    """DEAR MAN ratings, suggestion, rewrite and next skill for one user line."""

    type: Literal["feedback"] = "feedback"
    turn_index: int
    feedback: Feedback


class ProsodyReady(Event):
    """Tone read-out of one spoken line (features are relative to the speaker's baseline)."""

    type: Literal["prosody"] = "prosody"
    turn_index: int
    prosody: dict[str, Any]


class Reflection(Event):
    """At most one voice-based invitation per turn (Appear confident / Mindful)."""

    type: Literal["reflection"] = "reflection"
    turn_index: int
    skill: Skill
    text: str
    cues: list[str] = Field(default_factory=list)


class Notice(Event):
    """Something the user should know once (e.g. the LLM is unreachable, using the script)."""

    type: Literal["notice"] = "notice"
    code: str
    message: str


class CrisisResource(BaseModel):
    """One place to get help now."""

    model_config = ConfigDict(frozen=True)

    name: str
    contact: str
    detail: str = ""


class SafetyPause(Event):
    """A crisis statement paused the role-play; show resources, offer to end or resume."""

    type: Literal["safety_pause"] = "safety_pause"
    turn_index: int
    category: str
    message: str
    resources: list[CrisisResource]
    # True when the line answered an open check-in (or followed one) and raised it to a pause.
    escalated: bool = False


class SafetyCheckIn(Event):
    """A line may mean risk: the role-play goes on, but first one gentle question with resources.

    The counterpart does not answer the flagged line. The client offers `choices` (continue,
    stop) and sends `safety_answer`; a next line that is itself a crisis pauses instead.
    """

    type: Literal["safety_check_in"] = "safety_check_in"
    turn_index: int
    category: str
    message: str
    resources: list[CrisisResource]
    choices: list[str]


class SafetyCheckInAnswered(Event):
    """The person answered the check-in: `continue` (the role-play goes on) or `stop`."""

    type: Literal["safety_check_in_answered"] = "safety_check_in_answered"
    turn_index: int
    answer: Literal["continue", "stop"]


class Interrupted(Event):
    """The user barged in: playback and synthesis stopped; only `heard_text` stays in context."""

    type: Literal["interrupt"] = "interrupt"
    turn_index: int
    heard_text: str


class LineHeld(Event):
    """Practice mode: the line was rated and waits; say it again (a new line) or send it as is."""

    type: Literal["line_held"] = "line_held"
    turn_index: int
    text: str


class TurnUndone(Event):
    """The last exchange was taken back ("redo the last turn"); say that line again."""

    type: Literal["turn_undone"] = "turn_undone"
    turn_index: int


class TurnStored(Event):
    """The finished turn was committed to the store."""

    type: Literal["turn_stored"] = "turn_stored"
    turn_index: int


class ConversationEnded(Event):
    """The rehearsal is over (agreement, the user ended it, or the turn limit)."""

    type: Literal["ended"] = "ended"
    reason: Literal["agreement", "user", "turn_limit", "safety", "disconnect"]
    summary: dict[str, Any] = Field(default_factory=dict)


class ErrorEvent(Event):
    """A request could not be handled; `code` is stable and documented."""

    type: Literal["error"] = "error"
    code: str
    message: str


AnyEvent = Union[
    SessionStarted,
    StateChanged,
    TranscriptPartial,
    TranscriptFinal,
    PartnerTextDelta,
    PartnerTextDone,
    FeedbackReady,
    ProsodyReady,
    Reflection,
    Notice,
    SafetyPause,
    SafetyCheckIn,
    SafetyCheckInAnswered,
    Interrupted,
    LineHeld,
    TurnUndone,
    TurnStored,
    ConversationEnded,
    ErrorEvent,
]
