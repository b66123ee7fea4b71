"""Custom scenarios: turn a free-text situation and goal into a validated Scenario."""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import cache
from typing import Any, get_args

import yaml
from pydantic import ValidationError

from voice_coach.assets import asset_dir
from voice_coach.conversation.goal_request import convert_goal
from voice_coach.conversation.goal_text import gerund, parse_goal, read_goal
from voice_coach.conversation.goal_title import make_title
from voice_coach.conversation.scenarios import Category, Move, Scenario, with_request

__all__ = [
    "Complete",
    "build_offline",
    "build_with_llm",
    "builder_messages",
    "default_title",
    "gerund",
    "make_id",
    "parse_goal",
    "parse_scenario_reply",
]

_log = logging.getLogger(__name__)

Complete = Callable[[list[dict[str, str]]], Awaitable[str]]
"""Chat completion: messages in, the model's reply text out."""

@cache
def _templates() -> dict[str, Any]:
    path = asset_dir("prompts") / "generic_playbook.yaml"
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


@cache
def _prompt_sections() -> dict[str, str]:
    text = (asset_dir("prompts") / "scenario_builder.md").read_text(encoding="utf-8")
    parts = re.split(r"^<!-- role: (\w+) -->\s*$", text, flags=re.MULTILINE)
    # re.split alternates text and captured role names; the text before the first marker is empty.
    return {role: body.strip() for role, body in zip(parts[1::2], parts[2::2])}


def _find_role(*texts: str) -> tuple[dict[str, Any], str] | None:
    """The first known role named in the texts, with the word that named it."""
    for text in texts:
        lowered = text.lower()
        roles: list[dict[str, Any]] = _templates()["roles"]
        for role in roles:
            for keyword in role["keywords"]:
                if re.search(rf"\b{re.escape(keyword)}\b", lowered):
                    return role, keyword
    return None


def _digest(situation: str, goal: str) -> str:
    return hashlib.sha1(f"{situation}\n{goal}".encode()).hexdigest()


def make_id(title: str, situation: str, goal: str) -> str:
    """A file-safe id: the title's slug plus a short hash of the user's text."""
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:40].rstrip("-") or "custom"
    return f"{slug}-{_digest(situation, goal)[:6]}"


def default_title(goal: str, counterpart: str = "") -> str:
    """A short imperative title for a goal, naming the counterpart when known."""
    return make_title(goal, counterpart)


def _counterpart_sentences(situation: str, name: str, who: str) -> list[str]:
    """Sentences of the situation that report what the counterpart did, as past behaviour."""
    markers = [r"\b(he|she|they|him|her|them|his|their)\b"]
    for word in (name, who.removeprefix("my ").removeprefix("My ")):
        if word:
            markers.append(rf"\b{re.escape(word.lower())}\b")
    sentences = re.split(r"(?<=[.!?])\s+", situation.strip())
    found = [s for s in sentences if any(re.search(m, s.lower()) for m in markers)]
    return [s for s in found if 3 <= len(s.split()) <= 40][:2]


def _band(difficulty: int) -> str:
    return "low" if difficulty <= 3 else "mid" if difficulty <= 6 else "high"


def _fill(template: str, values: dict[str, str]) -> str:
    text = template.format_map(values)
    return text[:1].upper() + text[1:]


def _check_inputs(situation: str, goal: str, category: str, difficulty: int) -> None:
    if not situation.strip():
        raise ValueError("situation must not be empty")
    if not goal.strip():
        raise ValueError("goal must not be empty")
    if category not in get_args(Category):
        allowed = ", ".join(get_args(Category))
        raise ValueError(f"category must be one of {allowed}, not {category!r}")
    if not 1 <= difficulty <= 9:
        raise ValueError(f"difficulty must be between 1 and 9, not {difficulty}")


@dataclass(frozen=True)
class _Who:
    """Who the counterpart is, and the words the user's goal may use for them."""

    name: str
    relationship: str
    who: str
    refs: tuple[str, ...]
    label: str


