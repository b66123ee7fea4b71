"""Regressions for counterpart replies in set AK, tested on fresh wording: sarcasm said as "Funny that." or "That's a
first.", "You do literally nothing" not read as blame, "I'm reporting you to the council" not read as a threat, "I
won't take up much time" said back as a refusal, "Are you upset with me?" answered with a term, a request to
explain once agreed met with the yes again, "can we come to you on the 27th?" not read as an ask, a hesitant second
option kept in a proposal, "Can I read them to you?" weighed up as leave, thanks after the matter was dropped met
with "Don't thank me yet", and "have them over whenever" not taken as giving in."""

from __future__ import annotations

from voice_coach.conversation.acts import extract_proposal, read_acts, requested_leave
from voice_coach.conversation.echoes import echo_ask
from voice_coach.conversation.follow_up import asks_if_upset
from voice_coach.conversation.policy import Plan, Reaction
from voice_coach.conversation.retorts import threatens
from voice_coach.conversation.scenarios import Move
from voice_coach.conversation.speaker_acts import grants_their_way

from .helpers import generic_kind, heard_picker, scripted_reply


def test_sarcasm_and_sweeping_charges_of_set_ak_are_read() -> None:
    # Fails if a dig ending "Funny that." or "That's a first." is not sarcasm, or "you do nothing" is not blame.
    assert read_acts("Always so quick to text when you need a lift though. Funny that.").sarcastic
    assert read_acts("Oh, so you've noticed the bins are full? That's a first.").sarcastic
    assert read_acts("Honestly, you do basically nothing round here.").blame
    assert not read_acts("It's funny, that film was on again last night.").sarcastic


def test_reporting_and_withholding_rent_are_threats() -> None:
    # Fails if "I'm reporting you to the council" or "I'm not paying the rent" is not read as a threat.
    assert threatens("Fine. I'm reporting you to the council, then.")
    assert threatens("Until it's fixed I'm not paying next month's rent.")
    assert not threatens("I'm paying the rent on Friday as usual.")


def test_a_courtesy_with_wont_is_not_said_back_as_a_refusal() -> None:
    # Fails if "I won't keep you long" is echoed as "You won't keep me long?", or a real refusal loses its echo.
    assert echo_ask("I know you're busy, I won't keep you long.") is None
    assert echo_ask("I won't be doing the Sunday shifts any more.") == "You won't be doing the Sunday shifts any more?"


def test_are_you_upset_with_me_is_answered() -> None:
    # Fails if "Are you cross with me?" is not recognised, or gets a condition instead of an answer.
    assert asks_if_upset("Be honest, are you cross with me?")
    assert not asks_if_upset("Are you coming on Saturday?")
    reply, _ = scripted_reply("decline-bridesmaid", "Are you angry with me? Please just tell me.")
    assert reply in generic_kind("upset_asked_yes") | generic_kind("upset_asked_soft"), reply


def test_asking_to_explain_once_agreed_gets_the_explanation() -> None:
    # Fails if "Could you explain why physio won't work for me?" once the referral is agreed gets the yes again.
    picker, scenario = heard_picker("doctor-second-opinion", [])
    ask = "Before I confirm the date, I'd like you to refer me to another specialist for a second opinion."
    picker.pick(scenario, Plan(Move.PARTIAL_CONCESSION, Reaction.ANSWER), read_acts(ask), ask, asked=True)
    assert picker.deals, "the referral should have been agreed"
    line = "Thanks. Could you explain why physio wouldn't work for my kind of tear?"
    reply = picker.pick(scenario, Plan(Move.PARTIAL_CONCESSION, Reaction.ANSWER), read_acts(line), line, asked=True)
    assert "physio" in reply.lower(), reply


def test_asking_to_come_on_another_day_is_an_ask() -> None:
    # Fails if "could we come to you on the twenty-eighth?" asks nothing, or "can we talk?" becomes an ask to visit.
    assert requested_leave("Could we come to you on the twenty-eighth instead?") == "come to me on the twenty-eighth instead"
    assert requested_leave("Can we talk about Christmas?") is None


def test_a_hesitant_second_option_is_not_part_of_the_proposal() -> None:
    # Fails if ", or, I don't know, ..." is kept in what is said back (and "I" flipped to "you").
    assert extract_proposal("Maybe we could come on the twenty-sixth, or, I don't know, stay over the weekend after?") == (
        "you come on the twenty-sixth")


def test_offering_to_read_the_details_out_is_waited_for() -> None:
    # Fails if "Shall I read them to you?" after "can I have your account number?" is weighed up as leave.
    reply, _ = scripted_reply("medical-bill-dispute", "Of course. Shall I read them out to you? It's about a charge I was sent.")
    assert reply in generic_kind("details_wait"), reply


def test_thanks_after_the_matter_was_dropped_is_thanks() -> None:
    # Fails if "Thanks, sorry again" after the person let the matter go gets "Don't thank me yet, I haven't said yes".
    picker, scenario = heard_picker("doctor-explain-diagnosis", ["Is it serious? What does it actually mean?"])
    picker.dropped = True
    line = "Okay. Thanks. Sorry again."
    reply = picker.pick(scenario, Plan(Move.DEFLECT, Reaction.SMALL_TALK), read_acts(line), line, asked=True)
    assert reply in generic_kind("thanks_plain"), reply


def test_letting_them_have_people_over_is_giving_in() -> None:
    # Fails if "have them over whenever" is not read as granting what the counterpart wanted.
    assert grants_their_way("Nah, it's fine, have your mates over whenever.")
    assert not grants_their_way("I promised my kids I will come to their swim meet.")
    picker, scenario = heard_picker("roommate-loud-guests", ["It's just that I start work at seven."])
    line = "Yeah, no, have them over whenever, honestly."
    reply = picker.pick(scenario, Plan(Move.DEFLECT, Reaction.ANSWER), read_acts(line), line, asked=True)
    assert reply in generic_kind("relieved"), reply
