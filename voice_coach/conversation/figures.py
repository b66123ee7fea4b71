"""Figures the user asks for ("a twelve percent raise", "two days a week", "£300 back"), and a smaller one to
counter with, so a counter-offer engages with the number by name ("Twelve percent is a lot. Could you live
with eight?") instead of a stock line.

Only figures in a sentence that asks or proposes count, and only those where less is the counterpart's way
(an amount, a percentage, days or hours granted): "within two days" or "more than ten minutes late" set a
limit on the counterpart, and a smaller number there would ask more of it, not less.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
          "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
          "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
          "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_BY_VALUE = {v: k for k, v in _WORDS.items()}
_NUMBER = (r"(?:[$£€]\s?)?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?k?|(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
           r"(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|"
           r"ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
           r"(?: (?:hundred|thousand|grand))?")
_UNIT = (r"(?:(?:days?|hours?|nights?|pounds?|dollars?|euros?|quid|bucks) (?:a|per|each|every) (?:week|month|year)|"
         r"percent|per cent|%|pounds?|dollars?|euros?|quid|bucks|grand|days?|hours?|weeks?|nights?|"
         r"(?:a|per|each|every) (?:week|month|year))")
_FIGURE = re.compile(rf"(?<![\w-])(?P<n>{_NUMBER})(?:\s?(?:extra |more |off |back |paid |of )?(?P<u>{_UNIT}))?(?![\w-])",
                     re.IGNORECASE)
# A figure after these limits the counterpart ("within two days", "more than ten minutes"): not countered.
_LIMIT_BEFORE = re.compile(r"\b(?:within|by|every|in|after|before|more than|at least|over|under|less than|for the last|"
                           r"ago|since|past)\s*$", re.IGNORECASE)
# A named charge taken off whole ("take the 1,180 off", "waive that $300"): the figure is the item, not the ask.
_WHOLE_CHARGE = re.compile(r"\b(?:take|knock|remove|waive|cancel|drop|write off|wipe|scrap|reverse)\s+(?:the|that|this)\s*$",
                           re.IGNORECASE)
# A sentence that asks or proposes ("I'd like", "could you", "how about", "I'd accept").
_ASKING = re.compile(r"\bi(?:'d| would)(?: really| just)? (?:like|love|accept|take|settle|prefer)\b|\bi (?:want|need)\b|"
                     r"\b(?:can|could|would|will) (?:you|i|we)\b|\b(?:how|what) about\b|\bi(?:'m| am) asking\b|"
                     r"\bmy (?:ask|request) is\b|\bis it (?:ok|okay|possible)\b|\blet'?s (?:say|do|go)\b", re.IGNORECASE)


# Which way a figure goes: the counterpart giving it to the user ("a twelve percent raise", "two days from home",
# "pay me back 600", "three thousand off the invoice"), so the counter is smaller; or the user giving their own
# time or money ("could I do four hours on Sunday?", "I'll pay 200 a month"), so the counter is larger. A figure
# whose way is not clear ("can we do 200 a month?" between a lender and a borrower) is not countered at all.
_TAKES = re.compile(r"\b(?:raise|increase|pay rise|salary|refund\w*|back|pay me|give me|owe\w*|off|discount|compensat\w*|"
                    r"from home|leave|holiday|time off|(?:could|can|may) i (?:have|get|take))\b", re.IGNORECASE)
_GIVES = re.compile(r"\bi(?:'ll|'d| will| would| could| can)? (?:do|give|put in|contribute|work|offer|pay)\b(?! from home)|"
                    r"\bcould i do\b|\bwe(?:'ll|'d| will| would| could| can)? (?:pay|give|contribute|offer)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Figure:
    """A figure the user asked for or offered, as said, and the counter in the same words."""

    said: str  # "twelve percent", "two days a week", "£300"
    counter: str  # "eight percent", "one day a week", "£200"
    more: bool = False  # the user offered it: the counter asks for more, not less


def _is_money(number: str) -> bool:
    """Whether a figure without a unit is still an amount: a currency sign, thousands or "2k" ("£85", "2,400")."""
    return number[:1] in "$£€" or bool(re.search(r"\d(?:k|,\d{3})\b|\b(?:hundred|thousand|grand)$", number))


def _value(number: str) -> float | None:
    text = number.lower().replace(",", "").strip()
    text = re.sub(r"^[$£€]\s?", "", text)
    scale = 1.0
    if text.endswith("k"):
        text, scale = text[:-1], 1000.0
    for word, factor in (("hundred", 100.0), ("thousand", 1000.0), ("grand", 1000.0)):
        if text.endswith(" " + word):
            text, scale = text[: -len(word) - 1], factor
    try:
        return float(text) * scale
    except ValueError:
        pass
    parts = re.split(r"[- ]", text)
    if all(p in _WORDS for p in parts):
        return float(sum(_WORDS[p] for p in parts)) * scale
    return None


def _larger(value: float) -> float:
    """A counter that asks a little more: one more for small counts, about half as much again for larger ones."""
    if value <= 4:
        return value + 1
    step = 5 * 10 ** max(0, len(str(int(value))) - 2)
    return float(round(value * 1.5 / step) * step) if value > 20 else float(round(value * 1.5))


def _smaller(value: float) -> float | None:
    """A counter that gives a little ground: one less for small counts, about two thirds for larger ones."""
    if value < 2:
        return None
    if value <= 4:
        return value - 1
    if value <= 20:
        return float(round(value * 2 / 3))
    step = 5 * 10 ** max(0, len(str(int(value))) - 2)  # a round figure: 2400 -> 1500, 300 -> 200, 600 -> 400
    return float(max(step, round(value * 2 / 3 / step) * step))


def _say(value: float, like: str) -> str:
    """`value` written the way `like` was: in words or in digits, with its currency sign."""
    sign = like.strip()[0] if like.strip()[:1] in "$£€" else ""
    if re.search(r"\d", like):
        digits = f"{int(value):,}" if "," in like else str(int(value))
        return f"{sign}{digits}"
    for word, factor in ((" thousand", 1000), (" grand", 1000), (" hundred", 100)):
        if like.lower().endswith(word) and value % factor == 0 and value // factor in _BY_VALUE:
            return f"{_BY_VALUE[int(value // factor)]}{word}"
    if int(value) in _BY_VALUE:
        return _BY_VALUE[int(value)]
    tens, unit = divmod(int(value), 10)
    if tens * 10 in _BY_VALUE and unit in _BY_VALUE:
        return f"{_BY_VALUE[tens * 10]}-{_BY_VALUE[unit]}"
    return str(int(value))


def _unit_key(unit: str | None, number: str) -> str:
    """What kind of figure it is, so "eight percent" is compared with "twelve percent" and not with "two days"."""
    low = (unit or "").lower()
    if not low or low[:1] in "$£€" or number[:1] in "$£€" or re.match(r"(?:pound|dollar|euro|quid|buck|grand)", low):
        return "money"
    if low in ("%", "percent", "per cent"):
        return "percent"
    return re.sub(r"s\b", "", low.split()[0])


def _offered(spoken: str, key: str, quoted: frozenset[str]) -> tuple[float, str] | None:
    """The largest figure of this kind the counterpart itself named (with how it said it), if any; a figure the
    user had said before ("Twelve percent is a lot") is theirs, quoted back, not an offer."""
    best: tuple[float, str] | None = None
    for match in _FIGURE.finditer(spoken):
        if match["n"].lower() in quoted:
            continue
        value = _value(match["n"])
        if (value is not None and (match["u"] or match["n"][:1] in "$£€")
                and _unit_key(match["u"], match["n"]) == key and (best is None or value > best[0])):
            best = (value, match[0])
    return best


def asked_figure(text: str, *, offered: str = "", quoted: frozenset[str] = frozenset()) -> Figure | None:
    """The figure a sentence of the line asks for or proposes, with a smaller counter, or None. `offered` is what
    the counterpart said so far: a figure it already offered is the counter ("Ten percent is a lot. Could you
    live with eight percent?" after it offered eight), never a smaller one; `quoted` are the numbers the user had
    said before this line."""
    for sentence in re.split(r"(?<=[.?!])\s+", " ".join(text.replace("’", "'").split())):
        if not _ASKING.search(sentence):
            continue
        for match in _FIGURE.finditer(sentence):
            number, unit = match["n"], match["u"]
            if not (unit or _is_money(number)) or _LIMIT_BEFORE.search(sentence[:match.start()]):
                continue
            if _WHOLE_CHARGE.search(sentence[:match.start()]):
                continue  # "can you take the 1,180 off?": a charge disputed whole, not an amount to haggle down
            if re.search(r"\b(?:if|unless|even if)\b[^,]*$", sentence[:match.start()], re.IGNORECASE):
                continue  # "If twelve percent isn't possible, I'd accept eight": the figure asked for is eight
            value = _value(number)
            takes = bool(_TAKES.search(sentence)) or _unit_key(unit, number) == "percent"
            more = bool(_GIVES.search(sentence)) and not takes
            if not (takes or more):
                continue  # which way the figure goes is not said: a counter could ask for the wrong thing
            smaller = (_larger(value) if more else _smaller(value)) if value is not None else None
            if smaller is None:
                continue
            said = match[0]
            earlier = _offered(offered, _unit_key(unit, number), quoted) if value is not None else None
            if earlier is not None and value is not None and (earlier[0] <= value if more else earlier[0] >= value):
                return None  # the user takes up the counterpart's own figure: nothing to counter
            if earlier is not None:
                return Figure(said=said, counter=earlier[1], more=more)
            counter = _say(smaller, number)
            if unit:
                rest = said[len(number):]
                if smaller == 1:
                    rest = re.sub(r"\b(day|hour|week|night|pound|dollar|euro)s\b", r"\1", rest)
                counter += rest
            return Figure(said=said, counter=counter, more=more)
    return None


def names_other_figure(line: str, user_text: str) -> bool:
    """Whether a yes names a figure of the kind the user asks for now, but another value ("twelve percent it is"
    to "could we do seven percent now and the rest in June?"): it grants what was not asked."""
    figure = asked_figure(user_text)
    asked = _FIGURE.search(figure.said) if figure else None
    if asked is None:
        return False
    key, value = _unit_key(asked["u"], asked["n"]), _value(asked["n"])
    return any(_unit_key(m["u"], m["n"]) == key and _value(m["n"]) != value
               for m in _FIGURE.finditer(line) if m["u"] or m["n"][:1] in "$£€")


def said_figure(text: str) -> str | None:
    """The first figure of the line with its unit or currency ("eleven hours", "2,400", "£85"), as said, or None."""
    for match in _FIGURE.finditer(" ".join(text.replace("’", "'").split())):
        number, unit = match["n"], match["u"]
        if (unit or _is_money(number)) and _value(number) is not None:
            return match[0]
    return None
