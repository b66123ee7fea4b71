"""Scripted replies to lines like those a blind judge marked as non-sequiturs or generic replies."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from voice_coach.conversation.acts import read_acts
from voice_coach.events import PartnerTextDone

from .helpers import collect, make_services, start

# ("Sure. What about the boiler?" takes up a topic named beside the courtesy: a go-ahead too)
GO_AHEAD = re.compile(r"\b(?:go on|go ahead|go for it|i'm listening|what is it|what's up|how can i help)\b|"
                      r"^(?:sure|okay|of course)[.,!]? what about (?:the|your|my) \w+\?$", re.I)


async def _replies(tmp_path: Path, scenario_id: str, lines: list[str]) -> list[str]:
    """The counterpart's replies to `lines`, rated by the shipped offline classifier as in the bench."""
    from voice_coach.config import Settings
    from voice_coach.feedback.offline import offline_evaluator
    from voice_coach.safety.checker import SafetyChecker

    services = make_services(tmp_path, evaluator=offline_evaluator(Settings()), max_turns=12,
                             move_ratings_wait_ms=5000)
    services.safety = SafetyChecker(learned=False)
    session = await start(services, scenario_id)
    out: list[str] = []
    for line in lines:
        events = await collect(session.user_turn(line))
        out += [e.text for e in events if isinstance(e, PartnerTextDone)]
    return out


# -- courtesies and preliminaries get a go-ahead -------------------------------------------------

@pytest.mark.parametrize("line", [
    "Hello, Mr. Costa. It's about the boiler again, and I'll keep this brief, I know you're busy.",
    "Thanks for seeing me. I'll keep it to ten minutes.",
    "Sure. My account number is 55-21-9 and my date of birth is the second of June, 1990.",
    "Okay, before the dresses, I sort of need to tell you something.",
    "Hi. Sorry, I wanted to ask you a few questions first.",
])
def test_preliminaries_are_not_proposals_or_requests(line: str) -> None:
    # Fails when "I'll keep it short" is read as an offer ("you keep it short") or account details
    # as a request: the counterpart then rejects a courtesy ("that's not how this works").
    acts = read_acts(line)
    assert acts.preliminary
    assert acts.proposal is None and not acts.request


@pytest.mark.parametrize(("scenario_id", "line"), [
    ("landlord-delayed-repair", "Hello Mr. Costa. It's about the boiler, and I'll keep it brief since you're busy."),
    ("medical-bill-dispute", "Hello, yes. My account number is 3-3-8-0-1 and my date of birth is the ninth of May, 1979."),
    ("decline-bridesmaid", "Hmm, before we look at dresses, I kind of need to tell you something."),
    ("doctor-explain-diagnosis", "Hi. No, not yet. I wanted to ask you a few things first."),
])
async def test_preliminary_gets_a_go_ahead(tmp_path: Path, scenario_id: str, line: str) -> None:
    # Fails when a courtesy gets the persona's stock objection ("that's not how this works",
    # "these things sort themselves out", "everyone's saving for something") instead of "go on".
    reply = (await _replies(tmp_path, scenario_id, [line]))[0]
    assert GO_AHEAD.search(reply), reply


async def test_time_courtesy_with_topic_is_not_a_trial(tmp_path: Path) -> None:
    # Fails when "I'll keep it to ten" becomes a proposal to try out ("see how that works in practice").
    reply = (await _replies(tmp_path, "ask-for-raise", ["Thanks, Greg, I'll keep it to ten. I'd like to talk about my salary."]))[0]
    assert "keep it" not in reply.lower() and "in practice" not in reply.lower(), reply


# -- words said back are cleaned of hedges -------------------------------------------------------

@pytest.mark.parametrize(("line", "proposal"), [
    ("Maybe you could be, like, a little quieter on weeknights?", "I'm a little quieter on weeknights"),
    ("I don't know, maybe we could possibly do Christmas a bit differently?", "we do Christmas a bit differently"),
    ("What if we kind of split it, like, half and half?", "we split it half and half"),
])
def test_proposal_said_back_without_hedges(line: str, proposal: str) -> None:
    # Fails when fillers and a bare "be" are pasted into templates: "If I be, like, a bit quieter",
    # "Even if we possibly do things a bit differently".
    assert read_acts(line).proposal == proposal


# -- objections match the topic of the line -------------------------------------------------------

def test_objection_follows_the_topic_of_the_line() -> None:
    # Fails when the best objection is picked by a shared word alone: a line about money that
    # mentions "fittings" got "It's only a few fittings. It won't take up that much time."
    from voice_coach.conversation.replies import on_topic

    lines = ["It's only a few fittings. It won't take up that much time.",
             "You're overthinking the money. We'll find cheaper dresses."]
    said = "The fittings, the dress and the trip add up to about fifteen hundred pounds, and I can't afford it."
    assert on_topic(lines, said) == [lines[1]]
    assert on_topic(lines, "It's the weekends, the fittings take so many days.") == [lines[0]]


def test_objection_without_topic_is_neutral() -> None:
    # Fails when a vague line ("it's nothing big") gets an objection about a sum nobody named yet.
    from voice_coach.conversation.replies import on_topic

    lines = ["Two grand isn't a fortune. Why is this such a big deal?", "Relax, I'll get to it."]
    assert on_topic(lines, "Yeah, so, it's nothing major honestly.") == [lines[1]]


async def test_money_line_gets_a_money_objection(tmp_path: Path) -> None:
    # Fails when a contractor answers a line only about the extra money with "a few weeks over is normal".
    replies = await _replies(tmp_path, "contractor-overrun", [
        "Ray, the price we agreed for the kitchen was 18,000 dollars.",
        "Now it's 6,000 more than that, and I'm not sure we can afford it."])
    assert "weeks" not in replies[1].lower(), replies


