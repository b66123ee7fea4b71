"""Shared builders for tests: services with a temporary SQLite store and test evaluators."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from voice_coach.config import Settings
from voice_coach.feedback.offline import offline_evaluator
from voice_coach.ports import Evaluator, TurnContext
from voice_coach.conversation.scenarios import load_scenarios
from voice_coach.conversation.session import RehearsalSession, Services
from voice_coach.store import Store


def make_services(tmp_path: Path, *, evaluator: Evaluator | None = None, **settings: Any) -> Services:
    """Services on a fresh SQLite file; the default evaluator is the lexical-cue test double.

    Tests about what the shipped product rates or how the counterpart reacts to real ratings pass
    `evaluator=offline_evaluator(Settings())` (the shipped classifier) instead.
    """
    from .fakes import FixedEvaluator
    from voice_coach.safety.checker import SafetyChecker

    cfg = Settings(data_dir=tmp_path, **settings)
    services = Services(settings=cfg, store=Store(cfg.effective_database_url),
                        scenarios=load_scenarios(), evaluator_factory=lambda: evaluator or FixedEvaluator(),
                        safety=SafetyChecker())
    if cfg.use_llm_counterpart:
        from voice_coach.llm import OpenAIChatModel

        services.chat_model_factory = lambda model: OpenAIChatModel.from_settings(cfg, model)
    return services


async def collect(events: Any) -> list[Any]:
    """All events of an async iterator."""
    return [event async for event in events]


async def start(services: Services, scenario_id: str, **kwargs: Any) -> RehearsalSession:
    """Start a session and consume its opening."""
    session = await RehearsalSession.start(services, scenario_id, **kwargs)
    await collect(session.opening())
    return session


@contextlib.contextmanager
def live_server(services: Services, **app_options: Any) -> Iterator[int]:
    """A real uvicorn server for `services` on a free loopback port, in a thread; yields the port."""
    import socket
    import threading
    import time

    import uvicorn

    from voice_coach.server.app import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(services, **app_options), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield port
    finally:
        server.should_exit = True
        thread.join(30)


def engine_evaluator() -> Any:
    """The offline evaluator without the bank's hand-written rewrites, so the engine's own output is tested."""
    ev = offline_evaluator(Settings())
    ev.use_bank_rewrites = False
    return ev


def coach_line(ev: Any, situation: str, line: str, partner_last: str = "", name: str = "") -> tuple[str, str]:
    """(suggestion, rewrite) for one line; the goal is the situation's "I want ..." sentence."""
    goal = next((s for s in re.split(r"(?<=[.!?])\s+", situation) if s.startswith("I want")), "")
    feedback = ev.evaluate_sync(TurnContext(situation=situation, goal=goal, counterpart_name=name,
                                            partner_last=partner_last, utterance=line, turn_index=int(bool(partner_last))))
    return feedback.suggestion, feedback.rewrite


# -- the scripted counterpart's line picker ---------------------------------------------------------------------

def good_ratings() -> Any:
    """Ratings of a skilled, calm line: the stance a counterpart test starts from."""
    from voice_coach.skills import Ratings

    return Ratings(labels={"describe": "strong", "express": "strong", "assert": "strong", "reinforce": "weak",
                           "negotiate": "weak", "mindful": "yes", "confident": "yes"})


def generic_kind(kind: str) -> set[str]:
    """Every relationship's generic lines of one kind (e.g. "go_ahead")."""
    from voice_coach.conversation.replies import generic_lines

    return {line for kinds in generic_lines().values() for line in kinds.get(kind, [])}


def heard_picker(scenario_id: str, history: list[str]) -> tuple[Any, Any]:
    """A line picker that has heard `history`, each line answered with a clarifying move; and the scenario."""
    from voice_coach.conversation.acts import read_acts
    from voice_coach.conversation.policy import Plan, Reaction
    from voice_coach.conversation.replies import LinePicker
    from voice_coach.conversation.scenarios import Move

    scenario = load_scenarios()[scenario_id]
    picker = LinePicker()
    picker.remember(scenario.playbook.opening_line)
    for line in history:
        picker.pick(scenario, Plan(Move.CLARIFYING_QUESTION, Reaction.ANSWER), read_acts(line), line, asked=True)
    return picker, scenario


def scripted_reply(scenario_id: str, line: str, *, last: str = "", difficulty: int = 3) -> tuple[str, Any]:
    """The scripted counterpart's reply to one calm, skilled line after `last` (default: its opening line), and its plan."""
    from voice_coach.conversation.acts import read_acts
    from voice_coach.conversation.policy import plan_reply
    from voice_coach.conversation.replies import LinePicker
    from voice_coach.conversation.stance import StanceState

    scenario = load_scenarios()[scenario_id]
    picker = LinePicker()
    picker.remember(last or scenario.playbook.opening_line)
    acts = read_acts(line, partner_last=picker.last)
    stance = StanceState(difficulty=difficulty)
    ratings = good_ratings()
    stance.apply(0, ratings, acts)
    plan = plan_reply(stance, ratings, acts, line)
    return picker.pick(scenario, plan, acts, line, asked=stance.asked), plan


def agreed_picker(scenario_id: str, history: list[str]) -> tuple[Any, Any]:
    """A line picker that has heard `history` and already said yes: every agreeing line of the scenario spent."""
    from voice_coach.conversation.scenarios import Move

    picker, scenario = heard_picker(scenario_id, history)
    for line in scenario.playbook.lines[Move.AGREEMENT] + scenario.playbook.lines[Move.CONDITIONAL_AGREEMENT]:
        picker.remember(line)
    picker.committed = True
    picker.asked_acts = True
    return picker, scenario
