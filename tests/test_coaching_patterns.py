"""The general failure patterns blind judges found in coaching, each checked on fresh lines.

Who is addressed, answers and offers kept, nothing broken shown, no stock tails on lines that are already good,
and the suggestion naming the problem that matters most.
"""

from __future__ import annotations

import re

import pytest

from tests.helpers import engine_evaluator

from voice_coach.feedback.asks import (
    ask_for,
    goal_of,
    goal_type_of,
    named_is_not_listener,
    refusal_from_goal,
    situation_fact,
)
from voice_coach.feedback.clauses import analyse
from voice_coach.feedback.grammar import problems
from voice_coach.feedback.offline import OfflineEvaluator
from voice_coach.feedback.rewrite import BENEFITS, OFFER_LINE
from voice_coach.feedback.suggest import problem_for
from voice_coach.ports import TurnContext
from voice_coach.skills import Skill

EASTER = ("My parents expect my partner Robin and me at their flat every Easter. This year we want to spend Easter "
          "with Robin's family, who we haven't seen in four years, and I have to tell my parents.")
ALARM = ("My neighbour has a spare key and comes in to 'check on things' when I'm away. I want him to use the key "
         "only for emergencies.")
VAN = ("My friend Casey wants to borrow my van to move house this weekend. Last time it came back with a dent I paid "
       "$300 to fix. I need the van Saturday for work, and I want to say no.")
ROTA = ("My manager schedules me for every Sunday shift, eleven in a row now, and the others get Sundays off. I want "
        "to ask her to put me on a rota with one Sunday in three.")


@pytest.fixture(scope="module")
def evaluator() -> OfflineEvaluator:
    """The offline evaluator, without the bank's hand-written rewrites (the engine's own output is tested)."""
    return engine_evaluator()


def _coach(ev: OfflineEvaluator, situation: str, line: str, partner_last: str = "", name: str = "",
           goal: str | None = None) -> tuple[str, str]:
    if goal is None:
        goal = next((s for s in re.split(r"(?<=[.!?])\s+", situation) if s.startswith("I want")), "")
    feedback = ev.evaluate_sync(TurnContext(situation=situation, goal=goal, counterpart_name=name,
                                            partner_last=partner_last, utterance=line, turn_index=int(bool(partner_last))))
    return feedback.suggestion, feedback.rewrite


# Who is addressed

def test_a_named_partner_beside_the_speaker_is_not_the_listener() -> None:
    assert named_is_not_listener(EASTER, "", "Robin")
    assert not named_is_not_listener(VAN, "", "Casey")


def test_coaching_never_speaks_to_the_partner_when_the_parents_are_listening(evaluator: OfflineEvaluator) -> None:
    # Fails if the suggestion says "let Robin answer" or the rewrite calls the parents "you" as if they were Robin.
    line = "I hear that you're disappointed, and it's hard for me too. We're still going to Robin's. Can we plan a lunch for the week after?"
    suggestion, rewrite = _coach(evaluator, EASTER, line, partner_last="Fine. Do what you like.", name="Robin")
    assert "Robin answer" not in suggestion and "Robin," not in rewrite
    line = "ugh, i dunno, i guess we could try to do both somehow? it'd make everyone happy i guess"
    suggestion, rewrite = _coach(evaluator, EASTER, line, partner_last="We already planned the lunch.", name="Robin")
    assert "you and me" not in rewrite and "your family" not in rewrite


# Answers, acknowledgements and offers the person made are kept

def test_an_answer_to_the_other_persons_question_is_kept(evaluator: OfflineEvaluator) -> None:
    line = ("Then come in, that's what the key is for. For everything else, please text me first, and I'll always "
            "reply within the hour.")
    suggestion, rewrite = _coach(evaluator, ALARM, line, partner_last="What if the alarm goes off while you're away?")
    assert rewrite.startswith("Then come in") and "I'll always reply" in rewrite
    assert "hinting" not in suggestion


def test_an_acknowledgement_before_a_no_is_kept(evaluator: OfflineEvaluator) -> None:
    line = "i appreciate the apology. it's not just the dent, i need the van saturday for work. so it's still a no"
    _, rewrite = _coach(evaluator, VAN, line, partner_last="I said I was sorry about the dent.", name="Casey")
    assert rewrite.startswith("I appreciate the apology") and "Saturday" in rewrite


