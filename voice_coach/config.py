"""Effective configuration: environment (VOICE_COACH_*, OPENAI_*), .env file and defaults."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from platformdirs import user_data_dir
from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_data_dir() -> Path:
    """Per-user folder for the database and user scenarios."""
    return Path(user_data_dir("voice-coach", appauthor=False))


class Settings(BaseSettings):
    """All settings; every model is configurable to a local path or a hub name."""

    model_config = SettingsConfigDict(
        env_prefix="VOICE_COACH_", env_file=".env", extra="ignore", populate_by_name=True
    )

    data_dir: Path = Field(default_factory=default_data_dir)
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL; default: SQLite file in data_dir"
    )

    # LLM (counterpart, evaluator, scenario builder): any OpenAI-compatible endpoint.
    openai_api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("VOICE_COACH_OPENAI_API_KEY", "OPENAI_API_KEY")
    )
    openai_base_url: str | None = Field(
        default=None, validation_alias=AliasChoices("VOICE_COACH_OPENAI_BASE_URL", "OPENAI_BASE_URL")
    )
    counterpart: Literal["auto", "scripted", "llm"] = "auto"
    evaluator: Literal["auto", "offline", "llm"] = "auto"
    counterpart_model: str = "gpt-4o-mini"
    evaluator_model: str = "gpt-4o-mini"
    llm_timeout_s: float = Field(default=8.0, gt=0)
    llm_first_token_timeout_s: float = Field(default=4.0, gt=0)

    # Speech.
    stt_backend: Literal["local", "remote"] = "local"
    stt_model: str | None = Field(default=None, description="path or hub name; default: bundled tiny.en")
    stt_compute_type: str = "int8"
    stt_threads: int = 0
    stt_initial_prompt: str | None = Field(default=None, description="default: a prompt that keeps 'um'/'uh'")
    stt_keep_fillers: bool = True
    # Whisper pads every input to 30 s; a 10 s window (grown to fit longer turns) cuts STT time ~3x.
    # Measured on the LibriVox clips: WER 4.2 % at 30 s, 7-8 % at 10 s. 30 restores standard Whisper.
    stt_window_s: float | None = Field(default=10.0, ge=2, le=30)
    # Aligned word times take a second pass (measured: 244 -> 152 ms per turn without it, same text);
    # off, word times are shared out inside Whisper's segment timestamps.
    stt_word_timestamps: bool = False
    stt_remote_model: str = "whisper-1"
    tts_backend: Literal["local", "remote"] = "local"
    tts_voice: str | None = Field(default=None, description="piper .onnx path; default: bundled joe")
    tts_remote_model: str = "tts-1"
    tts_remote_voice: str = "alloy"
    embed_backend: Literal["local", "remote"] = "local"
    embed_model: str | None = Field(default=None, description="ONNX folder or remote model name")

    # Turn-taking.
    vad_end_silence_ms: int = Field(default=500, ge=200, le=3000)
    vad_min_speech_ms: int = Field(default=250, ge=50)
    vad_pre_roll_ms: int = Field(default=300, ge=0)
    vad_speculative_ms: int = Field(default=120, ge=50)
    # End of turn. "smart": at the first silence of turn_check_ms, Smart Turn v3 and the speculative
    # transcript decide (docs/turn-taking.md); when they say "not finished" they decide again at
    # turn_second_check_ms, and the turn ends at the latest after turn_max_wait_ms of silence.
    # "silence": every turn ends at vad_end_silence_ms.
    turn_detector: Literal["smart", "silence"] = "smart"
    # The check shares the speculative transcription's pause: on the benchmark set 120 ms and 200 ms
    # gave the same verdicts (24/35 complete lines ended, 3 vs 2 of 32 hesitations cut), 120 ms is
    # 80 ms sooner, and Whisper adds a phantom "Thank you." to more trailing silence.
    turn_check_ms: int = Field(default=120, ge=60, le=400)
    turn_threshold: float = Field(default=0.5, gt=0, lt=1)
    # A "complete" verdict ends the turn no sooner than this much silence. People pause at commas after a
    # clause that is complete on its own ("I know you're busy, | but..."; 260-460 ms in the benchmark's
    # speech) and both the model and the transcript then read "finished"; the verdict itself is ready
    # ~320 ms into the silence on 2 cores, so without a floor those pauses end turns.
    turn_min_end_ms: int = Field(default=400, ge=0, le=1500)
    # Covers the longest thinking pause of the benchmark set (1.5 s) with 0.3 s for VAD tail error.
    turn_max_wait_ms: int = Field(default=1800, ge=600, le=5000)
    turn_text_cues: bool = True
    # Below turn_threshold, a transcript that reads as a finished line (docs/turn-taking.md) still
    # ends the turn when the model's probability reaches this.
    turn_text_threshold: float = Field(default=0.2, gt=0, lt=1)
    # Graded wait: at this silence (0: never) the model scores the turn again and a line that reads
    # finished ends it when the new probability reaches turn_second_text_threshold. 500 ms is the
    # silence rule's own end of turn; the set's thinking pauses are 600-1500 ms, held by their words.
    turn_second_check_ms: int = Field(default=500, ge=0, le=3000)
    turn_second_text_threshold: float = Field(default=0.05, gt=0, lt=1)
    turn_model: str | None = Field(default=None, description="Smart Turn ONNX path; default: the vendored one")

    # glibc malloc arenas of the server process (0: glibc's default of 8 per core); see server/malloc.py.
    malloc_arenas: int = Field(default=2, ge=0, le=64)
    # Allocations from this size up get their own mappings, returned on free (0: glibc's growing default).
    # Measured on 35 complete lines of the turn-taking set: peak RSS 755 MB at glibc's default, 550 MB at
    # 2048 KiB, 536 MB at 256 KiB (docs/turn-taking.md, "Memory").
    malloc_mmap_threshold_kb: int = Field(default=2048, ge=0, le=65536)

    # Crisis check.
    safety_resources_file: Path | None = Field(
        default=None, description="YAML list of local crisis resources (country, clinic), shown first")
    safety_llm: Literal["auto", "off"] = Field(
        default="auto", description="auto: an LLM also judges borderline lines when one is configured")
    safety_llm_model: str = "gpt-4o-mini"
    safety_llm_timeout_s: float = Field(default=3.0, gt=0)

    # Conversation.
    max_turns: int = Field(default=12, ge=2, le=60)
    # How long the reply's move waits for the full evaluator's ratings (~10-20 ms warm) before the
    # instant lexical ratings steer instead. Long enough that the move never depends on CPU load; the
    # wait only runs out when the evaluator hangs. 0 = always steer by the lexical ratings (fastest).
    move_ratings_wait_ms: int = Field(default=1000, ge=0, le=10000)

    # Server.
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    allowed_origins: list[str] = Field(default_factory=list)
    allowed_hosts: list[str] = Field(
        default_factory=list, description="Host header names served besides loopback ('*' = any); docs/security.md")
    access_token: SecretStr | None = Field(
        default=None, description="token for the HTTP API and WebSocket; default: generated in data_dir when needed")
    require_token: bool | None = Field(
        default=None, description="default: required when bound to anything but loopback or a token is set")
    api_docs: bool = Field(default=False, description="serve /docs, /redoc and /openapi.json")

    @property
    def api_key(self) -> str | None:
        """The OpenAI-compatible API key in plain text, or None."""
        return self.openai_api_key.get_secret_value() if self.openai_api_key else None

    @property
    def llm_configured(self) -> bool:
        """True when an OpenAI-compatible endpoint or key is set."""
        return self.openai_base_url is not None or self.openai_api_key is not None

    @property
    def use_llm_counterpart(self) -> bool:
        """Whether the counterpart is the LLM one (auto: when an endpoint is configured)."""
        return self.counterpart == "llm" or (self.counterpart == "auto" and self.llm_configured)

    @property
    def use_llm_evaluator(self) -> bool:
        """Whether the evaluator is the LLM one (auto: when an endpoint is configured)."""
        return self.evaluator == "llm" or (self.evaluator == "auto" and self.llm_configured)

    @property
    def effective_database_url(self) -> str:
        """The database URL, defaulting to a SQLite file in the data folder."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'voice_coach.sqlite3'}"

    @property
    def user_scenarios_dir(self) -> Path:
        """Where custom scenarios are saved."""
        return self.data_dir / "scenarios"

    def masked(self) -> dict[str, Any]:
        """The effective configuration with secrets masked, for display."""
        data = self.model_dump(mode="json")
        key = self.api_key
        data["openai_api_key"] = (key[:3] + "…" + key[-2:]) if key and len(key) > 8 else ("***" if key else None)
        data["access_token"] = "***" if self.access_token else None
        data["database_url"] = _mask_url(self.effective_database_url)
        data["effective"] = {
            "counterpart": "llm" if self.use_llm_counterpart else "scripted",
            "evaluator": "llm" if self.use_llm_evaluator else "offline",
        }
        return data


def _mask_url(url: str) -> str:
    """Hide a password inside a database URL."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # an unparsable URL is shown as is: it holds no parsed password
        return url
