"""The user's ask in words they could say: the scenario's authored request or refusal, else one made from the goal.

A made ask is only returned when a known sentence shape matched; otherwise a neutral wording
("I'm asking for ...") or nothing, never a broken sentence ("I'm asking you to my card ...").

It also says who the listener is (a named person, or the one person a situation names by role) and turns the
situation's facts to them, because the ask and the facts must address the same person the same way. That
shared job is why it runs past 400 lines.
"""

from __future__ import annotations

import re
from functools import lru_cache

from voice_coach.ports import TurnContext

GoalType = str  # "request" | "refusal" | "boundary"

_REFUSAL_GOAL = re.compile(r"\b(?:say no|refuse|turn down|decline|not (?:lend|lending|co-sign|do|cover|take|be)|"
                           r"cancel|won'?t|can'?t (?:stay|come|borrow|have))\b", re.IGNORECASE)
_BOUNDARY_GOAL = re.compile(r"\b(?:to stop|stop \w+ing|not (?:use|come|comment|text|call|ask)|keep (?:things|it) quiet|"
                            r"keep \w+ off|call before|knock|without asking)\b", re.IGNORECASE)
_VERB_FORMS = {"is": "are", "was": "were", "has": "have", "hasn't": "haven't", "doesn't": "don't", "isn't": "aren't",
               "wasn't": "weren't", "does": "do", "'s": "'re"}
_NOT_VERB_AFTER_PRONOUN = frozenset("to and or by at on in for that if the a an".split())  # noqa: SIM905


_WANT_IN_SITUATION = re.compile(r"\b(?:(?:I|we) (?:want|need|'d like)|(?<=\band )(?:want|need)) to .+$", re.IGNORECASE)


def goal_of(context: TurnContext) -> str:
    """The goal, else the situation's own "I want to ..." ("I'm moving ... and want to cancel my membership")."""
    if context.goal and context.goal.strip():
        return context.goal
    for sentence in re.split(r"(?<=[.!?])\s+", context.situation or ""):
        match = _WANT_IN_SITUATION.search(sentence.strip())
        if match:
            # "This year we want to ...": a short lead-in is part of the goal; "..., and I have to tell my parents"
            # is what the person must do next, not part of it.
            said = sentence.strip() if len(sentence[:match.start()].split()) <= 3 else match.group(0)
            said = re.sub(r",? and (?:i|we) (?:have|need|want) to (?:tell|ask|talk to|let)\b.*$", ".", said,
                          flags=re.IGNORECASE)
            return said if re.match(r"^(?:I|we|this|next)\b", said, re.IGNORECASE) else f"I {said}"
    return ""


def goal_type_of(context: TurnContext) -> GoalType:
    """The scenario's goal type when given, else read from the goal's wording (or the situation's)."""
    if context.goal_type in ("request", "refusal", "boundary"):
        return context.goal_type
    goal = goal_of(context)
    if _REFUSAL_GOAL.search(goal):
        return "refusal"
    if _BOUNDARY_GOAL.search(goal):
        return "boundary"
    return "request"


def base_verb(verb: str) -> str:
    """'leaves' -> 'leave', 'watches' -> 'watch', 'tries' -> 'try'; other words unchanged."""
    lower = verb.lower()
    if lower in _VERB_FORMS:
        return _VERB_FORMS[lower]
    if lower.endswith("ies") and len(lower) > 4:
        return verb[:-3] + "y"
    if re.search(r"(?:ch|sh|ss|x|z|o)es$", lower):
        return verb[:-2]
    if lower.endswith("s") and not lower.endswith(("ss", "us", "is")) and len(lower) > 3:
        return verb[:-1]
    return verb


