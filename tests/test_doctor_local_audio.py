"""`voice-coach doctor` and the local voice mode's behaviour without audio devices."""

from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest
from rich.console import Console

from voice_coach.config import Settings
from voice_coach.cli.doctor import check_audio_devices, check_llm, run_checks
from voice_coach.cli.voice import NoAudioDevice, find_devices, run_local_voice

from .helpers import make_services
from .openai_fake import FakeOpenAIServer


def test_doctor_finds_the_bundled_models(tmp_path: Path) -> None:
    checks = {c.name: c for c in run_checks(Settings(data_dir=tmp_path))}
    for name in ("speech-to-text", "text-to-speech", "embeddings", "database"):
        assert checks[name].ok, checks[name]
    assert checks["LLM endpoint"].ok and "scripted" in checks["LLM endpoint"].detail


def test_doctor_reports_an_unreachable_and_a_reachable_endpoint(tmp_path: Path) -> None:
    down = check_llm(Settings(data_dir=tmp_path, openai_base_url="http://127.0.0.1:9/v1"))
    assert not down.ok and "unreachable" in down.detail and down.fix
    with FakeOpenAIServer() as fake:
        up = check_llm(Settings(data_dir=tmp_path, openai_base_url=fake.base_url))
    assert up.ok and "200" in up.detail


def _fake_sounddevice(devices: list[dict[str, int]]) -> types.ModuleType:
    module = types.ModuleType("sounddevice")
    module.query_devices = lambda: devices  # type: ignore[attr-defined]
    return module


def test_no_device_is_said_clearly_and_offers_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "sounddevice", _fake_sounddevice([]))
    with pytest.raises(NoAudioDevice, match="microphone and speakers"):
        find_devices()
    console = Console(record=True, width=200)
    code = run_local_voice(make_services(tmp_path), "remote-fridays", console=console)
    text = console.export_text()
    assert code == 2
    assert "No microphone and speakers found" in text and "--text" in text
    check = check_audio_devices()
    assert not check.ok and not check.required and "No microphone and speakers" in check.detail


def test_missing_speakers_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "sounddevice",
                        _fake_sounddevice([{"max_input_channels": 1, "max_output_channels": 0}]))
    with pytest.raises(NoAudioDevice, match="No speakers found"):
        find_devices()
