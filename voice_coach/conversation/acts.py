"""Dialogue acts of one user line: what the user did (asked, refused, proposed, insulted, caved...).

The counterpart reads these before choosing how to answer, so a reply can refer to what was said
instead of to the skill ratings alone. Everything here is regular expressions over the line, the
user's earlier lines and the counterpart's last reply: instant, no model.

The module is past 400 lines because the act patterns and the phrases said back from them (offers,
requested actions) share one set of clause, hedge and pronoun rules; one concept, read in one place.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from voice_coach.conversation.goal_text import DANGLING
from voice_coach.conversation.line_shape import PURPOSE_BEFORE, says_goodbye
from voice_coach.conversation.offer_and_ask import ask_after_offer
from voice_coach.conversation.openers import WROTE_QUESTIONS, asks_to_be_heard, gives_asked_details, topic_sentence
from voice_coach.conversation.retorts import apologises_for_tone, challenges, retaliates, threatens
from voice_coach.conversation.sarcasm import is_sarcastic
from voice_coach.conversation.scenarios import Scenario
from voice_coach.conversation.proposal_parts import MAX_BOTH, both_parts
from voice_coach.conversation.splices import (EXPECTED_THING, RECEIVING, follows_noun, object_cut, without_fillers,
                                              without_judging_tail)
from voice_coach.conversation.offer_kinds import broken_off_asks, leaves_them_out, shows_evidence
from voice_coach.conversation.speaker_acts import digs_after_resigning, gives_in, is_small_talk, states_own_plan
from voice_coach.conversation.conditions import meets_condition
from voice_coach.conversation.withholding import holds_back
from voice_coach.conversation.asides import side_question
from voice_coach.conversation.unstated import (IN_PERSON, accepting_offer, announces_matter, plays_down_announced,
                                              unstated_kind)
from voice_coach.conversation.verb_forms import base_of_gerund


def _rx(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


# "I'd like to talk about something" announces a topic; it asks for nothing yet.
_PREAMBLE = _rx(
    r"\b(?:want|like|need|wanted|wanna|hoping)\s+to\s+(?:talk|chat|discuss|speak|ask you something|"
    r"bring (?:something|this|it) up|raise something|have a (?:word|chat|talk))\b",
    # "I wanted to ask you about the surgery": it names what the talk is about; the ask comes later.
    r"\b(?:want|like|wanted|need|needed|hoping)\s+to\s+ask (?:you )?about\b",
    r"\bcan (?:i|we) (?:talk|chat|have a (?:word|chat|talk))\b", r"\bgot a (?:minute|second|sec)\b",
    # "I'd like to use part of our one-to-one to talk about my pay": time asked for, to name a topic
    r"\b(?:use|have|take|grab|borrow|get) (?:[\w'-]+ ){0,6}?to (?:talk|chat|speak) (?:to you )?about\b",
    # "About the whole bridesmaid thing, I've been meaning to talk to you."
    r"\b(?:been meaning|been wanting|meant) to (?:talk|chat|speak|ask you|have a (?:word|chat|talk)|bring (?:it|this) up)\b",
    r"\b(?:there'?s|there is) something i(?:'d| would)? (?:like|want|wanted|need|needed) to (?:ask|talk|discuss|raise|say)\b",
    r"\bi(?:'m| am) (?:calling|here|writing|ringing|phoning) (?:about|regarding|because)\b",
    r"^(?:so,? |um,? |well,? |it'?s |it is |this is |yeah,? |hi,? |hello,? |hey,? )*about (?:the|my|your|our|this) [\w' -]{1,30}"
    r"(?:,? (?:i guess|i suppose|really|actually))?[.?!]?$",
    # "So, yeah, it's... it's sort of about Tuesday. Kind of.": the topic named last, nothing said of it yet
    r"\bit'?s(?:\.{2,}|…)?\s*(?:it'?s\s+)?(?:sort of |kind of |kinda |sorta |partly |mostly |a bit )?about (?:the |my |your |our "
    r"|this |that )?[\w'-]+(?: [\w'-]+){0,2}(?:,? actually)?[.?!]?(?:\s*(?:kind of|sort of|i guess|i suppose|really|sorry)"
    r"[.?!]?)?\s*$",
    # "What I wanted to say is kind of about phones": the topic named, nothing asked yet
    r"\bwhat i (?:wanted|want|need|needed|was going|was hoping|meant) to (?:say|talk (?:to you )?about|tell you|bring up|"
    r"mention|raise)(?: is| was)?,? (?:(?:kind of|sort of|actually|really|just|um|uh),? )*about\b",
    # "I have a request" announces an ask without making it: the counterpart waits to hear it.
    r"\bi(?:'ve| have)(?: got)? (?:a|one) (?:request|favou?r to ask|question|proposal|suggestion|idea)\s*[.!]?$",
)
# Courtesies and preliminaries before the matter itself: they ask for nothing and offer nothing to
# negotiate ("I'll keep it short", "I need to tell you something", "my date of birth is...").
PRELIMINARY = _rx(
    r"\bi(?:'ll| will)(?: try to| just)? (?:keep (?:it|this) (?:short|brief|quick|tight|snappy|to \w+(?: minutes)?)|be (?:quick|brief))\b",
    r"\bi won'?t (?:take|keep you) (?:long|up too much)\b", r"\b(?:this|it) (?:won'?t|will not) take long\b",
    r"\bi (?:kind of |sort of |really |just )?(?:need|have|want|wanted) to (?:tell|ask) you (?:something|a (?:couple|few) "
    r"(?:of )?(?:things|questions)|a question)\b",
    r"\b(?:can|could|may) i (?:mention|ask|say|tell you|raise|bring up) (?:you )?(?:for )?(?:something|a (?:couple|few) (?:of )?(?:things|questions)|"
    r"a question|one thing|a thing|a (?:small|little|quick|tiny) (?:\w+ )?(?:thing|question|favou?r))\b",
    r"\bi (?:wanted|want|was hoping|need) to,? (?:(?:um|uh|well|erm|just),? )*ask (?:you )?(?:a (?:couple|few) (?:of )?"
    r"(?:things|questions)|something|a question)\b",
    # "Is now a bad time? We can do it later if you're knackered.": a courtesy, no offer to weigh up
    r"\bwe can (?:do (?:it|this)|talk(?: about it)?|chat) (?:later|another time|tomorrow|after)\b",
    # "this is super small, and I totally don't want to make it a thing": the matter announced, not said
    r"\bi (?:totally |really |honestly )?(?:don'?t|do not) want to make (?:it|this) (?:a|into a) (?:thing|big deal|big thing|drama)\b",
    # "It's so tiny, honestly, I feel silly even bringing it up": the matter announced, not said
    r"\bi (?:feel|felt) (?:silly|stupid|daft|bad|awkward|petty|weird) (?:even )?(?:bringing (?:it|this) up|mentioning (?:it|this)|saying (?:it|this))\b",
    # "So, it's a tiny thing, really tiny ... so don't take this the wrong way...": the matter announced, not said
    r"\b(?:please )?don'?t take (?:this|it) the wrong way\b", r"\bit'?s (?:a|such a) (?:tiny|small|little|minor) thing\b",
    # "Um, it's nothing bad, don't worry.": reassurance before the matter
    r"\bit'?s nothing bad\b", r"\b(?:it'?s )?not (?:anything )?bad,? (?:i promise|don'?t worry)\b",
    # "Sorry, is now okay? I can come back later if you're slammed.": a courtesy, no offer to weigh up
    r"\bi (?:can|could) (?:always )?(?:come back|pop back|come by|catch you|call back|ring back) (?:later|another time|"
    r"tomorrow|after|in a bit)\b",
    # "Yes, I did have a couple of questions, if that's okay": questions announced, none asked yet
    r"\bi (?:do |did )?(?:have|had|'ve got) (?:a|one|some|a few|a couple of|two|three) (?:quick |small |little )?questions?\b",
    WROTE_QUESTIONS,
    # "Is this a bad time?" asks leave; "Is it bad?" about a diagnosis is a question to answer
    r"\b(?:is|would) now (?:a )?(?:okay|ok|good|bad|alright|fine)(?: time)?\??$",
    r"\b(?:is|would) (?:this|it) (?:a )?(?:okay|ok|good|bad|alright|fine) time\??$", r"\bis now (?:a good time|okay|ok)\b",
    r"\b(?:my|the) (?:account|reference|policy|member|order|customer|patient|case) (?:number|no|id)\b",
    # "I've got a request I'd like to run past you, and I'm happy to send it over in writing afterwards": the request
    # announced, and an offer about the request not yet made
    r"\b(?:a request|something|an idea|a proposal) i(?:'d| would) like to run (?:past|by) you\b",
    r"\bi(?:'m| am) (?:happy|glad) to (?:send|put|email|write) it (?:all )?(?:over |up |down )?in writing\b",
    # "And please don't be upset, it's nothing you've done": a courtesy before the matter, not a request
    r"\bplease (?:don'?t|do not) (?:be upset|worry|panic|freak out|get (?:upset|angry|mad|cross)|take (?:this|it) "
    r"the wrong way)\b",
    # Asking for time: a go-ahead answers it, not the matter ("have you got five minutes?").
    r"\b(?:have you|you) got (?:a|an|\w+) (?:minutes?|moments?|seconds?|sec)\b",
    r"\bdo you have (?:a|an|\w+) (?:minutes?|moments?|seconds?)\b",
    # "Can we sit down for a minute?" asks for time to talk, not for the matter
    # ("Could we sit down and write it on Sunday?" proposes doing something: no preliminary)
    r"\b(?:can|could|shall) we (?:just )?sit down\b(?! and (?!(?:talk|chat|have a (?:chat|talk|word))\b))",
    # "I'll get straight to it because I'd rather not dance around it": a courtesy, no offer
    r"\bi(?:'ll| will) (?:just )?get (?:straight|right) to (?:it|the point)\b",
    # "Can we have a cup of tea and a proper chat?": time asked for over a cup of tea
    r"\b(?:can|could|shall) we (?:have|grab|get) (?:a (?:cup of tea|cuppa|coffee|drink) and )?a (?:proper |quick |little )?"
    r"(?:chat|talk|word)\b", r"\b(?:can|could) (?:i|we) have (?:a|five|two|ten) (?:minutes?|"
    r"moments?|seconds?|sec)\b",
    r"\bmy (?:date of birth|postcode|zip code|address|full name|name|birthday|dob) is\b", r"\bdate of birth\b",
    r"\b(?:can|could|may) i (?:be honest|be straight|bring (?:something|this|it) up|bring up something|"
    r"say something|ask you something)\b", r"\bcan i be honest (?:with you )?(?:about something)?\b",
)
REQUEST = _rx(
    r"(?<!than )\bi(?:'d| would)(?: really| just| also)? (?:like|love|prefer|appreciate)\b",
    # "something I need to mention" announces a matter; it asks for nothing yet
    r"\bi (?:really |just |also |still |do |only |actually )?(?:want|need)\b"
    r"(?! to (?:say|tell|be honest|know why|mention|raise|bring (?:up|something up)|talk|discuss|have a word))"
    # ("I want you to know that I'm grateful" tells something; it asks for nothing)
    r"(?! you to (?:know|understand|hear (?:this|that|me say)|hear (?:it|this|that) from me|realise|realize)\b)",
    # ("Like I'm asking you to put me on the moon." compares; it asks nothing)
    r"(?<!like )(?<!as if )(?<!as though )\bi(?:'m| am) (?:still |just |really |only |now )?(?:asking|requesting)\b",
    r"\bmy (?:request|ask) is\b", r"\bi(?:'m| am) going to need\b",
    r"\b(?:can|could|may) i\b", r"\b(?:can|could|would|will) you\b(?! (?:believe|imagine))",
    r"\b(?:can|could) we\b",
    # "Could people keep it down by eleven?" asks the counterpart's side to do something, through its people.
    r"\b(?:can|could|would|will) (?:people|they|everyone|everybody|your (?:friends|mates|guests)|the guests)\b[^.!?]*\?",
    r"\bis it (?:ok|okay|alright|all right|possible) (?:if|for|to)\b",
    r"\bwould it be (?:ok|okay|alright|all right|possible|fine) (?:if|for|to)\b",
    r"\b(?:do|would) you mind\b", r"\bplease\b", r"\blet'?s\b", r"\bi(?:'d| would) ask (?:you|that)\b",
    # ("I'd rather just say it than let it build up" explains why the matter is raised; it asks for nothing)
    # ("I'd rather say something than get weird", "I'd rather be honest", "I'd rather talk about it now": the same)
    r"\bi(?:'d| would) rather\b(?!(?: just)? (?:(?:say|tell you|mention|raise|bring|get|have) (?:it|this|that|"
    r"something|anything)\b|be (?:honest|upfront|straight)|talk about it|get it off my chest|clear the air))",
    r"\bit would (?:really )?help (?:me )?if you\b",
    r"\bi was (?:just )?wondering\b", r"\b(?:maybe )?i could (?:get|have|use)\b",
    r"\bit would mean a lot if\b",
    # Hedged asks are still asks: "maybe you could do a bit more?", "if you can?", "we were kind of hoping...".
    r"\b(?:maybe|perhaps|if|just|think) you could\b",
    # "What I wanted to ask is whether you could refer me": the ask itself, after the wh-cleft that announced it
    r"\b(?:is|was|ask|asking|ask you|wondering|wonder) whether (?:you|i|we)(?: could| can| would| might|'d)\b", r"\byou could\b[^.!?]*\?", r"\bif you (?:can|could|don'?t mind)\s*(?:[?.!,]|$)",
    r"\b(?:i|we)(?:'m|'re| am| are| was| were)? (?:kind of |sort of |really |just |sorta |kinda )?hoping\b(?! to (?:talk|chat|discuss|ask|speak))",
    r"\bwould you be (?:willing|able|okay|ok|happy)\b", r"\bdo you think you could\b",
    # "Whatever. Just... fix it.": a bare imperative after "just" still asks
    r"(?:^\s*|[.!?,]\s*)just(?:\.\.\.|,)?\s+(?:fix|sort|deal with|stop|pay|tell|give|send|credit|mention|return|"
    r"refund|finish|book|call|text|order|bring|get|put|clean|wash|ring|email|move|come)\b",
    # A softened imperative at the start of a clause: "Just, maybe mention me, if you remember."
    r"(?:^|[.!?,]\s*)(?:just,?\s+)?(?:maybe|perhaps)\s+(?:mention|credit|name|include|cc|copy|tell|text|ring|call|"
    r"email|remind|ask|let)\s+me\b",
)
REFUSAL = _rx(
    r"\bi (?:can'?t|cannot|won'?t|will not)\b(?! (?:believe|stand|sleep|help|wait|remember|understand|tell|"
    r"see|stop|keep|deal|cope|imagine|think|afford not|lie))",
    r"\bi(?:'m| am) not (?:going to|gonna|able to|willing to|available|doing|comfortable|in a position)\b",
    r"\bi(?:'m| am) (?:saying|going to say) no\b", r"\bi (?:have|need|want) to (?:say no|decline|pass)\b",
    r"\bi(?:'ll| will) have to (?:say no|decline|pass)\b", r"\bi(?:'m| am) going to (?:decline|pass)\b",
    # ("No, stay till Thursday. Of course." waves the objection away: a yes to them, not a refusal)
    r"^\s*no[,.!](?!\s*(?:no[,.!]\s*)*(?:you )?(?:stay|come|keep it|have it|take it|it'?s fine|that'?s fine|don'?t worry|"
    r"of course)\b)", r"\bthe answer is no\b", r"\bi(?:'m| am) not (?:lending|paying|hosting|working|coming)\b",
    # A decision or a limit stated as fact ("this year we're spending Christmas with...").
    r"\bi (?:don'?t think|'m not sure|am not sure) i can\b", r"\bi(?:'m| am) not (?:able|free|up for)\b",
    r"\bi(?:'ve| have) decided\b", r"\bwe(?:'ve| have) decided\b", r"\bfrom now on\b", r"\bgoing forward\b",
    r"\b(?:this year|this time) (?:we|i)(?:'re| are| will|'ll)\b", r"\bwe(?:'re| are) (?:spending|going to spend)\b",
)
ACKNOWLEDGE = _rx(
    r"\bi (?:hear|understand|get|see|know|realise|realize|appreciate) (?:you|that|it|why|how|what|your)\b",
    # "I know Christmas at yours means a lot to you": the other side's point granted, whatever it is about
    r"\bi (?:know|understand|realise|realize|get) (?:[\w']+ ){1,6}means (?:a lot|so much|the world|everything) to you\b",
    r"\bi hear you\b", r"\byou(?:'re| are) right\b", r"\bthat'?s (?:fair|true|a fair point|understandable)\b",
    r"\bfair (?:point|enough)\b", r"\bi know (?:it'?s|this is|you'?re|you have|things)\b", r"\bgood point\b",
    r"\bi can see (?:why|that|how)\b", r"\bi take your point\b", r"\bi get it\b", r"\bi understand\b",
)
INSULT = _rx(
    r"\byou(?:'re| are) (?:such |so |a |an |just |being |really |totally |absolutely |a total |"
    r"an absolute |the most |a complete |completely |pretty )*(?:slob|pig|joke|liar|mess|idiot|moron|"
    r"selfish|lazy|rude|ridiculous|pathetic|useless|disgusting|impossible|hopeless|clueless|incompetent|"
    r"a jerk|jerk|crazy|toxic|childish|controlling|greedy|cheap|stupid|dumb|a nightmare|nightmare|"
    r"unbelievable|a disgrace|disgrace|spoiled|spoilt|irresponsible|inconsiderate|thief|a thief|a con|"
    r"con artist|scammer|a scammer|heartless|cruel|petty|the worst)\b",
    r"\bwhat(?:'s| is) wrong with you\b", r"\bwhat(?:'s| is) your problem\b", r"\bshut up\b",
    r"\bgrow up\b", r"\byou (?:obviously |clearly |just |really |simply )?don'?t (?:care|give a)\b",
    r"\byou never (?:listen|care|think)\b",
    r"\b(?:idiot|moron|jerk|loser|slob|useless|pathetic|disgusting)\b", r"\bscrew you\b",
    r"\bhow dare you\b", r"\bare you (?:stupid|deaf)\b", r"\bor else\b",
    r"\byou(?:'re| are) (?:a |an |such a |the )?(?:terrible|awful|horrible|lousy|crap|rubbish|useless|pathetic|"
    r"lying|bad|selfish|lazy|greedy|shameless|dishonest) (?:\w+ )?(?:driver|person|friend|manager|boss|doctor|"
    r"landlord|builder|son|daughter|brother|sister|mother|father|dad|mum|mom|partner|roommate|flatmate|"
    r"human being|cheat|liar|parent|excuse)\b",
    r"\b(?:scam|rip-?off|con artist|swindl\w*|crook|crooks|freeloader|sponger|leech)\b",
    r"\b(?:ripping|rip|ripped) (?:me|us|people|everyone) off\b",
    r"\byou people are\b", r"\bthis (?:place|store|shop|company|office) is (?:a joke|useless|pathetic|a disgrace)\b",
    # "You guys should be embarrassed selling this junk", "you should be ashamed of yourself"
    r"\byou(?: guys| lot| people)? should be (?:embarrassed|ashamed)\b",
)
# Calling oneself names: "like an idiot", "I'm such a mug".
_SELF_NAMED = re.compile(r"\b(?:like|i'?m|i am|i was|i feel like|made me look like) (?:such |a complete |a total |a right )?an? "
                         r"(?:idiot|fool|mug|muppet|moron|loser|doormat|pushover|sucker)\b")
_FOND_NAME = re.compile(r"\b(?:love (?:you|ya)|miss (?:you|ya)|thanks?(?: you)?|cheers),? (?:you )?(?:big |daft |silly |soppy )?"
                        r"(?:idiot|muppet|numpty|dork|goof|plonker|wally|nutter|dummy)\b")
# A negation earlier in the same clause ("I'm not saying you're a bad person", "not that you're lazy").
# "Don't be such an idiot" still insults: a negated imperative is not a negated claim.
_NEGATED = re.compile(r"\b(?:not|never|no one|nobody)\b|n't\b(?!\s+(?:be|you)\b)")
_CLAUSE_START = re.compile(r".*[.;!?,]\s*", re.DOTALL)


def said_unnegated(pattern: re.Pattern[str], low: str) -> bool:
    """Whether `pattern` occurs in the lower-cased line without a negation before it in its clause."""
    for match in pattern.finditer(low):
        before = low[:match.start()]
        head = _CLAUSE_START.match(before)
        clause = before[head.end():] if head else before
        if not _NEGATED.search(clause.replace("’", "'")):
            return True
    return False


# Sweeping blame ("you're always on that thing"): a judgment, not a request.
# "You're always welcome" praises: a kind predicate after "always" is not blame.
_KIND = r"(?! (?:be )?(?:welcome|there for|so (?:good|kind|generous|helpful)|good to|kind to|great|helpful|lovely|generous))"
# "Did you always want to do knees?" asks about the counterpart's life: "you always" after a question's verb is no sweep.
_ASKED_ABOUT = r"(?<!\bdid )(?<!\bdo )(?<!\bhave )(?<!\bhad )(?<!\bwere )(?<!\bwould )(?<!\bwill )"
BLAME = _rx(r"\b(?:that'?s|that is|this is) (?:complete |total |utter )?(?:rubbish|nonsense|a lie|not true|bull\w*)"
            r"(?: and you know it)?\b", r"\bdon'?t give me that\b", r"\bpull the other one\b",
            rf"{_ASKED_ABOUT}\byou(?:'re| are)? (?:always|never|constantly|forever)\b{_KIND}",
            rf"{_ASKED_ABOUT}\byou (?:always|never){_KIND} \w+",
            r"\bevery single time\b", r"\btypical (?:of )?you\b", r"\b(?:there'?s )?always (?:an|some|another) excuse\b",
            # "I do everything in this house. You do literally nothing.": a sweeping charge
            r"\byou (?:do|did|have done|'ve done) (?:literally |absolutely |basically |practically )?nothing\b",
            r"\bi do (?:literally |absolutely |basically )?everything\b",
            # "You stood up there and took credit for my work. Again."
            r"\byou (?:took|take|stole|steal|grabbed) (?:the )?credit\b", r"\btook (?:the )?credit for (?:my|our|all my)\b",
            # "I mean, you did the same with the pricing model"
            r"\byou (?:did|do|pulled) (?:the same|exactly the same|this|that)(?: thing)? (?:with|to me with|last time|in)\b",
            # "I don't know why I even bother ringing you": the complaint is about the counterpart, not off topic
            r"\b(?:don'?t|do not) know why i (?:even )?bother\b", r"\bwhy do i (?:even )?bother\b")
# Praise in a sentence: "you always" there is a compliment ("you always pay rent on time, you're a good flatmate").
_PRAISE = _rx(r"\byou(?:'re| are) (?:a |such a |really |so )?(?:good|great|lovely|kind|brilliant|amazing|generous|"
              r"fantastic|decent)\b", r"\balways (?:(?:\w+ ){0,3})?on time\b", r"\bi (?:really )?appreciate\b",
              r"\balways (?:there for|so (?:kind|good|generous|helpful))\b",
              r"\b(?:which|that)(?:'s| is) (?:really |so |very )?(?:sweet|kind|nice|lovely|thoughtful|generous)\b",
              r"\bi(?:'m| am) not (?:trying to be |being )?ungrateful\b")
THANKS = _rx(r"\bthank(?:s| you)\b", r"\bcheers\b", r"\bi appreciate (?:that|it)\b")
CAVE = _rx(
    r"\bforget (?:it|about it|i said anything|i (?:asked|mentioned)(?: (?:it|anything))?)\b", r"\bnever ?mind\b",
    r"\bit(?:'s| is) (?:fine|okay|ok|alright|all right),? (?:really|honestly|whatever|forget)\b",
    r"\bit doesn'?t (?:really )?matter\b", r"\bdon'?t worry about it\b", r"\bit(?:'s| is) not (?:important|a big deal)\b",
    r"\blet'?s (?:just )?(?:drop it|forget it|leave it)\b", r"\bi(?:'ll| will) (?:just )?(?:live with it|deal with it)\b",
    r"\bwhatever you (?:think|want|say)\b", r"\bi take it back\b", r"\bno,? it'?s fine\b",
    r"^\s*(?:whatever|fine)[.!]?\s*$", r"\bjust forget\b",
    r"\bi guess i(?:'ll| will) (?:just )?(?:pay|do|come|go|accept|leave|put up with)\b", r"\bi guess (?:it'?s|that'?s) (?:fine|okay|ok)\b",
)
# The one CAVE cue that, beside an announced matter, plays it down instead of taking it back.
_PLAYED_DOWN_CUE = re.compile(r"it(?:'s| is) not (?:important|a big deal)")
# Unease about raising the matter: "I feel silly even bringing it up", "I feel bad asking".
_RAISING_FEELING = re.compile(r"\bi (?:feel|felt)(?: a bit| kind of| so| really)? (?:silly|stupid|bad|awkward|daft|weird|petty|"
                              r"guilty|rude|mean|like a nag)(?: even)? (?:bringing (?:it|this|that) up|saying (?:it|this|that)|"
                              r"mentioning (?:it|this|that)|asking|raising (?:it|this|that))\b"
                              # "Sorry, I'm a bit nervous, I've never really asked for anything like this": about asking
                              r"|\bi(?:'m| am) (?:a bit |a little |kind of |so |really )?nervous\b(?=[^.?!]*\b(?:ask|asking|asked|"
                              r"bring(?:ing)? (?:it|this) up|say(?:ing)? (?:it|this))\b)")
FEELING = _rx(
    r"\bi(?: a|')?m (?:feeling |getting |really |so |pretty |a bit |kind of |very |quite |just )*(?:stressed|"
    # ("it's about the car, I'm afraid" is politeness; "I'm so afraid", "I'm afraid of..." is a feeling)
    r"worried|anxious|frustrated|upset|hurt|sad|angry|scared|(?<!i'm )(?<!i am )(?<!im )afraid|afraid(?= of\b)|nervous|"
    r"overwhelmed|exhausted|tired|"
    r"disappointed|lonely|embarrassed|uncomfortable|concerned|torn|drained|resentful|annoyed|ashamed|"
    r"guilty|burnt out|burned out|worn out|fed up)\b",
    # "I just feel really awful about this": a hedge between "I" and "feel" still says a feeling
    r"\bi (?:just |really |honestly |kind of |sort of |still |do )*feel\b", r"\bi felt\b", r"\bmakes me feel\b", r"\bit (?:hurts|hurt|scares|worries|frustrates|bothers|"
    r"upsets|stresses) me\b", r"\bit matters to me\b", r"\bi care about\b",
    # "I miss talking to you", "I just worry that...": feelings said as verbs
    r"\bi (?:just |really |kind of |sort of )?(?:miss|worry|hate it when|dread)\b",
    # "I looked it up online and scared myself", "it really frightened me"
    r"\b(?:scared|frightened|freaked|worried|stressed) myself\b",
    r"\b(?:it|that|this) (?:really |kind of |sort of |a bit |honestly )?(?:scared|frightened|freaked out|terrified) (?:me|us)\b",
    # "honestly that stung a little", "it all sounded a bit... Scary.": a feeling said of the thing
    r"\b(?:it|that|this|which) (?:really |honestly |kind of |sort of )?(?:stung|hurt)\b(?! (?:him|her|them|the|your|his)\b)",
    r"(?:^|[.!?]\s+)(?:(?:honestly|really|just|so),?\s+)?(?:scary|terrifying|frightening)[.!?]",
    r"\b(?:it|that|this) (?:all )?(?:sounded|felt|was|is) (?:a bit |really |quite |so |pretty |kind of )?(?:[^.?!]{0,20}\s)?"
    r"(?:scary|frightening|terrifying|upsetting|hurtful)\b",
    # "I'll admit I've been nervous about asking", "I've been so worried"
    r"\bi(?:'ve| have) been (?:really |so |quite |a bit |pretty |kind of )?(?:nervous|worried|anxious|stressed|upset|"
    r"dreading|scared|afraid|frustrated|hurt|down|lonely|on edge)\b",
)
FACT = _rx(
    r"\b(?:last|this|next) (?:week|month|year|night|time|quarter|monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday|weekend)\b", r"\b\d+\b", r"\byesterday\b", r"\b(?:twice|three times|four times|"
    r"every (?:day|week|time|weekend))\b", r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten) "
    r"(?:times|days|weeks|months|hours|nights|years)\b", r"\bi(?:'ve| have) (?:been|had|paid|asked|called|waited|"
    r"covered|worked|stayed|done)\b(?! (?:meaning|wanting|hoping|trying) to (?:talk|ask|say|tell|raise|bring|mention))", r"\byou (?:said|told|left|missed|cancelled|forgot|borrowed|charged)\b",
    r"\b(?:on|last|this|every) (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?\b",
    r"\b(?:twenty|thirty|forty|fifty|sixty|ninety|eleven|twelve|fifteen|a hundred|half an?) (?:minutes|hours|days|"
    r"weeks|months|dollars|pounds|euros|times|degrees)\b", r"\bthe (?:week|day|month|night) before\b",
    r"\blast night\b", r"\b(?:minutes|hours|days) late\b",
    # sums in words and what happened: "eleven hundred and eighty dollars", "I never had an MRI", "I paid it"
    r"\b(?:hundred|thousand|grand)(?: and [a-z-]+)?(?: [a-z-]+)? (?:dollars|pounds|euros|bucks|quid)\b",
    r"\bi (?:never|already|just) (?:had|got|paid|ordered|signed|agreed|received|used)\b", r"\bi (?:paid|called|rang|emailed) (?:it|them|you|twice)\b",
    r"\bthere(?:'s| is) a (?:charge|fee|bill|dent|scratch|crack|leak|stain) (?:for|on|in)\b",
)
# A mild complaint about the matter states it, even after thanks: "until Thursday is a bit long", "that's a bit much".
MILD_COMPLAINT = _rx(
    r"\b(?:is|was|are|were|seems|sounds|feels|'s) (?:still |also |just )?(?:a bit|a little|a little bit|rather|quite|too|way too|kind of|"
    r"sort of|really|just) (?:too )?(?:long|much|late|early|loud|expensive|soon|far|many|often)\b(?! (?:ago|since|way))")
# An apology is about the conversation itself, never off topic.
APOLOGY = _rx(r"\bsorry\b", r"\bi apologi[sz]e\b", r"\bi didn'?t mean (?:that|it)\b")
# "I don't get any of this": the user is lost, not asking or refusing.
CONFUSED = _rx(r"\bi (?:really )?(?:don'?t|do not) (?:really )?(?:get|understand|follow)\b(?! (?:why|how) you)",
               r"\bi(?:'m| am) (?:still )?(?:a bit |a little |so |really |totally )?(?:confused|lost)\b", r"\bwhat does (?:that|this|it) mean\b")
# Warm words before the hard part ("I love you and I'm so happy for you").
WARM = _rx(r"\bi love you\b(?!,? but\b)", r"\b(?:so |really )?(?:happy|proud) (?:for|of) you\b", r"\bi(?:'ve)? missed you\b",
           # "You've got such good taste", "you looked so happy in that photo from the dress shop"
           r"\byou (?:looked|look|sounded|sound) so (?:happy|lovely|beautiful|great|excited)\b",
           r"\byou(?:'ve| have) got (?:such |really |so )?(?:good|great|amazing|lovely|brilliant) taste\b",
           r"\byou mean (?:a lot|so much|the world) to me\b", r"\bi(?:'m| am) (?:so )?(?:grateful|glad) (?:for|to have) you\b",
           r"\bi(?:'m| am) (?:so |really |very )?(?:touched|honou?red|flattered)\b", r"\bit (?:really )?means (?:a lot|so much|the world)\b(?![^.!?]*\btoo\b)",
           # "I really like living with you", "I love having you here", "you've been such a help"
           r"\bi (?:really |genuinely |honestly )?(?:like|love|enjoy) (?:living|working|having|being) with you\b",
           r"\bi (?:really |genuinely |honestly )?(?:love|like|enjoy) having you (?:here|around|over)\b",
           r"\byou(?:'ve| have)? been (?:such |so much |so |really |absolutely |just )?(?:a )?(?:help|helpful|great|amazing|"
           r"wonderful|brilliant|incredible|a star|a lifesaver)\b",
           r"\bi (?:honestly |really |just )?don'?t know what (?:we|i)(?:'d| would) do without you\b",
           # ("I'm not annoyed! You're honestly the best roommate": praise opening a sentence of its own)
           r"(?:^|[.!?]\s+)(?:\w+,\s*)?you(?:'re| are) (?:honestly |really |genuinely |literally |truly )?(?:a |such a |the )?"
           r"(?:really |genuinely )?(?:great|good|lovely|wonderful|brilliant|fantastic|amazing|best) (?:flatmate|roommate|friend|boss|manager|mum|mom|dad|partner|sister|brother|neighbou?r)\b(?![^.?!]*\b(?:again|really\W*$))")
_GREETING = re.compile(
    r"^(?:(?:hi|hey|hello|hiya|morning|good (?:morning|afternoon|evening)|yo)(?: there)?(?: \w+)?"
    r"|how are you(?: doing)?|how(?:'s| is) it going|you ok(?:ay)?|thanks|thank you|cheers)$"
)
_BACKCHANNEL = re.compile(
    r"^(?:ok(?:ay)?|right|sure|yeah|yep|yes|mm+|hm+|uh+|um+|er+|alright|all right|i see|oh|ah|cool|"
    r"ok(?:ay)? then|right then|got it|fine|and|so)$"
)
# What a proposal's words start with, captured up to the end of the clause.
_PROPOSAL_LEADS: tuple[tuple[str, str], ...] = (
    ("we", r"\b(?:how about|what about|what if|maybe|perhaps) we (?:(?:could|can|should|might) )?(?:just )?(?P<x>.+)"),
    # "Here's what I'd propose: we stick to the 18,000 and ...": the proposal is what follows.
    ("clause", r"\b(?:here'?s what i(?:'d| would)? (?:propose|suggest|offer)|what i(?:'m| am)? (?:propose|proposing|"
               r"suggest|suggesting) is|my (?:proposal|suggestion|offer) is)\s*[:,-]?\s*(?:that )?(?P<x>.+)"),
    ("me", r"\b(?:how about|what about|what if) you (?:could |can |just )?(?P<x>.+)"),
    ("you", r"\b(?:how about|what if) i (?:could |can |just )?(?P<x>.+)"),
    ("me", r"^(?:\w+,\s*)?(?:maybe |perhaps )?you could (?:always |just |maybe )?(?P<x>.+)"),
    # "Can we agree on Fridays?" asks for the request itself; "could we try a rota?" proposes a way.
    ("we", r"\b(?:could|can|shall) we (?:maybe |perhaps |just )?(?P<x>(?:try|split|do|make|start|set|say|"
           r"use|keep|have|move|meet|go|swap|switch|share|take|put|review|check)\b.+)"),
    # "Eleven thirty, and we try it for two weeks?": a way offered as a question.
    ("we", r"(?:^|[.?!,]\s*)(?:and |so |then )?we (?P<x>(?:try|say|do|keep|split|start|review|check|swap|switch|meet|"
           r"take|make)\b[^.?!]*)\?"),
    ("we", r"\bwe (?:could|can|might) (?:maybe |perhaps |just |always )?(?P<x>.+)"),
    ("we", r"\blet'?s (?:maybe |just )?(?P<x>(?:try|say|do|split|agree|start|make|set|keep|use|meet|swap|go|put|"
           r"review|check|take|share|switch|book|plan|pick|choose|get the (?:calendar|diary)|sort out|write)\b.+)"),
    ("you", r"\b(?:in (?:exchange|return)|in turn),? i(?:'ll| will| can| could) (?P<x>.+)"),
    # "We'd love to come to you on the twenty-seventh" offers a way, said back as "you come to me...".
    ("we", r"\bwe(?:'d| would) (?:love|like|be happy|be glad) to (?P<x>(?:come|visit|stay|have|do|spend|meet|bring|host|"
           r"see|take|join|call|go|try|split|share|pay|start)\b.+)"),
    ("you", r"\bi(?:'d| would) be (?:willing|happy|glad|open) to (?P<x>.+)"),
    ("you", r"\bi(?:'m| am) (?:willing|happy|prepared|open|glad|offering) to (?P<x>.+)"),
    # "I'm fine splitting it, say three payments": the way offered, said back as "you split it"
    ("you", r"\bi(?:'m| am) (?:totally |completely |also |more than )?(?:fine|happy|okay|ok|good|alright|all right) "
            r"(?:with )?(?P<x>(?:splitting|paying|doing|covering|taking|sharing|coming|moving|waiting|meeting|swapping|"
            r"switching|trying|starting|keeping|working|staying|going|putting|setting)\b.+)"),
    ("you", r"\bi can offer (?P<x>.+)"),
    # "What I can do is write up handover notes": the offer is what follows "is".
    ("you", r"\b(?:what|the (?:most|best|least)(?: that)?) i (?:can|could|will|'ll|am able to) (?:do|offer) is (?:to )?(?P<x>.+)"),
    # Not "get", "have", "use", "work", "leave": "I could get a raise" asks rather than offers.
    ("you", r"\bi (?:could|can|will|'ll)(?: also| maybe| perhaps| probably| possibly| just| still)? (?P<x>(?:send|pay|cover|take|do|come|make|start|give|"
            r"split|stay|check|call|text|join|share|keep|bring|set|swap|handle|put|write|move|book|"
            r"visit|clean|wash|help|buy|drop|pick|finish|hand|update|switch|try|log on|log in|dial in|jump on|hop on)\b.+)"),
    # "I'd dial into the wrap-up with my camera on": the way it would work, offered
    ("you", r"(?:^|[.!?]\s+)(?:\w+,\s*)?i(?:'d| would) (?:also |still |happily )?(?P<x>(?:dial|join|stay|come|keep|check|"
            r"answer|work|call|text|cover|send|update|be (?:on|online|reachable|available))\b(?![^.?!]*\b(?:but|if i could)\b)"
            r"[^.?!]+)"),
    ("be", r"\bi(?:'ll| will) (?:still )?be (?P<x>(?:at|there|around|available|on call|in|on|reachable|home|free)\b.+)"),
    ("i'll", r"\bi(?:'ll| will) (?P<x>(?:send|pay|cover|take|do|work|come|make|start|give|split|stay|check|call|"
             r"text|join|share|keep|leave|bring|set|swap|handle|put|write|move|book|visit|clean|wash|help|buy|"
             r"drop|pick|finish|hand|update|switch|use|try|get)\b.+)"),
    ("clause", r"\b(?:how about|what about|what if) (?P<x>(?:(?:the )?(?:weekends?|weeknights?|guests|people|"
               r"visits|payments|the kids|it|they|everyone|both of us)) (?:stay|stays|go|end|ends|finish|leave|start|"
               r"wind|are|is|can|could|will|would|get|happen|happens)\b.+)"),
    ("noun", r"\b(?:how about|what about) (?P<x>(?:a|an|the|some|one|two|three|four|five|six|seven|eight|nine|ten|"
             r"twenty|fifty|every|each|just|only|half|fridays?|"
             r"mondays?|tuesdays?|wednesdays?|thursdays?|saturdays?|sundays?|weekends?|\d+)\b.+)"),
    ("ing", r"\b(?:how about|what about) (?P<x>\w+ing\b.+)"),
    # "I'd accept eight percent now and the rest in March": a counter-offer, said back as "you get ...".
    ("get", r"\bi(?:'d| would)(?: happily| gladly| also)? (?:accept|take|settle for|be happy with|go for) (?P<x>(?:a|an|"
            r"the|some|half|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|"
            r"fifty|\d+|[$£€]\d+|store|a refund|part)\b.+)"),
)
_PROPOSAL_RX = tuple((kind, re.compile(p, re.IGNORECASE)) for kind, p in _PROPOSAL_LEADS)
# (", either works" / ", whatever works" / ", honestly" close an offer: "If you bring a book, either works" is broken)
_CLAUSE_END = re.compile(r"[.?!;]|,\s*(?:and|but|so|because|since|then|if|which|no problem|no worries|of course|either|"
                         r"whatever|honestly)\b"
                         r"|\s(?:because|so that|but|so)\s"
                         r"|,\s*(?:what|how|would|could|does|is|okay|ok|right|it'?s|that'?s|it is|that is)\b"
                         # "...the day before ok love you bro": a sign-off run on without punctuation ends the clause
                         r"|\s(?:ok|okay|alright)\s+(?:love you|bye|thanks|cheers|see you|ta)\b"
                         r"|\s(?:love you|bye now|cheers)\b"
                         # "pop over on the twenty-seventh, or, I don't know, maybe...": a second, hesitant option
                         r"|,\s*or,\s", re.IGNORECASE)
_USER_TO_THEM = {"i": "you", "me": "you", "my": "your", "mine": "yours", "myself": "yourself", "i'm": "you're",
                 "i've": "you've", "i'll": "you'll", "i'd": "you'd", "am": "are"}
_THEM_TO_ME = {"your": "my", "yours": "mine", "yourself": "myself", "you're": "I'm", "you've": "I've",
               "you'll": "I'll", "you'd": "I'd"}
_SUBJECT_VERBS = frozenset(
    "are were have can could will would do don't did should need want pay come know think like feel say said go get "
    "leave arrive buy see run start send call text keep stay take give ask tell make hear let "
    # "the same day you use it", "the money you borrowed": a verb after "you" makes it the subject
    "use used cook cooked eat ate wash washed finish finished work worked live lived mean meant promised agreed told "
    "asked got had borrowed lent moved booked drove".split())
# Words after which "you" is an object ("send you", "naming you", "for you").
_OBJECT_AFTER = frozenset(
    "to for with at from about by of on in than like give send tell ask pay let help show call text email remind "
    "owe meet see join thank bring get make want need promise pick drop".split())
_STOPWORDS = frozenset(
    "a an the and or but so to of in on at for with is are was were be been it its this that i you we me my "
    "your our us he she they them his her their just like um uh really very can could would will do does did "
    "not no yes if then than as about from have has had im i'm it's dont don't know think want need get got "
    "go going what when how why who which where whose whom there here all some more okay ok yeah well also still "
    "even much sure too by one two".split()
)


_WH_ASKED = re.compile(r"(?:^|[.:!?]\s+)(?:\w+ )?(?!how(?:'s| is| was| are) (?:that|it|things|everything|you)\b)"
                       r"(?:what|how|when|why|which|who|where)\b[^.?!]*\?", re.IGNORECASE)
_LEADING_NO = re.compile(r"^(?:no|nah|nope)[,.!]*\s+", re.IGNORECASE)
_ANYTHING_ELSE = re.compile(r"\banything else\b", re.IGNORECASE)


@lru_cache(maxsize=4096)
def content_words(text: str) -> frozenset[str]:
    """Lower-case words that carry meaning (no stopwords, at least three letters); cached: lines recur."""
    return frozenset(w for w in re.findall(r"[a-z']+", text.lower().replace("’", "'"))
                     if w not in _STOPWORDS and len(w) > 2)


@dataclass(frozen=True)
class Acts:
    """What one user line does in the conversation."""

    request: bool = False
    refusal: bool = False
    proposal: str | None = None  # what is proposed, as the counterpart would say it back
    question: bool = False
    facts: bool = False
    feelings: bool = False
    acknowledges: bool = False
    attack: bool = False
    blame: bool = False
    thanks: bool = False
    caving: bool = False
    off_topic: bool = False
    small_talk: bool = False
    greeting: bool = False
    preamble: bool = False
    repeated: bool = False
    addressed_objection: bool = True
    confused: bool = False
    warm: bool = False
    preliminary: bool = False  # a courtesy or preliminary ("I'll keep it short"): a go-ahead, nothing to negotiate
    disclaims: bool = False  # an insult or blame said only to deny it ("I'm not saying you're lazy")
    own_plan: bool = False  # the speaker's own plan or deed ("I've booked a cleaner"): reacted to, not agreed to
    chat: bool = False  # small talk beyond a greeting ("hey mum, how are you?", "saw the photos")
    sarcastic: bool = False  # mock praise or thanks ("great job leaving the pans again"): answered as an attack
    hear_me_out: bool = False  # asks to be heard before the matter ("bear with me"): a go-ahead, not "what do you want?"
    retaliates: bool = False  # a tit-for-tat jab ("we'll see how you like it"): never a proposal
    challenges: bool = False  # a dare to prove a claim ("tell me one thing I said"): answered as one
    owns_tone: bool = False  # sorry for the speaker's own tone ("that was out of line"): acknowledged first
    unstated: str = ""  # the matter not stated yet: "admission", "hint" or "confirm" (see unstated.py)
    meets_condition: bool = False  # takes up the condition of the counterpart's conditional yes (conditions.py)
    withholds: bool = False  # says nothing is wrong while showing it is ("Nothing. Doesn't matter."): see withholding.py

    @property
    def asks(self) -> bool:
        """Whether the line asks for something or says no (the goal is on the table)."""
        return self.request or self.refusal or self.proposal is not None or self.own_plan

    def summary(self) -> list[str]:
        """Short names of the acts present, for an LLM instruction and for logs."""
        flags = ("request", "refusal", "question", "facts", "feelings", "acknowledges", "attack", "blame", "caving",
                 "off_topic", "small_talk", "repeated", "sarcastic", "withholds")
        found = [name for name in flags if getattr(self, name)]
        if self.proposal:
            found.append("proposal")
        if self.repeated and not self.addressed_objection:
            found.append("ignores_objection")
        return found


# An offer asked aloud and withdrawn at once: "Maybe I could do the morning? No. No, I promised the kids."
# ("Maybe I could just do the hen and not... no. No, I can't do any of it.": broken off with dots, then taken back)
_OFFER_TAKEN_BACK = re.compile(r"\b(?:i could|i can|i'?ll|maybe i)\b[^.?!]*(?:\?|\.{2,}|…)\s+(?:no|nah|actually,? no|wait,? no)[.!,]",
                               re.IGNORECASE)
# A stutter: "can we, can we have a chat", "I just, I just think" (the words said again after a comma).
_STUTTER = re.compile(r"(?<![\w'])((?:[\w']+ ){0,2}[\w']+), \1(?![\w'])", re.IGNORECASE)


def _normal(text: str) -> str:
    return _STUTTER.sub(r"\1", " ".join(text.replace("’", "'").split()))


# Verbs whose object comes before a bare verb ("makes you think", "let you know", "saw you leave").
# ("have you", "had you" are left out: "what have you done" asks with the subject after the verb)
_CAUSATIVE = frozenset("make makes made let lets help helps helped get gets got see sees saw watch watched hear heard"
                       .split())


def _turn_round(words: list[str]) -> list[str]:
    """The user's words as the counterpart says them back: my -> your, you -> me/I."""
    # "for me," keeps its comma: each word is turned without its trailing punctuation, which is put back
    split = [re.match(r"^(.*?)([,;:]*)$", w).groups() for w in words]  # type: ignore[union-attr]
    bare = [w for w, _ in split]
    out: list[str] = []
    for i, word in enumerate(bare):
        low = word.lower()
        nxt = bare[i + 1].lower() if i + 1 < len(bare) else ""
        if low in _USER_TO_THEM and not (low == "am" and (not out or out[-1].lower().rstrip(",;:") != "you")):
            turned = _USER_TO_THEM[low]
        elif low in _THEM_TO_ME:
            turned = _THEM_TO_ME[low]
        elif low == "you":
            prev = bare[i - 1].lower() if i else ""
            if prev in ("like", "than", "as") and nxt in _SUBJECT_VERBS:
                subject = True  # "like you did with my blood pressure": a comparison's subject, said back "like I did"
            elif prev in _OBJECT_AFTER or prev.endswith("ing") or prev in _CAUSATIVE:
                subject = False  # ("what makes you think that": "makes me think", not "makes I think")
            else:
                subject = nxt in _SUBJECT_VERBS or prev in ("", "if", "and", "that", "when", "so", "then", "because", "before",
                                                               "after", "until", "while", "since", "once", "unless")
            turned = "I" if subject else "me"
        elif low == "us" and i and bare[i - 1].lower() in ("give", "tell", "let", "call", "text", "ring", "send", "show",
                                                           "email", "phone", "warn"):
            turned = "you"  # "give us a call before you come": the person's household, said back "give you a call"
        elif low == "are" and out and out[-1].rstrip(",;:") == "I":
            turned = "am"
        elif low == "were" and out and out[-1].rstrip(",;:") == "I":
            turned = "was"
        else:
            turned = word
        out.append(turned + split[i][1])
    return out


