"""A rehearsal about medication: a learned-stage pause on "the tablets" becomes a check-in; rules still pause."""

from __future__ import annotations

import asyncio
from pathlib import Path

from tests.helpers import collect, make_services, start
from voice_coach.events import PartnerTextDone, SafetyCheckIn, SafetyPause
from voice_coach.safety.result import SafetyResult
from voice_coach.safety.topic import scenario_medication_words, soften_for_topic

# The natural answer to the doctor's opening "Have you started the tablets yet?"; the learned heads pause on it.
TABLETS_ANSWER = "Hello, thanks. I've got the tablets at home, but I haven't started them yet."
RULE_LINE = "I've been saving up my tablets, just in case."  # a warning-sign rule: a pause in any scenario


def _events(tmp_path: Path, scenario_id: str, line: str) -> list[object]:
    services = make_services(tmp_path, counterpart="scripted")

    async def run() -> list[object]:
        session = await start(services, scenario_id)
        return await collect(session.user_turn(line))

    return asyncio.run(run())


def test_learned_pause_on_the_scenarios_own_medication_becomes_a_check_in() -> None:
    paused = SafetyResult(crisis=True, tier="pause", category="suicide", matched="i have got the tablets at home",
                          source="model")
    softened = soften_for_topic(paused, scenario_medication_words("Have you started the tablets yet?"))
    assert softened.tier == "check_in" and softened.crisis and softened.category == "suicide"


def test_rule_pause_and_other_topics_are_never_softened() -> None:
    words = scenario_medication_words("Have you started the tablets yet?")
    by_rule = SafetyResult(crisis=True, tier="pause", category="suicide", matched="saving up my tablets", source="rules")
    assert soften_for_topic(by_rule, words).tier == "pause"
    other = SafetyResult(crisis=True, tier="pause", category="suicide", matched="i will do it tonight", source="model")
    assert soften_for_topic(other, words).tier == "pause"
    # a scenario that never speaks of medication softens nothing
    assert soften_for_topic(SafetyResult(crisis=True, tier="pause", category="suicide", matched="the tablets",
                                         source="model"), scenario_medication_words("the dishes")).tier == "pause"


def test_answering_the_doctor_about_the_tablets_does_not_stop_the_rehearsal(tmp_path: Path) -> None:
    events = _events(tmp_path, "doctor-explain-diagnosis", TABLETS_ANSWER)
    assert not any(isinstance(e, SafetyPause) for e in events), events
    # (the learned stage may still ask once; it must never pause the rehearsal on this line)
    assert any(isinstance(e, (SafetyCheckIn, PartnerTextDone)) for e in events), events


def test_saving_up_tablets_still_pauses_in_the_medication_scenario(tmp_path: Path) -> None:
    events = _events(tmp_path, "doctor-explain-diagnosis", RULE_LINE)
    assert any(isinstance(e, SafetyPause) for e in events), events
