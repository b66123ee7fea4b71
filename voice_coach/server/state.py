"""What all connections of one app share: services, model readiness, thread pools, live pipelines."""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor

from voice_coach.conversation.session import Services
from voice_coach.pipeline import VoicePipeline

log = logging.getLogger(__name__)


class ServerState:
    """Shared by every connection of one app: services, model readiness, thread pools, live pipelines."""

    def __init__(self, services: Services, allowed_origins: Iterable[str]) -> None:
        self.services = services
        self.allowed_origins = {o.rstrip("/").lower() for o in allowed_origins}
        workers = max(1, min(4, os.cpu_count() or 2))
        self.stt_executor = ThreadPoolExecutor(workers, thread_name_prefix="voice-coach-stt")
        self.tts_executor = ThreadPoolExecutor(workers, thread_name_prefix="voice-coach-tts")
        # Its own thread, so an end-of-turn check never queues behind a transcription.
        self.turn_executor = ThreadPoolExecutor(1, thread_name_prefix="voice-coach-turn")
        self.ready = asyncio.Event()
        self.load_error: str | None = None
        self.pipelines: set[VoicePipeline] = set()
        self.connection_errors = 0  # connections that ended on an unexpected server-side exception

    def models_loaded(self) -> bool:
        """True once speech-to-text and text-to-speech are loaded and warmed up."""
        return (self.ready.is_set() and self.load_error is None
                and self.services.stt is not None and self.services.tts is not None)

    async def load_models(self) -> None:
        """Load and warm the speech models in a worker thread (the server answers meanwhile)."""
        try:
            if self.services.stt is None or self.services.tts is None:
                await asyncio.to_thread(self.services.load_voice)
        except Exception as exc:  # reported by /healthz; sessions get a not_ready error
            log.exception("loading the speech models failed")
            self.load_error = f"{type(exc).__name__}: {exc}"
        finally:
            self.ready.set()

    def shutdown(self) -> None:
        """Stop the model thread pools (queued work is dropped)."""
        self.stt_executor.shutdown(wait=False, cancel_futures=True)
        self.tts_executor.shutdown(wait=False, cancel_futures=True)
        self.turn_executor.shutdown(wait=False, cancel_futures=True)
