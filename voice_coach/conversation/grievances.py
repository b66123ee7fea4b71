"""What a counterpart line concedes about its own conduct, and whether the grievance it answers was said.

"I should have called before ordering the dearer worktops" apologises for a complaint about not being
asked; said before the person raised it, it answers a complaint nobody has made ("I didn't ask anyone
before I booked" to a plain no). Such a line is only used once most of its words were said by the person.
"""

from __future__ import annotations

import re

from voice_coach.conversation.acts import content_words

# A line owning up to something the speaker did or failed to do.
ADMISSION = re.compile(
    r"\bi (?:really )?(?:should(?:n'?t)?|ought to) have\b|\bi (?:didn'?t|never|forgot to)\b(?! (?:know|realise|realize|"
    r"mean|think)\b)|\b(?:that'?s|it'?s|those were|were) on me\b|\bmy (?:fault|mistake|bad)\b|"
    # "Maybe I was too hard on your sister that year": owning up to how the speaker treated someone
    r"\bi (?:was|(?:may|might) have been) (?:too|a bit|a little|so|really) (?:hard|harsh|tough|strict|quick) on\b",
    re.IGNORECASE)
# The frame of an admission, not what it owns up to.
_FRAME = frozenset("i'll suppose guess admit alright okay fine well look yes yeah really fault mistake bad realised "
                   "realized noticed hadn't".split())
_INDEFINITE = frozenset("anyone someone anything something everyone everything".split())


def admitted_words(line: str) -> frozenset[str]:
    """The words of what the line owns up to ("called", "ordering", "worktops"); empty when it admits nothing."""
    if not ADMISSION.search(line):
        return frozenset()
    return content_words(line) - _FRAME - _INDEFINITE


# Granting the person's point: "I'll admit I don't need everyone here for report writing", "I hadn't realised how many
# Saturdays it had been". The point must have been made: some word of it said by the person.
GRANTING = re.compile(r"\bi(?:'ll| will)? admit\b|\bi hadn'?t (?:realised|realized|noticed)\b", re.IGNORECASE)


def granted_words(line: str) -> frozenset[str]:
    """The words of the point a line grants ("report", "writing"); empty when it grants no point."""
    if not GRANTING.search(line):
        return frozenset()
    return content_words(line) - _FRAME - _INDEFINITE
