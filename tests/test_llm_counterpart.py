"""The LLM counterpart through the real openai client against a local OpenAI-compatible server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from voice_coach.conversation.counterpart import clean_reply, is_usable_reply
from voice_coach.events import Notice, PartnerTextDelta, PartnerTextDone, TurnStored

from .helpers import collect, make_services, start
from .openai_fake import FakeOpenAI, FakeOpenAIServer

LINE = "I've stayed late four times this month, and I'm asking to leave at six on Fridays."


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeOpenAI]:
    with FakeOpenAIServer() as state:
        yield state


@pytest.fixture
def services(tmp_path: Path, fake: FakeOpenAI):  # type: ignore[no-untyped-def]
    fake.queue.clear()
    fake.requests.clear()
    # The LLM safety judge is off: its requests would take the counterpart's queued replies (tests/test_safety_judge.py covers it).
    return make_services(tmp_path, openai_base_url=fake.base_url, counterpart="llm", safety_llm="off",
                         counterpart_model="test-model", llm_first_token_timeout_s=1.0, llm_timeout_s=2.0)


async def test_streams_the_llm_reply_in_character(services, fake: FakeOpenAI) -> None:  # type: ignore[no-untyped-def]
    fake.reply("Fridays are when the client calls happen. Why does it have to be Friday?")
    session = await start(services, "remote-fridays")
    events = await collect(session.user_turn(LINE))
    deltas = [e for e in events if isinstance(e, PartnerTextDelta)]
    done = next(e for e in events if isinstance(e, PartnerTextDone))
    assert len(deltas) >= 2, "the reply should stream in pieces"
    assert done.source == "llm"
    assert done.text == "Fridays are when the client calls happen. Why does it have to be Friday?"
    request = fake.requests[-1]
    assert request["stream"] is True and request["model"] == "test-model"
    system = request["messages"][0]["content"]
    assert services.scenarios["remote-fridays"].counterpart.name in system
    assert "Your move for this reply" in system
    assert request["messages"][-1] == {"role": "user", "content": LINE}
    assert any(isinstance(e, TurnStored) for e in events)


@pytest.mark.parametrize("failure", ["error", "slow", "malformed", "garbage"])
async def test_failures_fall_back_to_the_script_and_tell_once(services, fake: FakeOpenAI, failure: str) -> None:  # type: ignore[no-untyped-def]
    for _ in range(2):
        if failure == "error":
            fake.error(500)
        elif failure == "slow":
            fake.slow(3.0)
        elif failure == "malformed":
            fake.malformed()
        else:
            fake.reply('{"role": "assistant", "content": null}')
    session = await start(services, "remote-fridays")
    first = await collect(session.user_turn(LINE))
    second = await collect(session.user_turn("I'm asking again: can we agree on Fridays?"))
    for events in (first, second):
        done = next(e for e in events if isinstance(e, PartnerTextDone))
        assert done.source == "scripted"
        assert done.text in {line for lines in services.scenarios["remote-fridays"].playbook.lines.values()
                             for line in lines}
        assert any(isinstance(e, TurnStored) for e in events)
    notices = [e for e in first + second if isinstance(e, Notice)]
    assert len(notices) == 1 and notices[0].code == "llm_fallback"
    stored = services.store.get_session(session.id)
    assert [t.user_text for t in stored.turns] == [LINE, "I'm asking again: can we agree on Fridays?"]


async def test_endpoint_down_falls_back(tmp_path: Path) -> None:
    services = make_services(tmp_path, openai_base_url="http://127.0.0.1:9/v1", counterpart="llm",
                             llm_first_token_timeout_s=1.0, llm_timeout_s=2.0)
    session = await start(services, "remote-fridays")
    events = await collect(session.user_turn(LINE))
    assert next(e for e in events if isinstance(e, PartnerTextDone)).source == "scripted"
    assert any(isinstance(e, Notice) for e in events)


def test_reply_cleaning_and_validation() -> None:
    assert clean_reply('Dana: "Fine, we can talk." *sighs*', "Dana") == "Fine, we can talk."
    assert is_usable_reply("Fine, we can talk about it.")
    assert not is_usable_reply("As an AI language model I cannot do that.")
    assert not is_usable_reply('{"content": "x"}')
    assert not is_usable_reply("")
