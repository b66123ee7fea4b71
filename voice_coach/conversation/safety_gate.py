"""The crisis check's part of a rehearsal: which tier a line reaches and what each tier shows.

`pause`: the role-play stops until the person resumes or ends it. `check_in`: the role-play goes
on, but the counterpart does not answer the flagged line; the person is asked once, gently,
whether they are safe, with the resources alongside. While that check-in is open, any further
line that the check flags at all pauses instead.
"""

from __future__ import annotations

import asyncio
from typing import Any, Literal

from voice_coach.events import (
    AnyEvent,
    SafetyCheckIn,
    SafetyCheckInAnswered,
    SafetyPause,
    TurnStored,
)
from voice_coach.safety.llm_judge import LLMSafetyJudge, make_judge
from voice_coach.safety.resources import (
    check_in_choices,
    check_in_message,
    crisis_resources,
    pause_message,
)
from voice_coach.safety.result import SafetyResult
from voice_coach.safety.topic import scenario_medication_words, soften_for_topic


class SafetyGate:
    """Runs the checker (and the LLM judge when one is configured) and remembers an open check-in."""

    def __init__(self, checker: Any, settings: Any, chat_model_factory: Any = None, *, store: Any,
                 session_id: str, scenario_text: str = "") -> None:
        """`checker` is a SafetyChecker (or a test double with `check`); flagged turns go to `store`;
        `scenario_text` is the rehearsal's own text (see `soften_for_topic`)."""
        self.checker = checker
        self.topic_medication = scenario_medication_words(scenario_text)
        self.store = store
        self.session_id = session_id
        self.judge: LLMSafetyJudge | None = make_judge(settings, chat_model_factory)
        self.resources_file = getattr(settings, "safety_resources_file", None)
        self.check_in_open: int | None = None  # the turn index of an unanswered check-in

    async def check(self, text: str) -> SafetyResult:
        """The tier of one line (off the event loop: the learned stage embeds a few windows)."""
        assess = getattr(self.checker, "assess", None)
        if assess is None:
            return await asyncio.to_thread(self.checker.check, text)
        result, score = await asyncio.to_thread(assess, text)
        # (an LLM judge may still raise the softened tier back to a pause; it never lowers one)
        result = soften_for_topic(result, self.topic_medication)
        if self.judge is None:
            return result
        model = getattr(self.checker, "model", None)
        return await self.judge.review(text, result, score, model.thresholds if model is not None else None)

    @staticmethod
    def flags(result: SafetyResult, *, escalated: bool = False) -> dict[str, Any]:
        """What is stored with the flagged turn (reports mark it; `crisis` means it paused)."""
        safety = {"tier": result.tier, "category": result.category, "source": result.source}
        if escalated:
            safety["escalated"] = True
        if result.tier == "pause" or escalated:
            return {"crisis": result.category or True, "safety": {**safety, "tier": "pause"}}
        return {"safety": safety}

    def pause_event(self, index: int, result: SafetyResult, *, escalated: bool = False) -> SafetyPause:
        """The pause: the message and the places to get help."""
        return SafetyPause(turn_index=index, category=result.category or "crisis", message=pause_message(),
                           resources=crisis_resources(self.resources_file), escalated=escalated)

    def check_in_event(self, index: int, result: SafetyResult) -> SafetyCheckIn:
        """The check-in: one gentle question, the resources, the two answers."""
        return SafetyCheckIn(turn_index=index, category=result.category or "crisis", message=check_in_message(),
                             resources=crisis_resources(self.resources_file), choices=list(check_in_choices()))

    async def flagged_turn(self, index: int, text: str, source: str, timings: dict[str, float],
                           result: SafetyResult, *, escalated: bool = False) -> list[AnyEvent]:
        """Store a flagged line (no reply, no feedback) and return the pause or check-in to show."""
        pause = result.tier == "pause" or escalated
        if self.check_in_open is not None:
            await self._mark_check_in("escalated")
        # The counterpart never answers, and never hears, a flagged line: it stays out of history.
        await asyncio.to_thread(
            self.store.add_turn, self.session_id, index=index, user_text=text, partner_text="",
            partner_move=None, source=source, timings=timings, ratings=None, feedback=None, prosody=None,
            flags=self.flags(result, escalated=escalated))
        if pause:
            return [self.pause_event(index, result, escalated=escalated), TurnStored(turn_index=index)]
        self.check_in_open = index
        return [self.check_in_event(index, result), TurnStored(turn_index=index)]

    async def close_check_in(self, answer: Literal["continue", "stop"]) -> SafetyCheckInAnswered:
        """Record the answer to the open check-in with its turn."""
        return SafetyCheckInAnswered(turn_index=await self._mark_check_in(answer), answer=answer)

    async def _mark_check_in(self, answer: str) -> int:
        index = self.check_in_open
        assert index is not None
        self.check_in_open = None
        row = await asyncio.to_thread(self.store.get_session, self.session_id)
        stored = next((t.flags for t in (row.turns if row else []) if t.index == index), None) or {}
        flags = {**stored, "safety": {**(stored.get("safety") or {}), "answer": answer}}
        await asyncio.to_thread(self.store.update_turn, self.session_id, index, flags=flags)
        return index
