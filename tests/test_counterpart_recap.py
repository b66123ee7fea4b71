"""Asked to say back what was agreed, the counterpart restates its own last yes (or says nothing is agreed yet),
instead of a stock yes or a fresh condition."""

from __future__ import annotations

from voice_coach.conversation.acts import read_acts
from voice_coach.conversation.policy import Plan, Reaction
from voice_coach.conversation.recap import asks_recap, terms
from voice_coach.conversation.scenarios import Move

from .helpers import generic_kind, heard_picker


def test_asks_recap_reads_asks_to_say_the_deal_back() -> None:
    # Fails if a request to restate the agreement is missed, or the person's own summary is taken for one.
    assert asks_recap("Would you mind repeating back what you've said yes to? I want to get it right.")
    assert asks_recap("Okay so what exactly are we agreeing to here?")
    assert asks_recap("Before I go, can you put it in your own words, just so I know?")
    assert not asks_recap("Let me read it back to you: two hundred a month from March.")
    assert not asks_recap("I'll sum it up in a text later so we both have it.")
    assert not asks_recap("To repeat back my ask: the deposit back in full by Friday.")
    assert not asks_recap("Give me back the spare key when you get a chance.")


def test_terms_drop_the_opening_word_and_ignore_a_bare_yes() -> None:
    # Fails if "Alright," is kept as part of the terms, or "Let's call that agreed." passes for terms.
    assert terms("Alright, I'll pay it back at a hundred a month.") == "I'll pay it back at a hundred a month."
    assert terms("Yes, fine. Let's call that agreed.") is None


def _agreed_picker(proposal_line: str):  # noqa: ANN202 - test helper
    picker, scenario = heard_picker("sibling-loan-repayment", ["It's about the 2,400 I lent you for the car."])
    deal = picker.pick(scenario, Plan(Move.CONDITIONAL_AGREEMENT, Reaction.ENGAGE_PROPOSAL), read_acts(proposal_line),
                       proposal_line, asked=True)
    return picker, scenario, deal


def test_a_recap_ask_after_a_yes_says_that_yes_back() -> None:
    # Fails if "Can you say it back?" after a yes gets a stock yes or a new condition instead of the terms.
    picker, scenario, deal = _agreed_picker("How about 150 a month, starting in February?")
    said_terms = terms(deal)
    assert said_terms, deal
    ask = "Can you say that back to me so I know we both heard the same thing?"
    reply = picker.pick(scenario, Plan(Move.AGREEMENT, Reaction.ANSWER), read_acts(ask), ask, asked=True)
    assert said_terms in reply, (deal, reply)
    assert not any(reply == line for line in generic_kind("stall") | generic_kind("deal_confirm"))


def test_a_recap_ask_with_a_newer_proposal_says_the_rest_is_not_agreed() -> None:
    # Fails if a proposal made after the yes is recapped as agreed.
    picker, scenario, deal = _agreed_picker("How about 150 a month, starting in February?")
    more = "And I'd like you to set it up as a standing order so neither of us has to remember."
    picker.pick(scenario, Plan(Move.CLARIFYING_QUESTION, Reaction.ANSWER), read_acts(more), more, asked=True)
    ask = "Could you tell me back what we've agreed, then?"
    reply = picker.pick(scenario, Plan(Move.PARTIAL_CONCESSION, Reaction.ANSWER), read_acts(ask), ask, asked=True)
    assert terms(deal) in reply and any(reply.endswith(line.split("{Deal}")[1]) for line in generic_kind("recap_pending"))


def test_a_recap_ask_with_nothing_agreed_says_so() -> None:
    # Fails if "what have we agreed?" with no yes given gets a yes or a stock line.
    picker, scenario = heard_picker("sibling-loan-repayment", ["It's about the 2,400 I lent you for the car.",
                                                               "I need it back by the summer, Kev."])
    ask = "So what have we actually agreed, then?"
    reply = picker.pick(scenario, Plan(Move.MINIMIZE, Reaction.ANSWER), read_acts(ask), ask, asked=True)
    assert reply in generic_kind("recap_none")
