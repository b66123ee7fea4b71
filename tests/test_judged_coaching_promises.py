"""Regressions for coaching a blind judge rated poor or harmful: put-downs said as promises, guesses about someone
else's wishes, off-goal and vague asks, encouragement read as an attack, and background said as a charge.
Every line here is fresh wording, not the judged row's."""

from __future__ import annotations

import re

import pytest

from tests.helpers import coach_line, engine_evaluator

from voice_coach.feedback.clauses import analyse
from voice_coach.feedback.gate import check_rewrite, check_suggestion
from voice_coach.feedback.guesses import guessed_mind
from voice_coach.feedback.offline import OfflineEvaluator
from voice_coach.feedback.promised_jabs import promised_jab
from voice_coach.feedback.proposals import as_proposal, vague_compromise

GAMES = ("My flatmate Priya plays video games with the sound up past midnight most weeknights. I want her to use "
         "headphones after 11 pm.")
WEDDING = ("My sister invited her in-laws to stay at our place for the whole wedding weekend without asking. We have "
           "one spare sofa. I want them to stay two nights instead of four, or to book a guesthouse for the rest.")
EMAIL = "My manager emails me tasks on Sunday evenings and expects them started by Monday 8 am. I want her to send weekend tasks on Monday mornings instead."
DAUGHTER = ("My daughter Mia is 24 and has lived with us rent-free for two years since she finished her degree. I want "
            "her to start paying $250 a month from October 1st.")
ROOM = ("My partner Alex signed us up for a weekly pottery class without asking me. It costs $60 a session. I want us "
        "to go every other week instead.")


@pytest.fixture(scope="module")
def evaluator() -> OfflineEvaluator:
    """The offline evaluator, without the bank's hand-written rewrites (the engine's own output is tested)."""
    return engine_evaluator()


_coach = coach_line


def test_a_put_down_said_as_a_promise_is_found() -> None:
    assert promised_jab("and I'll stop glaring at you from the hallway")
    assert promised_jab("I'll quit being such a killjoy about it")
    assert promised_jab("then I won't have to nag you every single night")
    assert not promised_jab("I'll stop by after work") and not promised_jab("I'll stop asking once it's sorted")
    assert analyse("ok, and I'll stop moaning at you about the noise").of("attack")


def test_a_put_down_said_as_a_promise_is_never_kept_or_recommended(evaluator: OfflineEvaluator) -> None:
    # Fails if "I'll stop moaning at you every morning" is kept in the rewrite or offered as the line to say.
    line = ("Great, thanks. If you do that, you'll get more sleep too and I'll stop moaning at you every morning. "
            "And while we're at it, maybe you could also wash your pans.")
    suggestion, rewrite = _coach(evaluator, GAMES, line, partner_last="Fine, I'll think about headphones.", name="Priya")
    assert "moaning" not in rewrite.lower()
    assert not re.search(r'(?::|e\.g\.)\s*"[^"]*moaning', suggestion), suggestion


def test_the_gate_refuses_a_promised_put_down_in_a_suggestion_even_in_the_users_words() -> None:
    line = "You'll sleep better, and I'll stop being such a grump at breakfast."
    suggestion = 'Leave "x" for another conversation. Stay with: "I\'ll stop being such a grump at breakfast."'
    assert any(f.startswith("harmful_alternative") for f in check_suggestion(suggestion, line))
    assert any(f.startswith("harmful") for f in check_rewrite(line, "I'll stop being such a grump. Please use headphones after 11 pm."))


def test_a_hedged_guess_about_someone_elses_wishes_is_not_stated_as_fact(evaluator: OfflineEvaluator) -> None:
    # Fails if "probably" is dropped and "They'd prefer a guesthouse" is stated as a fact about them.
    assert guessed_mind("they'd probably prefer a guesthouse anyway") and guessed_mind("he might not even mind")
    assert not guessed_mind("i'd probably like a heads up") and not guessed_mind("maybe you could text me first")
    line = "i get it, it's family. i mean they'd probably prefer a guesthouse anyway, right? we could work out the wording"
    suggestion, rewrite = _coach(evaluator, WEDDING, line, partner_last="They'll be offended if we send them away.")
    assert not re.search(r"\bthey'?d prefer\b|\bthey would prefer\b", rewrite, re.IGNORECASE), rewrite
    assert '"probably"' not in suggestion, suggestion


def test_an_idea_off_the_goal_is_a_proposal_beside_the_ask_not_a_curt_order(evaluator: OfflineEvaluator) -> None:
    # Fails if the suggestion's line to say is the bare order "Please put them in a draft." without the Monday ask.
    assert as_proposal("Please schedule them.") == "You could schedule them."
    line = "i mean i guess you could put them in a draft or something? i dunno, it would just be easier"
    suggestion, rewrite = _coach(evaluator, EMAIL, line, partner_last="But Sunday is when I think of them.")
    assert "Please put them in a draft" not in suggestion and "Monday" in suggestion, suggestion
    assert "monday" in rewrite.lower() and "Please put them" not in rewrite, rewrite


def test_a_vague_compromise_is_not_the_one_ask(evaluator: OfflineEvaluator) -> None:
    # Fails if "Could we find a compromise?" replaces the scenario's two-nights-or-guesthouse ask.
    assert vague_compromise("Let's find a compromise.") and not vague_compromise("Let's split it half and half.")
    line = "nobody's sending anyone away. four nights on one sofa is a lot for us though. i dunno, could we find a compromise somehow?"
    suggestion, rewrite = _coach(evaluator, WEDDING, line, partner_last="It's my family, I don't need your permission.")
    assert "two nights" in rewrite.lower(), rewrite  # the one clear ask is there, whatever else is kept


def test_encouragement_is_not_an_attack_and_handing_over_the_date_is_caving(evaluator: OfflineEvaluator) -> None:
    # Fails if "it'll be good for you either way" is called an attack, "whenever suits you is fine" goes unnamed,
    # or the rewrite opens with her age and "rent-free".
    analysis = analyse("i guess whenever suits you is fine, we'll sort it out. it'll be good for you either way")
    assert not analysis.of("attack") and analysis.of("caving")
    line = "alright, then when? i guess whenever suits you is fine, we'll sort it out. it'll be good for you either way"
    suggestion, rewrite = _coach(evaluator, DAUGHTER, line, partner_last="Okay. But October is too soon.", name="Mia")
    assert "whenever suits you" in suggestion and "attack" not in suggestion, suggestion
    assert "rent-free" not in rewrite and not re.search(r"\byou(?:'re| are) 24\b", rewrite), rewrite
    assert "$250" in rewrite, rewrite
