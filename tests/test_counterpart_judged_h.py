"""Faults a blind judge found in set H, held on fresh wording in other scenarios: openers asking to be heard,
details handed over with a grumble, a courtesy thanks, tit-for-tat jabs, dares, apologies for one's tone, echoes
cut short, a small new ask after a deal, and stalls that ignore what was said."""

from __future__ import annotations

from tests.helpers import generic_kind, good_ratings, heard_picker, scripted_reply

from voice_coach.conversation.acts import extract_proposal, read_acts
from voice_coach.conversation.follow_up import new_ask
from voice_coach.conversation.openers import gives_asked_details, thanks_only_opens, topic_sentence
from voice_coach.conversation.policy import Plan, Reaction
from voice_coach.conversation.replies import GENERIC_ASK, echo_ask
from voice_coach.conversation.retorts import postpones
from voice_coach.conversation.scenarios import Move

_GOOD = good_ratings()
_kind = generic_kind
_reply = scripted_reply


def test_asking_to_be_heard_gets_a_go_ahead_that_names_the_topic() -> None:
    line = "Thanks for fitting me in. Bear with me, I don't usually ask for things. It's about my salary."
    assert topic_sentence(line) == "my salary"
    reply, plan = _reply("ask-for-raise", line)
    assert plan.reaction == Reaction.GO_AHEAD
    assert "salary" in reply.lower() and "go on" in reply.lower(), reply
    assert not GENERIC_ASK.search(reply) and reply not in _kind("thanks_plain"), reply


def test_a_warm_opener_asking_to_be_heard_is_answered_warmly_not_with_what_do_you_want() -> None:
    line = "Aw, thanks for the coffee, this is so nice. Before we get into dresses, I'd like you to hear me out, okay?"
    acts = read_acts(line)
    assert acts.hear_me_out and acts.preliminary and not acts.request
    reply, plan = _reply("decline-bridesmaid", line)
    assert plan.reaction == Reaction.GO_AHEAD
    assert reply in _kind("go_ahead_warm"), reply


def test_details_asked_for_with_a_grumble_get_a_go_ahead_not_the_matter() -> None:
    ask = "Can I take your order number and your postcode, please?"
    line = "Seriously, again? I gave all this to the last person. Fine. It's 55120937, and it's LS6 2QT."
    assert gives_asked_details(line, ask)
    reply, plan = _reply("faulty-laptop-return", line, last=ask)
    assert plan.reaction == Reaction.GO_AHEAD
    assert reply in _kind("details_again") | _kind("go_ahead"), reply


def test_details_with_an_amount_beside_them_state_the_matter() -> None:
    ask = "Can I take your order number, please?"
    line = "It's 55120937. You charged me 899 pounds for a laptop that died in a week."
    assert not gives_asked_details(line, ask)
    assert not read_acts(line, partner_last=ask).preliminary


def test_thanks_that_only_open_a_line_are_a_courtesy_not_thanks_for_a_favour() -> None:
    assert thanks_only_opens("Hey, thanks. So, um, this is a bit awkward for me to bring up, honestly.")
    assert not thanks_only_opens("Thank you for being so understanding about it. It means a lot.")
    reply, _ = _reply("credit-for-work", "Hey, thanks. So, um, this is a bit awkward for me to bring up, honestly.")
    assert reply not in _kind("thanks_plain"), reply


def test_a_tit_for_tat_jab_is_no_proposal_and_is_answered_as_a_jab() -> None:
    line = "Fine. Maybe I'll start turning up an hour late too, and we'll see how you like it."
    acts = read_acts(line)
    assert acts.retaliates and acts.proposal is None
    reply, plan = _reply("friend-always-late", line)
    assert plan.reaction == Reaction.HURT and plan.move not in (Move.CONDITIONAL_AGREEMENT, Move.AGREEMENT)
    assert reply in _kind("tit_for_tat"), reply


def test_an_offer_said_back_drops_a_judging_tail_that_would_turn_its_pronouns() -> None:
    proposal = extract_proposal("We could both leave our phones in the hall and see how you feel about it.")
    assert proposal is not None and "how" not in proposal and " I " not in f" {proposal} ", proposal


def test_a_dare_to_prove_a_claim_is_met_not_answered_with_a_stock_defence() -> None:
    line = "Oh really? Go on then, name one time you washed a pan this week."
    assert read_acts(line).challenges
    reply, _ = _reply("roommate-dishes", line)
    assert reply in _kind("challenge_admit") | _kind("challenge_dodge"), reply


def test_an_apology_for_ones_tone_is_taken_before_the_point_is_answered() -> None:
    line = "Sorry, that was harsh. It's just that I stood outside the cinema for forty minutes on Saturday."
    assert read_acts(line).owns_tone
    reply, plan = _reply("friend-always-late", line)
    assert plan.reaction == Reaction.ANSWER
    assert any(reply.startswith(taken) for taken in _kind("apology_taken")), reply


def test_an_echo_cut_short_is_not_said_back() -> None:
    assert echo_ask("Honestly, I can't really just ignore that.") is None
    assert echo_ask("I can't be your bridesmaid.") == "You can't be my bridesmaid?"


def test_a_small_new_ask_after_a_deal_is_granted_by_name() -> None:
    picker, scenario = heard_picker("landlord-delayed-repair", [])
    picker.asked_acts = True
    picker.deals.append("Alright. A gas-safe engineer will come on Thursday.")
    line = "Great. Could you text me the engineer's name tonight? And thanks for sorting it so quickly."
    reply = picker.pick(scenario, Plan(Move.AGREEMENT, Reaction.ANSWER), read_acts(line), line, asked=True)
    assert "text you the engineer's name tonight" in reply, reply


def test_an_ask_for_the_matter_itself_is_not_waved_through_after_a_deal() -> None:
    deals = ["I could do eight percent now, as long as we review it in November."]
    assert new_ask("So could you give me twelve percent from next month?", deals) is None


def test_a_stall_is_not_said_after_a_feeling_nor_a_second_time() -> None:
    picker, scenario = heard_picker("sibling-loan-repayment", [])
    picker.asked_acts = True
    first = "The money, Kev. You said you'd pay it back by the summer. Which summer?"
    picker.pick(scenario, Plan(Move.DEFLECT, Reaction.ANSWER), read_acts(first), first, asked=True)
    replies = []
    for line in ("Honestly, I'm just worn out from chasing it.", "You always have an excuse.",
                 "And now you're changing the subject again."):
        replies.append(picker.pick(scenario, Plan(Move.DEFLECT, Reaction.ANSWER), read_acts(line), line, asked=True))
    assert not postpones(replies[0]), replies
    assert sum(postpones(r) for r in [picker.last, *replies]) <= 1, replies


def test_mock_agreement_with_the_counterparts_claim_is_sarcasm() -> None:
    for line in ("Oh, of course it was. The vase just magically fell off the shelf, did it?",
                 "I've got the receipt right here. But sure, go ahead, call me a liar."):
        acts = read_acts(line)
        assert acts.sarcastic and not acts.thanks, line
