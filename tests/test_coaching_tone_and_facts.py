"""Failure patterns a blind judgement found (2026-12-06), each checked on fresh lines, not the judged ones.

Sarcasm and laughing markers kept, situation pronouns not turned to the listener, a benefit cut from its condition
or moved before its ask, a plan said twice, condescension and score-keeping kept, stock tails, a promise made to the
person dropped, and an ask put to someone who just said only another person can do it.
"""

from __future__ import annotations

import re

import pytest

from tests.helpers import coach_line, engine_evaluator

from voice_coach.feedback.asks import second_person, situation_fact
from voice_coach.feedback.authority import passed_on
from voice_coach.feedback.clauses import analyse
from voice_coach.feedback.gate import check_rewrite, check_suggestion
from voice_coach.feedback.offline import OfflineEvaluator
from voice_coach.feedback.promises import promise_in_play, promised_fact
from voice_coach.feedback.rewrite import BENEFITS, OFFER_LINE
from voice_coach.ports import TurnContext

RENT = ("My landlord wants to raise my rent by $200 a month from March. I've lived here four years and always paid on "
        "time. I want to ask him to keep the increase to $50.")
GUESTS = ("My partner Sam invited their brother to stay with us for three weeks in August without asking me. We have "
          "one bathroom. I want the stay cut to one week.")
EASTER = ("My parents expect my partner Robin and me at their flat every Easter. This year we want to spend Easter "
          "with Robin's family, who we haven't seen in four years, and I have to tell my parents.")
BROADBAND = ("I'm moving abroad in May and want to cancel my broadband contract. The sales team keep offering a discount "
             "to stay and say there's a $120 cancellation charge, though I was promised when I signed that moving "
             "abroad waives it.")
LATE_FEE = ("I paid my rent on the 1st but was charged a $60 late fee because the office logged it on the 3rd. I want "
            "the late fee removed.")
DISHES = ("My roommate Alex leaves dishes in the sink for three or four days at a time. I want him to wash his dishes "
          "the same night.")
MUM = ("My mum calls me at work three or four times a day about small things. I want her to text instead and call "
       "only for emergencies.")


@pytest.fixture(scope="module")
def evaluator() -> OfflineEvaluator:
    """The offline evaluator, without the bank's hand-written rewrites (the engine's own output is tested)."""
    return engine_evaluator()


_coach = coach_line


# Sarcasm: "like I can ..." claims and laughing markers

def test_a_sarcastic_like_claim_and_a_laughing_marker_never_survive_a_rewrite(evaluator: OfflineEvaluator) -> None:
    _, rewrite = _coach(evaluator, RENT, "repaint the hallway? like that's going to cover $200 a month lol. whatever, "
                        "i guess we'll see", partner_last="I could repaint the hallway for you instead.")
    assert "lol" not in rewrite.lower()
    assert "that's going to cover" not in rewrite.lower()


def test_a_sarcastic_like_clause_is_sarcasm_not_a_claim() -> None:
    kinds = {c.text: c.kind for c in analyse("a discount? like i can live on a discount. fine").clauses}
    assert kinds["like i can live on a discount"] == "sarcasm"
    # A leading filler before a sincere negative is not sarcasm.
    assert all(c.kind != "sarcasm" for c in analyse("like, i can't keep covering the rent alone").clauses)


def test_a_laughing_marker_is_removed_from_a_kept_fact_and_marks_a_bare_jab() -> None:
    clauses = analyse("you still owe me $340 lol. nice haha").clauses
    fact = next(c for c in clauses if "$340" in c.text)
    assert "lol" not in fact.tidy.lower() and fact.kind == "fact"
    assert any(c.kind == "sarcasm" for c in clauses if "nice" in c.text)


def test_the_gate_counts_a_laughing_marker_or_a_sarcastic_like_as_harmful() -> None:
    for rewrite in ("Please pay me back the $340 lol.", "Like I can pay rent with a discount. Please keep it to $50.",
                    "Please keep it to $50 smh."):
        failures = check_rewrite("keep it to $50 please", rewrite)
        assert any(f.startswith("harmful") for f in failures), (rewrite, failures)
    assert any(f.startswith("harmful_alternative") for f in
               check_suggestion('Say it straight: "I need the $340 back lol."', "i need the money"))


# Who is spoken to

def test_a_situation_their_of_the_named_listener_becomes_your() -> None:
    said = second_person("My partner Sam invited their brother to stay with us", "Sam")
    assert said.startswith("you invited your brother"), said


