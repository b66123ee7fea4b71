"""One rehearsal WebSocket: dispatches client messages to its session and voice pipeline.

Every line the server accepted is processed and stored before `ended` is sent or the connection is
torn down; any unexpected exception becomes an `error` event (the connection goes on) or a logged
close with code 1011, never a silently dead worker.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from fastapi import WebSocket
from starlette.websockets import WebSocketDisconnect, WebSocketState

from voice_coach import __version__
from voice_coach.conversation.session import RehearsalSession
from voice_coach.events import ErrorEvent, StateChanged
from voice_coach.pipeline import VoicePipeline
from voice_coach.protocol import (
    CLOSE_INTERNAL,
    CLOSE_NORMAL,
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
    SafetyAnswer,
    Send,
    ServerHello,
    Start,
    Text,
    check_audio_frame,
    parse_client_message,
)
from voice_coach.server.outbox import Outbox
from voice_coach.server.state import ServerState

log = logging.getLogger(__name__)

MODEL_WAIT_S = 180.0
SENDER_DRAIN_S = 10.0


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
        """Queue an error event without waiting (audio path; logged if this client's queue is full)."""
        if not self.outbox.put_nowait(ErrorEvent(code=code, message=message)) and not self.outbox.closed:
            log.warning("error event dropped, the client is not reading: %s: %s", code, message)

    async def refuse(self, code: str, message: str) -> None:
        """Answer a refused control message; waits for room so the client always learns of it."""
        await self.outbox.put(ErrorEvent(code=code, message=message))

    async def run(self) -> None:
        """Receive until the client leaves or ends; every accepted line is stored first."""
        sender = asyncio.create_task(self.outbox.run())
        close_code = CLOSE_NORMAL
        ended = False
        try:
            while True:
                message = await self.ws.receive()
                if message["type"] == "websocket.disconnect":
                    break
                if self.pipeline is not None and self.pipeline.dead is not None:
                    # A worker could not recover: say why and close rather than leave a mute session.
                    log.error("closing the connection: %s", self.pipeline.dead)
                    self.error(ErrorCode.INTERNAL, f"the voice pipeline failed: {self.pipeline.dead}")
                    close_code = CLOSE_INTERNAL
                    ended = True
                    break
                try:
                    if message.get("bytes") is not None:
                        self.on_audio(message["bytes"])
                    elif message.get("text") is not None:
                        ended = await self.on_text(message["text"])
                except Exception as exc:  # one bad message must not end the rehearsal
                    log.exception("handling a client message failed")
                    self.state.connection_errors += 1
                    self.error(ErrorCode.INTERNAL, f"the server could not handle that message: {type(exc).__name__}")
                if ended:
                    break
        except WebSocketDisconnect:
            pass
        except Exception:
            log.exception("connection failed; closing it with code %s", CLOSE_INTERNAL)
            self.state.connection_errors += 1
            close_code = CLOSE_INTERNAL
        finally:
            await self._shutdown(ended, sender, close_code)

    async def _shutdown(self, ended: bool, sender: asyncio.Task[None], close_code: int) -> None:
        if not ended:
            self.outbox.close("client left")  # the turns still queued finish and are stored, without sending
        if self.pipeline is not None:
            await self.pipeline.stop()
            self.state.pipelines.discard(self.pipeline)
            self.state.connection_errors += self.pipeline.failures
        if self.session is not None and not self.session.ended:
            try:
                await self.session.end("disconnect")
            except Exception:
                log.exception("ending session %s after a disconnect failed", self.session.id)
                self.state.connection_errors += 1
        if ended:
            await self.outbox.finish()
            try:
                await asyncio.wait_for(asyncio.shield(sender), SENDER_DRAIN_S)
            except TimeoutError:
                log.warning("the client did not read its last messages within %s s", SENDER_DRAIN_S)
        self.outbox.close()
        sender.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await sender
        if self.ws.client_state == WebSocketState.CONNECTED:
            try:
                await self.ws.close(code=close_code)
            except Exception as exc:  # noqa: BLE001 - the peer went away while we closed: nothing left to tell it
                log.debug("closing the socket failed: %s", exc)

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
            await self.refuse(exc.code, exc.message)
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
            await self.refuse(ErrorCode.OUT_OF_ORDER, f"'{msg.type}' before 'start'")  # type: ignore[attr-defined]
        else:
            return await self.on_session_message(msg, self.session, self.pipeline)
        return False

    async def on_start(self, msg: Start) -> None:
        """Begin the rehearsal and queue the counterpart's opening line."""
        if self.session is not None:
            await self.refuse(ErrorCode.OUT_OF_ORDER, "this connection already has a rehearsal")
            return
        if msg.sample_rate != INPUT_SAMPLE_RATE:
            await self.refuse(ErrorCode.BAD_SAMPLE_RATE,
                              f"sample_rate must be {INPUT_SAMPLE_RATE}, got {msg.sample_rate}")
            return
        if msg.scenario_id not in self.state.services.scenarios:
            await self.refuse(ErrorCode.UNKNOWN_SCENARIO, f"no scenario {msg.scenario_id!r}")
            return
        if (msg.input == "voice" or msg.speak) and not await self._models_ready():
            await self.refuse(ErrorCode.NOT_READY,
                              f"speech models are not available: {self.state.load_error or 'loading'}")
            return
        try:
            session = await RehearsalSession.start(self.state.services, msg.scenario_id, mode=msg.mode,
                                                   input_mode=msg.input)
        except KeyError:
            await self.refuse(ErrorCode.UNKNOWN_SCENARIO, f"no scenario {msg.scenario_id!r}")
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
            await pipeline.stop()  # finishes and stores every line already accepted
            await self.outbox.put(await session.end("user"))
            return True
        if isinstance(msg, Playback):
            pipeline.playback(msg.turn_index, msg.played_ms)
        elif isinstance(msg, Checkin):
            try:
                await session.checkin(msg.phase, msg.answers)
            except ValueError as exc:
                await self.refuse(ErrorCode.BAD_MESSAGE, str(exc))
        elif isinstance(msg, SafetyAnswer):
            if session.check_in_open is None:
                await self.refuse(ErrorCode.OUT_OF_ORDER, "there is no open safety check-in")
            else:
                if msg.answer == "stop":
                    await pipeline.stop()
                async for event in session.answer_check_in(msg.answer):
                    await self.outbox.put(event)
                if session.ended:
                    return True
        elif isinstance(msg, Resume):
            if not session.paused:
                await self.refuse(ErrorCode.OUT_OF_ORDER, "the rehearsal is not paused")
            else:
                await session.resume()
                await self.outbox.put(StateChanged(state="listening"))
        elif session.ended:
            await self.refuse(ErrorCode.OUT_OF_ORDER, "the rehearsal has ended")
        elif session.paused:
            await self.refuse(ErrorCode.SESSION_PAUSED, "the rehearsal is paused; send 'resume' or 'end'")
        elif isinstance(msg, Text):
            if not pipeline.submit("text", msg.text):
                await self.refuse(ErrorCode.BUSY, "too many turns waiting")
        elif isinstance(msg, Redo):
            if not pipeline.submit("redo"):
                await self.refuse(ErrorCode.BUSY, "too many turns waiting")
        elif isinstance(msg, Send):
            if session.mode != "practice":
                await self.refuse(ErrorCode.OUT_OF_ORDER, "'send' is for practice mode")
            elif not pipeline.submit("send"):
                await self.refuse(ErrorCode.BUSY, "too many turns waiting")
        elif isinstance(msg, (PttStart, PttStop)):
            if not voice:
                await self.refuse(ErrorCode.OUT_OF_ORDER, "push-to-talk needs input 'voice'")
            elif not (pipeline.ptt_start() if isinstance(msg, PttStart) else pipeline.ptt_stop()):
                await self.refuse(ErrorCode.BUSY, "audio queue full")
        return False
