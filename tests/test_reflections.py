"""Voice reflections: which cue fires, what the user reads, and the speaker baseline they rely on."""

from __future__ import annotations

import json

import numpy as np
import pytest

from voice_coach.audio.baseline import ProsodyDeltas, SpeakerBaseline
from voice_coach.audio.prosody import Prosody, analyze, warm_up
from voice_coach.feedback.reflections import (
    is_request,
    load_rules,
    provocation_kind,
    provoked,
    reflect,
)
from voice_coach.skills import Skill

from .test_prosody import SR, even_words, glide, piper_voice, say, silence, voice  # noqa: F401

REQUEST = "I need to work from home on Fridays."
NO_DELTAS = ProsodyDeltas()


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    warm_up()


def read(prosody: Prosody, deltas: ProsodyDeltas = NO_DELTAS, *, text: str = REQUEST,
         request: bool | None = None, is_provoked: bool = False):
    """reflect() with the defaults used throughout these tests."""
    return reflect(prosody, deltas, text=text, is_request=is_request(text) if request is None else request,
                   partner_name="Dana", provoked=is_provoked)


def spoken(audio: np.ndarray, text: str, latency: float | None = None) -> Prosody:
    """Prosody of synthetic audio with ASR-like word timings spread over it."""
    return analyze(audio, words=even_words(text, 0.0, len(audio) / SR), response_latency_s=latency)


def test_rules_file_is_valid_and_cites_its_sources() -> None:
    rules = load_rules()
    assert [r.id for r in rules.rules][:2] == ["arousal_after_provocation", "rising_request"]
    cited = {s for r in rules.rules for s in r.sources}
    assert {"scherer1973", "jiang_pell2014", "jiang_pell2017", "brennan_williams1995", "stivers2009"} <= cited


def test_rising_request_is_flagged_and_falling_is_not() -> None:
    rising = read(spoken(glide(4.0), REQUEST))
    assert rising.reflection is not None
    skill, text, cues = rising.reflection
    assert skill == Skill.CONFIDENT and "ended on a rising pitch" in text and cues == ["rising_ending"]
    assert rising.confident.label == "no" and rising.confident.source == "voice"
    assert "rising" in rising.confident.reason
    falling = read(spoken(glide(-4.0), REQUEST))
    assert falling.reflection is None
    assert falling.confident.label == "yes" and falling.readout["ending"] == "falling"


def test_rising_question_in_form_is_not_flagged() -> None:
    text = "Could I work from home on Fridays?"
    reading = read(spoken(glide(4.0), text), text=text)
    assert is_request(text) and reading.reflection is None


def test_rising_statement_gets_its_own_text() -> None:
    text = "I have been staying late every night."
    reading = read(spoken(glide(4.0), text), text=text)
    assert reading.reflection is not None and "That sentence ended on a rising pitch" in reading.reflection[1]


def test_piper_request_ends_falling_and_is_not_flagged(piper_voice) -> None:  # noqa: F811
    for _ in range(3):  # piper samples its intonation: every take must pass
        reading = read(spoken(say(piper_voice, REQUEST), REQUEST), text=REQUEST)
        assert reading.confident.label == "yes", reading.confident.reason
        assert reading.readout["ending"] in ("falling", "level")


def test_trailing_off_fillers_and_hesitation() -> None:
    fading = np.concatenate([glide(-3.0, steady_s=1.5), voice(130, 0.6, amp=0.3 / 4)])
    reading = read(spoken(fading, REQUEST))
    assert reading.reflection[2] == ["fading_volume"] and "faded" in reading.reflection[1]
    assert reading.readout["last words"] == "fading"

    text = "Um, I need, uh, like, Fridays off, you know."
    reading = read(spoken(glide(-3.0), text))
    assert reading.reflection[2] == ["fillers"] and '"um"' in reading.reflection[1]

    reading = read(spoken(glide(-3.0), REQUEST, latency=4.2))
    assert reading.reflection[2] == ["long_latency"] and "4.2 seconds" in reading.reflection[1]
    usual = ProsodyDeltas(latency_delta_s=0.5)  # this speaker always takes about 4 s: not a cue
    assert read(spoken(glide(-3.0), REQUEST, latency=4.2), usual).reflection is None


