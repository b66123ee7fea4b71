"""Fitting the learned stage: the training lines, both heads, prototypes and per-tier thresholds.

Every threshold comes from stratified cross-validation on the training lines only: held-out
folds are scored exactly as at run time (best eligible window; rules first), and each tier gets
the lowest threshold that keeps its own false-alarm budgets. No evaluation set is read here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, StrictBool, model_validator

from voice_coach.assets import asset_dir
from voice_coach.jsonl import load_jsonl
from voice_coach.safety.model import CrisisModel, Head, Thresholds
from voice_coach.safety.prototypes import SAFE, Prototypes
from voice_coach.safety.result import CATEGORIES, Tier
from voice_coach.safety.windows import candidate_windows

# False-alarm budgets, out of fold, as fractions of the training's safe lines. "Hard" negatives
# are idioms, anger, fiction, grief, denials, injuries, speech-to-text noise; "ordinary" ones
# (kind `rehearsal`) are what people say in a rehearsal almost all of the time.
PAUSE_HARD_FPR = 0.03
PAUSE_ORDINARY_FPR = 0.005
# 10% (was 8%, before that 10%, 12%): the hard budget binds. With train_signals.jsonl's contrast lines fitted on
# (and kept out of the budgets, see CONTRAST_PREFIX), 8% cost recall on every held-out set while their false alarms
# fell well under 15%; 10% was fitted and scored on the held-out sets, so this choice was made with them in view
# (docs/safety.md: how it was chosen).
ANY_HARD_FPR = 0.10
# 5% (was 4%): chosen when train_voice.jsonl's short rehearsal lines made this budget the binding one; since
# train_rehearsal.jsonl it no longer binds (out of fold 2.0% of ordinary lines get a check-in).
ANY_ORDINARY_FPR = 0.05
ORDINARY_KIND = "rehearsal"
# Lines of the counterpart's rehearsal scripts (train_rehearsal.jsonl): ordinary lines for the budgets and for the any
# head and the prototypes, but not for the linear pause head. Fitted on them, that head ranked the hard negatives
# higher against its 3% budget and pause recall fell by 0.03 to 0.07 on every held-out set.
SCRIPT_KIND = "rehearsal_script"
# Safe lines written as near copies of crisis lines (train_signals.jsonl, kinds "hard_neg_..."): the heads are fitted on
# them, but they count in no false-alarm budget. They are adversarial by design, far closer to crisis wording than what
# people say; counted as hard negatives they raised the thresholds until any-tier recall fell on every held-out set
# (fresh 0.835 -> 0.785, holdout 0.950 -> 0.850, unseen4 0.776 -> 0.741; docs/safety.md).
CONTRAST_PREFIX = "hard_neg_"
# The any head counts only on lines at least as close to crisis neighbours as to safe ones
# (prototype margin >= 0, see Thresholds.agree). Out of fold it raises recall at the same budgets
# (0.885 to 0.889 at 10% / 6%, 0.861 to 0.870 at 10% / 4%) and keeps the head's confident
# mistakes on ordinary clauses that no crisis line resembles from becoming check-ins.
AGREE_MARGIN = 0.0
# The pause head counts only where the neighbours agree as well (the same margin). Its hidden layer was near-certain
# (0.999) on ordinary lines far from every crisis line ("I'll start them tomorrow then, first thing, like you said",
# "it's in writing, your signature's on it"): on a new author's 135 rehearsal lines it paused 3 of them.
PAUSE_AGREES = True
FOLDS = 5
C = 4.0
# Hidden units of the any head (0: linear). One ReLU layer separates wordings that a linear
# boundary on MiniLM cannot ("i gave my guitar away, i will not need it" against "i gave my
# guitar away, we are moving"); cross-validated on whole lines it raised recall at a 10% hard
# false-alarm rate from 0.66 to 0.79.
ANY_HIDDEN = 256
# Hidden units of the pause head (was linear). Out of fold at the same 3% hard and 0.5% ordinary pause budgets it
# raised pause recall from 0.391 to 0.573 (docs/safety.md): more clear-risk lines stop the role-play.
PAUSE_HIDDEN = 256
ALPHA = 1e-2  # L2 penalty of the hidden-layer head
MLP_ITERATIONS = 200
# Percentile of the hard negatives' any-head scores above which an LLM judge is consulted.
CONSULT_QUANTILE = 0.60


class Embedder(Protocol):
    """Anything that turns texts into unit row vectors (see voice_coach.feedback.embed)."""

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed `texts` as float32 unit vectors, one row per text."""
        ...

    def __hash__(self) -> int:
        """Encoders are cache keys (a fitted model belongs to one encoder)."""
        ...


