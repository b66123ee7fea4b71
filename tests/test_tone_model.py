"""The tone model: what it reads, where it is trusted, and what the coaching shows for what it finds."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from tests.helpers import coach_line, engine_evaluator
from voice_coach.feedback import hostility
from voice_coach.feedback.clauses import HARMFUL, analyse
from voice_coach.feedback.ngrams import Vocabulary
from voice_coach.feedback.tone_eval import evaluate_tone

HELD_OUT = Path(__file__).parent / "data" / "tone_heldout.jsonl"


def test_threshold_leaves_at_most_the_allowed_share_of_fair_scores_at_or_above_it() -> None:
    # Fails if the threshold lets more fair clauses through than the budget (an off-by-one in the order statistic).
    rng = np.random.default_rng(0)
    scores = rng.random(1000)
    hostile = rng.random(1000) < 0.4
    for rate in (0.0, 0.03, 0.1):
        threshold = hostility.threshold_for(scores, hostile, rate)
        assert (scores[~hostile] >= threshold).mean() <= rate
        # and it is the lowest such threshold: one fair score more would pass the budget
        assert (scores[~hostile] >= threshold - 1e-6).sum() >= int(rate * (~hostile).sum())


def test_a_saved_model_reads_the_same_scores_after_loading(tmp_path: Path) -> None:
    # Fails if the vocabulary, the words head or the threshold is lost on the way to disk.
    texts = ["you are so lazy", "the bill is $40", "great job ruining dinner", "I need the money back by Friday"]
    model = hostility.ToneModel(np.linspace(-1, 1, 384).astype(np.float32), 0.1,
                                Vocabulary(("bill", "great", "lazy", "money"), np.array([1.0, 1.5, 2.0, 1.2])),
                                np.array([-1.0, 2.0, 3.0, -0.5], np.float32), -0.2, 0.61)
    model.save(tmp_path / "tone.npz")
    loaded = hostility.ToneModel.load(tmp_path / "tone.npz")
    vectors = np.random.default_rng(1).normal(size=(4, 384)).astype(np.float32)
    assert np.allclose(model.proba(vectors, texts), loaded.proba(vectors, texts), atol=1e-6)
    assert loaded.threshold == pytest.approx(0.61)


def test_the_shipped_reader_loads_and_orders_a_jab_above_a_plain_fact() -> None:
    # Fails if the model cannot be loaded (the rules would run alone) or reads tone backwards.
    reader = hostility.reader()
    assert reader is not None
    jab, fact = reader.scores(["oh sure, because your naps are so exhausting",
                               "the rent went up by $60 in March"])
    assert jab > reader.model.threshold > fact


def test_on_held_out_clauses_a_hostile_line_catches_most_jabs_and_cuts_few_fair_clauses() -> None:
    # Fails if the model adds little to the rules in a hostile line (recall not at least 0.6 and 30 points above
    # the rules) or cuts more than 8% of fair clauses (blunt facts, strong feelings, firm asks written by another
    # author and never trained on).
    result = evaluate_tone(HELD_OUT)
    assert result["hostile"] >= 150 and result["fair"] >= 200
    assert result["analysis"]["hostile_recall"] >= 0.6
    assert result["analysis"]["hostile_recall"] >= result["rules"]["hostile_recall"] + 0.3
    assert result["analysis"]["fair_flag_rate"] <= 0.08


def test_a_jab_is_cut_only_in_a_line_rated_hostile() -> None:
    # Fails if the model cuts clauses of a line that was not rated hostile (where a blunt fact or a sincere thanks
    # sounds like a jab to it far too often), or does not cut a plain-worded jab in a line that was.
    line = "must be lovely having a personal maid. i need you to wash your dishes the same day"
    with hostility.hostile_line(False):
        ordinary = analyse(line).clauses
    with hostility.hostile_line(True):
        hostile = analyse(line).clauses
    assert not [c for c in ordinary if c.kind in HARMFUL]
    assert [c.kind for c in hostile if "maid" in c.text] == ["attack"]
    assert ("jab", "must be lovely having a personal maid") in hostile[0].problems
    assert [c.kind for c in hostile if "wash" in c.text] == ["request"]


SITUATION = ("My flatmate Theo leaves his dishes in the sink for days and we got fruit flies last week. "
             "I want him to wash his dishes the same day he uses them.")


@pytest.mark.parametrize("line, jab", [
    ("wow, how convenient. you're really talented at relaxing while I scrub your pans. wash your dishes the same day",
     "talented"),
    ("I guess the fruit flies are your pets now. wash your dishes the same day", "pets"),
])
def test_a_hostile_line_loses_its_unmarked_jab_and_keeps_its_ask(line: str, jab: str) -> None:
    # Fails if the rewrite keeps a jab that no rule has a word for (the clause rules alone keep both of these), or
    # loses the ask while cutting it.
    suggestion, rewrite = coach_line(engine_evaluator(), SITUATION, line, name="Theo",
                                     partner_last="Relax, they're just dishes.")
    assert jab not in rewrite.lower()
    assert "wash your dishes" in rewrite.lower()
    assert jab not in suggestion.split("Try:")[-1].lower()


def test_no_held_out_clause_is_in_the_training_files() -> None:
    # Fails if a held-out clause (ignoring case and punctuation) leaks into training, which would inflate its figures.
    def norm(text: str) -> str:
        return " ".join(re.sub(r"[^a-z ]", " ", text.lower()).split())

    trained = {norm(row.text) for path in hostility.training_paths() for row in hostility.load_rows(path)}
    held_out = [row.text for row in hostility.load_rows(HELD_OUT)]
    assert len(hostility.training_paths()) >= 1 and len(trained) > 1000
    assert [text for text in held_out if norm(text) in trained] == []


def test_bank_exposure_counts_lines_by_their_mindful_label() -> None:
    # Fails if the measure of what the model would cut on ordinary lines loses lines or mixes up the labels
    # (every bank line has a mindful label; more hostile lines must be exposed than mindful ones).
    from voice_coach.feedback.tone_eval import bank_exposure

    result = bank_exposure()
    assert set(result["lines"]) == {"yes", "no"} and sum(result["lines"].values()) >= 400
    assert result["share_with_a_cut"]["no"] > result["share_with_a_cut"]["yes"]
