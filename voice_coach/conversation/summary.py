"""End-of-session summary: each skill over the turns, the check-in change, what went well, what next."""

from __future__ import annotations

from typing import Any

from voice_coach.conversation.checkin import change
from voice_coach.skills import ALL_SKILLS, Skill, is_positive

# What to practise next, in DEAR MAN order: emotion management (Mindful) comes first, as
# the experts in IMBUE advise, then the skills in the order a conversation uses them.
_PRACTICE_ORDER: tuple[Skill, ...] = (
    Skill.MINDFUL, Skill.DESCRIBE, Skill.EXPRESS, Skill.ASSERT, Skill.REINFORCE, Skill.NEGOTIATE,
    Skill.CONFIDENT,
)
_TIPS: dict[Skill, str] = {
    Skill.DESCRIBE: "Open with the plain facts: what happened, when, how often, with no judgment words.",
    Skill.EXPRESS: "Say how the situation affects you with an 'I feel ... when ...' sentence.",
    Skill.ASSERT: "Ask for exactly what you want in one direct sentence, without apologising for it.",
    Skill.REINFORCE: "Name what the other person gains if they say yes.",
    Skill.NEGOTIATE: "Offer a concrete alternative or ask them what would work for them.",
    Skill.MINDFUL: "When they change the subject, acknowledge it briefly and return to your request.",
    Skill.CONFIDENT: "Drop the apologies and hedges; say your request once, evenly, and pause.",
}
_WELL: dict[Skill, str] = {
    Skill.DESCRIBE: "described the facts clearly",
    Skill.EXPRESS: "expressed your feelings with 'I' language",
    Skill.ASSERT: "asked clearly for what you want",
    Skill.REINFORCE: "showed what the other person gains",
    Skill.NEGOTIATE: "offered alternatives",
    Skill.MINDFUL: "stayed on your goal",
    Skill.CONFIDENT: "came across as confident",
}


def summarize(turns: list[dict[str, Any]], checkins: dict[str, dict[str, int]],
              end_reason: str | None) -> dict[str, Any]:
    """Build the summary from stored turns (dicts with `ratings` labels and optional `prosody`)."""
    rated = [t for t in turns if t.get("ratings")]
    per_skill: dict[str, list[str]] = {s.value: [t["ratings"][s.value] for t in rated] for s in ALL_SKILLS}
    rates = {
        skill: (sum(is_positive(skill, label) for label in labels) / len(labels)) if labels else None
        for skill, labels in per_skill.items()
    }
    went_well: list[str] = []
    for skill in ALL_SKILLS:
        labels = per_skill[skill.value]
        hits = sum(is_positive(skill, label) for label in labels)
        if labels and hits and hits / len(labels) >= 0.5:
            went_well.append(f"You {_WELL[skill]} in {hits} of {len(labels)} lines.")
    practise = None
    if rated:
        weakest = min(_PRACTICE_ORDER, key=lambda s: (rates[s.value] or 0.0, _PRACTICE_ORDER.index(s)))
        practise = {"skill": weakest.value, "title": weakest.title, "tip": _TIPS[weakest]}
    tone = [t["prosody"] for t in turns if t.get("prosody")]
    return {
        "turns": len(turns),
        "rated_turns": len(rated),
        "end_reason": end_reason,
        "agreement": end_reason == "agreement",
        "skills": per_skill,
        "skill_rates": rates,
        "checkin_change": change(checkins.get("pre", {}), checkins.get("post", {})),
        "went_well": went_well[:3],
        "practise_next": practise,
        "tone": tone,
        "crisis_pauses": sum(1 for t in turns if (t.get("flags") or {}).get("crisis")),
    }
