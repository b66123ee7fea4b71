"""Phrase patterns that say what a clause of a user's line does (attack, caving, hedge, request...).

Used by the clause analysis (`clauses.py`), the rewrite and the quality gate. Patterns run on
lower-cased text with straight apostrophes.
"""

from __future__ import annotations

import re


def rx(*patterns: str) -> re.Pattern[str]:
    """One case-insensitive alternation of the patterns."""
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


# Words that are sarcastic only in a line that is sarcastic elsewhere too ("Really appreciate it.").
WEAK_SARCASM = rx(r"^that'?s (?:really |so )?(?:nice|great|lovely)\b", r"^so (?:i|we) (?:just )?get to\b", r"\breally appreciate it\b", r"^great\b", r"^perfect\b", r"^thanks\b", r"^wow\b", r"^classic\b")
# Name-calling, contempt, swearing at the person, rhetorical put-downs.
INSULT_WORDS = (
    r"idiots?|stupid|morons?|slobs?|leech(?:es)?|jerks?|crooks?|thie(?:f|ves)|liars?|lying|con artists?|"
    r"prats?|cow|bitch(?:es)?|bastards?|pathetic|clueless|incompetent|disgusting|entitled|freeloading|"
    r"nosy|selfish|lazy|useless|losers?|freeloaders?|moochers?|scam(?:mers?)?|dickheads?|arseholes?|assholes?|dumb|ridiculous|"
    r"rude|childish|crazy|dramatic|obsessed|toxic|spoilt|spoiled|clingy|controlling|paranoid|immature|petty|flaky|"
    r"unreliable|bitter|jealous|pigs?|hypocrites?|cowards?|parasites?|brats?|clowns?|creeps?|weirdos?|slackers?"
)
INSULT = rx(
    rf"\byou(?:'re| are)? (?:(?:an?|such an?|so|being|just|really|the|a total|a complete|the most|kind of|sort of|"
    rf"kinda|a bit of)\s+)*"
    rf"(?:\w+\s+){{0,2}}(?:{INSULT_WORDS})\b",
    rf"\byou (?:\w+ )?(?:{INSULT_WORDS})\b", r"\b(?:you people|you lot) are\b",
    # Their partner or friend put down to them: "your boyfriend is a total freeloader".
    rf"\byour [\w-]+ (?:is|'s) (?:(?:a|an|such an?|so|a total|a complete|just|really|basically) )*(?:{INSULT_WORDS})\b",
    rf"\b(?:{INSULT_WORDS}) (?:person|people|friends?|thief|leech|slob|cow|prat)\b",
    r"\bare you (?:even|stupid|kidding|serious|deaf|insane|mad)\b", r"\bwhat(?:'s| is) wrong with you\b",
    r"\bwhat(?:'s| is) your problem\b", r"\bgo to hell\b", r"\bwhat the (?:hell|heck|fuck)\b",
    r"\bshut up\b", r"\bthe \w+ card\b", r"\byou did the (?:exact )?same (?:thing )?to\b", r"\blame\b", r"\byou (?:just )?don'?t (?:trust|care about|respect|listen to) (?:anyone|anybody|me|us)\b", r"\btaking the (?:mick|piss|mickey)\b", r"\bhave no life\b",
    r"\bmind your own business\b", r"\bthis (?:\w+ ){0,2}is a (?:joke|scam|rip-?off|disgrace|farce)\b", r"\bkeep your opinions to yourself\b", r"\bthanks for nothing\b",
    r"\byou don'?t care\b", r"\bgrow up\b", r"\bwith all due respect\b", r"\bstone age\b",
    r"\bhaven'?t listened to a word\b", r"\bthis is a (?:scam|joke|rip-?off)\b", r"\bmost selfish\b",
    r"\byou(?:'re| are) the worst\b", r"\byou(?:'re| are) (?:so )?(?:funny|hilarious)\b",
    r"\bso rude\b", r"\bhow dare you\b", r"\bdon'?t be (?:so )?(?:dramatic|ridiculous|silly|stupid|childish|pathetic)\b",
    r"(?<!if )(?<!when )\byou'?re the one who\b", r"\breally mature\b", r"\bdon'?t give me that\b", r"\bafter everything i'?ve done\b",
    r"\bnot (?:really )?my problem\b", r"\byou(?: guys| people| lot)? will say anything\b", r"\bit'?s not my job to\b", r"\bi'?ve (?:paid for|done|given you|sacrificed) everything\b", r"\byou need (?:your own|to get a)\b", r"\bthis place is a joke\b", r"\b(?:maybe )?you should (?:get a (?:job|life)|learn to|grow up|try being)\b",
    r"\bat least (?:i|my \w+)(?:'m| am)? (?:not|don'?t|didn'?t|doesn'?t)\b", r"\blike you\W*$", r"\byou care more about .+ than (?:me|us)\b", r"\bthink before you open your mouth\b", r"\bopen your mouth\b", r"\bget a life\b", r"\bgive me a break\b",
    r"\bcrap\b", r"\bfuck\w*\b", r"\bshit\w*\b", r"\bhell\b",
)
_PEOPLE = (r"friend|person|daughter|son|mother|mom|mum|father|dad|parent|partner|girlfriend|boyfriend|sister|"
           r"brother|wife|husband|employee|colleague|tenant|neighbou?r|host|human|roommate|flatmate|boss|guest")