def second_person(text: str, name: str, *, force: bool = False) -> str:
    """Words about the counterpart ("my landlord Dana ... she has ... her key") said to them ("you have ... your key").

    Without the other person's name a "she" may be anyone, so the words stay as they are unless `force`.
    """
    if not name and not force:
        return text
    if name:
        first = re.escape(name.split()[-1])
        full = re.escape(name)
        said = re.search(rf"\b(?:{full}|{first})\b", text, re.IGNORECASE)
        # The counterpart's "their" (Alex scrolls on their phone), unless someone else was named first ("my parents
        # expect Jordan and me at their house") or the name is one of several ("Jordan and me"): then it is theirs.
        # (The role before the name is cut case-blind: "My partner Jamie invited their parents" is the sentence's
        # start, and its capital "My" is not someone else named first.)
        if said and not re.search(r"\b(?:my|our|his|her)\b", re.sub(r"\b(?:my|our) (?:[\w-]+ ){0,2}$", "",
                                                                     text[:said.start()], flags=re.IGNORECASE),
                                  re.IGNORECASE) \
                and not re.match(r"\s+and (?:me|i|us)\b", text[said.end():], re.IGNORECASE):
            text = re.sub(r"\btheir\b", "your", text)
        text = re.sub(rf"\b(?:my|our) (?:[\w-]+ ){{0,2}}(?=(?:{full}|{first})\b)", "", text, flags=re.IGNORECASE)
        text = re.sub(rf"^(?:{full}|{first})\b", name, text, flags=re.IGNORECASE)
        text = re.sub(rf"\b(?:{full}|{first})'s\b", "her", text)
        text = re.sub(rf"\b(?:{full}|{first})\b", "she", text)
    text = re.sub(r"\b(?:she|he)'s (been|got|had|done|left|said|told|gone|made|taken)\b", r"you've \1", text)
    text = re.sub(r"\b(?:she|he)'s\b", "you're", text)
    text = re.sub(r"\b(?:she|he)'ll\b", "you'll", text)
    text = re.sub(r"\b(?:she|he)'d\b", "you'd", text)

    def subject(match: re.Match[str]) -> str:
        adverb, verb = match.group(1) or "", match.group(2)
        if verb.lower() in _NOT_VERB_AFTER_PRONOUN:
            return f"you {adverb}{verb}"
        return f"you {adverb}{base_verb(verb)}"

    text = re.sub(r"\b(?:she|he) ((?:always|never|often|usually|sometimes|just|still|really|also|only) )?([\w']+)\b",
                  subject, text)
    text = re.sub(r"\b(?:she|he)\b", "you", text)
    text = re.sub(r"\b(?:his|her)\b(?= (?!(?:to|and|or|by|at|on|in|for|that|if|the|a|back|up|out)\b)[\w$£€])",
                  "your", text)
    # A second verb of the same subject: "you text me late and expects replies" -> "and expect".
    if re.search(r"\byou\b", text):
        text = re.sub(r"\b(and|but) (has|is|was|does|keeps|expects|wants|says|leaves|takes|lets|comes|goes|makes|sends|"
                      r"calls|texts|uses|gets|asks|tells|brings|puts|borrows|plays|shows|drives|parks|eats|owes|knows|"
                      r"jokes|talks|works|needs|forgets|misses|scrolls|stays|turns|drops|treats|changes|cancels|runs|"
                      r"spends|buys|walks|yells|shouts|interrupts|ignores|refuses|promises|invites|charges)\b",
                      lambda m: f"{m[1]} {base_verb(m[2])}", text)
    text = re.sub(r"\b(?:herself|himself)\b", "yourself", text)
    text = re.sub(r"\b(?:him|her)\b", "you", text)
    return re.sub(r"\byou (?:was)\b", "you were", text)


def _pronouns_to_you(text: str) -> str:
    """'cover his own shifts' -> 'cover your own shifts' (the goal said "him"/"her": they are the listener)."""
    return second_person(text, "", force=True)


def _strip_goal(goal: str) -> str:
    return re.sub(r"\s+", " ", goal.strip().rstrip(".!")).strip()


