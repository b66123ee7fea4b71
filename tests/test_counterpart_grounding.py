"""Acts and replies that must follow what was actually said: negations, hedges, offers, answered questions."""

from __future__ import annotations

from tests.helpers import heard_picker

import re

import pytest

from voice_coach.conversation.acts import extract_proposal, read_acts, requested_action
from voice_coach.conversation.policy import Plan, Reaction
from voice_coach.conversation.replies import OFFER, LinePicker
from voice_coach.conversation.scenarios import Move, Scenario


# -- a negated insult is not an insult -----------------------------------------------------------

@pytest.mark.parametrize("line", [
    "I'm not saying you're a bad person or anything, I just feel ignored.",
    "I'm not calling you lazy. I'm saying the bins need doing.",
    "It's not that you're selfish, it's that I never get a turn.",
])
def test_negated_insult_is_not_an_attack(line: str) -> None:
    assert not read_acts(line).attack


@pytest.mark.parametrize("line", [
    "Don't be such an idiot about it.",
    "Honestly, you're a terrible friend.",
    "I'm tired, and you're just lazy.",
])
def test_insult_after_a_negation_elsewhere_still_counts(line: str) -> None:
    assert read_acts(line).attack


def test_negated_sweeping_blame_is_not_blame() -> None:
    assert not read_acts("I'm not saying you never help, I know you do the bins.").blame


# -- a hedged request is still a request ---------------------------------------------------------

@pytest.mark.parametrize("line", [
    "I was kind of hoping maybe you could call before you come over.",
    "I just think, maybe, if it's not too much trouble, you could do a bit more? Sometimes?",
    "Just maybe sometimes, if you can? No pressure.",
    "We were sort of hoping for a quiet week? Only if that's okay.",
    "Would you be willing to text me when you're running late?",
])
def test_hedged_request_is_a_request(line: str) -> None:
    assert read_acts(line).request


def test_hoping_to_talk_announces_a_topic_and_asks_nothing() -> None:
    acts = read_acts("I was hoping to talk to you about the rent.")
    assert acts.preamble and not acts.request


@pytest.mark.parametrize("line", [
    "Have you got ten minutes? There's something I'd like to ask you properly.",
    "Do you have a minute? There's something I need to talk about.",
])
def test_asking_for_time_announces_without_requesting(line: str) -> None:
    acts = read_acts(line)
    assert acts.preamble and not acts.request and acts.proposal is None


# -- offers are said back as well-formed phrases -------------------------------------------------

@pytest.mark.parametrize(("line", "proposal"), [
    ("What I can do is write up handover notes by four on Friday.", "you write up handover notes by four on Friday"),
    ("The best I can offer is to cover the Sunday shift instead.", "you cover the Sunday shift instead"),
    ("I suppose I could maybe do the morning?", "you do the morning"),
    ("Can we try this: both phones go on the counter while we eat.", "both phones go on the counter while we eat"),
])
def test_offer_is_said_back_whole(line: str, proposal: str) -> None:
    assert extract_proposal(line) == proposal


@pytest.mark.parametrize("line", [
    "What I can do is, honestly, not much.",
    "The thing I can do is is hard to say.",
])
def test_broken_offer_is_not_pasted(line: str) -> None:
    found = extract_proposal(line)
    assert found is None or not found.split()[1] in ("is", "do")


# -- replies: nothing presumed, nothing asked twice, requests answered by name --------------------



_picker = heard_picker


def _playbook(scenario: Scenario) -> set[str]:
    """Every line of the scenario's own playbook."""
    return {line for lines in scenario.playbook.lines.values() for line in lines}


@pytest.mark.parametrize(("scenario_id", "line"), [
    ("parent-visit-limit", "Oh, Mum, you didn't have to. Lovely. Yes, come in, come in."),
    ("sibling-loan-repayment", "Hey. Yeah, um, it's nothing big really."),
])
def test_small_talk_before_the_matter_does_not_presume_it(scenario_id: str, line: str) -> None:
    picker, scenario = _picker(scenario_id, [])
    for move in (Move.MINIMIZE, Move.DEFLECT, Move.PARTIAL_CONCESSION):
        reply = picker.pick(scenario, Plan(move, Reaction.ANSWER), read_acts(line), line, asked=False)
        assert reply not in _playbook(scenario), reply