# Point-scoring jabs said as facts or advice: who pays more, who uses what, whose fault it really is.
# They carry no ask and turn the talk into a tally, so they are dropped like any other attack.
JAB = rx(
    # "I told you so" in advance: a jab dressed as an ask.
    r"\bdon'?t come (?:crying|running|complaining) to me\b", r"\bthink before you open your mouth\b",
    r"\b(?:everyone|everybody) knows you(?:'re| are)?\b", r"\bdon'?t throw stones\b", r"\bglass houses?\b",
    r"\bi (?:put in|pay|paid|earn|make|do|did|contribute|spend|clean|cook|give) (?:\w+ ){0,3}more than you\b",
    r"\bmore than you (?:ever )?(?:do|did|have|will)\b", r"\bunlike you\b",
    r"\b(?:technically|basically|legally|really) (?:\w+ ){0,4}(?:half |all |partly )?mine\b", r"\bhalf mine\b",
    r"\b(?:(?:has|have|had) )?(?:been )?(?:sitting|gathering dust|collecting dust|rotting) in (?:the|a|your|our) \w+",
    r"\b(?:gathering|collecting) dust\b", r"\byou(?:'ve| have)? never (?:even )?(?:used|touched|opened|worn|played) (?:it|them)\b",
    r"\b(?:and|while|but|when) i (?:barely|hardly|never even|didn'?t even|only just) \w+(?: \w+)? (?:mine|it|them)\b",
    r"\bi (?:barely|hardly) (?:touched|used|looked at|opened) mine\b",
    r"\bwhich i know you (?:hate|can'?t stand|don'?t like|love)\b", r"\byou(?:'re| are) one to talk\b", r"\blook who'?s talking\b", r"\bsays the (?:one|person|guy|girl|man|woman) who\b",
    r"\bpot calling the kettle\b", r"^just like (?:you|last time)\b", r"^it'?s (?:just |only )?one (?:night|day|time|weekend|evening)\W*$", r"\b(?:get|find|ask) someone else to (?:do|run|handle) your\b",
    r"\bthis is why nobody\b", r"\bnobody (?:trusts|likes|believes) (?:you|your)\b", r"\b(?:who|that) (?:actually|even) (?:show up|shows up|work|works|do|does|pay|pays|care|cares|listen|listens)\b", r"^you wouldn'?t know\b", r"\bdid you (?:ever )?think (?:of|about) that\b",
    r"\b(?:they|people|everyone)(?:'re| are) (?:all |just )?(?:scared|afraid|terrified) of you\b", r"(?<!if )(?<!when )\byou'?re (?:not )?the one (?:on|with|who)\b",
    r"\bworry about your own\b", rf"\b(?:she|he|they)(?:'s| is|'re| are) (?:so |such an? |really |totally |just )*"
    rf"(?:{INSULT_WORDS})\b", r"\b(?:she|he|they)'?ll (?:totally |just )?(?:mess|screw|ruin) (?:it|this|everything)\b",
    r"\bthat'?s not fair\b", r"\bi'?m the one who\b", r"\byou'?d think you'?d\b", r"\byou'?re acting like (?:a|my|such)\b", r"\byou made a (?:whole |big )?(?:thing|fuss|scene|deal)\b",
    r"\b[a-z]+ at least (?:texts|calls|shows up|pays|says|asks|does|tries)\b", r"^remember (?:my|our|last|when|the time)\b", r"\bthe least you could do\b", r"\byou owe (?:me|us) (?:that|at least)\b", r"\b(?:maybe )?(?:go )?ask \w+ why (?:he|she|they)\b", r"\byou(?:'re| are) (?:no better|just as bad)\b", r"\byou do it too\b",
    r"\bif you (?:\w+ ){1,5}(?:better|properly|right|at all|for once|like an adult)\b,? (?:then )?you (?:wouldn'?t|would not|won'?t|might not)\b",
)
# Swear words removed inside an otherwise usable clause ("fix the damn heating").
PROFANITY = re.compile(r"\b(?:damn|damned|bloody|fucking|freaking|frigging|goddamn|crappy)\s+", re.IGNORECASE)
THREAT = rx(
    r"\bor (?:else|i(?:'ll| will| swear)|i'm|i am)\b", r"\bi(?:'ll| will) (?:report|sue|call the (?:cops|police)|"
    r"throw|tell everyone|make you|get you|ruin|post)\b", r"\bcall the (?:cops|police)\b", r"\bi swear\b",
    r"\bdon'?t bother (?:showing|coming)\b", r"\bwalking out the door\b", r"\byou'?ll regret\b",
    r"\bi'?ll (?:just )?stop coming\b", r"\bi'?ll stop (?:banging|knocking|hammering|thumping|stomping)\b", r"\bwe should just eat separately\b", r"\bi'?m (?:done|out of here)\b", r"^see how (?:that goes|you like it)\b",
    r"\bi'?ll (?:just )?start \w+ing\b(?:\s+\w+){0,3} too\b",
    r"\bi'?m (?:going to |gonna )?(?:telling|tell) (?:everyone|everybody|your)\b",
    r"\bif (?:it'?s not|you don'?t|you haven'?t|it isn'?t)\b[^.]*\bi'?(?:m|ll) (?:telling|tell|going to|posting|calling|reporting)\b",
)
SARCASM = rx(
    r"\b(?:thanks|thank you) (?:so much )?for the (?:big|huge|enormous|massive|great) (?:sacrifice|effort|favou?r)\b",
    r"^oh (?:wow|great|fantastic|brilliant|sure|perfect|lovely)\b", r"\bthanks so much for\b",
    r"^great,? (?:so|only|another|now|just)\b", r"\bmust be nice\b", r"\bmust be a (?:personal )?record\b", r"\btake your time\b",
    r"\bi love (?:wearing|waiting|being|how)\b", r"\bkeep scrolling\b", r"\bway more interesting than\b",
    r"\bcongrats on\b", r"\bfunny how\b", r"\bnice new\b", r"\bfound a good home\b", r"\bfolds itself\b",
    r"\bsilly me\b", r"^oh fantastic\b", r"\bbecause i definitely\b", r"\bloved the\b",
    r"\bdo it again sometime\b", r"\bthat'?ll definitely\b", r"^thanks,? (?:doctor|mate|a lot)\b",
    r"\bthanks a lot\b", r"\byeah,? right\b", r"\bas if\b", r"\bwhat a surprise\b", r"\bshocking\b",
    r"\bi'?m sure .+ (?:more|is) (?:interesting|important)\b", r"\bthe lovely\b", r"\bamazing\b(?=.*\b(?:your|you)\b)",
    r"^right,? (?:drink|sure)\b", r"^sure,? \w+,? take\b", r"^no,? no,?\b",
    r"^way to\b", r"\b(?:so|oh|of course) (?:now )?it'?s (?:all )?my fault\b", r"\bit'?s (?:all )?my fault now\b",
    r"\bso now i'?m the (?:bad guy|villain|problem)\b", r"^(?:yeah,? |oh,? )?sure,? you (?:will|are|do|did|would|have)\W*$",
    r"^(?:oh,? )?come on\W*$", r"^(?:oh,? )?here we go\b", r"\byou somehow\b", r"\bsomehow there (?:was|is)\b", r"\bdon'?t count because\b", r"^but ok(?:ay)?\W*$", r"^oh,? so (?:i|you|we|now)\b", r"^oh,? please\W*$", r"^so now i'?m (?:the )?\w+\W*$", r"\bhappy now\b", r"^happy\W*$",
    r"^easy for you to say\b",
)
APOLOGY = rx(
    r"(?<!saying )(?<!said )(?<!say )(?<!you're )(?<!youre )\b(?:i'?m |i am )?(?:so |really |very )?sorry\b(?: (?:to|for|if|but|that)\b[^,.;!?]*)?",
    r"\bi apologi[sz]e\b[^,.;!?]*", r"\bforgive me\b", r"\bmy bad\b", r"\bi feel (?:so |really )?(?:terrible|bad|awful|guilty)\b(?! about my)",
    r"\bi hate (?:to be that person|to ask|to bother|letting you down|to do this)\b",
    r"\bi hope this doesn'?t come across (?:wrong|badly)\b",
)
# Words that call one's own point small or unreasonable (used by the self-putdown patterns).
_SMALL = (r"petty|stupid|silly|dumb|cheap|stingy|small|trivial|minor|crazy|ridiculous|picky|fussy|selfish|dramatic|"
          r"unreasonable|needy|paranoid|sensitive|over the top")