def request_from_goal(goal: str, name: str = "", goal_type: GoalType = "request") -> str:
    """The goal as a direct ask, or '' when its shape is not one we can say grammatically."""
    goal = _strip_goal(goal)
    lead = "I need you to" if goal_type == "boundary" else "I'm asking you to"
    i = re.IGNORECASE
    patterns = (
        (r"^i want to ask (?:.+?) (if|whether) (.+)$", i, lambda m: f"I'm asking {m[1]} {m[2]}"),
        (r"^i want to ask for (.+)$", i, lambda m: f"I'm asking for {m[1]}"),
        (r"^i want to ask (?:.+?) to (.+)$", i, lambda m: f"{lead} {m[1]}"),
        (r"^i want to ask (?:.+?) for (.+)$", i, lambda m: f"I'm asking for {m[1]}"),
        (r"^i want (?:us|\w+ and (?:me|i)) to (.+)$", i, lambda m: f"I'd like us to {m[1]}"),
        (r"^i want to (.+)$", i, lambda m: f"I've decided to {m[1]}" if goal_type == "refusal" else f"I'd like to {m[1]}"),
        (r"^((?:this|next) \w+,? )?we want to (.+)$", i, lambda m: f"{m[1] or ''}we'd like to {m[2]}"),
        (r"^i want (?:him|her|them) to (.+)$", i, lambda m: f"{lead} {_pronouns_to_you(m[1])}"),
        (r"^i want (?:him|her|them) back to (.+)$", i, lambda m: f"{lead} come back to {_pronouns_to_you(m[1])}"),
        ((r"^[Ii] want (?:[A-Z][\w.'-]*(?: [A-Z][\w.'-]*)*|[Mm]y [\w']+(?: [\w']+)?|[Tt]he [\w']+(?: [\w']+){0,2}) to "
          r"(?!(?:one|two|three|\d|a|an|the|my|our)\b)(.+)$"), 0,
         lambda m: f"{lead} {m[1]}"),
        (r"^i want (the .+?) (removed|fixed|refunded|cancelled|taken off|paid|returned|replaced|repaired)\b(.*)$", i,
         lambda m: f"I'm asking for {m[1]} to be {m[2]}{m[3]}"),
        (r"^i want (a|an|the|my|\d|\$)(.*)$", i, lambda m: f"I'm asking for {m[1]}{m[2]}"),
        (r"^i(?:'d like| would like| need) (?:[A-Z][\w.'-]*|you|him|her|them) to (.+)$", i,
         lambda m: f"{lead} {m[1]}"),
        (r"^i need ((?:it|the|a|an|my|\$|\d).+)$", i, lambda m: f"I need {m[1]}"),
        (r"^i want (?!to\b|(?:him|her|them|us|you)\b)(.+)$", i, lambda m: f"I'm asking for {m[1]}"),
    )
    for pattern, flags, build in patterns:
        match = re.match(pattern, goal, flags=flags)
        if match:
            ask = build(match)
            if not ask:
                continue
            ask = second_person(ask, name)
            ask = re.sub(r",? and have you accept it$", "", ask)
            return ask[0].upper() + ask[1:] + "."
    return ""


def refusal_from_goal(goal: str, name: str = "") -> str:
    """A refusal goal ("say no to lending Jess $1,200") as a plain no, or '' when its shape is unknown."""
    goal = _strip_goal(goal)
    # A no with the person's own alternative: "say no to the role but still come as a guest", "say no this weekend
    # and offer one weekend a month" -> the no, then what they will do, in their voice.
    both = re.match(r"^i want to say no( to [^,]+?| this \w+| for now)?,? (?:but|and) (?:(?:still|instead) ([a-z]+)|(offer))\b(.*)$",
                    goal, flags=re.IGNORECASE)
    if both:
        no = f"I'm saying no{both[1] or ''}"
        verb = (both[2] or both[3]).lower()
        then = f"I can do{both[4]}" if verb == "offer" else f"I'll still {verb}{both[4]}"
        said = second_person(f"{no}, but {then}", name)
        return said[0].upper() + said[1:] + "."
    patterns = (
        (r"^(?:.+,? and )?i (?:want|need) to (?:say no|refuse|decline)$", lambda m: "My answer is no"),
        ((r"^i want to (?:say no|refuse|decline) to ((?:being|working|lending|covering|leading|doing|taking|"
          r"going|hosting|paying|giving|buying|moving|signing|co-signing|helping|driving|looking)\b.+)$"),
         lambda m: f"I'm saying no to {m[1]}"),
        (r"^i want to refuse (?:to )?(co-sign|lend|sign|cover|work|host|pay|give|lead|take|do)\b(.+)$",
         lambda m: f"I won't {m[1]}{m[2]}"),
        (r"^i want to say no to (.+)$", lambda m: f"I'm saying no to {m[1]}"),
        (r"^i want to (?:refuse|turn down|decline) (.+)$", lambda m: f"I'm turning down {m[1]}"),
        (r"^i want to tell (?:.+?) (?:that )?(?:he|she|they) (can'?t|won'?t|shouldn'?t) (.+)$",
         lambda m: f"You {m[1]} {m[2]}"),
        (r"^i want to (cancel .+)$", lambda m: f"I've decided to {m[1]}"),
    )
    for pattern, build in patterns:
        match = re.match(pattern, goal, flags=re.IGNORECASE)
        if match:
            said = second_person(build(match), name)
            said = re.sub(r"\b(I'm turning down .+?) and (keep|stay)\b", r"\1 and I'll \2", said)
            return said[0].upper() + said[1:] + "."
    return ""


