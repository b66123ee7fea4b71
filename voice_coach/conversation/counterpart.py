"""The simulated counterpart: scripted (offline default) and LLM, with fallback between them."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Literal, Protocol

import yaml

from voice_coach.llm import LLMError
from voice_coach.ports import ChatMessage, ChatModel
from voice_coach.prompts import read, render
from voice_coach.conversation.scenarios import Move, Scenario

log = logging.getLogger(__name__)

_STOPWORDS = frozenset(
    "a an the and or but so to of in on at for with is are was were be been it its this that i you we "
    "me my your our us he she they them his her their just like um uh really very can could would will "
    "do does did not no yes if then than as about from have has had im i'm it's dont don't know think "
    "want need get got go going what when how why there here all some more".split()
)
# Moves to borrow an unused line from when a move's own lines are used up, nearest first.
_NEIGHBOURS: dict[Move, tuple[Move, ...]] = {
    Move.DEFLECT: (Move.MINIMIZE, Move.COUNTER_COMPLAINT, Move.CLARIFYING_QUESTION),
    Move.MINIMIZE: (Move.DEFLECT, Move.CLARIFYING_QUESTION, Move.COUNTER_COMPLAINT),
    Move.COUNTER_COMPLAINT: (Move.MINIMIZE, Move.DEFLECT, Move.CLARIFYING_QUESTION),
    Move.CLARIFYING_QUESTION: (Move.MINIMIZE, Move.PARTIAL_CONCESSION, Move.DEFLECT),
    Move.PARTIAL_CONCESSION: (Move.CLARIFYING_QUESTION, Move.CONDITIONAL_AGREEMENT, Move.MINIMIZE),
    Move.CONDITIONAL_AGREEMENT: (Move.PARTIAL_CONCESSION, Move.AGREEMENT),
    Move.AGREEMENT: (Move.CONDITIONAL_AGREEMENT,),
}


@dataclass(frozen=True)
class ReplyRequest:
    """What a counterpart needs to answer one user line."""

    scenario: Scenario
    history: list[tuple[str, str]]
    user_text: str
    move: Move
    asked: bool = True  # whether the user has made a request yet (the shared stance knows)


@dataclass
class ReplyOutcome:
    """Which implementation actually produced the last reply."""

    source: Literal["scripted", "llm"] = "scripted"
    fallback_reason: str | None = None


class Counterpart(Protocol):
    """Answers a user line in character, streaming text pieces."""

    outcome: ReplyOutcome

    def opening(self, scenario: Scenario) -> str:
        """The first thing the counterpart says."""
        ...

    def reply(self, request: ReplyRequest) -> AsyncIterator[str]:
        """Stream the reply to one user line."""
        ...


def _content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z']+", text.lower()) if w not in _STOPWORDS and len(w) > 2}


@dataclass
class ScriptedCounterpart:
    """Picks the playbook line for the chosen move that best fits what the user said; never repeats."""

    used: set[str] = field(default_factory=set)
    outcome: ReplyOutcome = field(default_factory=ReplyOutcome)

    def opening(self, scenario: Scenario) -> str:
        """The scenario's opening line."""
        self.used.add(scenario.playbook.opening_line)
        return scenario.playbook.opening_line

    def pick_line(self, scenario: Scenario, move: Move, user_text: str, *, asked: bool = True) -> str:
        """Choose an unused line for `move` (or a neighbouring move) by word overlap with the user."""
        if move == Move.CLARIFYING_QUESTION and not asked:
            fresh = [line for line in _generic_lines()["open_questions"] if line not in self.used]
            if fresh:
                self.used.add(fresh[0])
                return fresh[0]
        said = _content_words(user_text)
        for candidate_move in (move, *_NEIGHBOURS[move]):
            unused = [line for line in scenario.playbook.lines.get(candidate_move, []) if line not in self.used]
            if unused:
                # max() keeps the first of equal scores, so playbook order breaks ties deterministically.
                best = max(unused, key=lambda line: len(said & _content_words(line)))
                self.used.add(best)
                return best
        # Every fitting line was spoken already: stay in character without repeating.
        fallback = _generic_lines()["stall"]
        for line in fallback:
            if line not in self.used:
                self.used.add(line)
                return line
        return fallback[-1]

    async def reply(self, request: ReplyRequest) -> AsyncIterator[str]:
        """Yield the chosen line as one piece."""
        self.outcome = ReplyOutcome(source="scripted")
        yield self.pick_line(request.scenario, request.move, request.user_text, asked=request.asked)


@cache
def _generic_lines() -> dict[str, list[str]]:
    data = yaml.safe_load(read("counterpart_generic.yaml"))
    return {str(k): [str(line) for line in v] for k, v in data.items()}


@cache
def _move_guidance() -> dict[str, str]:
    data = yaml.safe_load(read("counterpart_moves.yaml"))
    return {str(k): str(v) for k, v in data.items()}


def system_prompt(scenario: Scenario, move: Move) -> str:
    """Render the LLM counterpart's system prompt for one turn."""
    c, p = scenario.counterpart, scenario.playbook
    return render(
        "counterpart_system.md", name=c.name, relationship=c.relationship, situation=scenario.situation,
        past_behaviour=c.past_behaviour, stance=p.stance, interests=p.interests, objections=p.objections,
        diversions=p.diversions, concede_if=p.concede_if, move_name=move.value.replace("_", " "),
        move_guidance=_move_guidance()[move.value], example_lines=p.lines.get(move, [])[:3],
    )


