"""What a person sees when the crisis check fires: the messages and the places to get help.

The shipped list (988 Lifeline, Crisis Text Line, emergency numbers) is in
prompts/safety/resources.yaml. A local list (a country's lines, a clinic's numbers) can be added
with the `safety_resources_file` setting; its entries are shown first, the shipped ones stay.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from voice_coach.events import CrisisResource
from voice_coach.safety.rules import safety_dir

# The environment variable behind Settings.safety_resources_file (read here, so every caller,
# including report rendering, sees the same list without passing settings around).
LOCAL_RESOURCES_ENV = "VOICE_COACH_SAFETY_RESOURCES_FILE"


class ResourceFile(BaseModel):
    """Schema of resources.yaml."""

    model_config = ConfigDict(extra="forbid")

    pause_message: str = Field(min_length=1)
    check_in_message: str = Field(min_length=1)
    check_in_continue: str = Field(min_length=1)
    check_in_stop: str = Field(min_length=1)
    resources: list[CrisisResource] = Field(min_length=1)


class LocalResourceFile(BaseModel):
    """Schema of a local resources file: a list of extra places to get help."""

    model_config = ConfigDict(extra="forbid")

    resources: list[CrisisResource] = Field(min_length=1)


@cache
def _shipped() -> ResourceFile:
    path = safety_dir() / "resources.yaml"
    return ResourceFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


@cache
def _local(path: Path, mtime_ns: int) -> tuple[CrisisResource, ...]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return tuple(LocalResourceFile.model_validate(data).resources)
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise ValueError(f"{path}: invalid local crisis resources: {exc}") from exc


def local_resources(path: Path | None = None) -> list[CrisisResource]:
    """Entries of the local list (the setting's file, else none); ValueError when it is broken."""
    chosen = path or (Path(os.environ[LOCAL_RESOURCES_ENV]) if os.environ.get(LOCAL_RESOURCES_ENV) else None)
    if chosen is None:
        return []
    return list(_local(chosen.resolve(), chosen.stat().st_mtime_ns))


def crisis_resources(local_path: Path | None = None) -> list[CrisisResource]:
    """Places to get help now: the local list first, then 988, Crisis Text Line, emergency numbers."""
    return local_resources(local_path) + list(_shipped().resources)


def pause_message() -> str:
    """The warm message shown when clear risk pauses the role-play."""
    return _shipped().pause_message


def check_in_message() -> str:
    """The one gentle question asked when a line may mean risk (the role-play goes on)."""
    return _shipped().check_in_message


def check_in_choices() -> tuple[str, str]:
    """The two answers offered: go on with the practice, or stop."""
    return _shipped().check_in_continue, _shipped().check_in_stop