def _counterpart_defaults(
    situation: str, goal: str, counterpart_name: str, relationship: str
) -> _Who:
    """Name, relationship and title label from the user's values, else from the text."""
    who = read_goal(goal).who
    pronoun = who.lower() in ("him", "her", "them")
    found = _find_role(who, goal, situation)
    role, keyword = found if found else (None, "")
    # "ask Kevin to ..." names the counterpart directly.
    proper = who if re.fullmatch(r"[A-Z][\w.'-]*(?: [A-Z][\w.'-]*)?", who) else ""
    names = _templates()["names"]
    hashed = names[int(_digest(situation, goal), 16) % len(names)]
    name = counterpart_name.strip() or proper or (role["name"] if role else hashed)
    if relationship.strip():
        rel = relationship.strip()
    elif role:
        rel = role["relationship"]
    elif who.lower().startswith("my "):
        rel = "your " + who[3:]
    else:
        rel = _templates()["relationship"]
    # A title reads best with the name the user gave, else the words they used ("your brother").
    if counterpart_name.strip() or proper:
        label = name
    elif who and not pronoun:
        label = who
    elif rel.startswith("your ") and len(rel.split()) <= 3:
        label = rel
    else:
        label = name
    refs = tuple(r for r in (counterpart_name.strip(), proper, keyword) if r)
    return _Who(name, rel, "" if pronoun else who, refs, label)


def _title(situation: str, goal: str, counterpart_name: str, relationship: str) -> str:
    label = _counterpart_defaults(situation, goal, counterpart_name, relationship).label
    return default_title(goal, label)


def build_offline(
    situation: str,
    goal: str,
    *,
    counterpart_name: str = "",
    relationship: str = "",
    category: str = "custom",
    difficulty: int = 5,
    title: str | None = None,
) -> Scenario:
    """A scenario with a generic playbook filled in from the user's situation and goal."""
    _check_inputs(situation, goal, category, difficulty)
    situation, goal = situation.strip(), goal.strip()
    person = _counterpart_defaults(situation, goal, counterpart_name, relationship)
    name, rel, who = person.name, person.relationship, person.who
    topic, _ = parse_goal(goal, person.refs)
    title = (title or "").strip() or default_title(goal, person.label)
    templates = _templates()
    band = templates["bands"][_band(difficulty)]
    values = {"topic": topic, "name": name}
    base = templates["playbook"]
    lines = {**base["lines"], **band.get("lines", {})}
    past = _counterpart_sentences(situation, name, who) + list(band["past_behaviour"])
    ask = convert_goal(goal, name)
    data = {
        "id": make_id(title, situation, goal),
        "title": title,
        "category": category,
        "difficulty": difficulty,
        "goal": goal,
        "goal_type": ask.goal_type,
        "request": ask.request,
        "refusal": ask.refusal,
        "situation": situation,
        "counterpart": {
            "name": name,
            "relationship": rel,
            "past_behaviour": [_fill(p, values) for p in past],
        },
        "playbook": {
            "stance": _fill(band["stance"], values),
            "opening_line": _fill(band["opening_line"], values),
            **{
                key: [_fill(item, values) for item in base[key]]
                for key in ("interests", "objections", "diversions", "concede_if")
            },
            "lines": {move: [_fill(line, values) for line in lines[move]] for move in lines},
        },
    }
    return Scenario.model_validate(data)


_USER_TAGS = re.compile(
    r"</?\s*(situation|goal|counterpart_name|relationship|title)\s*>", re.IGNORECASE
)


def _as_data(text: str) -> str:
    """User text with our delimiter tags removed, so it cannot close its own block."""
    return _USER_TAGS.sub("", text).strip()


def _render(template: str, values: dict[str, str]) -> str:
    # One pass, so a "{goal}" typed by the user is never expanded again.
    return re.sub(r"\{([a-z_]+)\}", lambda m: values[m[1]], template)