def test_an_offer_that_is_the_goal_is_not_read_as_giving_in() -> None:
    clauses = analyse("I have a wedding that day. I'll do one weekend a month, and you pick which one.",
                      goal_type="refusal").clauses
    assert [c.kind for c in clauses if "one weekend a month" in c.text] == ["offer"]


def test_gratitude_is_not_a_yes_on_a_refusal() -> None:
    clauses = analyse("You were there for me, and I'll never forget it.", goal_type="refusal").clauses
    assert not any(c.kind == "caving" for c in clauses)


# Nothing broken is shown

@pytest.mark.parametrize(("line", "partner_last"), [
    ("Oh great, thanks for nothing? After I've covered eleven Sundays for you? Unbelievable.", "Someone has to work Sundays."),
    ("sam can you maybe chill with the sunday shifts? like it's whatever", ""),
    ("You were fair to me last year. That's why I'm raising it now. It's eleven Sundays in a row.", ""),
])
def test_no_broken_sentence_in_rewrite_or_suggestion(evaluator: OfflineEvaluator, line: str, partner_last: str) -> None:
    suggestion, rewrite = _coach(evaluator, ROTA, line, partner_last=partner_last, name="Sam")
    quoted = re.findall(r'"([^"]+)"', suggestion)
    assert problems(rewrite, line) == []
    assert problems(quoted[-1]) == [] if quoted else True


def test_a_refusal_with_an_alternative_is_said_in_the_persons_voice() -> None:
    assert refusal_from_goal("I want to say no to hosting but still bring dessert.") == (
        "I'm saying no to hosting, but I'll still bring dessert.")
    assert refusal_from_goal("I want to say no this weekend and offer one weekend a month.", "Jess") == (
        "I'm saying no this weekend, but I can do one weekend a month.")


def test_an_ask_for_it_back_names_the_amount() -> None:
    context = TurnContext(situation="I lent my cousin $250 in May. It's October now.", goal="I want to ask for it back.",
                          utterance="")
    assert ask_for(context) == "I'm asking for the $250 back."


def test_a_goal_said_inside_the_situation_is_found() -> None:
    context = TurnContext(situation="I'm moving abroad in March and want to cancel my phone contract. They keep "
                                    "offering a discount.", utterance="")
    assert goal_of(context) == "I want to cancel my phone contract."
    assert goal_type_of(context) == "refusal"


# No stock tails on a line that is already good

def test_a_good_line_gets_no_stock_benefit_or_offer(evaluator: OfflineEvaluator) -> None:
    line = ("I've worked eleven Sundays in a row, and the others get Sundays off. I feel worn down. I'd like to be on "
            "a rota with one Sunday in three.")
    _, rewrite = _coach(evaluator, ROTA, line)
    assert not any(stock in rewrite for stock in (*BENEFITS.values(), OFFER_LINE))
    assert "eleven Sundays in a row" in rewrite


def test_a_refusal_gets_no_offer_pasted_on(evaluator: OfflineEvaluator) -> None:
    line = "I need the van Saturday for work, and it came back dented last time. So I'm not lending it this weekend."
    _, rewrite = _coach(evaluator, VAN, line, name="Casey")
    assert OFFER_LINE not in rewrite and BENEFITS["request"] not in rewrite


# The suggestion names what matters most

def test_the_suggestion_names_sarcasm_before_a_hedge() -> None:
    analysis = analyse("Sure you will. Just like you were going to pay me in June.")
    found = problem_for(Skill.ASSERT, analysis)
    assert found is not None and found[0] in ("sarcasm", "attack")


def test_a_plea_is_named_before_a_softener() -> None:
    found = problem_for(Skill.ASSERT, analyse("Please. I'm begging you, I really, really need this."))
    assert found is not None and found[0] == "self_minimising"


def test_a_counter_offer_is_not_overwritten_by_the_original_ask(evaluator: OfflineEvaluator) -> None:
    line = "ok, if sundays are hard to cover, what would work for you? maybe i do one sunday in three instead"
    _, rewrite = _coach(evaluator, ROTA, line, partner_last="Sundays are hard to cover, nobody wants them.")
    assert "one Sunday in three" in rewrite and "I'm asking you to put me on a rota" not in rewrite


