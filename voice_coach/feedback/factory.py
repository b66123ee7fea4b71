"""Pick the evaluator the settings ask for, so the offline and LLM evaluators never import each other."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from voice_coach.config import Settings
from voice_coach.feedback.llm_evaluator import LLMEvaluator
from voice_coach.feedback.offline import offline_evaluator
from voice_coach.ports import Evaluator


def make_evaluator(settings: Settings, chat_model_factory: Callable[[str], Any] | None = None) -> Evaluator:
    """The evaluator the settings ask for: the LLM one when configured (with offline fallback), else offline."""
    offline = offline_evaluator(settings)
    if settings.use_llm_evaluator and chat_model_factory is not None:
        return LLMEvaluator(chat_model_factory(settings.evaluator_model), offline,
                            timeout_s=settings.llm_timeout_s)
    return offline