def said_back(phrase: str) -> str:
    """The user's words as the counterpart says them back ("my car" -> "your car", "you" -> "me")."""
    return " ".join(_turn_round(phrase.split()))


_TIME_NOUNS = frozenset("day night week month morning evening year weekend time".split())
_PARTICLES = frozenset("in on up out off over back down through done".split())
_COPULAS = frozenset("is are was were be been being".split())
_ASIDE_ADVERBS = frozenset("obviously honestly really actually basically seriously".split())
# Verbs whose particle may close the phrase: "put the lasagne in", "take the bins out", "give it back".
_PHRASAL = frozenset("put take turn give hand switch bring pick throw let write send leave get keep pay".split())


def clean_phrase(phrase: str, *, min_words: int = 2, max_words: int = 11) -> str | None:
    """A slot filler that reads whole, or None: no dangling "the"/"to", no cut numbers, not too long."""
    if re.search(r"\d[,.]\s*$", phrase):
        return None  # "the agreed 18," was cut inside a number ("18,000")
    words = phrase.strip(" ,;:-").split()
    popped = False
    while words and (last := words[-1].lower().strip(",;:")) in DANGLING | {"um", "uh", "just", "please", "maybe"}:
        # "once the worktops are in": the particle completes the clause; "put the lasagne in": the verb's own
        # particle, not a preposition cut from its object
        if last in _PARTICLES and ((len(words) > 1 and words[-2].lower() in _COPULAS)
                                   or (len(words) > 2 and any(w.lower() in _PHRASAL for w in words[:-2]))):
            break
        if last in ("before", "after") and len(words) > 1 and words[-2].lower() in _TIME_NOUNS:
            break  # "a reminder the day before": the adverb closes the time, no object was cut
        words.pop()
        popped = True
    if words and words[-1].lower().strip(",;:") in _COPULAS:
        return None  # "as soon as the worktops are": the clause lost its end
    if popped and len(words) > 2 and words[-2].endswith(","):
        words = words[:-1]  # "..., obviously, camera on" lost "on": the fragment after the last comma goes too
    while len(words) > 1 and words[-1].lower().rstrip(",") in _ASIDE_ADVERBS and words[-2].endswith(","):
        words = words[:-1]  # "..., obviously": an aside at the end says nothing back
    if not (min_words <= len(words) <= max_words):
        return None
    text = " ".join(words).strip(" ,;:")
    if re.search(r"[\"()\[\]{}:]|\d[,.]$|\b\w$", text) or not re.search(r"[a-z]{3}", text.lower()):
        return None
    if re.search(r"\b(?:you|i|we)$", text.lower()) and len(words) < 3:
        return None
    if re.search(r"\b(?:you're|i'm|we're|they're|it's|he's|she's|that's|there's|you'll|i'll|we'll|you've|i've|we've)$",
                 text.lower()):
        return None  # "you make sure you're" lost its last word ("in"): the clause is cut
    if _STRAY_QUOTE.search(text) or _HEADLESS_CLAUSE.search(text):
        return None  # "send someone' is starting to..." or "help with that doesn't cost much" cannot be said back
    return text