def test_at_most_one_stock_sentence_is_added(evaluator: OfflineEvaluator) -> None:
    line = "seriously? eleven sundays?? the least you could do is give me one off, you owe me that much"
    _, rewrite = _coach(evaluator, ROTA, line, partner_last="Someone has to work Sundays.")
    assert sum(stock in rewrite for stock in (*BENEFITS.values(), OFFER_LINE)) <= 1
    assert "least you could do" not in rewrite


def test_someone_spoken_of_through_another_is_not_addressed_as_you() -> None:
    context = TurnContext(situation="My sister's husband parks in my driveway every weekend.",
                          goal="I want him to park on the street.", utterance="")
    assert ask_for(context) == "I'm asking for him to park on the street."


def test_giving_in_takes_its_concession_with_it() -> None:
    clauses = analyse("i guess if that's what it takes... i could maybe pay half up front?").clauses
    assert all(c.kind in ("caving", "filler") for c in clauses)


def test_a_reported_question_is_a_fact_not_a_hint() -> None:
    clauses = analyse("at the last two lunches you asked whether I should really be eating dessert").clauses
    assert clauses[0].kind == "fact"


def test_put_downs_of_a_third_person_are_attacks() -> None:
    clauses = analyse("ugh, sam? he's so flaky, he'll totally mess it up").clauses
    assert sum(c.kind == "attack" for c in clauses) == 2


def test_then_thats_fine_answers_a_what_if() -> None:
    clauses = analyse("then that's fine, i'm happy to talk about work. i'm only asking that you don't mock it").clauses
    assert clauses[0].kind == "answer" and not any(c.kind == "caving" for c in clauses)


def test_a_situation_fact_never_mixes_my_brother_and_your() -> None:
    # The scenario's name is never said in the situation: "my brother" and "his" are both the listener.
    context = TurnContext(situation="Two years ago I lent my brother 1,500 dollars for his van. He said he'd repay it.",
                          goal="I want Tom to agree to a repayment plan for the money I lent him.",
                          counterpart_name="Tom", utterance="")
    fact = situation_fact(context)
    assert fact == "Two years ago I lent you 1,500 dollars for your van."


def test_a_situation_fact_says_she_to_the_mother_as_you() -> None:
    context = TurnContext(situation="Since we moved, my mother drops by four times a week without calling. My partner "
                                    "and I never get a quiet evening.",
                          goal="I want to ask Mum to call before she visits.", counterpart_name="Ann", utterance="")
    assert situation_fact(context).startswith("Since we moved, you drop by four times a week")


def test_abbreviations_do_not_end_a_situation_sentence() -> None:
    context = TurnContext(situation="Dr. Hale recommended surgery after a five-minute look at my scan.",
                          goal="I want a second opinion.", counterpart_name="Dr. Hale", utterance="")
    assert situation_fact(context) != "Dr."


def test_a_counter_offer_without_the_original_ask_is_not_replaced_by_one_sentence(evaluator: OfflineEvaluator) -> None:
    line = "Okay, how about one Sunday in three, and the other two are free? You'd still have cover every week."
    _, rewrite = _coach(evaluator, ROTA, line, partner_last="Every Sunday off? That seems like a lot.")
    assert "how about one sunday in three" in rewrite.lower() and "rota" not in rewrite.lower()
    assert len(rewrite.split()) >= 10


def test_if_youre_the_one_who_is_a_condition_not_an_attack() -> None:
    clauses = analyse("takeout works for me if you're the one who orders it").clauses
    assert not any(c.kind == "attack" for c in clauses)


def test_a_second_verb_of_the_listener_agrees_with_you() -> None:
    context = TurnContext(situation="My uncle has a spare key and lets himself in most Sundays without calling.",
                          goal="I want him to call before he comes over.", utterance="")
    fact = situation_fact(context)
    assert "and let yourself in" in fact and problems(fact) == []


def test_tit_for_tat_and_side_issues_are_not_kept() -> None:
    kinds = [c.kind for c in analyse("maybe i'll start leaving at four too, see how that goes").clauses]
    assert kinds and all(k == "threat" for k in kinds)
    kinds = [c.kind for c in analyse("and by the way, your showers have been broken for a month").clauses]
    assert kinds == ["off_topic", "off_topic"]


def test_a_rhetorical_so_question_is_sarcasm() -> None:
    kinds = [c.kind for c in analyse("so now I'm the unreliable one? I covered for you twice.").clauses]
    assert kinds[0] == "sarcasm"