SELF_MIN = rx(
    r"\bi'?m probably (?:overreacting|being silly|just tired|wrong)\b", r"\bit'?s probably nothing\b",
    r"\bthis is (?:probably )?(?:a )?(?:silly|stupid|dumb)(?: question)?\b", r"\bprobably a silly question\b",
    r"\bi'?m (?:probably )?not (?:the best|very good|great|good) (?:at|with)\b[^,.;!?]*", r"\bi'?m begging\b[^,.;!?]*",
    r"\bplease,? please\b", r"\bi'?m (?:just )?useless at\b[^,.;!?]*",
    r"\bi might be (?:totally |completely )?wrong\b", r"\bi'?m no (?:builder|expert|lawyer|doctor)\b",
    r"\bi'?m being (?:too )?(?:sensitive|dramatic|silly)\b", r"\bmy fault\b",
    r"\bi'?m not (?:exactly )?perfect\b", r"\bi'?m such an? \w+\b", r"\blucky to have\b",
    r"\bi know you'?re (?:the expert|(?:super |really |so )?busy)\b", r"(?<!understand )(?<!understand that )(?<!get that )(?<!hear that )(?<!appreciate )(?<!appreciate that )\byou'?re (?:so |really )?busy\b",
    r"\bi know it'?s not your fault\b", r"\bi'?m not asking for much\b", r"\bwe'?re desperate\b", r"\bi'?m desperate\b", r"\bi'?m (?:just )?happy to be here\b",
    r"\bi don'?t want to (?:make it|be|make this) (?:weird|awkward|a thing|a big deal)\b",
    r"\bi'?m not trying to (?:be|sound|make a|cause|start|nag|pick)\b[^,.;!?]*",
    r"\byou can (?:totally )?ignore me\b", r"\bfeel free to say no\b", r"\bjust a thought\b",
    r"\b(?:it'?s )?not a (?:huge|big) deal\b", r"\bno big deal\b", r"\bit'?s not important\b",
    r"\bit doesn'?t (?:really )?matter\b", r"\bno rush\b", r"\bwhenever you get (?:round|around) to it\b",
    r"\bi don'?t want to (?:sound ungrateful|upset anyone|be a pain|make a fuss)\b", r"\bi don'?t care anymore\b",
    r"\bsorry to be a pain\b", r"\bi hate to be that person\b", r"\bisn'?t the most scientific\b",
    r"\bi know i'?m (?:probably )?(?:being )?(?:annoying|stupid|dramatic|a pain|too much)\b",
    r"\bnot supposed to google\b", r"\bit'?s awkward\b", r"\bthis is (?:kind of )?awkward\b",
    # Put-downs of oneself said as a feeling ("I feel like such a bad friend") are still put-downs.
    rf"\bi (?:feel like|'m|am|must be|sound like) (?:(?:such|the|a|an|so|really|total|complete) )*(?:\w+ )?"
    rf"(?:bad|terrible|awful|horrible|selfish|mean|lousy|crappy|shitty|rubbish|worst|ungrateful|needy|petty) "
    rf"(?:{_PEOPLE})\b",
    r"\bi feel like (?:(?:such|the|a|an|total|complete) )+(?:jerk|monster|villain|idiot|failure|burden|bad guy|nag|"
    r"traitor|hypocrite)\b",
    r"\bi feel like i'?m (?:being )?(?:so )?(?:selfish|mean|unreasonable|difficult|a burden|the bad guy|too much|a nag|"
    r"petty|needy|ungrateful)\b",
    r"\bi feel (?:so |really |kind of )?(?:selfish|stupid|pathetic|useless|needy|petty|ungrateful)\b",
    # Agreeing in advance that the point is small ("I know it sounds petty", "I'm probably just being cheap")
    # accepts the other person's framing of it.
    rf"\bi know (?:it|this|that|i) (?:probably |might |may )?(?:sounds?|seems?|looks?|am|'m) (?:(?:so|really|a bit|kind of|"
    rf"like|a little) )*(?:{_SMALL})\b",
    rf"\b(?:this|it) (?:probably |might |may |must )?(?:sounds?|seems?) (?:(?:so|really|a bit|kind of|like|a little) )*"
    rf"(?:{_SMALL})\b",
    rf"\bi'?m (?:probably |maybe |just |prob )*being (?:(?:so|really|a bit|too|kind of|a little) )*(?:{_SMALL}|a pain)\b",
    rf"\bthis is (?:probably |maybe |prob )?(?:(?:so|really|kind of) )?(?:{_SMALL})\b",
    # Granting the no before asking ("I totally get it if not", "I know money's tight") concedes the point.
    r"\bi (?:totally |completely |fully )?(?:get|understand)(?: it| that)? if (?:not|you can'?t|you don'?t|"
    r"you'?d rather not|it'?s a no)\b",
    r"\bi know (?:money|things|cash|budgets?|the budget|times|it)(?:'s|'re| is| are) (?:(?:really|a bit|pretty|so) )?"
    r"(?:tight|slow|hard|tough|difficult)\b(?: and stuff| right now| at the moment)?",
    r"\bi (?:feel|am|'m) (?:(?:so|really|a bit|kind of|a little) )*(?:embarrassed|awkward|silly|stupid|weird|bad|"
    r"uncomfortable) (?:even )?(?:asking|to ask|bringing (?:this|it) up|to bring (?:this|it) up|saying (?:this|it)|"
    r"mentioning (?:this|it)|raising (?:this|it))\b",
)
CAVING = rx(
    r"(?<!never )\bforget (?:it|i said anything|about (?:it|the\b[^,.;!?]*)|the\b[^,.;!?]*)", r"\bnever ?mind\b",
    # Handing them the date or the terms: "whenever works for you is fine", "whatever suits you".
    r"\b(?:whenever|whatever|however) (?:works|suits|is (?:easiest|best|good)) (?:for )?you\b(?:,? (?:is|'s) (?:fine|okay|ok))?",
    r"\b(?:it'?s|that'?s|is) fine\b(?: then| this time| really)?", r"\byou'?re (?:probably )?right\b",
    r"\bwhatever'?s easiest\b", r"\bpay me whenever\b", r"^or never\b", r"\bcome whenever you like\b",
    r"\bit'?s your house too\b", r"\bi'?ll just\b(?! (?:tap|remind|text|ping|nudge|say|mention|point|check|wave|knock)\b)[^,.;!?]*",
    r"\b(?:is|'s) better than nothing\b", r"\bit'?s easier\b", r"\bwe'?re family\b",
    r"\bask all you want\b", r"\bfine,? send it over\b", r"\bi suppose i could\b[^,.;!?]*",
    r"\bi'?ll make it work\b", r"\bi can if you\b[^,.;!?]*", r"^so,? yes\b", r"^sure,? (?:i guess|yeah|fine)\b",
    r"\bi won'?t cancel\b", r"\bmaybe i could\b[^,.;!?]*",
    r"\bmaybe just for a bit\b", r"\bwe'?ll see\b", r"\blet me think about it\b", r"\bcan i get back to you\b",
    r"\bi'?ll have to see\b[^,.;!?]*", r"\bthat'?s not bad\b", r"\bsounds nice\b", r"\bmaybe next (?:month|week|year|time)\b",
    r"^or don'?t\b", r"\bthat'?s okay too\b", r"\bonly joking\b", r"\bit'?s not me,? it'?s\b",
    r"\bi can'?t say no to you\b", r"\bif nobody else can\b[^,.;!?]*", r"\bokay,? fine\b", r"^fine,? we'?ll\b",
    r"\bwe'?ll go to your\b[^,.;!?]*", r"\bmy plans weren'?t important\b",
    r"\bi'?m open to (?:anything|whatever|everything)\b", r"\bif that'?s what it takes\b", r"\bi'?m flexible\W*$",
    r"\bcan i (?:maybe )?think about it\b",
    r"\bi guess i (?:could|can|'ll)\b[^,.;!?]*",
    r"\bpay me (?:back )?whenever\b",
    r"\b(?:send|pay|give me) what(?:ever)? you can\b", r"\bit'?s not like i (?:really )?(?:want|need|have) to\b[^,.;!?]*",
    r"\b(?:sounds|seems) (?:ok|okay|fine|alright)\b,? i guess\b", r"\banything (?:works|is fine|goes)\b",
    r"\bi'?ll take (?:anything|whatever)\b", r"\bwhatever you (?:think|decide|want|say)\b", r"\beither way is fine\b",
    r"\bi'?m (?:easy|flexible on all of it)\b", r"\byou win\b", r"\bor whatever\b", r"\bwhatever\b(?! (?:gets|it takes)\b)", r"\bi don'?t mind\b", r"\bbut whatever\b",
)
# Conditions that make an ask optional ("only if it's not a bother").
SOFTENER = rx(
    r"\bif (?:it'?s|that'?s|this is) (?:not )?(?:too much(?: trouble)?|no trouble|okay|ok|alright|cool|"
    r"not a bother|a bother|possible|not a big deal)\b", r"\bonly if\b[^,.;!?]*", r"\bif you want\b",
    r"\bif possible\b", r"\bif you get a chance\b", r"\bif you remember\b", r"\bif that'?s (?:maybe )?okay\b",
    r"\bor even if\b[^,.;!?]*", r"\bif you don'?t mind\b",
)
# Hedge words removed inside a kept clause. "kind of"/"sort of" after a determiner ("that kind of work") stay, and
# so does "kind of you" (kindness, not a hedge).
_NOT_HEDGE_KIND = r"(?<!\bthat )(?<!\bthis )(?<!\bwhat )(?<!\bthe )(?<!\bany )(?<!\bsome )(?<!\bthese )(?<!\bthose )(?<!\bone )(?<!\bsame )"
HEDGE = rx(
    rf"{_NOT_HEDGE_KIND}\bkind of\b(?! (?:you|him|her|them|everyone|everybody)\b)", rf"{_NOT_HEDGE_KIND}\bsort of\b", r"\bkinda\b", r"\bmaybe\b",
    r"\bperhaps\b", r"\bpossibly\b", r"\bprobably\b", r"\bi guess\b", r"\bi suppose\b", r"\bi dunno\b",
    r"\bi don'?t know\b", r"\bi think\b(?= (?:maybe|it|that|the|this|we|you|i)\b)", r"\bi think\W*$", r"\bjust\b(?! (?:now|then|before|after)\b)",
    r"\ba (?:tiny |little )?bit\b", r"\ba little\b", r"\bat all\b", r"\bat some point\b", r"\bsomehow\b",
    r"\bor something\b(?! else)", r"\byou know what\b", r"\band stuff\b", r"\bor anything\b", r"\bi mean\b", r"\bbasically\b", r"\bliterally\b",
    r"\bhonestly\b", r"\bfrankly\b", r"\bactually\b", r"\btotally\b", r"\breally\b(?= (?:should|think|need|want))",
    r"\bany chance\b", r"\bsometimes\b(?=\W*$)", r"\bwhenever\b(?=\W*$)", r"\bsuper\b",
)
FILLER_WORDS = frozenset(
    "um umm uh uhh er erm hmm like so okay ok yeah yes yep right well oh ah ha haha ugh look anyway "  # noqa: SIM905
    "basically honestly frankly hey hi hello mate of course totally sure fine no really again actually "
    "listen see alright cool great wow god my i mean you know thing is the".split())