# A quote mark that is no apostrophe inside a word or after a plural ("the kids' room"): quoted speech was cut.
_STRAY_QUOTE = re.compile(r"(?:^|\s)'|(?<![s\s])'(?=\s|$)|[\u2018\u201c\u201d]", re.IGNORECASE)
# A relative clause whose noun was left behind ("anything I could help with that doesn't cost much" -> "help with
# that doesn't cost much"): a preposition, then "that"/"which", then a verb.
_HEADLESS_CLAUSE = re.compile(
    r"\b(?:with|for|to|about|on|in|at|of|from|by)\s+(?:that|which|who)\s+(?:doesn'?t|don'?t|does|do|did|didn'?t|is|"
    r"isn'?t|was|wasn'?t|are|aren'?t|would|could|will|won'?t|can|can'?t|might|has|hasn'?t|have|costs?|makes?|takes?|"
    r"works?|means?|needs?)\b", re.IGNORECASE)


# Hedges and fillers that read as broken once said back in a template ("If I be, like, a bit quieter").
_HEDGES = re.compile(
    r",?\s*\b(?:(?<!\byou )(?<!\bi )(?<!\bwe )(?<!\bthey )like|you know|i mean)\b\s*,|\b(?:possibly|maybe|perhaps|kind of|sort of|kinda|sorta|i guess|i think|"
    r"basically|honestly|actually|literally|somehow)\b,?", re.IGNORECASE)
