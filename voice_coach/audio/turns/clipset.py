"""The turn-taking clip set: complete lines and lines with one mid-thought pause, for `bench turns`.

`build()` speaks tests/data/turns/spec.yaml with the bundled Piper voice and writes 16 kHz FLAC
files plus manifest.json beside it (they are committed, so the benchmark does not synthesise);
`load()` reads them back with the LibriVox recordings and mixes in seeded background noise.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np

from voice_coach.audio.levels import frame_levels

RATE = 16_000
_ROOT = Path(__file__).resolve().parents[3]
DEFAULT_DIR = _ROOT / "tests" / "data" / "turns"
LIBRIVOX_DIR = _ROOT / "tests" / "data" / "librivox"
_TRIM_DBFS = -50.0  # Piper pads sentences with near-silence; trim it so pauses are the spec's length


@dataclass(frozen=True)
class TurnClip:
    """One benchmark line as PCM16 at 16 kHz; for hesitations, where the pause lies (sample indices)."""

    name: str
    kind: Literal["complete", "hesitation"]
    text: str
    pcm: np.ndarray
    pause: tuple[int, int] | None = None


def _spec(folder: Path) -> dict[str, Any]:
    import yaml

    return dict(yaml.safe_load((folder / "spec.yaml").read_text(encoding="utf-8")))


def _trim(audio: np.ndarray) -> np.ndarray:
    """Cut leading and trailing 20 ms frames quieter than _TRIM_DBFS."""
    loud = np.flatnonzero(frame_levels(audio) > _TRIM_DBFS)
    if not loud.size:
        return audio[:0]
    return audio[loud[0] * 320:(loud[-1] + 1) * 320]


def build(folder: Path = DEFAULT_DIR) -> list[dict[str, Any]]:
    """Synthesise every spec line to `folder`/clips/*.flac and write manifest.json; returns the manifest."""
    import soundfile as sf
    from scipy.signal import resample_poly

    from voice_coach.audio.tts import PiperTTS

    spec = _spec(folder)
    rates: list[float] = [float(r) for r in spec["rates"]]
    voices = {r: PiperTTS(length_scale=r) for r in rates}
    lead = np.zeros(int(RATE * spec["lead_silence_ms"] / 1000), dtype=np.float32)

    def say(text: str, rate: float) -> np.ndarray:
        tts = voices[rate]
        pcm = tts.synthesize(text).astype(np.float32) / 32768.0
        return _trim(resample_poly(pcm, RATE, tts.sample_rate).astype(np.float32))

    (folder / "clips").mkdir(exist_ok=True)
    manifest: list[dict[str, Any]] = []
    lines = [("complete", i, t) for i, t in enumerate(spec["complete"])]
    lines += [("hesitation", i, h) for i, h in enumerate(spec["hesitation"])]
    for n, (kind, i, line) in enumerate(lines):
        rate = rates[n % len(rates)]
        name = f"{kind}-{i:02d}.flac"
        entry: dict[str, Any] = {"name": name, "kind": kind, "length_scale": rate}
        if kind == "complete":
            audio = np.concatenate([lead, say(line, rate), lead])
            entry["text"] = line
        else:
            first, second = say(line["before"], rate), say(line["after"], rate)
            gap = np.zeros(int(RATE * line["pause_ms"] / 1000), dtype=np.float32)
            audio = np.concatenate([lead, first, gap, second, lead])
            start = lead.size + first.size
            entry.update(text=f"{line['before']} {line['after']}", pause=[start, start + gap.size],
                         pause_ms=line["pause_ms"])
        sf.write(folder / "clips" / name, audio, RATE, subtype="PCM_16")
        manifest.append(entry)
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return manifest


def _noise(name: str, size: int, dbfs: float) -> np.ndarray:
    """White noise of RMS `dbfs`, the same for the same clip name on every run."""
    rng = np.random.default_rng(zlib.crc32(name.encode()))
    return rng.standard_normal(size).astype(np.float32) * np.float32(10 ** (dbfs / 20))


def _pcm16(audio: np.ndarray) -> np.ndarray:
    return (np.clip(audio, -1.0, 1.0) * 32767.0).astype(np.int16)


def load(folder: Path = DEFAULT_DIR, librivox: Path | None = LIBRIVOX_DIR) -> list[TurnClip]:
    """The built clips with noise mixed in, plus the LibriVox recordings as complete lines."""
    import soundfile as sf

    spec = _spec(folder)
    noise_dbfs = float(spec["noise_dbfs"])
    clips: list[TurnClip] = []
    if librivox is not None:
        texts: dict[str, str] = json.loads((librivox / "transcripts.json").read_text(encoding="utf-8"))
        for name, text in sorted(texts.items()):
            audio, rate = sf.read(librivox / name, dtype="float32")
            assert rate == RATE
            # Real recordings carry their own room noise; adding more would only change their SNR.
            clips.append(TurnClip(name, "complete", text, _pcm16(audio)))
    for entry in json.loads((folder / "manifest.json").read_text(encoding="utf-8")):
        audio, rate = sf.read(folder / "clips" / entry["name"], dtype="float32")
        assert rate == RATE
        audio = audio + _noise(entry["name"], audio.size, noise_dbfs)
        pause = tuple(entry["pause"]) if entry.get("pause") else None
        clips.append(TurnClip(entry["name"], entry["kind"], entry["text"], _pcm16(audio), pause))  # type: ignore[arg-type]
    return clips


if __name__ == "__main__":
    built = build()
    print(f"{len(built)} clips written to {DEFAULT_DIR}")