def ask_for(context: TurnContext) -> str:
    """The one sentence that asks for the goal (or says the no), authored first, else made from the goal.

    An ask whose object is only "it" or "that" ("I'm asking for it.") names nothing: none is better."""
    said = _ask(goal_type_of(context), goal_of(context), context.request, context.refusal, context.counterpart_name,
                context.situation)
    core = re.sub(r"^(?:please|i'm asking (?:for|you to|that)|i'd like|i need)\s+", "", said.lower())
    if len(core.split()) <= 5 and re.search(r"\b(?:it|that|this|them)\W*$", core):
        return ""
    return said


@lru_cache(maxsize=256)
def _ask(kind: str, goal: str, request: str | None, refusal: str | None, name: str, situation: str) -> str:
    context = TurnContext(goal=goal, request=request, refusal=refusal, counterpart_name=name, situation=situation,
                          utterance="")
    if kind == "refusal":
        if context.refusal:
            return _sentence(context.refusal)
        made = refusal_from_goal(context.goal, context.counterpart_name)
        if made:
            return made
    if context.request:
        return _sentence(context.request)
    third = re.search(r"\b(?:my|our) [\w-]+'s (?:\w+ )?(?:boyfriend|girlfriend|partner|husband|wife|friend|son|daughter|kids?)\b",
                      situation, re.IGNORECASE)
    someone = re.match(r"^i want (him|her|them) to (.+?)\.?$", context.goal.strip(), re.IGNORECASE)
    if third and someone:
        # "My roommate's boyfriend ... I want him to pay a share": he is spoken of, not to.
        return f"I'm asking for {someone.group(1).lower()} to {someone.group(2)}."
    made = request_from_goal(context.goal, context.counterpart_name, kind)
    if made:
        return _named_amount(made, situation)
    for sentence in re.split(r"(?<=[.!?])\s+", context.situation):
        if re.match(r"^(?:(?:this|next) \w+,? )?(?:i|we) (?:want|need|'d like)\b", sentence.strip(), re.IGNORECASE):
            # "..., and I have to tell my parents": what the person must do next is not part of the ask.
            sentence = re.sub(r",? and (?:i|we) (?:have|need|want) to (?:tell|ask|talk to|let)\b.*$", ".", sentence.strip(),
                              flags=re.IGNORECASE)
            made = request_from_goal(re.sub(r"^i (?:need|'d like)", "I want", sentence.strip(), flags=re.IGNORECASE),
                                     context.counterpart_name, kind)
            if made:
                return made
    if kind == "refusal":
        return "My answer is no."
    return ""


def _named_amount(ask: str, situation: str) -> str:
    """"I'm asking for it back" names nothing: the amount the situation lent or owes does ("the $400"), and "asking
    for it" names the other person's share ("your $180 share")."""
    if re.search(r"[$£€]\d", ask):
        return ask
    share = re.search(r"\b(?:her|his|their) ([$£€]\d[\d,.]*\d)(?: (share|half|part|portion|cut))?\b", situation, re.IGNORECASE)
    if re.search(r"\basking for (?:it|that)\.?$", ask) and share:
        return re.sub(r"\b(?:it|that)(\.?)$", lambda m: f"your {share.group(1)}{' ' + share.group(2) if share.group(2) else ''}"
                      f"{m.group(1)}", ask)
    if not re.search(r"\b(?:it|that) back\b", ask):
        return ask
    amount = re.search(r"\b(?:lent|loaned|gave|owes?|borrowed)\b[^.]*?([$£€]\d[\d,.]*\d)", situation, re.IGNORECASE) or \
        re.search(r"([$£€]\d[\d,.]*\d)", situation)
    return re.sub(r"\b(?:it|that) back\b", f"the {amount.group(1)} back", ask, count=1) if amount else ask


