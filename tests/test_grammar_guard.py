"""The grammar guard: no broken sentence reaches the person, and quoted words stay as they were said."""

from __future__ import annotations

import pytest

from voice_coach.feedback import grammar
from voice_coach.feedback.clauses import analyse


@pytest.mark.parametrize(("sentence", "reason"), [
    ("I'm asking you to my card.", "to_without_verb"),
    ("After I've given up four weekends for your dog.", "no_main_clause"),
    ("You said I ' answer phones all day.", "lone_quote"),
    ("Please bring the the ladder back.", "doubled_word"),
    ("I'd like you to.", "dangling_end"),
    ("Sam can you stop with the jokes.", "question_as_statement"),
    ("I'm not going to promise to don't worry about it.", "to_before_negation"),
    ("I can't don't worry about it, not right now.", "to_before_negation"),
    ("You could do I look like someone who loses keys.", "question_after_modal"),
    ("Please are you even listening to me.", "question_after_modal"),
])
def test_broken_sentences_are_named(sentence: str, reason: str) -> None:
    assert grammar.broken(sentence) == reason


@pytest.mark.parametrize("sentence", [
    "Please stop texting me at midnight.",
    "That's what the key is for.",
    "Before you come over, please text me.",
    "What are you worried about?",
    "I appreciate that.",
    "Can you text me before you come over?",
    "I'd rather you tried not to worry about it.",
    "You could do it on Friday instead.",
    "What would you do if it were you?",
    "I need to know what you are planning.",
])
def test_whole_sentences_pass(sentence: str) -> None:
    assert grammar.broken(sentence) == ""


def test_a_that_is_why_whose_reason_was_cut_loses_its_opener() -> None:
    original = "You helped me move, and I won't forget it. That's why I'm telling you now. I can't lend the car."
    edited = "I can't lend the car. That's why I'm telling you now."
    assert grammar.problems(edited, original) == ["reference_cut_off: That's why I'm telling you now."]
    assert grammar.repair(edited, original) == "I can't lend the car. I'm telling you now."


def test_a_that_is_why_after_its_own_reason_stays() -> None:
    original = "You helped me move, and I won't forget it. That's why I'm telling you now."
    assert grammar.problems("You helped me move. That's why I'm telling you now.", original) == []


def test_repair_drops_a_sentence_it_cannot_mend() -> None:
    assert grammar.repair("After the last three parties. Please keep the music down after eleven.") == (
        "Please keep the music down after eleven.")


def test_quoted_words_keep_their_hedges() -> None:
    # Fails if "just" is cut out of what the other person said, leaving "I ' answer phones all day'".
    clauses = analyse("at the last two dinners you said I 'just answer phones all day', in front of everyone").clauses
    assert "'just answer phones all day'" in clauses[0].tidy
    assert not any(kind == "hedge" for c in clauses for kind, _ in c.problems)


def test_a_suggestion_that_offers_a_broken_sentence_fails() -> None:
    from voice_coach.feedback.coaching import _suggestion_failures

    failures = _suggestion_failures('Say what you want in one sentence: "I\'m asking you to my card."', "whatever")
    assert any(f.startswith("broken: to_without_verb") for f in failures)
    assert not _suggestion_failures('Say what you want in one sentence: "Please refund it to my card."', "whatever")
