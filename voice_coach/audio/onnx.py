"""onnxruntime session options shared by the server's ONNX models (Piper, Smart Turn, MiniLM).

Every model runs in one long-lived server process beside Whisper. onnxruntime's defaults keep a
per-session memory arena that grows to the largest run ever seen (a long reply sentence for Piper)
and never shrinks; with the arena off each run's buffers go back to the allocator, so the
sessions' peaks no longer add up (docs/turn-taking.md, "Memory").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import onnxruntime


def lean_options(threads: int) -> onnxruntime.SessionOptions:
    """Options for a CPU session: `threads` intra-op threads, no memory arena, no idle spinning."""
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads
    opts.inter_op_num_threads = 1
    opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    opts.enable_cpu_mem_arena = False
    # Idle worker threads must not spin: Whisper and the other models share the same few cores.
    opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return opts