_NAME_PREFIX = re.compile(r"^\s*[\w .'-]{1,40}:\s+")
_STAGE = re.compile(r"\*[^*]{0,80}\*|\[[^\]]{0,80}\]|\((?:sighs|laughs|pauses|smiles)[^)]{0,40}\)", re.I)
_BAD = re.compile(r"as an ai|language model|i cannot (?:role-?play|continue)|role-?play|dear man", re.I)


def clean_reply(text: str, name: str) -> str:
    """Strip a name prefix, stage directions and wrapping quotes from an LLM reply."""
    text = _STAGE.sub("", text)
    if text.lower().lstrip().startswith(name.lower() + ":") or _NAME_PREFIX.match(text[:45] or " "):
        prefix = _NAME_PREFIX.match(text)
        if prefix and len(prefix.group(0).split()) <= 3:
            text = text[prefix.end():]
    return " ".join(text.strip().strip('"“”').split())


def is_usable_reply(text: str) -> bool:
    """Whether an LLM reply can be spoken in character (else: garbage, fall back)."""
    if not text or len(text) > 600 or _BAD.search(text):
        return False
    if text.lstrip()[:1] in "{[<`":
        return False
    letters = sum(ch.isalpha() for ch in text)
    return letters >= max(2, 0.5 * len(text.replace(" ", "")))


class LLMCounterpart:
    """The counterpart voiced by an OpenAI-compatible LLM; the shared stance picks the move."""

    def __init__(self, model: ChatModel, *, temperature: float = 0.8) -> None:
        self.model = model
        self.temperature = temperature
        self.outcome = ReplyOutcome(source="llm")

    def opening(self, scenario: Scenario) -> str:
        """The scenario's opening line (kept scripted: it sets the scene reliably)."""
        return scenario.playbook.opening_line

    def messages(self, request: ReplyRequest) -> list[ChatMessage]:
        """System prompt, the conversation so far, and the user's line."""
        msgs = [ChatMessage(role="system", content=system_prompt(request.scenario, request.move))]
        msgs.append(ChatMessage(role="assistant", content=request.scenario.playbook.opening_line))
        for user, partner in request.history:
            msgs.append(ChatMessage(role="user", content=user))
            if partner:
                msgs.append(ChatMessage(role="assistant", content=partner))
        msgs.append(ChatMessage(role="user", content=request.user_text))
        return msgs

    async def reply(self, request: ReplyRequest) -> AsyncIterator[str]:
        """Stream the LLM's reply pieces (validation happens in FallbackCounterpart)."""
        max_tokens = max(60, min(160, len(request.user_text.split()) * 3))
        async for piece in self.model.stream(self.messages(request), temperature=self.temperature,
                                             max_tokens=max_tokens):
            yield piece


_SENTENCE_END = re.compile(r"[.!?…](?:\s|$)")


class FallbackCounterpart:
    """Uses the LLM counterpart; if it is down, slow or returns garbage, that turn is scripted."""

    def __init__(self, primary: LLMCounterpart, backup: ScriptedCounterpart, *,
                 first_token_timeout_s: float, total_timeout_s: float,
                 on_fallback: Callable[[str], None] | None = None) -> None:
        self.primary = primary
        self.backup = backup
        self.first_token_timeout_s = first_token_timeout_s
        self.total_timeout_s = total_timeout_s
        self.on_fallback = on_fallback
        self.outcome = ReplyOutcome(source="llm")

    def opening(self, scenario: Scenario) -> str:
        """The scenario's opening line."""
        return self.backup.opening(scenario)

    async def reply(self, request: ReplyRequest) -> AsyncIterator[str]:
        """Stream the LLM reply; hold the first sentence back until it is validated."""
        name = request.scenario.counterpart.name
        stream = self.primary.reply(request).__aiter__()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.total_timeout_s
        held, released, failure = "", False, None
        try:
            while True:
                budget = self.first_token_timeout_s if not held and not released else deadline - loop.time()
                try:
                    piece = await asyncio.wait_for(stream.__anext__(), timeout=max(0.01, budget))
                except StopAsyncIteration:
                    break
                if released:
                    yield piece
                    continue
                held += piece
                if _SENTENCE_END.search(held) or len(held) >= 80:
                    first = clean_reply(held, name)
                    if not is_usable_reply(first):
                        failure = "the LLM returned text that cannot be spoken in character"
                        break
                    released = True
                    yield first
        except (LLMError, asyncio.TimeoutError, TimeoutError) as exc:
            failure = "the LLM endpoint timed out" if not isinstance(exc, LLMError) else str(exc)
        finally:
            await _aclose(stream)
        if not released and failure is None:
            text = clean_reply(held, name)
            if is_usable_reply(text):
                self.outcome = ReplyOutcome(source="llm")
                yield text
                return
            failure = "the LLM returned an empty or unusable reply"
        if released:
            # Already speaking: what was said stands even if the stream broke later.
            self.outcome = ReplyOutcome(source="llm", fallback_reason=failure)
            return
        log.warning("counterpart fell back to the script: %s", failure)
        if self.on_fallback is not None:
            self.on_fallback(failure or "unknown failure")
        async for piece in self.backup.reply(request):
            yield piece
        self.outcome = ReplyOutcome(source="scripted", fallback_reason=failure)


async def _aclose(stream: AsyncIterator[str]) -> None:
    close = getattr(stream, "aclose", None)
    if close is not None:
        try:
            await close()
        except Exception:  # closing a broken stream must not mask the original failure
            log.debug("error while closing an LLM stream", exc_info=True)
