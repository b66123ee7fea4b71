"""A spoken turn through the session: real STT words, prosody, voice ratings and a reflection."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.conftest import Clip
from tests.helpers import collect, make_services, start
from tests.test_prosody import even_words, glide, silence
from voice_coach.events import FeedbackReady, ProsodyReady, Reflection, TurnStored
from voice_coach.feedback.voice_reading import VoiceAnalyzer

REQUEST = "I'm asking to work from home on Fridays."


def _voice_services(tmp_path: Path):  # type: ignore[no-untyped-def]
    services = make_services(tmp_path)
    services.voice = VoiceAnalyzer.create()
    return services


@pytest.mark.slow  # the real Whisper model
async def test_real_clip_gives_a_tone_readout_and_stores_it(tmp_path: Path, whisper_stt, librivox_clip: Clip) -> None:  # type: ignore[no-untyped-def]
    services = _voice_services(tmp_path)
    session = await start(services, "remote-fridays", input_mode="voice")
    result = whisper_stt.transcribe(librivox_clip.audio)
    events = await collect(session.user_turn(result.text, words=result.words, audio=librivox_clip.audio,
                                             timings={"response_latency_s": 0.8}))
    prosody = next(e for e in events if isinstance(e, ProsodyReady)).prosody
    assert prosody["enough_speech"] is True
    assert 60 < prosody["f0_median_hz"] < 300 and prosody["rate_wpm"] > 60
    assert prosody["readout"], "the user sees a short tone read-out"
    assert any(isinstance(e, FeedbackReady) for e in events) and any(isinstance(e, TurnStored) for e in events)
    stored = services.store.get_session(session.id).turns[0]
    assert stored.source == "voice" and stored.prosody["f0_median_hz"] == prosody["f0_median_hz"]


async def test_rising_request_gets_a_voice_reflection_and_voice_rating(tmp_path: Path) -> None:
    services = _voice_services(tmp_path)
    session = await start(services, "remote-fridays", input_mode="voice")
    audio = np.concatenate([silence(0.2), glide(4.0, steady_s=1.6), silence(0.2)])
    words = even_words(REQUEST, 0.2, len(audio) / 16000 - 0.2)
    events = await collect(session.user_turn(REQUEST, words=words, audio=audio))
    reflection = next(e for e in events if isinstance(e, Reflection))
    assert "rising pitch" in reflection.text and reflection.skill.value == "confident"
    # The last feedback event carries the voice's reading of Appear confident.
    final = [e for e in events if isinstance(e, FeedbackReady)][-1].feedback
    confident = final.get("confident")
    assert confident.source == "voice" and confident.label == "no"
    stored = services.store.get_session(session.id).turns[0]
    assert stored.feedback["skills"][-1]["source"] == "voice"
    assert stored.prosody["reflection"] == reflection.text
