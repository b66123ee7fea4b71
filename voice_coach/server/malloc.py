"""Cap glibc's malloc arenas for the server process.

glibc gives each thread that allocates concurrently its own arena (up to 8 per core) and keeps freed
memory in it. The server runs Whisper, Piper, Smart Turn and MiniLM from several worker threads, and
with onnxruntime's own arena off their buffers come from malloc: measured on the turn-taking
benchmark (24 clips) the peak RSS was 770 MB with glibc's default and 534 MB with 2 arenas
(docs/turn-taking.md, "Memory").
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging

log = logging.getLogger(__name__)

_M_ARENA_MAX = -8  # from glibc's malloc.h
_M_MMAP_THRESHOLD = -3


def _mallopt(param: int, value: int, name: str) -> bool:
    """Call glibc's mallopt; False where glibc is not the allocator (musl, macOS) or it refuses."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    try:
        mallopt = ctypes.CDLL(libc_name).mallopt
    except (OSError, AttributeError):  # no mallopt: nothing to tune
        return False
    ok = bool(mallopt(param, value))
    if not ok:
        log.warning("mallopt(%s, %d) failed; malloc keeps its default", name, value)
    return ok


def limit_malloc_arenas(arenas: int) -> bool:
    """Allow at most `arenas` malloc arenas (0: glibc's default); False where glibc is not the allocator."""
    return arenas > 0 and _mallopt(_M_ARENA_MAX, arenas, "M_ARENA_MAX")


def fix_mmap_threshold(kib: int) -> bool:
    """Serve allocations of at least `kib` KiB from their own mappings, returned to the system on free (0: glibc's
    default, a threshold that grows up to 32 MiB as large blocks are freed, after which large model buffers
    come from the arenas and fragment them); False where glibc is not the allocator."""
    return kib > 0 and _mallopt(_M_MMAP_THRESHOLD, kib * 1024, "M_MMAP_THRESHOLD")
