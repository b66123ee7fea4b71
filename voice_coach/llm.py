"""OpenAI-compatible chat adapter (OpenAI, Ollama, vLLM, llama.cpp server, LM Studio)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from typing import Any

from voice_coach.config import Settings
from voice_coach.ports import ChatMessage


class LLMError(RuntimeError):
    """The endpoint is down, slow, refused the request or returned nothing usable."""


class OpenAIChatModel:
    """A ChatModel over `openai.AsyncOpenAI`; no retries here: callers decide the fallback."""

    def __init__(self, *, model: str, base_url: str | None, api_key: str | None,
                 timeout_s: float = 8.0) -> None:
        import openai  # heavy import kept out of package import

        self.name = model
        self.timeout_s = timeout_s
        # Local servers (Ollama, llama.cpp) need no key, but the client insists on one.
        self._client = openai.AsyncOpenAI(base_url=base_url, api_key=api_key or "not-needed",
                                          timeout=timeout_s, max_retries=0)
        # The client imports its resource modules on first use (~1-2 s on a busy CPU): do it now,
        # not inside the first reply's first-token timeout.
        _ = self._client.chat.completions
        self._openai = openai

    @classmethod
    def from_settings(cls, settings: Settings, model: str) -> "OpenAIChatModel":
        """Build the client from the effective settings."""
        return cls(model=model, base_url=settings.openai_base_url, api_key=settings.api_key,
                   timeout_s=settings.llm_timeout_s)

    @staticmethod
    def _messages(messages: Sequence[ChatMessage]) -> list[dict[str, Any]]:
        return [{"role": m.role, "content": m.content} for m in messages]

    async def stream(self, messages: Sequence[ChatMessage], *, temperature: float = 0.7,
                     max_tokens: int = 200) -> AsyncIterator[str]:
        """Stream the reply's text pieces; raises LLMError on any transport or API failure."""
        try:
            response = await self._client.chat.completions.create(
                model=self.name, messages=self._messages(messages), temperature=temperature,
                max_tokens=max_tokens, stream=True)
            async for chunk in response:
                if not chunk.choices:
                    continue
                piece = chunk.choices[0].delta.content
                if piece:
                    yield piece
        except self._openai.OpenAIError as exc:
            raise LLMError(f"{type(exc).__name__}: {exc}") from exc
        except (ValueError, KeyError, AttributeError, TypeError) as exc:  # malformed stream chunks
            raise LLMError(f"malformed stream from the LLM endpoint: {exc}") from exc

    async def complete(self, messages: Sequence[ChatMessage], *, temperature: float = 0.0,
                       max_tokens: int = 800, json_mode: bool = False) -> str:
        """Return the whole reply text; raises LLMError on failure or an empty answer."""
        kwargs: dict[str, Any] = {}
        if json_mode:
            kwargs["response_format"] = {"type": "json_object"}
        try:
            response = await self._client.chat.completions.create(
                model=self.name, messages=self._messages(messages), temperature=temperature,
                max_tokens=max_tokens, **kwargs)
        except self._openai.BadRequestError as exc:
            if not json_mode:
                raise LLMError(str(exc)) from exc
            # Some local servers reject response_format: ask again without it.
            return await self.complete(messages, temperature=temperature, max_tokens=max_tokens)
        except self._openai.OpenAIError as exc:
            raise LLMError(f"{type(exc).__name__}: {exc}") from exc
        try:
            text = response.choices[0].message.content
        except (AttributeError, IndexError, TypeError) as exc:
            raise LLMError(f"malformed response from the LLM endpoint: {exc}") from exc
        if not text or not text.strip():
            raise LLMError("the LLM endpoint returned an empty answer")
        return text
