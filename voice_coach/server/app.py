"""The FastAPI app factory: routes, access policy, security headers, lifespan and the web client."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Iterable
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request, Response, WebSocket

from voice_coach import __version__
from voice_coach.conversation.session import Services
from voice_coach.protocol import CLOSE_POLICY
from voice_coach.server.api import build_router
from voice_coach.server.connection import Connection
from voice_coach.server.health import build_health_router
from voice_coach.server.malloc import fix_mmap_threshold, limit_malloc_arenas
from voice_coach.server.security import (
    CSP,
    REPORT_CSP,
    AccessMiddleware,
    AccessPolicy,
    origin_allowed,
    security_headers,
)
from voice_coach.server.state import ServerState

__all__ = ["CSP", "REPORT_CSP", "create_app", "origin_allowed"]


def create_app(services: Services | None = None, *, allowed_origins: Iterable[str] | None = None,
               load_voice: bool = True, web_dir: Path | None = None, host: str | None = None,
               allowed_hosts: Iterable[str] | None = None) -> FastAPI:
    """Build the app; speech models load in the background after startup unless `load_voice` is False.

    `allowed_origins` and `allowed_hosts` add to the settings of the same names; `host` is the address
    the server is bound to (default: the `host` setting): anything but loopback requires the access
    token. `web_dir` replaces the bundled web client. The token in force is `app.state.access_token`.
    """
    services = services or Services.create()
    settings = services.settings
    # Before the model threads start, so that they share the capped arenas.
    limit_malloc_arenas(settings.malloc_arenas)
    fix_mmap_threshold(settings.malloc_mmap_threshold_kb)
    origins = list(settings.allowed_origins) + list(allowed_origins or [])
    policy = AccessPolicy.for_bind(
        host if host is not None else settings.host,
        extra_hosts=list(settings.allowed_hosts) + list(allowed_hosts or []),
        token=settings.access_token.get_secret_value() if settings.access_token else None,
        require_token=settings.require_token, data_dir=settings.data_dir)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        from voice_coach.conversation.summary import summarize

        state = ServerState(services, origins)
        app.state.voice = state
        # Sessions a crash left open are closed as `interrupted` (live ones of other processes are kept).
        await asyncio.to_thread(services.store.close_interrupted,
                                lambda turns, checkins: summarize(turns, checkins, "interrupted"))
        loader = asyncio.create_task(state.load_models()) if load_voice else None
        if loader is None:
            state.ready.set()  # nothing will be loaded: readiness is whatever the services hold
        try:
            yield
        finally:
            if loader is not None:
                loader.cancel()
            state.shutdown()

    docs = settings.api_docs
    app = FastAPI(title="voice_coach", version=__version__, lifespan=lifespan,
                  docs_url="/docs" if docs else None, redoc_url="/redoc" if docs else None,
                  openapi_url="/openapi.json" if docs else None)
    app.state.access_token = policy.token
    app.state.access_policy = policy

    @app.middleware("http")
    async def add_security_headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        for name, value in security_headers(request.url.path, response.headers.get("content-type", "")).items():
            response.headers.setdefault(name, value)
        return response

    app.add_middleware(AccessMiddleware, policy=policy)  # outermost: runs before anything else
    app.include_router(build_health_router())
    app.include_router(build_router(services))
    if not docs:
        _route_map(app)

    @app.websocket("/ws")
    async def ws(websocket: WebSocket) -> None:
        """One rehearsal per connection (protocol v1, docs/protocol.md)."""
        state: ServerState = websocket.app.state.voice
        server = websocket.scope.get("server") or (None, None)
        await websocket.accept()
        if not origin_allowed(websocket.headers.get("origin"), server[1], state.allowed_origins):
            await websocket.close(code=CLOSE_POLICY, reason="origin not allowed")
            return
        await Connection(websocket, state).run()

    _mount_web(app, web_dir)
    return app


def _route_map(app: FastAPI) -> None:
    """A bare route list at /openapi.json (paths and methods, no schemas or texts) when docs are off.

    The web client lights up optional screens from the paths it finds there.
    """
    @app.get("/openapi.json", include_in_schema=False)
    async def route_map() -> dict[str, Any]:
        spec = app.openapi()
        paths = {path: {method: {} for method in ops} for path, ops in spec.get("paths", {}).items()}
        return {"openapi": spec.get("openapi", "3.1.0"), "info": {"title": "voice_coach", "version": __version__},
                "paths": paths}


def _mount_web(app: FastAPI, web_dir: Path | None) -> None:
    from fastapi.staticfiles import StaticFiles

    from voice_coach.assets import asset_dir

    if web_dir is None:
        try:
            web_dir = asset_dir("web")
        except FileNotFoundError:
            return
    app.mount("/", StaticFiles(directory=web_dir, html=True, check_dir=False), name="web")
