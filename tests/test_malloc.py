"""The server caps glibc's malloc arenas and fixes its mmap threshold at startup."""

from __future__ import annotations

import platform

import pytest

from voice_coach.server.malloc import fix_mmap_threshold, limit_malloc_arenas


def test_zero_arenas_leaves_malloc_alone() -> None:
    """0 means glibc's default: nothing is called."""
    assert limit_malloc_arenas(0) is False


@pytest.mark.skipif(platform.system() != "Linux" or platform.libc_ver()[0] != "glibc", reason="glibc only")
def test_arena_cap_is_accepted_by_glibc() -> None:
    """mallopt(M_ARENA_MAX, 2) succeeds in this process, as it does when the server starts."""
    assert limit_malloc_arenas(2) is True


def test_zero_mmap_threshold_leaves_malloc_alone() -> None:
    """0 keeps glibc's growing threshold: nothing is called."""
    assert fix_mmap_threshold(0) is False


@pytest.mark.skipif(platform.system() != "Linux" or platform.libc_ver()[0] != "glibc", reason="glibc only")
def test_fixed_mmap_threshold_is_accepted_by_glibc() -> None:
    """mallopt(M_MMAP_THRESHOLD, 2 MiB) succeeds, as it does when the server starts (the effect on peak RSS is
    measured by `voice-coach bench turns`, not here)."""
    assert fix_mmap_threshold(2048) is True
