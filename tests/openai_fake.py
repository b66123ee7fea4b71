"""A local HTTP server that speaks the OpenAI chat-completions wire protocol (JSON and SSE).

Tests queue behaviours: a reply text, an HTTP error status, a delay, or a malformed stream.
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse, StreamingResponse


@dataclass
class Behaviour:
    """What the server does for one request."""

    text: str = ""
    status: int = 200
    delay_s: float = 0.0
    malformed: bool = False


@dataclass
class FakeOpenAI:
    """Holds the queue and the requests seen; `base_url` points at the running server."""

    queue: deque[Behaviour] = field(default_factory=deque)
    requests: list[dict[str, Any]] = field(default_factory=list)
    base_url: str = ""

    def reply(self, text: str, delay_s: float = 0.0) -> None:
        """Queue a normal reply."""
        self.queue.append(Behaviour(text=text, delay_s=delay_s))

    def error(self, status: int = 500) -> None:
        """Queue an HTTP error."""
        self.queue.append(Behaviour(status=status))

    def slow(self, delay_s: float, text: str = "too late") -> None:
        """Queue a reply that starts after `delay_s`."""
        self.queue.append(Behaviour(text=text, delay_s=delay_s))

    def malformed(self) -> None:
        """Queue a response that is not valid protocol JSON."""
        self.queue.append(Behaviour(malformed=True))


def _chunk(text: str, model: str, finish: str | None = None) -> str:
    payload = {"id": "chatcmpl-test", "object": "chat.completion.chunk", "created": int(time.time()),
               "model": model, "choices": [{"index": 0, "delta": {"content": text} if text else {},
                                            "finish_reason": finish}]}
    return f"data: {json.dumps(payload)}\n\n"


def build_app(state: FakeOpenAI) -> FastAPI:
    """The FastAPI app implementing /v1/chat/completions and /v1/models."""
    app = FastAPI()

    @app.get("/v1/models")
    async def models() -> dict[str, Any]:
        return {"object": "list", "data": [{"id": "test-model", "object": "model", "owned_by": "test"}]}

    @app.post("/v1/chat/completions")
    async def chat(request: Request) -> Any:
        body = await request.json()
        state.requests.append(body)
        behaviour = state.queue.popleft() if state.queue else Behaviour(text="Okay.")
        if behaviour.delay_s:
            await asyncio.sleep(behaviour.delay_s)
        if behaviour.status != 200:
            return JSONResponse({"error": {"message": "server error", "type": "server_error"}},
                                status_code=behaviour.status)
        model = body.get("model", "test-model")
        if behaviour.malformed:
            if body.get("stream"):
                async def broken() -> Any:
                    yield "data: {not json at all\n\n"
                return StreamingResponse(broken(), media_type="text/event-stream")
            return PlainTextResponse("<html>oops</html>", status_code=200)
        if body.get("stream"):
            async def events() -> Any:
                words = behaviour.text.split(" ")
                for i, word in enumerate(words):
                    yield _chunk(word if i == 0 else " " + word, model)
                    await asyncio.sleep(0.005)
                yield _chunk("", model, finish="stop")
                yield "data: [DONE]\n\n"
            return StreamingResponse(events(), media_type="text/event-stream")
        return {"id": "chatcmpl-test", "object": "chat.completion", "created": int(time.time()), "model": model,
                "choices": [{"index": 0, "message": {"role": "assistant", "content": behaviour.text},
                             "finish_reason": "stop"}],
                "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}

    return app


def free_port() -> int:
    """An unused TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class FakeOpenAIServer:
    """Runs the fake in a uvicorn thread on 127.0.0.1 (context manager)."""

    def __init__(self) -> None:
        self.state = FakeOpenAI()
        port = free_port()
        self.state.base_url = f"http://127.0.0.1:{port}/v1"
        config = uvicorn.Config(build_app(self.state), host="127.0.0.1", port=port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> FakeOpenAI:
        self.thread.start()
        deadline = time.time() + 10
        while not self.server.started and time.time() < deadline:
            time.sleep(0.02)
        return self.state

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=5)