def _sentence(text: str) -> str:
    text = re.sub(r"\s+", " ", text.strip())
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."


# People the situation may name by their role ("my team lead", "our landlord"): the listener or someone else.
_ROLES = (r"partner|roommate|flatmate|housemate|boss|manager|supervisor|team lead|lead|landlord|landlady|friend|"
          r"brother|sister|sibling|mum|mom|mother|dad|father|parents?|husband|wife|boyfriend|girlfriend|fianc[ée]e?|"
          r"colleague|coworker|co-worker|neighbou?r|son|daughter|aunt|uncle|cousin|ex|grandmother|grandma|"
          r"grandfather|grandpa|in-laws|mother-in-law|father-in-law|contractor|builder|tenant|client|teacher|coach|"
          r"doctor|trainer|kids?|children|stepmom|stepdad|stepmother|stepfather|assistant|employee")
_ROLE_REF = re.compile(rf"\b(?:my|our) (?:[\w-]+ ){{0,2}}?(?:{_ROLES})\b", re.IGNORECASE)
_ROLE_SUBJECT = re.compile(rf"^(?:[\w,' ]+?,\s+)?(?:my|our) ((?:[\w-]+ ){{0,2}}?(?:{_ROLES}))\b(?! and\b)(?!'s\b)",
                           re.IGNORECASE)
_ROLE_OWNER = re.compile(rf"^(?:[\w,' ]+?,\s+)?(?:my|our) (?:[\w-]+ ){{0,2}}?(?:{_ROLES})'s\b", re.IGNORECASE)
# The listener spoken of in the goal: "I want to ask her to ...", "I want him to ...".
_GOAL_PRONOUN = re.compile(r"\b(?:ask|tell|want|get|need|like) (?:her|him)\b|\b(?:her|him) to\b", re.IGNORECASE)


_TITLES = {"mom": "mom mum mother parent parents", "mum": "mom mum mother parent parents",
           "dad": "dad father parent parents", "grandma": "grandma grandmother", "grandpa": "grandpa grandfather"}


def spoken_to_someone_else(context: TurnContext) -> bool:
    """Does the line call the listener by a title ("mom") that the situation gives someone other than the named
    counterpart ("my partner Jordan")? Then the name is not the listener's and nothing is said to "Jordan"."""
    name = context.counterpart_name.strip()
    if not name:
        return False
    if named_is_not_listener(context.situation, context.goal, name):
        return True
    called = re.search(r"(?:^|[,.!?]\s*)(mom|mum|dad|grandma|grandpa)\s*(?:[,.!?]|$)", context.utterance.lower())
    role = re.search(rf"\b(?:my|our) ((?:[\w-]+ ){{0,2}}?)({_ROLES}) {re.escape(name.split()[-1])}\b",
                     context.situation, re.IGNORECASE)
    return bool(called and role and role.group(2).lower() not in _TITLES[called.group(1)].split())


# Whom the person means to speak to: "I have to tell my parents", "I want to ask my sister to ...".
_TOLD = re.compile(rf"\bI (?:want|need|have|'d like|am going|'m going) to (?:tell|ask|talk to|let|say no to|confront|"
                   rf"remind) (?:my|our) ((?:[\w-]+ ){{0,2}}?(?:{_ROLES}))\b", re.IGNORECASE)


def named_is_not_listener(situation: str, goal: str, name: str) -> bool:
    """Is the named person someone other than the one spoken to? "my partner Jordan and me ... I have to tell my
    parents": Jordan stands beside the speaker, and the parents are the listeners."""
    last = re.escape(name.split()[-1])
    beside = re.search(rf"\b{last} and (?:me|I)\b|\b(?:me|I) and {last}\b", situation)
    told = _TOLD.search(f"{goal} {situation}")
    role = re.search(rf"\b(?:my|our) ((?:[\w-]+ ){{0,2}}?)({_ROLES}) {last}\b", situation, re.IGNORECASE)
    if told and re.search(rf"\b{last}\b", told.group(0)):
        return False
    if told and role and role.group(2).lower() not in told.group(1).lower():
        return True
    return bool(beside and told)