def test_an_offer_inside_a_sentence_stays_in_it() -> None:
    from voice_coach.feedback.rewrite import plan_rewrite, write

    plan, _ = plan_rewrite("Once it's sent, I'll be off your line, and you won't hear from me again.",
                           goal="I want a recoding request sent today.", ask="I'm asking for a recoding request today.")
    text = write(plan, 60)
    assert "Once it's sent, I'll be off your line" in text and problems(text) == []


def test_names_are_written_as_the_situation_writes_them() -> None:
    from voice_coach.feedback.coaching import names_as_written

    assert names_as_written("We're going to jordan's this year.", "My partner Jordan and I") == (
        "We're going to Jordan's this year.")


def test_amounts_in_words_are_facts_in_a_long_line() -> None:
    from voice_coach.feedback.rewrite import plan_rewrite

    line = ("The last three bills averaged about two-seventy a month, so a third is ninety. I'm asking for ninety a month "
            "starting in May. If that's too much right now, he could do sixty until he's working again, and that way you "
            "two don't have to count nights or worry about me bringing it up again.")
    plan, _ = plan_rewrite(line, goal="I want him to pay a share of the utilities.",
                           situation="My roommate's boyfriend stays over most nights.")
    assert any("two-seventy a month" in u.text for u in plan.units)


def test_hearsay_in_a_hostile_line_is_not_kept() -> None:
    from voice_coach.feedback.rewrite import plan_rewrite

    plan, _ = plan_rewrite("well maybe they're scared of you, did you think of that? ana told me she mutes you at night",
                           goal="I want her to keep messages to working hours.", situation="My lead messages me at night.")
    assert not any("told me" in u.text for u in plan.units)


# Sarcastic contrasts and self-putdowns (judged harmful when kept)

LOAN = ("I lent my brother $300 in April for rent. He said he'd pay me back by June. It's November and I want to ask "
        "for it back.")
GUEST = ("My flatmate's girlfriend has stayed over most nights for six weeks and uses the hot water and heating. I want "
         "her to either stay fewer nights or chip in for bills.")


def test_a_sarcastic_contrast_is_neither_kept_nor_offered(evaluator: OfflineEvaluator) -> None:
    suggestion, rewrite = _coach(evaluator, LOAN, "Oh so it's a team effort when you need rent but not when I need it "
                                 "back. You always do this.", partner_last="Why are you being so weird? We're family.")
    offered = re.findall(r'"([^"]+)"', suggestion)[-1]
    assert "team effort" not in rewrite.lower()
    assert "team effort" not in offered.lower()


def test_but_not_when_marks_the_whole_sentence_as_sarcasm() -> None:
    kinds = [c.kind for c in analyse("So we're friends when you need a lift but not when I need one.").clauses]
    assert kinds and set(kinds) == {"sarcasm"}


@pytest.mark.parametrize("line", [
    "I know this sounds stingy, I'm probably just being cheap, but the bill went up $60 this month.",
    "This is probably petty, but the bill went up $60 this month.",
    "I feel awkward even raising this, but the bill went up $60 this month.",
])
def test_self_putdowns_leave_the_rewrite_and_the_facts_stay(evaluator: OfflineEvaluator, line: str) -> None:
    suggestion, rewrite = _coach(evaluator, GUEST, line, partner_last="You want her to pay bills? That's so stingy.")
    low = rewrite.lower()
    assert not any(w in low for w in ("stingy", "cheap", "petty", "awkward"))
    assert "$60" in rewrite
    assert "stingy" not in re.findall(r'"([^"]+)"', suggestion)[-1].lower()


def test_a_plain_feeling_is_not_a_self_putdown() -> None:
    kinds = [c.kind for c in analyse("I'm frustrated that the bill went up $60.").clauses]
    assert "self_minimising" not in kinds


# Concessions, invented generalisations and claims taken back

BAKERY = "I've worked at the bakery for three years at $14 an hour. I train all the new staff. I want a raise to $16."
LUNCH = ("My partner Sam gets annoyed whenever I see my sister, so I've missed our Sunday lunches four weeks running. "
         "I want to go to Sunday lunch with my sister again.")
BEST_MAN = ("My friend Tom asked me to be his best man. The wedding is in Bali and would cost about $3,000 plus two trips "
            "while I'm changing jobs. I want to say no to best man but still come as a guest.")


