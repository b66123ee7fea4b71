"""Put-downs said as a promise: "I'll stop sulking at you", "I'll stop being such a nag", "then I won't have to nag".
(What they gain, said as a benefit beside the ask, "you won't have to hear me nag about it", stays a benefit.)

They sound like an offer, but they call the speaker's own behaviour something small or unpleasant and hint that the
other person caused it: a self-put-down and a jab at once. The clause analysis treats them as an attack (dropped from
every rewrite) and the quality gate refuses them in a rewrite or in any sentence a suggestion recommends.
"""

from __future__ import annotations

import re

# Behaviour named with a word that judges it: what nobody would call their own conduct when it is reasonable.
_CONDUCT = (
    r"sulk(?:ing)?|nag(?:ging)?|moan(?:ing)?|whin(?:e|ing)|bitch(?:ing)?|pout(?:ing)?|glar(?:e|ing)|huff(?:ing)?|"
    r"snip(?:e|ing)|sniping|grumbl(?:e|ing)|mop(?:e|ing)|brood(?:ing)?|sigh(?:ing)? (?:at|loudly)|kick(?:ing)? up a fuss|"
    r"mak(?:e|ing) a (?:fuss|scene)|giv(?:e|ing) you the (?:silent treatment|cold shoulder|evil eye|side-?eye)|"
    r"(?:be|being|act|acting) (?:(?:such|so|like) )?(?:an? )?(?:total |complete |)"
    r"(?:nag|pain|killjoy|buzzkill|drag|grump|grouch|martyr|nuisance|bitch|monster|warden|bad guy|villain|"
    r"(?:\w+ )?police|grumpy|moody|miserable|cranky|bitchy|needy|clingy|unbearable|a pain in the \w+)"
)
_WILL = r"i(?:'ll| will| am going to|'m going to|'m gonna)"
PROMISED_JAB = re.compile(
    rf"\b{_WILL} (?:finally |even |actually |just |happily )?(?:stop|quit|give up|cut out|be done) (?:{_CONDUCT})\b[^,.;!?]*"
    rf"|\bi (?:won'?t|will not|wouldn'?t|would not) (?:have to |need to |be )?(?:{_CONDUCT})\b[^,.;!?]*"
    rf"|\bno more (?:of )?(?:me |my )?(?:{_CONDUCT})\b[^,.;!?]*",
    re.IGNORECASE,
)


def promised_jab(text: str) -> str:
    """The put-down said as a promise in `text` ('' when there is none)."""
    match = PROMISED_JAB.search(text.replace("\u2019", "'"))
    return match.group(0).strip() if match else ""