ABSOLUTE = rx(r"\balways\b", r"\bnever\b", r"\bevery (?:single )?time\b", r"\bconstantly\b",
              r"\bnot a single\b", r"\bnot once\b", r"\ba single\b", r"\bnot a word\b")
FEELING_STATE = re.compile(
    r"\bi(?: a|')?m (?:feeling |getting |really |so |pretty |very |quite )*(?:stressed|worried|anxious|frustrated|"
    r"upset|hurt|sad|angry|scared|afraid|nervous|overwhelmed|exhausted|disappointed|lonely|embarrassed|"
    r"uncomfortable|concerned|drained|resentful|happy|glad|grateful|relieved|excited|confused|annoyed)\b",
    re.IGNORECASE)
# "I'm really stressed" names a feeling however short the clause is.
FEELING = rx(
    FEELING_STATE.pattern,
    r"\bi feel\b", r"\bi felt\b", r"\bmakes me feel\b", r"\bi(?:'ve| have) been feeling\b",
    r"\bit (?:hurts|scares|worries|frustrates|bothers|upsets) me\b", r"\bi love (?:you|seeing|working|it here)\b", r"\bi (?:really )?miss (?:you|us|her|him|them)\b",
    r"\bi care about\b", r"\bit (?:still |really )?matters to me\b", r"\bi(?:'m| am) (?:really )?happy for\b", r"\bi value\b",
    r"\bi genuinely love\b", r"\bi(?: really)? like (?:it|working)\b",
)
# "it's annoying when you..." -> "I feel annoyed when you..."
JUDGED_FEELING = re.compile(
    r"^(?:it'?s|it is|that'?s|that is) (?:so |really |very |pretty |quite )?(annoying|frustrating|upsetting|"
    r"hurtful|stressful|embarrassing|worrying|exhausting|disappointing|infuriating|maddening)\b",
    re.IGNORECASE)