def test_background_said_to_the_named_listener_speaks_of_their_family_as_yours() -> None:
    fact = situation_fact(TurnContext(situation=GUESTS, counterpart_name="Sam", utterance=""))
    assert "their brother" not in fact and ("your brother" in fact or not fact), fact


# Benefits with their condition and their ask

def test_a_benefit_keeps_the_condition_it_depends_on(evaluator: OfflineEvaluator) -> None:
    _, rewrite = _coach(evaluator, MUM, "Okay. If you could text me first, you'd get a proper answer instead of a rushed "
                        "one. Any time works, I'm flexible.", partner_last="But I worry when I can't reach you.",
                        name="")
    said = rewrite.lower()
    assert "you'd get a proper answer" not in said or "if you could text me first, you'd get" in said, rewrite
    assert not re.match(r"^you'd\b", said), rewrite


def test_flexibility_about_a_detail_after_a_concrete_ask_is_not_giving_in() -> None:
    line = "If you could call me once a week, we'd both know where things stand. Whatever time works, I'm flexible."
    assert not analyse(line).of("caving")
    # Without a concrete ask of their own, the same words hand the ask over.
    assert analyse("i'm open to anything really, whatever time works, i'm flexible").of("caving")


def test_a_benefit_said_with_the_ask_stays_after_it(evaluator: OfflineEvaluator) -> None:
    _, rewrite = _coach(evaluator, DISHES, "maybe. it bugs me. i'm asking you to wash your dishes the same night, and "
                        "you won't have to hear me nag about the sink", partner_last="You're overreacting.", name="Alex")
    said = rewrite.lower()
    assert "won't have to hear me nag" in said
    assert said.index("wash your dishes") < said.index("won't have to hear me nag"), rewrite


# A plan said twice; condescension and score-keeping

def test_an_announced_plan_is_not_said_again_by_the_ask(evaluator: OfflineEvaluator) -> None:
    _, rewrite = _coach(evaluator, EASTER, "so, we're doing easter at robin's family this year, it's decided, you've had "
                        "every easter for like eight years", name="Robin")
    assert rewrite.lower().count("easter") <= 1 or "we're doing easter" not in rewrite.lower(), rewrite


def test_condescension_is_dropped_and_named_before_a_light_word(evaluator: OfflineEvaluator) -> None:
    suggestion, rewrite = _coach(evaluator, EASTER, "honestly it'll be good for you two to have a quiet easter for once. "
                                 "we want to spend easter with robin's family this year", name="Robin")
    assert "good for you" not in rewrite.lower()
    assert "good for you" in suggestion.lower() and 'Drop "honestly"' not in suggestion, suggestion


def test_score_keeping_and_retaliation_are_attacks_not_facts_or_giving_in() -> None:
    assert analyse("you've had every birthday at your place for years").of("attack")
    assert analyse("fine. i'll remember that next time you need a lift").of("threat")
    assert not analyse("fine. i'll remember that next time you need a lift").of("caving")


# Stock tails

def test_no_stock_benefit_or_open_question_after_giving_in(evaluator: OfflineEvaluator) -> None:
    for line, partner in (("okay. maybe in a few months? or partly? i'm open to anything really, whatever works",
                           "I can't do $50, maybe $150."),
                          ("i guess if that's what it takes... i could maybe pay part of it", "Take it or leave it.")):
        _, rewrite = _coach(evaluator, RENT, line, partner_last=partner)
        assert BENEFITS["request"] not in rewrite and OFFER_LINE not in rewrite, rewrite


# Facts of the dispute and who can act

def test_a_promise_made_to_the_person_is_read_from_the_situation_with_its_it_named() -> None:
    assert promised_fact(BROADBAND) == ("I was promised when I signed that moving abroad waives the $120 cancellation "
                                        "charge.")
    assert promise_in_play(BROADBAND, "I can't promise anything about the charge.")
    assert not promise_in_play(BROADBAND, "We can offer you a discount.")


def test_a_promise_in_play_is_kept_when_the_person_gives_it_up(evaluator: OfflineEvaluator) -> None:
    _, rewrite = _coach(evaluator, BROADBAND, "thanks so much, sorry for making a fuss about the charge, whatever they "
                        "decide is fine", partner_last="I'll put the cancellation in, but I can't promise anything "
                        "about the charge.")
    assert "$120" in rewrite and "promised" in rewrite, rewrite


def test_a_mention_it_ask_says_what_it_is_about(evaluator: OfflineEvaluator) -> None:
    _, rewrite = _coach(evaluator, BROADBAND, "um, that's annoying. could you maybe mention it to her? or we can work "
                        "something out", partner_last="I can't waive the charge, only my supervisor can, and she's off "
                        "until Friday.")
    assert "$120" in rewrite and "mention that to her" in rewrite.lower(), rewrite


