"""What Whisper's word-alignment pass costs per turn, and whether it changes the words.

    python scripts/stt_alignment_cost.py [REPO_ROOT]

Transcribes every clip of the turn-taking set (tests/data/turns/clips), cut 120 ms after its last audible
frame as the speculative pass sees it, with the server's settings (10 s window, filler prompt), once with
aligned word times and once without; prints p50 / p95 time of each and the clips whose text differs.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import soundfile as sf

from voice_coach.audio.levels import frame_levels
from voice_coach.audio.stt import FILLER_PROMPT, WhisperSTT


def main(root: Path) -> None:
    """Time both ways on every clip; one warm-up first."""
    clips = sorted((root / "tests/data/turns/clips").glob("*.flac"))
    audio = []
    for path in clips:
        x, _ = sf.read(path, dtype="float32")
        loud = np.flatnonzero(frame_levels(x) >= -40.0)
        audio.append(x[: (int(loud[-1]) + 1) * 320 + 1920] if loud.size else x)
    stt = WhisperSTT(window_s=10.0, initial_prompt=FILLER_PROMPT)
    stt.warm_up()
    texts: dict[bool, list[str]] = {}
    for aligned in (True, False):
        stt.word_timestamps = aligned
        took, texts[aligned] = [], []
        for x in audio:
            started = time.perf_counter()
            texts[aligned].append(stt.transcribe(x).text)
            took.append(time.perf_counter() - started)
        p50, p95 = np.percentile(took, [50, 95]) * 1000
        print(f"aligned words {aligned!s:5}  p50 {p50:.0f} ms  p95 {p95:.0f} ms  ({len(audio)} clips)")
    differ = [p.name for p, a, b in zip(clips, texts[True], texts[False], strict=True) if a != b]
    print(f"clips whose text differs: {len(differ)} {differ}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd())