FEELING_OF = {"annoying": "annoyed", "frustrating": "frustrated", "upsetting": "upset", "hurtful": "hurt",
              "stressful": "stressed", "embarrassing": "embarrassed", "worrying": "worried",
              "exhausting": "exhausted", "disappointing": "disappointed", "infuriating": "frustrated",
              "maddening": "frustrated"}
BLAME_FEELING = re.compile(r"\byou (?:make|made|are making|'re making) me (?:feel )?", re.IGNORECASE)
# Acknowledging the other person before holding one's ground: kept, it is what makes a firm line kind.
VALIDATION = rx(r"^(?:and |but )?i (?:hear|know|understand|see|appreciate|realise|realize)\b(?! (?:what|how|why) you\b)",
                r"^(?:and |but )?i get (?:it|that|you|why|how)\b", r"^(?:get|got|understand|hear) (?:that|it|you)\W*$",
                r"^that'?s (?:fair|a fair point|understandable)\W*$", r"^thank(?:s| you)\b(?! for nothing)",
                r"^you were there for me\b", r"^i'?m grateful\b",
                # Taking up a kind offer before saying no to it; "that's nice" alone may be sarcasm (WEAK_SARCASM).
                r"^that'?s (?:really |so |very )?(?:generous|kind|sweet|thoughtful)(?: of you)?\W*$")
