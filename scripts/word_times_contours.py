"""Prosody with Whisper's aligned word times against the estimated ones (the default).

    python scripts/word_times_contours.py [REPO_ROOT]

Transcribes the LibriVox recordings and the turn-taking clips both ways and prints how far word ends
and sentence ends move, how many sentence contours (rising / level / falling) stay the same, and every
sentence whose contour differs.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import soundfile as sf

from voice_coach.audio import prosody
from voice_coach.audio.stt import FILLER_PROMPT, WhisperSTT


def main(root: Path) -> None:
    """Both ways on every recording whose text comes out the same."""
    files = sorted((root / "tests/data/librivox").glob("*.wav")) + sorted((root / "tests/data/turns/clips").glob("*.flac"))
    stt = WhisperSTT(window_s=10.0, initial_prompt=FILLER_PROMPT)
    word_moves: list[float] = []
    end_moves: list[float] = []
    same = total = 0
    for path in files:
        audio, _ = sf.read(path, dtype="float32")
        stt.word_timestamps = False
        estimated = stt.transcribe(audio)
        stt.word_timestamps = True
        aligned = stt.transcribe(audio)
        if estimated.text != aligned.text:
            print(f"{path.name}: text differs, skipped")
            continue
        if [w.word for w in estimated.words] == [w.word for w in aligned.words]:
            word_moves += [abs(a.end - e.end) for a, e in zip(aligned.words, estimated.words, strict=True)]
        by_aligned = prosody.analyze(audio, aligned.words).sentences
        by_estimate = prosody.analyze(audio, estimated.words).sentences
        for k, (a, e) in enumerate(zip(by_aligned, by_estimate, strict=False)):
            total += 1
            same += a.contour == e.contour
            end_moves.append(abs(a.end_s - e.end_s))
            if a.contour != e.contour:
                where = "last sentence" if k == len(by_aligned) - 1 else "inner sentence"
                print(f"{path.name} {where} {a.text!r}: aligned {a.contour} ({a.terminal_st}), "
                      f"estimated {e.contour} ({e.terminal_st})")
    print(f"word end moved p50 {np.median(word_moves):.2f} s, p90 {np.percentile(word_moves, 90):.2f} s")
    print(f"sentence end moved p50 {np.median(end_moves):.2f} s, p90 {np.percentile(end_moves, 90):.2f} s")
    print(f"same contour: {same} of {total} sentences")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd())
