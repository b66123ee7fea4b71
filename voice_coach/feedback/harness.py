"""Measure evaluators on labelled JSONL: IMBUE's macro-F1, exact accuracy, latency, and grouped cross-validation.

IMBUE's metric: for each skill the macro-F1 of strong-vs-not-strong (yes-vs-no for Mindful and Confident),
then the mean over the seven skills.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from voice_coach.feedback.bank import (
    Bank,
    EmbeddingCache,
    Example,
    bank_paths,
    default_cache_dir,
    load_examples,
)
from voice_coach.config import Settings
from voice_coach.feedback.cues import quick_ratings
from voice_coach.feedback.rating_rules import apply_rules
from voice_coach.ports import TurnContext
from voice_coach.skills import ALL_SKILLS, is_positive

EVALUATORS = ("offline", "llm", "lexical")


def score(gold: Sequence[dict[str, str]], predicted: Sequence[dict[str, str]]) -> dict[str, Any]:
    """IMBUE macro-F1 (mean over skills of binary macro-F1), per-skill F1 and exact label accuracy."""
    from sklearn.metrics import f1_score

    per_skill: dict[str, float] = {}
    for skill in ALL_SKILLS:
        y = [is_positive(skill, g[skill.value]) for g in gold]
        p = [is_positive(skill, q[skill.value]) for q in predicted]
        # Classes present in gold or prediction only: a skill nobody used and nobody predicted scores 1.
        per_skill[skill.value] = round(float(f1_score(y, p, average="macro", zero_division=0)), 4)
    exact = [g[s.value] == q[s.value] for g, q in zip(gold, predicted) for s in ALL_SKILLS]
    return {"macro_f1": round(float(np.mean(list(per_skill.values()))), 4), "per_skill": per_skill,
            "accuracy": round(float(np.mean(exact)), 4) if exact else 0.0}


def _context(example: Example) -> TurnContext:
    return TurnContext(category=example.category, situation=example.situation or example.utterance,
                       partner_last=example.partner_last, utterance=example.utterance,
                       turn_index=1 if example.partner_last else 0)


def _percentile(values: list[float], q: float) -> float:
    return round(float(np.percentile(values, q)), 2) if values else 0.0


def evaluate_file(path: str | Path, evaluator: str = "offline", settings: Settings | None = None) -> dict[str, Any]:
    """Score an evaluator ('offline', 'llm' or 'lexical') on a labelled JSONL file (bad lines: ValueError).

    Latency per line is reported as wall time and as CPU time of the rating thread (`cpu_ms_*`, offline
    and lexical only): what a line costs on an idle machine, which wall time on a loaded one overstates.
    """
    if evaluator not in EVALUATORS:
        raise ValueError(f"unknown evaluator {evaluator!r}; choose one of {', '.join(EVALUATORS)}")
    from voice_coach.feedback import gate

    examples = load_examples(path)
    settings = settings or Settings()
    gate.reset()
    gold = [e.labels.labels for e in examples]
    predicted: list[dict[str, str]] = []
    latencies: list[float] = []
    # CPU time of the rating thread: on cores shared with other work, wall time measures the neighbours too.
    cpu: list[float] = []
    fallbacks = 0
    if evaluator == "lexical":
        for example in examples:
            started, started_cpu = time.perf_counter(), time.thread_time()
            predicted.append(quick_ratings(example.utterance).labels)
            latencies.append((time.perf_counter() - started) * 1000)
            cpu.append((time.thread_time() - started_cpu) * 1000)
    else:
        from voice_coach.feedback.offline import offline_evaluator

        offline = offline_evaluator(settings)
        offline.warm_up()
        if evaluator == "offline":
            for example in examples:
                started, started_cpu = time.perf_counter(), time.thread_time()
                feedback = offline.evaluate_sync(_context(example))  # full feedback: what the user waits for
                latencies.append((time.perf_counter() - started) * 1000)
                cpu.append((time.thread_time() - started_cpu) * 1000)
                predicted.append(feedback.ratings.labels)
        else:
            if not settings.llm_configured:
                raise ValueError("no LLM endpoint configured: set OPENAI_BASE_URL and/or OPENAI_API_KEY")
            from voice_coach.llm import OpenAIChatModel
            from voice_coach.feedback.llm_evaluator import LLMEvaluator

            llm = LLMEvaluator(OpenAIChatModel.from_settings(settings, settings.evaluator_model), offline,
                               timeout_s=settings.llm_timeout_s)

            async def run_all() -> None:
                nonlocal fallbacks
                for example in examples:
                    started = time.perf_counter()
                    feedback = await llm.evaluate(_context(example))
                    latencies.append((time.perf_counter() - started) * 1000)
                    predicted.append(feedback.ratings.labels)
                    fallbacks += feedback.evaluator != llm.name

            asyncio.run(run_all())
    result = score(gold, predicted)
    result.update({"evaluator": evaluator, "n": len(examples), "latency_ms_p50": _percentile(latencies, 50),
                   "latency_ms_p95": _percentile(latencies, 95), "cpu_ms_p50": _percentile(cpu, 50),
                   "cpu_ms_p95": _percentile(cpu, 95), "fallbacks": fallbacks, "gate": gate.counts()})
    return result


def _majority(train: Sequence[Example]) -> dict[str, str]:
    return {s.value: Counter(e.label(s) for e in train).most_common(1)[0][0] for s in ALL_SKILLS}


def cross_validate(k: int = 5, settings: Settings | None = None, paths: Sequence[Path] | None = None,
                   llm_limit: int | None = None, select: bool = False) -> dict[str, Any]:
    """Grouped k-fold CV on the bank (no situation in both train and test) comparing baselines and evaluators.

    Methods: majority class, lexical cues alone, kNN vote, the offline classifier (fixed hyperparameters,
    or chosen by grouped inner CV in each training fold when `select`); and, when an LLM endpoint
    is configured, zero-shot LLM vs contrastive kNN LLM (demonstrations drawn from the training fold only;
    `llm_limit` caps the lines sent per fold).
    """
    from sklearn.model_selection import GroupKFold

    from voice_coach.feedback.classifier import bank_features, train
    from voice_coach.feedback.embed import default_embedder

    files = list(paths) if paths is not None else bank_paths()
    examples = [e for path in files for e in load_examples(path)]
    groups = [e.group for e in examples]
    if len(set(groups)) < k:
        raise ValueError(f"{len(set(groups))} situations cannot fill {k} grouped folds")
    bank = Bank.build(examples, EmbeddingCache(default_embedder(), default_cache_dir()))
    features = bank_features(bank)
    gold = [e.labels.labels for e in examples]
    methods = ["majority", "lexical", "knn", "classifier", "rater"]
    use_llm = settings is not None and settings.llm_configured
    if use_llm:
        methods += ["llm_zero_shot", "llm_contrastive"]
    predicted: dict[str, list[dict[str, str] | None]] = {m: [None] * len(examples) for m in methods}
    for train_idx, test_idx in GroupKFold(n_splits=k).split(features, groups=groups):
        train_examples = [examples[i] for i in train_idx]
        majority = _majority(train_examples)
        fold_bank = bank.subset(train_idx)
        model = train(features[train_idx], [gold[i] for i in train_idx], [groups[i] for i in train_idx],
                      [examples[i].utterance for i in train_idx], select=select)
        rows = model.predict_rows(features[test_idx], [examples[i].utterance for i in test_idx])
        for j, i in enumerate(test_idx):
            predicted["majority"][i] = majority
            predicted["lexical"][i] = quick_ratings(examples[i].utterance).labels
            predicted["knn"][i] = fold_bank.knn_labels(bank.utterances[i])
            predicted["classifier"][i] = rows[j]
            predicted["rater"][i] = apply_rules(rows[j], examples[i].utterance)
        if use_llm:
            assert settings is not None
            _llm_fold(settings, fold_bank, model, [examples[i] for i in test_idx][:llm_limit],
                      list(test_idx)[:llm_limit], predicted)
    result: dict[str, Any] = {"k": k, "n": len(examples), "situations": len(set(groups)),
                              "grouping": "situation", "select": select, "methods": {}}
    for method in methods:
        pairs = [(g, p) for g, p in zip(gold, predicted[method]) if p is not None]
        scored = score([g for g, _ in pairs], [p for _, p in pairs])
        scored["n"] = len(pairs)
        result["methods"][method] = scored
    return result


def _llm_fold(settings: Settings, fold_bank: Bank, model: Any, tests: list[Example], indices: list[int],
              predicted: dict[str, list[dict[str, str] | None]]) -> None:
    """Rate a test fold with the zero-shot and the contrastive LLM prompts (fallbacks count as offline)."""
    from voice_coach.feedback.offline import OfflineEvaluator, offline_evaluator
    from voice_coach.llm import OpenAIChatModel
    from voice_coach.feedback.llm_evaluator import LLMEvaluator, Mode

    offline = OfflineEvaluator(fold_bank, model, offline_evaluator(settings)._embed.embedder)
    chat = OpenAIChatModel.from_settings(settings, settings.evaluator_model)

    async def run() -> None:
        modes: tuple[tuple[Mode, str], ...] = (("zero_shot", "llm_zero_shot"), ("contrastive", "llm_contrastive"))
        for mode, key in modes:
            judge = LLMEvaluator(chat, offline, timeout_s=settings.llm_timeout_s, mode=mode, bank=fold_bank)
            for example, i in zip(tests, indices):
                labels, _ = await judge.rate(_context(example))
                predicted[key][i] = labels

    asyncio.run(run())


def cv_report_markdown(result: dict[str, Any]) -> str:
    """The cross-validation result as a Markdown table (macro-F1 per skill, mean, exact accuracy)."""
    names = {"majority": "majority class", "lexical": "lexical cues", "knn": "kNN vote (k=7)",
             "classifier": "offline classifier", "rater": "offline rater (classifier + clause rules)", "llm_zero_shot": "LLM zero-shot",
             "llm_contrastive": "LLM contrastive kNN"}
    skills = [s.value for s in ALL_SKILLS]
    head = "| method | macro-F1 | " + " | ".join(skills) + " | exact acc. | n |"
    rule = "|" + "---|" * (len(skills) + 4)
    lines = [(f"{result['k']}-fold cross-validation grouped by {result['grouping']} "
             f"({result['n']} lines, {result['situations']} situations)."), "", head, rule]
    for method, scored in result["methods"].items():
        cells = " | ".join(f"{scored['per_skill'][s]:.3f}" for s in skills)
        lines.append(f"| {names.get(method, method)} | **{scored['macro_f1']:.3f}** | {cells} | "
                     f"{scored['accuracy']:.3f} | {scored['n']} |")
    return "\n".join(lines)
