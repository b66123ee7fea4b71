"""Regressions for counterpart replies a blind judge marked generic or non-sequiturs in set AA, tested on fresh
wording: a question about the counterpart's past read as "you always..." blame, questions announced answered with a
stock line, an ask after a courtesy ("...is whether you could refer me") waved on, a topic named in a wh-cleft met with
"what do you want from me?", food accepted read as a request, threats and digs missed, going off together at the end
answered with "I'm listening", a withdrawal taken back in the same breath read as giving in, a proposal said back with
its last word cut, how-did-it-turn-out questions ignored, a request for someone higher up waved off, and identity
details taken without a word."""

from __future__ import annotations

from tests.helpers import generic_kind, heard_picker, scripted_reply
from voice_coach.conversation.acts import extract_proposal, read_acts
from voice_coach.conversation.asides import side_question
from voice_coach.conversation.line_shape import heads_off
from voice_coach.conversation.policy import Plan, Reaction
from voice_coach.conversation.retorts import asks_higher_up, retaliates, threatens
from voice_coach.conversation.sarcasm import is_sarcastic
from voice_coach.conversation.scenarios import Move


def test_a_question_about_the_counterparts_past_is_no_sweeping_blame() -> None:
    # Fails if "Did you always want to ...?" is read as "you always ..." blame and answered "Always? That's not fair."
    assert not read_acts("Did you always want to be a surgeon, out of interest?").blame
    assert not read_acts("Have you always worked nights, or is that new?").blame
    assert read_acts("You always leave the bins for me.").blame
    reply, _plan = scripted_reply("doctor-second-opinion", "Did you always want to do hips, out of interest? Sorry, tangent.")
    assert not reply.lower().startswith("always"), reply


def test_questions_announced_get_a_go_ahead_not_an_objection() -> None:
    # Fails if "I had a few questions, if that's okay" is not a preliminary, or gets a stock "It's nothing".
    assert read_acts("Oh, hi. Yes, I had a few questions, actually, if that's okay.").preliminary
    reply, _plan = scripted_reply("doctor-explain-diagnosis", "Hello. Yes, fine. I had a few questions, actually, if you don't mind.")
    assert reply in generic_kind("go_ahead_question"), reply
    reply, _plan = scripted_reply("doctor-explain-diagnosis",
                                  "I have, yes, since Tuesday. But I've jotted down some questions, because I always forget.")
    assert reply in generic_kind("go_ahead_question"), reply


def test_an_ask_after_a_courtesy_is_still_an_ask() -> None:
    # Fails if the courtesy inside a wh-cleft swallows the ask ("...is whether you could sign off my leave").
    acts = read_acts("So what I wanted to ask, and please don't be upset, is whether you could sign off my leave.")
    assert acts.request and not acts.preliminary
    # a bare "please" or a reason beside the courtesy asks nothing
    assert read_acts("I'll be quick, please.").preliminary
    assert read_acts("I'll get straight to the point, because I'd rather not waffle.").preliminary


def test_a_topic_named_in_a_cleft_gets_a_go_ahead_that_names_it() -> None:
    # Fails if "What I wanted to bring up is sort of about the car" gets "what do you want from me?".
    assert read_acts("Okay. What I wanted to bring up is sort of about the car.").preamble
    reply, _plan = scripted_reply("friend-car-damage", "Okay. What I wanted to bring up is sort of about the car.")
    assert "car" in reply.lower() and reply not in generic_kind("clarifying_question"), reply


def test_taking_food_offered_is_thanks_and_a_matter_announced_asks_nothing_yet() -> None:
    # Fails if "thanks, I'd love some" to "want some?" is read as a request.
    acts = read_acts("Oh, thanks, I'd love some. There's a small bathroom thing I wanted to mention, though.",
                     partner_last="I made soup, do you want some?")
    assert not acts.request and acts.preliminary