def test_small_talk_question_before_the_matter_gets_a_short_answer() -> None:
    picker, scenario = _picker("sibling-loan-repayment", [])
    line = "Hey Kev. Good to see you. How was your weekend?"
    reply = picker.pick(scenario, Plan(Move.MINIMIZE, Reaction.ANSWER), read_acts(line), line, asked=False)
    assert reply not in _playbook(scenario) and not re.search(r"\b(?:money|job|pay)\b", reply, re.I), reply


def test_detail_of_the_situation_is_not_conceded_before_it_is_said() -> None:
    picker, scenario = _picker("roommate-dishes", [])
    line = "Okay, well, it's just the sink. It's full."
    replies = [picker.pick(scenario, Plan(move, Reaction.ANSWER), read_acts(line), line, asked=False)
               for move in (Move.CLARIFYING_QUESTION, Move.PARTIAL_CONCESSION)]
    assert not [r for r in replies if "kettle" in r.lower()], replies


def test_question_already_answered_in_the_session_is_not_asked() -> None:
    picker, scenario = _picker("faulty-laptop-return", [
        "On day 34 the screen started flickering, and I've got the receipt.",
        "It's never been dropped or near any water."])
    line = "Sending it away means weeks without it."
    said = [picker.pick(scenario, Plan(Move.CLARIFYING_QUESTION, Reaction.ANSWER), read_acts(line), line, asked=True)
            for _ in range(6)]
    asked_again = [r for r in said if r.endswith("?") and re.search(r"dropp|receipt|flicker", r, re.I)]
    assert not asked_again, asked_again


def test_question_for_a_date_already_given_is_not_asked() -> None:
    picker, scenario = _picker("contractor-overrun", ["Our contract says eighteen thousand, finished by the end of the month."])
    line = "Nothing extra was agreed in writing."
    said = [picker.pick(scenario, Plan(Move.CLARIFYING_QUESTION, Reaction.ANSWER), read_acts(line), line, asked=True)
            for _ in range(6)]
    assert not [r for r in said if re.search(r"\bwhat (?:\w+ )?date\b", r, re.I)], said


@pytest.mark.parametrize(("line", "said_back"), [
    ("Could you email me the date and the engineer's name today?", "email you the date and the engineer's name today"),
    ("I'd still like you to put a twelve percent raise to finance.", "put a twelve percent raise to finance"),
    ("What I need is a written dispute opened today.", "get you a written dispute opened today"),
    ("What would you need from me to make that case?", None),
    ("I need the noise to stop by eleven.", None),
])
def test_requested_action_is_said_back_or_left_alone(line: str, said_back: str | None) -> None:
    assert requested_action(line) == said_back


def test_request_is_answered_by_name_not_with_an_unrelated_question() -> None:
    picker, scenario = _picker("landlord-delayed-repair", ["It's been three weeks now and nobody came."])
    line = "Could you email me the date and the engineer's name today?"
    reply = picker.pick(scenario, Plan(Move.PARTIAL_CONCESSION, Reaction.ANSWER), read_acts(line), line, asked=True)
    assert "email" in reply.lower() or not reply.endswith("?"), reply


def test_no_offer_or_yes_before_anything_was_asked() -> None:
    picker, scenario = _picker("faulty-laptop-return", [])
    line = "Hi, thanks for coming out. I know it's past the thirty days."
    reply = picker.pick(scenario, Plan(Move.PARTIAL_CONCESSION, Reaction.ANSWER), read_acts(line), line, asked=False)
    conceding = {l for m in (Move.CONDITIONAL_AGREEMENT, Move.AGREEMENT) for l in scenario.playbook.lines[m]}
    assert reply not in conceding and not OFFER.search(reply), reply