def builder_messages(
    situation: str,
    goal: str,
    *,
    scenario_id: str,
    counterpart_name: str = "",
    relationship: str = "",
    category: str = "custom",
    difficulty: int = 5,
    title: str = "",
) -> list[dict[str, str]]:
    """The chat messages asking a model to write a scenario (system rules, then the user's data)."""
    moves = "\n".join(f"    {m.value}: [<line>, <line>, <line>, <line>]" for m in Move)
    values = {
        "id": scenario_id,
        "category": category,
        "categories": ", ".join(get_args(Category)),
        "difficulty": str(difficulty),
        "moves": moves,
        "move_names": ", ".join(m.value for m in Move),
        "situation": _as_data(situation),
        "goal": _as_data(goal),
        "counterpart_name": _as_data(counterpart_name) or "(not given)",
        "relationship": _as_data(relationship) or "(not given)",
        "title": _as_data(title) or "(not given)",
    }
    sections = _prompt_sections()
    return [
        {"role": "system", "content": _render(sections["system"], values)},
        {"role": "user", "content": _render(sections["user"], values)},
    ]


def _describe(exc: ValidationError) -> str:
    return "; ".join(
        f"field '{'.'.join(str(p) for p in err['loc'])}': {err['msg']}" for err in exc.errors()
    )


def parse_scenario_reply(reply: str, fixed: dict[str, Any]) -> Scenario:
    """Read a model's YAML/JSON reply, force the user's values, validate; ValueError if unusable."""
    fenced = re.search(r"```(?:ya?ml|json)?\s*\n(.*?)```", reply, re.DOTALL | re.IGNORECASE)
    text = fenced.group(1) if fenced else reply
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ValueError(f"not valid YAML or JSON: {exc}") from exc
    if isinstance(data, dict) and set(data) == {"scenario"} and isinstance(data["scenario"], dict):
        data = data["scenario"]
    if not isinstance(data, dict):
        # ValueError, not TypeError: a reply of the wrong shape is a bad value like any other.
        raise ValueError("expected one YAML mapping of scenario fields")  # noqa: TRY004
    for key in ("id", "category", "difficulty", "goal", "situation"):
        data[key] = fixed[key]
    if fixed.get("title"):
        data["title"] = fixed["title"]
    counterpart = data.get("counterpart")
    if isinstance(counterpart, dict):
        for key in ("name", "relationship"):
            if fixed.get(key):
                counterpart[key] = fixed[key]
    try:
        # A model's own request is kept; a missing one comes from the goal, never left broken.
        return with_request(Scenario.model_validate(data))
    except ValidationError as exc:
        raise ValueError(_describe(exc)) from exc


async def build_with_llm(
    complete: Complete,
    situation: str,
    goal: str,
    *,
    counterpart_name: str = "",
    relationship: str = "",
    category: str = "custom",
    difficulty: int = 5,
    title: str | None = None,
) -> Scenario:
    """A scenario written by a language model; one retry on a bad reply, then `build_offline`."""
    _check_inputs(situation, goal, category, difficulty)
    situation, goal = situation.strip(), goal.strip()
    given_title = (title or "").strip()
    title_for_id = given_title or _title(situation, goal, counterpart_name, relationship)
    scenario_id = make_id(title_for_id, situation, goal)
    fixed = {
        "id": scenario_id,
        "category": category,
        "difficulty": difficulty,
        "goal": goal,
        "situation": situation,
        "title": given_title,
        "name": counterpart_name.strip(),
        "relationship": relationship.strip(),
    }
    messages = builder_messages(
        situation,
        goal,
        scenario_id=scenario_id,
        counterpart_name=counterpart_name,
        relationship=relationship,
        category=category,
        difficulty=difficulty,
        title=given_title,
    )
    for attempt in range(2):
        try:
            reply = await complete(messages)
        except Exception:  # noqa: BLE001 - a model outage must not stop the user from rehearsing
            _log.warning("scenario model call failed; using the generic playbook", exc_info=True)
            break
        try:
            return parse_scenario_reply(reply, fixed)
        except ValueError as exc:
            _log.info("scenario reply %d unusable: %s", attempt + 1, exc)
            retry = _render(_prompt_sections()["retry"], {"error": str(exc)[:2000]})
            messages = [
                *messages,
                {"role": "assistant", "content": reply},
                {"role": "user", "content": retry},
            ]
    _log.warning("no usable scenario from the model; using the generic playbook")
    return build_offline(
        situation,
        goal,
        counterpart_name=counterpart_name,
        relationship=relationship,
        category=category,
        difficulty=difficulty,
        title=title,
    )