def situation_fact(context: TurnContext) -> str:
    """The most concrete sentence of the situation (numbers, dates) said to the counterpart, or ''."""
    return _situation_fact(context.situation, context.counterpart_name, context.goal)


def _listener_role(situation: str, goal: str) -> str:
    """Without a name: the role of the person spoken to ("team lead"), from the goal, else the situation's first
    subject when the goal speaks of that one person as "her"/"him"; '' when it cannot be told."""
    said = next((m for m in _ROLE_REF.finditer(goal) if not goal[m.end():].startswith("'")), None)  # not "my partner's"
    if said:
        return re.sub(r"^(?:my|our) ", "", said.group(0), flags=re.IGNORECASE).lower()
    if re.search(r"\bi (?:want|need|'d like|would like) the [\w-]+ (?:team |desk |office )?to\b", goal, re.IGNORECASE):
        return ""  # "I want the staff to sign a chart": the listener is "the staff", not the relative the situation names
    first = _ROLE_SUBJECT.match(situation.strip())
    if first and _GOAL_PRONOUN.search(goal) and not re.search(r"(?:s|children|in-laws)$", first.group(1).lower()):
        return first.group(1).lower()
    # One person named by role in the whole situation ("I lent my younger brother $400"): that is the listener,
    # unless the goal speaks of them in the third person ("a meeting with his doctor").
    names_listener = re.search(r"(?<!^)\b(?!I\b)[A-Z][a-z]+\b|\b(?:mum|mom|dad|mother|father)\b", goal.strip())
    if re.search(r"\b(?:his|her|him|their|them)\b", goal, re.IGNORECASE) and not _GOAL_PRONOUN.search(goal) \
            and not names_listener:
        return ""
    roles = {re.sub(r"^(?:my|our) ", "", m.group(0), flags=re.IGNORECASE).lower() for m in _ROLE_REF.finditer(situation)
             if not re.match(r"\s+and (?:i|me)\b", situation[m.end():], re.IGNORECASE)}  # "my partner and I": beside
    if len(roles) == 1 and not re.search(r"\b(?:my|our) [\w-]+'s\b", situation, re.IGNORECASE):
        role = roles.pop()
        return "" if re.search(r"(?:s|children|in-laws)$", role) else role
    return ""


def to_listener(sentence: str, name: str, role: str) -> str:
    """A sentence of the situation said to the listener, or '' when it would still speak of them (or of someone it
    cannot tell from them) in the third person: "My team lead sends me..." said to the team lead is "You send me..."."""
    said = second_person(sentence, name)
    if name:
        return said
    if role:
        subject = re.match(rf"^((?:[\w,' ]+?,\s+)?)(?:my|our) {re.escape(role)}\b", said, re.IGNORECASE)
        if subject:
            said = second_person(f"{subject.group(1)}she{said[subject.end():]}", "", force=True)
        replaced = re.sub(rf"\b(?:my|our) {re.escape(role)}\b", "you", said, flags=re.IGNORECASE)
        if replaced != said and not _ROLE_REF.search(replaced):
            # "I lent my brother $400 for his car": with him the only person in it, "his" is "your" too.
            replaced = re.sub(r"\bhis\b|\bher\b(?= [a-z])", "your", replaced)
        said = replaced
        return said if role and not _ROLE_SUBJECT.match(said) else ""
    # Nobody is known to be the listener: a sentence about someone by role may be about them, and so may one about
    # someone of theirs ("My roommate's boyfriend has stayed over...", said to the roommate).
    return "" if _ROLE_SUBJECT.match(said) or _ROLE_OWNER.match(said) else said


def _sentences(text: str) -> list[str]:
    """The situation's sentences ("Dr. Hartley" and "2 a.m." do not end one)."""
    from voice_coach.feedback.clauses import sentences

    return sentences(text.strip())


