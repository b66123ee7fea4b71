"""Voice reading of a spoken line: prosody against the speaker's baseline, voice-based ratings, one reflection."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from voice_coach.events import AnyEvent, ProsodyReady, Reflection, Word
from voice_coach.skills import SkillFeedback


@dataclass
class VoiceResult:
    """What the voice added to one turn."""

    prosody: dict[str, Any]
    readout: dict[str, str] = field(default_factory=dict)
    skills: list[SkillFeedback] = field(default_factory=list)
    reflection: Reflection | None = None

    def stored(self) -> dict[str, Any]:
        """The JSON kept with the turn."""
        return {**self.prosody, "readout": self.readout,
                "reflection": self.reflection.text if self.reflection else None,
                "voice_ratings": {s.skill.value: s.label for s in self.skills}}

    def events(self, turn_index: int) -> list[AnyEvent]:
        """The ProsodyReady event and the reflection, if any."""
        out: list[AnyEvent] = [ProsodyReady(turn_index=turn_index,
                                            prosody={**self.prosody, "readout": self.readout})]
        if self.reflection is not None:
            out.append(self.reflection.model_copy(update={"turn_index": turn_index}))
        return out


class SpeakerVoice:
    """Per-session voice state: the speaker's baseline and the analysis of each line."""

    def __init__(self, baseline: dict[str, Any] | None) -> None:
        from voice_coach.audio.baseline import SpeakerBaseline

        self.baseline = SpeakerBaseline.from_dict(baseline) if baseline else SpeakerBaseline()

    def analyze(self, audio: np.ndarray, words: list[Word], *, text: str, partner_text: str,
                partner_name: str, response_latency_s: float | None, first_line: bool = False) -> VoiceResult:
        """Prosody of one line relative to the baseline, plus voice ratings and a reflection.

        Before the first line the person is also reading the situation and deciding how to open, so
        that wait is reported as "time to start" and never rated (nor learned as their usual latency).
        """
        from voice_coach.audio import prosody as prosody_mod
        from voice_coach.feedback.reflections import is_request, provoked, reflect

        time_to_start = response_latency_s if first_line else None
        if first_line:
            response_latency_s = None
        measured = prosody_mod.analyze(audio, words, response_latency_s=response_latency_s)
        deltas = self.baseline.relative(measured)
        reading = reflect(measured, deltas, text=text, is_request=is_request(text), partner_name=partner_name,
                          provoked=provoked(partner_text))
        if measured.enough_speech:
            self.baseline.update(measured)
        skills = [s for s in (reading.confident, reading.mindful) if s is not None]
        reflection = None
        if reading.reflection is not None:
            skill, message, cue_names = reading.reflection
            reflection = Reflection(turn_index=0, skill=skill, text=message, cues=list(cue_names))
        data = measured.model_dump(mode="json")
        data["relative"] = deltas.model_dump(mode="json")
        readout = dict(reading.readout)
        if time_to_start is not None:
            data["time_to_start_s"] = round(time_to_start, 2)
            readout["time to start"] = ("during the opening line (not rated)" if time_to_start < 0.05
                                        else f"{time_to_start:.1f} s after the opening line (not rated)")
        return VoiceResult(prosody=data, readout=readout, skills=skills, reflection=reflection)

    def baseline_dict(self) -> dict[str, Any] | None:
        """The baseline to keep for the next session."""
        return self.baseline.to_dict()


class VoiceAnalyzer:
    """Process-wide voice analysis (warmed up once), handing out per-session speaker state."""

    def __init__(self, stored_baseline: dict[str, Any] | None) -> None:
        self.stored_baseline = stored_baseline

    @classmethod
    def create(cls, stored_baseline: dict[str, Any] | None = None) -> "VoiceAnalyzer":
        """Warm up the pitch tracker so no user waits for it."""
        from voice_coach.audio import prosody as prosody_mod

        prosody_mod.warm_up()
        return cls(stored_baseline)

    def new_speaker(self) -> SpeakerVoice:
        """Voice state for a new session, starting from the last stored baseline."""
        return SpeakerVoice(self.stored_baseline)
