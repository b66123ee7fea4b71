"""Read labelled JSON Lines files into validated models, with errors naming the file and line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)


def load_jsonl(path: str | Path, model: type[M], *, what: str = "labelled lines") -> list[M]:
    """Every non-blank line validated as `model`; ValueError "FILE:LINE: ..." on the first bad one."""
    path = Path(path)
    items: list[M] = []
    seen: set[str] = set()
    with path.open(encoding="utf-8") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                item = model.model_validate(json.loads(raw))
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}, line {number}: not valid JSON ({exc.msg})") from exc
            except ValidationError as exc:
                problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'line'}: {e['msg']}" for e in exc.errors())
                raise ValueError(f"{path}, line {number}: {problems}") from exc
            item_id = getattr(item, "id", None)
            if item_id is not None:
                if item_id in seen:
                    raise ValueError(f"{path}, line {number}: duplicate id {item_id!r}")
                seen.add(item_id)
            items.append(item)
    if not items:
        raise ValueError(f"{path}: no {what}")
    return items