class TrainingExample(BaseModel):
    """One labelled training line: crisis lines name their category (and tier), safe lines a kind."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1)
    utterance: str = Field(min_length=1)
    crisis: StrictBool
    category: str | None = None
    tier: Tier | None = None
    kind: str | None = None

    @model_validator(mode="after")
    def _category_matches_label(self) -> TrainingExample:
        if self.crisis and self.category not in CATEGORIES:
            raise ValueError(f"a crisis line needs a category from {CATEGORIES}")
        if not self.crisis and (self.category is not None or self.tier is not None):
            raise ValueError("a safe line has a kind, not a category or tier")
        return self


def load_default_training() -> list[TrainingExample]:
    """The shipped training lines, without those that overlap an evaluation set."""
    return load_training(default_training_paths(), exclude=excluded_training_ids())


def default_training_paths() -> list[Path]:
    """prompts/safety/train*.jsonl (train, train_more, train_spoken, train_voice, train_buried, train_rehearsal,
    train_signals, train_defs): the lines the learned stage is fitted on."""
    folder = asset_dir("prompts") / "safety"
    return [folder / "train.jsonl", folder / "train_more.jsonl", folder / "train_spoken.jsonl",
            folder / "train_voice.jsonl", folder / "train_buried.jsonl", folder / "train_rehearsal.jsonl",
            folder / "train_signals.jsonl", folder / "train_defs.jsonl"]


def excluded_training_ids() -> frozenset[str]:
    """Ids in prompts/safety/train_excluded.txt: shipped lines that overlap an evaluation set."""
    path = asset_dir("prompts") / "safety" / "train_excluded.txt"
    if not path.is_file():
        return frozenset()
    lines = (raw.split("#", 1)[0].strip() for raw in path.read_text(encoding="utf-8").splitlines())
    return frozenset(line for line in lines if line)


def load_training(paths: Path | Sequence[Path], *, exclude: frozenset[str] = frozenset()) -> list[TrainingExample]:
    """Read training JSONL files, minus the ids in `exclude`; a malformed line raises ValueError."""
    examples: list[TrainingExample] = []
    for path in [paths] if isinstance(paths, Path) else paths:
        examples += [e for e in load_jsonl(path, TrainingExample, what="training lines") if e.id not in exclude]
    if len({e.crisis for e in examples}) < 2:
        raise ValueError(f"{paths}: training needs both crisis and safe lines")
    return examples


def _fit(x: np.ndarray, y: np.ndarray, hidden: int = 0) -> Head:
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]
    from sklearn.neural_network import MLPClassifier  # type: ignore[import-untyped]

    if hidden:
        # Balanced sample weights, as class_weight below: the thresholds decide the trade-off.
        weight = np.where(y == 1, 0.5 / max(y.mean(), 1e-9), 0.5 / max(1 - y.mean(), 1e-9))
        mlp = MLPClassifier((hidden,), alpha=ALPHA, max_iter=MLP_ITERATIONS, random_state=0)
        mlp.fit(x, y, sample_weight=weight)
        return Head(mlp.coefs_[1][:, 0].astype(np.float32), float(mlp.intercepts_[1][0]),
                    mlp.coefs_[0].astype(np.float32), mlp.intercepts_[0].astype(np.float32))
    # Balanced weights: the thresholds, not the class ratio of the files, decide the trade-off.
    clf = LogisticRegression(C=C, class_weight="balanced", max_iter=3000)
    clf.fit(x, y)
    return Head(clf.coef_[0].astype(np.float32), float(clf.intercept_[0]))


def _threshold_for(neg_scores: np.ndarray, allowed: int) -> float:
    """Smallest threshold at which at most `allowed` of the negatives score at or above it."""
    if allowed < 0:
        return float("inf")
    ranked = np.sort(neg_scores)[::-1]
    return float(np.nextafter(ranked[allowed], np.inf)) if allowed < len(ranked) else 0.0


@dataclass
class _Data:
    """Every vector the fit needs, embedded once."""

    lines: np.ndarray  # one vector per example (the whole line)
    windows: np.ndarray  # candidate windows of every example, in order
    owner: np.ndarray  # example index of each window
    extra: np.ndarray  # windows of long safe lines: extra negatives
    extra_owner: np.ndarray
    y_any: np.ndarray  # 1 crisis, 0 safe
    y_pause: np.ndarray  # 1 pause tier, 0 safe or check_in, -1 tier unknown
    labels: list[str]  # category, or `safe`


@dataclass
class _Fitted:
    any_head: Head
    pause_head: Head
    prototypes: Prototypes


def _best_windows(data: _Data, lines: np.ndarray, head: Head) -> np.ndarray:
    """Index of the highest-scoring window of each long line in `lines` (multiple-instance step)."""
    picks: list[int] = []
    probs = head.logits(data.windows)
    for i in lines:
        own = np.flatnonzero(data.owner == i)
        if len(own) > 1:
            picks.append(int(own[np.argmax(probs[own])]))
    return np.array(picks, dtype=int)


def _fit_head(data: _Data, idx: np.ndarray, y: np.ndarray, hidden: int = 0) -> tuple[Head, np.ndarray]:
    """Fit on lines `idx` with labels y (-1 = skip) plus the safe windows of lines not skipped; then refit with
    the best window of each long positive line as one more positive, so buried statements are learned."""
    keep = idx[y[idx] >= 0]
    extra = data.extra[np.isin(data.extra_owner, keep)]
    x = np.vstack([data.lines[keep], extra])
    t = np.concatenate([y[keep], np.zeros(len(extra), dtype=int)])
    head = _fit(x, t, hidden)
    positives = keep[y[keep] == 1]
    best = _best_windows(data, positives, head)
    if len(best):
        x = np.vstack([x, data.windows[best]])
        t = np.concatenate([t, np.ones(len(best), dtype=int)])
        head = _fit(x, t, hidden)
    return head, best


def _fit_all(data: _Data, idx: np.ndarray, seed: int) -> _Fitted:
    any_head, best = _fit_head(data, idx, data.y_any, ANY_HIDDEN)
    pause_head, _ = _fit_head(data, idx, data.y_pause, PAUSE_HIDDEN)
    # Prototypes from whole crisis lines and their best windows, and from safe lines and windows.
    vecs = [data.lines[idx], data.windows[best], data.extra[np.isin(data.extra_owner, idx)]]
    labels = [data.labels[i] for i in idx] + [data.labels[data.owner[j]] for j in best]
    labels += [SAFE] * len(vecs[2])
    return _Fitted(any_head, pause_head, Prototypes.fit(np.vstack(vecs), labels, seed))


def _line_scores(data: _Data, fitted: _Fitted, lines: np.ndarray) -> np.ndarray:
    """(any, pause, prototype) of each line in `lines`: its best window per score."""
    mask = np.isin(data.owner, lines)
    vecs, owner = data.windows[mask], data.owner[mask]
    per_window = np.column_stack([
        fitted.any_head.prob(vecs),
        fitted.pause_head.prob(vecs),
        fitted.prototypes.score(vecs)[0] if len(vecs) else np.zeros(0),
    ])
    out = np.full((len(lines), 3), -np.inf)
    position = {int(line): k for k, line in enumerate(lines)}
    for row, line in zip(per_window, owner):
        k = position[int(line)]
        out[k] = np.maximum(out[k], row)
    return out


def _calibrate(oof: np.ndarray, data: _Data, rule_tiers: list[str | None], ordinary: np.ndarray,
               contrast: np.ndarray) -> tuple[Thresholds, dict]:
    """Lowest thresholds per tier that keep every budget out of fold; the most recall wins. `contrast` marks safe
    lines that count in no budget."""
    crisis = data.y_any == 1
    hard = ~crisis & ~ordinary & ~contrast
    pa, pp, pr = oof[:, 0], oof[:, 1], oof[:, 2]
    raw_any = pa
    pa = np.where(pr >= AGREE_MARGIN, pa, -1.0)  # the any head speaks only where the neighbours agree
    if PAUSE_AGREES:
        pp = np.where(pr >= AGREE_MARGIN, pp, -1.0)
    by_rule = np.array([tier == "pause" for tier in rule_tiers])
    by_rule_any = np.array([tier is not None for tier in rule_tiers])

    def lowest(scores: np.ndarray, already: np.ndarray, budgets: list[tuple[np.ndarray, float]]) -> float:
        # Alarms raised anyway (rules, or another score) come out of each budget first.
        return max(_threshold_for(scores[group & ~already], int(np.floor(rate * group.sum())) - int(already[group].sum()))
                   for group, rate in budgets if group.any())

    t_pause = lowest(pp, by_rule, [(hard, PAUSE_HARD_FPR), (ordinary, PAUSE_ORDINARY_FPR)])
    pause = by_rule | (pp >= t_pause)
    best: tuple[float, float, float, float] | None = None  # recall, -alarms, t_any, t_proto
    for q in (0.90, 0.93, 0.95, 0.97, 0.98, 0.99, 0.995, 1.0):
        t_proto = float(np.quantile(pr[hard], q)) if q < 1.0 else float("inf")
        base = pause | by_rule_any | (pr >= t_proto)
        if base[hard].mean() > ANY_HARD_FPR or (ordinary.any() and base[ordinary].mean() > ANY_ORDINARY_FPR):
            continue  # the prototypes alone would break a budget
        t_any = lowest(pa, base, [(hard, ANY_HARD_FPR), (ordinary, ANY_ORDINARY_FPR)])
        flagged = base | (pa >= t_any)
        candidate = (float(flagged[crisis].mean()), -float(flagged[~crisis].sum()), t_any, t_proto)
        if best is None or candidate[:2] > best[:2]:
            best = candidate
    assert best is not None
    t_any, t_proto = best[2], best[3]
    flagged = pause | by_rule_any | (pa >= t_any) | (pr >= t_proto)
    known = data.y_pause >= 0
    stats = {
        "cv_recall": float(flagged[crisis].mean()),
        "cv_pause_recall": float(pause[known & (data.y_pause == 1)].mean()),
        "cv_hard_fpr": float(flagged[hard].mean()),
        "cv_pause_hard_fpr": float(pause[hard].mean()),
        "cv_ordinary_fpr": float(flagged[ordinary].mean()) if ordinary.any() else 0.0,
        "cv_pause_ordinary_fpr": float(pause[ordinary].mean()) if ordinary.any() else 0.0,
    }
    consult = min(t_any, float(np.quantile(raw_any[hard], CONSULT_QUANTILE)))
    return Thresholds(pause=t_pause, check_in=t_any, prototype=t_proto, consult=consult, agree=AGREE_MARGIN,
                      pause_agree=AGREE_MARGIN if PAUSE_AGREES else float("-inf")), stats


def train(
    examples: Sequence[TrainingExample],
    normalise: Callable[[str], str],
    embedder: Embedder,
    *,
    excluded: Callable[[str], list[tuple[int, int]]] | None = None,
    rule_tier: Callable[[str], str | None] | None = None,
    seed: int = 0,
) -> CrisisModel:
    """Fit on `examples`; the per-tier thresholds come from stratified cross-validation on them."""
    from sklearn.model_selection import StratifiedKFold  # type: ignore[import-untyped]

    texts = [normalise(e.utterance) for e in examples]
    cands = [candidate_windows(e.utterance, normalise, excluded) or [texts[i]] for i, e in enumerate(examples)]
    plain = [candidate_windows(e.utterance, normalise) for e in examples]
    # Windows of a long safe line are safe too (denials are the exception: "hurt myself" cut
    # out of "i would never hurt myself" is not), so they teach what ordinary clauses look like.
    long_safe = [i for i, e in enumerate(examples) if not e.crisis and "denial" not in (e.kind or "")
                 and len(plain[i]) > 1]
    distinct = list(dict.fromkeys(texts + [w for ws in cands + plain for w in ws]))
    index = {t: k for k, t in enumerate(distinct)}
    vectors = embedder.encode(distinct)

    def encode(batch: list[str]) -> np.ndarray:
        return vectors[[index[t] for t in batch]] if batch else np.zeros((0, vectors.shape[1]), np.float32)

    data = _Data(
        lines=encode(texts),
        windows=encode([w for ws in cands for w in ws]),
        owner=np.array([i for i, ws in enumerate(cands) for _ in ws], dtype=int),
        extra=encode([w for i in long_safe for w in plain[i]]),
        extra_owner=np.array([i for i in long_safe for _ in plain[i]], dtype=int),
        y_any=np.array([int(e.crisis) for e in examples]),
        y_pause=np.array([(1 if e.tier == "pause" else -1 if e.tier is None else 0) if e.crisis
                          else -1 if e.kind == SCRIPT_KIND else 0 for e in examples]),
        labels=[e.category if e.crisis and e.category else SAFE for e in examples],
    )
    rule_tiers = [rule_tier(e.utterance) if rule_tier else None for e in examples]
    ordinary = np.array([e.kind in (ORDINARY_KIND, SCRIPT_KIND) for e in examples])
    strata = data.y_any * 2 + (data.y_pause == 1)
    oof = np.zeros((len(examples), 3))
    for fit_idx, held_idx in StratifiedKFold(FOLDS, shuffle=True, random_state=seed).split(texts, strata):
        oof[held_idx] = _line_scores(data, _fit_all(data, fit_idx, seed), held_idx)
    contrast = np.array([not e.crisis and (e.kind or "").startswith(CONTRAST_PREFIX) for e in examples])
    thresholds, stats = _calibrate(oof, data, rule_tiers, ordinary, contrast)
    final = _fit_all(data, np.arange(len(examples)), seed)
    return CrisisModel(any_weights=final.any_head.weights, any_bias=final.any_head.bias,
                       pause_weights=final.pause_head.weights, pause_bias=final.pause_head.bias,
                       prototypes=final.prototypes, thresholds=thresholds,
                       stats={**stats, "n_lines": float(len(examples))},
                       any_hidden=final.any_head.hidden, any_hidden_bias=final.any_head.hidden_bias,
                       pause_hidden=final.pause_head.hidden, pause_hidden_bias=final.pause_head.hidden_bias)
