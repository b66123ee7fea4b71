"""Voice-based ratings of "Appear confident" and "Stay mindful", a tone read-out and one reflection.

The rules, thresholds, texts and their sources live in `prompts/reflections.yaml`; this module only
evaluates them. A reflection is an invitation to try the line again differently, at most one per
turn, chosen by the order of the rules (emotion management first).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from voice_coach.assets import asset_dir
from voice_coach.audio.baseline import ProsodyDeltas
from voice_coach.audio.prosody import Prosody, SentenceEnd
from voice_coach.skills import Skill, SkillFeedback


class Rule(BaseModel):
    """One cue: when it fires, what it says, and why (with sources)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    skill: Skill
    why: str
    sources: list[str]
    when: dict[str, float | bool]
    reason: str
    text: str
    change_words: dict[str, str] = Field(default_factory=dict)


class ReflectionRules(BaseModel):
    """The whole of prompts/reflections.yaml, validated."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sources: dict[str, str]
    rules: list[Rule]
    calm_reasons: dict[str, str]
    readout: dict[str, Any]
    request_patterns: list[str]
    question_openers: list[str]
    provocation_patterns: dict[str, list[str]]

    @model_validator(mode="after")
    def _known(self) -> ReflectionRules:
        for rule in self.rules:
            if rule.id not in _CHECKS:
                raise ValueError(f"rule {rule.id!r} has no check in reflections.py")
            missing = [s for s in rule.sources if s not in self.sources]
            if missing:
                raise ValueError(f"rule {rule.id!r} cites unknown sources: {missing}")
        return self


class VoiceReading(BaseModel):
    """What the voice says about one turn: two ratings, at most one reflection, a short read-out."""

    model_config = ConfigDict(frozen=True)

    confident: SkillFeedback | None = None
    mindful: SkillFeedback | None = None
    reflection: tuple[Skill, str, list[str]] | None = None
    readout: dict[str, str] = Field(default_factory=dict)


@cache
def load_rules() -> ReflectionRules:
    """Read and validate prompts/reflections.yaml (once per process)."""
    import yaml

    with open(asset_dir("prompts") / "reflections.yaml", encoding="utf-8") as handle:
        return ReflectionRules.model_validate(yaml.safe_load(handle))


def is_request(text: str) -> bool:
    """Heuristic: does the line ask for something ("I need...", "could you...", "please")?"""
    return _matches(load_rules().request_patterns, text)


def provocation_kind(partner_text: str) -> str | None:
    """Which kind of provocation the partner's line is (accusation, dismissal, guilt_trip), if any."""
    for kind, patterns in load_rules().provocation_patterns.items():
        if _matches(patterns, partner_text):
            return kind
    return None


def provoked(partner_text: str) -> bool:
    """Heuristic: is the partner's line an accusation, a dismissal or a guilt trip?"""
    return provocation_kind(partner_text) is not None


def reflect(
    prosody: Prosody,
    deltas: ProsodyDeltas,
    *,
    text: str,
    is_request: bool,
    partner_name: str,
    provoked: bool,
) -> VoiceReading:
    """Rate Confident/Mindful from the voice and pick the single most important reflection."""
    rules = load_rules()
    if not prosody.enough_speech:
        return VoiceReading(readout={"voice": "too little speech to read the tone"})
    ctx = _Context(prosody, deltas, text, is_request, provoked, rules.question_openers)
    fired: list[tuple[Rule, dict[str, str], list[str]]] = []
    for rule in rules.rules:
        hit = _CHECKS[rule.id](ctx, rule)
        if hit is not None:
            fields, cues = hit
            fired.append((rule, {"partner": partner_name, **fields}, cues))

    confident_hits = [f for f in fired if f[0].skill == Skill.CONFIDENT]
    if confident_hits:
        rule, fields, _ = confident_hits[0]
        confident = _feedback(Skill.CONFIDENT, "no", rule.reason.format(**fields))
    else:
        confident = _feedback(Skill.CONFIDENT, "yes", rules.calm_reasons["confident"])
    mindful = None
    if provoked and deltas.has_baseline:
        mindful_hits = [f for f in fired if f[0].skill == Skill.MINDFUL]
        if mindful_hits:
            rule, fields, _ = mindful_hits[0]
            mindful = _feedback(Skill.MINDFUL, "no", rule.reason.format(**fields))
        else:
            mindful = _feedback(
                Skill.MINDFUL, "yes", rules.calm_reasons["mindful"].format(partner=partner_name)
            )
    reflection = None
    if fired:
        rule, fields, cues = fired[0]
        reflection = (rule.skill, rule.text.format(**fields), cues)
    return VoiceReading(
        confident=confident, mindful=mindful, reflection=reflection,
        readout=_readout(prosody, deltas, rules.readout),
    )


