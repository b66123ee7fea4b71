"""What kind of offer a line makes, where its words alone mislead: an offer to show evidence is no way to settle
the matter ("I'm happy to show you right now" proposes nothing to agree to), and a "we" that comes or visits
leaves the counterpart out ("what if we come up on the 28th" is said back "if you come up..."); and an ask broken
off ("can I... there's something I need to talk about") asks nothing yet."""

from __future__ import annotations

import re

# Showing, proving or explaining the matter: evidence offered, not terms (J09: "if you show me right now, I can
# agree to that" agreed to a request nobody had made).
_SHOWS = re.compile(r"^(?:(?:also|just|gladly|happily|more than happy to)\s+)*(?:show|prove|demonstrate|explain|"
                    r"walk (?:you|me) through|talk (?:you|me) through|let (?:you|me) (?:see|look|try|check|test)|"
                    r"send (?:you|me) (?:a |the |some )?(?:photos?|pictures?|videos?|proof|evidence|receipts?|"
                    r"screenshots?))\b", re.IGNORECASE)
# "we come on the twenty-seventh and stay two nights": the person's side does the visiting, on a day.
_ON_A_DAY = (r"^(?:come|came) (?:(?:on|for) (?:the |a |two |three |\w+day)|(?:boxing day|christmas|new year|easter|"
             r"\w+day|the \w+(?:th|st|nd|rd))\b)")
_COMING_ON_A_DAY = re.compile(_ON_A_DAY, re.IGNORECASE)
# Coming or visiting moves towards the counterpart: the one visited does not travel.
_COMING = re.compile(r"^(?:come|came|pop|popped|drop|dropped|drive|drove|fly|flew|head|headed|travel|get|got) "
                     r"(?:up|over|down|round|around|by|back|in|home)\b"
                     rf"|{_ON_A_DAY}"
                     r"|^(?:come|came) (?:and|to) (?:see|stay|visit)\b|^visit(?:ed)?\b|^stop(?:ped)? by\b"
                     # "what if we pay the 18,000 as agreed": the payers are the person's side, never the one paid
                     r"|^(?:pay|paid) (?:the|you|your|[$£€\d]|(?:some|part|half|a bit|most|a chunk) of)", re.IGNORECASE)
_TOGETHER = re.compile(r"\b(?:together|both of us|the two of us)\b", re.IGNORECASE)


def shows_evidence(offered: str) -> bool:
    """Whether an offered action only shows or explains the matter ("show you the fault right now")."""
    return bool(_SHOWS.search(offered.strip()))


def leaves_them_out(phrase: str) -> bool:
    """Whether a proposal after "we" has the person's side come or visit ("come up on the 28th"), so "we" is not
    the two of them and is said back as "you"."""
    phrase = phrase.strip()
    # ("...and have a second Christmas dinner together": together once there, still the person's side coming)
    return bool(_COMING.search(phrase)) and (not _TOGETHER.search(phrase) or bool(_COMING_ON_A_DAY.match(phrase)))


# An ask broken off before its verb ("Chlo, can I... there's something..."): nothing is asked yet.
_BROKEN_OFF = re.compile(r"\b(?:can|could|may|would|will) (?:i|we|you)(?: (?:just|maybe|quickly|um|uh|erm))?\s*"
                         r"(?:\.\.\.|\u2026|--?|\u2014)", re.IGNORECASE)


def broken_off_asks(text: str) -> str:
    """The text without asks broken off before their verb, so they are not read as a request made."""
    return _BROKEN_OFF.sub(" ", text)
