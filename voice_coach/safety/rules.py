"""The rule stage of the crisis check: text normalisation and the patterns of patterns.yaml.

The rules live in `prompts/safety/patterns.yaml` (readable regular expressions per category plus
idiom and denial exclusions); this module normalises text the way the rules are written and
applies them. A rule under `categories` is clear risk (`pause`), one under `check_in` possible risk.
See docs/safety.md.
"""

from __future__ import annotations

import hashlib
import re
import re._constants as sre_c  # the stdlib regex parser: the only way to read a pattern's parts
import re._parser as sre_parse
import unicodedata
from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from voice_coach.assets import asset_dir
from voice_coach.safety.result import CATEGORIES, Category, SafetyResult, Tier

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


class PatternFile(BaseModel):
    """Schema of patterns.yaml."""

    model_config = ConfigDict(extra="forbid")

    version: int
    rewrites: dict[str, str] = Field(default_factory=dict)
    macros: dict[str, str] = Field(default_factory=dict)
    categories: dict[Category, list[str]]
    check_in: dict[Category, list[str]] = Field(default_factory=dict)
    exclusions: dict[str, list[str]] = Field(default_factory=dict)


def safety_dir() -> Path:
    """prompts/safety: rules, resources, training lines and the judge prompt."""
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
        # Clear-risk rules first: the first match decides, and `pause` outranks `check_in`.
        self.rules: list[tuple[Tier, Category, _Rule]] = [
            (tier, category, _Rule(_compile(p, macros)))
            for tier, groups in (("pause", spec.categories), ("check_in", spec.check_in))
            for category in CATEGORIES
            for p in groups.get(category, [])
        ]
        # A `{pre}` prefix is handled in code, not as a regex: a leading "(\\w+ ){0,8}" made
        # the engine backtrack at every position and cost more than all other rules together.
        self.exclusions: list[tuple[bool, _Rule]] = [
            (p.startswith(_PRE), _Rule(_compile(p.removeprefix(_PRE), macros)))
            for group in spec.exclusions.values()
            for p in group
        ]
        self.needles = frozenset().union(*(r.needles for *_, r in [*self.rules, *self.exclusions]))


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


class RuleStage:
    """Regex rules of one patterns file: a match outside every idiom or denial span is a crisis."""

    def __init__(self, patterns_path: Path | None = None) -> None:
        """Compile the rules (once per process per file version)."""
        path = (patterns_path or safety_dir() / "patterns.yaml").resolve()
        stat = path.stat()
        rules = _rule_set(path, stat.st_mtime_ns, stat.st_size)
        self.fingerprint = rules.fingerprint
        self._rewrite_map = rules.rewrite_map
        self._rewrite = rules.rewrite
        self._rules = rules.rules
        self._exclusions = rules.exclusions
        self._needles = rules.needles

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
        """The rule stage alone (sub-millisecond)."""
        t = self.normalise(text)
        # One pass over the distinct literals, then each rule is a set test.
        present = {n for n in self._needles if n in t}
        excluded: list[tuple[int, int, int]] | None = None  # computed only once a rule fires
        for tier, category, rule in self._rules:
            for m in rule.finditer(t, present):
                if excluded is None:
                    excluded = self._excluded_spans(t, present)
                start, end = m.span()
                # Covered: the crisis phrase ends inside the idiom and starts no further left
                # than the idiom (or, for `{pre}` idioms, than the words just before it).
                if not any(lo <= start and a < end <= b for lo, a, b in excluded):
                    return SafetyResult(crisis=True, tier=tier, category=category, matched=m.group(0),
                                        source="rules")
        return SafetyResult(crisis=False)

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
