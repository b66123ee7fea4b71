"""Offline DEAR MAN classifier: per-skill logistic regression on sentence embeddings plus lexical cues.

Each skill gets a binary model for IMBUE's target (strong vs not, yes vs no); the five level skills get a
second model that splits the rest into weak vs none. Features: the MiniLM embedding of the line, the
lexical cue counts of cues.py, and how close the line is to the situation and to the partner's last line
(on-topic replies are what Mindful is about). The strong-vs-not probability is the mean of that model and
a second logistic regression on the line's own words (tf-idf of word unigrams and bigrams, ngrams.py),
whose penalty is chosen by grouped cross-validation inside the training lines (WORDS_GRID).
The embedding model's hyperparameters are fixed (DEFAULT_PARAMS, see docs/evaluation.md); per-skill
selection by grouped inner CV is available (`select=True`) but gained nothing in nested cross-validation
and generalised worse to new situations, so it is off.
Trained weights are plain arrays (no pickles) cached in an .npz keyed by the bank's content hash.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, fields
from pathlib import Path

import numpy as np

from voice_coach.assets import read_fitted
from voice_coach.feedback.bank import Bank, files_digest
from voice_coach.feedback.cues import CueSet, extract
from voice_coach.feedback.ngrams import Vocabulary
from voice_coach.feedback.rating_rules import SHORT_LINE_WORDS
from voice_coach.skills import ALL_SKILLS, BINARY_SKILLS, is_positive

CODE_VERSION = "classifier-5"
EMBED_DIM = 384
# (C, weight of the hand-made features relative to the 384 embedding dimensions). Up-weighting the ~20
# cue features lowers their effective L2 penalty: otherwise the wide embedding block drowns them.
GRID: tuple[tuple[float, float], ...] = tuple((c, w) for c in (0.003, 0.01, 0.03) for w in (1.0, 3.0))
DEFAULT_PARAMS = (0.01, 3.0)
# Inverse penalties tried for the words model, one for all skills (per-skill choices overfit the small
# bank), chosen by situation-grouped CV inside the training lines; the default serves banks too small to split.
WORDS_GRID: tuple[float, ...] = (0.3, 1.0, 3.0, 10.0, 30.0)
WORDS_DEFAULT_C = 10.0
WORDS_FOLDS = 4
_WORDS_INDEX = [f.name for f in fields(CueSet)].index("words")


def feature_row(utterance: str, utterance_vec: np.ndarray, situation_vec: np.ndarray,
                partner_vec: np.ndarray | None) -> np.ndarray:
    """The feature vector of one line in context."""
    extra = [float(utterance_vec @ situation_vec),
             float(utterance_vec @ partner_vec) if partner_vec is not None else 0.0,
             1.0 if partner_vec is not None else 0.0]
    cue_counts = extract(utterance).as_vector()
    # Line length is left out: bank lines are 6-60 words and skilled ones run longer, so a length weight
    # would extrapolate to calling every short, clear line ("What would work for you?") unskilled.
    del cue_counts[_WORDS_INDEX]
    return np.concatenate([utterance_vec, np.asarray(cue_counts, dtype=np.float32),
                           np.asarray(extra, dtype=np.float32)]).astype(np.float32)


def feature_code_digest() -> str:
    """A hash of the code that turns a line into features: a cached model is stale when it changes."""
    from voice_coach.feedback import acts, cues, ngrams

    digest = hashlib.sha256()
    for module in (acts, cues, ngrams):
        digest.update(Path(str(module.__file__)).read_bytes())
    return digest.hexdigest()[:12]


def bank_features(bank: Bank) -> np.ndarray:
    """Feature matrix of every bank example."""
    rows = [feature_row(e.utterance, bank.utterances[i], bank.situations[i],
                        bank.partners[i] if bank.has_partner[i] else None)
            for i, e in enumerate(bank.examples)]
    return np.stack(rows)


@dataclass(frozen=True)
class LinearModel:
    """A logistic model folded into one weight vector: p = sigmoid(x @ w + b)."""

    w: np.ndarray
    b: float

    def proba(self, x: np.ndarray) -> np.ndarray:
        """Probability of the positive class for rows of x."""
        # Clipped: a line of thousands of characters has huge cue counts, and exp must not overflow.
        return 1.0 / (1.0 + np.exp(-np.clip(x @ self.w + self.b, -50.0, 50.0)))


def _fit(x: np.ndarray, y: np.ndarray, c: float, block: float) -> LinearModel:
    """Standardise, weight the hand-made block, fit balanced logistic regression, fold it all into w, b."""
    from sklearn.linear_model import LogisticRegression

    if y.min() == y.max():  # one class only: a constant model
        return LinearModel(np.zeros(x.shape[1], np.float32), 20.0 if y[0] else -20.0)
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-8] = 1.0
    weights = np.ones(x.shape[1], np.float32)
    weights[EMBED_DIM:] = block
    z = (x - mean) / scale * weights
    model = LogisticRegression(C=c, class_weight="balanced", solver="liblinear", intercept_scaling=100.0,
                               max_iter=3000).fit(z, y)
    w = model.coef_[0] * weights / scale
    return LinearModel(w.astype(np.float32), float(model.intercept_[0] - w @ mean))


def _fit_words(t: np.ndarray, y: np.ndarray, c: float) -> LinearModel:
    """Balanced logistic regression on tf-idf rows (already unit length, so no standardising)."""
    from sklearn.linear_model import LogisticRegression

    if y.min() == y.max():
        return LinearModel(np.zeros(t.shape[1], np.float32), 20.0 if y[0] else -20.0)
    model = LogisticRegression(C=c, class_weight="balanced", solver="liblinear").fit(t, y)
    return LinearModel(model.coef_[0].astype(np.float32), float(model.intercept_[0]))


def _long_lines(texts: Sequence[str]) -> np.ndarray:
    """Which lines the words model rates: those of more than SHORT_LINE_WORDS words."""
    # A shorter line has a handful of known words, each seen in a few bank lines, so its words-model
    # score rests on chance co-occurrences ("raise" sits in hedged bank lines).
    return np.array([len(t.split()) > SHORT_LINE_WORDS for t in texts])


def _mix(embedding_p: np.ndarray, words_p: np.ndarray, long_lines: np.ndarray) -> np.ndarray:
    """The mean of both models' probabilities on long lines; on short lines the embedding model's alone."""
    return np.where(long_lines, (embedding_p + words_p) / 2, embedding_p)


def _macro_f1(y: np.ndarray, pred: np.ndarray) -> float:
    from sklearn.metrics import f1_score

    return float(f1_score(y, pred, average="macro", zero_division=0))


def _select(x: np.ndarray, y: np.ndarray, groups: np.ndarray) -> tuple[float, float]:
    """The grid point with the best grouped inner-CV macro-F1 (ties go to the stronger penalty)."""
    from sklearn.model_selection import GroupKFold

    n_splits = min(3, len(set(groups)))
    if n_splits < 2 or min(int(y.sum()), int((~y).sum())) < 4:
        return DEFAULT_PARAMS
    folds = list(GroupKFold(n_splits=n_splits).split(x, y, groups))
    best, best_score = DEFAULT_PARAMS, -1.0
    for c, block in GRID:
        pred = np.zeros(len(y), dtype=bool)
        for train, test in folds:
            pred[test] = _fit(x[train], y[train], c, block).proba(x[test]) >= 0.5
        score = _macro_f1(y, pred)
        if score > best_score + 1e-9:
            best, best_score = (c, block), score
    return best


def _choose_words_c(x: np.ndarray, texts: Sequence[str], targets: np.ndarray, groups: np.ndarray) -> float:
    """The WORDS_GRID value whose mixed model scores the best mean macro-F1 in grouped inner CV.

    `targets` holds one strong-vs-not column per skill. Only training lines are split, so an outer
    cross-validation around `train` stays honest. Ties go to the stronger penalty.
    """
    from sklearn.model_selection import GroupKFold

    if len(set(groups)) < WORDS_FOLDS:
        return WORDS_DEFAULT_C
    folds = list(GroupKFold(n_splits=WORDS_FOLDS).split(x, groups=groups))
    texts = list(texts)
    long_lines = _long_lines(texts)
    embedding_p = np.zeros(targets.shape)
    words_p = {c: np.zeros(targets.shape) for c in WORDS_GRID}
    for train_idx, test_idx in folds:
        vocabulary = Vocabulary.fit(texts[i] for i in train_idx)
        t_train = vocabulary.transform([texts[i] for i in train_idx])
        t_test = vocabulary.transform([texts[i] for i in test_idx])
        for k in range(targets.shape[1]):
            y = targets[train_idx, k]
            embedding_p[test_idx, k] = _fit(x[train_idx], y, *DEFAULT_PARAMS).proba(x[test_idx])
            for c in WORDS_GRID:
                words_p[c][test_idx, k] = _fit_words(t_train, y, c).proba(t_test)

    def mean_f1(c: float) -> float:
        mixed = _mix(embedding_p, words_p[c], long_lines[:, None]) >= 0.5
        return round(float(np.mean([_macro_f1(targets[:, k], mixed[:, k]) for k in range(targets.shape[1])])), 6)

    scores = {c: mean_f1(c) for c in WORDS_GRID}
    return max(WORDS_GRID, key=lambda c: (scores[c], -c))


class SkillClassifier:
    """Seven per-skill models predicting IMBUE's labels from feature rows."""

    def __init__(self, positive: dict[str, LinearModel], weak: dict[str, LinearModel],
                 params: dict[str, list[float]], vocabulary: Vocabulary | None = None,
                 words: dict[str, LinearModel] | None = None) -> None:
        """Use trained models (see `train` and `load`); without `vocabulary` the embedding model rates alone."""
        self.positive = positive
        self.weak = weak
        self.params = params
        self.vocabulary = vocabulary
        self.words = words or {}
        self._words_matrix: np.ndarray | None = None
        self._words_bias = np.zeros(len(ALL_SKILLS))

    def strong_proba(self, x: np.ndarray, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """Per skill, the probability that each line is strong (yes): embedding and words models averaged."""
        x = np.atleast_2d(x)
        if self.vocabulary is None or not self.words:
            return {s.value: self.positive[s.value].proba(x) for s in ALL_SKILLS}
        if len(texts) != len(x):
            raise ValueError(f"{len(texts)} texts for {len(x)} feature rows")
        if self._words_matrix is None:  # all seven skills' word weights in one matrix: one lookup per line
            self._words_matrix = np.stack([self.words[s.value].w for s in ALL_SKILLS], axis=1).astype(np.float64)
            self._words_bias = np.array([self.words[s.value].b for s in ALL_SKILLS])
        logits = np.empty((len(texts), len(ALL_SKILLS)))
        for row, text in enumerate(texts):
            columns, values = self.vocabulary.weights(text)
            logits[row] = values @ self._words_matrix[columns] + self._words_bias
        words_p = 1.0 / (1.0 + np.exp(-np.clip(logits, -50.0, 50.0)))
        long_lines = _long_lines(texts)
        return {s.value: _mix(self.positive[s.value].proba(x), words_p[:, k], long_lines)
                for k, s in enumerate(ALL_SKILLS)}

    def predict_rows(self, x: np.ndarray, texts: Sequence[str]) -> list[dict[str, str]]:
        """Labels for every feature row; `texts` are the lines the rows were made from, in order."""
        x = np.atleast_2d(x)
        out: list[dict[str, str]] = [{} for _ in range(len(x))]
        strong = self.strong_proba(x, texts)
        for skill in ALL_SKILLS:
            p_pos = strong[skill.value]
            if skill in BINARY_SKILLS:
                labels = np.where(p_pos >= 0.5, "yes", "no")
            else:
                p_weak = self.weak[skill.value].proba(x)
                labels = np.where(p_pos >= 0.5, "strong", np.where(p_weak >= 0.5, "weak", "none"))
            for row, label in zip(out, labels):
                row[skill.value] = str(label)
        return out

    def save(self, path: Path) -> None:
        """Write the weights to an .npz atomically."""
        arrays: dict[str, np.ndarray] = {}
        for kind, models in (("positive", self.positive), ("weak", self.weak), ("words", self.words)):
            for skill, model in models.items():
                arrays[f"{kind}/{skill}/w"] = model.w
                arrays[f"{kind}/{skill}/b"] = np.array([model.b])
        arrays["params"] = np.array(json.dumps(self.params))
        if self.vocabulary is not None:
            arrays["vocabulary/terms"] = np.array(json.dumps(self.vocabulary.terms))
            arrays["vocabulary/idf"] = self.vocabulary.idf
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + f".{os.getpid()}.tmp.npz")
        np.savez(tmp, **arrays)  # type: ignore[arg-type]  # numpy's stub misreads **kwargs
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: Path) -> SkillClassifier:
        """Read weights written by `save`."""
        with np.load(path, allow_pickle=False) as data:
            models: dict[str, dict[str, LinearModel]] = {"positive": {}, "weak": {}, "words": {}}
            for key in data.files:
                if key.endswith("/w"):
                    kind, skill, _ = key.split("/")
                    models[kind][skill] = LinearModel(data[key], float(data[f"{kind}/{skill}/b"][0]))
            params = json.loads(str(data["params"]))
            vocabulary = (Vocabulary(tuple(json.loads(str(data["vocabulary/terms"]))), data["vocabulary/idf"])
                          if "vocabulary/terms" in data.files else None)
        skills = {s.value for s in ALL_SKILLS}
        if set(models["positive"]) != skills or (vocabulary is not None and set(models["words"]) != skills):
            raise ValueError(f"{path}: incomplete classifier")
        return cls(models["positive"], models["weak"], params, vocabulary, models["words"])


