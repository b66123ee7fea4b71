"""Templated counterpart lines: pick one for the plan, fill its slots, never repeat, stay short.

Scenario playbook lines come first (they are written for that person and that request); lines with
a `{proposal}` slot name what the user just proposed. The per-relationship lines of
prompts/counterpart_generic.yaml are the last resort. A line whose slot cannot be filled cleanly is
skipped: a broken slot is worse than a generic line.

The module is past 400 lines on purpose: every check that keeps a reply to what was actually said
(details, numbers and feelings only once told, no question answered already, nothing presumed before the
matter is raised) reads the picker's memory of the session; split apart, each check would need that memory
passed around. What does not need it lives beside it: the line inventory and slot filling (line_bank.py) and
the scenario's word sets (scenario_words.py).
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable

from voice_coach.conversation.acts import (
    MILD_COMPLAINT,
    Acts,
    clean_phrase,
    content_words,
    requested_action,
    requested_leave,
    said_back,
)
from voice_coach.conversation.choices import offered_choice
from voice_coach.conversation.commitment import Ledger
from voice_coach.conversation.conditions import further_ask, skips_condition
from voice_coach.conversation.echoes import echo_ask, echo_statement, named_topic
from voice_coach.conversation.point_lines import lines_on_the_point, takes_up_points
from voice_coach.conversation.figures import asked_figure, names_other_figure, said_figure
from voice_coach.conversation.direct_answers import direct_kinds
from voice_coach.conversation.follow_up import asks_what_they_need, new_ask, offers_next_step, settles_more
from voice_coach.conversation.grievances import admitted_words, granted_words
from voice_coach.conversation.held_terms import adds_condition, commits, durations, swaps_duration
from voice_coach.conversation.named_people import as_user_named
from voice_coach.conversation.openers import (asks_details, asks_for_reference, fetches_details, gives_asked_details,
                                              answers_not_yet, go_ahead_kind, grumbles, lets_them_finish,
                                              settles_in, thanks_only_opens, PREFACE_KINDS)
from voice_coach.conversation.recap import agreed_terms, asks_recap, terms
from voice_coach.conversation.retorts import asks_higher_up, postpones, threat_phrase, threatens
from voice_coach.conversation.reply_cues import (
    ACKNOWLEDGING, ANNOUNCES_ASK, ASKS_DATE, ASKS_NUMBER, asks_what_was_said, CONDITIONED, COUNTED, DEGREE,
    reads_back_denial, asks_what_was_read_vaguely, DENIES_PROBLEM, figure_after_but, GENERIC_ASK, GIVES_DATE, GIVES_NUMBER, HOSPITALITY, HOW_OFTEN, INDEFINITE,
    LIGHT_VERBS, MAX_WORDS, MINIMISING, MOMENTARY, MY_POINT, NAMES_FEELING, NEW_ASK_ON_DEAL, NUMBER_WORD, OFFER,
    ON_YOUR_SIDE, OPEN_ASK, SIGN_OFF, SLOT, SMALL_TALK_QUESTION, TAG_QUESTION, TOPICS, TURNS_DOWN, WAIVES,
    WH_QUESTION, WORRIED_QUESTION, YOU_RE_RIGHT,
)
from voice_coach.conversation.unstated import asks_for_offered, declines_offer, takes_offer
from voice_coach.conversation.asides import side_question
from voice_coach.conversation.policy import Plan, Reaction
from voice_coach.conversation.line_shape import (after_shift, changes_subject, ends_with_goodbye, gives_reason,
                                                 heads_off, says_goodbye, states_its_matter, tells_good_news, tells_more)
from voice_coach.conversation.said_so_far import (
    AGREE_PREFIX,
    ASKS_SCHEDULE,
    GIVES_SCHEDULE,
    READ_BACK,
    WHAT_IT_TAKES,
    amounts,
    unsaid_amounts,
)
from voice_coach.conversation.scenarios import Move, Scenario
from voice_coach.conversation.speaker_acts import (
    OWN_PLAN_KINDS,
    asks_time_and_after_them,
    SELF_DOUBT,
    by_chat_fit,
    third_party_asks,
    small_talk_kinds,
    yields_to_them,
)
from voice_coach.conversation.line_bank import (
    FIGURE_KIND,
    NEIGHBOURS,
    OBJECTING_MOVES,
    PROPOSAL_KIND,
    REACTION_KINDS,
    REQUEST_KIND,
    YES_MOVES,
    echoes_twice,
    fill,
    generic_lines,
    generic_templates,
    lines_of,
    relationship_lines,
)
from voice_coach.conversation.scenario_words import (
    NOT_TOPICAL,
    common_roots,
    common_stems,
    fact_stems,
    goal_stems,
    private_stems,
    roots,
    situation_stems,
    stems,
    story_numbers,
    told_stems,
    topic_stems,
)
from voice_coach.feedback.grammar import broken


# Moves whose lines push back on the user's point: they should push back on the point made.
OBJECTING = frozenset({"deflect", "minimize", "counter_complaint"})


# A request to explain something ("could you explain why...", "tell me what it means"): a question put as an ask.
ASKS_TO_EXPLAIN = re.compile(r"\b(?:explain|tell me|walk me through)\b[^.?!]{0,20}?\b(?:why|what|how)\b|"
                             # "...you said it wouldn't fix this, but I didn't understand why. What is it about mine?"
                             r"\bi (?:didn'?t|don'?t|never) (?:really )?(?:understand|get|see) why\b|"
                             r"\bwhat is it about (?:mine|my \w+)\b|\bwhat (?:it|this|that) "
                             r"(?:actually |really )?means\b|\bin (?:plain|normal|simple|everyday) (?:words|english|terms)\b",
                             re.IGNORECASE)


def topics(text: str) -> frozenset[str]:
    """The topics (money, time) a line is about."""
    return frozenset(name for name, rx in TOPICS.items() if rx.search(text))


def on_topic(lines: list[str], user_text: str, partner_last: str = "") -> list[str]:
    """The objections that fit the topic of the user's line: same topic first, else neutral ones.

    A line about time never answers a line only about money (and the other way round); when the
    user's line has no such topic, the topic of the line it answers counts, else an objection
    without one is preferred."""
    said = topics(user_text) or topics(partner_last)
    if said:
        same = [line for line in lines if topics(line) & said]
        return same or [line for line in lines if not topics(line)]
    neutral = [line for line in lines if not topics(line)]
    return neutral or lines


# A question that weighs up a rule or an arrangement, so presumes one was asked for ("What if work messages me?",
# "Would this be for both of us?", "Would before bed work, or do you mean straight after eating?").
PRESUPPOSES_ASK = re.compile(r"^(?:(?:and|but|so|okay|ok|sure),? )?what if\b|\bwould (?:this|that|it) (?:be|mean|include|apply|"
                             r"cover)\b|\bor do you mean\b|^would [^?]{0,30}\bwork\b", re.IGNORECASE)


# A person named alone ("How's Ben?"): asking after them is small talk even when the counterpart just named them.
_PERSON = re.compile(r"[A-Z][a-z]+")

# The sweeping word of a blame ("you're always on that thing"), not "so you always know where things are".
# ("Did you always want to do knees?" asks about their life: no sweep)
_SWEEP = re.compile(r"^(?!(?:\w+,? )?(?:did|do|have|had|were|would|will) you\b)(?:[\w,' ]{0,20}\b)?you(?:'re| are)? "
                    # ("you never forget to remind me when the rent's due" is a jab, no sweeping charge to deny)
                    r"(?P<w>always|never|constantly)\b(?! (?:know|forget|forgets|miss|misses|fail|remember)\b)",
                    re.IGNORECASE)


# A line that names a condition anywhere ("I'll back a raise if you'll also take on training the new hire").
_CONDITION = re.compile(r"\b(?:if|as long as|provided|on condition)\b", re.IGNORECASE)


class LinePicker:
    """Chooses the counterpart's line for a plan; remembers every line spoken in the session."""

    def __init__(self) -> None:
        self.used: set[str] = set()
        self.heard: set[str] = set()  # stems of every user word so far
        self._stale: set[str] = set()  # stems only earlier lines said, beyond the goal's own words
        self.complained = False  # the user has complained, accused or jabbed
        self.conceded = False  # the counterpart has granted a point or said yes
        self.often_said = False  # the user has said how often ("every week", "all the time"); how many: numbers_heard
        self.worried = False  # the user has asked whether it is bad, serious, normal ("Is it bad?")
        self.heard_roots: frozenset[str] = frozenset()  # the same, inflection cut (see `roots`)
        self.last = ""  # the counterpart's last line
        self.topic_known = False  # the user has named what the conversation is about
        self._topic_now = False
        self._announcing = False  # the line being answered only announces its matter ("that's why I wanted to talk")
        self.deals: list[str] = []  # offers taken up and agreements spoken so far
        self.asked_since_deal = False  # a request or proposal made since the last yes that named terms
        self._explaining = False  # the line asks for an explanation ("could you explain why...?")
        self.opening = ""  # the counterpart's opening line, whose question may be answered a turn late
        self.asked_acts = False  # a line so far asked for something, said no or proposed (read from its acts)
        self.numbers_given = False  # a line so far gave a number (an amount, a percentage)
        self.dates_given = False  # a line so far gave a date or a deadline
        self.made_point = True  # the last reply objected or asked something the user could answer
        self.felt = False  # the user has said how they feel
        self.numbers_heard: set[str] = set()  # numbers the user has said (digits or words)
        self.topics_said: set[str] = set()  # topics (money, time) the user's lines have raised
        self.amounts_heard: set[tuple[str, str]] = set()  # amounts the user said, with their units
        self.schedule_given = False  # a line so far gave a schedule ("two hundred a month")
        self.templates_used: set[str] = set()  # templates with a slot spoken so far, whatever filled them
        self.ledger = Ledger()  # what was asked, proposed and named: the evidence a yes or a deal needs
        self._acts_now = Acts()
        self._on_matter_now = True  # the line being answered stays on the matter (no subject change, no aside)
        self._template_of: dict[str, str] = {}
        self.postponed = False  # a line so far put the talk off ("Can we not do this now?")
        self.dropped = False  # the user took the matter back and the counterpart took the out
        self.durations_heard: frozenset[tuple[str, str]] = frozenset()  # lengths of time the user named ("six weeks")
        self.committed = False  # a yes binds the counterpart ("I'll send it"), and the user has not turned it down

    def _grounded(self, line: str, scenario: Scenario, said_now: frozenset[str], template: str = "") -> bool:
        """Whether the line only answers what was said: no agreeing to unsaid points, no unsaid goal details."""
        words = stems(content_words(line))
        private = private_stems(scenario)
        spoken = self.heard | stems(w for used in self.used for w in content_words(used))
        if (words & private) - spoken:
            return False  # a detail of the user's goal that has not come up
        objecting = lines_of(scenario, *OBJECTING_MOVES)
        heard_roots = self.heard_roots | roots(w for used in self.used for w in content_words(used))
        granting = lines_of(scenario, Move.PARTIAL_CONCESSION, Move.CLARIFYING_QUESTION)
        # (an offer may name its own figures: "eight percent now", "a one-month trial")
        if template in granting and not set(NUMBER_WORD.findall(line.lower())) <= self.numbers_heard:
            return False  # "three days is a long time" conceded before anyone said how long
        if template in granting and COUNTED.search(line) and not (self.numbers_heard or self.often_said):
            return False  # "I hadn't realised how many Saturdays it had been" before anyone said how many
        if template in granting and unsaid_amounts(line, self.amounts_heard | amounts(" ".join(self.used))):
            return False  # "maybe five hundred, not six thousand" corrects a sum nobody named ("six-week job")
        offering = lines_of(scenario, *YES_MOVES)
        if template not in offering and (set(NUMBER_WORD.findall(line.lower())) & story_numbers(scenario)) - (
                self.numbers_heard | set(NUMBER_WORD.findall(" ".join(self.used).lower()))):
            return False  # "Nine days went by in a flash" before anyone said how long the stay was
        unraised = topics(line) - self.topics_said - topics(" ".join(self.used))
        if unraised:
            # "is it really about the money?" or "you're overthinking the money" before anyone spoke of money:
            # it presumes the user's reason; an objection waits for its topic like any other line
            return False
        if line.rstrip().endswith("?") and not self.asked_acts and words & goal_stems(scenario):
            return False  # "what do you mean by a plan?" asks about a request that has not been made
        if not self.asked_acts and PRESUPPOSES_ASK.search(line):
            return False  # "What if work messages me something urgent?" objects to a rule nobody has proposed yet
        if template not in objecting and (roots(content_words(line)) & told_stems(scenario)) - heard_roots:
            return False  # conceding or asking about what the user went through before they said it ("the kettle thing")
        if template in objecting and (roots(content_words(line)) & situation_stems(scenario)) - heard_roots:
            # an objection may bring up the counterpart's own history, but not a detail of the user's account
            # ("a bit of flickering is often just a software setting" to "it's not working properly")
            return False
        if line.rstrip().endswith("?") and (words & goal_stems(scenario)) - spoken:
            return False  # a question about a detail of the request nobody has mentioned ("are Fridays weeknights?")
        if (granted := roots(granted_words(line))) and not granted & self.heard_roots:
            return False  # "I'll admit I don't need everyone here for report writing" to a bare ask for Fridays
        admitted = roots(admitted_words(line))
        if admitted and len(admitted & self.heard_roots) * 2 <= len(admitted):
            return False  # "I should have called before ordering the dearer worktops" before anyone said so
        if NAMES_FEELING.search(line) and not self.felt:
            return False  # "I didn't realise it made you feel..." before any feeling was said
        if (granted := YOU_RE_RIGHT.match(line)) and (point := {
                w for w in roots(content_words(granted["point"])) if w not in common_roots()}) and (
                len(point & self.heard_roots) * 2 < len(point)):
            return False  # "You're right, you've done more than your share" before the person said so
        if ACKNOWLEDGING.search(line):
            facts = words & fact_stems(scenario)
            # "You're right that X": X must be in this line, not an earlier one or the scenario notes.
            return not facts or facts <= said_now
        return True

    def answered(self, line: str, scenario: Scenario, user_text: str = "") -> bool:
        """Whether a question asks about something the user has already said in this session: a detail they
        named (the receipt, when it started, whether it was dropped) or a number they gave."""
        # (a question need not end the line: "Was it the kettle thing this week? Sorry about that.")
        questions = [one for one in re.split(r"(?<=[.!?])\s+", line.strip()) if one.endswith("?")]
        return any(self._answered_question(one, scenario, user_text) for one in questions)

    def _answered_question(self, question: str, scenario: Scenario, user_text: str) -> bool:
        if TAG_QUESTION.search(question):
            return False  # "You had your phone, didn't you?" challenges; it asks for nothing
        if asks_what_was_read_vaguely(question, user_text):
            return False  # "What did you read?" after "I read stuff online": its words were heard, what was read not
        if ASKS_NUMBER.search(question) and self.numbers_given:
            return True
        if ASKS_DATE.search(question) and self.dates_given:
            return True  # "What finish date would you accept?" after "finished by the end of the month"
        if ASKS_SCHEDULE.search(question) and self.schedule_given:
            return True  # "all at once, or spread out?" after "two hundred a month"
        # The request itself ("the same day?") may still be clarified; other details said once are answered.
        # ("Have you dropped it?" after "I didn't drop it": the word's root counts where its five letters differ)
        return bool((stems(content_words(question)) & self.heard) - goal_stems(scenario) - NOT_TOPICAL) or bool(
            (roots(content_words(question)) & self.heard_roots) - roots(goal_stems(scenario)) - roots(NOT_TOPICAL)
            - common_roots())

    def _topic_options(self, scenario: Scenario, topic: str, *, go_on_only: bool = False,
                       ) -> list[tuple[list[str], str | None]]:
        """The lines that take up a named topic ("The kitchen? Okay, go on."), with the slot they fill. A topic the
        counterpart's own last line raised ("If this is about the car again..." - "It's about the car, yeah") comes
        first and is named without surprise: "The car? Go on." would sound surprised by its own guess."""
        questions = relationship_lines(scenario, "topic_questions")
        if go_on_only:
            questions = [t for t in questions if "go on" in t.lower()]
        words = stems(content_words(topic))
        expected = bool(words) and words <= stems(content_words(self.last)) and not self.topic_known
        return [*([(relationship_lines(scenario, "topic_expected"), "topic")] if expected else []), (questions, "topic")]

    def _asking(self) -> tuple[str, ...]:
        """The counterpart lines whose question the person may be answering: the last one, and the opening one for
        the first turns ("Have you started the tablets yet?" answered after a word about where to sit)."""
        return (self.last, self.opening) if len(self.used) <= 3 else (self.last,)

    def remember(self, line: str) -> None:
        """Mark a line as spoken (the opening line, or a line another voice said)."""
        self.used.add(line)
        self.opening = self.opening or line
        self.last = line
        self.ledger.spoken(line)

    def _backed(self, line: str, template: str, scenario: Scenario, user_text: str) -> bool:
        """Whether a scenario line that agrees or grants has something asked or proposed to answer."""
        lines = scenario.playbook.lines
        conditional = template in lines.get(Move.CONDITIONAL_AGREEMENT, [])
        deal = conditional or template in lines.get(Move.AGREEMENT, [])
        return self.ledger.backs(line, deal=deal, conditional=conditional, acts=self._acts_now, user_text=user_text,
                                 on_matter=self._on_matter_now,
                                 conceding=template in lines.get(Move.PARTIAL_CONCESSION, []))

    def _usable(self, candidates: Iterable[str], slots: dict[str, str], *, plan: Plan, asked: bool,
                need_slot: str | None = None, scenario: Scenario | None = None,
                said_now: frozenset[str] = frozenset(), acts_blame: bool = False,
                user_text: str = "", accepting: bool = False) -> list[str]:
        found: list[str] = []
        for template in candidates:
            names = {n.lower() for n in SLOT.findall(template)}
            if need_slot is not None and need_slot not in names:
                continue
            if need_slot is None and names & {"proposal", "topic", "sweep", "request", "leave", "figure", "counter", "aside",
                                              "threat"}:
                continue  # proposal lines only answer a proposal
            line = fill(template, slots)
            if line is not None and "proposal" in names and re.search(r"\bif\b", slots["proposal"], re.IGNORECASE) and (
                    re.search(r"\bif \{proposal\}", template, re.IGNORECASE)):
                continue  # "If we go to 19,000 if that gets it done": a proposal with its own "if" in an if-frame
            if line is not None and "proposal" in names and echoes_twice(template, slots["proposal"]):
                continue  # "if we adjust it for my late weeks, ..., as long as we adjust it for my late weeks"
            if line is None or line in self.used or len(line.split()) > MAX_WORDS:
                continue
            if names and template in self.templates_used:
                continue  # the same frame twice ("If ..., what happens on the weeks I work late?") is a repeat
            if names and any(broken(part) for part in re.split(r"(?<=[.?!])\s+", line)):
                continue  # a filled slot that leaves a sentence broken: a line without a slot reads better
            if asked and GENERIC_ASK.search(line):
                continue
            if (asked or self.topic_known or self._topic_now) and OPEN_ASK.search(line):
                continue  # "What did you want to discuss?" after the topic was named
            if accepting and CONDITIONED.search(template):
                continue  # a thank-you for a deal: "if you book it, I can arrange that" makes it a new condition
            if self.committed and (adds_condition(template) or (
                    scenario is not None and "{proposal}" not in template.lower()
                    and template in lines_of(scenario, Move.CONDITIONAL_AGREEMENT))):
                continue  # agreed already: "...if you present the next part yourself" re-opens it with a new term
            if (self.committed and plan.move.value not in OBJECTING and scenario is not None and not self._explaining
                    and template in lines_of(scenario, *OBJECTING_MOVES)):
                continue  # "Everyone looks at their phone at dinner" right after saying yes goes back on the yes (an
                # explanation asked for is no going back: "could you explain why physio won't work?")
            if plan.move in (Move.PARTIAL_CONCESSION, Move.CONDITIONAL_AGREEMENT, Move.AGREEMENT) and swaps_duration(
                    template, self.durations_heard):
                continue  # "for a month" after the user asked for a six-week trial swaps their figure for a stock one
            if self.deals and "deal" not in names and OFFER.search(line) and any(
                    len(stems(content_words(line)) & stems(content_words(deal))) >= 2 for deal in self.deals):
                continue  # the deal was already made: offering it again ignores what the user said since (saying it
                # back when asked is no offer)
            # figures of the deals so far ("seven now, five in April"): a later yes keeps to them
            deal_numbers = set(NUMBER_WORD.findall(" ".join(self.deals).lower()))
            if deal_numbers and plan.move in (Move.CONDITIONAL_AGREEMENT, Move.AGREEMENT) and (
                    set(NUMBER_WORD.findall(line.lower())) - deal_numbers
                    - set(NUMBER_WORD.findall(user_text.lower()))):
                continue  # "twelve percent, effective next month" right after agreeing seven now and five later
            if plan.move in (Move.CONDITIONAL_AGREEMENT, Move.AGREEMENT) and user_text and names_other_figure(line, user_text):
                continue  # "twelve percent it is" to "could we do seven percent now and the rest in June?"
            if user_text and reads_back_denial(line, user_text):
                continue  # "So you're choosing her family over yours?" right after "I'm not choosing them over you"
            if user_text and asks_what_was_said(line, user_text):
                continue  # "What finish date would you accept?" right after "by the end of the month"
            if scenario is not None and self.answered(SLOT.sub("", template), scenario, user_text):  # slot said back
                continue  # "Have you dropped it?" after "it's never been dropped"
            if user_text and skips_condition(line, user_text):
                continue  # "I've removed the charge" to "remove it once it's confirmed"
            if (waived := WAIVES.search(line)) and stems(content_words(waived["x"])) & self.heard - NOT_TOPICAL:
                continue  # "...provided you don't need a cash refund" to someone who has asked for a refund all along
            if self.conceded and DENIES_PROBLEM.search(line):
                continue  # "I don't get what the problem is" after granting "eleven against two is a big gap"
            if plan.after_safety and MINIMISING.search(line):
                continue
            if plan.reaction == Reaction.NOT_HEARING and not self.made_point and MY_POINT.search(line):
                continue  # "you're not answering my point" when the last reply made none (a concession, a pause)
            if SIGN_OFF.search(line):
                continue
            if (acts_blame or plan.reaction == Reaction.HURT) and ACKNOWLEDGING.search(line):
                continue  # a sweeping "you always..." or an insult is answered, never agreed with
            if SELF_DOUBT.search(user_text) and ACKNOWLEDGING.search(line):
                # "You're right" to "maybe I'm being oversensitive" agrees with the doubt, not the point: the
                # point is kept without it ("I've been on it more than I realised"), else the line is not used
                kept = AGREE_PREFIX.match(line)
                point = kept["rest"][:1].upper() + kept["rest"][1:] if kept else ""
                if len(point.split()) < 4 or point in self.used:
                    continue
                line = point
            if READ_BACK.match(line) and not (stems(content_words(line)) & said_now) - common_stems(10):
                continue  # "So you've been stalking my photos?" reads back words the user did not say
            if scenario is not None and template not in generic_templates() and not self._grounded(
                    line, scenario, said_now, template):  # the relationship's lines know no scenario details
                continue
            if (scenario is not None and not (self.asked_acts or self.felt or self.complained or self.worried)
                    and template in lines_of(scenario, *OBJECTING_MOVES) and not (stems(content_words(line)) & (
                        self.heard | (set() if self._announcing else stems(content_words(self.last))))) - common_stems(10)
                    - NOT_TOPICAL - LIGHT_VERBS):
                continue  # "It's not just you carrying extra work" to "can we talk about my pay?": a rebuttal of a
                # point nobody has made yet, before anything was asked, felt or complained of; it may follow up the
                # counterpart's own last line ("If it's about Tuesday, the presentation went well" -> "It's a team
                # presentation"), unless the line only announces its matter ("It is about Tuesday. That's why I
                # wanted to talk.": the point is still to come)
            if scenario is not None and template not in generic_templates() and not self._backed(
                    line, template, scenario, user_text):
                continue  # a yes or a deal to something nobody asked or proposed
            if scenario is not None and user_text:
                line = as_user_named(line, user_text, scenario)  # "worked well for Sam" after "Tom does Wednesdays"
            found.append(line)
            self._template_of[line] = template
        return found

    def _best(self, lines: list[str], said: set[str], user_text: str = "") -> str:
        # max() keeps the first of equal scores, so playbook order breaks ties deterministically. Words most
        # scenarios use ("year", "time") are no sign a line takes the user's point up. Among lines that take up
        # nothing said now, one that goes back to a detail of an earlier line ("I didn't know your daughter was
        # ill" three turns later) comes last: it answers that line, not this one.
        # A word of a question just asked counts twice: "Could you explain what it actually means?" is answered by
        # "It means your thyroid is running a bit slow", not by a line about the letter mentioned before it.
        telling = {w for w in said if w[:5] not in common_stems(10)}
        asked = telling & content_words(" ".join(
            q for q in re.split(r"(?<=[.!?])\s+", user_text) if q.rstrip().endswith("?")))
        return max(lines, key=lambda line: (len(telling & content_words(line)) + len(asked & content_words(line)),
                                            -len(stems(content_words(line)) & self._stale)))

    def pick(self, scenario: Scenario, plan: Plan, acts: Acts, user_text: str, *, asked: bool) -> str:
        """The line for this plan: scenario lines first, then the relationship's, never one already said."""
        try:
            return self._pick(scenario, plan, acts, user_text, asked=asked)
        finally:
            self.topic_known = self.topic_known or self._topic_now

    def _pick(self, scenario: Scenario, plan: Plan, acts: Acts, user_text: str, *, asked: bool) -> str:
        self._on_matter_now = True
        pending = self.asked_since_deal  # (before this line: "...? Then I'll email it to you" offers, not asks)
        self.asked_since_deal = pending or bool(acts.proposal or acts.request)
        if (plan.move == Move.MINIMIZE and plan.reaction == Reaction.ANSWER and not acts.blame
                and self._template_of.get(self.last, self.last) in lines_of(scenario, Move.PARTIAL_CONCESSION,
                                                                              *YES_MOVES)):
            # "Three weeks isn't long" right after saying "three weeks is longer than I meant": the concession
            # just spoken is not played down; the counterpart holds back with a question instead
            plan = Plan(Move.CLARIFYING_QUESTION, plan.reaction, plan.after_safety)
        slots = {"proposal": acts.proposal} if acts.proposal else {}
        said = content_words(user_text)
        said_now = stems(said)
        # details only earlier lines raised ("my daughter's got a cough" three turns ago): a reply that takes up
        # nothing said now should not go back to one of them (see _best)
        self._stale = (self.heard - said_now - goal_stems(scenario) - common_stems(10) - NOT_TOPICAL)
        self.heard |= said_now
        asks_to_explain = bool(ASKS_TO_EXPLAIN.search(user_text))
        self._explaining = asks_to_explain
        if asks_to_explain:
            self.heard |= stems({"explain"})  # "tell me what it means" asks for the explanation it does not name
        self.heard_roots |= roots(said)
        lines = scenario.playbook.lines
        options: list[tuple[list[str], str | None]] = []  # (candidates, required slot)
        chatting = acts.question and not acts.asks and bool(SMALL_TALK_QUESTION.search(user_text))
        # The matter is raised by its words or by taking up the counterpart's last line ("is this about the
        # washing-up?"), not by everyday words ("come in") or bare numbers (an account number); a question
        # needs rarer words ("how was your weekend?").
        # ("Is it serious?" about the results is the matter, never news about someone else)
        worried = acts.question and bool(WORRIED_QUESTION.search(user_text))
        # ("Oh, go on then, that looks so good. What's in it?" takes up the counterpart's offer: no word of the matter)
        offer_taken = takes_offer(user_text, self.last)
        topic_now = bool(acts.asks or acts.feelings or acts.blame or worried
                         or ((acts.facts or GIVES_NUMBER.search(user_text)) and not (acts.preliminary or chatting))
                         or (acts.preamble and named_topic(user_text))
                         or (said_now & (topic_stems(scenario) | stems(w for w in content_words(self.last) if len(w) > 4))
                             - NOT_TOPICAL - common_stems(4 if acts.question else 10)
                             and not (acts.small_talk or acts.preliminary or chatting or offer_taken)))
        self._topic_now = topic_now
        self._announcing = acts.preamble and not (acts.facts or acts.feelings or acts.blame or acts.asks)
        # (whether the matter was told before this line: "thanks for nothing" then is no riddle to ask about)
        raised_before = bool(self.asked_acts or self.complained or self.felt)
        self.asked_acts = self.asked_acts or acts.asks
        self.ledger.hear(user_text, acts)
        self._acts_now = acts
        self.felt = self.felt or acts.feelings
        # a complaint, a jab or an accusation raises the matter as much as a request does
        self.complained = self.complained or bool(acts.blame or acts.attack or acts.sarcastic or acts.refusal)
        # "It all sounded quite bad. Is it bad?": a worried question raises the matter; it gets an answer ("it's very
        # common"), which is no rebuttal of a point unmade
        self.worried = self.worried or worried
        numbers_before = frozenset(self.numbers_heard)
        self.numbers_heard |= set(NUMBER_WORD.findall(user_text.lower()))
        self.topics_said |= topics(user_text)
        self.amounts_heard |= amounts(user_text)
        if acts.refusal and TURNS_DOWN.match(user_text):
            self.committed = False  # "No, we never agreed a materials clause": a yes on terms turned down binds nothing
        self.durations_heard |= durations(user_text)
        self.schedule_given = self.schedule_given or bool(GIVES_SCHEDULE.search(user_text))
        self.numbers_given = self.numbers_given or bool(GIVES_NUMBER.search(user_text))
        self.often_said = self.often_said or bool(HOW_OFTEN.search(user_text))
        self.dates_given = self.dates_given or bool(GIVES_DATE.search(user_text))
        side = side_question(user_text)
        aside_lines: list[str] = []
        if side and plan.reaction in (Reaction.ANSWER, Reaction.REDIRECT, Reaction.SMALL_TALK, Reaction.GO_AHEAD,
                                      Reaction.TAKE_OUT) and not (
                acts.asks or acts.feelings or acts.blame or acts.attack or acts.sarcastic or acts.withholds) and not (
                stems(content_words(side.topic)) & (goal_stems(scenario) | (
                    set() if _PERSON.fullmatch(side.topic) else stems(content_words(self.last))))):
            # "Did you guys ever finish that game, by the way?": answered by name ("The game? Not quite, no."), then
            # the floor handed back or, once the matter is open, the talk steered back; a question about the matter
            # itself or about what the counterpart just said is no aside
            if side.say_back:
                slots["aside"] = side.topic
            # once agreed or dropped, there is nothing to steer back to: the question is just answered
            done = bool(self.deals or self.dropped) or plan.reaction == Reaction.TAKE_OUT
            opened = raised_before or self.topic_known
            suffix = "_after" if done else "_open" if opened else ""
            aside_lines = relationship_lines(scenario, f"aside_{side.form}{suffix}")
        aside_slot = "aside" if side and side.say_back else None
        if acts.withholds and plan.reaction == Reaction.ANSWER:
            # "Nothing. Doesn't matter.": noticed and asked about; once the matter is out, "you're still upset about
            # it" rather than "what's wrong?", which the person has already said
            kind = "withheld_told" if raised_before or self.topic_known else "withheld"
            options = [(relationship_lines(scenario, kind), None), (relationship_lines(scenario, "stall"), None)]
            return self._first(options, scenario, plan, acts, user_text, slots, said, said_now, asked=asked)
        if (plan.reaction == Reaction.ANSWER or (plan.reaction == Reaction.REDIRECT and (chatting or offer_taken))) and not (
                self.topic_known or topic_now or self.asked_acts):
            # Nothing of the matter said yet: the scenario's lines would presume the complaint or the request
            # ("it's only a few visits" to "come in, come in"), so the reply answers the small talk instead;
            # a question about something else ("how's the new flat?") gets a short answer.
            first = ("farewell" if says_goodbye(user_text) else
                     "settle_in" if settles_in(user_text) else
                     "not_yet" if answers_not_yet(user_text, *self._asking()) else
                     "let_finish" if lets_them_finish(user_text, self.last) else
                     "offer_taken" if offer_taken else
                     "offer_declined" if declines_offer(user_text, self.last) else
                     "chat_go_ahead" if asks_time_and_after_them(user_text) else
                     "warm" if acts.warm else
                     "thanks_plain" if acts.thanks and not (acts.question or acts.preamble or acts.preliminary
                                                            or thanks_only_opens(user_text)) else
                     "welcome" if HOSPITALITY.search(user_text) else
                     "chat" if SMALL_TALK_QUESTION.search(user_text) and (acts.question or acts.small_talk
                                                                            or acts.greeting) else
                     (go_ahead_kind(user_text) or "go_ahead") if acts.preamble or acts.preliminary else
                     "greeting" if acts.greeting else "backchannel")
            # a chat line that fits the question ("I'm much better" to "how's the shoulder?") comes before the aside's
            # answer by name; a stock go-ahead or backchannel does not
            # ("How's Ben?" right after "just replying to Ben" asks after him: "Ben? Good, thanks for asking." before
            # "It was fine, thanks. Long day.")
            chat_first = first in ("chat", "chat_go_ahead", "offer_taken", "farewell", "welcome") and not (
                side is not None and side.say_back and _PERSON.fullmatch(side.topic) is not None
                and re.search(rf"\b{re.escape(side.topic)}\b", self.last) is not None)
            options = [(by_chat_fit(relationship_lines(scenario, kind), user_text), None)
                       for kind in (first, "open_questions", "stall")]
            options.insert(1 if chat_first else 0, (aside_lines, aside_slot))
            if first in ("backchannel", "go_ahead") and not tells_more(user_text, acts) and (
                    topic := named_topic(user_text)):
                # "It's kinda about that? Like, the phone thing at dinner.": the topic named is taken up by name
                slots["topic"] = topic
                options[0:0] = self._topic_options(scenario, topic)
            return self._first(options, scenario, plan, acts, user_text, slots, said, said_now, asked=asked)
        if not asks_time_and_after_them(user_text):  # ("Got a sec? How was the conference?": chat_go_ahead below)
            options.append((aside_lines, aside_slot))
        if tells_good_news(user_text) and not (acts.asks or acts.attack or acts.blame) and plan.reaction in (
                Reaction.ANSWER, Reaction.REDIRECT, Reaction.SMALL_TALK):
            # "Oh, and they did email, by the way, second round's next Wednesday": met with pleasure, not the matter
            options.insert(0, (relationship_lines(scenario, "news"), None))
        if asks_for_reference(user_text) and not acts.attack and plan.reaction in (Reaction.ANSWER, Reaction.REDIRECT):
            # "Is there a reference number I should write down?": given, not answered with a stock deflection
            options.insert(0, (relationship_lines(scenario, "reference"), None))
        if asks_higher_up(user_text) and plan.reaction in (Reaction.ANSWER, Reaction.REDIRECT, Reaction.HURT):
            # "Is there anyone above you I can talk to?": the way up answered, not waved off as another subject
            options.insert(0, (relationship_lines(scenario, "escalate"), None))
        if asks_for_offered(user_text, sorted(self.used)) and plan.reaction not in (Reaction.HURT, Reaction.NOT_HEARING):
            # "Can I still have the pasta?" after "Do you want some?": the offer made good, never a deal's condition
            options.append((relationship_lines(scenario, "offer_taken"), None))
        if (plan.reaction == Reaction.ANSWER and asks_details(self.last) and not gives_asked_details(user_text, self.last)
                and not (acts.asks or acts.feelings or acts.blame or acts.attack or self.worried
                         or self.asked_acts or self.complained) and not GIVES_NUMBER.search(user_text)):
            # "Hi, is this Karen? I've called twice already" to "can I have your account number?": the details asked
            # for again, not an answer to a claim nobody has described; "one sec, it's on the letter": waited for
            kind = "details_wait" if fetches_details(user_text, self.last) else "details_first"
            options.append((relationship_lines(scenario, kind), None))
        if acts.challenges and plan.reaction in (Reaction.ANSWER, Reaction.HURT):
            # "Go on then, tell me one thing I said": the dare is met (owned up to or refused), not a stock defence
            conceding = plan.move in (Move.PARTIAL_CONCESSION, Move.CONDITIONAL_AGREEMENT, Move.AGREEMENT)
            options.append((relationship_lines(scenario, "challenge_admit" if conceding else "challenge_dodge"), None))
        if (plan.reaction == Reaction.ANSWER and plan.move in (Move.CONDITIONAL_AGREEMENT, Move.AGREEMENT) and self.deals
                and acts.request and not settles_more(user_text, further_ask(user_text))
                and (ask := new_ask(user_text, self.deals, goal_stems(scenario)))):
            # "Can you put that in an email tonight?" once the deal is made: a yes to the new ask by name, not the
            # agreed terms again
            slots[ask[0]] = ask[1]
            kind = f"{ask[0]}_accept_thanked" if acts.thanks else f"{ask[0]}_accept"
            options.append((relationship_lines(scenario, kind), ask[0]))
        if (acts.thanks and plan.reaction == Reaction.ANSWER and not self.asked_acts and not self.deals and not (
                acts.asks or acts.question or acts.feelings or acts.blame or acts.preamble or acts.sarcastic)
                and not thanks_only_opens(user_text) and not ends_with_goodbye(user_text)
                and not MILD_COMPLAINT.search(user_text.lower())):
            # "Thanks for getting the new shower curtain, I meant to say that last week": thanks for a kindness is
            # taken as thanks, not answered with a concession about a complaint nobody made
            options.append((relationship_lines(scenario, "thanks_plain"), None))
        # a practical question, a "not yet", an answer put off, a text to finish, their way granted, "are you upset?"
        options[0:0] = [(relationship_lines(scenario, kind), None) for kind in direct_kinds(
            user_text, acts, plan, last=self.last, asking=self._asking())]
        if asks_what_they_need(user_text) and plan.reaction == Reaction.ANSWER and plan.move in (
                Move.PARTIAL_CONCESSION, Move.CONDITIONAL_AGREEMENT, Move.AGREEMENT):
            # "What would you need from me to make the case upwards?": the condition named, not a bare yes
            conceding = lines_of(scenario, Move.PARTIAL_CONCESSION, Move.CONDITIONAL_AGREEMENT, Move.AGREEMENT)
            rare = {w for w in said if w[:5] not in common_stems(10)} - INDEFINITE
            conditions = sorted(t for t in conceding if _CONDITION.search(t))
            options.insert(0, (relationship_lines(scenario, "needs"), None))
            options.insert(0, (conditions, None))
            # a condition that takes up the question's own words ("...before the new hire starts") comes first
            options.insert(0, ([t for t in conditions if rare & content_words(t)], None))
        if ((self.deals or acts.thanks or len(user_text.split()) <= 15) and offers_next_step(user_text)
                and not ends_with_goodbye(user_text) and (  # (taking leave is said goodbye to: "...on my way out")
                plan.reaction in (Reaction.ANSWER, Reaction.SMALL_TALK)
                or (plan.reaction == Reaction.ENGAGE_PROPOSAL and acts.thanks))
                and not (acts.request or acts.question or acts.sarcastic or acts.blame or acts.refusal)):
            # "Okay thanks Greg, I'll send you an email with the numbers by Friday" once agreed, or closing with thanks
            # ("Right. I'll put what we've said in an email tonight. Thanks, Ray."): the next step taken up, not a
            # stock "thanks for being straight with me" nor a condition on it
            options.insert(0, (relationship_lines(scenario, "next_step"), None))
        # (a refusal cue beside thanks once agreed is no refusal of the deal: "I appreciate you hearing me out")
        if acts.thanks and self.deals and not (acts.request or acts.question or acts.sarcastic) and (
                plan.reaction == Reaction.ANSWER):
            # "Thank you, Dad. I'll ring Mum tonight" once agreed: the thanks taken, nothing re-opened
            options.append((relationship_lines(scenario, "thanks"), None))
        if self.committed and plan.reaction == Reaction.ANSWER and plan.move in (
                Move.PARTIAL_CONCESSION, Move.CONDITIONAL_AGREEMENT, Move.AGREEMENT) and not acts.feelings and not (
                acts.question and not acts.asks and changes_subject(user_text)) and not asks_to_explain:
            # ("Anyway, are you around on Saturday?" once agreed is a new subject, not the deal again; "Could you
            # explain why physio won't work?" once agreed wants the explanation, not the yes again)
            # "So, phones in the drawer? Starting tonight?" once agreed: the yes again, not a new term or an objection
            options.append((lines.get(Move.AGREEMENT, []), None))
        if heads_off(user_text) and (self.asked_acts or self.topic_known or self.complained) and not (
                acts.refusal or acts.attack or acts.sarcastic or acts.proposal) and plan.reaction == Reaction.ANSWER:
            # "Thanks for listening. Right, shall we get going?" once the matter is out: going together, not a point
            options.insert(0, (relationship_lines(scenario, "head_off"), None))
        if (says_goodbye(user_text) or (ends_with_goodbye(user_text) and not acts.question)) and not (
                acts.request or acts.refusal or threatens(user_text)):
            # "See you Thursday then.": a goodbye is said back, the matter is not taken up again.
            # ("I'll do a chargeback and put it on every review site. Have a good one.": the threat is answered)
            # ("Whatever. Do what you want, you always do. I'm going to work.": a parting shot gets no cheery goodbye)
            cold = acts.blame or acts.sarcastic or acts.attack or acts.caving
            options.append((relationship_lines(scenario, "farewell_cold" if cold else "farewell"), None))
        if HOSPITALITY.search(user_text) and not (acts.asks or acts.thanks) and plan.reaction in (
                Reaction.ANSWER, Reaction.SMALL_TALK, Reaction.REDIRECT):
            # "Shall I get the baby up?" mid-conversation: the kindness is taken up, not met with an objection.
            options.append((relationship_lines(scenario, "welcome"), None))
        topic = (named_topic(user_text) if acts.preamble and not self.asked_acts and not tells_more(user_text, acts)
                 else None)
        if topic and plan.reaction == Reaction.ANSWER and plan.move not in (Move.CLARIFYING_QUESTION,):
            # "Can we talk about Christmas?": whatever the mood, the topic is taken up before anything is objected to.
            options.append((relationship_lines(scenario, "topic_questions"), "topic"))
            slots["topic"] = topic
        # ("I'm calling about the heating again, because it's been three weeks" states the matter: no go-ahead)
        if (go_ahead_kind(user_text) == "go_ahead_question" and not (acts.asks or acts.blame or acts.feelings)
                and "?" not in user_text and plan.reaction == Reaction.ANSWER):
            # "I've got a couple of questions, if that's alright": asked for, not answered with an objection
            # (first: "Yes, since Monday. I've written a few questions down" waits for the questions)
            options.insert(0, (relationship_lines(scenario, "go_ahead_question"), None))
        if ((ANNOUNCES_ASK.search(user_text) or (acts.preamble and not states_its_matter(user_text, acts)))
                and not acts.asks and not self.asked_acts and not topic
                and not GIVES_NUMBER.search(user_text) and plan.reaction == Reaction.ANSWER):
            # "I have a request": an objection now would answer a request nobody has made; hear it first (by how it
            # was announced, when that says something: "that's kind of what I wanted to talk about")
            options.append((relationship_lines(scenario, go_ahead_kind(user_text) or "go_ahead"), None))
        last_sentence = re.split(r"(?<=[.!?])\s+", user_text.strip())[-1]
        # ("What is it, in normal words? Sorry, I'm probably being thick.": the question is answered, not the doubt)
        if SELF_DOUBT.search(user_text) and not (acts.asks or acts.blame or acts.question) and (
                plan.reaction == Reaction.ANSWER) and (self.asked_acts or self.topic_known or self.complained):
            # "Sorry, I feel like the fussy flatmate now. You're honestly great.": the doubt answered with reassurance,
            # not another apology for the matter
            options.append((relationship_lines(scenario, "reassure"), None))
        if acts.warm and not acts.asks and plan.reaction == Reaction.ANSWER and not (
                self.asked_acts and (acts.acknowledges or acts.facts or acts.feelings)) and not figure_after_but(user_text):
            # ("I'm so touched you asked me. But ... about two thousand pounds": the figure is the matter, not warmth)
            # (once the matter is open, "it means a lot to me too" beside a point acknowledges; it is no compliment)
            # "I'm so touched you asked me" before the hard part: warmth is met as warmth, not with an objection
            options.append((relationship_lines(scenario, "warm"), None))
        # a question about someone else's news ("Did Auntie Pat get her hip sorted?"), not about either of them
        # (any question of the line counts: "Is Ben okay, by the way? ... I saw his post." ends on a remark)
        aside = acts.question and not acts.asks and not worried and bool(asides := third_party_asks(user_text)) and not any(
            stems(content_words(one)) & (topic_stems(scenario) | stems(content_words(self.last))) for one in asides)
        # "Anyway, did you hear the interviews are in March?": the subject is changed; answered briefly, the
        # old matter not conceded or argued on a line that left it
        shifted = acts.question and not acts.asks and changes_subject(user_text)
        # ("...I was thinking of having a few people over": "having" is no word of the matter)
        back_to_matter = acts.asks or bool(stems(content_words(after_shift(user_text))) & (
            topic_stems(scenario) | stems(content_words(self.last))) - NOT_TOPICAL - common_stems(10) - LIGHT_VERBS)
        self._on_matter_now = not ((shifted or acts.off_topic or aside) and not back_to_matter)
        if plan.reaction in (Reaction.ANSWER, Reaction.REDIRECT) and (shifted or acts.off_topic) and (
                self.asked_acts or self.topic_known) and not back_to_matter and not self.dropped and not self.deals and (
                not self.conceded):
            # (once a deal is on the table there is nothing to steer back to: "Anyway, are you around Saturday?")
            # "By the way, have you tried the new coffee place?" once the matter is open: a brief reply that steers
            # back, not a chat line that hands the floor over as if nothing had been said yet
            options.append((relationship_lines(scenario, "steer_back"), None))
        if plan.reaction in (Reaction.ANSWER, Reaction.REDIRECT) and ((shifted and not back_to_matter) or (
                chatting or aside) and not (said_now & topic_stems(scenario))):
            # "Anyway, did Auntie Pat get her hip sorted?" mid-conversation: answered briefly, not with the case
            options.append((by_chat_fit(relationship_lines(scenario, "chat"), user_text), None))
        # "What would you need from me to take this to finance?" asks as well as requests: it wants an answer.
        # ("Could you explain why, for my kind of tear?" asks a question as a request: its words choose the answer too)
        asks_back = acts.question or asks_to_explain or bool(WH_QUESTION.search(last_sentence))
        if (plan.reaction == Reaction.ANSWER and WHAT_IT_TAKES.search(user_text) and self.asked_acts
                and plan.move in (Move.PARTIAL_CONCESSION, Move.CONDITIONAL_AGREEMENT, Move.AGREEMENT)):
            # "What would you need from us to finish by the thirty-first?" asks for the counterpart's terms: what
            # the user would do ("if you sign off extras in writing"), not a new offer of the counterpart's own.
            options.append(([t for t in lines.get(Move.CONDITIONAL_AGREEMENT, []) if ON_YOUR_SIDE.search(t)], None))
        if plan.reaction == Reaction.ANSWER and asks_back and said:
            # A direct question: a line that takes up its words first, and no unrelated question back.
            moves = (plan.move, *NEIGHBOURS[plan.move])
            # ("anything" or "time" shared is no sign a line takes the question up)
            asked_words = {w for w in said if w[:5] not in common_stems(10)} - INDEFINITE
            options.append(([t for m in moves for t in lines.get(m, []) if asked_words & content_words(t)], None))
            options.append(([t for t in lines.get(plan.move, []) if not t.rstrip().endswith("?")], None))
            for move in NEIGHBOURS[plan.move]:
                options.append(([t for t in lines.get(move, []) if not t.rstrip().endswith("?")], None))
        figure = (asked_figure(user_text, offered=" ".join(self.used), quoted=numbers_before) if plan.reaction in (
            Reaction.ANSWER, Reaction.ENGAGE_PROPOSAL) and (acts.request or acts.proposal) else None)
        if figure and plan.move in FIGURE_KIND and plan.reaction == Reaction.ENGAGE_PROPOSAL and acts.proposal:
            # the scenario's own answer to the proposal names it, figure and all ("If we do 200 a month, ...")
            options.append((lines.get(plan.move, []), "proposal"))
        if figure and plan.move in FIGURE_KIND:
            # "Could I have two days a week?": the figure is answered by name ("Two days a week is a lot. Could we
            # say one day a week?"), not with a stock objection or a question that ignores it
            slots["figure"], slots["counter"] = figure.said, figure.counter
            kind = "figure_raise" if figure.more and FIGURE_KIND[plan.move] == "figure_counter" else FIGURE_KIND[plan.move]
            options.append((relationship_lines(scenario, kind), "figure"))
        choice = offered_choice(user_text) if plan.reaction in (Reaction.ANSWER, Reaction.ENGAGE_PROPOSAL) and (
            plan.move in (Move.PARTIAL_CONCESSION, *YES_MOVES)) and not (acts.sarcastic or acts.attack) else None
        if choice:
            # "So which works for you, my quote, or yours?": one picked by name, not a yes to "we pick one"
            slots["choice"] = choice
            options.insert(0, (relationship_lines(scenario, "choice"), "choice"))
        wanted = requested_action(user_text) if plan.reaction == Reaction.ANSWER and acts.request else None
        if wanted and MOMENTARY.search(wanted):
            wanted = None  # "put that down for a second" is done or not at once: "I can't promise to ... yet" is odd
        leave = requested_leave(user_text) if plan.reaction == Reaction.ANSWER and acts.request and not wanted else None
        if leave and fetches_details(user_text, self.last):
            leave = None  # "Can I read them to you?" to "can I have your account number?" is no leave to weigh up
            options.insert(0, (relationship_lines(scenario, "details_wait"), None))
        if (wanted or leave) and plan.move in REQUEST_KIND:
            # A request gets a no or a counter that names it, not a question about something else.
            moves = (plan.move, *NEIGHBOURS[plan.move])
            # "first" or "time" shared is no sign a line takes the request up
            telling = {w for w in said if w[:5] not in common_stems(10)}
            options.append(([t for m in moves for t in lines.get(m, [])
                             if telling & content_words(t) and not t.rstrip().endswith("?")], None))
            if wanted:
                slots["request"] = wanted
                options.append((relationship_lines(scenario, REQUEST_KIND[plan.move]), "request"))
            elif leave:
                # "Can I try it for a month?" asks leave: "I don't think you can try it for a month."
                slots["leave"] = leave
                options.append((relationship_lines(scenario, REQUEST_KIND[plan.move].replace("request", "leave")),
                                "leave"))
        if plan.reaction in (Reaction.SMALL_TALK, Reaction.GO_AHEAD) and asks_time_and_after_them(user_text):
            # "Have you got a minute? How's the shoulder?": the small talk answered and the go-ahead given together
            options.append((by_chat_fit(relationship_lines(scenario, "chat_go_ahead"), user_text), None))
        if plan.reaction == Reaction.SMALL_TALK:
            if declines_offer(user_text, self.last):
                # "No, no, I'm fine, thanks. I already ate.": the offer turned down, not thanks for a favour
                options.append((relationship_lines(scenario, "offer_declined"), None))
            elif offer_taken:
                options.append((relationship_lines(scenario, "offer_taken"), None))  # "Oh, legend, yes please"
            if acts.thanks and not acts.greeting:
                # Thanks for a deal is welcome; thanks with nothing agreed is thanks for listening, not a yes.
                # (once the matter was dropped there is nothing left to say yes to: "Thanks. Sorry again." is thanks)
                kind = ("thanks" if self.deals else "thanks_unagreed" if self.asked_acts and not self.dropped
                        else "thanks_plain")
                options.append((relationship_lines(scenario, kind), None))
            if SMALL_TALK_QUESTION.search(user_text):
                options.append((by_chat_fit(relationship_lines(scenario, "chat"), user_text), None))  # "Good game, eh?"
            for kind in small_talk_kinds(user_text, greeting=acts.greeting, chat=acts.chat):
                options.append((by_chat_fit(relationship_lines(scenario, kind), user_text), None))
        elif plan.reaction == Reaction.OWN_PLAN:
            for kind in OWN_PLAN_KINDS[plan.move.value]:
                options.append((relationship_lines(scenario, kind), None))
        elif plan.reaction in REACTION_KINDS:
            if plan.reaction == Reaction.GO_AHEAD and not acts.hear_me_out and (
                    gives_reason(user_text) or acts.feelings or acts.blame):
                # ("...hear me out, because this isn't easy to say" gives the reason for the hearing, not the matter)
                # "I'm calling about a charge on my bill that I believe is a mistake": the matter is stated, so
                # it is taken up by the move's lines, not waved on with "Go ahead."
                for move in (plan.move, *NEIGHBOURS[plan.move]):
                    options.append(([t for t in lines.get(move, []) if said & content_words(t)], None))
            if plan.reaction == Reaction.GO_AHEAD and acts.unstated == "admission":
                # "A little bit, actually" to "hope we weren't too loud?": the admission is owned, nothing conceded
                options.append((relationship_lines(scenario, "admission_heard"), None))
            if plan.reaction == Reaction.GO_AHEAD and grumbles(user_text, self.last):
                # "Do you really need that again? ... It's 4471-0098": the details taken, the grumble heard
                options.append((relationship_lines(scenario, "details_again"), None))
            elif plan.reaction == Reaction.GO_AHEAD and gives_asked_details(user_text, self.last):
                # "Sure, the account number is 4827 1190, and my date of birth...": the details taken, then the matter
                options.append((relationship_lines(scenario, "details_taken"), None))
            if plan.reaction == Reaction.HURT and acts.retaliates and threatens(user_text):
                # "I'll leave a review", "I'll go to the director": the threat named as one, not a contest, and said
                # back when it reads whole ("You'd mention it to HR? That's your call.")
                if (raw := threat_phrase(user_text)) and (phrase := clean_phrase(raw)):
                    slots["threat"] = said_back(phrase)
                    options.append((relationship_lines(scenario, "threat_named"), "threat"))
                options.append((relationship_lines(scenario, "threat"), None))
            if plan.reaction == Reaction.HURT and acts.retaliates:
                # "...and we'll see how you like it": the jab is named as one, never taken up as an offer
                options.append((relationship_lines(scenario, "tit_for_tat"), None))
            if plan.reaction == Reaction.GO_AHEAD and (topic := named_topic(user_text)):
                # "Have you got fifteen minutes to talk about my pay?": the go-ahead names what it is about
                slots["topic"] = topic
                options.extend(self._topic_options(scenario, topic, go_on_only=True))
            if plan.reaction == Reaction.GO_AHEAD and (kind := go_ahead_kind(user_text)) and not (
                    kind in PREFACE_KINDS and named_topic(user_text)):
                # "Um, so, I do have a question...": the go-ahead answers what was said ("Ask away."), before a line
                # of the move that only shares the word ("questions can come after")
                options.insert(0, (relationship_lines(scenario, kind), None))
            if plan.reaction == Reaction.GO_AHEAD and (acts.thanks or acts.warm) and not acts.sarcastic:
                # "Oh, thanks, Mum, that smells amazing... I'd like you to hear me out": the warmth is answered too
                options.append((relationship_lines(scenario, "go_ahead_warm"), None))
            if plan.reaction == Reaction.TAKE_OUT and acts.question and changes_subject(user_text):
                # "Forget it. Did you pay the internet bill yet?": the new question is answered, the matter let go
                options.append((by_chat_fit(relationship_lines(scenario, "chat"), user_text), None))
            if plan.reaction == Reaction.TAKE_OUT and yields_to_them(user_text):
                options.append((relationship_lines(scenario, "relieved"), None))  # "count me in": relief, no deal
            if plan.reaction == Reaction.TAKE_OUT and HOSPITALITY.search(user_text):
                # "Forget it. Shall I get the baby up?": the matter dropped, the kindness taken up
                options.append((relationship_lines(scenario, "welcome"), None))
            if plan.reaction == Reaction.HURT and acts.sarcastic:
                # the tone named, not a wounded exit; once the matter has been told, no "say what you mean"
                kind = "sarcasm_told" if raised_before else "sarcasm"
                options.append((relationship_lines(scenario, kind), None))
            for kind in REACTION_KINDS[plan.reaction]:
                options.append((relationship_lines(scenario, kind), None))
            if plan.reaction == Reaction.HURT:
                options.append((lines.get(Move.COUNTER_COMPLAINT, []), None))
        elif plan.reaction == Reaction.ENGAGE_PROPOSAL:
            options.append((lines.get(plan.move, []), "proposal"))
            options.append((relationship_lines(scenario, PROPOSAL_KIND[plan.move]), "proposal"))
        # ("Yes, it's about the boiler again, because it's still broken": the matter is out, and "What would you like us
        # to do about it?" would ask for it again; so would it after a sarcastic yes)
        matter_out = ((acts.preamble or acts.unstated == "confirm") and gives_reason(user_text)) or (
            acts.unstated == "confirm" and acts.sarcastic)
        if plan.move == Move.CLARIFYING_QUESTION and not asked and plan.reaction == Reaction.ANSWER and (
                acts.unstated in ("hint", "confirm")):
            # "This Saturday's a bit tricky": a scenario line sharing "Saturday" would concede a grievance not
            # yet voiced; what is wrong is asked instead.
            if acts.unstated == "confirm":
                # "Yeah. This thing. Flickers, switches itself off, the lot.": the yes comes with the matter's own
                # words, so a question that takes them up ("When exactly did the flickering start?") comes first
                telling = said_now - common_stems(10) - NOT_TOPICAL
                options.append(([t for t in lines.get(Move.CLARIFYING_QUESTION, []) if "{" not in t
                                 and stems(content_words(t)) & telling], None))
            if not matter_out:
                options.append((relationship_lines(scenario, "open_questions"), None))
        if plan.move == Move.CLARIFYING_QUESTION and not asked and plan.reaction == Reaction.ANSWER:
            topic = named_topic(user_text) if acts.preamble and not tells_more(user_text, acts) else None
            if acts.confused:
                options.append((relationship_lines(scenario, "confused"), None))
            elif acts.warm and not figure_after_but(user_text) and not (acts.facts or acts.feelings or acts.blame):
                # (warm words that lead into the complaint itself are not answered as warmth alone)
                options.append((relationship_lines(scenario, "warm"), None))
            elif topic:
                slots["topic"] = topic
                options.extend(self._topic_options(scenario, topic))
            elif said and (not acts.preamble or acts.facts or GIVES_NUMBER.search(user_text)):
                # A complaint, a feeling or a remark: answer it with a scenario line that takes it up ("this time"
                # and "what time are you thinking?" share no point).
                rare = {w for w in said if w[:5] not in common_stems(10)} - INDEFINITE
                for move in (plan.move, *NEIGHBOURS[plan.move]):
                    options.append(([t for t in lines.get(move, []) if rare & content_words(t)], None))
            if acts.feelings:
                # "I miss talking to you": a feeling is met as one, not with "what do you want from me?"
                options.append((relationship_lines(scenario, "feeling"), None))
            # Nothing asked yet: the scenario's questions presume the request, so ask what they want.
            if not matter_out:
                options.append((relationship_lines(scenario, "open_questions"), None))
        # The line's telling words: words most scenarios use ("probably", "paid") are no sign a reply takes its point up.
        telling = {w for w in said if w[:5] not in common_stems(4)} - INDEFINITE - DEGREE
        if plan.reaction == Reaction.ANSWER and plan.move.value in OBJECTING:
            # "Oh, here we go, bring up uni": an objection of any resisting move that takes up the line's own words
            # ("Mum and Dad paid for your first year at uni") beats a stock one of the move that ignores them
            loose = {w for w in said if w[:5] not in common_stems(10)} - INDEFINITE - DEGREE
            options.append(([t for t in lines.get(plan.move, []) if loose & content_words(t)], None))
            for move in NEIGHBOURS[plan.move]:
                if move.value in OBJECTING:
                    options.append(([t for t in lines.get(move, []) if telling & content_words(t)], None))
        if (plan.reaction == Reaction.ANSWER and asked and takes_up_points(plan.move, asks_now=acts.request)
                and not acts.proposal):
            # the matter is open and the line raises a point of its own ("now there's a collections letter"): a
            # line about that point beats a stock one about what came up before
            options.extend((found, None) for found in lines_on_the_point(
                lines, plan.move, set(stems(telling)), lambda t: stems(content_words(t))))
        if plan.reaction == Reaction.NOT_HEARING:
            # Out of "not hearing me" lines: hold the ground, never concede to the repetition.
            for move in (Move.DEFLECT, Move.CLARIFYING_QUESTION, Move.MINIMIZE):
                options.append((lines.get(move, []), None))
        elif plan.reaction not in (Reaction.HURT, Reaction.TAKE_OUT, Reaction.GO_AHEAD):
            # A question that does not take up the line presumes a request not yet made, or ignores the one
            # just made ("Is it the heating and the hot water?" to "I need an engineer this week").
            off_point = plan.reaction == Reaction.ANSWER and (acts.request or not self.asked_acts)
            own = said_now - goal_stems(scenario)
            moves = (plan.move, *NEIGHBOURS[plan.move])
            if not self.asked_acts and plan.move in (Move.CONDITIONAL_AGREEMENT, Move.AGREEMENT):
                moves = (Move.PARTIAL_CONCESSION,)  # a yes with nothing asked: grant the point made, not a deal
            for move in moves:
                if move in (Move.CONDITIONAL_AGREEMENT, Move.AGREEMENT) and not self.asked_acts:
                    continue  # nothing asked yet: a deal or a yes answers a request nobody made
                options.append(([t for t in lines.get(move, []) if not (
                    off_point and t.rstrip().endswith("?") and not own & stems(content_words(t)))], None))
        if self.committed and plan.reaction == Reaction.ANSWER and plan.move != Move.CLARIFYING_QUESTION and (
                acts.request or acts.proposal or acts.meets_condition) and not (acts.feelings or acts.blame) and not (
                NEW_ASK_ON_DEAL.search(user_text) or asks_to_explain):
            # (not "I need to know which days you'll be here": a new question about the work wants its own answer)
            # "If 650 in one go is hard, three payments?", "So, can we agree on the 650?" once the yes is given and
            # its lines are spent: the yes confirmed, not "I'm not sure where that leaves us"
            options.append((relationship_lines(scenario, "deal_confirm"), None))
        if asks_recap(user_text) and plan.reaction in (Reaction.ANSWER, Reaction.ENGAGE_PROPOSAL) and (
                self.asked_acts or self.topic_known):
            # "Can you tell me back what we're agreeing?": the last yes said back by its terms or, with none given,
            # that nothing is agreed yet; never a stock yes or a new condition
            if agreed := agreed_terms(self.deals):
                # a request or proposal since that yes is not agreed: said so ("The rest I haven't said yes to")
                slots["deal"] = agreed
                options.insert(0, (relationship_lines(scenario, "recap_pending" if pending else "recap"), "deal"))
            elif plan.move not in YES_MOVES:
                options.insert(0, (relationship_lines(scenario, "recap_none"), None))
        options.append((relationship_lines(scenario, "stall"), None))
        return self._first(options, scenario, plan, acts, user_text, slots, said, said_now, asked=asked)

    def _first(self, options: list[tuple[list[str], str | None]], scenario: Scenario, plan: Plan, acts: Acts,
               user_text: str, slots: dict[str, str], said: frozenset[str], said_now: frozenset[str], *,
               asked: bool) -> str:
        """The first usable line of the option lists, in order; a spare stall line when every one was said."""
        for n, (candidates, need_slot) in enumerate(options):  # lazily: most replies come from the first list
            found = self._usable(candidates, slots, plan=plan, asked=asked, need_slot=need_slot,
                                 scenario=scenario, said_now=said_now, acts_blame=acts.blame, user_text=user_text,
                                 accepting=bool(self.deals) and acts.thanks)
            if found and plan.reaction in (Reaction.ANSWER, Reaction.ENGAGE_PROPOSAL) and plan.move.value in OBJECTING:
                found = on_topic(found, user_text, self.last)
            if found and plan.reaction == Reaction.ANSWER and (
                    self.postponed or acts.feelings or acts.owns_tone or acts.challenges):
                # "Can we not do this now?" answers pressure, not a feeling, an apology or a dare; a second time
                # it is stock whatever was said
                found = [line for line in found if not postpones(line)]
            if found:
                if plan.reaction == Reaction.ANSWER:
                    best = self._best(found, said, user_text)
                elif plan.reaction in REACTION_KINDS and n == 0:
                    # Characters of one relationship (two shop clerks) should not all answer an insult alike.
                    best = found[zlib.crc32(scenario.id.encode()) % len(found)]
                else:
                    best = found[0]
                self.used.add(best)
                self.templates_used.add(self._template_of.get(best, best))
                self.last = best
                self.postponed = self.postponed or postpones(best)
                self.conceded = self.conceded or self._template_of.get(best, best) in lines_of(
                    scenario, Move.PARTIAL_CONCESSION, *YES_MOVES)
                # (after "forget it" and the counterpart's "let's leave it" there is nothing to steer back to)
                self.dropped = plan.reaction == Reaction.TAKE_OUT or (self.dropped and not acts.asks)
                self.ledger.spoken(best)
                self.made_point = plan.move.value in OBJECTING or plan.reaction == Reaction.NOT_HEARING or (
                    best.rstrip().endswith("?") and len(content_words(best)) >= 2)  # not "Okay... so?"
                template = self._template_of.get(best, best)
                if template not in relationship_lines(scenario, "recap") and (
                        plan.move in (Move.CONDITIONAL_AGREEMENT, Move.AGREEMENT) or (
                        plan.reaction == Reaction.ENGAGE_PROPOSAL and plan.move == Move.PARTIAL_CONCESSION) or (
                        template in lines_of(scenario, *YES_MOVES))):
                    # (a yes said back is no new yes)
                    # an offer taken up, or a yes said on a conceding move: not to be offered again as new, nor
                    # re-opened with a fresh condition
                    self.deals.append(best)
                    self.committed = self.committed or commits(best)
                    self.asked_since_deal = self.asked_since_deal and not terms(best)
                if acts.blame and plan.reaction == Reaction.ANSWER:
                    sweep = _SWEEP.search(user_text)
                    prefix = self._usable(relationship_lines(scenario, "blame"), {"sweep": sweep["w"].lower()},
                                          plan=plan, asked=False, need_slot="sweep") if sweep else []
                    if prefix and len(f"{prefix[0]} {best}".split()) <= MAX_WORDS:
                        self.used.add(prefix[0])
                        return f"{prefix[0]} {best}"
                if (plan.reaction == Reaction.ANSWER and plan.move in (Move.CONDITIONAL_AGREEMENT, Move.AGREEMENT)
                        and (last_ask := further_ask(user_text)) and (extra := requested_action(last_ask))
                        and not content_words(extra) & content_words(best)
                        and len(f"{best} And yes, I'll {extra}.".split()) <= MAX_WORDS):
                    # "...once it's confirmed. Can you give me a reference number?": the second ask is answered too
                    return f"{best} And yes, I'll {extra}."
                stock = any(best in relationship_lines(scenario, kind) for kind in ("stall", "backchannel"))
                if plan.reaction in (Reaction.ANSWER, Reaction.ENGAGE_PROPOSAL) and acts.owns_tone and (
                        taken := self._usable(relationship_lines(scenario, "apology_taken"), {}, plan=plan,
                                              asked=False)) and len(f"{taken[0]} {best}".split()) <= MAX_WORDS:
                    # "Sorry, that was out of line. It's just...": the apology is taken before the point is answered
                    self.used.add(taken[0])
                    if stock:
                        return taken[0]  # ("Thank you for saying that. Let me think about it. This is a lot." to a sorry)
                    rest = re.sub(r"^(?:okay|ok|alright|all right|right|well)[,.]\s+(?=\w)", "", best, flags=re.IGNORECASE)
                    return f"{taken[0]} {rest[:1].upper()}{rest[1:]}"
                if plan.reaction == Reaction.ANSWER and (acts.refusal or acts.request) and not said & content_words(best):
                    # The line does not take up the refusal or the renewed ask: say it back first.
                    echo = echo_ask(user_text)
                    if echo and len(f"{echo} {best}".split()) <= MAX_WORDS:
                        return f"{echo} {best}"
                if plan.reaction == Reaction.ANSWER and stock and (figure := said_figure(user_text)):
                    # "Eleven hours me, two you." -> "Eleven hours? Let me think about that.": a stock line at least
                    # takes up the number the person put on the table
                    return f"{figure[:1].upper()}{figure[1:]}? {best}"
                if (plan.reaction == Reaction.ANSWER and stock and (fact := echo_statement(user_text))
                        and len(f"{fact} {best}".split()) <= MAX_WORDS):
                    # "It's just I start at seven, so." -> "You start at seven? Let me think about that.": the same for
                    # a fact the person gave about themself
                    return f"{fact} {best}"
                return best
        # Every fitting line was spoken already: another relationship's stall line beats a repeat.
        spare = [line for kinds in generic_lines().values() for line in kinds.get("stall", [])
                 if line not in self.used]
        if not spare:
            # Long sessions only: a line that presumes a little more than was said beats a repeat.
            # Then any unused line of the move, its neighbours or a more resistant move: never more conceding.
            order = list(Move)
            moves = (plan.move, *NEIGHBOURS[plan.move], *order[:order.index(plan.move)])
            every = [*options, *[(scenario.playbook.lines.get(move, []), None) for move in moves
                                 if order.index(move) <= order.index(plan.move) or move in NEIGHBOURS[plan.move]]]
            for candidates, need_slot in every:
                found = self._usable(candidates, slots, plan=plan, asked=asked, need_slot=need_slot,
                                     acts_blame=acts.blame)
                if found:
                    spare = found
                    break
        line = spare[0] if spare else relationship_lines(scenario, "stall")[-1]
        self.used.add(line)
        self.last = line
        return line
