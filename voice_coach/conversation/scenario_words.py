"""The word sets a reply is checked against: stems and roots for loose matching, the words most scenarios share,
and what each part of a scenario says (the user's goal and account, the counterpart's own talking points).

A reply may only mention a detail of the user's account once someone has said it; these sets say which words are
such details. They depend on the scenario alone, not on the conversation.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache

from voice_coach.conversation.acts import content_words
from voice_coach.conversation.reply_cues import NUMBER_WORD
from voice_coach.conversation.scenarios import Scenario


def stems(words: Iterable[str]) -> frozenset[str]:
    """Word stems for loose matching ("commute" ~ "commuting"): the first five letters."""
    return frozenset(w[:5] for w in words)


def roots(words: Iterable[str]) -> frozenset[str]:
    """Stems after the inflection is cut ("shuts" ~ "shutting" ~ "shut"), for matching details of a story."""
    out = set()
    for word in words:
        for suffix in ("ing", "ed", "es", "s"):
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                word = word[:-len(suffix)]
                break
        if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiou":
            word = word[:-1]  # "shutt" -> "shut"
        out.add(word[:5])
    return frozenset(out)


def fact_stems(scenario: Scenario) -> frozenset[str]:
    """Stems of the scenario's facts: what a reply could claim the user said."""
    s = scenario
    return stems(content_words(" ".join(
        [s.goal, s.situation, s.request or "", *s.counterpart.past_behaviour, *s.playbook.interests,
         *s.playbook.objections, *s.playbook.concede_if])))


def goal_stems(scenario: Scenario) -> frozenset[str]:
    """Stems of the user's goal and request that are not the counterpart's own talking points."""
    s = scenario
    own = stems(content_words(" ".join([*s.playbook.interests, *s.playbook.objections, *s.playbook.diversions,
                                        s.playbook.opening_line])))
    return stems(content_words(" ".join([s.goal, s.request or ""]))) - own


def private_stems(scenario: Scenario) -> frozenset[str]:
    """Stems of the details of the matter (goal, situation, what happened) that are not the counterpart's own
    talking points: a reply may only mention them once someone has said them ("the kettle thing")."""
    s = scenario
    own = stems(content_words(" ".join(
        [*s.counterpart.past_behaviour, *s.playbook.interests, *s.playbook.objections, *s.playbook.diversions,
         s.playbook.opening_line, s.counterpart.relationship, s.counterpart.name])))
    return stems(content_words(" ".join([s.goal, s.request or ""]))) - own


# Words that carry no detail of their own, however rare in the scenarios ("my kind of tear": a reply about this kind of
# tear does not presume the account)
_WEAK = frozenset("kind sort type way lot bit thing part fit".split())


def told_stems(scenario: Scenario) -> frozenset[str]:
    """Rarer words of the user's account of the situation and of what happened ("the kettle", "it shuts down",
    "the interview"): the counterpart only concedes or asks about them once they are said. Words most scenarios
    use ("time", "week") are no details."""
    s = scenario
    own = content_words(" ".join(
        [*s.playbook.interests, *s.playbook.objections, *s.playbook.diversions,
         s.playbook.opening_line, s.counterpart.relationship, s.counterpart.name]))
    told = content_words(" ".join([s.situation, *s.counterpart.past_behaviour]))
    return roots(told) - roots(own) - common_roots() - _WEAK


def situation_stems(scenario: Scenario) -> frozenset[str]:
    """Rarer words of the user's account alone (`situation`, not the counterpart's past behaviour or talking
    points): details only the user can bring up ("the screen flickering")."""
    s = scenario
    own = content_words(" ".join(
        [*s.playbook.interests, *s.playbook.objections, *s.playbook.diversions, *s.counterpart.past_behaviour,
         s.playbook.opening_line, s.counterpart.relationship, s.counterpart.name]))
    return roots(content_words(s.situation)) - roots(own) - common_roots() - _WEAK


def story_numbers(scenario: Scenario) -> frozenset[str]:
    """Numbers of the user's account ("stayed nine days"): no reply names them before someone has said them."""
    s = scenario
    return frozenset(NUMBER_WORD.findall(" ".join([s.goal, s.situation, s.request or "",
                                                     *s.counterpart.past_behaviour]).lower()))


def common_roots() -> frozenset[str]:
    """Roots used by at least four built-in scenarios: ordinary words, not details of one situation."""
    return _common(roots)


def common_stems(at_least: int = 4) -> frozenset[str]:
    """Stems used by at least `at_least` built-in scenarios (see `common_roots`)."""
    return _common(stems, at_least)


@cache
def _common(cut: Callable[[Iterable[str]], frozenset[str]], at_least: int = 4) -> frozenset[str]:
    from voice_coach.conversation.scenarios import load_scenarios

    seen: dict[str, int] = {}
    for s in load_scenarios().values():
        text = " ".join([s.goal, s.situation, *s.counterpart.past_behaviour, *s.playbook.objections,
                         *(line for lines in s.playbook.lines.values() for line in lines)])
        for stem in cut(content_words(text)):
            seen[stem] = seen.get(stem, 0) + 1
    return frozenset(stem for stem, count in seen.items() if count >= at_least)


# Words that name no part of the matter: saying them does not raise it ("honestly, it's nothing").
NOT_TOPICAL = stems(content_words(
    "nothing something anything honestly really actually thing things lovely sorry okay fine great good nice days "
    "time week today tonight mum mom dad mother father love sweetheart darling hey hello hiya thanks yeah yes "
    "morning evening afternoon long sure alright mate cheers please"))


def topic_stems(scenario: Scenario) -> frozenset[str]:
    """Stems whose mention raises the matter of the scenario (not names, fillers or greetings)."""
    s = scenario
    names = stems(content_words(f"{s.counterpart.name} {s.counterpart.relationship}"))
    return fact_stems(scenario) - names - NOT_TOPICAL
