"""Regressions for problems a blind judge found in coached rewrites (lines from the judged sample)."""

from __future__ import annotations

import re

import pytest

from tests.helpers import coach_line, engine_evaluator

from voice_coach.feedback.offline import OfflineEvaluator

DAVE = ("We hired a contractor to redo our only bathroom for $12,000 and have paid $9,000. He stopped showing up two "
        "weeks ago with the shower tile half done and no grout. I want him back to finish by the end of the month "
        "before I pay the last $3,000.")
TRIVIA = "My partner Riley gets upset when I go out without them. I want to go to trivia every Wednesday again."
SON = ("My son is 27 and has lived at home rent-free for three years since college. I want him to move out by "
       "September 1st and pay $300 a month until then.")
SAM = ("My friend Sam has been thirty to forty-five minutes late to our last four dinners without texting. I want to "
       "ask Sam to text me when running more than ten minutes late.")
STOCK_FEELING = re.compile(r"\bI feel (?:hurt|frustrated|stressed|sure about my answer)\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def evaluator() -> OfflineEvaluator:
    """The offline evaluator, without the bank's hand-written rewrites (the engine's own output is tested)."""
    return engine_evaluator()


_coach = coach_line


def test_a_strong_line_keeps_its_reinforcer_and_facts(evaluator: OfflineEvaluator) -> None:
    # Fails if an already complete line is "improved" by dropping "The final three thousand is ready..." (the reinforcer)
    line = ("Hi Dave. Nobody has been at the house since the 3rd, and the shower tile is half done with no grout. I'm "
            "really stressed, we've been showering at the gym for two weeks. I'm asking you to have a crew back this "
            "week to finish by the 30th. The final three thousand is ready for you the day it's done.")
    _, rewrite = _coach(evaluator, DAVE, line)
    assert "final three thousand is ready" in rewrite and "stressed" in rewrite and "frustrated" not in rewrite


def test_a_strong_line_keeps_the_persons_own_offer_and_reassurance(evaluator: OfflineEvaluator) -> None:
    # Fails if the rewrite drops "I miss them" / the 10:30 reassurance or adds a stock feeling.
    line = ("I've skipped trivia with my friends five Wednesdays in a row, and I miss them. I'm going to start going "
            "again this Wednesday. I'll be home by ten thirty, and I'd love to keep Thursdays as our night.")
    _, rewrite = _coach(evaluator, TRIVIA, line, name="Riley")
    assert "I miss them" in rewrite and "ten thirty" in rewrite and not STOCK_FEELING.search(rewrite)


def test_a_line_after_the_other_person_agreed_is_not_asked_again(evaluator: OfflineEvaluator) -> None:
    # Fails if the rewrite drags the lateness record back up and re-asks after Sam said yes.
    line = ("Thanks, I appreciate it. How about this: you text when you leave your place, and I'll head out when I "
            "get it. That way neither of us waits")
    _, rewrite = _coach(evaluator, SAM, line, partner_last="Fine, I'll try to text. No promises though.", name="Sam")
    assert "late to our last four dinners" not in rewrite and "Thanks" in rewrite and "text when you leave" in rewrite


def test_no_stock_feeling_is_invented(evaluator: OfflineEvaluator) -> None:
    # Fails if "I feel hurt about this" is added to a line where the person voiced no hurt.
    line = ("and i've said thank you for the soup like five times, that's not a reason to walk in on me. jeez, you "
            "never listen to anything i say")
    situation = "My mom Linda lets herself into my apartment with her spare key. I want her to text before coming over."
    _, rewrite = _coach(evaluator, situation, line, partner_last="I only come by to help. I brought you soup last week!")
    assert not STOCK_FEELING.search(rewrite)


def test_a_jab_the_gate_names_does_not_survive(evaluator: OfflineEvaluator) -> None:
    # Fails if "It's not my job to entertain you every night" is kept or offered as the model line.
    line = "It's not my job to entertain you every night. Honestly you need your own friends, that'd be good for you"
    suggestion, rewrite = _coach(evaluator, TRIVIA, line, partner_last="What am I supposed to do all night?",
                                 name="Riley")
    assert "not my job" not in rewrite.lower()
    assert not re.search(r'Try: "[^"]*not my job', suggestion)


def test_a_guilt_trip_is_not_kept_after_being_called_an_attack(evaluator: OfflineEvaluator) -> None:
    # Fails if "I've paid for everything for twenty seven years" survives in the rewrite or the suggestion's example.
    line = "oh don't give me that, after everything i've done for you? i've paid for everything for twenty seven years"
    suggestion, rewrite = _coach(evaluator, SON, line, partner_last="Are you kicking me out? Wow. Thanks, Mom.")
    assert "paid for everything" not in rewrite.lower() and "paid for everything" not in suggestion.lower()


def test_background_is_not_pasted_as_speech_and_no_threat_like_reinforcer(evaluator: OfflineEvaluator) -> None:
    # Fails if "We hired a contractor..." is said to the contractor, or "you won't have me bringing it up again" is added.
    line = ("hey dave, sorry to bug you, i know you're super busy, just wondering if maybe you had any idea when you "
            "might, like, possibly be back? no rush, it'd just be great for everyone")
    suggestion, rewrite = _coach(evaluator, DAVE, line)
    assert "We hired a contractor" not in rewrite and "We hired a contractor" not in suggestion
    assert "bringing it up again" not in rewrite


def test_an_ask_never_has_a_dangling_it(evaluator: OfflineEvaluator) -> None:
    # Fails on "I'm asking for it." / "Please mention it to her." where "it" was never named.
    cases = [("My friend Priya owes me $180 for the cabin. I want to ask her for it.",
              "um, ok, i mean, that's, i guess that's fair, i do make more. sorry. maybe just send what you can? or "
              "like, it's fine", "Honestly, you make a lot more than I do, I didn't think you'd care."),
             ("My gym charges a $60 cancellation fee. I want the fee waived.",
              "ok, um, that's a little frustrating i guess. could you maybe, like, if it's not too much trouble, "
              "mention it to her? or i don't know, we can work something out. it'd be nice for both of us",
              "I can't waive it, only the manager can, and she's not in until Monday.")]
    for situation, line, partner in cases:
        suggestion, rewrite = _coach(evaluator, situation, line, partner_last=partner)
        for text in (rewrite, suggestion):
            assert "I'm asking for it" not in text, text
            # The person's own "mention it to her" may stay, after a sentence that says what "it" is.
            said = re.search(r"[Pp]lease mention it to her", text)
            assert not said or re.search(r"\w+[.!] ", text[:said.start()]), text


def test_light_edit_reuses_the_line_embedding_only_for_trims() -> None:
    # Fails if a rewrite that says something new (not the line's words, not the coaching's own ask) skips MiniLM,
    # or if a plain trim of the line is embedded again.
    from voice_coach.feedback.offline import light_edit

    line = "honestly i think you could maybe wash your dishes the same day, Maya, it's been three days"
    assert light_edit(line, "Maya, wash your dishes the same day, it's been three days.")
    assert not light_edit(line, "Maya, the sink smells and the landlord inspects on Friday.")
    assert light_edit(line, "It's been three days. I'm asking you to wash your dishes the same day.",
                      known="I'm asking you to wash your dishes the same day.")


def test_an_offer_after_a_no_is_not_called_caving(evaluator: OfflineEvaluator) -> None:
    # Fails if "i'll take him friday to sunday" (an alternative after "not sunday either") is treated as a take-back.
    situation = ("My friend Jess has asked me to watch her dog Biscuit four weekends in a row, and I said yes every "
                 "time. I want to say no this weekend and offer one weekend a month from now on.")
    line = ("no, not sunday either. but the first weekend of every month is yours, and i'll take him friday to "
            "sunday, so you get the full trip")
    suggestion, rewrite = _coach(evaluator, situation, line, partner_last="Can you at least do Sunday?", name="Jess")
    assert "take your ask back" not in suggestion.lower() and "friday to sunday" in rewrite.lower()


def test_an_offer_with_a_request_keeps_the_key_fact(evaluator: OfflineEvaluator) -> None:
    # Fails if "whatever gets this recoded" is read as caving and "it has to be fixed on your end" is dropped.
    situation = ("My clinic billed my annual physical as a problem visit and I owe $240. Blue Shield says the clinic "
                 "has to recode it. I want the clinic's billing office to get it recoded as preventive.")
    line = ("I did call Blue Shield on Monday, and they said the claim came in with a problem-visit code, so it has to "
            "be fixed on your end. Honestly I feel like I'm being bounced back and forth. I'm happy to do a three-way "
            "call with them, whatever gets this recoded.")
    suggestion, rewrite = _coach(evaluator, situation, line, partner_last="Can you just call your insurance company instead?")
    assert "fixed on your end" in rewrite and "three-way call" in rewrite and "take your ask back" not in suggestion


JOINT = ("Last month my partner Sam bought a $700 bike and a $300 camera from our joint account without asking. We're "
         "saving for a wedding. I want us to agree to check with each other before big purchases from the joint account.")
RAISE = ("I've worked at the bookshop for three years at $14 an hour, the same rate new starters get. I want a raise to "
         "$16.")
CAR = ("My friend Dana wants to borrow my car for a weekend trip. Last time it came back with an empty tank. I need the "
       "car on Monday. I want to say no.")
PHONES = ("Most evenings my partner Kim watches videos on their phone through dinner. I want us to keep phones off the "
          "table while we eat.")


def test_score_keeping_jabs_said_as_facts_are_dropped(evaluator: OfflineEvaluator) -> None:
    # Fails if tit-for-tat jabs ("technically ... was half mine", "been sitting in the garage", "I pay more than
    # you") are kept in the rewrite as if they were facts of the case.
    line = ("your money? i pay way more than you each month, so technically that bike is half mine. and your camera's "
            "been sitting in the garage since it arrived")
    _, rewrite = _coach(evaluator, JOINT, line, partner_last="It's my money too.", name="Sam")
    low = rewrite.lower()
    assert "half mine" not in low and "sitting in the" not in low and "more than you" not in low
    assert "check with each other" in low


def test_an_open_ended_give_in_is_dropped_with_the_rest_of_the_caving(evaluator: OfflineEvaluator) -> None:
    # Fails if "I'm open to anything" (a take-back of the ask) is kept while "whatever works" is called caving.
    line = "okay. would it be easier in a couple of months? or part of it? i'm open to anything really, whatever suits"
    suggestion, rewrite = _coach(evaluator, RAISE, line, partner_last="There's no budget for raises this year.")
    assert "open to anything" not in rewrite.lower() and "whatever" not in rewrite.lower()
    assert "$16" in rewrite


def test_a_self_put_down_said_as_a_feeling_is_not_a_model_line(evaluator: OfflineEvaluator) -> None:
    # Fails if "I feel like such a terrible friend" is kept as the person's feeling (it is a put-down of themself),
    # or if the grudging "fine, take it" give-in survives.
    line = "ugh, ok, sorry, i feel like such a terrible friend right now. fine, take it, just fill it up after?"
    _, rewrite = _coach(evaluator, CAR, line, partner_last="So I have to cancel the whole trip?", name="Dana")
    low = rewrite.lower()
    assert "terrible friend" not in low and "take it" not in low and "no" in low


def test_sarcastic_blame_and_counter_accusation_are_not_kept(evaluator: OfflineEvaluator) -> None:
    # Fails if "so it's my fault now" is read as self-minimising (the suggestion says "playing your point down"),
    # or if the counter-accusation "you watched two hours ... and I hardly used mine" is kept.
    line = "oh, ok, so it's my fault now. great. you watched two hours of videos yesterday and i hardly used mine"
    suggestion, rewrite = _coach(evaluator, PHONES, line, partner_last="You're on your phone too.", name="Kim")
    assert "playing your point down" not in suggestion
    assert "hardly used mine" not in rewrite.lower() and "my fault" not in rewrite.lower()


def test_a_grudging_fine_before_a_promise_is_caving() -> None:
    # Fails if "fine, I'll tell Sam we're staying here" is read as a plain statement (and offered as the ask).
    from voice_coach.feedback.clauses import analyse

    analysis = analyse("wow. way to make me feel guilty, dad. fine, i'll tell sam we're staying here, as usual")
    kinds = {c.text: c.kind for c in analysis.clauses}
    assert kinds["i'll tell sam we're staying here"] == "caving"
    assert kinds["way to make me feel guilty"] == "sarcasm"


def test_a_short_feeling_is_a_feeling() -> None:
    # Fails if "I'm so worried" (three words) is classified as filler and dropped from the rewrite.
    from voice_coach.feedback.clauses import analyse

    for line in ("I'm so worried, the rent is due on Friday", "i'm really stressed, nothing has been fixed"):
        assert analyse(line).clauses[0].kind == "feeling", line


def test_situation_text_about_the_listener_is_said_to_them(evaluator: OfflineEvaluator) -> None:
    # Fails if the rewrite tells the manager "My manager calls me on Sundays..." (the listener in the third person)
    # instead of "You call me on Sundays..." or leaving the background out.
    situation = ("My manager calls me on Sundays and expects me to pick up within ten minutes. I want to ask him to "
                 "keep calls that aren't urgent to weekdays.")
    line = "Right. Well, maybe if you organised your week better you wouldn't need to ring people on a Sunday."
    suggestion, rewrite = _coach(evaluator, situation, line, partner_last="That's how this job works. Deal with it.")
    assert "my manager" not in rewrite.lower() and "my manager" not in suggestion.lower()
    assert "organised your week better" not in rewrite.lower()
    assert "keep calls that aren't urgent to weekdays" in rewrite


def test_a_name_that_is_not_the_listener_is_not_turned_into_you(evaluator: OfflineEvaluator) -> None:
    # Fails if "Priya's family" becomes "your family" when the person is talking to their mom, if the plan to tell
    # the parents is pasted in, or if the grudging "fine, I'll tell Priya we're coming" is offered as the line to say.
    situation = ("My parents expect my wife Priya and me at their place every Thanksgiving. This year we want to spend "
                 "Thanksgiving with Priya's family, who we haven't visited in four years, and I have to tell my parents.")
    line = "wow. ok. way to make me feel guilty, mom. fine, i'll tell priya we're coming here, like every year"
    suggestion, rewrite = _coach(evaluator, situation, line, name="Priya",
                                 partner_last="It won't feel like Thanksgiving without you.")
    offered = re.findall(r'"([^"]+)"', suggestion)[-1].lower()  # the line the suggestion offers to say
    for text in (rewrite.lower(), offered):
        assert "your family" not in text and "tell my parents" not in text and "i'll tell priya" not in text
    assert "priya's family" in rewrite.lower()


def test_their_of_someone_else_is_not_made_yours() -> None:
    # Fails if "their house" (the parents' house) becomes "your house" because the named listener is in the sentence.
    from voice_coach.feedback.asks import second_person

    said = second_person("My parents expect my partner Sam and me at their house every Easter.", "Sam")
    assert "their house" in said and "your house" not in said
    assert "your phone" in second_person("Most nights my partner Sam scrolls on their phone through dinner.", "Sam")


def test_facts_alone_are_not_kept_as_a_finished_line(evaluator: OfflineEvaluator) -> None:
    # Fails if a line of facts that trails off ("So, yeah.") is shown as already doing the job, with no ask in it.
    from voice_coach.feedback.gate import has_ask

    situation = ("I was billed $210 for an X-ray that my insurer says is fully covered. I'm on the phone with Omar "
                 "in the billing office. I want the $210 charge removed from my bill.")
    line = "Claim 77120 charged me $210 for an X-ray on 3 June that my plan says is covered in full. Um, so, yeah."
    suggestion, rewrite = _coach(evaluator, situation, line, partner_last="What's the claim number?", name="Omar")
    assert has_ask(rewrite) and "so, yeah" not in rewrite.lower() and "77120" in rewrite
    assert "already does the job" not in suggestion



def test_a_long_background_sentence_is_shortened_before_the_key_fact_is_lost() -> None:
    # Fails if a background sentence that is too long to fit is dropped whole (losing what the case is about, the
    # blender) instead of being cut to its first clause, or if the benefit is dropped before it is cut.
    from voice_coach.feedback.rewrite import Plan, write

    plan = Plan(ask="I'm asking for a refund of $250 to my card, not store credit.",
                before_ask=["The $250 blender I bought online stopped working after only 12 days, and the shop now "
                            "only wants to give me store credit."],
                extras=["That would make a real difference for both of us."])
    text = write(plan, 36)
    assert "blender" in text and "store credit." in text and "real difference" in text
    assert "the shop now only wants" not in text


def test_the_suggestion_names_giving_in_before_the_sarcasm_around_it(evaluator: OfflineEvaluator) -> None:
    # Fails if the suggestion only says "say it straight" about the sarcasm and leaves the grudging give-in
    # ("fine, I'll tell Alex we're staying here") unnamed, although that is what loses the goal.
    situation = ("My parents expect my husband Alex and me at their house every New Year. This year we want to spend "
                 "New Year with Alex's family, who we haven't seen in two years, and I have to tell my parents.")
    line = "wow. ok. way to lay on the guilt, dad. fine, i'll tell alex we're staying here, same as always"
    suggestion, _ = _coach(evaluator, situation, line, name="Alex", partner_last="Your mother will be so disappointed.")
    assert "take your ask back" in suggestion and "i'll tell alex we're staying here" in suggestion.lower()
