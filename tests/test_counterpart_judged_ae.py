"""Regressions for counterpart replies a blind judge marked generic or non-sequiturs in set AE, tested on fresh
wording: "I'll keep it tight" weighed as an offer, "can I say a thing?" and a topic named last ("it's sort of about
Tuesday") not heard as openers, a question beside self-doubt answered with reassurance only, an in-the-moment ask
("draw it for me") put off with "yet", "I want you to hear it from me" taken as a request, walking off to bed
answered as giving in, a chargeback threat missed, a confirmed complaint answered with "what would you like us to
do?", and a phrasal verb's particle cut from what was said back."""

from __future__ import annotations

from voice_coach.conversation.acts import clean_phrase, read_acts
from voice_coach.conversation.line_shape import says_goodbye
from voice_coach.conversation.reply_cues import MOMENTARY
from voice_coach.conversation.retorts import threatens

from voice_coach.conversation.policy import Plan, Reaction
from voice_coach.conversation.scenarios import Move

from tests.helpers import generic_kind, heard_picker, scripted_reply


def test_keeping_it_tight_is_a_courtesy_not_an_offer() -> None:
    # Fails if "I'll keep it tight" is read as a proposal ("Maybe, if you keep it tight...").
    acts = read_acts("Cheers. I'll keep it tight, I know you're slammed. I want to talk about my hours.")
    assert acts.proposal is None and acts.preliminary


def test_can_i_say_a_thing_announces_the_matter() -> None:
    # Fails if "Can I say a thing?" is read as a request rather than leave to raise something.
    acts = read_acts("Okay, um, can I say a thing? Don't panic, it's not huge.")
    assert acts.preliminary and not acts.request


def test_a_topic_named_last_is_a_preamble() -> None:
    # Fails if "it's kind of about Friday. Sort of." is not heard as naming the topic before saying anything of it.
    assert read_acts("Yeah, it was fine. So... it's kind of about Friday. Sort of.").preamble
    assert not read_acts("It's about time you paid me back the three hundred.").preamble  # the matter itself


def test_feeling_silly_for_raising_it_announces_the_matter() -> None:
    # Fails if "I feel daft even mentioning it" is not heard as the run-up to a matter.
    assert read_acts("This is tiny, I feel daft even mentioning it, you're a brilliant housemate.").preliminary


def test_a_question_beside_self_doubt_gets_its_answer() -> None:
    # Fails if "what is it in plain English? Sorry, I'm probably being dim" gets reassurance and no explanation.
    picker, scenario = heard_picker("doctor-explain-diagnosis", ["Not yet. I wanted to ask a couple of things first.",
                                                                 "I've jotted some questions down, if that's okay."])
    line = "Okay. So what is it, in plain English? Is my thyroid just slow, or is it broken? Sorry, I'm probably being dim."
    reply = picker.pick(scenario, Plan(Move.PARTIAL_CONCESSION, Reaction.ANSWER), read_acts(line), line, asked=True)
    assert "thyroid" in reply.lower(), reply


def test_an_ask_done_there_and_then_is_never_put_off_with_yet() -> None:
    # Fails if "sketch it for me" or "write that down" is said back as "I can't promise to sketch it for you yet".
    assert MOMENTARY.search("sketch it for you") and MOMENTARY.search("write that down for you")
    assert not MOMENTARY.search("send you the figures by Friday")
    reply, _plan = scripted_reply("doctor-explain-diagnosis",
                                  "Would you mind sketching it for me, like the nurse did last time?",
                                  last="To explain it simply, it means your thyroid is a bit slow.")
    assert "yet" not in reply.lower(), reply


def test_wanting_them_to_hear_it_from_me_asks_nothing() -> None:
    # Fails if "I want you to hear it from me" is read as a request ("I can't promise to hear it from you yet").
    assert not read_acts("I'm telling you now because I want you to hear it from me, not from my sister.").request
    assert read_acts("I want you to call me before you come round.").request


