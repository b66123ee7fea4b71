"""Interfaces (Protocols) between the rehearsal engine and its swappable backends."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from typing import Protocol, runtime_checkable

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from voice_coach.events import Word
from voice_coach.skills import Feedback


class SttResult(BaseModel):
    """What speech-to-text made of one user turn."""

    model_config = ConfigDict(frozen=True)

    text: str
    words: list[Word] = Field(default_factory=list)
    no_speech_prob: float = 0.0
    duration_s: float = 0.0
    compute_s: float = 0.0


@runtime_checkable
class SpeechToText(Protocol):
    """Blocking transcription of float32 mono 16 kHz audio; callers run it in a thread."""

    name: str

    def transcribe(self, audio: np.ndarray) -> SttResult:
        """Transcribe one turn."""
        ...


@runtime_checkable
class TextToSpeech(Protocol):
    """Blocking synthesis of one sentence to int16 mono PCM at `sample_rate`."""

    name: str
    sample_rate: int

    def synthesize(self, text: str) -> np.ndarray:
        """Synthesize one sentence."""
        ...


@runtime_checkable
class Embedder(Protocol):
    """Sentence embeddings, L2-normalised float32 rows."""

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts."""
        ...


class ChatMessage(BaseModel):
    """One chat message for an LLM."""

    model_config = ConfigDict(frozen=True)

    role: str
    content: str


@runtime_checkable
class ChatModel(Protocol):
    """An LLM that answers chat messages, streamed or whole."""

    name: str

    def stream(self, messages: Sequence[ChatMessage], *, temperature: float = 0.7,
               max_tokens: int = 200) -> AsyncIterator[str]:
        """Stream the reply's text pieces."""
        ...

    async def complete(self, messages: Sequence[ChatMessage], *, temperature: float = 0.0,
                       max_tokens: int = 800, json_mode: bool = False) -> str:
        """Return the whole reply."""
        ...


class TurnContext(BaseModel):
    """Everything an evaluator may look at to rate one user line."""

    model_config = ConfigDict(frozen=True)

    scenario_id: str = ""
    category: str = ""
    situation: str
    goal: str = ""
    goal_type: str = Field("", description="request, refusal or boundary; empty: read from the goal")
    request: str | None = Field(None, description="The authored ask, when the scenario has one")
    refusal: str | None = Field(None, description="The authored no, when the goal is a refusal")
    counterpart_name: str = ""
    partner_last: str = ""
    utterance: str
    turn_index: int = 0
    history: list[tuple[str, str]] = Field(default_factory=list, description="(user, partner) pairs so far")


@runtime_checkable
class Evaluator(Protocol):
    """Rates one user line on the seven DEAR MAN skills and coaches it."""

    name: str

    async def evaluate(self, context: TurnContext) -> "Feedback":
        """Return ratings with reasons, a suggestion, a rewrite and the next skill."""
        ...
