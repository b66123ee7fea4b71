"""Test doubles: a chat model with queued replies and an evaluator with given ratings.

For unit tests and demos only; the real backends are tested against real models and servers.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field

from voice_coach.feedback.cues import quick_ratings
from voice_coach.ports import ChatMessage, TurnContext
from voice_coach.skills import ALL_SKILLS, Feedback, Ratings, Skill, SkillFeedback


@dataclass
class ScriptedChatModel:
    """A ChatModel that returns queued replies and records every request in `history`."""

    name: str = "scripted-test-model"
    replies: list[str] = field(default_factory=list)
    history: list[list[ChatMessage]] = field(default_factory=list)

    def enqueue(self, *replies: str) -> None:
        """Queue replies, returned in order."""
        self.replies.extend(replies)

    def _next(self, messages: Sequence[ChatMessage]) -> str:
        self.history.append(list(messages))
        if not self.replies:
            raise AssertionError("ScriptedChatModel has no queued reply")
        return self.replies.pop(0)

    async def stream(self, messages: Sequence[ChatMessage], *, temperature: float = 0.7,
                     max_tokens: int = 200) -> AsyncIterator[str]:
        """Yield the next queued reply word by word."""
        for i, word in enumerate(self._next(messages).split(" ")):
            yield word if i == 0 else " " + word

    async def complete(self, messages: Sequence[ChatMessage], *, temperature: float = 0.0,
                       max_tokens: int = 800, json_mode: bool = False) -> str:
        """Return the next queued reply."""
        return self._next(messages)


@dataclass
class FixedEvaluator:
    """Rates with given ratings (or lexical cues when none are queued)."""

    name: str = "fixed"
    queued: list[Ratings] = field(default_factory=list)
    seen: list[TurnContext] = field(default_factory=list)

    async def evaluate(self, context: TurnContext) -> Feedback:
        """Feedback built from the next queued ratings."""
        self.seen.append(context)
        ratings = self.queued.pop(0) if self.queued else quick_ratings(context.utterance)
        skills = [SkillFeedback(skill=s, label=ratings[s], reason=f"{s.title}: {ratings[s]}") for s in ALL_SKILLS]
        return Feedback(skills=skills, focus=Skill.DESCRIBE, suggestion="Describe the facts first.",
                        rewrite=context.utterance, next_skill=Skill.EXPRESS, evaluator=self.name)
