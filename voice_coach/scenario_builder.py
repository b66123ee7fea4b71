"""Custom scenarios: turn a free-text situation and goal into a validated Scenario."""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Awaitable, Callable
from functools import cache
from typing import Any, get_args

import yaml
from pydantic import ValidationError

from .assets import asset_dir
from .scenarios import Category, Move, Scenario

_log = logging.getLogger(__name__)

Complete = Callable[[list[dict[str, str]]], Awaitable[str]]
"""Chat completion: messages in, the model's reply text out."""

_MAX_TOPIC_WORDS = 14

_I_WANT = (
    r"(?:i|we)\s*(?:really\s+|just\s+)?(?:want|need|would\s+like|'d\s+like|wish|hope|plan|expect"
    r"|was\s+hoping|am\s+hoping|'m\s+hoping|am\s+going|'m\s+going|have|am\s+trying|'m\s+trying)"
)
# Leading phrases that say the user wants something rather than what they want.
_PREAMBLE = re.compile(
    rf"^(?:{_I_WANT}\s+to\s+|(?:my|the)\s+goal\s+is\s+to\s+|to\s+|how\s+(?:do\s+i\s+|to\s+)"
    r"|be\s+able\s+to\s+|finally\s+|politely\s+|calmly\s+)",
    re.IGNORECASE,
)
_ASK_TO = re.compile(
    rf"^(?:ask|tell|get|convince|persuade|remind|urge|encourage|push|{_I_WANT})\s+"
    r"(?P<who>.+?)\s+to\s+(?P<rest>.+)$",
    re.IGNORECASE,
)
_ASK_FOR = re.compile(
    r"^(?:ask|request|talk\s+to|speak\s+to|speak\s+with|talk\s+with)\s+(?:(?P<who>.+?)\s+)?"
    r"(?:for|about)\s+(?P<rest>.+)$",
    re.IGNORECASE,
)
_ASK_IF = re.compile(
    r"^(?:ask|check\s+with)\s+(?P<who>.+?)\s+(?:if|whether)\s+(?P<rest>.+)$", re.IGNORECASE
)
_TELL_THAT = re.compile(
    r"^(?:tell|let|inform|remind)\s+(?P<who>.+?)\s+(?:know\s+)?that\s+(?P<rest>.+)$", re.IGNORECASE
)

# Words that start a noun phrase, so the goal is not verb-first.
_NOT_VERBS = frozenset(
    "a an the my our your his her their this that these those "  # noqa: SIM905
    "some more less fewer no any better fair enough extra i we you he she they it".split()
)
# Two-syllable verbs stressed on the last syllable double their final consonant.
_DOUBLING = frozenset(
    "admit commit permit submit omit regret forget begin "  # noqa: SIM905
    "prefer refer occur control compel upset quit equip".split()
)
# Words a cut phrase must not end on.
_DANGLING = frozenset(
    "a an the my our your his her their this that these those "  # noqa: SIM905
    "to of for with on in at by from and or but so if about as than into over".split()
)
_GERUND_IRREGULAR = {"be": "being", "see": "seeing", "flee": "fleeing", "agree": "agreeing"}

# The user speaks in the first person; the counterpart says the topic back to them.
_PRONOUNS = {
    "i": "you",
    "me": "you",
    "my": "your",
    "mine": "yours",
    "myself": "yourself",
    "i'm": "you're",
    "i've": "you've",
    "i'll": "you'll",
    "i'd": "you'd",
    "am": "are",
    "was": "were",
}


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


def gerund(verb: str) -> str:
    """English -ing form of a base verb: fix -> fixing, stop -> stopping, make -> making."""
    word = verb.lower()
    if word in _GERUND_IRREGULAR:
        return _GERUND_IRREGULAR[word]
    if word.endswith("ing") and len(word) > 5:
        return word
    if word.endswith("ie"):
        return word[:-2] + "ying"
    if word.endswith(("ee", "ye", "oe")):
        return word + "ing"
    if word.endswith("e") and len(word) > 2:
        return word[:-1] + "ing"
    vowel_groups = re.findall(r"[aeiou]+", word)
    short_cvc = (
        len(vowel_groups) == 1 and re.search(r"[^aeiou][aeiou][^aeiouwxy]$", word) is not None
    )
    if short_cvc or word in _DOUBLING:
        return word + word[-1] + "ing"
    return word + "ing"


def _swap_person(text: str) -> str:
    """Turn the user's first person into the counterpart's second person ("my" -> "your")."""
    subject_seen = False
    out: list[str] = []
    for token in re.findall(r"[\w'’-]+|[^\w\s]+|\s+", text):
        key = token.lower().replace("’", "'")
        # "am"/"was" only change after "I", so "I was late" -> "you were late" but "it was" stays.
        if key in ("am", "was") and not subject_seen:
            out.append(token)
        elif key in _PRONOUNS:
            out.append(_PRONOUNS[key])
        else:
            out.append(token)
        if not token.isspace():
            subject_seen = key == "i"
    return "".join(out)


