"""The end-of-turn decision rule: model probability overruled by unfinished-sounding transcripts."""

from __future__ import annotations

import pytest

from voice_coach.audio.turns.rule import decide, finished_cue, text_cue


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
    "When you came home last night.",
    "Could you maybe?",
    "would it be possible to?",
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
    "When you raise your voice, I stop listening.",
    "When can we talk about it?",
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


@pytest.mark.parametrize("text", [
    "Can we talk about how the chores are split?",
    "I would like to work from home on Fridays.",
    "Please let me finish before you answer!",
])
def test_finished_lines_read_as_finished(text: str) -> None:
    """A whole request, statement or question closed by Whisper's sentence punctuation reads as finished."""
    assert finished_cue(text) is not None


@pytest.mark.parametrize("text", [
    "I wanted to talk to you about",
    "I wanted to talk to you about.",
    "I think that we should,",
    "He was not.",
    "Could you maybe?",
    "When you came home last night...",
    "",
])
def test_fragments_do_not_read_as_finished(text: str) -> None:
    """No closing punctuation, an unfinished ending or a short fragment: not evidence of a finished line.

    A rule that took these as finished would end the turn in the middle of a thinking pause.
    """
    assert finished_cue(text) is None


def test_finished_words_end_the_turn_when_the_model_is_unsure() -> None:
    """p = 0.2 (below 0.5) with a whole request: complete, by the text; below the text threshold: not."""
    verdict = decide(0.2, "I would like to work from home on Fridays.", threshold=0.5, text_threshold=0.1)
    assert verdict.complete and verdict.reason == "text_complete"
    assert not decide(0.05, "I would like to work from home on Fridays.", threshold=0.5, text_threshold=0.1).complete
    assert not decide(0.2, "I would like to work from home on Fridays.", threshold=0.5, text_threshold=None).complete


def test_unfinished_words_hold_even_with_a_text_threshold() -> None:
    """p = 0.2 and a fragment: keep listening (the finished-text path must not open for fragments)."""
    assert not decide(0.2, "I wanted to talk to you about.", threshold=0.5, text_threshold=0.1).complete


@pytest.mark.parametrize("text", ["I think that we should.", "I was thinking we could.", "Maybe you might."])
def test_subject_with_a_bare_modal_reads_unfinished(text: str) -> None:
    """A statement ending on "we should." still waits for its verb; the first rule let it end the turn."""
    assert text_cue(text) is not None
    assert not decide(0.9, text).complete


@pytest.mark.parametrize("text", ["Could you?", "Will you?", "I should call her.", "I think we should talk."])
def test_modal_questions_and_modals_with_their_verb_read_finished(text: str) -> None:
    """Only a statement that stops right after the modal is held; questions and full verb phrases are not."""
    assert text_cue(text) is None