def train(x: np.ndarray, labels: Sequence[dict[str, str]], groups: Sequence[str], texts: Sequence[str], *,
          select: bool = False) -> SkillClassifier:
    """Fit all seven skills with DEFAULT_PARAMS, or with per-skill grouped inner-CV selection (`select`).

    The words model's penalty is always chosen by grouped CV inside these lines (`_choose_words_c`).
    """
    groups_arr = np.asarray(groups)
    targets = np.array([[is_positive(skill, row[skill.value]) for skill in ALL_SKILLS] for row in labels])
    words_c = _choose_words_c(x, texts, targets, groups_arr)
    vocabulary = Vocabulary.fit(texts)
    t = vocabulary.transform(texts)
    positive: dict[str, LinearModel] = {}
    weak: dict[str, LinearModel] = {}
    words: dict[str, LinearModel] = {}
    params: dict[str, list[float]] = {"words_c": [words_c]}
    for k, skill in enumerate(ALL_SKILLS):
        y = targets[:, k]
        c, block = _select(x, y, groups_arr) if select else DEFAULT_PARAMS
        positive[skill.value] = _fit(x, y, c, block)
        words[skill.value] = _fit_words(t, y, words_c)
        params[skill.value] = [c, block]
        if skill not in BINARY_SKILLS:
            rest = ~y
            y_weak = np.array([row[skill.value] == "weak" for row in labels])[rest]
            if rest.sum() == 0:
                y_weak = np.array([False])
                weak[skill.value] = _fit(x[:1], y_weak, *DEFAULT_PARAMS)
                continue
            cw, bw = _select(x[rest], y_weak, groups_arr[rest]) if select else DEFAULT_PARAMS
            weak[skill.value] = _fit(x[rest], y_weak, cw, bw)
            params[skill.value] += [cw, bw]
    return SkillClassifier(positive, weak, params, vocabulary, words)


def train_on_bank(bank: Bank, *, select: bool = False) -> SkillClassifier:
    """Fit the classifier on a bank's examples."""
    return train(bank_features(bank), [e.labels.labels for e in bank.examples],
                 [e.group for e in bank.examples], [e.utterance for e in bank.examples], select=select)


def load_or_train(bank: Bank, bank_files: Sequence[Path], cache_dir: Path | None,
                  embedder_key: str = "") -> SkillClassifier:
    """The cached classifier for these bank files, embedder and code version, trained when missing."""
    if cache_dir is None:
        return train_on_bank(bank)
    path = cache_dir / f"classifier-{files_digest(bank_files, CODE_VERSION, feature_code_digest(), embedder_key)}.npz"
    found = read_fitted(path, SkillClassifier.load, "classifier")
    if found is not None:
        return found
    classifier = train_on_bank(bank)
    classifier.save(path)
    return classifier