# The speaker's own promise: "I'll handle it", "I'll always reply", not "I'll just ..." or "I'll try".
PROMISE = re.compile(r"^(?:and |but )?(?:i'?ll|i will|we'?ll|we will|i promise to)\s+(?:always\s+)?(?!just\b|try\b|see\b|think\b|maybe\b|still\b|"
                     r"cross\b|figure\b|talk\b|work it out\b|sort it\b|deal with\b|"
                     r"never forget\b|have to\b|do it\b|make it work\b)\w+", re.IGNORECASE)
REFUSAL = rx(
    r"\bi won'?t\b(?! cancel)", r"\bi will not\b", r"\bi(?:'m| am) not (?:going to|able to|willing|paying|coming|"
    r"doing|discussing|lending|signing|co-signing|taking|covering|leading|changing|moving|letting (?:it|this) go|"
    r"dropping (?:it|this)|giving (?:it|this) up)\b",
    r"\bi can'?t (?:do|take on|lend|make|come|cover|be|sign|co-sign|lead|work)\b", r"\bmy answer is (?:still )?no\b",
    r"\bi(?:'m| am) (?:still )?saying no\b", r"\bi (?:have|need) to say no\b", r"^no,? i\b", r"\bi(?:'ve| have) decided\b", r"\bi decline\b",
    r"\bi(?:'ll| will) (?:have to )?(?:say no|decline|pass)\b", r"\bi(?:'m| am) (?:turning (?:it )?down|declining|cancelling|canceling)\b",
    r"\bis no\b\W*$", r"\bthe answer is no\b", r"\bi want to cancel\b", r"\bi'?m not willing\b",
    r"\b(?:it'?s|that'?s|the answer is|my answer is) (?:still )?(?:a )?no\b", r"\bi can'?t (?:this|that|next|make it|on)\b",
    r"\bi'?d rather not\b", r"\bi might not want\b", r"\byou can'?t (?:stay|come|borrow|have|move|live)\b", r"\bi don'?t want to (?:lend|do|come|work|be|co-sign|sign)\b",
)
REQUEST = rx(
    r"^please\b", r"\bplease\b", r"\bi(?:'m| am) (?:still )?asking\b", r"\bi need you to\b", r"\bi need (?:us|the|a|my)\b",
    r"\bi(?:'d| would) (?:really )?like\b", r"\bi (?:still |really )want (?:you|us|to|a|an|the|my)\b", r"\bi want (?:you|us|to|a|an|the|my|\d|one|two|three|four|five|six|seven|eight|nine|"
    r"ten|eleven|twelve|fifteen|twenty)\b", r"\b(?:can|could|would|will) you\b",
    r"\b(?:can|could) we\b", r"\blet'?s\b", r"\bi(?:'d| would) appreciate (?:it )?if\b", r"\bfrom now on\b",
    r"\bi(?:'m| am) requesting\b", r"\bmy request is\b", r"\bi expect\b", r"^don'?t\b",
    r"^(?:so |and |but |then )?i need\b",
)
# Ask forms too indirect to stand as the one clear request.
WEAK_ASK = rx(
    r"\bwould it be (?:okay|ok|possible|alright)\b", r"\bwondering\b", r"\bwondered\b", r"\bhoping\b",
    r"\bany (?:chance|way)\b", r"\bwhether\b", r"\bmight be an idea\b", r"\bsomething\b", r"\bat some point\b",
    r"\bsometimes\b", r"\bwhenever\b", r"\b(?:look|looked) at it\b", r"\bexplain it\b", r"\btalk about it\b",
    r"\bpossible\b", r"\bdeserve\b", r"\bmention it\b", r"\bor not\b", r"\ba small\b", r"\bhope\b",
    r"\bthe heating might\b", r"\bmight get\b", r"\bsort it out\b", r"\bwhat(?:ever)? you can\b", r"\b(?:talk|chat) about it\b",
    r"\bwanted to (?:ask|mention)\b",
)
IMPERATIVE_VERBS = frozenset(
    "stop start call text move fix pay take give send wash clean put turn keep tell mention credit "  # noqa: SIM905
    "bring leave let make show refund remove cancel return arrive knock ask check come get do "
    "respect listen use shut sort reply answer book refer transfer tone quit drop cut lower wait lock "
    "hand split".split())
