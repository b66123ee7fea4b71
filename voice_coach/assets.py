"""Locate the data folders (prompts/, scenarios/, web/, models/) in a checkout or a wheel."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def asset_dir(name: str) -> Path:
    """Return the folder `name`: inside the installed package, else at the repository root."""
    for candidate in (_PACKAGE_DIR / name, _PACKAGE_DIR.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"voice_coach data folder {name!r} not found next to {_PACKAGE_DIR}")


def shipped_fitted(name: str) -> Path | None:
    """A model fitted at release time under models/fitted/ (read-only), if one with this name ships."""
    try:
        path = asset_dir("models") / "fitted" / name
    except FileNotFoundError:
        return None
    return path if path.is_file() else None


def read_fitted(path: Path, load: Callable[[Path], T], what: str,
                errors: tuple[type[Exception], ...] = (OSError, KeyError, ValueError)) -> T | None:
    """A fitted model from the cache file `path`, else the shipped one of the same name; None when neither reads
    (the caller fits one). An unreadable file is logged and skipped, never fatal."""
    for candidate in (path, shipped_fitted(path.name)):
        if candidate is not None and candidate.is_file():
            try:
                return load(candidate)
            except errors as exc:
                log.warning("ignoring unreadable %s %s: %s", what, candidate, exc)
    return None
