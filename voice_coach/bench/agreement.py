"""Turns to agreement per difficulty for scripted users of different skill, with the real offline evaluator.

`voice-coach bench agreement` plays every built-in scenario with each script (turn limit 12) and prints
mean turns and how many reached agreement, by difficulty.
"""

from __future__ import annotations

import statistics
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from voice_coach.config import Settings
from voice_coach.events import ConversationEnded

SKILLED = [
    "I've asked to leave on time three times this month and each time I stayed past seven.",
    "I feel worn out and I'm worried it shows in my work.",
    "I'm asking that we agree on this clearly today.",
    "You would get my best work and fewer mistakes, which saves you time.",
    "How about we try it for a month and check in after two weeks?",
    "I hear that it's busy; I still want us to settle this today. What would work for you?",
    "If it helps, I'll send you a short update every Friday so you always know where things are.",
    "I'm asking for a clear yes on a trial, and I'll make the handover easy for you.",
    "Last quarter I delivered every report on time, and I'd like to keep it that way.",
    "I'm confident this works for both of us; can we agree on a start date?",
    "I'd be glad to review it with you after the first month.",
    "Could we put the trial in writing so we both know what we agreed?",
]
UNSKILLED = [
    "um sorry, i know this is probably stupid",
    "you always do this, you're so selfish",
    "whatever, never mind",
    "sorry, maybe it's nothing",
    "what's your problem",
    "i dunno, forget it",
    "well you never listen anyway",
    "sorry sorry, i guess it's fine",
    "you're being ridiculous",
    "never mind, i'm begging you, just forget it",
    "whatever you think",
    "this is dumb, forget i said anything",
]
# The same clear request, word for word, twelve times: ignores every objection.
REPEATED = ["I'm asking you to agree to this today."] * 12
# DBT's broken record: the same request, each time acknowledging the other side's point.
BROKEN_RECORD = [
    "I hear that this is hard for you, and I'm still asking you to agree to this today.",
    "I understand your concern, and I'm still asking you to agree to this today.",
    "I know it's not easy, and I'm still asking you to agree to this today.",
] * 4
SCRIPTS: dict[str, list[str]] = {"skilled": SKILLED, "unskilled": UNSKILLED, "identical repetition": REPEATED,
                                 "broken record, acknowledging": BROKEN_RECORD}


async def turns_to_agreement(services: Any, scenario_id: str, lines: list[str]) -> tuple[int, str]:
    """Play `lines` until the rehearsal ends; return (turns used, end reason or 'not ended')."""
    from voice_coach.conversation.session import RehearsalSession

    session = await RehearsalSession.start(services, scenario_id)
    async for _ in session.opening():
        pass
    for line in lines:
        async for event in session.user_turn(line):
            if isinstance(event, ConversationEnded):
                return session.turn_index, event.reason
    return session.turn_index, "not ended"


async def run_agreement(settings: Settings, evaluator: Any = None) -> dict[str, Any]:
    """Mean turns and agreements per difficulty and script, over all built-in scenarios."""
    from voice_coach.conversation.scenarios import load_scenarios
    from voice_coach.feedback.offline import offline_evaluator
    from voice_coach.safety.checker import SafetyChecker
    from voice_coach.conversation.services import Services
    from voice_coach.store import Store

    evaluator = evaluator or offline_evaluator(settings)
    table: dict[int, dict[str, list[tuple[int, bool]]]] = defaultdict(lambda: defaultdict(list))
    with tempfile.TemporaryDirectory() as tmp:
        cfg = settings.model_copy(update={"data_dir": Path(tmp), "counterpart": "scripted", "max_turns": 12})
        services = Services(settings=cfg, store=Store(cfg.effective_database_url), scenarios=load_scenarios(),
                            evaluator_factory=lambda: evaluator, safety=SafetyChecker())
        for scenario in sorted(services.scenarios.values(), key=lambda s: (s.difficulty, s.id)):
            for name, lines in SCRIPTS.items():
                turns, reason = await turns_to_agreement(services, scenario.id, lines)
                table[scenario.difficulty][name].append((turns, reason == "agreement"))
    return {str(d): {name: {"scenarios": len(rows), "mean_turns": round(statistics.mean(t for t, _ in rows), 1),
                            "agreed": sum(a for _, a in rows)} for name, rows in by_script.items()}
            for d, by_script in sorted(table.items())}


def markdown(result: dict[str, Any]) -> str:
    """The result as a Markdown table: mean turns (agreed/scenarios) per script and difficulty."""
    names = list(SCRIPTS)
    lines = ["| difficulty | scenarios | " + " | ".join(f"{n}: turns (agreed)" for n in names) + " |",
             "|---" * (len(names) + 2) + "|"]
    for difficulty, by_script in result.items():
        n = by_script[names[0]]["scenarios"]
        cells = [f"{by_script[s]['mean_turns']} ({by_script[s]['agreed']}/{n})" for s in names]
        lines.append(f"| {difficulty} | {n} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