_BE_AFTER = {"i": "am", "you": "are", "we": "are", "they": "are"}


def unhedged(phrase: str) -> str:
    """The phrase without hedges and fillers ("possibly do things, like, differently" -> "do things differently")."""
    return " ".join(_HEDGES.sub(" ", phrase).replace(" ,", ",").split()).strip(" ,")


def with_subject(subject: str, phrase: str) -> str:
    """`subject` + `phrase` as a sentence would say it: "I" + "be quieter" -> "I'm quieter"."""
    words = phrase.split()
    if words and words[0].lower() == "be":
        be = _BE_AFTER.get(subject.lower(), "is")
        contracted = {"am": "'m", "are": "'re"}.get(be)
        return f"{subject}{contracted} {' '.join(words[1:])}" if contracted else f"{subject} is {' '.join(words[1:])}"
    return f"{subject} {phrase}"


# Words that leave a proposal empty: "we do things a bit differently this year" offers nothing to name.
_VAGUE = frozenset("things thing differently different something anything stuff bit little change changes somehow "
                   "year time times sometimes way ways".split())
_DOUBTED = re.compile(r"\b(?:not sure|don'?t think|do not think|doubt|worried|afraid|scared|whether|wonder if|no way)"
                      r"(?: that)?\s*$", re.IGNORECASE)