def test_a_concession_is_never_the_sentence_offered(evaluator: OfflineEvaluator) -> None:
    suggestion, rewrite = _coach(evaluator, BAKERY, "so um, i know things are slow and stuff, and i totally understand "
                                 "if not, but is there any chance of a little raise?")
    offered = re.findall(r'"([^"]+)"', suggestion)[-1].lower()
    assert "slow" not in offered and "understand if not" not in offered
    assert "slow" not in rewrite.lower() and "if not" not in rewrite.lower()


def test_no_generalisation_the_person_did_not_say(evaluator: OfflineEvaluator) -> None:
    _, rewrite = _coach(evaluator, LUNCH, "ugh, you're being so needy. it's one lunch. you're acting like a child",
                        partner_last="So your sister matters more than me?", name="Sam")
    assert not re.search(r"\b(?:whenever|always|never|every time)\b", rewrite, re.IGNORECASE)
    assert "needy" not in rewrite.lower()


def test_a_claim_taken_back_is_dropped_not_made_definite(evaluator: OfflineEvaluator) -> None:
    suggestion, rewrite = _coach(evaluator, BEST_MAN, "it's not really the cost, well it is a bit, but it isn't, i don't "
                                 "know, i think maybe you'd be better off with someone else",
                                 partner_last="Is it the cost? I can chip in.", name="Tom")
    assert "not really the cost" not in rewrite.lower() and "it's not the cost" not in rewrite.lower()
    assert "it's not the cost" not in re.findall(r'"([^"]+)"', suggestion)[-1].lower()


# The suggestion agrees with the rewrite

AUDITS = ("My team lead wants me to run the new intern programme on top of the two audits I already lead. I've been "
          "staying until seven most nights and I need to say no.")
WATER = ("My roommate Jess hasn't paid her half of the water bill for two months. It comes to $90 and I covered it. I "
         "want it back by Friday.")
DRUMS = "My neighbour plays drums until midnight. I want the drumming to stop by 9pm on weeknights."
DONE = "already does the job"


def test_already_does_the_job_is_never_beside_a_changed_rewrite(evaluator: OfflineEvaluator) -> None:
    line = ("I get that, and I want to be dependable for you, that's actually why I'm saying no, if I take this the "
            "March audit will probably slip past the 20th. If you really need me on it, which audit should I hand over?")
    suggestion, rewrite = _coach(evaluator, AUDITS, line, partner_last="I really need someone dependable on this.")
    assert rewrite != line
    assert DONE not in suggestion


def test_a_played_down_benefit_is_not_kept_as_a_finished_line(evaluator: OfflineEvaluator) -> None:
    line = "It's not uptight, it's my grocery money. I'd like the $90 by Friday, it'd just make things easier."
    suggestion, rewrite = _coach(evaluator, WATER, line, partner_last="Why are you so uptight about money?", name="Jess")
    assert DONE not in suggestion
    assert "just make things easier" not in rewrite


def test_a_clean_line_kept_as_said_is_told_it_does_the_job(evaluator: OfflineEvaluator) -> None:
    line = "Could you stop the drumming by 9pm on weeknights? I start work at 6am."
    suggestion, rewrite = _coach(evaluator, DRUMS, line)
    assert rewrite == line and DONE in suggestion


def test_a_rebuttal_is_not_read_as_a_claim_taken_back() -> None:
    kinds = [c.kind for c in analyse("It's not uptight, it's my grocery money.").clauses]
    assert "filler" not in kinds


# The person's own concrete ask is kept

PHONE = ("I'm moving to Leeds on March 3rd and want to cancel my phone contract. The shop says there's a $90 exit fee, "
         "though the contract says moving out of the coverage area waives it.")
DENTIST = ("My dentist appointments are always rushed and end with a new filling. I want to discuss why my fillings keep "
           "failing before any more are done.")


def test_a_concrete_ask_of_their_own_is_kept_with_its_supporting_offer(evaluator: OfflineEvaluator) -> None:
    line = ("Could you log the cancellation today with a note asking him to look at the fee on Thursday? I'll send him "
            "my new tenancy agreement so he has it.")
    suggestion, rewrite = _coach(evaluator, PHONE, line, partner_last="I can't remove the fee, only my supervisor can, "
                                 "and he's off until Thursday.", goal="I want to cancel my phone contract.")
    assert "log the cancellation today" in rewrite
    assert "take your ask back" not in suggestion