def test_pace_relative_to_baseline() -> None:
    p = spoken(glide(-3.0), REQUEST)
    rushed = read(p, ProsodyDeltas(rate_ratio=1.35, loudness_db=0.0, f0_semitones=0.0))
    assert rushed.reflection[2] == ["rate_up"] and "35% faster" in rushed.reflection[1]
    assert rushed.readout["pace"] == "much faster than your usual"
    halting = read(p, ProsodyDeltas(rate_ratio=0.95, pause_ratio_delta=0.2))
    assert halting.reflection[2] == ["more_pauses"] and halting.confident.label == "no"
    calm = read(p, ProsodyDeltas(rate_ratio=1.05, loudness_db=1.0, f0_semitones=0.5, pause_ratio_delta=0.0))
    assert calm.reflection is None
    assert calm.readout["pace"] == "about your usual" and calm.readout["volume"] == "about your usual"


def test_arousal_after_provocation_comes_first() -> None:
    p = spoken(glide(4.0), REQUEST)  # a rising request too: arousal must win
    up = ProsodyDeltas(rate_ratio=1.25, loudness_db=5.0, f0_semitones=0.5)
    reading = read(p, up, is_provoked=True)
    assert reading.reflection[0] == Skill.MINDFUL
    assert reading.reflection[1].startswith("You sped up and got louder after Dana's comment.")
    assert reading.reflection[2] == ["rate_up", "loudness_up"]
    assert reading.mindful.label == "no" and reading.confident.label == "no"
    # Same voice without a provocation: no Mindful rating, the confidence cue is shown instead.
    unprovoked = read(p, up)
    assert unprovoked.mindful is None and unprovoked.reflection[0] == Skill.CONFIDENT
    # One cue alone is not "rate, loudness and pitch up together".
    single = read(spoken(glide(-3.0), REQUEST), ProsodyDeltas(loudness_db=6.0), is_provoked=True)
    assert single.reflection is None and single.mindful.label == "yes" and "Dana" in single.mindful.reason


def test_end_to_end_arousal_with_piper_and_baseline(piper_voice) -> None:  # noqa: F811
    import librosa

    baseline = SpeakerBaseline()
    calm_lines = ["I would like to talk about my schedule for next month.",
                  "I have been staying late almost every night since March.",
                  "I need to work from home on Fridays, starting in June."]
    for line in calm_lines:
        p = spoken(0.5 * say(piper_voice, line, normalize=False), line)  # one gain for all lines
        assert baseline.relative(p).has_baseline is baseline.ready
        baseline.update(p)
    line = "I need to work from home on Fridays, and that is not going to change."
    # Faster phonemes, then a 3-semitone speed-up by resampling (higher and faster), and +6 dB.
    heated = say(piper_voice, line, length_scale=0.85, normalize=False)
    heated = librosa.resample(heated, orig_sr=SR * 2 ** (3 / 12), target_sr=SR)
    p = spoken(heated.astype(np.float32), line)
    deltas = baseline.relative(p)
    # +6 dB and +3 st were applied; piper's lines differ a little in level and pitch among
    # themselves (gain accuracy itself is tested in test_prosody.py).
    assert deltas.rate_ratio > 1.15 and 3.0 <= deltas.loudness_db <= 9.0
    assert 1.5 <= deltas.f0_semitones <= 4.5
    reading = read(p, deltas, text=line, is_provoked=True)
    assert reading.mindful.label == "no"
    assert reading.reflection[0] == Skill.MINDFUL and "after Dana's comment" in reading.reflection[1]
    assert set(reading.reflection[2]) == {"rate_up", "loudness_up", "pitch_up"}


def test_not_enough_speech_gives_no_ratings() -> None:
    reading = read(analyze(silence(2.0)), is_provoked=True)
    assert reading.confident is None and reading.mindful is None and reading.reflection is None
    assert "voice" in reading.readout