def test_an_ask_goes_to_the_one_who_can_do_it(evaluator: OfflineEvaluator) -> None:
    assert passed_on("I'm asking you to get it recoded.", "I can't, only the provider can.") == \
        "Please ask the provider to get it recoded."
    assert passed_on("I'm asking for the late fee to be removed.", "Only my manager can do that.") == \
        "Please ask your manager to get the late fee removed."
    _, rewrite = _coach(evaluator, LATE_FEE, "ugh fine, whatever, not like i have a choice",
                        partner_last="I can't remove fees, only the property manager can.")
    assert "property manager" in rewrite, rewrite


# Found on a development sample (seed 20261131)

BOYFRIEND = ("My flatmate's girlfriend has stayed over five nights a week since June. She uses the heating and the "
             "washing machine but pays nothing toward bills. I want her to stay less or chip in.")
BIKE = ("My friend Dana wants to borrow my bike for a charity ride on Sunday. Last time it came back with a bent wheel "
        "I paid $90 to fix. I need the bike Sunday morning, and I want to say no.")


def test_background_about_someone_of_an_unknown_listener_is_not_said_to_them() -> None:
    fact = situation_fact(TurnContext(situation=BOYFRIEND, utterance=""))
    assert not fact.lower().startswith("my flatmate's"), fact


def test_a_deflection_on_a_refusal_follows_the_no_instead_of_replacing_it(evaluator: OfflineEvaluator) -> None:
    _, rewrite = _coach(evaluator, BIKE, "i mean, it's not really about the wheel, stuff happens, you know? maybe ask "
                        "someone else? i dunno", partner_last="What if I pay for any damage this time?", name="Dana")
    assert re.search(r"\bno\b", rewrite.lower()), rewrite


def test_calling_them_a_freeloader_is_an_attack() -> None:
    assert analyse("your girlfriend is a total freeloader").of("attack")


@pytest.mark.parametrize("line", ["you're a pig, theo", "you pig", "you're such a hypocrite", "you're a coward"])
def test_calling_them_an_animal_or_a_hypocrite_is_an_attack(line: str) -> None:
    # Fails if a plain name-calling word is missing from the attack words, so the rewrite keeps "you're a pig".
    assert analyse(line).of("attack"), line


# Found on a second development sample (seed 20261177)

def test_an_ask_made_after_saying_yes_on_a_refusal_is_not_kept_beside_the_no(evaluator: OfflineEvaluator) -> None:
    _, rewrite = _coach(evaluator, BIKE, "ugh, fine, take it, just please pump the tyres this time?",
                        partner_last="So you're going to ruin the whole ride for me?", name="Dana")
    assert "pump the tyres" not in rewrite.lower() and re.search(r"\bno\b", rewrite.lower()), rewrite


def test_a_consequence_held_over_them_is_a_threat_and_named_first() -> None:
    from voice_coach.feedback.suggest import problem_for
    from voice_coach.skills import Skill

    analysis = analyse("I've paid it twice already. If this keeps up, I'll just have to tell the landlord about it.")
    assert analysis.of("threat")
    found = problem_for(Skill.ASSERT, analysis)
    assert found is not None and found[0] == "threat" and "tell the landlord" in found[1][0]


def test_an_absolute_is_named_before_a_hedge() -> None:
    from voice_coach.feedback.suggest import problem_for
    from voice_coach.skills import Skill

    found = problem_for(Skill.ASSERT, analyse("you're literally always late, it's kind of annoying. maybe text me?"))
    assert found is not None and found[0] == "absolute", found


# Found on a third development sample (seed 20261190)

def test_a_second_grievance_thrown_in_with_an_attack_is_not_kept(evaluator: OfflineEvaluator) -> None:
    _, rewrite = _coach(evaluator, RENT, "that's not really my problem though, is it? maybe if you fixed the boiler "
                        "people wouldn't leave. and the bins get collected so late every week",
                        partner_last="If I keep your rent low, everyone will want the same.")
    assert "bins" not in rewrite.lower(), rewrite


def test_a_bare_thats_it_is_not_left_standing() -> None:
    from voice_coach.feedback.rewrite import plan_rewrite

    plan, _ = plan_rewrite("i know. just a text when you're running behind, that's it.", partner="I'm bad with time.",
                           ask="I'm asking you to text me when you're running late.")
    assert all(u.text.lower().strip(" .") != "that's it" for u in plan.units)