def _usable_fact(sentence: str) -> bool:
    """Can this sentence of the situation be said to the listener as a fact? Not a wish, plan or question, not an
    insult, and not one that leans on another sentence ("It happened...") or speaks of an institution that is
    likely the listener ("The staff keep pushing a freeze")."""
    from voice_coach.feedback import phrases

    low = sentence.lower().strip()
    return bool(low) and "?" not in low and not phrases.INSULT.search(low) and not (
        re.search(r"\b(?:i|we) (?:want|need|'d like|have to|plan|hope|intend)\b|\band (?:want|need) to\b", low)
        or low.startswith(("i'm not willing", "i don't want"))
        or re.match(r"^(?:it|this|that|these|those|they|he|she)\b", low)
        or re.match(r"^the (?:staff|store|shop|clinic|airline|company|gym|office|school|hospital|nurses?|doctors?|"
                    r"agent|receptionist|manager|landlord|bank)\b", low))


_GENERAL = re.compile(r"\b(?:always|whenever|never|every time|constantly|all the time)\b", re.IGNORECASE)


@lru_cache(maxsize=256)
def _situation_fact(situation: str, name: str, goal: str = "") -> str:
    from voice_coach.feedback import phrases

    context = TurnContext(situation=situation, counterpart_name=name, utterance="")

    best, best_score = "", 0
    usable = [s.strip() for s in _sentences(context.situation) if _usable_fact(s)]
    for sentence in usable:
        low = sentence.lower()
        if phrases.FEELING.search(low):
            # "I've gained eighteen pounds since January and I feel terrible about it": the fact is the reason to
            # give; only the feeling joined to it is the person's own to voice.
            fact_part = re.split(r",?\s+(?:and|so|but)\s+(?:i|it)\b(?:'m| am| feel| felt| makes me)", sentence, maxsplit=1,
                                 flags=re.IGNORECASE)[0].rstrip(" ,.")
            if fact_part != sentence.rstrip(" ,.") and not phrases.FEELING.search(fact_part.lower()) and len(fact_part.split()) >= 4:
                sentence, low = fact_part + ".", fact_part.lower() + "."
        if phrases.FEELING.search(low) or low.startswith(("i want", "i need", "i'd like")):
            continue
        score = len(phrases.FACT_TOKEN.findall(sentence)) * 2 + len(phrases.FACT_MARK.findall(low))
        if score > best_score and len(sentence.split()) <= 30:
            best, best_score = sentence, score
    if not best:
        best = next((s for s in usable if len(s.split()) <= 30), "")
    # The name may be the scenario's and never said in the situation ("my brother ... his car", name Kevin): then
    # the listener is found by role, so "my brother" and "his" both become "you", never one of them.
    named = bool(name) and bool(re.search(rf"\b{re.escape(name.split()[-1])}\b", situation))
    role = "" if named else _listener_role(situation, goal)
    if not best or (not named and not (role and re.search(rf"\b{re.escape(role)}\b", best, re.IGNORECASE))
                    and (re.search(r"\b(?:he|she|his|her|him|they|their|them)\b", best, re.IGNORECASE)
                         or (name and _ROLE_REF.search(best)))):
        return ""
    said = to_listener(best, context.counterpart_name if named else "", role)
    if not said:
        return ""
    said = re.sub(r"\bthough you\b", "and you", said)
    if _GENERAL.search(said):
        # "You get upset whenever I go out": the situation's summary said to them is a charge they will argue with;
        # only a clause of it without the generalisation (what happened, with its count) may be said.
        clean = [p for p in re.split(r",\s*(?:so|and|but)\s+|\s+(?:so|because)\s+", said) if not _GENERAL.search(p)
                 and (phrases.FACT_TOKEN.search(p) or phrases.FACT_MARK.search(p.lower()))]
        if not clean:
            return ""
        said = clean[0].rstrip(" ,.") + "."
    # How the person came to deal with the listener ("We hired a contractor...", said to the contractor) is
    # background the listener knows, not something to tell them.
    if re.match(r"^(?:we|i) (?:hired|booked|engaged|contracted|signed up with|took on)\b", said, re.IGNORECASE):
        return ""
    return said[0].upper() + said[1:]
