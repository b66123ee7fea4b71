"""The words model beside the embedding model: tf-idf features, how the two are mixed, fitting and storage."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from voice_coach.feedback.classifier import (
    WORDS_DEFAULT_C,
    WORDS_GRID,
    LinearModel,
    SkillClassifier,
    _choose_words_c,
    train,
)
from voice_coach.feedback.ngrams import Vocabulary, terms
from voice_coach.feedback.rating_rules import SHORT_LINE_WORDS
from voice_coach.skills import ALL_SKILLS, BINARY_SKILLS

LINES = [
    "I'd like you to take over dinner on Tuesdays.",
    "Could you take over dinner on Thursdays instead?",
    "The rent was late twice this month and I paid the fee.",
    "I paid the fee twice, so I'd like you to cover it.",
    "Maybe we could talk about the rent sometime?",
]


def _constant(dim: int, p: float) -> LinearModel:
    """A model that gives every row probability p."""
    return LinearModel(np.zeros(dim, np.float32), float(np.log(p / (1 - p))))


def _classifier(embedding_p: float, words_p: float, vocabulary: Vocabulary, dim: int = 4) -> SkillClassifier:
    skills = [s.value for s in ALL_SKILLS]
    return SkillClassifier(
        positive={s: _constant(dim, embedding_p) for s in skills},
        weak={s.value: _constant(dim, 0.8) for s in ALL_SKILLS if s not in BINARY_SKILLS},
        params={},
        vocabulary=vocabulary,
        words={s: _constant(len(vocabulary.terms), words_p) for s in skills},
    )


def test_terms_are_word_unigrams_then_bigrams_of_two_letter_tokens() -> None:
    assert terms("I'd pay HALF, ok?") == ["pay", "half", "ok", "pay half", "half ok"]


def test_vocabulary_matches_scikit_learn_tfidf() -> None:
    """Fails if the numpy reading of a line drifts from the TfidfVectorizer settings it was checked against."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    reference = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True).fit(LINES)
    ours = Vocabulary.fit(LINES)
    assert list(ours.terms) == list(reference.get_feature_names_out())
    probe = [*LINES, "take over the rent the rent", "nothing known here"]
    np.testing.assert_allclose(ours.transform(probe), reference.transform(probe).toarray(), atol=1e-12)


def test_words_seen_in_one_training_line_only_are_left_out() -> None:
    vocabulary = Vocabulary.fit(LINES)
    assert "dinner" in vocabulary.terms and "tuesdays" not in vocabulary.terms


def test_strong_probability_is_the_mean_of_both_models_on_a_long_line() -> None:
    long_line = " ".join(["the rent was late"] * 5)
    assert len(long_line.split()) > SHORT_LINE_WORDS
    model = _classifier(0.9, 0.2, Vocabulary.fit(LINES))
    strong = model.strong_proba(np.zeros((1, 4), np.float32), [long_line])
    assert strong["assert"][0] == pytest.approx(0.55, abs=1e-6)


def test_short_line_is_rated_by_the_embedding_model_alone() -> None:
    model = _classifier(0.9, 0.2, Vocabulary.fit(LINES))
    strong = model.strong_proba(np.zeros((1, 4), np.float32), ["I want a raise."])
    assert strong["assert"][0] == pytest.approx(0.9, abs=1e-6)


def test_words_model_can_turn_a_long_line_from_strong_to_weak() -> None:
    long_line = " ".join(["the rent was late"] * 5)
    rows = np.zeros((1, 4), np.float32)
    assert _classifier(0.6, 0.5, Vocabulary.fit(LINES)).predict_rows(rows, [long_line])[0]["assert"] == "strong"
    assert _classifier(0.6, 0.1, Vocabulary.fit(LINES)).predict_rows(rows, [long_line])[0]["assert"] == "weak"


def test_rows_and_texts_must_agree_in_number() -> None:
    with pytest.raises(ValueError, match="texts"):
        _classifier(0.9, 0.2, Vocabulary.fit(LINES)).predict_rows(np.zeros((2, 4), np.float32), ["one line"])


def test_saved_classifier_reads_back_with_its_words_model(tmp_path: Path) -> None:
    model = _classifier(0.7, 0.3, Vocabulary.fit(LINES))
    model.save(tmp_path / "model.npz")
    again = SkillClassifier.load(tmp_path / "model.npz")
    assert again.vocabulary is not None and again.vocabulary.terms == model.vocabulary.terms
    np.testing.assert_allclose(again.vocabulary.idf, model.vocabulary.idf)
    line = [" ".join(["take over dinner"] * 6)]
    rows = np.zeros((1, 4), np.float32)
    assert again.strong_proba(rows, line)["express"] == pytest.approx(model.strong_proba(rows, line)["express"])


def _toy_training(n_groups: int) -> tuple[np.ndarray, list[dict[str, str]], list[str], list[str]]:
    """Lines that ask (strong in every skill) or only hedge (none), spread over n_groups situations."""
    rng = np.random.default_rng(0)
    texts, labels, groups = [], [], []
    for g in range(n_groups):
        for i in range(6):
            asks = i % 2 == 0
            texts.append(f"please pay the rent by friday situation{g} line{i}" if asks
                         else f"maybe kind of whatever about the rent situation{g} line{i}")
            level = "strong" if asks else "none"
            labels.append({s.value: ("yes" if asks else "no") if s in BINARY_SKILLS else level for s in ALL_SKILLS})
            groups.append(f"s{g}")
    x = rng.normal(size=(len(texts), 400)).astype(np.float32)
    return x, labels, groups, texts


def test_words_penalty_comes_from_the_grid_and_is_recorded() -> None:
    x, labels, groups, texts = _toy_training(8)
    model = train(x, labels, groups, texts)
    assert model.params["words_c"][0] in WORDS_GRID
    assert model.vocabulary is not None and "pay the" in model.vocabulary.terms
    # The words model alone separates the toy lines: the embedding rows are noise.
    long_ask = "please pay the rent by friday and please pay the rent by friday again and again please"
    assert model.words["assert"].proba(model.vocabulary.transform([long_ask]))[0] > 0.5


def test_too_few_situations_to_split_use_the_default_penalty() -> None:
    x, labels, groups, texts = _toy_training(3)
    targets = np.array([[row[s.value] in ("strong", "yes") for s in ALL_SKILLS] for row in labels])
    assert _choose_words_c(x, texts, targets, np.asarray(groups)) == WORDS_DEFAULT_C
