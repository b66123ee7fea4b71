"""Create and save a custom scenario from the user's own situation and goal (CLI and server)."""

from __future__ import annotations

from pathlib import Path

from voice_coach.config import Settings
from voice_coach.ports import ChatMessage
from voice_coach.conversation.builder import build_offline, build_with_llm
from voice_coach.conversation.scenarios import Scenario, save_scenario


async def create_custom_scenario(settings: Settings, *, situation: str, goal: str, counterpart_name: str = "",
                                 relationship: str = "", category: str = "custom", difficulty: int = 5,
                                 use_llm: bool = True) -> tuple[Scenario, Path]:
    """Build a scenario (LLM when configured and allowed, else offline) and save it in the user folder."""
    kwargs = {"counterpart_name": counterpart_name, "relationship": relationship, "category": category,
              "difficulty": difficulty}
    if use_llm and settings.llm_configured:
        from voice_coach.llm import OpenAIChatModel

        model = OpenAIChatModel.from_settings(settings, settings.counterpart_model)

        async def complete(messages: list[dict[str, str]]) -> str:
            return await model.complete([ChatMessage(**m) for m in messages], temperature=0.4, max_tokens=2500)

        scenario = await build_with_llm(complete, situation, goal, **kwargs)  # type: ignore[arg-type]
    else:
        scenario = build_offline(situation, goal, **kwargs)  # type: ignore[arg-type]
    path = save_scenario(scenario, settings.user_scenarios_dir)
    return scenario, path
