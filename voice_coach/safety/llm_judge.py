"""A second opinion from an LLM, when one is configured, on lines the offline check finds borderline.

The judge gets a fixed prompt (prompts/safety/judge.md) and answers JSON with a tier and a
category. It can raise a tier, never lower one: a `pause` stays a pause, and a timeout, an error
or an unreadable answer leaves the offline tier as it was (never "safe" by default).
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel, ValidationError

from voice_coach.llm import LLMError
from voice_coach.ports import ChatMessage
from voice_coach.safety.model import LineScore, Thresholds
from voice_coach.safety.result import Category, SafetyResult, tier_rank
from voice_coach.safety.rules import safety_dir

log = logging.getLogger(__name__)


class Verdict(BaseModel):
    """The judge's JSON answer."""

    tier: Literal["pause", "check_in", "none"]
    category: Category | None = None


@cache
def judge_prompt() -> str:
    """The fixed system prompt of the judge."""
    return (safety_dir() / "judge.md").read_text(encoding="utf-8")


def parse_verdict(text: str) -> Verdict:
    """The verdict in an answer (a code fence or words around the JSON are tolerated); ValueError if none."""
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end <= start:
        raise ValueError(f"no JSON object in the judge's answer: {text[:80]!r}")
    cleaned = re.sub(r"\s+", " ", text[start:end + 1])
    try:
        return Verdict.model_validate(json.loads(cleaned))
    except (json.JSONDecodeError, ValidationError) as exc:
        raise ValueError(f"unreadable judge answer: {exc}") from exc


def should_consult(result: SafetyResult, score: LineScore | None, thresholds: Thresholds | None) -> bool:
    """Whether a line goes to the judge: not already a pause, and flagged or above the low threshold."""
    if result.tier == "pause":
        return False
    if result.crisis or score is None or thresholds is None:
        # Flagged lines may deserve a pause; without the learned stage every line is borderline.
        return True
    return score.any >= thresholds.consult or score.prototype >= thresholds.prototype - 0.05


class LLMSafetyJudge:
    """Asks an OpenAI-compatible chat model for a tier; only ever raises the offline result."""

    def __init__(self, chat_model: Any, timeout_s: float = 3.0) -> None:
        """`chat_model` has `complete(messages, temperature=, max_tokens=, json_mode=)`."""
        self.chat_model = chat_model
        self.timeout_s = timeout_s
        self.last_error: str | None = None

    async def verdict(self, text: str) -> Verdict | None:
        """The judge's verdict on one line, or None on timeout, error or an unreadable answer."""
        messages = [ChatMessage(role="system", content=judge_prompt()),
                    ChatMessage(role="user", content=f"Line: {json.dumps(text)}")]
        try:
            answer = await asyncio.wait_for(
                self.chat_model.complete(messages, temperature=0.0, max_tokens=60, json_mode=True), self.timeout_s)
            self.last_error = None
            return parse_verdict(answer)
        except (TimeoutError, LLMError, ValueError) as exc:
            self.last_error = f"{type(exc).__name__}: {exc}"
            log.warning("safety judge unavailable, keeping the offline tier: %s", self.last_error)
            return None

    async def review(self, text: str, result: SafetyResult, score: LineScore | None,
                     thresholds: Thresholds | None) -> SafetyResult:
        """The offline result, raised to the judge's tier when that is higher."""
        if not should_consult(result, score, thresholds):
            return result
        verdict = await self.verdict(text)
        if verdict is None or verdict.tier == "none" or tier_rank(verdict.tier) <= tier_rank(result.tier):
            return result
        category = verdict.category or result.category or (score.category if score else None) or "suicide"
        return SafetyResult(crisis=True, tier=verdict.tier, category=category,  # type: ignore[arg-type]
                            matched=result.matched or (score.window if score else None), source="llm")


def make_judge(settings: Any, chat_model_factory: Any) -> LLMSafetyJudge | None:
    """A judge when an LLM is configured and the setting allows it, else None (offline only)."""
    if chat_model_factory is None or getattr(settings, "safety_llm", "off") == "off":
        return None
    if not getattr(settings, "llm_configured", False):
        return None
    return LLMSafetyJudge(chat_model_factory(settings.safety_llm_model), settings.safety_llm_timeout_s)
