"""Guesses about what someone else wants or feels: "she'd probably like a hotel more", "maybe he'd be happier there".

A hedge on such a claim is not a softener to remove: it marks the claim as the speaker's guess. Without it the
line states the other person's mind for them ("She'd like a hotel more"), which they, or the person spoken for,
will dispute. The clause analysis gives such a clause the kind "guess": no rewrite keeps it with the hedge taken
out, and no suggestion tells the person to drop the hedge from it.
"""

from __future__ import annotations

import re

_HEDGE = re.compile(r"\b(?:probably|prob|maybe|perhaps|possibly|might|may|i (?:think|guess|bet|suppose|reckon|imagine)|"
                    r"i'?m (?:pretty |fairly )?sure)\b")
_SOMEONE = r"(?:she|he|they|you|your \w+|my \w+|his \w+|her \w+|their \w+|[a-z]+ (?=(?:would|will|'d|'ll)\b))"
_MIND = (r"like|love|prefer|enjoy|want|hate|mind|rather|care|feel|appreciate|"
         r"be (?:(?:much|a lot|way|so|really) )?(?:happier|happy|fine|okay|ok|glad|relieved|upset|hurt|offended|annoyed|"
         r"more comfortable|better off|grateful|thrilled|pleased)")
# "she'd probably like...", "they might prefer...", "I think he'd be relieved", "your mum may not mind".
_CLAIM = re.compile(rf"\b{_SOMEONE}(?:'d|'ll| would| will| might| may| could)?(?: [\w']+){{0,2}}? (?:not )?(?:{_MIND})s?\b"
                    rf"|\b(?:nicer|better|easier|happier|more fun|more comfortable) for (?:her|him|them)\b")


def guessed_mind(low: str) -> bool:
    """Does the lower-cased clause guess, with a hedge, at what another person wants or feels?"""
    low = low.replace("\u2019", "'")
    if not _HEDGE.search(low):
        return False
    claim = _CLAIM.search(re.sub(r"\bi (?:think|guess|bet|suppose|reckon|imagine)\b", " ", low))
    return bool(claim) and not re.match(r"^(?:i|we)\b", claim.group(0))
