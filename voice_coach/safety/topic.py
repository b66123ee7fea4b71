"""A rehearsal about medication: the learned stage cannot tell talk of "the tablets" from talk of means.

In a rehearsal whose scenario is itself about medication ("Have you started the tablets yet?"), the learned heads
pause on plain answers ("I've got the tablets at home, but I haven't started them yet"). When the learned stage
alone (no rule) would pause and its window names the scenario's own medication words, the line gets the check-in
instead: still flagged, the resources shown, the person asked once whether they are safe, and any answer that is
itself a crisis pauses. A rule (an explicit statement, "saving up my tablets") still pauses, and nothing is ever
cleared: the tier of either-tier recall is untouched.
"""

from __future__ import annotations

import re

from voice_coach.safety.result import SafetyResult

MEDICATION_WORDS = frozenset(
    "tablet tablets pill pills medication medications medicine medicines meds dose doses dosage prescription "
    "prescriptions painkillers antidepressants inhaler insulin levothyroxine".split())
_WORD = re.compile(r"[a-z]+")


def scenario_medication_words(scenario_text: str) -> frozenset[str]:
    """The medication words a scenario itself uses (its goal, situation, lines)."""
    return frozenset(_WORD.findall(scenario_text.lower())) & MEDICATION_WORDS


def soften_for_topic(result: SafetyResult, topic_medication: frozenset[str]) -> SafetyResult:
    """The check-in instead of a learned-stage pause whose window names the scenario's own medication words."""
    if result.tier != "pause" or result.source not in ("model", "prototype") or not topic_medication:
        return result
    if not set(_WORD.findall((result.matched or "").lower())) & topic_medication:
        return result
    return result.model_copy(update={"tier": "check_in"})