def test_a_hedged_ask_of_their_own_is_tidied_not_replaced(evaluator: OfflineEvaluator) -> None:
    line = "that's in six months though, i mean, can we maybe just like talk about it for five minutes now?"
    suggestion, rewrite = _coach(evaluator, DENTIST, line, partner_last="We're short on time, let's talk about it next visit.")
    assert "five minutes" in rewrite and "maybe" not in rewrite


# Facts that answer the other person's claim

DEPOSIT = ("My landlord kept $300 of my deposit for a carpet stain. The stain was there when I moved in and I have "
           "photos. I want the $300 back.")


def test_facts_that_answer_their_claim_are_kept_and_no_background_is_added(evaluator: OfflineEvaluator) -> None:
    line = "damaged? the stain was in my move-in photos, you signed the inventory. you're such a crook"
    _, rewrite = _coach(evaluator, DEPOSIT, line, partner_last="The carpet was damaged during your tenancy.")
    assert "move-in photos" in rewrite and "inventory" in rewrite
    assert "kept $300" not in rewrite and "crook" not in rewrite


def test_a_verdict_after_an_echo_is_not_a_fact() -> None:
    clauses = analyse("late? the bus broke down, everyone knows that.", partner="You were late again.").clauses
    assert [c.kind for c in clauses if "everyone" in c.text] != ["fact"]
    assert any(c.kind == "fact" and "bus" in c.tidy for c in clauses)


# A vague answer to "how much?"

LOUNGE = ("My housemate's brother has been living in our lounge for a month. He uses the heating and wifi. I want him "
          "to pay $80 a month toward bills or move out.")
SOFA = ("My housemate's brother has slept on our sofa for a month and uses the heating. I want him to either stay "
        "less or pay a share.")


def test_a_vague_answer_to_how_much_is_told_to_give_the_figure(evaluator: OfflineEvaluator) -> None:
    suggestion, _ = _coach(evaluator, LOUNGE, "i dont know, whatever seems fair to you, i guess",
                           partner_last="Okay. What amount are we talking about?")
    assert re.search(r"\banswer with \$80 a month\b", suggestion), suggestion


def test_no_figure_is_invented_when_the_situation_has_none(evaluator: OfflineEvaluator) -> None:
    suggestion, rewrite = _coach(evaluator, SOFA, "um whatever you think is fair i guess",
                                 partner_last="Fine. How much are we talking?")
    assert not re.search(r"[$£€]\s?\d", suggestion + rewrite)
    assert "asked for a figure" in suggestion


def test_an_i_told_you_so_in_advance_is_an_attack_not_the_ask() -> None:
    kinds = [c.kind for c in analyse("but don't come running to me when the deadline slips").clauses]
    assert kinds == ["attack"]


def test_a_dig_at_their_past_is_not_kept(evaluator: OfflineEvaluator) -> None:
    _, rewrite = _coach(evaluator, ROTA, "yeah, and everybody knows you're jealous you never got promoted, so maybe "
                        "don't throw stones", partner_last="Relax, it's only a rota. Everybody knows I'm fair.")
    assert "jealous" not in rewrite.lower() and "stones" not in rewrite.lower()


def test_fine_keep_it_gives_the_ask_away() -> None:
    kinds = [c.kind for c in analyse("fine, keep your car, i'll take the bus then").clauses]
    assert "request" not in kinds and kinds.count("caving") >= 2


def test_could_work_on_a_refusal_is_saying_yes() -> None:
    kinds = [c.kind for c in analyse("saturday could work i guess", goal_type="refusal").clauses]
    assert kinds == ["caving"]


def test_thanks_for_the_big_favour_is_sarcasm() -> None:
    assert analyse("wow, thanks for the huge favour.").clauses[-1].kind == "sarcasm"


def test_their_word_denied_and_what_it_is_instead_are_facts() -> None:
    clauses = analyse("It's not uptight, it's my grocery money.", partner="Why are you so uptight about money?").clauses
    assert [c.kind for c in clauses] == ["fact", "fact"]


def test_telling_of_an_ask_is_not_taken_as_the_ask() -> None:
    from voice_coach.feedback.rewrite import plan_rewrite

    plan, _ = plan_rewrite("so I guess I just wanted to mention it", goal="I want Sam to rinse the pans.",
                           situation="My flatmate Sam leaves pans in the sink.", ask="I'm asking you to rinse the pans.",
                           partner="Hey, what's up?")
    assert plan.ask == "I'm asking you to rinse the pans."