def _shorten(topic: str) -> str:
    words = topic.split()
    if len(words) <= _MAX_TOPIC_WORDS:
        return topic
    # Cut at the first clause boundary that leaves a usable phrase, else at the word limit.
    for boundary in (",", ";", " and ", " so ", " because ", " but ", " before ", " by "):
        head = topic.split(boundary)[0].strip()
        if 2 <= len(head.split()) <= _MAX_TOPIC_WORDS:
            return head
    return _trim(" ".join(words[:_MAX_TOPIC_WORDS]))


def _trim(cut: str) -> str:
    """A phrase cut at a length limit, without a dangling "with the" or "this" at the end."""
    words = cut.split()
    while len(words) > 2 and words[-1].lower().strip(",;") in _DANGLING:
        words.pop()
    return " ".join(words).rstrip(",;")


def _verb_phrase(rest: str) -> str:
    first, _, tail = rest.partition(" ")
    if first.lower() in _NOT_VERBS or not first.isalpha():
        return rest
    # "stop having guests over" reads better back as "not having guests over".
    if first.lower() in ("stop", "quit") and tail.split(" ", 1)[0].endswith("ing"):
        return "not " + tail
    return f"{gerund(first)} {tail}".strip()


def _strip_preamble(goal: str) -> str:
    text = re.sub(r"\s+", " ", goal.replace("’", "'")).strip().rstrip(".!?;:")
    previous = None
    while previous != text:
        previous, text = text, _PREAMBLE.sub("", text, count=1).strip()
    return text


def parse_goal(goal: str) -> tuple[str, str]:
    """Split a goal into (topic said from the counterpart's side, who the user addresses)."""
    text = _strip_preamble(goal)
    found: list[tuple[str, str]] = []
    if match := _ASK_TO.match(text):
        found.append((match["who"], _verb_phrase(match["rest"])))
    if match := _ASK_IF.match(text):
        found.append((match["who"], "whether " + match["rest"]))
    if match := _TELL_THAT.match(text):
        found.append((match["who"], "the idea that " + match["rest"]))
    if match := _ASK_FOR.match(text):
        found.append((match["who"] or "", match["rest"]))
    # Several patterns can match ("ask X if I can go to Y"); the shortest addressee is the real one.
    who, topic = min(found, key=lambda f: len(f[0])) if found else ("", _verb_phrase(text))
    return _shorten(_swap_person(topic).strip()) or "this", who.strip()


def _find_role(*texts: str) -> dict[str, Any] | None:
    for text in texts:
        lowered = text.lower()
        roles: list[dict[str, Any]] = _templates()["roles"]
        for role in roles:
            for keyword in role["keywords"]:
                if re.search(rf"\b{re.escape(keyword)}\b", lowered):
                    return role
    return None


def _digest(situation: str, goal: str) -> str:
    return hashlib.sha1(f"{situation}\n{goal}".encode()).hexdigest()


def make_id(title: str, situation: str, goal: str) -> str:
    """A file-safe id: the title's slug plus a short hash of the user's text."""
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:40].rstrip("-") or "custom"
    return f"{slug}-{_digest(situation, goal)[:6]}"


def default_title(goal: str) -> str:
    """A short title from the goal: "I want to ask my boss for X" -> "Ask my boss for X"."""
    text = _strip_preamble(goal)
    if (match := _ASK_TO.match(text)) and re.match(_I_WANT, text, re.IGNORECASE):
        text = f"ask {match['who']} to {match['rest']}"
    if len(text) > 60:
        text = _trim(text[:60].rsplit(" ", 1)[0])
    return (text[:1].upper() + text[1:]) or "Custom conversation"


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


def _counterpart_defaults(
    situation: str, goal: str, counterpart_name: str, relationship: str
) -> tuple[str, str, str]:
    """(name, relationship, who) from the user's values, else from the text."""
    _, who = parse_goal(goal)
    role = _find_role(who, goal, situation)
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
    return name, rel, who


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
    topic, _ = parse_goal(goal)
    name, rel, who = _counterpart_defaults(situation, goal, counterpart_name, relationship)
    title = (title or "").strip() or default_title(goal)
    templates = _templates()
    band = templates["bands"][_band(difficulty)]
    values = {"topic": topic, "name": name}
    base = templates["playbook"]
    lines = {**base["lines"], **band.get("lines", {})}
    past = _counterpart_sentences(situation, name, who) + list(band["past_behaviour"])
    data = {
        "id": make_id(title, situation, goal),
        "title": title,
        "category": category,
        "difficulty": difficulty,
        "goal": goal,
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
        return Scenario.model_validate(data)
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
    scenario_id = make_id(given_title or default_title(goal), situation, goal)
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
