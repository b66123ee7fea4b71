"""Crisis detection for every user line, with the crisis resources to show on a hit.

Two stages. The rules live in `prompts/safety/patterns.yaml` (readable regular expressions
per category plus idiom and denial exclusions); this module normalises text, applies them,
and measures the checker on a labelled JSONL set. Lines the rules pass go to a classifier on
sentence embeddings (`safety_model.py`), which catches paraphrases the rules never listed.
See docs/safety.md for the decisions and the measured numbers.
"""

from __future__ import annotations

import hashlib
import json
import re
import re._constants as sre_c  # the stdlib regex parser: the only way to read a pattern's parts
import re._parser as sre_parse
import sys
import unicodedata
from functools import cache
from pathlib import Path
from typing import Literal, cast

import yaml
from pydantic import BaseModel, ConfigDict, Field, StrictBool, ValidationError

from voice_coach.jsonl import load_jsonl
from voice_coach.assets import asset_dir
from voice_coach.events import CrisisResource
from voice_coach.safety.model import (
    CrisisModel,
    Embedder,
    LearnedStage,
    candidate_windows,
    load_or_train,
)

Category = Literal["suicide", "self_harm", "danger", "abuse", "harm_to_others"]
CATEGORIES: tuple[Category, ...] = (
    "suicide",
    "self_harm",
    "danger",
    "abuse",
    "harm_to_others",
)

_MACRO = re.compile(r"\{([a-z_]+)\}")
_PRE = "{pre}"
# How far left a `{pre}` exclusion reaches to cover the subject a crisis rule matched.
_PRE_WORDS = 8
_PRONOUN_IS = (
    "he|she|it|that|there|what|who|where|here|everyone|everybody|nobody|someone|somebody|this|how|why|when"
)
# Apostrophe grammar is fixed English, so it stays in code; spellings without apostrophes
# (what speech-to-text and fast typists produce) are data in patterns.yaml.
_APOSTROPHE_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bcan't\b"), "can not"),
    (re.compile(r"\bwon't\b"), "will not"),
    (re.compile(r"\bain't\b"), "am not"),
    (re.compile(r"\bshan't\b"), "shall not"),
    (re.compile(r"(\w)n't\b"), r"\1 not"),
    (re.compile(r"'m\b"), " am"),
    (re.compile(r"'re\b"), " are"),
    (re.compile(r"'ve\b"), " have"),
    (re.compile(r"'ll\b"), " will"),
    # "'d" before a participle is "had" ("i'd never been born"), otherwise "would".
    (
        re.compile(r"'d (never |not |already |just |ever )?(been|had|done|gone|seen|known|taken|felt)\b"),
        r" had \1\2",
    ),
    (re.compile(r"'d\b"), " would"),
    (re.compile(rf"\b({_PRONOUN_IS})'s\b"), r"\1 is"),
    (re.compile(r"'s\b"), ""),
    (re.compile(r"'"), ""),
)
_NON_WORD = re.compile(r"[^a-z0-9' ]+")
_SPACES = re.compile(r"\s+")


class SafetyResult(BaseModel):
    """Outcome of checking one line: whether it is a crisis, which kind, and the phrase."""

    model_config = ConfigDict(frozen=True)

    crisis: bool
    category: Category | None = None
    matched: str | None = None


class PatternFile(BaseModel):
    """Schema of patterns.yaml."""

    model_config = ConfigDict(extra="forbid")

    version: int
    rewrites: dict[str, str] = Field(default_factory=dict)
    macros: dict[str, str] = Field(default_factory=dict)
    categories: dict[Category, list[str]]
    exclusions: dict[str, list[str]] = Field(default_factory=dict)


class ResourceFile(BaseModel):
    """Schema of resources.yaml."""

    model_config = ConfigDict(extra="forbid")

    pause_message: str = Field(min_length=1)
    resources: list[CrisisResource] = Field(min_length=1)