def test_threats_and_retaliation_in_new_words() -> None:
    # Fails if telling someone above them "and seeing what they think" is not a threat, or a plain plan is one.
    assert threatens("Maybe I'll just mention it to your manager and see what she thinks of that.")
    assert threatens("Or I'll raise it with HR, see how that looks on your appraisal.")
    assert not threatens("I'll mention it to the team on Friday so everyone knows the new rota.")
    assert not threatens("Maybe I'll tell my sister and see what she says.")  # advice sought, no threat
    assert retaliates("Maybe I'll stop buying your milk and see how long it takes you to notice.")


def test_digs_about_sleep_and_always_are_sarcasm() -> None:
    # Fails if mock love of being kept awake, or "funny how it's never..." is missed; or a plain line is flagged.
    assert is_sarcastic("Oh, no worries. I love being kept awake at 3 a.m. by the bass.")
    assert is_sarcastic("Funny how it's never your turn. Hm, wonder why that is.")
    assert not is_sarcastic("I wonder why that is happening, the boiler keeps cutting out.")
    assert not is_sarcastic("I love falling asleep to podcasts.")


def test_going_off_together_at_the_end_is_gone_along_with() -> None:
    # Fails if "Right, shall we order? Dinner's on me." once the matter is out gets "I'm listening" or an objection.
    line = "Cheers for hearing me out, really. Right, shall we order? Dinner's on me."
    assert heads_off(line)
    assert not heads_off("Shall we go to the coast on Sunday instead?")
    picker, scenario = heard_picker("friend-always-late", ["Could you text me when you're running late? Even a quick one."])
    picker.complained = True
    reply = picker.pick(scenario, Plan(Move.PARTIAL_CONCESSION, Reaction.ANSWER), read_acts(line), line, asked=True)
    assert reply in generic_kind("head_off"), reply


def test_a_withdrawal_taken_back_at_once_is_no_caving() -> None:
    # Fails if "Forget the bins. No, actually, don't drop it" is read as giving in.
    assert not read_acts("Forget the bins. No, actually, don't drop it, it matters to me.").caving
    assert read_acts("Forget it. It's fine.").caving


def test_a_proposal_keeps_its_closing_particle() -> None:
    # Fails if "once the tiles are down" is said back as "once the tiles are".
    proposal = extract_proposal("I'll pay the last bit once the tiles are down and the grout is dry.")
    assert proposal is not None and not proposal.endswith(" are"), proposal
    assert proposal.split()[-1] in ("down", "dry"), proposal


def test_how_did_it_turn_out_questions_are_answered_by_name() -> None:
    # Fails if the outcome question is missed or its topic keeps the rest of the clause.
    side = side_question("Oh, did your daughter end up getting into that drama school?")
    assert side is not None and side.form == "outcome" and side.topic == "the drama school"
    side = side_question("Did you ever hear back from the bank about the loan?")
    assert side is not None and side.topic == "the bank"
    assert side_question("Did you get the photos I sent?") is None
    reply, _plan = scripted_reply("sibling-loan-repayment", "Hey! Did you ever hear back about that flat in Bristol?")
    assert reply.startswith("The flat in Bristol?"), reply


def test_asking_for_someone_higher_up_is_answered() -> None:
    # Fails if "Can I speak to your supervisor?" is waved off as another subject.
    assert asks_higher_up("Honestly, can I just speak to your supervisor, please?")
    assert not asks_higher_up("I spoke to the manager last week and she said to come back.")
    picker, scenario = heard_picker("faulty-laptop-return", ["The laptop keeps crashing and I want a refund."])
    picker.complained = True
    line = "Fine. Is there somebody more senior I can talk to?"
    reply = picker.pick(scenario, Plan(Move.DEFLECT, Reaction.ANSWER), read_acts(line), line, asked=True)
    assert reply in generic_kind("escalate"), reply


def test_identity_details_given_are_taken_before_the_matter() -> None:
    # Fails if an account number and date of birth just asked for get "Go on, I'm listening" instead of being taken.
    reply, plan = scripted_reply("medical-bill-dispute", "Yep, it's 5512 3309, and I was born on the second of June, 1979.")
    assert plan.reaction == Reaction.GO_AHEAD and reply in generic_kind("details_taken"), reply
