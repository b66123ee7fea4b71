"""Benchmarks that print numbers (a real server process, real clients, real speech).

May import anything below the command line.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any


def run_and_print(run: Callable[[], dict[str, Any]], as_json: bool) -> dict[str, Any] | None:
    """Run a benchmark and print its JSON when asked; None (with the reason on stderr) if it could not run."""
    try:
        result = run()
    except (OSError, RuntimeError, TimeoutError, ValueError) as exc:
        print(f"benchmark failed: {exc}", file=sys.stderr)
        return None
    if as_json:
        print(json.dumps(result, indent=2))
    return result
