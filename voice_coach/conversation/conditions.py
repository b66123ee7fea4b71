"""Requests made on a condition, and replies that would skip it.

"Remove the charge once it's confirmed" asks for the next step, not for the deed done at once: a reply
reporting it done ("I've removed the MRI charge") overrides the person's own condition. A further ask at the
end of the line ("Can you give me a reference number?") is acknowledged when the reply agrees.
"""

from __future__ import annotations

import re

# "once it's confirmed", "when you've checked", "if it turns out to be an error", "after the review".
CONDITIONAL_ASK = re.compile(
    r"\b(?:once|when|as soon as|after|if) (?:it|that|this|the \w+|you|they|the clinic|someone)(?:'s|'ve|'re| is| has| have| are)?"
    r"(?: been| had| got)? (?:confirmed|checked|verified|investigated|looked into|reviewed|approved|cleared|sorted|"
    r"turns? out|confirms?|checks?)\b", re.IGNORECASE)
# A reply saying the thing is already done ("I've removed...", "It's been removed", "I'm taking the 1,180 off").
DONE_ALREADY = re.compile(
    r"\b(?:i(?:'ve| have)|it(?:'s| has) been|that(?:'s| has) been)\s+(?:now |already |just )?(?:removed|cancell?ed|"
    r"refunded|waived|deleted|written off|credited|taken off)\b|\bi(?:'m| am) taking (?:the |that |it )?[^.]{0,20}?\boff\b",
    re.IGNORECASE)


def skips_condition(line: str, user_text: str) -> bool:
    """Whether `line` reports done what `user_text` asked for only on a condition."""
    return bool(CONDITIONAL_ASK.search(user_text) and DONE_ALREADY.search(line))


def further_ask(user_text: str) -> str | None:
    """The last sentence of a line that asks more than once, when it is a question asking for something."""
    sentences = [s for s in re.split(r"(?<=[.?!:])\s+", " ".join(user_text.split())) if s]
    if len(sentences) < 2 or not sentences[-1].endswith("?"):
        return None
    # "Can you give me a reference number for that?": the pointer back says nothing when said back
    return re.sub(r",?\s+(?:for|on|about|with) (?:that|this|it|them)(?=\?$)", "", sentences[-1])


# The condition of a conditional yes on the user's deed: "Fine, if you help me get ready", "as long as you tell them".
_CONDITION_OF_YES = re.compile(
    r"\b(?:if|as long as|so long as|provided|on condition that)\s+you\s+(?P<c>[^.?!]+)", re.IGNORECASE)
_LITTLE = frozenset("you your i me my we us our it that this the a an to of on in at for and or do does did get "
                    "got make can could would will just still also really then there here them they".split())


def meets_condition(user_text: str, partner_last: str) -> bool:
    """Whether the line takes up the condition of the counterpart's last line ("I could do your hair on the morning"
    to "Fine, if you help me get ready on the morning of the wedding"): it shares a word of the condition itself.
    Only a condition on the user's own deed counts; "if the numbers hold this quarter" is not theirs to meet."""
    last = partner_last.replace("’", "'").strip()
    match = _CONDITION_OF_YES.search(last)
    # ("Even if you skip Ibiza, ..." objects; "If you skip Ibiza, would you come?" asks: neither is a yes on terms)
    if not match or last.endswith("?") or re.search(r"\b(?:even|only) if\b", last, re.IGNORECASE):
        return False
    condition = {w[:5] for w in re.findall(r"[a-z]+", match["c"].lower()) if w not in _LITTLE and len(w) > 2}
    said = {w[:5] for w in re.findall(r"[a-z]+", user_text.lower().replace("’", "'")) if w not in _LITTLE}
    return bool(condition & said)