def test_doubt_is_not_a_proposal() -> None:
    # Fails when "I'm not sure we can afford it" is said back as an offer ("Even if we afford it, ...").
    assert read_acts("It's gone up by five thousand, and I really don't think we can pay that.").proposal is None


# -- no "what did you want to discuss?" once the topic is known; direct questions get an answer ----

OPEN = re.compile(r"what (?:did|was it) you want(?:ed)? to (?:discuss|talk about)|what part is worrying|"
                  r"what would you like me to do|what's your main concern|which of your questions", re.I)


async def test_direct_questions_are_not_met_with_what_do_you_want(tmp_path: Path) -> None:
    # Fails when "Is it serious?" or "what are my treatment options?" get "What did you want to
    # discuss?" or "What part is worrying you most?" after the diagnosis was already the subject.
    replies = await _replies(tmp_path, "doctor-explain-diagnosis", [
        "Hello. No, I haven't started them yet. I had a couple of things to ask first.",
        "Could you tell me what hypothyroidism means, in simple words? What I read online frightened me.",
        "Sorry, I'm still a little lost. Is it serious?",
        "And what treatment options do I have? Is it only the tablets?"])
    for reply in replies[2:]:
        assert not OPEN.search(reply), replies


async def test_problem_stated_is_not_met_with_how_can_i_help(tmp_path: Path) -> None:
    # Fails when a caller who has just described the wrong charge is asked "What would you like me to do?".
    replies = await _replies(tmp_path, "medical-bill-dispute", [
        "Hello. My account number is 9-9-1-2-4, date of birth the third of July, 1981.",
        "I'm calling about a charge of nine hundred dollars for a CT scan I never had. I only had a blood test."])
    assert not re.search(r"what would you like|how can i help|what is it you", replies[1], re.I), replies


def test_question_asking_for_what_was_just_said() -> None:
    # Fails when "What finish date would you accept?" follows "finish by the end of the month", or a
    # "what is new in your job" question follows the user's own account of it.
    from voice_coach.conversation.replies import asks_what_was_said

    assert asks_what_was_said("What finish date would you actually accept?",
                              "Please keep to the price and have it finished by the end of the month.")
    assert asks_what_was_said("What are you doing now that wasn't in your original job?",
                              "Since she left I do the onboarding on top of my original job.")
    assert asks_what_was_said("Talk to your mother about it.", "Fine. I'll talk to Mum then.")
    assert not asks_what_was_said("Which surveys are you looking at?", "I looked at salary surveys for the area.")


# -- nothing already agreed is re-offered, nothing already said is asked again --------------------

def test_question_about_what_the_user_said_they_will_do() -> None:
    # Fails when "would you still be there on the day?" follows "I'll be at the wedding as a guest".
    from voice_coach.conversation.replies import asks_what_was_said

    assert asks_what_was_said("If that's the plan, would you still be there on the night?",
                              "I'll be at the party as a guest, I just can't give a speech.")
    assert not asks_what_was_said("Would you still be there on the night?", "I can't give a speech.")


async def test_no_question_about_a_request_detail_nobody_mentioned(tmp_path: Path) -> None:
    # Fails when a vague "could you be quieter?" gets "are Fridays weeknights too?" before anyone
    # mentioned weeknights (a detail only the user's goal knows), or a broken "If I be, like, ...".
    replies = await _replies(tmp_path, "roommate-loud-guests", [
        "Ha, nah, it's okay, no worries.",
        "I've got an early start, so... yeah.",
        "Maybe you could be, like, a little quieter sometimes? If it's no trouble."])
    assert "weeknight" not in replies[2].lower() and "I be" not in replies[2], replies


async def test_thanks_for_a_deal_is_not_made_a_new_condition(tmp_path: Path) -> None:
    # Fails when "Thank you, I'll book it" after the counterpart agreed is answered "Alright, if you
    # book it ..., I can arrange that" (a condition on something already agreed).
    replies = await _replies(tmp_path, "doctor-second-opinion", [
        "Dr. Hartley, I've read the scan report and I understand you're recommending surgery.",
        "I'm nervous about an operation, and I'd like a referral for a second opinion before I agree.",
        "What if I keep the surgical slot and you refer me this week?",
        "That way, if the second opinion agrees with you, nothing gets delayed.",
        "Thanks. I'll book it as soon as the letter arrives."])
    assert not re.match(r"^(?:\w+, )?if you book", replies[-1], re.I), replies


async def test_agreed_deal_is_not_offered_again(tmp_path: Path) -> None:
    # Fails when, after "if you write up the notes on Friday, I can find someone for Saturday", a new
    # point ("no weekend shifts going forward") gets the same Friday-for-Saturday offer again.
    replies = await _replies(tmp_path, "decline-weekend-work", [
        "Priya, I've worked three of the last four Saturdays. I can't work this Saturday.",
        "I know the launch matters to you.",
        "I'd be happy to write up the system notes on Friday so someone else can cover.",
        "And from here on, I'm not available for weekend shifts."])
    assert not ("friday" in replies[3].lower() and "saturday" in replies[3].lower()), replies


def test_vague_wish_is_not_a_proposal() -> None:
    # Fails when "maybe we could do things a bit differently" is said back as an offer the counterpart
    # concedes or rejects ("Even if we do things a bit differently this year, ...").
    assert read_acts("I don't know, maybe we could do something a little different this time?").proposal is None
    assert read_acts("Maybe we could do Christmas at theirs this time?").proposal is not None
