"""The offline evaluator on the real bank and the real MiniLM: clear-cut ratings, specific coaching, caching."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

# One cache for the whole test run, apart from the user's own cache (set before the evaluator is built).
from voice_coach.feedback.bank import bank_paths, load_examples
from voice_coach.config import Settings
from voice_coach.feedback.factory import make_evaluator
from voice_coach.feedback.offline import LexicalEvaluator, OfflineEvaluator, offline_evaluator
from voice_coach.ports import TurnContext
from voice_coach.skills import Skill

SITUATION = ("I lent my brother Kevin 2,400 dollars in January for his car repair. He promised to pay it back "
             "by summer and has paid nothing so far.")
GOAL = "I want Kevin to agree to a repayment plan for the 2,400 dollars, at least 200 a month."
PARTNER = "Why are you bringing this up now?"

# Lines written for this test (not in the bank); only the labels that are clear-cut by the rubric are checked.
CLEAR_CUT: list[tuple[str, dict[str, str]]] = [
    ("I'm asking you to pay back the 2,400 dollars, at least 200 a month starting in July.",
     {"assert": "strong", "confident": "yes", "mindful": "yes", "express": "none"}),
    ("sorry sorry i know i'm being so annoying about this, never mind, forget i said anything",
     {"assert": "none", "confident": "no", "mindful": "no", "describe": "none"}),
    ("you're such a selfish jerk, you never think about anyone but yourself",
     {"mindful": "no", "confident": "no", "assert": "none", "negotiate": "none"}),
    ("I feel really hurt and worried when the money doesn't come back as promised.",
     {"express": "strong", "negotiate": "none", "mindful": "yes"}),
    ("You borrowed 2,400 dollars in January and said you'd pay it back by June. Nothing has come back yet.",
     {"describe": "strong", "negotiate": "none", "mindful": "yes"}),
    ("How about 150 a month for the first three months and then 250 after that?",
     {"negotiate": "strong", "mindful": "yes", "express": "none"}),
    ("If we set up a plan, you won't have me bringing it up at every family dinner, and you'd be done by next summer.",
     {"reinforce": "strong", "express": "none"}),
    ("What would work for you?", {"negotiate": "strong", "describe": "none", "express": "none"}),
    ("No, I won't lend you more money until the first loan is paid back.", {"assert": "strong", "express": "none"}),
    ("oh sure, because you're SO broke with your new tv, give me a break",
     {"confident": "no", "mindful": "no", "negotiate": "none"}),
    ("well at least i don't owe anyone money, what about when you crashed dad's car",
     {"mindful": "no", "assert": "none", "negotiate": "none"}),
    ("i guess it's fine, whatever you think, it doesn't really matter",
     {"confident": "no", "assert": "none", "mindful": "no"}),
    ("I'd like us to agree on a repayment plan today.",
     {"assert": "strong", "confident": "yes", "express": "none", "describe": "none"}),
    ("it would be nice if someone paid their debts sometimes", {"assert": "weak", "confident": "no"}),
    ("um so like i feel kind of stressed i guess about the money thing",
     {"express": "weak", "confident": "no", "assert": "none"}),
]
GENERIC = ("great job", "well done", "keep it up", "good effort", "nice work", "try to be more assertive",
           "be more confident")


def _context(utterance: str, turn: int = 1, partner: str = PARTNER, **extra: object) -> TurnContext:
    return TurnContext(category="family", situation=SITUATION, goal=GOAL, counterpart_name="Kevin",
                       partner_last=partner, utterance=utterance, turn_index=turn, **extra)


@pytest.fixture(scope="module")
def evaluator() -> OfflineEvaluator:
    """The process-wide offline evaluator (bank embedded and classifier trained once, then cached)."""
    ev = offline_evaluator(Settings())
    ev.warm_up()
    return ev


def test_clear_cut_lines_get_the_right_ratings(evaluator: OfflineEvaluator) -> None:
    bank_lines = {e.utterance.lower() for p in bank_paths() for e in load_examples(p)}
    wrong = []
    checked = 0
    for line, expected in CLEAR_CUT:
        assert line.lower() not in bank_lines
        labels = evaluator.rate(_context(line))
        for skill, label in expected.items():
            checked += 1
            if labels[skill] != label:
                wrong.append(f"{line[:40]!r} {skill}: got {labels[skill]}, want {label}")
    # The classifier scores ~0.83 cross-validated macro-F1; on lines this clear it must agree at least 90%.
    assert len(wrong) <= checked // 10, "\n".join(wrong)


async def test_feedback_has_reasons_and_specific_coaching(evaluator: OfflineEvaluator) -> None:
    line = "um sorry, i was kind of wondering if maybe kevin could like pay some of the money back sometime?"
    feedback = await evaluator.evaluate(_context(line))
    assert [f.skill for f in feedback.skills] == list(Skill)
    assert all(f.reason.strip() for f in feedback.skills)
    assert feedback.get(Skill.CONFIDENT).label == "no"
    assert not feedback.ratings.positive(feedback.focus)  # coaching targets a skill the line lacks
    assert "sorry" in feedback.get(Skill.CONFIDENT).reason.lower()
    assert feedback.rewrite.strip().lower() != line.lower()
    assert "sorry" not in feedback.rewrite.lower() and "maybe" not in feedback.rewrite.lower()
    assert "2,400 dollars" in feedback.rewrite or "money" in feedback.rewrite.lower()
    assert not any(g in feedback.suggestion.lower() for g in GENERIC)
    # The suggestion quotes the user's own words or names their request.
    assert any(w in feedback.suggestion.lower()
               for w in ("sorry", "kind of", "wondering if", "maybe", "2,400", "kevin", "money"))


@pytest.mark.parametrize("line", [
    "you're such a selfish jerk, you never think about anyone but yourself",
    "I'd like us to agree on a repayment plan today.",
    "whatever, forget it, it doesn't matter",
    "You borrowed 2,400 dollars in January and nothing has come back yet.",
])
async def test_rewrite_differs_and_keeps_the_topic(evaluator: OfflineEvaluator, line: str) -> None:
    feedback = await evaluator.evaluate(_context(line))
    assert feedback.rewrite.strip() and feedback.rewrite.strip().lower() != line.lower()
    topic = {"kevin", "2,400", "dollars", "repayment", "money", "month", "loan", "pay", "plan"}
    assert any(word in feedback.rewrite.lower() for word in topic), feedback.rewrite
    assert not any(g in feedback.suggestion.lower() for g in GENERIC)
    assert feedback.suggestion.strip() and len(feedback.suggestion) < 300


async def test_next_skill_is_describe_on_the_first_turn(evaluator: OfflineEvaluator) -> None:
    feedback = await evaluator.evaluate(_context("Hey, can we talk about the money?", turn=0, partner=""))
    assert feedback.next_skill is Skill.DESCRIBE


async def test_next_skill_later_is_one_not_used_yet(evaluator: OfflineEvaluator) -> None:
    history = [("You borrowed 2,400 dollars in January and nothing has come back yet.", "I've been broke."),
               ("I'm asking you to pay back at least 200 a month starting in July.", PARTNER)]
    feedback = await evaluator.evaluate(_context("I feel hurt that it hasn't come up at all.", turn=2,
                                                 history=history))
    used = {Skill.DESCRIBE, Skill.ASSERT} | {f.skill for f in feedback.skills if f.label == "strong"}
    assert feedback.next_skill not in used
    assert feedback.next_skill in (Skill.REINFORCE, Skill.NEGOTIATE, Skill.EXPRESS)


async def test_lexical_evaluator_still_coaches() -> None:
    feedback = await LexicalEvaluator().evaluate(_context("sorry, maybe you could pay some back?", turn=0))
    assert feedback.evaluator == "lexical" and feedback.get(Skill.CONFIDENT).label == "no"
    assert feedback.next_skill is Skill.DESCRIBE and feedback.rewrite != "sorry, maybe you could pay some back?"


def test_factory_is_offline_without_an_endpoint() -> None:
    settings = Settings(openai_base_url=None, openai_api_key=None, evaluator="auto")
    assert make_evaluator(settings, lambda model: pytest.fail("no LLM expected")).name == "offline"


def test_classifier_cache_rebuilds_when_the_bank_changes(tmp_path: Path) -> None:
    source = [e for p in bank_paths() for e in load_examples(p)]
    situations = sorted({e.group for e in source})[:4]
    lines = [e.model_dump(mode="json") for e in source if e.group in situations]
    for row in lines:
        row["labels"] = row["labels"]["labels"]
    bank_file = tmp_path / "bank.jsonl"
    bank_file.write_text("".join(json.dumps(r) + "\n" for r in lines[:-1]), encoding="utf-8")
    cache = tmp_path / "cache"
    first = OfflineEvaluator.create(cache_dir=cache, paths=[bank_file])
    models = sorted(cache.glob("classifier-*.npz"))
    assert len(models) == 1 and len(first.bank) == len(lines) - 1
    stamp = models[0].stat().st_mtime_ns
    again = OfflineEvaluator.create(cache_dir=cache, paths=[bank_file])
    assert sorted(cache.glob("classifier-*.npz")) == models and models[0].stat().st_mtime_ns == stamp
    assert again.classifier.params == first.classifier.params
    with bank_file.open("a", encoding="utf-8") as handle:  # the bank grows by one line
        handle.write(json.dumps(lines[-1]) + "\n")
    grown = OfflineEvaluator.create(cache_dir=cache, paths=[bank_file])
    assert len(grown.bank) == len(lines)
    assert len(list(cache.glob("classifier-*.npz"))) == 2
