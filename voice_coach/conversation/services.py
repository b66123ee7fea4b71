"""Process-wide services shared by every rehearsal: settings, store, scenarios, models."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from voice_coach.config import Settings
from voice_coach.conversation.counterpart import Counterpart, FallbackCounterpart, LLMCounterpart, ScriptedCounterpart
from voice_coach.ports import Evaluator, SpeechToText, TextToSpeech
from voice_coach.conversation.scenarios import Scenario, load_scenarios
from voice_coach.store import Store
from voice_coach.feedback.voice_reading import VoiceAnalyzer


@dataclass
class Services:
    """Everything shared by all sessions of a process: settings, store, models."""

    settings: Settings
    store: Store
    scenarios: dict[str, Scenario]
    evaluator_factory: Callable[[], Evaluator]
    safety: Any
    stt: SpeechToText | None = None
    tts: TextToSpeech | None = None
    voice: VoiceAnalyzer | None = None
    turn_model: Any = None  # SmartTurnModel when settings.turn_detector == "smart", loaded by load_voice
    chat_model_factory: Callable[[str], Any] | None = None
    _evaluator: Evaluator | None = field(default=None, repr=False)

    @classmethod
    def create(cls, settings: Settings | None = None) -> "Services":
        """Build services without speech models (cheap); see `load_voice`."""
        from voice_coach.feedback.factory import make_evaluator
        from voice_coach.safety.checker import SafetyChecker

        settings = settings or Settings()
        store = Store(settings.effective_database_url)
        scenarios = load_scenarios(settings.user_scenarios_dir)

        def chat_model(model: str) -> Any:
            from voice_coach.llm import OpenAIChatModel

            return OpenAIChatModel.from_settings(settings, model)

        return cls(settings=settings, store=store, scenarios=scenarios,
                   evaluator_factory=lambda: make_evaluator(settings, chat_model),
                   safety=SafetyChecker(), chat_model_factory=chat_model)

    @property
    def evaluator(self) -> Evaluator:
        """The shared evaluator, built on first use (it loads the embedding model)."""
        if self._evaluator is None:
            self._evaluator = self.evaluator_factory()
        return self._evaluator

    def load_voice(self, progress: Callable[[str], None] | None = None) -> None:
        """Load and warm up speech-to-text, text-to-speech and prosody."""
        from voice_coach.audio.factory import make_stt, make_tts

        say = progress or (lambda _msg: None)
        say("loading the evaluator")
        _ = self.evaluator
        say("loading the safety check")
        warm = getattr(self.safety, "warm", None)
        if callable(warm):
            warm()
        say("loading speech-to-text")
        self.stt = make_stt(self.settings)
        say("loading text-to-speech")
        self.tts = make_tts(self.settings)
        if self.settings.turn_detector == "smart":
            import numpy as np

            from voice_coach.audio.turns.detector import SmartTurnModel

            say("loading the turn detector")
            model = SmartTurnModel(self.settings.turn_model)
            model.score(np.zeros(16_000, dtype=np.float32))  # load and warm up: the first run is slower
            self.turn_model = model
        say("warming up prosody")
        self.voice = VoiceAnalyzer.create(self.store.latest_baseline())
        say("ready")

    def counterpart_for(self, on_fallback: Callable[[str], None]) -> Counterpart:
        """A fresh counterpart for one session (scripted, or LLM with scripted fallback)."""
        scripted = ScriptedCounterpart()
        if not self.settings.use_llm_counterpart or self.chat_model_factory is None:
            return scripted
        llm = LLMCounterpart(self.chat_model_factory(self.settings.counterpart_model))
        return FallbackCounterpart(llm, scripted,
                                   first_token_timeout_s=self.settings.llm_first_token_timeout_s,
                                   total_timeout_s=self.settings.llm_timeout_s, on_fallback=on_fallback)
