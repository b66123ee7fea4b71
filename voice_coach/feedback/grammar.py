"""A grammar guard for edited text: no sentence a person reads after their line may be broken.

Editing clauses out of a line can leave a sentence that no longer stands: a dangling "to" or "and", a doubled
word, "I'm asking you to my card", a "because ..." or "after ..." clause without its main clause, a quote mark
left alone, a "That's why" whose reason was cut, or a run of words with no verb. `broken` names what is wrong
with one sentence; `repair` mends what it can (an orphaned "That's why" loses its opener) and drops the rest.
"""

from __future__ import annotations

import re

from voice_coach.feedback import phrases as P
from voice_coach.feedback.clauses import has_verb, sentences

# Prepositions may end a sentence ("that's what the key is for"); these words may not.
_DANGLING_END = re.compile(r"\b(?:to|and|or|but|the|a|an|my|your|our|their|because|that's why|so that|than|any of|"
                           r"all of|some of|none of)\W*$",
                           re.IGNORECASE)
_NO_VERB_AFTER_TO = re.compile(r"\b(?:asking|ask|want|need|like|expect|told|tell)(?: you| them| him| her)? to "
                               r"(?:my|your|the|a|an|his|her|our|their|this|that|these|those)\b", re.IGNORECASE)
# "promise to don't be upset", "I can't don't be upset": a negative imperative said back after "to" or a
# modal keeps its "don't".
_NEGATION_AFTER_TO = re.compile(r"\b(?:to|can'?t|cannot|won'?t|will|would|could|should|must|can|might) "
                                r"(?:don'?t|doesn'?t|didn'?t|won'?t|can'?t|isn'?t|aren'?t|wasn'?t)\b", re.IGNORECASE)
_DOUBLED = re.compile(r"\b([a-z]+)\s+\1\b", re.IGNORECASE)
# "You could do I look like someone who drops things": a question spliced after a modal or "please" ("do i look
# like ...?" turned into an ask) keeps its inverted subject.
_QUESTION_AFTER_MODAL = re.compile(r"\b(?:to|can|could|would|will|should|might|must|please) (?:do|does|did|am|is|are|was|"
                                   r"were) (?:i|you|he|she|we|they)\b", re.IGNORECASE)
_DOUBLE_OK = frozenset({"that", "had", "very", "no", "bye", "so"})
_SUBORDINATE = re.compile(r"^(?:after|because|since|when|whenever|if|unless|although|though|while|before|until|"
                          r"whereas|even though|even if|so that)\b", re.IGNORECASE)
_MAIN_MARK = re.compile(r",|\b(?:please|then|i'?m asking|let'?s|i need you|i'?d like you)\b", re.IGNORECASE)
_QUESTION_FORM = re.compile(r"^(?:[A-Z][a-z]+,? )?(?:can|could|would|will|do|does|did|is|are) (?:you|we|i|they|he|she)\b",
                            re.IGNORECASE)
# Words that are verbs by their shape: contractions ("that'd"), third person ("works"), "let's".
_VERB_SHAPE = re.compile(r"\b\w+(?:'d|'ll|'s|'re|'ve|n't)\b|\b[a-z]{3,}s\b|\blet'?s\b", re.IGNORECASE)
_LONE_QUOTE = re.compile(r"(?:^|\s)['\"](?:\s|$)|['\"]\s*['\"]")
# Openers that point back at the sentence before: they stand only after the sentence they pointed at.
_BACK_REFERENCE = re.compile(r"^(?:that'?s why|this is why|that is why|which is why|which|so that'?s)\b,?\s*",
                             re.IGNORECASE)


def broken(sentence: str) -> str:
    """What is wrong with one sentence ('' when nothing is)."""
    text = sentence.strip()
    core = text.rstrip(".?!").strip()
    if not core:
        return "empty"
    if _DANGLING_END.search(core) and not text.endswith("?"):
        return "dangling_end"
    if _NO_VERB_AFTER_TO.search(core):
        return "to_without_verb"
    if _NEGATION_AFTER_TO.search(core):
        return "to_before_negation"
    if _QUESTION_AFTER_MODAL.search(core):
        return "question_after_modal"
    for match in _DOUBLED.finditer(core):
        if match.group(1).lower() not in _DOUBLE_OK:
            return "doubled_word"
    if _LONE_QUOTE.search(core):
        return "lone_quote"
    if re.search(r"\byou(?:'re| is| has| was) been\b|\byou (?:is|has|was|does)\b|\byou\b[^.]*\band (?:lets|comes|goes|"
                 r"keeps|expects|wants|has|does) (?:yourself|you|in|over|up)\b", core, re.IGNORECASE):
        return "agreement"
    if _QUESTION_FORM.match(core) and not text.endswith("?"):
        return "question_as_statement"
    if re.match(r"^(?:once|when|if|after|before|because|since|until|unless|while)\b[^,]*, (?:and|but|or)\b", core,
                re.IGNORECASE):
        return "no_main_clause"  # "Once it's sent, and you won't hear from me": the main clause was cut out
    if _SUBORDINATE.match(core) and not _MAIN_MARK.search(core) and not text.endswith("?"):
        return "no_main_clause"
    words = [w.strip(",;:").lower() for w in core.split()]
    if (len(words) >= 4 and not has_verb(core.lower()) and not text.endswith("?") and "please" not in words
            and not any(w in P.IMPERATIVE_VERBS for w in words) and not _VERB_SHAPE.search(core)
            and not re.match(r"^(?:no|yes|not|ok|okay|sure|thanks)\b", core, re.IGNORECASE)):
        return "no_verb"
    return ""


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9$']+", text.lower().replace("\u2019", "'")) if len(w) > 2}


def _follows(previous: str, sentence: str, original: str) -> bool:
    """Does `previous` say what came right before `sentence` in the original line?"""
    said = sentences(original)
    rest = _words(_BACK_REFERENCE.sub("", sentence))
    for index, own in enumerate(said):
        own_words = _words(own)
        if rest and len(rest & own_words) / len(rest) >= 0.7:
            if index == 0:
                return False
            before = _words(said[index - 1])
            return bool(before) and len(_words(previous) & before) / len(before) >= 0.5
    return False


def problems(text: str, original: str = "") -> list[str]:
    """Every broken sentence of a text, as "reason: sentence"."""
    out: list[str] = []
    said = sentences(text)
    for index, sentence in enumerate(said):
        reason = broken(sentence)
        if not reason and _BACK_REFERENCE.match(sentence) and (
                index == 0 or not _follows(said[index - 1], sentence, original)):
            reason = "reference_cut_off"
        if reason:
            out.append(f"{reason}: {sentence}")
    return out


def repair(text: str, original: str = "") -> str:
    """The text with orphaned openers removed and every sentence that is still broken left out."""
    said = sentences(text)
    kept: list[str] = []
    for index, sentence in enumerate(said):
        if _BACK_REFERENCE.match(sentence) and (index == 0 or not _follows(said[index - 1], sentence, original)):
            rest = _BACK_REFERENCE.sub("", sentence)
            sentence = rest[:1].upper() + rest[1:]
        if sentence and not broken(sentence):
            kept.append(sentence)
    return " ".join(kept)