def test_thanks_with_nothing_agreed_is_not_taken_as_a_deal() -> None:
    picker, scenario = _picker("holiday-with-partners-family", ["This year we're spending Christmas with Sam's family."])
    line = "Thank you, Dad. That means a lot."
    reply = picker.pick(scenario, Plan(Move.MINIMIZE, Reaction.SMALL_TALK), read_acts(line), line, asked=True)
    assert not re.search(r"glad we sorted|no problem", reply, re.I), reply


def test_thanks_with_a_question_gets_the_question_answered() -> None:
    from voice_coach.conversation.policy import plan_reply
    from voice_coach.conversation.stance import StanceState
    from voice_coach.skills import Ratings

    state = StanceState(difficulty=6)
    acts = read_acts("Thank you. When will the referral go through?")
    state.apply(0, Ratings.neutral(), acts)
    assert plan_reply(state, Ratings.neutral(), acts, "Thank you. When will the referral go through?").reaction \
        != Reaction.SMALL_TALK


def test_praise_with_always_is_not_blame() -> None:
    assert not read_acts("And you're always welcome for Sunday lunch, no need to ask.").blame


def test_preamble_topic_is_taken_up_even_when_resistant() -> None:
    picker, scenario = _picker("holiday-with-partners-family", [])
    line = "Hi Dad. Can we talk about Christmas for a second?"
    reply = picker.pick(scenario, Plan(Move.DEFLECT, Reaction.ANSWER), read_acts(line), line, asked=False)
    assert "Christmas" in reply and "second" not in reply, reply


def test_not_hearing_after_a_pause_does_not_claim_an_unanswered_point() -> None:
    picker, scenario = _picker("roommate-loud-guests", [])
    pause = "I don't mind you having people over."
    picker.pick(scenario, Plan(Move.PARTIAL_CONCESSION, Reaction.ANSWER), read_acts(pause), pause, asked=True)
    line = "Would it be okay if people head off by eleven on weeknights?"
    acts = read_acts(line, earlier=[line])
    reply = picker.pick(scenario, Plan(Move.CLARIFYING_QUESTION, Reaction.NOT_HEARING), acts, line, asked=True)
    assert not re.search(r"my point|my concern|what i said", reply, re.I), reply


def test_would_you_mind_asks_for_the_action() -> None:
    assert requested_action("Would you mind giving me a call before you pop round?") == "give you a call before I pop round"


def test_offer_stops_before_a_courtesy_tail() -> None:
    assert extract_proposal("Send me the receipts and I'll pay for that part, no problem.") == "you pay for that part"


@pytest.mark.parametrize(("form", "base"), [("giving", "give"), ("popping", "pop"), ("calling", "call"),
                                            ("using", "use"), ("keeping", "keep"), ("visiting", "visit"),
                                            ("turning", "turn"), ("moving", "move"), ("eating", "eat")])
def test_base_of_gerund(form: str, base: str | None) -> None:
    from voice_coach.conversation.verb_forms import base_of_gerund

    assert base_of_gerund(form) == base


@pytest.mark.parametrize("line", [
    "Chloe, can I be honest about something?",
    "Can I bring something up while we wait for the food?",
    "Sure, it's 5523-118, and my birthday is the second of June, 1979.",
])
def test_asking_to_speak_or_giving_details_is_a_preliminary(line: str) -> None:
    acts = read_acts(line)
    assert acts.preliminary and not acts.request


def test_disclaimed_judgement_does_not_steer_to_a_counter_complaint() -> None:
    from voice_coach.conversation.policy import plan_reply
    from voice_coach.conversation.stance import StanceState
    from voice_coach.skills import Ratings

    line = "I'm not saying you're being selfish or anything."
    acts = read_acts(line)
    assert acts.disclaims and not acts.attack
    hostile = Ratings(labels={**Ratings.neutral().labels, "mindful": "no"})
    state = StanceState(difficulty=5)
    state.apply(0, hostile, acts)
    assert state.resistance <= StanceState(difficulty=5).resistance
    assert plan_reply(state, hostile, acts, line).move != Move.COUNTER_COMPLAINT


