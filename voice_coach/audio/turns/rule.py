"""The end-of-turn decision rule: Smart Turn's probability combined with what the words say.

Applied at the first short silence of a turn (see docs/turn-taking.md):

1. If the speculative transcript ends the way unfinished thoughts end (Whisper's own "..." / "," /
   "-", a trailing conjunction, article, preposition, filler, hedge, "is", a lone "I", a subordinator
   with its pronoun, a subject with a bare modal ("we should."), or a "when ..."/"if ..." clause with
   no main clause), keep listening, whatever the model says.
2. Otherwise the turn is complete when the model's probability reaches `threshold`.
3. Otherwise, when the model is merely unsure (probability >= `text_threshold`) and the transcript
   reads as a finished line (a sentence of several words closed by ".", "?" or "!"), the turn is
   complete.
4. Otherwise keep listening. At a medium silence (the second check) the model scores the turn again,
   with the longer silence, and the same rule runs with a lower text threshold: a line that reads
   finished ends there unless the model is all but sure it is not. Otherwise the turn ends at the
   next pause's decision or when the silence reaches the maximum wait (the endpointer's own end of
   turn).

A question mark alone is not enough: Whisper also writes it after unfinished requests ("Could you
maybe?"), so rule 1 runs first and rule 3 asks for the model's partial agreement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

# Words a finished sentence rarely ends on, but an interrupted thought often does.
CONTINUATION_WORDS: frozenset[str] = frozenset({
    "and", "but", "or", "nor", "so", "because", "cause", "'cause", "since", "although", "though", "unless",
    "whether", "if", "than",
    "the", "a", "an", "my", "your", "our", "their", "its",
    "to", "of", "for", "with", "about", "from", "into", "onto", "at", "by",
    "um", "uh", "er", "erm", "umm", "uhm", "hmm",
    "is", "i", "i'm",
    "maybe", "just",  # hedges before the request itself: "Could you maybe..."
})
# A sentence that opens with one of these and has no comma is a subordinate clause still waiting for
# its main clause: "When you came home last night." (Whisper closes it with a full stop).
_CLAUSE_OPENERS = frozenset({"when", "if", "because", "since", "while", "although", "though", "unless",
                             "whenever", "once", "until", "after", "before"})
_SUBORDINATORS = frozenset({"when", "if", "that", "because", "since", "while", "until", "unless", "although",
                            "whether", "where", "so"})
_PREPOSITIONS = frozenset({"to", "of", "for", "with", "about", "from", "into", "onto", "at", "by"})
_QUESTION_ENDS = _PREPOSITIONS - {"to"}
_PRONOUNS = frozenset({"i", "you", "we", "they", "he", "she", "it"})
# A modal right after its subject with no verb after it ("I think we should.", "we could.") is a verb
# phrase still to come; Whisper closes it with a full stop when the speaker pauses to find the verb.
_MODALS = frozenset({"can", "could", "should", "would", "will", "might", "must", "shall"})
_TRAILING_OFF = ("...", "\u2026", ",", "-", "\u2014", "\u2013", ";", ":")
_WORD = re.compile(r"[a-z0-9'%]+")
FINISHED_MIN_WORDS = 4


def text_cue(text: str) -> str | None:
    """Why `text` reads as unfinished ("trailing 'and'"), or None if nothing in it says so."""
    stripped = text.strip().lower()
    if not stripped:
        return None
    if stripped.endswith(_TRAILING_OFF):
        return "trailing punctuation"
    words = _WORD.findall(stripped)
    if not words:
        return None
    # Questions may end on a preposition ("what is this for?"), never on "and", "the" or an infinitive's
    # "to" ("Would it be possible to?").
    if words[-1] in CONTINUATION_WORDS and not (stripped.endswith("?") and words[-1] in _QUESTION_ENDS):
        return f"trailing '{words[-1]}'"
    if len(words) >= 2 and words[-2] in _SUBORDINATORS and words[-1] in _PRONOUNS:
        return f"trailing '{words[-2]} {words[-1]}'"
    # Questions keep their modal ("Could you?" answers "Could you help?"); statements wait for the verb.
    if len(words) >= 2 and words[-2] in _PRONOUNS and words[-1] in _MODALS and not stripped.endswith("?"):
        return f"trailing '{words[-2]} {words[-1]}'"
    last = re.split(r"(?<=[.?!])\s+", stripped)[-1]
    opener = _WORD.findall(last)
    if opener and opener[0] in _CLAUSE_OPENERS and "," not in last and not last.endswith("?"):
        return f"'{opener[0]}' clause without its main clause"
    return None


_SENTENCE_END = (".", "?", "!")


def finished_cue(text: str, *, min_words: int = FINISHED_MIN_WORDS) -> str | None:
    """Why `text` reads as a finished line ("question", "sentence"), or None.

    Finished: the last sentence ends in "?", "." or "!", has at least `min_words` words and no
    unfinished cue. Short sentences ("He was not.") are left to the model: Whisper closes every
    fragment with a full stop.
    """
    stripped = text.strip()
    if not stripped.endswith(_SENTENCE_END) or text_cue(stripped) is not None:
        return None
    last = re.split(r"(?<=[.?!])\s+", stripped)[-1]
    if len(_WORD.findall(last.lower())) < min_words:
        return None
    return "question" if stripped.endswith("?") else "sentence"


@dataclass(frozen=True)
class TurnVerdict:
    """One decision at a short silence: end the turn now or keep listening, and why."""

    complete: bool
    reason: Literal["model", "text_complete", "model_incomplete", "text_incomplete"]
    probability: float
    cue: str | None = None


def decide(probability: float, transcript: str | None, *, threshold: float = 0.5,
           text_threshold: float | None = None) -> TurnVerdict:
    """Apply the rule above to the model's probability and the speculative transcript (None if not ready).

    `text_threshold` (below `threshold`) lets a transcript that reads as a finished line end the turn
    when the model is merely unsure; None turns that off.
    """
    cue = text_cue(transcript) if transcript else None
    if cue is not None:
        return TurnVerdict(False, "text_incomplete", probability, cue)
    if probability >= threshold:
        return TurnVerdict(True, "model", probability)
    if transcript and text_threshold is not None and probability >= text_threshold:
        finished = finished_cue(transcript)
        if finished is not None:
            return TurnVerdict(True, "text_complete", probability, finished)
    return TurnVerdict(False, "model_incomplete", probability)