def test_baseline_is_none_until_ready_then_slow_and_serialisable() -> None:
    def turn(level: float, rate: float, f0: float) -> Prosody:
        return Prosody(enough_speech=True, duration_s=3, voiced_s=1.5, clipped_fraction=0,
                       level_dbfs=level, rate_wpm=rate, f0_median_hz=f0, pause_ratio=0.1,
                       response_latency_s=0.8)

    base = SpeakerBaseline()
    assert base.relative(turn(-20, 150, 120)) == ProsodyDeltas()
    base.update(turn(-20, 150, 120))
    assert not base.ready
    base.update(turn(-22, 170, 120))
    deltas = base.relative(turn(-15, 192, 240))
    assert deltas.rate_ratio == pytest.approx(1.2) and deltas.loudness_db == pytest.approx(6.0)
    assert deltas.f0_semitones == pytest.approx(12.0) and deltas.pause_ratio_delta == pytest.approx(0.0)
    base.update(turn(-21, 160, 120))
    level = base.values["level_dbfs"]
    base.update(turn(-11, 160, 120))  # one loud turn after the warm-up moves the usual by alpha only
    assert base.values["level_dbfs"] == pytest.approx(level + base.alpha * 10)
    restored = SpeakerBaseline.from_dict(json.loads(json.dumps(base.to_dict())))
    assert restored.relative(turn(-18, 140, 130)) == base.relative(turn(-18, 140, 130))
    silent = analyze(silence(1.0))
    base.update(silent)
    assert base.to_dict() == restored.to_dict()

    calibrated = SpeakerBaseline()
    calibrated.calibrate(turn(-20, 150, 120))
    assert calibrated.ready and calibrated.relative(turn(-20, 150, 120)).rate_ratio == 1.0


@pytest.mark.parametrize(
    "text, expected",
    [("I need you to let me know by Friday.", True), ("Could you give me Fridays off?", True),
     ("I'd like to talk about the rent.", True), ("I've been staying late every night.", False),
     ("It was a long week.", False)],
)
def test_is_request(text: str, expected: bool) -> None:
    assert is_request(text) is expected


@pytest.mark.parametrize(
    "text, kind",
    [("You always do this to me.", "accusation"), ("Honestly, you're being so dramatic.", "accusation"),
     ("It's not a big deal, you're overreacting.", "dismissal"),
     ("After everything I've done for you?", "guilt_trip"), ("You're letting the whole team down.", "guilt_trip"),
     ("Sure, let's look at the calendar.", None), ("I understand, tell me more.", None)],
)
def test_provocation_heuristics(text: str, kind: str | None) -> None:
    assert provocation_kind(text) == kind and provoked(text) is (kind is not None)


def test_wait_before_the_first_line_is_time_to_start_not_a_rating() -> None:
    """The first line's wait (reading the situation) is reported as time to start and never rated."""
    from voice_coach.events import Word
    from voice_coach.feedback.voice_reading import SpeakerVoice

    audio = glide(-3.0)
    words = [Word(word=w.word, start=w.start, end=w.end) for w in even_words(REQUEST, 0.0, len(audio) / SR)]

    def analyze_line(first_line: bool):
        return SpeakerVoice(None).analyze(audio, words, text=REQUEST, partner_text="", partner_name="Dana",
                                          response_latency_s=6.5, first_line=first_line)

    later = analyze_line(False)  # the same wait before a later line is a hesitation cue
    assert later.reflection is not None and later.reflection.cues == ["long_latency"]
    first = analyze_line(True)
    assert first.reflection is None
    confident = [s for s in first.skills if s.skill == Skill.CONFIDENT]
    assert confident and confident[0].label == "yes" and "pause" not in confident[0].reason
    assert first.prosody["time_to_start_s"] == 6.5 and first.prosody["response_latency_s"] is None
    assert first.readout["time to start"].startswith("6.5 s") and "start" not in first.readout
    assert "time_to_start_s" not in later.prosody