def test_ripping_off_is_an_insult_and_an_apology_is_never_off_topic() -> None:
    assert read_acts("You're ripping me off, Ray.").attack
    assert not read_acts("Sorry. I didn't mean that, I'm just tired.", topic_words=frozenset({"saturday"})).off_topic


def test_giving_in_to_pay_is_caving_not_a_proposal() -> None:
    acts = read_acts("Okay. I guess I'll pay it then.")
    assert acts.caving and acts.proposal is None


def test_request_cut_at_a_dangling_word_is_not_said_back() -> None:
    assert requested_action("Could you maybe just explain what the extra six thousand is for?") is None


def test_feeling_not_said_is_not_named() -> None:
    picker, scenario = _picker("friend-always-late", [])
    line = "About half an hour, but honestly, don't worry, I'm just glad you made it."
    said = [picker.pick(scenario, Plan(move, Reaction.ANSWER), read_acts(line), line, asked=False)
            for move in (Move.PARTIAL_CONCESSION, Move.CLARIFYING_QUESTION, Move.PARTIAL_CONCESSION)]
    assert not [r for r in said if re.search(r"made you feel|you feel|bothering you", r, re.I)], said


@pytest.mark.parametrize(("line", "topic"), [
    ("Hi Dad. Yeah, about that. Can we talk about Christmas for a second?", "Christmas"),
    ("Before you unpack, can I talk to you about the visits? I've been putting it off.", "the visits"),
    ("It can wait. I wanted to talk about dinners, actually.", "dinners"),
])
def test_named_topic_is_found_in_any_sentence_without_its_tail(line: str, topic: str) -> None:
    from voice_coach.conversation.replies import named_topic

    assert named_topic(line) == topic


def test_small_talk_question_does_not_raise_the_matter_even_with_a_story_word() -> None:
    picker, scenario = _picker("sibling-loan-repayment", [])
    line = "Hey Kev. Yeah, good to see you. How's the new flat?"
    reply = picker.pick(scenario, Plan(Move.MINIMIZE, Reaction.ANSWER), read_acts(line), line, asked=False)
    assert reply not in _playbook(scenario), reply


def test_concession_naming_a_number_nobody_said_is_not_used() -> None:
    picker, scenario = _picker("roommate-dishes", [])
    line = "Okay, well, it's just the sink. It's full. A lot."
    said = [picker.pick(scenario, Plan(Move.PARTIAL_CONCESSION, Reaction.ANSWER), read_acts(line), line, asked=True)
            for _ in range(3)]
    assert not [r for r in said if re.search(r"\bthree\b|\btwo\b", r, re.I)], said


def test_vague_topic_is_not_said_back() -> None:
    from voice_coach.conversation.replies import named_topic

    assert named_topic("Chloe, can I talk to you about something? It's a bit hard to say.") is None


def test_cheers_is_thanks_not_a_greeting() -> None:
    acts = read_acts("Cheers.")
    assert acts.thanks and not acts.greeting


def test_we_would_love_to_offers_a_way() -> None:
    assert extract_proposal("We'd love to come to you on the twenty-seventh and stay three nights.") == (
        "you come to me on the twenty-seventh and stay three nights")


def test_asking_for_a_minute_gets_a_go_ahead() -> None:
    picker, scenario = _picker("sibling-loan-repayment", [])
    line = "Hey Kev. Yeah, Mum's right. Have you got a minute?"
    reply = picker.pick(scenario, Plan(Move.CLARIFYING_QUESTION, Reaction.ANSWER), read_acts(line), line, asked=False)
    from voice_coach.conversation.replies import relationship_lines

    # (the go-ahead may answer the time asked for: "Yes, I've got a few minutes. What's up?")
    assert reply in relationship_lines(scenario, "go_ahead") + relationship_lines(scenario, "go_ahead_time"), reply


