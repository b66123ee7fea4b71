"""The crisis check's part of a rehearsal: which tier a line reaches and what each tier shows.

`pause`: the role-play stops until the person resumes or ends it. `check_in`: the role-play goes
on, but the counterpart does not answer the flagged line; the person is asked once, gently,
whether they are safe, with the resources alongside. While that check-in is open, any further
line that the check flags at all pauses instead.
"""

from __future__ import annotations

import asyncio
from typing import Any

from voice_coach.events import SafetyCheckIn, SafetyPause
from voice_coach.safety.llm_judge import LLMSafetyJudge, make_judge
from voice_coach.safety.resources import check_in_choices, check_in_message, crisis_resources, pause_message
from voice_coach.safety.result import SafetyResult


class SafetyGate:
    """Runs the checker (and the LLM judge when one is configured) and remembers an open check-in."""

    def __init__(self, checker: Any, settings: Any, chat_model_factory: Any = None) -> None:
        """`checker` is a SafetyChecker (or a test double with `check`)."""
        self.checker = checker
        self.judge: LLMSafetyJudge | None = make_judge(settings, chat_model_factory)
        self.resources_file = getattr(settings, "safety_resources_file", None)
        self.check_in_open: int | None = None  # the turn index of an unanswered check-in

    async def check(self, text: str) -> SafetyResult:
        """The tier of one line (off the event loop: the learned stage embeds a few windows)."""
        assess = getattr(self.checker, "assess", None)
        if assess is None:
            return await asyncio.to_thread(self.checker.check, text)
        result, score = await asyncio.to_thread(assess, text)
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
