"""IMBUE's check-in before and after a rehearsal (1-7 Likert)."""

from __future__ import annotations

from typing import Literal

Phase = Literal["pre", "post"]

# Negative emotions about the situation, then self-efficacy about having the conversation.
EMOTION_ITEMS: dict[str, str] = {
    "angry": "How angry do you feel about the situation?",
    "afraid": "How afraid do you feel about the situation?",
    "sad": "How sad do you feel about the situation?",
    "disgusted": "How disgusted do you feel about the situation?",
}
EFFICACY_ITEMS: dict[str, str] = {
    "confident": "How confident do you feel about having this conversation?",
    "worried": "How worried do you feel about having this conversation?",
    "hopeful": "How hopeful do you feel about having this conversation?",
    "motivated": "How motivated do you feel to have this conversation?",
}
ITEMS: dict[str, str] = {**EMOTION_ITEMS, **EFFICACY_ITEMS}
# For these items a drop is the improvement.
LOWER_IS_BETTER: frozenset[str] = frozenset({"angry", "afraid", "sad", "disgusted", "worried"})


def validate_answers(answers: dict[str, object]) -> dict[str, int]:
    """Check item names and 1-7 integer values; raise ValueError naming the problem."""
    if not answers:
        raise ValueError("a check-in needs at least one answer")
    clean: dict[str, int] = {}
    for item, value in answers.items():
        if item not in ITEMS:
            raise ValueError(f"unknown check-in item {item!r}; expected one of {', '.join(ITEMS)}")
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 7:
            raise ValueError(f"check-in item {item!r} must be an integer from 1 to 7, got {value!r}")
        clean[item] = value
    return clean


def change(pre: dict[str, int], post: dict[str, int]) -> dict[str, dict[str, object]]:
    """Per item present in both: before, after, difference and whether it improved."""
    result: dict[str, dict[str, object]] = {}
    for item in ITEMS:
        if item in pre and item in post:
            delta = post[item] - pre[item]
            improved = delta < 0 if item in LOWER_IS_BETTER else delta > 0
            result[item] = {"pre": pre[item], "post": post[item], "delta": delta,
                            "improved": improved if delta else None}
    return result