def _feedback(skill: Skill, label: str, reason: str) -> SkillFeedback:
    return SkillFeedback(skill=skill, label=label, reason=reason, source="voice")


def _matches(patterns: list[str], text: str) -> bool:
    lowered = text.lower().replace("\u2019", "'")
    return any(re.search(rf"\b{p}", lowered) for p in patterns)


class _Context:
    """Everything a check may look at for one turn."""

    def __init__(
        self, prosody: Prosody, deltas: ProsodyDeltas, text: str, request: bool, provoked: bool,
        openers: list[str],
    ) -> None:
        self.p, self.d, self.text, self.request, self.provoked = prosody, deltas, text, request, provoked
        self.openers = set(openers)

    def question_form(self, sentence: str) -> bool:
        first = re.findall(r"[a-z']+", sentence.lower().replace("\u2019", "'"))
        return bool(first) and first[0] in self.openers

    def sentence_text(self, sentence: SentenceEnd) -> str:
        if sentence.text:
            return sentence.text
        # Without word timings there is one acoustic "sentence": the end of the line.
        parts = [s for s in re.split(r"(?<=[.!?])\s+", self.text.strip()) if s]
        return parts[-1] if parts else ""

    def target(self, want_request: bool) -> tuple[SentenceEnd, str] | None:
        measured = [s for s in self.p.sentences if s.terminal_st is not None]
        if not measured:
            return None
        if not want_request:
            last = measured[-1]
            return last, self.sentence_text(last)
        texts = [self.sentence_text(s) for s in measured]
        asking = [i for i, t in enumerate(texts) if is_request(t)]
        i = asking[-1] if asking else len(measured) - 1
        return measured[i], texts[i]


Check = Callable[[_Context, Rule], "tuple[dict[str, str], list[str]] | None"]


def _arousal(ctx: _Context, rule: Rule) -> tuple[dict[str, str], list[str]] | None:
    w, d = rule.when, ctx.d
    if w.get("provoked", True) and not ctx.provoked:
        return None
    ups = {
        "rate": d.rate_ratio is not None and d.rate_ratio >= w["rate_ratio_min"],
        "loudness": d.loudness_db is not None and d.loudness_db >= w["loudness_db_min"],
        "pitch": d.f0_semitones is not None and d.f0_semitones >= w["f0_semitones_min"],
    }
    cues = [name for name, up in ups.items() if up]
    if len(cues) < int(w["min_cues"]):
        return None
    words = [rule.change_words.get(c, c) for c in cues]
    changes = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
    return {"changes": changes}, [f"{c}_up" for c in cues]


def _rising(want_request: bool) -> Check:
    def check(ctx: _Context, rule: Rule) -> tuple[dict[str, str], list[str]] | None:
        if want_request and not ctx.request:
            return None
        found = ctx.target(want_request)
        if found is None:
            return None
        sentence, words = found
        if ctx.question_form(words) or (sentence.terminal_st or 0.0) < rule.when["rising_min_st"]:
            return None
        if not want_request and ctx.request and is_request(words):
            return None  # already covered by rising_request
        return {}, ["rising_ending"]

    return check


