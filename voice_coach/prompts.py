"""Prompt templates: every text meant for a model lives in prompts/ and is rendered here."""

from __future__ import annotations

from functools import cache

import jinja2

from voice_coach.assets import asset_dir


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(asset_dir("prompts"))),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(template: str, /, **variables: object) -> str:
    """Render prompts/<template> with the given variables; a missing variable is an error."""
    return _environment().get_template(template).render(**variables).strip()


def read(name: str) -> str:
    """Return prompts/<name> verbatim."""
    return (asset_dir("prompts") / name).read_text(encoding="utf-8")
