"""`GET /healthz`: model readiness and the lag of live connections, for people and probes."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from voice_coach import __version__
from voice_coach.server.state import ServerState


def build_health_router() -> APIRouter:
    """The /healthz route (needs no access token: it reveals no user data)."""
    router = APIRouter()

    @router.get("/healthz")
    async def healthz(request: Request) -> JSONResponse:
        """200 with model names once the speech models are warm, 503 before (or if loading failed)."""
        state: ServerState = request.app.state.voice
        services = state.services
        pipes = list(state.pipelines)
        body: dict[str, Any] = {
            "status": "ok" if state.models_loaded() else ("error" if state.load_error else "loading"),
            "version": __version__,
            "stt": getattr(services.stt, "name", None),
            "tts": getattr(services.tts, "name", None),
            "tts_sample_rate": getattr(services.tts, "sample_rate", None),
            "turn_detector": getattr(services.turn_model, "name", None) or services.settings.turn_detector,
            "sessions": len(pipes),
            "lag_ms": max((p.lag_ms for p in pipes), default=0.0),
            "max_lag_ms": max((p.max_lag_ms for p in pipes), default=0.0),
            "dropped_frames": sum(p.dropped_frames for p in pipes),
            "connection_errors": state.connection_errors,
        }
        if state.load_error:
            body["error"] = state.load_error
        return JSONResponse(body, status_code=200 if state.models_loaded() else 503)

    return router
