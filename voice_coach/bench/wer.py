"""Word error rate of the shipped speech-to-text on the LibriVox clips, per Whisper input window.

`python -m voice_coach.bench.wer [--clips DIR]` prints one JSON line per window (10 s is the shipped
default, 30 s is standard Whisper) with the CPU it ran on: the int8 model's words differ slightly
between CPU families, so figures are recorded per machine (docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any


def stt_wer(clips_dir: Path | None = None, windows: tuple[float, ...] = (10.0, 30.0)) -> list[dict[str, Any]]:
    """Corpus WER of the shipped STT setup (filler prompt) for each window, on real speech."""
    import soundfile as sf

    from voice_coach.audio.factory import make_stt
    from voice_coach.audio.wer import corpus_wer
    from voice_coach.bench.latency import default_clips, machine
    from voice_coach.config import Settings

    folder = clips_dir or default_clips()
    refs: dict[str, str] = json.loads((folder / "transcripts.json").read_text(encoding="utf-8"))
    rows = []
    for window in windows:
        stt = make_stt(Settings(_env_file=None, stt_backend="local", stt_window_s=window))
        pairs = [(text, stt.transcribe(sf.read(folder / name, dtype="float32")[0]).text)
                 for name, text in sorted(refs.items())]
        rows.append({"window_s": window, "clips": len(pairs), "wer": round(corpus_wer(pairs), 4),
                     "cpu": machine()["cpu"]})
    return rows


def main() -> None:
    """Print the WER per window as JSON lines."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clips", type=Path, default=None, help="folder of 16 kHz WAVs + transcripts.json")
    args = parser.parse_args()
    for row in stt_wer(args.clips):
        print(json.dumps(row))


if __name__ == "__main__":
    main()
