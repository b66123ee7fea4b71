"""The speaker's own plan, giving in, small talk, quoted words that break a template, and what was settled."""

from __future__ import annotations

from voice_coach.conversation.acts import extract_proposal, read_acts, requested_action, requested_leave
from voice_coach.conversation.said_so_far import amounts, unsaid_amounts
from voice_coach.conversation.speaker_acts import (
    by_chat_fit,
    gives_in,
    is_small_talk,
    states_own_plan,
    yields_to_them,
)
from voice_coach.conversation.splices import follows_noun, object_cut, without_fillers


def test_relative_clause_is_not_said_back_as_an_offer() -> None:
    line = "My commute is long, so that's three hours I could put into the work instead of into the train."
    assert extract_proposal(line) is None
    assert follows_noun("that's three hours", "I could") and not follows_noun("and", "I could")
    assert object_cut("put into the work") and not object_cut("put the bins out")
    assert extract_proposal("And I could cover the Saturday shift.") == "you cover the Saturday shift"


def test_fillers_at_either_end_are_not_said_back() -> None:
    assert without_fillers("just, like, be quieter, you know") == "be quieter"
    assert extract_proposal("You could just notice when the bathroom's filthy, you know?") == (
        "I notice when the bathroom's filthy")
    assert requested_action("Could you maybe try to get it done sometime soon-ish?") == "get it done"


def test_expecting_a_thing_asks_for_it_and_asks_no_leave() -> None:
    line = "So can I expect that email with a date by this evening?"
    assert requested_leave(line) is None
    assert requested_action(line) == "get you that email with a date by this evening"
    asked = "I need a qualified engineer here by Friday, and the date in writing. Can you do that?"
    assert requested_action(asked) == (
        "get you a qualified engineer here by Friday")


def test_a_request_after_asking_leave_to_speak_stands() -> None:
    acts = read_acts("I wanted to ask you something. I'd like to work from home on Fridays, starting next month.")
    assert acts.request and not acts.preamble and not acts.preliminary
    assert read_acts("Can I say something? I need the money back by Friday.").request
    assert read_acts("I'd like to talk to you about something.").preamble


def test_resigned_giving_in_is_caving_and_no_offer() -> None:
    acts = read_acts("Whatever, I'll buy earplugs. Sorry for being a pain about it.")
    assert acts.caving and acts.proposal is None
    assert gives_in("Okay, yeah. Count me in. I'll make it work.") and yields_to_them("Count me in.")
    assert not gives_in("Fine, I'll take it to your manager.")
    assert not gives_in("I'll send you an update every Friday.")


def test_own_plan_is_no_offer_and_no_request() -> None:
    for line in ("I'm going to start leaving at five.", "I've booked a cleaner for Fridays.",
                 "From now on I'll switch my phone off at weekends."):
        acts = read_acts(line)
        assert acts.own_plan and acts.proposal is None and not acts.off_topic, line
    # reports of what happened and what the speaker needs are no plans
    assert not states_own_plan("I've already paid for it.")
    assert not states_own_plan("I'm going to need the money back.")
    assert not read_acts("I'll send you an update every Friday.").own_plan


def test_small_talk_openers_are_small_talk() -> None:
    for line in ("Hey mum, how are you?", "Hey Marcus, got a sec? How did the rest of the meeting go?",
                 "Hiya! I can't believe you're getting married. Have you picked a venue yet?",
                 "Hey, Kev! Saw the Vegas photos. Looked like quite the weekend."):
        acts = read_acts(line)
        assert acts.small_talk and acts.chat and not acts.repeated, line
    assert not is_small_talk("Have you got fifteen minutes to talk about my pay?")
    assert not is_small_talk("Did you watch the football game with Tom?")  # no greeting: drifting, not opening
    assert not read_acts("hey, how are you", earlier=["Hey."]).repeated


def test_small_talk_answer_fits_the_question() -> None:
    lines = ["Good, thanks. Busy week.", "Not bad, it went well, thanks.", "Yes, all sorted now."]
    assert by_chat_fit(lines, "How did the meeting go?")[0] == "Not bad, it went well, thanks."
    assert by_chat_fit(lines, "Did your sister get settled in okay?")[0] == "Yes, all sorted now."
    assert by_chat_fit(lines, "How's your week going?")[0] == "Good, thanks. Busy week."


def test_amounts_keep_their_units() -> None:
    heard = amounts("a six-week job, and the invoice says twenty-four thousand five hundred")
    assert ("five", "hundred") in heard and ("six", "week") in heard
    assert unsaid_amounts("Maybe five hundred, not six thousand.", heard)
    assert not unsaid_amounts("Maybe five hundred.", heard)