# Weak asks that are really openers ("I need to talk about the noise"): kept as a statement of topic.
OPENER = rx(r"\b(?:need|want|wanted|'d like) to (?:talk|chat) (?:to you )?about\b", r"\bi'?m calling about\b")
# Refusals said softly, made plain.
FIRM_REFUSAL = ((re.compile(r"\bI'?d rather not\b", re.IGNORECASE), "I won't"),
                (re.compile(r"\bI might not want\b", re.IGNORECASE), "I don't want"))
# Removable tails and preambles inside a clause.
TAIL = rx(r",? which,? (?:is )?fine\b", r",? which is fine\b", r"\bwhat i'?m getting at is(?: that)?\b",
          r"\b(?:so much|so often|as much|all the time)\s*$")
MINIMISED = re.compile(r"\b(it'?s|it has|that'?s) only been\b", re.IGNORECASE)
BENEFIT = rx(r"\byou wouldn'?t (?:have|need) to\b", r"\byou won'?t (?:have|need) to\b",
    r"(?<!see it )(?<!saw it )(?<!see things )(?<!look at it )(?<!think about it )\bthat way\b", r"\bso that\b",
    r"\b(?:would|will|'d|'ll) (?:really )?be (?:good|great|healthy|better) for (?:you|us|both of us|the kids|everyone)\b", r"\bso you(?:'ll| will| won'?t| never| don'?t| can|'re never| are never)\b", r"\bit (?:would|will|'d|'ll) (?:help|mean|free|make|give|save|let|keep|protect)\b",
    r"\byou(?:'d| would| will|'ll) (?:always |still |also |then )?(?:get|have|save|be able|not have|never have|gain)\b", r"\bwe(?:'d| would| will|'ll) both\b",
    r"\bwhich saves\b", r"\bsaves you\b", r"\bit keeps\b", r"\bthat closes\b", r"\bprotects\b",
    r"\bbetter for (?:you|us|both)\b", r"\bin return\b",
)
OFFER = rx(
    r"\bhow about\b", r"\bwhat if\b", r"\bin exchange\b", r"\binstead\b", r"\bcompromise\b", r"\bmeet (?:you )?halfway\b",
    r"\bwhat would work for you\b", r"\bdoes (?:that|this) (?:work|sound (?:fair|ok|okay|good|doable))\b",
    r"\bwhat would (?:mean the most|help most|work best)\b", r"\bwhat would make (?:it|that|this) (?:easier|work|better) for you\b", r"\byour (?:choice|call)\b", r"\bif that'?s easier\b", r"^(?:do you )?want me to\b", r"^should i (?:send|call|ask)\b", r"\bcould we (?:try|agree|split|do)\b", r"\bfor a (?:month|week|few weeks) and then\b",
    r"\bi(?:'d| would| will|'ll|'m willing to| am willing to| can| could) (?:be willing|offer|trade|swap|cover|"
    r"split|pay half|try)\b", r"\bwould (?:it|that) work\b", r"\b(?:pay|split|do|take|cover|meet) half\b", r"\bopen to\b", r"\btrial\b",
)
QUESTION_START = re.compile(r"^(?:what|why|how|when|where|who|which|is|are|was|were|do|does|did|have|has|"
                            r"can|could|would|will|should|shouldn'?t|isn'?t|aren'?t|don'?t)\b", re.IGNORECASE)