class SafetyExample(BaseModel):
    """One labelled line of the safety evaluation set."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1)
    utterance: str
    crisis: StrictBool


def _safety_dir() -> Path:
    return asset_dir("prompts") / "safety"


def _expand_macros(pattern: str, macros: dict[str, str]) -> str:
    def sub(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in macros:
            # Regex quantifiers like {2} never reach here (digits); an unknown word is a typo.
            raise ValueError(f"unknown macro {{{name}}} in safety pattern {pattern!r}")
        return f"(?:{macros[name]})"

    return _MACRO.sub(sub, pattern)


def _compile(pattern: str, macros: dict[str, str]) -> re.Pattern[str]:
    try:
        return re.compile(rf"\b(?:{_expand_macros(pattern, macros)})\b")
    except re.error as exc:
        raise ValueError(f"bad safety pattern {pattern!r}: {exc}") from exc


def _required_literals(items: sre_parse.SubPattern | list) -> frozenset[str] | None:
    """Strings of which every match must contain one, or None when none can be derived."""
    best: frozenset[str] | None = None

    def consider(found: frozenset[str] | None) -> None:
        nonlocal best
        if found and (best is None or min(map(len, found)) > min(map(len, best))):
            best = found

    run: list[str] = []
    for op, arg in items:
        if op is sre_c.LITERAL:
            run.append(chr(arg))
            continue
        consider(frozenset({"".join(run)}) if run else None)
        run = []
        if op is sre_c.SUBPATTERN:
            consider(_required_literals(arg[-1]))
        elif op is sre_c.BRANCH:
            alternatives = [_required_literals(branch) for branch in arg[1]]
            if all(alternatives):
                consider(frozenset().union(*alternatives))  # type: ignore[arg-type]
        elif op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT) and arg[0] >= 1:
            consider(_required_literals(arg[2]))
    consider(frozenset({"".join(run)}) if run else None)
    return best


class _Rule:
    """A compiled pattern plus the literals that must occur for it to match at all."""

    __slots__ = ("needles", "regex")

    def __init__(self, regex: re.Pattern[str]) -> None:
        self.regex = regex
        # Python's re cannot skip ahead for patterns opening with an alternation, so a
        # substring test on a required word first keeps a line well under a millisecond.
        try:
            found = _required_literals(sre_parse.parse(regex.pattern))
        except (AttributeError, IndexError, TypeError, ValueError, re.error):
            # The parser is private and may change between Python versions: stay correct.
            found = None
        # The empty string is in every text, so a rule without needles always runs.
        self.needles = found or frozenset({""})

    def finditer(self, text: str, present: set[str]) -> list[re.Match[str]]:
        """All matches, or none at once when none of the required literals is `present`."""
        if self.needles.isdisjoint(present):
            return []
        return list(self.regex.finditer(text))


class _RuleSet:
    """Compiled rules of one patterns file; built once per process and shared by checkers."""

    def __init__(self, spec: PatternFile, fingerprint: str) -> None:
        self.fingerprint = fingerprint
        macros: dict[str, str] = {}
        for name, body in spec.macros.items():
            # Later macros may build on earlier ones ({abuser} uses {rel}).
            macros[name] = _expand_macros(body, macros)
        rewrites = sorted(spec.rewrites.items(), key=lambda kv: -len(kv[0]))
        self.rewrite_map = {k.lower(): v for k, v in rewrites}
        self.rewrite = (
            re.compile(r"\b(" + "|".join(re.escape(k.lower()) for k, _ in rewrites) + r")\b")
            if rewrites
            else None
        )
        self.rules: list[tuple[Category, _Rule]] = [
            (category, _Rule(_compile(p, macros)))
            for category in CATEGORIES
            for p in spec.categories.get(category, [])
        ]
        # A `{pre}` prefix is handled in code, not as a regex: a leading "(\\w+ ){0,8}" made
        # the engine backtrack at every position and cost more than all other rules together.
        self.exclusions: list[tuple[bool, _Rule]] = [
            (p.startswith(_PRE), _Rule(_compile(p.removeprefix(_PRE), macros)))
            for group in spec.exclusions.values()
            for p in group
        ]
        self.needles = frozenset().union(*(r.needles for _, r in self.rules + self.exclusions))


@cache
def _rule_set(path: Path, mtime_ns: int, size: int) -> _RuleSet:
    """Parse and compile a patterns file once per process (keyed by its path and version)."""
    raw = path.read_bytes()
    # The C loader, when PyYAML was built with libyaml, reads the file ten times faster.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        spec = PatternFile.model_validate(yaml.load(raw, Loader=loader))
    except ValidationError as exc:
        raise ValueError(f"{path}: invalid safety patterns: {exc}") from exc
    return _RuleSet(spec, hashlib.sha256(raw).hexdigest()[:16])


@cache
def _learned_model(rules: _RuleSet, training_path: Path | None, embedder: Embedder) -> CrisisModel:
    """The fitted second stage for these rules, training file and encoder (once per process)."""
    checker = SafetyChecker.__new__(SafetyChecker)
    checker._set_rules(rules)
    return load_or_train(
        checker.normalise,
        embedder,
        training_path,
        excluded=checker.excluded_spans,
        rule_hit=lambda text: checker.check_rules(text).crisis,
        rules_fingerprint=rules.fingerprint,
    )


class SafetyChecker:
    """Crisis detector: regex rules first, then a classifier on sentence embeddings.

    A line is a crisis when a rule matches outside every idiom or denial span, or when the
    classifier scores one of its word windows (one not touching such a span) above the
    threshold chosen by cross-validation on prompts/safety/train.jsonl.
    """

    def __init__(
        self,
        patterns_path: Path | None = None,
        *,
        learned: bool = True,
        training_path: Path | None = None,
        embedder: Embedder | None = None,
    ) -> None:
        """Load the rules (compiled once per process); the learned stage loads on first need."""
        path = (patterns_path or _safety_dir() / "patterns.yaml").resolve()
        stat = path.stat()
        self._set_rules(_rule_set(path, stat.st_mtime_ns, stat.st_size))
        self.learned = learned
        self._stage = LearnedStage(
            lambda encoder: _learned_model(self._rules_set, training_path, encoder),
            embedder,
        )

    def _set_rules(self, rules: _RuleSet) -> None:
        self._rules_set = rules
        self._rewrite_map = rules.rewrite_map
        self._rewrite = rules.rewrite
        self._rules = rules.rules
        self._exclusions = rules.exclusions
        self._needles = rules.needles

    def warm(self) -> None:
        """Load the encoder and the fitted classifier now rather than on the first line."""
        if self.learned:
            self._stage.warm()

    @property
    def learned_error(self) -> str | None:
        """Why the learned stage is off although it was asked for (None when it runs)."""
        return self._stage.error

    def normalise(self, text: str) -> str:
        """Lowercase, expand contractions, drop punctuation: the form the rules are written in."""
        t = unicodedata.normalize("NFKC", text).lower()
        t = t.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
        t = _NON_WORD.sub(" ", t)
        for rule, repl in _APOSTROPHE_RULES:
            t = rule.sub(repl, t)
        t = _SPACES.sub(" ", t).strip()
        if self._rewrite is not None:
            t = self._rewrite.sub(lambda m: self._rewrite_map[m.group(1)], t)
        return t

    def check(self, text: str) -> SafetyResult:
        """Classify one line; `matched` is the crisis phrase (or window) in normalised form."""
        result = self.check_rules(text)
        if result.crisis or not self.learned:
            return result
        return self.check_learned(text)

    def check_rules(self, text: str) -> SafetyResult:
        """The rule stage alone (sub-millisecond)."""
        t = self.normalise(text)
        # One pass over the distinct literals, then each rule is a set test.
        present = {n for n in self._needles if n in t}
        excluded: list[tuple[int, int, int]] | None = None  # computed only once a rule fires
        for category, rule in self._rules:
            for m in rule.finditer(t, present):
                if excluded is None:
                    excluded = self._excluded_spans(t, present)
                start, end = m.span()
                # Covered: the crisis phrase ends inside the idiom and starts no further left
                # than the idiom (or, for `{pre}` idioms, than the words just before it).
                if not any(lo <= start and a < end <= b for lo, a, b in excluded):
                    return SafetyResult(crisis=True, category=category, matched=m.group(0))
        return SafetyResult(crisis=False)

    def check_learned(self, text: str) -> SafetyResult:
        """The classifier stage alone; safe when it is unavailable (see `learned_error`)."""
        if self._stage.model() is None:
            return SafetyResult(crisis=False)
        hit = self._stage.best_window(candidate_windows(text, self.normalise, self.excluded_spans))
        if hit is None:
            return SafetyResult(crisis=False)
        category, window = hit
        return SafetyResult(crisis=True, category=cast(Category, category), matched=window)

    def excluded_spans(self, normalised: str) -> list[tuple[int, int]]:
        """(start, end) of every idiom or denial in a normalised text, `{pre}` reach included."""
        present = {n for n in self._needles if n in normalised}
        return [(lo, b) for lo, _a, b in self._excluded_spans(normalised, present)]

    def _excluded_spans(self, t: str, present: set[str]) -> list[tuple[int, int, int]]:
        """(earliest covered start, start, end) of every exclusion match in normalised text."""
        spans: list[tuple[int, int, int]] = []
        for reach_left, ex in self._exclusions:
            for m in ex.finditer(t, present):
                a, b = m.span()
                lo = a
                if reach_left:
                    head = t[:a].split(" ")
                    lo = max(0, a - len(" ".join(head[-_PRE_WORDS - 1 :])))
                spans.append((lo, a, b))
        return spans


@cache
def _resources() -> ResourceFile:
    path = _safety_dir() / "resources.yaml"
    return ResourceFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


def crisis_resources() -> list[CrisisResource]:
    """Places to get help now (988 Lifeline, Crisis Text Line, emergency numbers)."""
    return list(_resources().resources)


def pause_message() -> str:
    """The warm message shown when a crisis line pauses the role-play."""
    return _resources().pause_message


def load_safety_examples(path: Path) -> list[SafetyExample]:
    """Read a labelled JSONL set; a malformed line raises ValueError naming its line number."""
    return load_jsonl(path, SafetyExample, what="safety examples")


def evaluate_safety(path: Path, checker: SafetyChecker | None = None) -> dict:
    """Recall, false-positive rate and precision of the checker on a labelled JSONL set."""
    checker = checker or SafetyChecker()
    examples = load_safety_examples(path)
    misses: list[str] = []
    false_positives: list[str] = []
    tp = 0
    for ex in examples:
        hit = checker.check(ex.utterance).crisis
        if ex.crisis and hit:
            tp += 1
        elif ex.crisis:
            misses.append(ex.id)
        elif hit:
            false_positives.append(ex.id)
    n_crisis = sum(ex.crisis for ex in examples)
    n_safe = len(examples) - n_crisis
    flagged = tp + len(false_positives)
    return {
        "recall": tp / n_crisis if n_crisis else 1.0,
        "false_positive_rate": len(false_positives) / n_safe if n_safe else 0.0,
        # Nothing flagged means no false alarm was raised, so precision is vacuously 1.
        "precision": tp / flagged if flagged else 1.0,
        "n": len(examples),
        "n_crisis": n_crisis,
        "misses": misses,
        "false_positives": false_positives,
    }


if __name__ == "__main__":
    # python -m voice_coach.safety.checker [eval.jsonl] [--rules-only]: print the metrics.
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    target = Path(args[0]) if args else Path("tests/data/safety_eval.jsonl")
    checker = SafetyChecker(learned="--rules-only" not in sys.argv)
    print(json.dumps(evaluate_safety(target, checker), indent=2))