def test_apology_does_not_hide_a_drift_off_topic() -> None:
    topic = frozenset({"bridesmaid", "wedding", "dress", "money"})
    line = "Oh, did you ever hear back from that florist, by the way? Sorry, my head's all over the place today."
    assert read_acts(line, topic_words=topic).off_topic
    assert not read_acts("Sorry. I didn't mean that.", topic_words=topic).off_topic


@pytest.mark.parametrize(("line", "leave"), [
    ("Would it be possible to see someone else first? Only if that's allowed.", "see someone else first"),
    ("Can I work from home on Fridays, starting next month?", "work from home on Fridays"),
    ("Can I talk to you about something?", None),
    ("Could I have an answer by my next review?", None),
])
def test_requested_leave_is_said_back_or_left_alone(line: str, leave: str | None) -> None:
    from voice_coach.conversation.acts import requested_leave

    assert requested_leave(line) == leave


def test_asking_leave_is_answered_by_name() -> None:
    picker, scenario = _picker("doctor-second-opinion", ["My sister said I should get another opinion."])
    line = "Would it be possible to see someone else first?"
    reply = picker.pick(scenario, Plan(Move.MINIMIZE, Reaction.ANSWER), read_acts(line), line, asked=True)
    assert "someone else" in reply or "second opinion" in reply.lower() or "refer" in reply.lower(), reply


# -- a slot is filled only with a phrase that reads whole ----------------------------------------

@pytest.mark.parametrize("line", [
    "Is there something I could bring along that doesn't need cooking?",
    "Anything we could try that would help the mornings?",
    "Honestly, 'I'll call you back' has turned into a bit of a catchphrase.",
    "You keep saying \"we can sort it next week\" and then nothing happens.",
])
def test_quoted_or_headless_offer_is_not_said_back(line: str) -> None:
    assert extract_proposal(line) is None


@pytest.mark.parametrize("phrase", ["you call me back' has turned into a catchphrase",
                                    "you cook with that doesn't need an oven"])
def test_clean_phrase_rejects_stray_quotes_and_headless_clauses(phrase: str) -> None:
    from voice_coach.conversation.acts import clean_phrase

    assert clean_phrase(phrase, max_words=14) is None


def test_clean_phrase_keeps_a_plural_possessive() -> None:
    from voice_coach.conversation.acts import clean_phrase

    assert clean_phrase("you pick up the kids' bags on Mondays", max_words=14) is not None


# -- a named topic is taken up, not asked for ----------------------------------------------------

@pytest.mark.parametrize(("line", "topic"), [
    ("Hi Jo, have you got a second? I want to talk about Friday's handover with the new client.", "Friday's handover"),
    ("Hey. There's something about the holidays I keep meaning to bring up.", "the holidays"),
    ("Quick one. There's a thing about your rota that we need to sort.", "my rota"),
])
def test_topic_named_mid_sentence_or_with_a_qualifier_is_found(line: str, topic: str) -> None:
    from voice_coach.conversation.replies import named_topic

    assert named_topic(line) == topic


def test_clause_after_about_is_no_topic() -> None:
    from voice_coach.conversation.replies import named_topic

    assert named_topic("There's nothing to say about before the move.") is None


def test_opening_naming_its_topic_is_not_asked_what_it_is_about() -> None:
    picker, scenario = _picker("credit-for-work", [])
    line = "Hi Marcus, got a minute? I'd like to talk about Thursday's review with the board."
    reply = picker.pick(scenario, Plan(Move.CLARIFYING_QUESTION, Reaction.ANSWER), read_acts(line), line, asked=False)
    assert "Thursday's review" in reply and "like from me" not in reply, reply


def test_half_asked_question_is_a_question() -> None:
    assert read_acts("Could somebody else maybe take the... no, forget I asked.").question


# -- no topic, number or request presumed before it was said -------------------------------------

