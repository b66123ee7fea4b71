"""The speaker's own usual voice, so tone cues are read relative to it and not to a population norm.

Microphone gain, room and anatomy move absolute loudness and pitch far more than confidence or
arousal do, so every voice cue in `reflections.py` compares a turn with this baseline. The first
turns (or an optional calibration phrase) set it; afterwards it follows the speaker slowly so one
heated turn cannot redefine "usual".
"""

from __future__ import annotations

import math
from typing import Any

from pydantic import BaseModel, ConfigDict

from voice_coach.audio.prosody import Prosody

FEATURES: tuple[str, ...] = ("rate_wpm", "level_dbfs", "f0_semitones", "pause_ratio", "response_latency_s")


class ProsodyDeltas(BaseModel):
    """One turn relative to the speaker's baseline; a field is None until both sides exist."""

    model_config = ConfigDict(frozen=True)

    rate_ratio: float | None = None
    loudness_db: float | None = None
    f0_semitones: float | None = None
    pause_ratio_delta: float | None = None
    latency_delta_s: float | None = None

    @property
    def has_baseline(self) -> bool:
        """True when at least one delta could be computed."""
        return any(v is not None for v in self.model_dump().values())


def _semitones(hz: float) -> float:
    return 12.0 * math.log2(hz / 100.0)


class SpeakerBaseline:
    """Running estimate of one speaker's usual rate, loudness, pitch, pauses and response latency."""

    def __init__(self, *, min_turns: int = 2, warmup_turns: int = 3, alpha: float = 0.15) -> None:
        """`min_turns` turns before deltas exist; plain mean for `warmup_turns`, then EMA `alpha`."""
        self.min_turns = min_turns
        self.warmup_turns = warmup_turns
        self.alpha = alpha
        self.turns = 0
        self.calibrated = False
        self.values: dict[str, float | None] = {name: None for name in FEATURES}
        self.counts: dict[str, int] = {name: 0 for name in FEATURES}

    @property
    def ready(self) -> bool:
        """True once enough turns (or a calibration phrase) define the speaker's usual voice."""
        return self.calibrated or self.turns >= self.min_turns

    def update(self, prosody: Prosody) -> None:
        """Fold one turn in: equal weights for the first turns, then a slow exponential update."""
        if not prosody.enough_speech:
            return
        self.turns += 1
        for name, value in self._features(prosody).items():
            if value is None:
                continue
            old = self.values[name]
            self.counts[name] += 1
            if old is None:
                self.values[name] = value
            elif self.counts[name] <= self.warmup_turns:
                self.values[name] = old + (value - old) / self.counts[name]
            else:
                self.values[name] = old + self.alpha * (value - old)

    def calibrate(self, prosody: Prosody) -> None:
        """Set the baseline from a neutral calibration phrase read at the start (counts as ready)."""
        if not prosody.enough_speech:
            return
        self.update(prosody)
        # A read phrase stands in for the warm-up turns, so later turns move it only slowly.
        for name in FEATURES:
            if self.values[name] is not None:
                self.counts[name] = max(self.counts[name], self.warmup_turns)
        self.calibrated = True

    def relative(self, prosody: Prosody) -> ProsodyDeltas:
        """How this turn differs from the usual voice (call before `update` with the same turn)."""
        if not self.ready or not prosody.enough_speech:
            return ProsodyDeltas()
        now = self._features(prosody)
        base = self.values

        def diff(name: str) -> float | None:
            if now[name] is None or base[name] is None:
                return None
            return round(float(now[name]) - float(base[name]), 3)  # type: ignore[arg-type]

        rate = None
        if now["rate_wpm"] and base["rate_wpm"]:
            rate = round(float(now["rate_wpm"]) / float(base["rate_wpm"]), 3)
        return ProsodyDeltas(
            rate_ratio=rate,
            loudness_db=diff("level_dbfs"),
            f0_semitones=diff("f0_semitones"),
            pause_ratio_delta=diff("pause_ratio"),
            latency_delta_s=diff("response_latency_s"),
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready snapshot to store per user."""
        return {
            "version": 1,
            "min_turns": self.min_turns,
            "warmup_turns": self.warmup_turns,
            "alpha": self.alpha,
            "turns": self.turns,
            "calibrated": self.calibrated,
            "values": dict(self.values),
            "counts": dict(self.counts),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SpeakerBaseline:
        """Rebuild a baseline stored with `to_dict` (unknown features are ignored)."""
        made = cls(
            min_turns=int(data.get("min_turns", 2)),
            warmup_turns=int(data.get("warmup_turns", 3)),
            alpha=float(data.get("alpha", 0.15)),
        )
        made.turns = int(data.get("turns", 0))
        made.calibrated = bool(data.get("calibrated", False))
        for name in FEATURES:
            value = data.get("values", {}).get(name)
            made.values[name] = None if value is None else float(value)
            made.counts[name] = int(data.get("counts", {}).get(name, 0))
        return made

    @staticmethod
    def _features(prosody: Prosody) -> dict[str, float | None]:
        f0 = prosody.f0_median_hz
        return {
            "rate_wpm": prosody.rate_wpm,
            "level_dbfs": prosody.level_dbfs,
            # Pitch is averaged in semitones: equal steps in perceived pitch, not in Hz.
            "f0_semitones": _semitones(f0) if f0 else None,
            "pause_ratio": prosody.pause_ratio,
            "response_latency_s": prosody.response_latency_s,
        }
