"""Evaluators: the offline embedding classifier (default), the lexical baseline, and the factory."""

from __future__ import annotations

import re

import asyncio
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from voice_coach.config import Settings
from voice_coach.feedback.bank import (
    Bank,
    EmbeddingCache,
    bank_paths,
    context_vector,
    default_cache_dir,
    embedder_id,
    load_examples,
)
from voice_coach.feedback.classifier import SkillClassifier, feature_row, load_or_train
from voice_coach.feedback.coaching import coach, reasons
from voice_coach.feedback.cues import quick_ratings
from voice_coach.feedback.rating_rules import LONG_LINE_CHARS, apply_rules, head_of_line
from voice_coach.ports import Embedder, TurnContext
from voice_coach.skills import (
    ALL_SKILLS,
    LEVEL_SKILLS,
    Feedback,
    GateSummary,
    Skill,
    SkillFeedback,
)


KEPT_SHARE = 0.6  # below this, too much of the line is gone for its embedding to stand in
_WORD = re.compile(r"[a-z0-9$']+")


def light_edit(line: str, wording: str, known: str = "") -> bool:
    """Is `wording` the line with words left out, plus at most known added sentences (`known`): almost every word
    of it the line's or known, and most of the line kept?"""
    said = {w for w in _WORD.findall(line.lower().replace("\u2019", "'")) if len(w) > 2}
    added = {w for w in _WORD.findall(known.lower().replace("\u2019", "'")) if len(w) > 2}
    new = [w for w in _WORD.findall(wording.lower().replace("\u2019", "'")) if len(w) > 2]
    if not said or not new:
        return False
    own = sum(w in said or w in added for w in new) / len(new)
    kept = len(said & set(new)) / len(said)
    return own >= 0.9 and kept >= KEPT_SHARE


class _VectorMemo:
    """A small LRU of text embeddings: situations repeat every turn, partner lines and history too."""

    def __init__(self, embedder: Embedder, size: int = 1024) -> None:
        self.embedder = embedder
        self.size = size
        self._items: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, text: str) -> np.ndarray:
        with self._lock:
            if text in self._items:
                self._items.move_to_end(text)
                return self._items[text]
        vector = self.embedder.encode([text])[0]
        with self._lock:
            self._items[text] = vector
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return vector


class OfflineEvaluator:
    """Per-skill classifier on MiniLM embeddings + lexical cues, with bank-grounded coaching; no LLM needed."""

    name = "offline"

    def __init__(self, bank: Bank, classifier: SkillClassifier, embedder: Embedder) -> None:
        """Use a built bank and a trained classifier (see `create`)."""
        self.bank = bank
        self.classifier = classifier
        self._embed = _VectorMemo(embedder)
        self._labels_memo: OrderedDict[tuple[str, str, str], dict[str, str]] = OrderedDict()
        self._memo_lock = threading.Lock()  # evaluations run in worker threads of several sessions
        self.use_bank_rewrites = True  # off when measuring the rewrite engine on bank lines themselves

    @classmethod
    def create(cls, *, embedder: Embedder | None = None, cache_dir: Path | None = None,
               paths: Sequence[Path] | None = None) -> OfflineEvaluator:
        """Load the bank, embed it (cached) and load or train the classifier (cached by bank content)."""
        if embedder is None:
            from voice_coach.feedback.embed import default_embedder

            embedder = default_embedder()
        cache_dir = cache_dir if cache_dir is not None else default_cache_dir()
        files = list(paths) if paths is not None else bank_paths()
        examples = [example for path in files for example in load_examples(path)]
        bank = Bank.build(examples, EmbeddingCache(embedder, cache_dir))
        classifier = load_or_train(bank, files, cache_dir, embedder_id(embedder))
        return cls(bank, classifier, embedder)

    def warm_up(self) -> None:
        """Run one evaluation so the first real line is fast."""
        self.evaluate_sync(TurnContext(situation="Asking for a day off.", utterance="Can I have Friday off?"))

    def _vectors(self, context: TurnContext) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
        # A line of pages is read by its first page: the embedding sees 128 tokens in any case.
        utterance = self._embed(head_of_line(context.utterance))
        situation = self._embed(context.situation or context.utterance)
        partner = self._embed(context.partner_last) if context.partner_last.strip() else None
        return utterance, situation, partner

    def rate(self, context: TurnContext) -> dict[str, str]:
        """The seven labels of one line (memoised: history lines are re-rated every turn)."""
        key = (context.utterance, context.situation, context.partner_last)
        with self._memo_lock:
            cached = self._labels_memo.get(key)
            if cached is not None:
                self._labels_memo.move_to_end(key)
                return cached
        utterance, situation, partner = self._vectors(context)
        head = head_of_line(context.utterance)
        raw = self.classifier.predict_rows(feature_row(head, utterance, situation, partner), [head])[0]
        labels = apply_rules(raw, head, long_line=len(context.utterance) > LONG_LINE_CHARS)
        with self._memo_lock:
            self._labels_memo[key] = labels
            while len(self._labels_memo) > 2048:
                self._labels_memo.popitem(last=False)
        return labels

    def rater_for(self, context: TurnContext) -> Callable[[Sequence[str]], list[dict[str, str]]]:
        """Rates other wordings of this line in the same moment, in one embedding batch (the gate's rater)."""

        from voice_coach.feedback.asks import ask_for
        from voice_coach.feedback.rewrite import BENEFITS, OFFER_LINE

        # Sentences the coaching itself adds (the scenario's ask, a benefit, an open question): the cue features
        # read them (request, benefit, offer cues), so they need no MiniLM run of their own.
        known = " ".join([ask_for(context), OFFER_LINE, *BENEFITS.values()])

        def rate_many(texts: Sequence[str]) -> list[dict[str, str]]:
            if not texts:
                return []
            line, situation, partner = self._vectors(context)
            # A light edit of the line (words trimmed, nothing new said) keeps the line's meaning: its embedding
            # is the line's, and its own words reach the classifier through the cue features. Only a wording
            # that says something new costs a MiniLM run (memoised: a repaired rewrite is often re-rated).
            vectors = [line if light_edit(context.utterance, t, known) else self._embed(t) for t in texts]
            rows = np.stack([feature_row(t, v, situation, partner) for t, v in zip(texts, vectors)])
            return self.classifier.predict_rows(rows, texts)

        return rate_many

    def used_skills(self, context: TurnContext) -> set[Skill]:
        """Skills the user already used strongly in earlier lines of this conversation."""
        used: set[Skill] = set()
        partner = ""
        for user_line, partner_reply in context.history:
            past = TurnContext(situation=context.situation, partner_last=partner, utterance=user_line)
            labels = self.rate(past)
            used |= {s for s in LEVEL_SKILLS if labels[s.value] == "strong"}
            partner = partner_reply
        return used

    def feedback_for(self, context: TurnContext, labels: dict[str, str], *, evaluator: str | None = None,
                     reasons_by_skill: dict[Skill, str] | None = None) -> Feedback:
        """Feedback (reasons and coaching) for given labels; the LLM evaluator reuses it as its fallback."""
        started = time.perf_counter()
        utterance, situation, partner = self._vectors(context)
        why = reasons_by_skill or reasons(labels, context.utterance)
        coaching = coach(context, labels, self.used_skills(context), self.bank, utterance,
                         context_vector(situation, partner), rater=self.rater_for(context),
                         bank_rewrites=self.use_bank_rewrites)
        return Feedback(
            skills=[SkillFeedback(skill=s, label=labels[s.value], reason=why[s]) for s in ALL_SKILLS],
            focus=coaching.focus, suggestion=coaching.suggestion, rewrite=coaching.rewrite,
            next_skill=coaching.next_skill, evaluator=evaluator or self.name,
            gate=GateSummary(passed=coaching.gate.passed, repairs=coaching.gate.repairs,
                             failures=coaching.gate.failures),
            latency_ms=round((time.perf_counter() - started) * 1000, 1))

    def evaluate_sync(self, context: TurnContext) -> Feedback:
        """Rate and coach one line (blocking; ~10-20 ms warm)."""
        started = time.perf_counter()
        feedback = self.feedback_for(context, self.rate(context))
        return feedback.model_copy(update={"latency_ms": round((time.perf_counter() - started) * 1000, 1)})

    async def evaluate(self, context: TurnContext) -> Feedback:
        """Rate and coach one line off the event loop, so the counterpart's reply keeps streaming."""
        return await asyncio.to_thread(self.evaluate_sync, context)