def test_money_is_not_named_before_it_came_up() -> None:
    picker, scenario = _picker("decline-bridesmaid", [])
    line = "So, the bridesmaid thing. You know how much our friendship means to me."
    said = [picker.pick(scenario, Plan(move, Reaction.ANSWER), read_acts(line), line, asked=False)
            for move in (Move.CLARIFYING_QUESTION, Move.MINIMIZE, Move.CLARIFYING_QUESTION)]
    assert not [r for r in said if re.search(r"money|saving|cost|afford", r, re.I)], said


def test_number_of_the_story_is_not_named_before_it_was_said() -> None:
    picker, scenario = _picker("parent-visit-limit", [])
    line = "Shall I put the baby down for her nap now? She's been up since six."
    said = [picker.pick(scenario, Plan(move, Reaction.ANSWER), read_acts(line), line, asked=True)
            for move in (Move.COUNTER_COMPLAINT, Move.MINIMIZE, Move.COUNTER_COMPLAINT)]
    assert not [r for r in said if re.search(r"\bnine\b", r, re.I)], said


def test_request_announced_not_made_gets_a_go_ahead() -> None:
    picker, scenario = _picker("doctor-second-opinion", [])
    line = "Thanks for fitting me in. I've been reading up on the operation, and I've got a favour to ask."
    reply = picker.pick(scenario, Plan(Move.MINIMIZE, Reaction.ANSWER), read_acts(line), line, asked=False)
    from voice_coach.conversation.replies import relationship_lines

    assert reply in relationship_lines(scenario, "go_ahead"), reply


def test_question_about_the_request_waits_for_the_request() -> None:
    picker, scenario = _picker("sibling-loan-repayment", [])
    line = "Two years ago I lent you the money, and the plan was you'd pay it back within months."
    said = [picker.pick(scenario, Plan(Move.CLARIFYING_QUESTION, Reaction.ANSWER), read_acts(line), line, asked=False)
            for _ in range(3)]
    assert not [r for r in said if "plan?" in r], said


# -- small talk and kindness are answered as such -------------------------------------------------

@pytest.mark.parametrize(("scenario_id", "line"), [
    ("friend-always-late", "Hey you! Great match on Saturday, eh?"),
    ("decline-bridesmaid", "How's all the packing going? Are you still deciding between the two flats?"),
])
def test_small_talk_question_gets_a_chat_answer(scenario_id: str, line: str) -> None:
    from voice_coach.conversation.replies import relationship_lines

    picker, scenario = _picker(scenario_id, [])
    reply = picker.pick(scenario, Plan(Move.DEFLECT, Reaction.ANSWER), read_acts(line), line, asked=False)
    assert reply in relationship_lines(scenario, "chat"), reply


@pytest.mark.parametrize("line", ["Hi Mum, take a seat, I'll pop the kettle on.",
                                  "Anyway, shall I fetch the baby from upstairs? She's awake."])
def test_offer_of_hospitality_is_taken_up(line: str) -> None:
    from voice_coach.conversation.replies import relationship_lines

    picker, scenario = _picker("parent-visit-limit", [])
    reply = picker.pick(scenario, Plan(Move.COUNTER_COMPLAINT, Reaction.ANSWER), read_acts(line), line, asked=False)
    assert reply in relationship_lines(scenario, "welcome"), reply


# -- a deal is kept to and a question after it is answered ----------------------------------------

def _raise_deal() -> tuple[LinePicker, Scenario]:
    picker, scenario = _picker("ask-for-raise", ["I'm asking for a twelve percent raise, to match the market."])
    offer = "How about we do six percent now and the other six at the spring review?"
    acts = read_acts(offer)
    assert acts.proposal
    picker.pick(scenario, Plan(Move.CONDITIONAL_AGREEMENT, Reaction.ENGAGE_PROPOSAL), acts, offer, asked=True)
    return picker, scenario


