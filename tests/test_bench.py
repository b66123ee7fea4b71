"""The latency benchmark end to end: real server process, real WebSocket, real clips and models.

Only the shape and the quality figures are asserted; timings are printed, never asserted (machines
here are noisy: speed targets are checked by `voice-coach bench latency`, not by tests).
"""

from __future__ import annotations

import json

import pytest

from voice_coach.bench.latency import run_latency_bench

pytestmark = pytest.mark.slow  # starts the real server with the speech models

METRICS = ("speech_end_to_transcript_ms", "speech_end_to_first_partner_text_ms", "speech_end_to_first_audio_ms",
           "speech_end_to_feedback_ms")


def test_latency_bench_runs_and_reports_every_metric() -> None:
    result = run_latency_bench(sessions=1, repeats=1)
    print(json.dumps({k: result[k] for k in (*METRICS, "wer", "server_rss_peak_mb", "turns_answered_by_safety_check")}))
    # Fails if the server reports an error, or a turn goes without a reply's audio and without a crisis check-in that
    # explains it (one LibriVox sentence, misheard as "...is to be old-sposed...", gets a check-in: docs/safety.md).
    assert result["errors"] == [] and result["turns"] == result["clips"] == 5
    assert result["turns_without_audio"] == 0
    assert result["turns_answered_by_safety_check"] <= 1  # one false check-in is known; more is a regression
    replied = 5 - result["turns_answered_by_safety_check"]  # a line the crisis check answers gets no reply or coaching
    for name in METRICS:
        # Fails if a milestone is missing from a turn, or comes before the end of the speech it
        # answers (the server cannot transcribe or answer what it has not heard yet).
        stats = result[name]
        assert stats["n"] == (5 if name == "speech_end_to_transcript_ms" else replied) and stats["p50"] > 0, name
    # Fails if, in any turn, the reply text arrives before the transcript or the audio before the
    # text it is made from (checked per turn, not on medians).
    assert result["out_of_order_turns"] == 0
    # The 10 % target is checked deterministically in test_stt.py; here the endpointer's cut of each
    # clip depends on timing, so allow one or two extra word errors over the 67 reference words.
    assert result["wer"] <= 0.13
    # Fails if a turn's server timings (STT and TTS time per second of audio) are not reported; how
    # fast they are is the benchmark command's output, not a test (machines here are shared).
    assert result["stt_rtf"]["n"] == 5 and result["tts_rtf"]["n"] == replied
    assert result["stt_rtf"]["p50"] > 0 and result["tts_rtf"]["p50"] > 0
    # Fails if the benchmark measured a server without the speech models loaded (tiny.en + piper alone
    # take more than 100 MB), i.e. if the figures do not describe the real server.
    assert result["server_rss_peak_mb"] > 100
    assert result["machine"]["cores"] >= 1


def test_latency_bench_finds_its_clips_outside_a_source_checkout(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # Fails if `bench latency` needs tests/data (absent from an installed package) with no way around it.
    import shutil

    import voice_coach.bench.latency as latency

    shipped = tmp_path / "voice_coach" / "bench" / "clips"
    shutil.copytree(latency.default_clips(), shipped)
    monkeypatch.setattr(latency, "CLIP_FOLDERS", (shipped, tmp_path / "no-checkout" / "tests"))
    assert latency.default_clips() == shipped and len(latency.load_clips(shipped)) == 5
    monkeypatch.setattr(latency, "CLIP_FOLDERS", (tmp_path / "none",))
    with pytest.raises(FileNotFoundError, match="--clips"):
        latency.default_clips()
