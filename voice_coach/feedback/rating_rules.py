"""Clause rules over the classifier's labels: a rating needs the words that earn it.

The classifier reads the whole line through an embedding trained on lines of 6-60 words, so on a short
or unusual line it can call "Could you send me the agenda by Thursday?" strong Negotiate, or a plain
list of facts strong Assert. These rules keep its judgement where the words support it and correct it
where they plainly do not: no ask, no Assert; no offer, no Negotiate; an order, a "want/need", a refusal
or a "still asking" is an ask; feelings said without "I feel" are still Express.
"""

from __future__ import annotations

from voice_coach.feedback.cues import CueSet, extract

LONG_LINE_CHARS = 1000
# The bank's lines run 14-60 words (median 29); on shorter lines the embedding classifier has little to
# go on, so there the words decide: no ask, no Assert; no offer, no Negotiate; no benefit, no Reinforce.
SHORT_LINE_WORDS = 16


def _level(clean: bool) -> str:
    return "strong" if clean else "weak"


def head_of_line(text: str) -> str:
    """The first page of a very long line, cut at a sentence end: what gets embedded and counted."""
    if len(text) <= LONG_LINE_CHARS:
        return text
    head = text[:LONG_LINE_CHARS]
    cut = max(head.rfind(". "), head.rfind("? "), head.rfind("! "))
    return head[: cut + 1] if cut > LONG_LINE_CHARS // 2 else head.rsplit(" ", 1)[0]


def apply_rules(labels: dict[str, str], text: str, cues: CueSet | None = None, *,
                long_line: bool | None = None) -> dict[str, str]:
    """The classifier's labels, corrected where the line's clauses plainly say otherwise.

    `long_line` says the line ran past a page (default: judged from `text`), when `text` is its head.
    """
    c = cues or extract(text)
    out = dict(labels)
    short = c.words <= SHORT_LINE_WORDS
    attacks = c.label + c.counter_attack + c.blame_feeling + c.scorn
    weak_voice = c.hedge >= 2 or c.apology > 0 or c.self_putdown > 0
    clean = not weak_voice and c.hedge == 0 and attacks == 0
    acts = c.imperative + c.want_need + c.refusal + c.request  # orders, wants, noes, asks
    asks_any = acts + c.counter + c.offer

    # Assert: an order, a "want/need", a refusal or a "still asking" is an ask even with no "please".
    if out["assert"] == "none" and acts and attacks == 0:
        out["assert"] = _level(not weak_voice and c.hedge == 0)
    elif out["assert"] == "strong" and acts and weak_voice:
        out["assert"] = "weak"
    elif out["assert"] == "strong" and short and asks_any == 0:
        out["assert"] = "none"  # an observation with no ask

    # Negotiate: a counter-proposal is one; a plain short request is not.
    if c.counter and out["negotiate"] == "none" and attacks == 0:
        out["negotiate"] = _level(not weak_voice)
    elif short and c.offer == 0 and c.counter == 0:
        out["negotiate"] = "none"

    # Reinforce: a short line with no benefit to the other person ("working for you") has none.
    if c.benefit and out["reinforce"] == "none" and attacks == 0:
        out["reinforce"] = _level(c.hedge < 2)
    elif short and c.benefit == 0:
        out["reinforce"] = "none"
    elif out["reinforce"] == "strong" and c.benefit == 0 and c.loose_benefit == 0:
        out["reinforce"] = "weak"  # a long line with no word of what the other person gains

    # Describe: a short line whose only numbers sit inside its ask ("by 12:30") describes nothing.
    if short and c.fact == 0 and c.absolute == 0:
        out["describe"] = "none"

    # Express: a feeling said plainly ("I'm hurt", "this stings") is Express; none, in a short line.
    if (c.feeling or c.blame_feeling) and out["express"] == "none":
        out["express"] = _level(c.blame_feeling == 0 and c.hedge < 2 and attacks == 0)
    elif short and c.feeling == 0 and c.blame_feeling == 0:
        out["express"] = "none"

    # Mindful and Confident: a short, clean line is both; a side issue or a put-down is neither.
    if short and clean and c.off_goal == 0 and c.absolute == 0:
        out["mindful"] = out["confident"] = "yes"
    if c.off_goal or (attacks and not acts):
        out["mindful"] = "no"
    if weak_voice:
        out["confident"] = "no"

    if long_line if long_line is not None else len(text) > LONG_LINE_CHARS:
        out = _long_line(out)
    return out


def _long_line(labels: dict[str, str]) -> dict[str, str]:
    """A line of more than a page buries its ask: nothing in it is strong, and it has left the point."""
    out = {skill: ("weak" if label == "strong" else label) for skill, label in labels.items()}
    out["mindful"] = "no"
    return out