# Words a said-back proposal cannot start with: it would read as broken text ("if you do is write up...").
_NOT_A_START = frozenset("is was are were am 's to and or but of that which".split())


# A question that trails off ("Is there maybe anyone else who could... no, sorry"): still asked, so answered.
_HALF_ASKED = re.compile(r"(?:^|[.!?]\s+)(?:\w+,\s*)?(?:is there|are there|could|can|would|will|do|does|did|is|are|"
                         r"have you|what|who|when|how)\b[^.?!]{3,}(?:\.\.\.|\u2026)")
# The line's words before an offer that make it a relative clause with its object in front ("anything I could...").
_OBJECT_GAP = re.compile(r"\b(?:anything|something|everything|whatever|which)\s*$", re.IGNORECASE)
# An opening quote mark (not an apostrophe inside a word): an offer after one is quoted, not made.
_OPEN_QUOTE = re.compile(r"(?:^|(?<=\s))['\"\u2018\u201c]")


# Offers with no terms in them: putting the talk off, or a small kindness ("I'll put the kettle on").
_NO_TERMS = re.compile(r"^(?:we |i )?(?:talk|chat|speak|think) about (?:it|that|this)(?: more)? (?:another time|later|some "
                       r"other time|tomorrow|next week)\b|\b(?:get|come|cut) (?:(?:straight|right) )?to (?:it|the point|the chase)\b|"
                       r"^(?:we )?start with (?:the |my |your )?[\w-]+\s*$|"
                       r"^give (?:you|me) (?:those|them|that|it|these)\s*$|\b(?:put|pop|stick|flick) the kettle on\b|\bmake (?:you |us )?"
                       r"(?:a )?(?:cup of tea|cuppa|coffee|tea)\b|"
                       # "Give me a figure and we can work from there": what follows an answer, no terms of its own
                       r"^(?:we )?(?:work|go|take it|see|build|move on) from there\s*$", re.IGNORECASE)