TAG_QUESTION = re.compile(r",?\s*\b(?:shouldn'?t it|isn'?t it|right|don'?t you think|won'?t you|okay|ok)\s*\?\s*$",
                          re.IGNORECASE)
_MONTH = r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
FACT_TOKEN = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)? {_MONTH}\b|\b{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?\b|"
    r"[$£€]\s?\d[\d,]*(?:\.\d+)?|\b\d[\d,]*(?:\.\d+)?\s?(?:%|percent|p\.m\.|a\.m\.|pm|am)?|"
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|"
    r"sixty|hundred|thousand)(?:-\w+)?\b(?= (?:times|days|weeks|months|years|hours|minutes|nights|percent|"
    r"dollars|pounds|dinners|sundays|saturdays|current))|\b(?:monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday|january|february|march|april|may|june|july|august|september|october|november|"
    r"december|christmas|yesterday|tonight|weekends?|weeknights?|midnight|once|twice)\b|\bq[1-4]\b",
    re.IGNORECASE)
FACT_MARK = rx(
    # Amounts said in words: "the last three bills", "two-seventy a month", "twelve extra hours".
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|"
    r"seventy|eighty|ninety|hundred)(?:-\w+)? (?:extra |more )?(?:a |per )?(?:month|week|year|night|day|hour|bills?|"
    r"dollars|bucks|pounds|percent|times|nights|weeks|months|years|days|hours|shifts|sessions)\b",
    r"\b(?:it'?s|it has) been (?:\w+ )?(?:days|weeks|months|years|ages)\b", r"\bfor (?:days|weeks|months)\b",
    r"\b(?:last|this|next) (?:week|month|year|night|time|quarter|weekend)\b", r"\bsince\b", r"\byou said\b",
    r"\b(?:told|showed|wrote to) (?:me|us)\b",
    r"\byou (?:told|asked|cancelled|left|came|arrived|didn'?t|haven'?t|missed|forgot|borrowed|charged|took|"
    r"presented|quoted|were|promised|'ve been|have been)\b", r"\bi (?:lent|bought|paid|asked|called|emailed|"
    r"reported|waited|covered|did|cooked|sent|ran)\b", r"\bi(?:'ve| have) (?:been|had|done|worked|covered|paid|"
    r"asked|called|waited|run|told|tried|reported)\b", r"\b(?:has|have|had) been\b", r"\bstopped\b",
    r"\bovernight\b", r"\bin the sink\b", r"\blate\b", r"\bovedue\b", r"\boverdue\b", r"\bcharged?\b",
    r"\binvoice\b", r"\bquote\b", r"\bbill\b", r"\bcost\b",
)
# Judgment words inside a would-be fact: the clause is an opinion, not something anyone could confirm.
JUDGMENT = rx(r"\bnightmare\b", r"\binsane\b", r"\babsurd\b", r"\bunacceptable\b", r"\bruined\b", r"\bterrible\b", r"\bawful\b", r"\bridiculous\b", r"\bpathetic\b",
              r"\bdisgusting\b", r"\bunbelievable\b", r"\bthe worst\b", r"\bhopeless\b")
OFF_TOPIC = rx(r"\band another thing\b", r"\bby the way\b", r"\bwhile we'?re at it\b", r"\bspeaking of\b", r"\bthat'?s a separate thing\b",
               r"\bused to\b", r"\bmy (?:mum|dad|friend|partner|husband|wife) (?:always )?(?:said|says)\b",
               r"\bgrowing up\b", r"\bi read online\b", r"\bturmeric\b", r"\bi can'?t remember\b")
