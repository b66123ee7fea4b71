"""The rehearsal turn loop that the CLI, the WebSocket server and the tests all drive.

Longer than most modules (about 450 lines) because it is the one place where a turn's order is
decided: safety before the reply, the move from the ratings, feedback beside the reply, barge-in,
redo, the held line of practice mode and the store writes. The parts with their own concept live
beside it (safety_gate, policy, replies, acts, stance, summary).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from voice_coach.feedback import cues
from voice_coach.conversation.acts import read_acts, scenario_words
from voice_coach.conversation.checkin import validate_answers
from voice_coach.conversation.counterpart import ReplyRequest
from voice_coach.conversation.policy import Plan, plan_reply
from voice_coach.events import (
    AnyEvent,
    ConversationEnded,
    ErrorEvent,
    FeedbackReady,
    Interrupted,
    LineHeld,
    Notice,
    PartnerTextDelta,
    PartnerTextDone,
    SessionStarted,
    StateChanged,
    TranscriptFinal,
    TurnStored,
    TurnUndone,
    Word,
)
from voice_coach.ports import TurnContext
from voice_coach.conversation.safety_gate import SafetyGate
from voice_coach.conversation.scenarios import Move, Scenario
from voice_coach.conversation.services import Services
from voice_coach.skills import Feedback, Ratings
from voice_coach.conversation.stance import StanceState
from voice_coach.conversation.summary import summarize
from voice_coach.feedback.voice_reading import VoiceResult

log = logging.getLogger(__name__)

OPENING_TURN = -1  # turn_index of the counterpart's opening line
__all__ = ["OPENING_TURN", "RehearsalSession", "Services"]  # Services is re-exported for callers


@dataclass
class _HeldLine:
    text: str
    words: list[Word] | None
    audio: np.ndarray | None
    timings: dict[str, float]
    feedback: Feedback
    voice: VoiceResult | None


class RehearsalSession:
    """One rehearsal: check-ins, the counterpart's replies, feedback per line, storage per turn."""

    def __init__(self, services: Services, scenario: Scenario, *, mode: Literal["flow", "practice"],
                 input_mode: Literal["text", "voice"], session_id: str) -> None:
        self.services = services
        self.scenario = scenario
        self.mode = mode
        self.input_mode = input_mode
        self.id = session_id
        self.turn_index = 0
        self.paused = False
        self.ended = False
        self.end_reason: str | None = None
        self.stance = StanceState(difficulty=scenario.difficulty)
        self.history: list[tuple[str, str]] = []
        self._history_turns: list[int] = []  # the turn index of each history entry
        self._full_replies: dict[int, str] = {}  # what the counterpart meant to say, before any barge-in
        self.partner_last = scenario.playbook.opening_line
        self._checkins: dict[str, dict[str, int]] = {}
        self._pending_notices: list[Notice] = []
        self._fallback_told = False
        self._held: _HeldLine | None = None
        self._interrupted: dict[int, str] = {}
        self._writes: asyncio.Task[None] | None = None  # the last barge-in store write
        self.counterpart = services.counterpart_for(self._on_fallback)
        self.last_plan: Plan | None = None
        self.last_ratings_source = "lexical"  # which ratings chose the last move: "full" or "lexical"
        self._line_arrived = time.perf_counter()
        self._topic_words = scenario_words(scenario)
        self.safety = SafetyGate(services.safety, services.settings, services.chat_model_factory,
                                 store=services.store, session_id=session_id,
                                 scenario_text=" ".join(sorted(self._topic_words)))
        self.voice_state = services.voice.new_speaker() if services.voice is not None else None

    @classmethod
    async def start(cls, services: Services, scenario_id: str, *, mode: Literal["flow", "practice"] = "flow",
                    input_mode: Literal["text", "voice"] = "text") -> "RehearsalSession":
        """Create and store a new session; KeyError for an unknown scenario."""
        if scenario_id not in services.scenarios:
            raise KeyError(scenario_id)
        if mode not in ("flow", "practice"):
            raise ValueError(f"unknown mode {mode!r}")
        scenario = services.scenarios[scenario_id]
        session_id = await asyncio.to_thread(
            services.store.create_session, scenario_id=scenario.id, scenario_title=scenario.title,
            scenario=scenario.model_dump(mode="json"), mode=mode, input_mode=input_mode)
        return cls(services, scenario, mode=mode, input_mode=input_mode, session_id=session_id)

    # -- events ----------------------------------------------------------------------------

    def started_event(self) -> SessionStarted:
        """What a client shows when the rehearsal starts."""
        s = self.scenario
        return SessionStarted(session_id=self.id, scenario_id=s.id, title=s.title, situation=s.situation,
                              goal=s.goal, counterpart_name=s.counterpart.name,
                              counterpart_relationship=s.counterpart.relationship, mode=self.mode,
                              max_turns=self.services.settings.max_turns)

    @property
    def pending(self) -> bool:
        """Practice mode: a rated line waits for `send_pending()` or a replacement."""
        return self._held is not None

    def _on_fallback(self, reason: str) -> None:
        if not self._fallback_told:
            self._fallback_told = True
            self._pending_notices.append(Notice(
                code="llm_fallback",
                message=f"The AI counterpart is unavailable ({reason}); using the scripted counterpart for now."))

    def _drain_notices(self) -> list[Notice]:
        notices, self._pending_notices = self._pending_notices, []
        return notices

    async def opening(self) -> AsyncIterator[AnyEvent]:
        """The counterpart's first line."""
        text = self.counterpart.opening(self.scenario)
        yield PartnerTextDelta(turn_index=OPENING_TURN, text=text)
        yield PartnerTextDone(turn_index=OPENING_TURN, text=text, move="opening",
                              resistance=round(self.stance.resistance, 3), source="scripted")
        yield StateChanged(state="listening")

    async def checkin(self, phase: Literal["pre", "post"], answers: dict[str, Any]) -> None:
        """Store a pre or post check-in (ValueError on unknown items or values outside 1-7)."""
        if phase not in ("pre", "post"):
            raise ValueError(f"unknown check-in phase {phase!r}")
        clean = validate_answers(answers)
        self._checkins[phase] = clean
        await asyncio.to_thread(self.services.store.add_checkin, self.id, phase, clean)
        if self.ended:
            await asyncio.to_thread(self.services.store.update_session, self.id, summary=self.summary())

    # -- turns -----------------------------------------------------------------------------

    def _context(self, text: str) -> TurnContext:
        s = self.scenario
        return TurnContext(scenario_id=s.id, category=s.category, situation=s.situation, goal=s.goal,
                           goal_type=s.goal_type, request=s.request, refusal=s.refusal,
                           counterpart_name=s.counterpart.name, partner_last=self.partner_last,
                           utterance=text, turn_index=self.turn_index, history=list(self.history))

    async def _evaluate(self, text: str) -> Feedback:
        started = time.perf_counter()
        feedback = await self.services.evaluator.evaluate(self._context(text))
        latency = (time.perf_counter() - started) * 1000
        return feedback.model_copy(update={"latency_ms": round(latency, 1)})

    async def _analyze_voice(self, audio: np.ndarray | None, words: list[Word] | None,
                             text: str, timings: dict[str, float]) -> VoiceResult | None:
        if audio is None or self.voice_state is None:
            return None
        return await asyncio.to_thread(
            self.voice_state.analyze, audio, words or [], text=text, partner_text=self.partner_last,
            partner_name=self.scenario.counterpart.name, response_latency_s=timings.get("response_latency_s"),
            first_line=self.turn_index == 0)

    async def user_turn(self, text: str, *, words: list[Word] | None = None, audio: np.ndarray | None = None,
                        timings: dict[str, float] | None = None) -> AsyncIterator[AnyEvent]:
        """Handle one user line and yield the events it causes (see the module docs)."""
        if self.ended:
            yield ErrorEvent(code="session_ended", message="This rehearsal has ended.")
            return
        if self.paused:
            yield ErrorEvent(code="session_paused", message="The rehearsal is paused; resume or end it first.")
            return
        text = " ".join(text.split())
        if not text:
            yield ErrorEvent(code="empty_turn", message="Nothing was said in that turn.")
            return
        timings = dict(timings or {})
        self._line_arrived = time.perf_counter()
        index = self.turn_index
        source: Literal["text", "voice"] = "voice" if audio is not None else "text"
        self._held = None  # a new line replaces a held one ("say it again")
        yield TranscriptFinal(turn_index=index, text=text, words=words or [], source=source)

        safety = await self.safety.check(text)
        if safety.crisis:
            # While a check-in is open, a line the check flags at all is an answer that escalates.
            escalated = self.safety.check_in_open is not None
            for event in await self.safety.flagged_turn(index, text, source, timings, safety, escalated=escalated):
                yield event
            self.turn_index = index + 1
            self.paused = safety.tier == "pause" or escalated
            yield StateChanged(state="paused" if self.paused else "listening")
            return
        if self.safety.check_in_open is not None:  # the person went on with the practice
            yield await self.safety.close_check_in("continue")

        yield StateChanged(state="thinking")
        feedback_task = asyncio.create_task(self._evaluate(text))
        voice_task = asyncio.create_task(self._analyze_voice(audio, words, text, timings))
        if self.mode == "practice":
            feedback = await feedback_task
            voice = await voice_task
            feedback = _merge_voice(feedback, voice)
            yield FeedbackReady(turn_index=index, feedback=feedback)
            for event in _voice_events(index, voice):
                yield event
            self._held = _HeldLine(text, words, audio, timings, feedback, voice)
            yield LineHeld(turn_index=index, text=text)
            yield StateChanged(state="listening")
            return
        async for event in self._respond(index, text, source, timings, feedback_task, voice_task):
            yield event

    async def send_pending(self) -> AsyncIterator[AnyEvent]:
        """Practice mode: the counterpart answers the held line."""
        held = self._held
        if held is None:
            yield ErrorEvent(code="out_of_order", message="There is no held line to send.")
            return
        self._held = None

        async def done(value: Any) -> Any:
            return value

        source: Literal["text", "voice"] = "voice" if held.audio is not None else "text"
        async for event in self._respond(self.turn_index, held.text, source, held.timings,
                                         asyncio.create_task(done(held.feedback)),
                                         asyncio.create_task(done(held.voice)), already_sent=True):
            yield event

    async def _respond(self, index: int, text: str, source: str, timings: dict[str, float],
                       feedback_task: asyncio.Task[Feedback], voice_task: asyncio.Task[Any],
                       already_sent: bool = False) -> AsyncIterator[AnyEvent]:
        started = time.perf_counter()
        ratings = await self._move_ratings(feedback_task, text)
        acts = read_acts(text, earlier=[user for user, _ in self.history], partner_last=self.partner_last,
                         topic_words=self._topic_words)
        self.stance.apply(index, ratings, acts)
        plan = plan_reply(self.stance, ratings, acts, text)
        self.last_plan = plan
        move = plan.move
        request = ReplyRequest(scenario=self.scenario, history=list(self.history), user_text=text, move=move,
                               asked=self.stance.asked, acts=acts, plan=plan)
        partner = ""
        sent = already_sent
        feedback: Feedback | None = None
        yield StateChanged(state="speaking")
        async for piece in self.counterpart.reply(request):
            if not partner:
                timings["first_partner_text_ms"] = round((time.perf_counter() - started) * 1000, 1)
            partner += piece
            for notice in self._drain_notices():
                yield notice
            yield PartnerTextDelta(turn_index=index, text=piece)
            if not sent and feedback_task.done():
                feedback = await self._feedback_result(feedback_task)
                if feedback is not None:
                    yield FeedbackReady(turn_index=index, feedback=feedback)
                sent = True
        for notice in self._drain_notices():
            yield notice
        outcome = self.counterpart.outcome
        yield PartnerTextDone(turn_index=index, text=partner, move=move.value,
                              resistance=round(self.stance.resistance, 3), source=outcome.source)
        if feedback is None:
            feedback = await self._feedback_result(feedback_task)
            if feedback is not None and not sent:
                yield FeedbackReady(turn_index=index, feedback=feedback)
        voice = await voice_task
        if voice is not None and feedback is not None and not already_sent:
            merged = _merge_voice(feedback, voice)
            if merged != feedback:
                # The text feedback went out first; the voice's Confident/Mindful readings replace it.
                feedback = merged
                yield FeedbackReady(turn_index=index, feedback=feedback)
        if not already_sent:
            for event in _voice_events(index, voice):
                yield event
        if feedback is not None:
            self.stance.apply(index, feedback.ratings)  # the full rating replaces the quick one
        timings["turn_ms"] = round((time.perf_counter() - started) * 1000, 1)
        heard = self._interrupted.pop(index, None)
        await asyncio.to_thread(
            self.services.store.add_turn, self.id, index=index, user_text=text,
            partner_text=heard if heard is not None else partner, partner_move=move.value, source=source,
            timings=timings, ratings=feedback.ratings.labels if feedback else None,
            feedback=feedback.model_dump(mode="json") if feedback else None,
            prosody=voice.stored() if voice else None,
            flags={"interrupted": True, "full_reply": partner} if heard is not None else {})
        self._full_replies[index] = partner
        self.history.append((text, heard if heard is not None else partner))
        self._history_turns.append(index)
        self.partner_last = heard if heard is not None else partner
        self.turn_index = index + 1
        late = self._interrupted.pop(index, None)
        if late is not None:  # a barge-in arrived while the turn was being written
            self.interrupt(index, late)
        yield TurnStored(turn_index=index)
        if move == Move.AGREEMENT:
            self.stance.agreed = True
            yield await self.end("agreement")
        elif self.turn_index >= self.services.settings.max_turns:
            yield await self.end("turn_limit")
        else:
            yield StateChanged(state="listening")

    async def _move_ratings(self, task: asyncio.Task[Feedback], text: str) -> Ratings:
        """The full evaluator's ratings if they arrive within the wait, else the instant lexical ones."""
        # Settings.move_ratings_wait_ms: a fixed wait would make the move depend on CPU load.
        limit = self.services.settings.move_ratings_wait_ms / 1000
        wait = limit - (time.perf_counter() - self._line_arrived)
        if limit > 0 and not task.done() and wait > 0:
            await asyncio.wait({task}, timeout=wait)
        if limit > 0 and task.done() and not task.cancelled() and task.exception() is None:
            self.last_ratings_source = "full"
            return task.result().ratings
        self.last_ratings_source = "lexical"
        return cues.quick_ratings(text)

    async def _feedback_result(self, task: asyncio.Task[Feedback]) -> Feedback | None:
        try:
            return await task
        except Exception as exc:  # feedback is an aid: a failure must not break the conversation
            log.exception("evaluator failed")
            self._pending_notices.append(Notice(code="feedback_unavailable",
                                                message=f"Feedback for this line is unavailable: {exc}"))
            return None

    @property
    def check_in_open(self) -> int | None:
        """The turn index of a safety check-in waiting for its answer, else None."""
        return self.safety.check_in_open

    async def answer_check_in(self, answer: Literal["continue", "stop"]) -> AsyncIterator[AnyEvent]:
        """The answer to an open safety check-in: go on with the role-play, or end it."""
        if self.safety.check_in_open is None:
            yield ErrorEvent(code="out_of_order", message="There is no open safety check-in.")
            return
        yield await self.safety.close_check_in(answer)
        yield await self.end("safety") if answer == "stop" else StateChanged(state="listening")

    def interrupt(self, turn_index: int, heard_text: str) -> Interrupted:
        """Barge-in: keep only what the user heard of the counterpart's reply in context and store."""
        heard_text = " ".join(heard_text.split())
        if turn_index not in self._history_turns:
            # Not written yet: applied when the turn is stored (a crisis turn has no reply to trim).
            self._interrupted[turn_index] = heard_text
            return Interrupted(turn_index=turn_index, heard_text=heard_text)
        pos = self._history_turns.index(turn_index)
        user, _ = self.history[pos]
        self.history[pos] = (user, heard_text)
        self._write_later(self.services.store.update_turn, self.id, turn_index, partner_text=heard_text,
                          flags={"interrupted": True, "full_reply": self._full_replies[turn_index]})
        if pos == len(self.history) - 1:
            self.partner_last = heard_text
        return Interrupted(turn_index=turn_index, heard_text=heard_text)

    def _write_later(self, write: Any, *args: Any, **kwargs: Any) -> None:
        """Run a store write in a worker thread after the earlier ones, so the event loop never waits on disk."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # called outside a loop (a synchronous caller): write now
            write(*args, **kwargs)
            return
        previous = self._writes

        async def run() -> None:
            if previous is not None:
                await asyncio.wait([previous])  # order matters; its failure was logged by its callback
            await asyncio.to_thread(write, *args, **kwargs)

        self._writes = loop.create_task(run())
        self._writes.add_done_callback(_log_failed_write)

    async def stored(self) -> None:
        """Wait until every barge-in write scheduled so far is on disk."""
        if self._writes is not None:
            await asyncio.wait([self._writes])

    async def redo_last(self) -> AsyncIterator[AnyEvent]:
        """Take back the last exchange so the user can say that line again (demo and practice aid)."""
        index = self.turn_index - 1
        if self.ended or index < 0 or not self._history_turns or self._history_turns[-1] != index:
            yield ErrorEvent(code="nothing_to_redo", message="There is no finished turn to take back.")
            return
        self._held = None
        await self.stored()
        await asyncio.to_thread(self.services.store.delete_turn, self.id, index)
        self.history.pop()
        self._history_turns.pop()
        self._full_replies.pop(index, None)
        self.stance.forget(index)
        self.turn_index = index
        self.partner_last = self.history[-1][1] if self.history else self.scenario.playbook.opening_line
        yield TurnUndone(turn_index=index)
        yield StateChanged(state="listening")

    async def resume(self) -> None:
        """Continue the role-play after a safety pause."""
        self.paused = False
        self.stance.after_safety = True  # the counterpart never minimises after a crisis pause

    def summary(self) -> dict[str, Any]:
        """The summary computed from what is stored."""
        row = self.services.store.get_session(self.id)
        turns = [{"ratings": t.ratings, "prosody": t.prosody, "flags": t.flags} for t in row.turns] if row else []
        return summarize(turns, self._checkins, self.end_reason)

    async def end(self, reason: str = "user") -> ConversationEnded:
        """End the rehearsal, store the summary and return the final event."""
        await self.stored()
        if not self.ended:
            self.ended = True
            self.end_reason = reason
            summary = await asyncio.to_thread(self.summary)
            await asyncio.to_thread(self.services.store.end_session, self.id, reason, summary)
            if self.voice_state is not None:
                baseline = self.voice_state.baseline_dict()
                if baseline:
                    await asyncio.to_thread(self.services.store.update_session, self.id,
                                            voice_baseline=baseline)
        else:
            summary = await asyncio.to_thread(self.summary)
        return ConversationEnded(reason=self.end_reason or reason, summary=summary)  # type: ignore[arg-type]


def _log_failed_write(task: asyncio.Task[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("storing a barge-in failed", exc_info=task.exception())


def _merge_voice(feedback: Feedback, voice: VoiceResult | None) -> Feedback:
    """Let voice-based Confident/Mindful readings replace the text ones, marked as from the voice."""
    if voice is None or not voice.skills:
        return feedback
    by_skill = {item.skill: item for item in voice.skills}
    merged = [by_skill.get(item.skill, item) for item in feedback.skills]
    return feedback.model_copy(update={"skills": merged})


def _voice_events(index: int, voice: VoiceResult | None) -> list[AnyEvent]:
    return voice.events(index) if voice is not None else []