# "The numbers landed, I'll give you that.": a point granted, no offer.
_CONCEDING_IDIOM = re.compile(r"\bi(?:'ll| will) (?:give|grant) you (?:that|this|as much)\b", re.IGNORECASE)


# A tag question after the ask ("Could you do that, or is that a problem?"): no part of what is asked or offered.
_TAG_QUESTION = re.compile(r",?\s*\bor (?:is|would|will|does|was|are) (?:that|there|it|this)\b[^.?!]*(?=\?)|,?\s*\bor not(?=\?)",
                           re.IGNORECASE)


def _asked_part(text: str) -> str:
    """The line normalised, without a tag question after its ask."""
    return _TAG_QUESTION.sub("", _normal(text))


# A question about what happened, right after "what about ...?": the "what about" recalled an instance, it proposed none.
# (matched from the proposal's start: the rest of its sentence, its question mark, then the question about the past)
_PAST_INSTANCE = re.compile(r"[^.?!]*\?\s+(?:and |so )?(?:did|were|was|had|didn'?t|wasn'?t|weren'?t) (?:you|it|that|they|he|"
                            r"she)\b", re.IGNORECASE)


def extract_proposal(text: str) -> str | None:
    """What the line proposes, as a clause the counterpart can say ("you send me an update every Friday")."""
    norm = _CONCEDING_IDIOM.sub(" ", _asked_part(text))
    for kind, pattern in _PROPOSAL_RX:
        # every place the pattern fits, not only the first: "Here's what I'll do. ... I'll pay that when it's
        # finished" offers at its second "I'll"
        pos = 0
        while (match := pattern.search(norm, pos)) is not None:
            pos = match.start() + 1
            if _DOUBTED.search(norm[:match.start()]):
                continue  # "I'm not sure we can afford it" doubts; it offers nothing
            if re.search(r"\b(?:wondering|asking|ask|wonder) (?:if|whether)\b[^.?!]*$", norm[:match.start()], re.IGNORECASE):
                continue  # "I was wondering if, maybe, I could do some days from home" asks leave; it offers nothing
            if re.search(r"\b(?:if|unless|as long as)\s*$", norm[:match.start()], re.IGNORECASE):
                continue  # "If we can do that, we'll finish without falling out" sets a condition; it offers nothing new
            if PURPOSE_BEFORE.search(norm[:match.start()]):
                continue  # "..., so we can have a proper conversation" gives a purpose; it offers nothing
            if kind in ("noun", "clause", "ing") and _PAST_INSTANCE.match(norm, match.start("x")):
                continue  # "What about the pricing model in March? Did you 'forget' then too?" recalls; it offers nothing
            before = re.split(r"(?<=[.?!])\s+", norm[:match.start()])[-1]
            if _OBJECT_GAP.search(before) or len(_OPEN_QUOTE.findall(before)) % 2 or follows_noun(before, match[0]):
                # "anything I could help with" leaves its object behind; "'I'll send someone' is a joke" quotes
                # someone: neither is an offer that reads whole when said back.
                continue
            offered = match["x"]
            if ":" in offered:
                # "Can we try this: both phones go on the counter" proposes what follows the colon.
                kind, offered = "clause", offered.split(":", 1)[1]
            body = without_fillers(unhedged(without_judging_tail(both_parts(offered, _CLAUSE_END))))
            if shows_evidence(body):
                continue  # "I'm happy to show you the fault right now" offers evidence; there are no terms to agree to
            if _NO_TERMS.search(body):
                continue  # "maybe we talk about that another time" puts it off; "I'll put the kettle on" is a kindness
            if object_cut(body):
                continue  # "three hours I could put into the work": said back, the object would be missing
            words = body.split()
            broken = len(words) > 1 and kind not in ("clause", "noun") and words[1].lower() in ("is", "was")
            if words and (words[0].lower() in _NOT_A_START or broken):
                continue  # "you do is write up..." is broken text, not an offer: a template would paste it whole
            if len(words) > (MAX_BOTH if body != _CLAUSE_END.split(offered, maxsplit=1)[0] else 14) and " and " in body:
                words = body.split(" and ")[0].split()
            phrase = clean_phrase(" ".join(_turn_round(words)), max_words=MAX_BOTH if " and " in body else 14)
            if phrase is None or not content_words(phrase) - _VAGUE:
                continue
            if kind == "be":
                return f"you're {phrase}"
            if kind in ("you", "i'll"):
                if (verb := phrase.split()[0]).endswith("ing") and (base := base_of_gerund(verb)):
                    # "I'm open to splitting the difference": "you split the difference", never "you splitting"
                    phrase = " ".join([base, *phrase.split()[1:]])
                return with_subject("you", phrase)
            if kind == "me":
                return with_subject("I", phrase)
            if kind == "we":
                # "we came to you": that "we" leaves the counterpart out, so it is said back as "you came to me".
                mine = re.search(r"\b(?:(?:to|visit|visited|visiting|see|with|join) me|at mine|to my (?:place|house|flat))\b",
                                 phrase)
                # "we come up on the 28th": coming or visiting moves towards the counterpart, so that "we" leaves them
                # out too ("If we come up..." from the one being visited would have them do the travelling).
                mine = mine or leaves_them_out(phrase)
                return with_subject("you" if mine else "we", phrase)
            if kind == "clause":
                return phrase
            if kind == "ing":
                return f"we try {phrase}"
            if kind == "get":
                return f"you get {phrase}"
            return f"we do {phrase}"
    return None


