"""Waiting for background tasks without hiding how they ended."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

log = logging.getLogger(__name__)


async def settle(task: asyncio.Task[Any], what: str) -> BaseException | None:
    """Wait for a task that was finished or cancelled; log its failure (returned) instead of hiding it.

    A cancellation of the task itself is expected; a cancellation of the caller propagates.
    """
    try:
        await task
    except asyncio.CancelledError:
        current = asyncio.current_task()
        if current is not None and current.cancelling():
            raise
    except Exception as exc:
        log.exception("%s failed", what)
        return exc
    return None
