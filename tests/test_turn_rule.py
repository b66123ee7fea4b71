"""The end-of-turn decision rule: model probability overruled by unfinished-sounding transcripts."""

from __future__ import annotations

import pytest

from voice_coach.audio.turns.rule import decide, text_cue


@pytest.mark.parametrize("text", [
    "I wanted to talk to you about",
    "I wanted to talk to you about...",
    "I think that we should, um",
    "The reason I'm upset is",
    "Last week when you",
    "I need you to",
    "and so,",
    "because",
    "Could you tell me about the?",
])
def test_unfinished_text_is_flagged(text: str) -> None:
    """Trailing conjunctions, prepositions, fillers, "is", "when you" and "..." read as unfinished."""
    assert text_cue(text) is not None


@pytest.mark.parametrize("text", [
    "I need you to tell me before you borrow my car.",
    "Thank you.",
    "Can we talk about what this is for?",
    "That's all I wanted to say.",
    "I love you",
    "he might have been made still more respectable than he was.",
    "I'm asking for a raise of 5%.",
    "",
])
def test_finished_text_is_not_flagged(text: str) -> None:
    """Ordinary sentence ends (including "you" and a question ending on a preposition) are not cues.

    A rule that flagged these would hold finished turns until the maximum wait.
    """
    assert text_cue(text) is None


def test_text_cue_overrules_a_confident_model() -> None:
    """p = 0.97 but the words end on "about": keep listening (the model alone would cut the speaker off)."""
    verdict = decide(0.97, "I wanted to talk to you about", threshold=0.5)
    assert not verdict.complete and verdict.reason == "text_incomplete"


def test_model_decides_otherwise() -> None:
    """Without a cue the threshold decides, in both directions, and a missing transcript does not block."""
    assert decide(0.6, "Please let me finish.", threshold=0.5).complete
    assert not decide(0.4, "Please let me finish.", threshold=0.5).complete
    assert decide(0.5, None, threshold=0.5).reason == "model"
