"""The LLM counterpart gets the line's acts and the planned reaction, and keeps its persona (real HTTP)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from voice_coach.bench.dialogue import load_dialogues, run_dialogues
from voice_coach.config import Settings
from voice_coach.conversation.counterpart import in_persona
from voice_coach.events import PartnerTextDone

from .helpers import collect, make_services, start
from .openai_fake import FakeOpenAI, FakeOpenAIServer

# Generous timeouts: these tests are about what is said, not about slow endpoints.
TIMEOUTS = {"llm_first_token_timeout_s": 10.0, "llm_timeout_s": 15.0}


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeOpenAI]:
    with FakeOpenAIServer() as state:
        yield state


@pytest.fixture
def services(tmp_path: Path, fake: FakeOpenAI):  # type: ignore[no-untyped-def]
    fake.queue.clear()
    fake.requests.clear()
    # The crisis check's LLM judge stays off: a borderline line (an insult) would take the queued reply
    # meant for the counterpart. The judge has its own tests (tests/test_safety_judge.py).
    return make_services(tmp_path, openai_base_url=fake.base_url, counterpart="llm",
                         counterpart_model="test-model", safety_llm="off", **TIMEOUTS)


async def test_the_instruction_names_the_acts_the_reaction_and_the_proposal(services, fake: FakeOpenAI) -> None:  # type: ignore[no-untyped-def]
    fake.reply("Fridays? Maybe. What about the wrap-up call?")
    fake.reply("Excuse me? That's not how we talk to each other here.")
    session = await start(services, "remote-fridays")
    await collect(session.user_turn("Can I work from home on Fridays? I'll join the wrap-up call on video."))
    first = fake.requests[-1]["messages"][0]["content"]
    assert "clear request; never ask them what they want" in first
    assert "you join the wrap-up call on video" in first and "proposal" in first
    await collect(session.user_turn("Honestly Dana, you're a total joke."))
    second = fake.requests[-1]["messages"][0]["content"]
    assert "The user insulted you" in second and "Your move for this reply: counter complaint" in second
    assert "Do not apologise" in second


@pytest.mark.parametrize("reply", [
    "As an AI, I can't really have opinions about remote work.",
    "I'm here to help you practise this conversation. Great question!",
    "How can I help you today? Let me know.",
    "The user is asking to work from home on Fridays.",
    "I'm sorry you feel that way. Let's find a solution together.",
    "You said that you want to work from home on Fridays, starting next month.",
])
async def test_off_persona_replies_fall_back_to_the_script(services, fake: FakeOpenAI, reply: str) -> None:  # type: ignore[no-untyped-def]
    fake.reply(reply)
    session = await start(services, "remote-fridays")
    events = await collect(session.user_turn("Honestly Dana, you're a total joke."))
    done = next(e for e in events if isinstance(e, PartnerTextDone))
    assert done.source == "scripted" and done.text != reply


async def test_in_persona_reply_is_spoken_and_never_repeated_by_the_script(services, fake: FakeOpenAI) -> None:  # type: ignore[no-untyped-def]
    line = "If you join the wrap-up call on video every week, I could try it."
    fake.reply(line)
    fake.error(500)
    session = await start(services, "remote-fridays")
    first = next(e for e in await collect(session.user_turn("Can I work from home on Fridays?"))
                 if isinstance(e, PartnerTextDone))
    assert first.source == "llm" and first.text == line
    second = next(e for e in await collect(session.user_turn("I'll join the wrap-up call on video every week."))
                  if isinstance(e, PartnerTextDone))
    assert second.source == "scripted" and second.text != line


def test_persona_rules_allow_ordinary_replies() -> None:
    assert in_persona("You said Fridays. Why Fridays and not Mondays?")
    assert in_persona("Sorry, I didn't realise the kettle was blocked.", may_apologise=True)
    assert not in_persona("I'm sorry you feel that way.", may_apologise=False)
    user = "I would really like us to wash up on the same day we cook."
    assert not in_persona("I would really like us to wash up on the same day we cook, you say.", user_text=user)


async def test_fallback_rate_counts_the_replies_the_script_had_to_give(tmp_path: Path, fake: FakeOpenAI) -> None:
    fake.queue.clear()
    dialogues = [d for d in load_dialogues() if d["id"] in ("fridays-can-i", "dishes-insult")]
    turns = sum(len(d["turns"]) for d in dialogues)
    assert turns == 4
    fake.reply("Fridays are when the client calls happen. Why Friday?")
    fake.reply("As an AI, I think remote work is great.")
    fake.reply("Wow. That's a horrible thing to say to me.")
    fake.reply("How can I help you today?")
    settings = Settings(data_dir=tmp_path, openai_base_url=fake.base_url, counterpart_model="test-model", **TIMEOUTS)
    out = await run_dialogues(settings, counterpart="llm", dialogues=dialogues, warm_up=False)
    assert out["replies"] == 4 and out["scripted_replies"] == 2 and out["llm_fallback_rate"] == 0.5


@pytest.mark.parametrize(("line", "reply", "crisis"), [
    ("Honestly Dana, you're a total joke.", "You're right, let's do Fridays from home.", False),
    ("Actually, forget it. Never mind, it's fine.", "Of course! Fridays from home it is.", False),
    ("Can I work from home on Fridays?", "Okay. What is it you'd like from me?", False),
    ("Can I work from home on Fridays?", "Honestly, you're overthinking this, it's not a big deal.", True),
])
async def test_replies_that_go_against_the_plan_fall_back(services, fake: FakeOpenAI, line: str, reply: str,
                                                          crisis: bool) -> None:  # type: ignore[no-untyped-def]
    session = await start(services, "remote-fridays")
    if crisis:
        await collect(session.user_turn("I don't want to be alive anymore."))
        await session.resume()
    fake.reply(reply)
    events = await collect(session.user_turn(line))
    done = next(e for e in events if isinstance(e, PartnerTextDone))
    # Either the whole reply fell back, or it was cut before the sentence that broke the plan.
    offending = [part for part in reply.replace("? ", "?|").replace(". ", ".|").split("|") if part != "Okay."]
    assert done.text != reply and not any(part in done.text for part in offending)
    assert done.source == "scripted" or done.text == "Okay."
