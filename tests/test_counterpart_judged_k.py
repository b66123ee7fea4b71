"""Faults a blind judge found in set K, held on fresh wording: a scenario line naming its own person where the user
named someone else in that role, and a line about the matter's own facts, with an apology and a feeling, waved off
as a random aside."""

from __future__ import annotations

from tests.helpers import heard_picker

from voice_coach.conversation.acts import read_acts, scenario_words
from voice_coach.conversation.named_people import as_user_named, people_named
from voice_coach.conversation.policy import Plan, Reaction
from voice_coach.conversation.scenarios import Move, load_scenarios


def test_a_line_names_the_person_the_user_named_in_that_role() -> None:
    scenario = load_scenarios()["remote-fridays"]
    said = "Look, Priya already works Wednesdays from home and nobody minds."
    assert people_named(said, scenario) == ["Priya"]
    line = "You're right that Wednesdays from home have worked well for Sam."
    assert as_user_named(line, said, scenario) == "You're right that Wednesdays from home have worked well for Priya."
    # days, and a name the line shares no point with, are left alone
    assert people_named("On Fridays I just write reports.", scenario) == []
    assert as_user_named("Sam asked me about the rota.", said, scenario) == "Sam asked me about the rota."


def test_a_concession_never_brings_in_a_person_nobody_named() -> None:
    line = "Honestly, Marcus gets Wednesdays at home, so I don't see what's so different about me."
    picker, scenario = heard_picker("remote-fridays", ["I'd like to work from home on Fridays, starting next month."])
    for _ in range(3):
        reply = picker.pick(scenario, Plan(Move.PARTIAL_CONCESSION, Reaction.ANSWER), read_acts(line), line,
                            asked=True)
        assert "Sam" not in reply, reply


def test_the_matters_own_facts_with_an_apology_are_no_aside() -> None:
    scenario = load_scenarios()["decline-bridesmaid"]
    line = ("I'd have liked a say before the Ibiza trip got booked, but, sorry, forget that bit. "
            "I'm not angry at you. I just feel terrible about all this.")
    acts = read_acts(line, partner_last="You always pull back when things get serious.",
                     topic_words=scenario_words(scenario))
    assert not acts.off_topic and acts.feelings


def test_a_feeling_hedged_after_i_is_still_a_feeling() -> None:
    assert read_acts("I really just feel like nobody listens at these meetings.").feelings
    assert read_acts("Honestly I still feel bad about the whole thing.").feelings


def test_a_real_aside_is_still_off_topic() -> None:
    scenario = load_scenarios()["decline-bridesmaid"]
    acts = read_acts("My cousin's dog ate a whole birthday cake on Sunday, total chaos.",
                     partner_last="Have you looked at the dresses?", topic_words=scenario_words(scenario))
    assert acts.off_topic
