"""The outgoing side of one WebSocket: a bounded queue of message groups drained by one sender task."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable

from voice_coach.pipeline import Outgoing

log = logging.getLogger(__name__)


class Outbox:
    """Bounded queue of outgoing message groups, drained in order by one sender task."""

    def __init__(self, send_text: Callable[[str], Awaitable[None]],
                 send_bytes: Callable[[bytes], Awaitable[None]], maxsize: int = 128) -> None:
        self._queue: asyncio.Queue[list[Outgoing] | None] = asyncio.Queue(maxsize)
        self._send_text = send_text
        self._send_bytes = send_bytes
        self.closed = False
        self.close_reason: str | None = None

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
            except Exception as exc:  # noqa: BLE001 - a send failure means the peer is gone; the receiver notices
                log.info("sending to the client failed, closing its outbox: %s: %s", type(exc).__name__, exc)
                self.close(f"send failed: {type(exc).__name__}")
                return

    async def finish(self) -> None:
        """Stop accepting messages once everything queued so far has been handed to the sender."""
        if not self.closed:
            self.closed = True
            await self._queue.put(None)

    def close(self, reason: str = "closed") -> None:
        """Stop accepting messages and drop what is still queued (the peer is gone)."""
        if self.closed:
            return
        self.closed = True
        self.close_reason = reason
        while not self._queue.empty():
            self._queue.get_nowait()
        self._queue.put_nowait(None)