def test_walking_off_to_bed_is_a_goodbye() -> None:
    # Fails if "Fine. Whatever. I'm going home." is not a goodbye (it was answered "let's just have a nice evening").
    assert says_goodbye("Right. Whatever. I'm going home.")
    assert says_goodbye("Fine. I'm off to bed.")
    assert not says_goodbye("I'm going to bed early tonight so I can get up for the shift.")


def test_a_chargeback_or_reviews_everywhere_is_a_threat_answered_before_any_goodbye() -> None:
    # Fails if "I'll do a chargeback" or "put it on every review site" is missed, or if a goodbye after it is
    # answered with a plain goodbye.
    assert threatens("Then I'll just do a chargeback with my bank.")
    assert threatens("I'll put this whole thing on every review site going.")
    assert not threatens("I'll do the charge for the parking and put it on the shared sheet.")
    reply, _plan = scripted_reply("faulty-laptop-return",
                                  "Forget it. I'll do a chargeback and put this whole thing on every review site. Bye.")
    assert "goodbye" not in reply.lower() and "have a good day" not in reply.lower(), reply


def test_a_confirmed_complaint_is_not_asked_for_again() -> None:
    # Fails if "Yes, it's the boiler again, because it still isn't working" gets "What would you like us to do?".
    reply, _plan = scripted_reply("landlord-delayed-repair",
                                  "Yes, it's the boiler again, Mr. Costa, because it still isn't working.")
    assert "what would you like" not in reply.lower() and "what outcome" not in reply.lower(), reply


def test_a_phrasal_verbs_particle_is_kept() -> None:
    # Fails if "take the recycling out" is said back as "take the recycling".
    assert clean_phrase("take the recycling out") == "take the recycling out"
    assert clean_phrase("talk to you about") == "talk to you"  # a preposition cut from its object still goes


def test_a_request_to_explain_why_is_answered_by_its_words() -> None:
    # Fails if "Could you explain why physio won't work for my tear?" gets a stock offer instead of the explanation.
    reply, _plan = scripted_reply("doctor-second-opinion",
                                  "You said physio wouldn't sort it. Could you explain why, for my kind of tear?",
                                  last="You're right that it's a big decision with a long recovery.")
    assert "physio" in reply.lower() and "tear" in reply.lower(), reply


def test_a_length_of_time_in_passing_picks_no_line() -> None:
    # Fails if "for ages" in a refusal picks "don't worry about the details yet, it's ages away" for sharing "ages".
    from voice_coach.conversation.reply_cues import DEGREE

    assert "ages" in DEGREE
    picker, scenario = heard_picker("decline-bridesmaid", ["Oh, they're lovely. Can I talk to you about something?"])
    line = "I've been stressing about this for ages, and I feel terrible, but I can't be a bridesmaid. I'm so sorry."
    reply = picker.pick(scenario, Plan(Move.MINIMIZE, Reaction.ANSWER), read_acts(line), line, asked=True)
    assert "ages" not in reply.lower(), reply


def test_good_news_told_in_passing_is_met_with_pleasure() -> None:
    # Fails if "By the way, I got through to the final round. Sorry, tangent." gets "What is it you want from me?".
    from voice_coach.conversation.line_shape import tells_good_news

    line = "Oh, and by the way, I got through to the final round on Friday! Sorry, tangent. Anyway."
    assert tells_good_news(line)
    assert not tells_good_news("Did you get through to the final round?")  # a question about theirs: an aside
    assert not tells_good_news("I got through the whole week without a single night off.")  # no news in passing
    reply, _plan = scripted_reply("partner-phone-at-dinner", line, last="I was listening, I just wasn't looking up.")
    assert reply in generic_kind("news"), reply


def test_someone_fixing_a_thing_of_theirs_is_an_aside() -> None:
    # Fails if "did IT ever sort your laptop thing?" is not read as a question about the counterpart's life, or if
    # "did they fix the boiler?" (the matter itself) is.
    from voice_coach.conversation.asides import side_question

    side = side_question("Sorry, random, but did IT ever fix your laptop thing? Mine keeps crashing.")
    assert side is not None and side.topic == "my laptop thing"
    assert side_question("Did they fix the boiler in the end?") is None
    assert side_question("Oh, did you ever watch that series about the chefs?") is not None