def _trailing(ctx: _Context, rule: Rule) -> tuple[dict[str, str], list[str]] | None:
    trend = ctx.p.level_trend_db
    return ({}, ["fading_volume"]) if trend is not None and trend <= rule.when["trend_db_max"] else None


def _rushed(ctx: _Context, rule: Rule) -> tuple[dict[str, str], list[str]] | None:
    ratio = ctx.d.rate_ratio
    if ratio is None or ratio < rule.when["rate_ratio_min"]:
        return None
    return {"percent": f"{round((ratio - 1.0) * 100):d}"}, ["rate_up"]


def _halting(ctx: _Context, rule: Rule) -> tuple[dict[str, str], list[str]] | None:
    d, w = ctx.d, rule.when
    cues = []
    if d.rate_ratio is not None and d.rate_ratio <= w["rate_ratio_max"]:
        cues.append("rate_down")
    if d.pause_ratio_delta is not None and d.pause_ratio_delta >= w["pause_ratio_delta_min"]:
        cues.append("more_pauses")
    return ({}, cues) if cues else None


def _fillers(ctx: _Context, rule: Rule) -> tuple[dict[str, str], list[str]] | None:
    p, w = ctx.p, rule.when
    if not p.filler_count or p.filler_count < w["min_fillers"]:
        return None
    if (p.filler_rate or 0.0) < w["rate_per_100_words_min"]:
        return None
    shown = ", ".join(f'"{f}"' for f in dict.fromkeys(p.fillers))
    return {"fillers": shown}, ["fillers"]


def _hesitation(ctx: _Context, rule: Rule) -> tuple[dict[str, str], list[str]] | None:
    latency, w = ctx.p.response_latency_s, rule.when
    if latency is None or latency < w["latency_s_min"]:
        return None
    if ctx.d.latency_delta_s is not None and ctx.d.latency_delta_s < w["latency_delta_s_min"]:
        return None
    return {"latency": f"{latency:.1f}"}, ["long_latency"]


_CHECKS: dict[str, Check] = {
    "arousal_after_provocation": _arousal,
    "rising_request": _rising(True),
    "rising_statement": _rising(False),
    "trailing_off": _trailing,
    "rushed": _rushed,
    "halting": _halting,
    "fillers": _fillers,
    "long_hesitation": _hesitation,
}


def _band(value: float, bands: list[list[Any]]) -> str:
    for upper, label in bands:
        if value <= float(upper):
            return str(label)
    return str(bands[-1][1])


def _readout(p: Prosody, d: ProsodyDeltas, cfg: dict[str, Any]) -> dict[str, str]:
    learning = str(cfg["learning"])
    out: dict[str, str] = {}
    if d.rate_ratio is not None:
        out["pace"] = _band(d.rate_ratio, cfg["pace_ratio"])
    elif p.rate_wpm is not None:
        out["pace"] = f"{p.rate_wpm:.0f} words a minute"
    out["volume"] = learning if d.loudness_db is None else _band(d.loudness_db, cfg["volume_db"])
    out["pitch"] = learning if d.f0_semitones is None else _band(d.f0_semitones, cfg["pitch_st"])
    if p.final_contour is not None:
        out["ending"] = p.final_contour
    if p.level_trend_db is not None:
        out["last words"] = "fading" if p.level_trend_db <= float(cfg["fading_db"]) else "steady"
    if p.pause_count is not None:
        out["pauses"] = "none" if p.pause_count == 0 else f"{p.pause_count}"
    if p.filler_count is not None:
        names = ", ".join(dict.fromkeys(p.fillers))
        out["fillers"] = "none" if not p.filler_count else f"{p.filler_count} ({names})"
    if p.response_latency_s is not None:
        out["start"] = f"{p.response_latency_s:.1f} s after the other person"
    return out