# What the user asks the counterpart to do, up to the end of the clause ("could you email me the date today").
_ASKED_ACTION = re.compile(
    r"\b(?:(?:could|can|would|will) you(?: please| maybe| possibly| just| perhaps)*|(?:i(?:'d| would)(?: really| still| also)? like|i (?:really |just )?"
    r"(?:need|want)|(?<!like )(?<!as if )i(?:'m| am) asking) you to|please)\s+(?P<x>[a-z][^.?!;:]+)", re.IGNORECASE)
# A verb that starts a request said back; "could you not" or "can you believe" are not asks to act.
_NOT_ASKED = frozenset("not believe imagine mind need think say like want prefer rather know".split())
_NEEDED_THING = re.compile(r"\b(?:what i (?:really )?need is|i (?:really |still |just )?need|i(?:'m| am) (?:asking|hoping) for)"
                           r"\s+(?P<x>(?:a|an|the|some)\s[^.?!;:]+)", re.IGNORECASE)
# A question that puts the counterpart in the person's place: "Would you put up with it if it was the other way round?"
_PUT_IN_MY_PLACE = re.compile(r"\b(?:would|could) you (?:put up with|stand for|accept|be okay with|be happy with|like) "
                              r"(?:it|that|this)\b[^.?!]*\b(?:if (?:it was|it were|you were|someone)|other way round|in my shoes)",
                              re.IGNORECASE)
_WOULD_YOU_MIND = re.compile(r"\b(?:would|do) you mind (?P<v>[a-z]+ing)\s+(?P<x>[^.?!;:]+)", re.IGNORECASE)
_WH_BEFORE = re.compile(r"\b(?:what|how|why|when|where|which|who)\s*$", re.IGNORECASE)


def requested_action(text: str) -> str | None:
    """What the user asks the counterpart to do, said back as a verb phrase ("email you the date today"), or None."""
    norm = _asked_part(text)
    if _PUT_IN_MY_PLACE.search(norm):
        return None  # "Would you put up with it if it was the other way round?" asks them to imagine, not to act
    if mind := _WOULD_YOU_MIND.search(norm):
        # "Would you mind giving me a call?" asks "give me a call".
        verb = base_of_gerund(mind["v"])
        norm = f"could you {verb} {mind['x']}" if verb else norm
    match = _ASKED_ACTION.search(norm)
    if match and not content_words(match["x"]) - _VAGUE - {"that", "this"}:
        match = None  # "...by Friday. Can you do that?" points back: the thing asked for is named before it
    if not match or _WH_BEFORE.search(norm[:match.start()]):
        # "I need a qualified engineer here this week": a thing asked for is something to get the user.
        wanted = _NEEDED_THING.search(norm) or EXPECTED_THING.search(norm)
        if wanted is None:
            return None  # "What would you need from me?" asks a question; it asks for nothing to be done
        body = unhedged(_CLAUSE_END.split(wanted["x"], maxsplit=1)[0])
        if re.search(r"\bto\b", body):
            return None  # "I need the noise to stop" does not read as "get you the noise to stop"
        phrase = clean_phrase(" ".join(_turn_round(body.split())), max_words=10)
        return f"get you {phrase}" if phrase and content_words(phrase) - _VAGUE else None
    # ("Would you be able to put it in an email?" asks "put it in an email")
    # ("Could you guys maybe wrap it up?" asks "wrap it up" of them all)
    body = re.sub(r"^(?:(?:guys|lot|two|all|both|people),?\s+)?(?:be able to\s+)?", "",
                  without_fillers(unhedged(_CLAUSE_END.split(match["x"], maxsplit=1)[0])), flags=re.IGNORECASE)
    words = body.split()
    if not words or words[0].lower() in _NOT_ASKED or words[0].lower() in _NOT_A_START or object_cut(body):
        return None
    if words[-1].lower().strip(",") in DANGLING:
        return None  # "explain what the extra is for": cut at "for", it would no longer mean the same
    phrase = clean_phrase(" ".join(_turn_round(words)), max_words=14)
    if phrase is None or not content_words(phrase) - _VAGUE:
        return None
    if re.match(r"(?:don'?t|do not|never|not)\b", phrase, re.IGNORECASE):
        return None  # "please don't be upset" cannot be said back in "Yes, I'll ..." or "I can't promise to ..."
    return phrase


# Asking leave to do something oneself ("Can I try it for a month?", "Would it be possible to see someone else?").
_ASKED_LEAVE = re.compile(
    r"\b(?:(?:can|could|may) i(?: please| maybe| just)*|would it be (?:possible|okay|ok|alright|all right)(?: for me)? to|"
    # "But can we come to you on the twenty-seventh?": the person's side asks leave to visit
    r"(?:can|could|may) we(?: please| maybe| just| still)*(?=\s+(?:come|visit|pop|drop|stay|head)\s)|"
    r"is it (?:okay|ok|alright|all right|possible) (?:if i|for me to))\s+(?P<x>[a-z][^.?!;:]+)", re.IGNORECASE)
_NOT_LEAVE = frozenset("talk ask say be tell mention bring have get".split())
# Weighing something up is the counterpart's part: "Would it be possible to at least look at it?" asks them to act.
_THEIR_PART = frozenset("look review consider reconsider revisit check think discuss".split())


def requested_leave(text: str) -> str | None:
    """What the user asks to be allowed to do, said back as a verb phrase ("see someone else first"), or None."""
    norm = _asked_part(text)
    match = _ASKED_LEAVE.search(norm)
    if not match or _WH_BEFORE.search(norm[:match.start()]):
        return None
    body = without_fillers(unhedged(_CLAUSE_END.split(match["x"], maxsplit=1)[0].split(",")[0]))
    words = body.split()
    first = next((w.lower() for w in words if w.lower() not in ("at", "least", "maybe", "just", "perhaps")), "")
    if first in _THEIR_PART and not match[0].lower().startswith(("can", "could", "may")):
        return None
    # "Can I talk to you", "can I have an answer", "can I expect that email": a preamble or a thing asked for
    # from the counterpart, not leave to act.
    while words and words[0].lower() in ("still", "also", "just", "maybe", "perhaps"):
        words = words[1:]  # "Can I still have the pasta?": "Before you still have the pasta" is broken
    if not words or words[0].lower() in _NOT_LEAVE | _NOT_A_START | RECEIVING or words[-1].lower().strip(",") in DANGLING:
        return None
    phrase = clean_phrase(" ".join(_turn_round(words)), max_words=12)
    return phrase if phrase and content_words(phrase) - _VAGUE else None


def _is_repeat(line: str, earlier: Sequence[str]) -> bool:
    words = content_words(line)
    for old in earlier:
        if _normal(old).lower().strip(" .!?") == _normal(line).lower().strip(" .!?"):
            return True
        before = content_words(old)
        shared = len(words & before)
        # Restating: most of the earlier line again, and it makes up most of this one.
        if words and before and shared / len(before) >= 0.8 and shared / len(words) >= 0.5:
            return True
    return False


def _without(text: str, clauses: Sequence[str]) -> str:
    """`text` without the (lower-cased) clauses given, kept in its own case."""
    if not clauses:
        return text
    parts = re.split(r"(?<=[.?!])\s+|(,\s*(?:and|but|so)\s+)", text)
    out = ""
    joint, kept_before = " ", False
    for part in parts:
        if not part:
            continue
        if part.startswith(","):
            joint = part  # ", and " between two kept clauses stays: "Thursday's fine, and we start next week?"
            continue
        if part.lower() not in clauses:
            out += (joint if kept_before else (" " if out else "")) + part
            kept_before = True
        else:
            kept_before = False
        joint = " "
    return out


# "Forget the washing-up. Actually, no, don't forget it": the withdrawal taken back in the same breath.
_TAKEN_BACK = re.compile(r"\b(?:actually|wait|no),? (?:no,? )?(?:don'?t|do not) (?:forget|drop|leave) it\b|"
                         r"\b(?:actually,? no|no,? wait|scratch that)\b[^.?!]*\b(?:it does|it is|i do|matter|mind|not fine)\b|"
                         r"\bit'?s not (?:fine|okay|ok),? actually\b")


_ASKED_BESIDE = re.compile(r"\b(?:whether|if) (?:you|i|we) (?:could|can|would|might)\b|\b(?:could|can|would|will) you\b|"
                           r"\b(?:can|could|may) (?:i|we)\b", re.IGNORECASE)


def _asks_beside(rest: str) -> bool:
    """Whether what is left of a clause beside its courtesy still asks something outright ("..., is whether you could
    refer me"); a reason beside it ("because I'd rather not dance around it") asks nothing."""
    return len(rest.split()) >= 3 and bool(_ASKED_BESIDE.search(rest))


