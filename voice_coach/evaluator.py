"""Evaluator factory: picks the configured evaluator (offline by default)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .config import Settings
from .cues import quick_ratings
from .ports import Evaluator, TurnContext
from .skills import ALL_SKILLS, Feedback, Skill, SkillFeedback
from .summary import _TIPS


class LexicalEvaluator:
    """Rates with lexical cues alone (the simplest offline evaluator and a report baseline)."""

    name = "lexical"

    async def evaluate(self, context: TurnContext) -> Feedback:
        """Ratings from cues, the first missing skill in DEAR MAN order as the focus."""
        ratings = quick_ratings(context.utterance)
        skills = [SkillFeedback(skill=s, label=ratings[s], reason=f"lexical cues suggest {ratings[s]}")
                  for s in ALL_SKILLS]
        focus = next((s for s in ALL_SKILLS if not ratings.positive(s)), Skill.NEGOTIATE)
        return Feedback(skills=skills, focus=focus, suggestion=_TIPS[focus], rewrite=context.utterance,
                        next_skill=focus, evaluator=self.name)


def make_evaluator(settings: Settings, chat_model: Callable[[str], Any] | None = None) -> Evaluator:
    """The evaluator the settings ask for."""
    return LexicalEvaluator()
