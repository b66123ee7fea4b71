"""The LLM safety judge over real HTTP (a local server speaking the OpenAI wire protocol)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import collect, make_services, start
from tests.openai_fake import FakeOpenAI, FakeOpenAIServer
from voice_coach.events import SafetyCheckIn, SafetyPause
from voice_coach.llm import OpenAIChatModel
from voice_coach.safety.checker import SafetyChecker
from voice_coach.safety.llm_judge import LLMSafetyJudge, judge_prompt, parse_verdict
from voice_coach.safety.rules import safety_dir

CHECK_IN_LINE = "honestly i don't see the point of being around anymore"


@pytest.fixture(scope="module")
def checker() -> SafetyChecker:
    """The shipped checker, rules and learned stage."""
    checker = SafetyChecker()
    checker.warm()
    return checker


@pytest.fixture
def fake() -> Iterator[FakeOpenAI]:
    """A running fake endpoint."""
    with FakeOpenAIServer() as state:
        yield state


def _judge(fake: FakeOpenAI, timeout_s: float = 30.0) -> LLMSafetyJudge:
    """A judge on the fake endpoint; the timeout is generous unless a test is about timeouts."""
    return LLMSafetyJudge(OpenAIChatModel(model="test-model", base_url=fake.base_url, api_key="k", timeout_s=5),
                          timeout_s)


def _review(judge: LLMSafetyJudge, checker: SafetyChecker, line: str) -> object:
    result, score = checker.assess(line)
    model = checker.model
    return asyncio.run(judge.review(line, result, score, model.thresholds if model else None))


def test_judge_raises_a_check_in_to_a_pause_with_the_fixed_prompt(fake: FakeOpenAI, checker: SafetyChecker) -> None:
    fake.reply('{"tier": "pause", "category": "suicide"}')
    result = _review(_judge(fake), checker, CHECK_IN_LINE)
    assert result.tier == "pause" and result.source == "llm" and result.category == "suicide"  # type: ignore[attr-defined]
    request = fake.requests[-1]
    assert request["messages"][0]["content"] == (safety_dir() / "judge.md").read_text(encoding="utf-8")
    assert CHECK_IN_LINE in request["messages"][1]["content"]
    assert request["response_format"] == {"type": "json_object"} and request["temperature"] == 0.0


def test_judge_never_lowers_a_tier(fake: FakeOpenAI, checker: SafetyChecker) -> None:
    fake.reply('{"tier": "none", "category": null}')
    assert _review(_judge(fake), checker, CHECK_IN_LINE).tier == "check_in"  # type: ignore[attr-defined]
    # A rules pause is final: the judge is not even asked.
    asked = len(fake.requests)
    assert _review(_judge(fake), checker, "I want to kill myself.").tier == "pause"  # type: ignore[attr-defined]
    assert len(fake.requests) == asked


@pytest.mark.parametrize("failure", ["slow", "error", "malformed", "not json"])
def test_judge_failures_keep_the_offline_tier(fake: FakeOpenAI, checker: SafetyChecker, failure: str) -> None:
    if failure == "slow":
        fake.slow(2.0, '{"tier": "none"}')
    elif failure == "error":
        fake.error(500)
    elif failure == "malformed":
        fake.malformed()
    else:
        fake.reply("I think this person is fine.")
    judge = _judge(fake, timeout_s=0.5)
    result = _review(judge, checker, CHECK_IN_LINE)
    assert result.tier == "check_in" and result.source == "rules"  # type: ignore[attr-defined]
    assert judge.last_error


def test_clearly_ordinary_lines_are_not_sent_to_the_judge(fake: FakeOpenAI, checker: SafetyChecker) -> None:
    result = _review(_judge(fake), checker, "Can we talk about the rota for next week?")
    assert not result.crisis and fake.requests == []  # type: ignore[attr-defined]


def test_parse_verdict_tolerates_a_fence_and_rejects_unknown_tiers() -> None:
    assert parse_verdict('```json\n{"tier": "check_in", "category": "abuse"}\n```').tier == "check_in"
    with pytest.raises(ValueError):
        parse_verdict('{"tier": "maybe"}')
    assert "JSON" in judge_prompt() and "check_in" in judge_prompt()


def test_a_session_with_an_llm_pauses_when_the_judge_says_so(fake: FakeOpenAI, tmp_path: Path) -> None:
    fake.reply('{"tier": "pause", "category": "suicide"}')
    services = make_services(tmp_path, counterpart="scripted", openai_base_url=fake.base_url, openai_api_key="k",
                             safety_llm_timeout_s=30.0)  # generous: a busy test machine, not the judge, is slow
    # As Services.create does: the chat model factory exists whenever an endpoint is configured.
    services.chat_model_factory = lambda model: OpenAIChatModel.from_settings(services.settings, model)

    async def run() -> list[object]:
        session = await start(services, "remote-fridays")
        return await collect(session.user_turn(CHECK_IN_LINE))

    events = asyncio.run(run())
    assert any(isinstance(e, SafetyPause) for e in events) and not any(isinstance(e, SafetyCheckIn) for e in events)
    assert json.loads(json.dumps(fake.requests[-1]))["model"] == "gpt-4o-mini"
