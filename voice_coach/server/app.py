"""FastAPI app: the rehearsal WebSocket (`/ws`, protocol v1), health, scenarios and the web client."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI, Request, Response, WebSocket
from fastapi.responses import JSONResponse
from starlette.websockets import WebSocketDisconnect, WebSocketState

from voice_coach import __version__
from voice_coach.events import ErrorEvent, StateChanged
from voice_coach.protocol import (
    CLOSE_INTERNAL,
    CLOSE_NORMAL,
    CLOSE_POLICY,
    INPUT_SAMPLE_RATE,
    Checkin,
    End,
    ErrorCode,
    Hello,
    Ping,
    Playback,
    Pong,
    ProtocolError,
    PttStart,
    PttStop,
    Redo,
    Resume,
    Send,
    ServerHello,
    Start,
    Text,
    check_audio_frame,
    parse_client_message,
)
from voice_coach.server.api import build_router
from voice_coach.conversation.session import RehearsalSession, Services
from voice_coach.pipeline import Outgoing, VoicePipeline

log = logging.getLogger(__name__)

CSP = "default-src 'self'; connect-src 'self' ws: wss:; media-src 'self' blob:; worker-src 'self' blob:"
# Reports are self-contained documents (inline CSS + SVG, no scripts) meant to be saved and shared.
REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
MODEL_WAIT_S = 180.0


class ServerState:
    """What all connections of one app share: services, model readiness, thread pools, live pipelines."""

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


def origin_allowed(origin: str | None, server_port: int | None, allowed: set[str]) -> bool:
    """Loopback pages on the served port, listed origins, and non-browser clients (no Origin) pass."""
    if origin is None:
        return True
    origin = origin.rstrip("/").lower()
    if origin in allowed or "*" in allowed:
        return True
    try:
        parts = urlsplit(origin)
        port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and parts.hostname in LOOPBACK_HOSTS and port == server_port


def create_app(services: Services | None = None, *, allowed_origins: Iterable[str] | None = None,
               load_voice: bool = True, web_dir: Path | None = None) -> FastAPI:
    """Build the app; speech models load in the background after startup unless `load_voice` is False.

    `allowed_origins` adds to the setting of the same name; `web_dir` replaces the bundled web client.
    """
    services = services or Services.create()
    origins = list(services.settings.allowed_origins) + list(allowed_origins or [])

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state = ServerState(services, origins)
        app.state.voice = state
        loader = asyncio.create_task(state.load_models()) if load_voice else None
        if loader is None:
            state.ready.set()  # nothing will be loaded: readiness is whatever the services hold
        try:
            yield
        finally:
            if loader is not None:
                loader.cancel()
            state.stt_executor.shutdown(wait=False, cancel_futures=True)
            state.tts_executor.shutdown(wait=False, cancel_futures=True)
            state.turn_executor.shutdown(wait=False, cancel_futures=True)

    app = FastAPI(title="voice_coach", version=__version__, lifespan=lifespan)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        if response.headers.get("content-type", "").startswith("text/html"):
            path = request.url.path
            is_report = path.startswith("/api/progress") or (
                path.startswith("/api/sessions/") and path.endswith("/report"))
            response.headers["Content-Security-Policy"] = REPORT_CSP if is_report else CSP
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response

    app.include_router(build_router(services))

    @app.get("/healthz")
    async def healthz(request: Request) -> JSONResponse:
        """200 with model names once the speech models are warm, 503 before (or if loading failed)."""
        state: ServerState = request.app.state.voice
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
        }
        if state.load_error:
            body["error"] = state.load_error
        return JSONResponse(body, status_code=200 if state.models_loaded() else 503)

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


def _mount_web(app: FastAPI, web_dir: Path | None) -> None:
    from fastapi.staticfiles import StaticFiles

    from voice_coach.assets import asset_dir

    if web_dir is None:
        try:
            web_dir = asset_dir("web")
        except FileNotFoundError:
            return
    app.mount("/", StaticFiles(directory=web_dir, html=True, check_dir=False), name="web")


class Outbox:
    """Bounded queue of outgoing message groups, drained in order by one sender task."""

    def __init__(self, send_text: Callable[[str], Awaitable[None]],
                 send_bytes: Callable[[bytes], Awaitable[None]], maxsize: int = 128) -> None:
        self._queue: asyncio.Queue[list[Outgoing] | None] = asyncio.Queue(maxsize)
        self._send_text = send_text
        self._send_bytes = send_bytes
        self.closed = False

    def size(self) -> int:
        """Groups waiting to be sent."""
        return self._queue.qsize()

    async def put(self, *items: Outgoing) -> None:
        """Queue messages that must go out back to back (waits while this client's queue is full)."""
        if not self.closed and items:
            await self._queue.put(list(items))

    def put_nowait(self, *items: Outgoing) -> bool:
        """Queue messages without waiting; False when the queue is full (the messages are dropped)."""
        if self.closed or not items:
            return False
        try:
            self._queue.put_nowait(list(items))
        except asyncio.QueueFull:
            return False
        return True

    async def run(self) -> None:
        """Send queued messages until `close()`; a send failure closes the outbox."""
        while True:
            group = await self._queue.get()
            if group is None:
                return
            try:
                for item in group:
                    if isinstance(item, bytes):
                        await self._send_bytes(item)
                    else:
                        await self._send_text(json.dumps(item.to_json_dict()))  # type: ignore[attr-defined]
            except Exception:  # noqa: BLE001 - any send failure means the peer is gone; the receiver notices
                self.close()
                return

    async def finish(self) -> None:
        """Stop accepting messages once everything queued so far has been handed to the sender."""
        if not self.closed:
            self.closed = True
            await self._queue.put(None)

    def close(self) -> None:
        """Stop accepting messages and drop what is still queued (the peer is gone)."""
        if self.closed:
            return
        self.closed = True
        while not self._queue.empty():
            self._queue.get_nowait()
        self._queue.put_nowait(None)


class Connection:
    """Dispatches one WebSocket's messages to its rehearsal session and voice pipeline."""

    def __init__(self, websocket: WebSocket, state: ServerState) -> None:
        self.ws = websocket
        self.state = state
        self.outbox = Outbox(websocket.send_text, websocket.send_bytes)
        self.session: RehearsalSession | None = None
        self.pipeline: VoicePipeline | None = None
        self.start_msg: Start | None = None

    def error(self, code: str, message: str) -> None:
        """Queue an error event (dropped if this client is not reading)."""
        self.outbox.put_nowait(ErrorEvent(code=code, message=message))

    async def run(self) -> None:
        """Receive until the client leaves or ends; the turn in progress is always stored."""
        sender = asyncio.create_task(self.outbox.run())
        close_code = CLOSE_NORMAL
        ended = False
        try:
            while True:
                message = await self.ws.receive()
                if message["type"] == "websocket.disconnect":
                    break
                if message.get("bytes") is not None:
                    self.on_audio(message["bytes"])
                elif message.get("text") is not None:
                    ended = await self.on_text(message["text"])
                    if ended:
                        break
        except WebSocketDisconnect:
            pass
        except Exception:
            log.exception("connection failed")
            close_code = CLOSE_INTERNAL
        finally:
            await self._shutdown(ended, sender, close_code)

    async def _shutdown(self, ended: bool, sender: asyncio.Task[None], close_code: int) -> None:
        if not ended:
            self.outbox.close()  # the client is gone: the turn in progress finishes without sending
        if self.pipeline is not None:
            await self.pipeline.stop()
            self.state.pipelines.discard(self.pipeline)
        if self.session is not None and not self.session.ended:
            with contextlib.suppress(Exception):
                await self.session.end("disconnect")
        if ended:
            await self.outbox.finish()
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(sender, 10)
        self.outbox.close()
        sender.cancel()
        if self.ws.client_state == WebSocketState.CONNECTED:
            with contextlib.suppress(Exception):
                await self.ws.close(code=close_code)

    def on_audio(self, frame: bytes) -> None:
        """A binary frame: validate it and hand it to the pipeline."""
        if self.pipeline is None or self.start_msg is None or self.start_msg.input != "voice":
            self.error(ErrorCode.OUT_OF_ORDER, "audio frames need a started session with input 'voice'")
            return
        try:
            check_audio_frame(frame)
        except ProtocolError as exc:
            self.error(exc.code, exc.message)
            return
        self.pipeline.feed_audio(frame)

    async def on_text(self, raw: str) -> bool:
        """A JSON control message; returns True when the connection should close."""
        try:
            msg = parse_client_message(raw)
        except ProtocolError as exc:
            self.error(exc.code, exc.message)
            return False
        if isinstance(msg, Hello):
            await self.outbox.put(ServerHello(server=f"voice_coach {__version__}"))
            start = msg.as_start()
            if start is not None:
                await self.on_start(start)
        elif isinstance(msg, Ping):
            await self.outbox.put(Pong(t=msg.t, lag_ms=round(self.pipeline.lag_ms, 1) if self.pipeline else 0.0))
        elif isinstance(msg, Start):
            await self.on_start(msg)
        elif self.session is None or self.pipeline is None:
            self.error(ErrorCode.OUT_OF_ORDER, f"'{msg.type}' before 'start'")  # type: ignore[attr-defined]
        else:
            return await self.on_session_message(msg, self.session, self.pipeline)
        return False

    async def on_start(self, msg: Start) -> None:
        """Begin the rehearsal and queue the counterpart's opening line."""
        if self.session is not None:
            self.error(ErrorCode.OUT_OF_ORDER, "this connection already has a rehearsal")
            return
        if msg.sample_rate != INPUT_SAMPLE_RATE:
            self.error(ErrorCode.BAD_SAMPLE_RATE, f"sample_rate must be {INPUT_SAMPLE_RATE}, got {msg.sample_rate}")
            return
        if msg.scenario_id not in self.state.services.scenarios:
            self.error(ErrorCode.UNKNOWN_SCENARIO, f"no scenario {msg.scenario_id!r}")
            return
        if (msg.input == "voice" or msg.speak) and not await self._models_ready():
            self.error(ErrorCode.NOT_READY, f"speech models are not available: {self.state.load_error or 'loading'}")
            return
        try:
            session = await RehearsalSession.start(self.state.services, msg.scenario_id, mode=msg.mode,
                                                   input_mode=msg.input)
        except KeyError:
            self.error(ErrorCode.UNKNOWN_SCENARIO, f"no scenario {msg.scenario_id!r}")
            return
        self.session, self.start_msg = session, msg
        self.pipeline = VoicePipeline(self.state.services, session, self.outbox,
                                      stt_executor=self.state.stt_executor,
                                      tts_executor=self.state.tts_executor, speak=msg.speak,
                                      turn_executor=self.state.turn_executor)
        self.state.pipelines.add(self.pipeline)
        self.pipeline.start()
        await self.outbox.put(session.started_event())
        self.pipeline.submit("opening")

    async def _models_ready(self) -> bool:
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(self.state.ready.wait(), MODEL_WAIT_S)
        return self.state.models_loaded()

    async def on_session_message(self, msg: Any, session: RehearsalSession, pipeline: VoicePipeline) -> bool:
        """Messages that need a started rehearsal."""
        voice = self.start_msg is not None and self.start_msg.input == "voice"
        if isinstance(msg, End):
            await pipeline.stop()
            await self.outbox.put(await session.end("user"))
            return True
        if isinstance(msg, Playback):
            pipeline.playback(msg.turn_index, msg.played_ms)
        elif isinstance(msg, Checkin):
            try:
                await session.checkin(msg.phase, msg.answers)
            except ValueError as exc:
                self.error(ErrorCode.BAD_MESSAGE, str(exc))
        elif isinstance(msg, Resume):
            if not session.paused:
                self.error(ErrorCode.OUT_OF_ORDER, "the rehearsal is not paused")
            else:
                await session.resume()
                await self.outbox.put(StateChanged(state="listening"))
        elif session.ended:
            self.error(ErrorCode.OUT_OF_ORDER, "the rehearsal has ended")
        elif session.paused:
            self.error(ErrorCode.SESSION_PAUSED, "the rehearsal is paused; send 'resume' or 'end'")
        elif isinstance(msg, Text):
            if not pipeline.submit("text", msg.text):
                self.error(ErrorCode.BUSY, "too many turns waiting")
        elif isinstance(msg, Redo):
            if not pipeline.submit("redo"):
                self.error(ErrorCode.BUSY, "too many turns waiting")
        elif isinstance(msg, Send):
            if session.mode != "practice":
                self.error(ErrorCode.OUT_OF_ORDER, "'send' is for practice mode")
            elif not pipeline.submit("send"):
                self.error(ErrorCode.BUSY, "too many turns waiting")
        elif isinstance(msg, (PttStart, PttStop)):
            if not voice:
                self.error(ErrorCode.OUT_OF_ORDER, "push-to-talk needs input 'voice'")
            elif not (pipeline.ptt_start() if isinstance(msg, PttStart) else pipeline.ptt_stop()):
                self.error(ErrorCode.BUSY, "audio queue full")
        return False