def test_agreement_after_a_split_deal_grants_no_other_figure() -> None:
    picker, scenario = _raise_deal()
    line = "Good. And what should I prepare so finance can sign it off by Friday?"
    said = [picker.pick(scenario, Plan(Move.AGREEMENT, Reaction.ANSWER), read_acts(line), line, asked=True)
            for _ in range(3)]
    assert not [r for r in said if re.search(r"\btwelve\b|\bfull\b", r, re.I)], said


def test_what_question_with_a_request_gets_a_reply_taking_up_its_words() -> None:
    picker, scenario = _picker("ask-for-raise", ["I'm asking for a twelve percent raise, to match the market."])
    line = "Please think it over. What would you need to see from me before the new hire starts?"
    reply = picker.pick(scenario, Plan(Move.AGREEMENT, Reaction.ANSWER), read_acts(line), line, asked=True)
    assert not reply.rstrip().endswith("?"), reply
    assert re.search(r"new hire", reply, re.I), reply


# -- feelings, trailing topics and a yes before any ask -------------------------------------------

@pytest.mark.parametrize("line", ["I miss having proper evenings together, I suppose.",
                                  "I just worry you'll think I'm not pulling my weight."])
def test_feeling_said_as_a_verb_is_a_feeling(line: str) -> None:
    assert read_acts(line).feelings


def test_feeling_before_any_ask_is_not_met_with_what_do_you_want() -> None:
    from voice_coach.conversation.replies import relationship_lines

    picker, scenario = _picker("partner-fair-chores", [])
    line = "I miss us having time together at weekends, honestly."
    reply = picker.pick(scenario, Plan(Move.CLARIFYING_QUESTION, Reaction.ANSWER), read_acts(line), line, asked=False)
    assert reply not in relationship_lines(scenario, "open_questions"), reply


@pytest.mark.parametrize(("line", "topic"), [
    ("It's about the bins, I suppose.", "the bins"),
    ("I'd like to talk about my hours, if you've got a few minutes.", "your hours"),
    ("Yes, I want to talk about this phone I bought here in March.", "this phone"),
])
def test_topic_with_a_trailing_hedge_or_clause_is_taken_up(line: str, topic: str) -> None:
    from voice_coach.conversation.replies import named_topic

    assert read_acts(line).preamble
    assert named_topic(line) == topic


def test_yes_before_any_ask_grants_a_point_instead_of_stalling() -> None:
    from voice_coach.conversation.replies import relationship_lines

    picker, scenario = _picker("remote-fridays", [])
    line = "On Fridays I mostly write the weekly report, and I do that best somewhere quiet."
    reply = picker.pick(scenario, Plan(Move.AGREEMENT, Reaction.ANSWER), read_acts(line), line, asked=False)
    assert reply in scenario.playbook.lines[Move.PARTIAL_CONCESSION], reply
    assert reply not in relationship_lines(scenario, "stall")


def test_agreement_after_a_deal_without_figures_may_name_the_request() -> None:
    picker, scenario = _picker("roommate-loud-guests", ["I'd like guests gone or quiet by eleven on weeknights."])
    offer = "What I can do is tell you which nights I'm on early shifts, so you can plan around them."
    picker.pick(scenario, Plan(Move.CONDITIONAL_AGREEMENT, Reaction.ENGAGE_PROPOSAL), read_acts(offer), offer,
                asked=True)
    line = "Great, that really helps."
    reply = picker.pick(scenario, Plan(Move.AGREEMENT, Reaction.ANSWER), read_acts(line), line, asked=True)
    assert reply in scenario.playbook.lines[Move.AGREEMENT], reply


def test_thanks_with_a_welcome_is_answered_as_thanks() -> None:
    from voice_coach.conversation.replies import relationship_lines

    picker, scenario = _picker("parent-visit-limit", [])
    line = "Oh, thank you, Mum, that smells wonderful. Come in, come in."
    reply = picker.pick(scenario, Plan(Move.MINIMIZE, Reaction.ANSWER), read_acts(line), line, asked=False)
    assert reply in relationship_lines(scenario, "thanks_plain") + relationship_lines(scenario, "welcome"), reply