def read_acts(text: str, *, earlier: Sequence[str] = (), partner_last: str = "",
              topic_words: frozenset[str] | set[str] = frozenset()) -> Acts:
    """The dialogue acts of `text`, given the user's earlier lines and the counterpart's last reply."""
    norm = _normal(text)
    low = norm.lower()
    bare = re.sub(r"[^\w' ]+", "", low).strip()
    greeting = bool(_GREETING.match(bare)) and not THANKS.search(bare)  # "cheers" thanks; it does not greet
    backchannel = bool(_BACKCHANNEL.match(bare))
    # "It's about Fridays." as a sentence of its own names the topic as "can we talk about Fridays?" does
    preamble = bool(_PREAMBLE.search(low)) or topic_sentence(norm) is not None
    hear_me_out = asks_to_be_heard(norm)
    # "bear with me", "I'd like you to hear me out" and details asked for are preliminaries: they ask nothing yet
    # "Ooh, yes please" to "do you want some?" takes up their offer; "there's a small thing I wanted to bring up"
    # announces a matter: neither asks for anything yet
    pieces = re.split(r"(?<=[.?!])\s+|,\s*(?:and|but|so)\s+", accepting_offer(low, partner_last.lower()))
    # ("...and please don't take this the wrong way, is whether you could refer me": the ask after the courtesy stays)
    preliminary_clauses = [c for c in pieces if (PRELIMINARY.search(c) and not _asks_beside(PRELIMINARY.sub(" ", c)))
                           or asks_to_be_heard(c) or IN_PERSON.search(c) or announces_matter(c)]
    details = gives_asked_details(norm, partner_last)
    # The line without its courtesies: "I'll keep it short" neither requests nor proposes anything.
    matter = " ".join(c for c in pieces if c not in preliminary_clauses)
    matter = broken_off_asks(matter)
    request = bool(REQUEST.search(matter))
    # "I wanted to ask you something. I'd like to work from home": the ask outside the preamble stands.
    asked_outside = REQUEST.search(" ".join(c for c in re.split(r"(?<=[.?!])\s+|,\s+", matter)
                                            if not _PREAMBLE.search(c)))
    if preamble and len(REQUEST.findall(matter)) <= 1 and not asked_outside:
        request = False  # "I'd like to talk to you about something" names no request yet
    refusal = bool(REFUSAL.search(low))
    if refusal and says_goodbye(norm) and not REFUSAL.search(_LEADING_NO.sub("", low)):
        refusal = False  # "No, I'm done. Tell Mum I said hi." closes the talk; its "no" refuses nothing
    # "There's a small thing I wanted to bring up, it's not a big deal" plays the matter down before raising it: no
    # withdrawal unless another cue takes it back ("forget it").
    cave_cues = {m.group(0) for m in CAVE.finditer(low)}
    played_down = plays_down_announced(low) and all(_PLAYED_DOWN_CUE.fullmatch(c) for c in cave_cues)
    # ("Whatever. Just fix it." / "...I'm not paying it." / "...always an excuse with you": a resigned lead before an
    # ask, a refusal or a judgement lowers the tone, it does not drop the matter)
    # ("Fine. Forget it. I'll pay it myself like a mug. Lesson learned.": a dig behind the shrug drops nothing)
    dig = digs_after_resigning(norm)
    # ("Ha, no, it's fine, only half an hour. Don't worry. Well, actually, can I say something?": waved off, then raised)
    raised_after = bool(cave_cues) and any(m.start() > min(low.find(c) for c in cave_cues) for m in PRELIMINARY.finditer(low))
    caving = ((bool(cave_cues) and not played_down) or gives_in(norm, asks=lambda rest: any(
        rx.search(rest) for rx in (REQUEST, REFUSAL, BLAME, INSULT)))) and not dig and not _TAKEN_BACK.search(low) and (
        not raised_after)
    # ("I'll pay it myself like an idiot": a name the speaker calls themself insults nobody)
    # ("Love you, you idiot.": a fond name after "love you" insults nobody)
    attack = said_unnegated(INSULT, _FOND_NAME.sub(" ", _SELF_NAMED.sub(" ", low)))
    # "I'm not saying you're selfish": the judgement is disclaimed, so its words must not count as one either.
    disclaims = not attack and bool(INSULT.search(low) or BLAME.search(low))
    # "You're a good flatmate, you always pay rent on time": a sweep inside praise is no judgement
    blame = not attack and said_unnegated(BLAME, " ".join(
        c for c in re.split(r"(?<=[.!?])\s+", low) if not _PRAISE.search(c)))
    # "Oh great, so I sleep in the bath now. Thanks a lot.": sarcasm is a complaint, not thanks or an offer
    # "...and we'll see how you like it" does to the counterpart what they do: a jab, answered as sarcasm is
    retaliation = (retaliates(norm) or threatens(norm)) and not attack
    # "Whatever. Everyone on this team knows what you're like": a dig behind a shrug is a jab, not giving in
    sarcastic = (is_sarcastic(norm) or retaliation or dig) and not attack
    blame = blame or sarcastic
    thanks = bool(THANKS.search(low)) and not sarcastic
    # "I'm going to start leaving at five" is the speaker's own plan: it is no offer to take up.
    own_plan = states_own_plan(norm) and not (caving or attack or request)
    proposal = None if caving or attack or own_plan or sarcastic else extract_proposal(_without(norm, preliminary_clauses))
    if proposal and _OFFER_TAKEN_BACK.search(norm):
        proposal = None  # "Maybe I could come in for the morning? No. No, I promised the kids.": offered and withdrawn
    if proposal and request and ask_after_offer(norm, offers=extract_proposal, asks=lambda s: bool(REQUEST.search(s)),
                                                 words=content_words):
        proposal = None  # "I'll be home from two. Could you also cover the electricity?": the ask is answered
    acknowledges = bool(ACKNOWLEDGE.search(low))
    # "Can we talk about Christmas?" asks to talk, not about Christmas: it is not a question to answer.
    # "Why is it so hard? Honest question." still asks: a question mark ends any of its sentences
    question = (bool(re.search(r"\?(?:\s|$)", low)) or bool(_HALF_ASKED.search(low))) and not request and not preamble
    facts = bool(FACT.search(low) or MILD_COMPLAINT.search(low))
    # ("I feel silly even bringing it up" is about raising the matter, not a feeling about it)
    feelings = bool(FEELING.search(_RAISING_FEELING.sub(" ", low)))
    if caving:
        # "Never mind, it's fine" withdraws the ask even when a request cue fired ("please, forget it").
        request = refusal = False
    # "Nothing. Doesn't matter." to "what's wrong?": something is wrong; it is asked about, not waved on as small talk
    # ("Nothing else, thanks" to "anything else?" answers the question)
    withholds = holds_back(norm) and not (request or refusal or proposal or own_plan or caving or attack or sarcastic
                                          or feelings or thanks or facts or _ANYTHING_ELSE.search(partner_last))
    chat = is_small_talk(norm) and not (greeting or backchannel)
    small_talk = (greeting or backchannel or chat) and not (request or refusal or caving or attack or proposal
                                                            or own_plan or sarcastic or withholds)
    # An apology is about the conversation, never off topic; the rest of the line may still drift
    # ("Did you hear back from the florist? Sorry, my head's all over the place").
    # Only the apology's own clause goes: "I wish you'd asked before booking Ibiza, but, sorry, that's not the
    # point" still names the matter, so its words count towards being on topic.
    rest = " ".join(c for c in re.split(r"(?<=[.?!])\s+|,\s*", norm) if not APOLOGY.search(c.lower()))
    core = (request or refusal or proposal or own_plan or caving or attack or blame or acknowledges or feelings
            or preamble or thanks or CONFUSED.search(low) or (APOLOGY.search(low) and not rest.strip()))
    said = frozenset(re.sub(r"'s$", "", w) for w in content_words(rest or norm))  # "money's" is about money
    # One unmatched word ("it just keeps dying on me") is too little to call a line off topic.
    # ("You obviously don't care whether we freeze." says something of the counterpart: a charge, not a new subject)
    about_them = any(re.search(r"\byou(?:'re|'ve|'d|'ll)?\b(?! know\b)", s.lower()) and not s.rstrip().endswith("?")
                     for s in re.split(r"(?<=[.?!])\s+", rest))
    off_topic = (not core and not small_talk and not about_them and len(rest.split()) >= 4 and len(said) >= 3
                 and bool(topic_words) and not (said & topic_words) and not (said & content_words(partner_last)))
    # "hey, how are you" after "hey" is small talk again, not a point pressed without answering an objection
    repeated = bool(earlier) and _is_repeat(norm, earlier) and not small_talk
    addressed = True
    if repeated:
        previous = set().union(*(content_words(old) for old in earlier))
        objection_words = content_words(partner_last) - previous
        addressed = acknowledges or proposal is not None or bool(content_words(norm) & objection_words)
    # "Date of birth the fourteenth of May. The bill has 1,180 dollars for an MRI...": the details after the
    # preliminary are the matter itself, so the line is no mere preliminary to wave on.
    # ("I know you're busy, I'll be quick. Last question: how will we know it's working?" asks: no go-ahead)
    asks_outright = bool(_WH_ASKED.search(matter)) and not (is_small_talk(norm) or side_question(norm))
    preliminary = bool(preliminary_clauses) and not (request or refusal or proposal or caving or attack or blame
                                                     or asks_outright
                                                     or (FACT.search(matter) and len(content_words(matter)) >= 3))
    # The account number and date of birth just asked for, a grumble beside them: still only the details
    preliminary = preliminary or (details and not (request or refusal or proposal or caving or attack or feelings))
    says_matter = bool(request or refusal or proposal or own_plan or caving or attack or blame or sarcastic or feelings
                       or preamble or preliminary or question)
    unstated = unstated_kind(norm, partner_last, says_matter=says_matter, facts=facts)
    return Acts(request=request, refusal=refusal, proposal=proposal, question=question, facts=facts,
                feelings=feelings, acknowledges=acknowledges, attack=attack, blame=blame, thanks=thanks,
                caving=caving, off_topic=off_topic,
                small_talk=small_talk, greeting=greeting, preamble=preamble and not (request or small_talk),
                repeated=repeated,
                addressed_objection=addressed, confused=bool(CONFUSED.search(low)) and not attack,
                warm=bool(WARM.search(low)) and not (attack or sarcastic), preliminary=preliminary,
                disclaims=disclaims and not blame, own_plan=own_plan, chat=chat and small_talk, sarcastic=sarcastic,
                hear_me_out=hear_me_out and not (request or refusal or proposal or attack or sarcastic),
                retaliates=retaliation, challenges=challenges(norm), owns_tone=apologises_for_tone(norm),
                unstated=unstated,
                meets_condition=not (refusal or caving or attack or sarcastic) and meets_condition(norm, partner_last),
                withholds=bool(withholds))


def scenario_words(s: Scenario) -> frozenset[str]:
    """Every content word of a scenario: a line sharing none of them (or of the last reply) is off topic."""
    return content_words(" ".join(
        [s.goal, s.situation, s.request or "", *s.counterpart.past_behaviour, *s.playbook.interests,
         *s.playbook.objections, *s.playbook.diversions, *s.playbook.concede_if, s.playbook.opening_line,
         *(line for lines in s.playbook.lines.values() for line in lines)]))