class LexicalEvaluator:
    """Rates with lexical cues alone (the simplest offline evaluator and a report baseline)."""

    name = "lexical"

    async def evaluate(self, context: TurnContext) -> Feedback:
        """Ratings from cues with cue-quoting reasons; the first weak or missing skill is the focus."""
        labels = quick_ratings(context.utterance).labels
        why = reasons(labels, context.utterance)
        skills = [SkillFeedback(skill=s, label=labels[s.value], reason=why[s]) for s in ALL_SKILLS]
        from voice_coach.feedback.asks import goal_type_of
        from voice_coach.feedback.coaching import choose_focus, coach_line

        focus = choose_focus(labels, set(), Skill.DESCRIBE, goal_type_of(context))

        def rater(texts: Sequence[str]) -> list[dict[str, str]]:
            return [quick_ratings(t).labels for t in texts]  # the same rater as the labels

        suggestion, rewrite, verdict = coach_line(context, labels, focus, rater=rater)
        return Feedback(skills=skills, focus=focus, suggestion=suggestion, rewrite=rewrite,
                        next_skill=Skill.DESCRIBE if context.turn_index <= 0 else focus, evaluator=self.name,
                        gate=GateSummary(passed=verdict.passed, repairs=verdict.repairs, failures=verdict.failures))


_OFFLINE: dict[tuple[str, str], OfflineEvaluator] = {}
_OFFLINE_LOCK = threading.Lock()


def offline_evaluator(settings: Settings | None = None) -> OfflineEvaluator:
    """The process-wide offline evaluator for the configured embedder (built once)."""
    settings = settings or Settings()
    key = (settings.embed_backend, settings.embed_model or "")
    with _OFFLINE_LOCK:
        if key not in _OFFLINE:
            embedder: Embedder | None = None
            if settings.embed_backend == "remote":
                from voice_coach.feedback.embed import OpenAIEmbedder

                embedder = OpenAIEmbedder(settings.embed_model or "text-embedding-3-small",
                                          base_url=settings.openai_base_url, api_key=settings.api_key)
            elif settings.embed_model:
                from voice_coach.feedback.embed import OnnxEmbedder

                embedder = OnnxEmbedder(Path(settings.embed_model) / "model_int8.onnx")
            _OFFLINE[key] = OfflineEvaluator.create(embedder=embedder)
        return _OFFLINE[key]
