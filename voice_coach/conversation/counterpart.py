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

from voice_coach.conversation.acts import Acts
from voice_coach.conversation.policy import Plan, Reaction
from voice_coach.conversation.replies import GENERIC_ASK, MINIMISING, LinePicker
from voice_coach.conversation.scenarios import Move, Scenario
from voice_coach.llm import LLMError
from voice_coach.ports import ChatMessage, ChatModel
from voice_coach.prompts import read, render

log = logging.getLogger(__name__)

@dataclass(frozen=True)
class ReplyRequest:
    """What a counterpart needs to answer one user line."""

    scenario: Scenario
    history: list[tuple[str, str]]
    user_text: str
    move: Move
    asked: bool = True  # whether the user has made a request yet (the shared stance knows)
    acts: Acts = field(default_factory=Acts)
    plan: Plan | None = None  # the move plus the reaction to the line's acts (None: answer with the move)

    @property
    def effective_plan(self) -> Plan:
        """The plan, or a plain answer with the move when none was given."""
        return self.plan or Plan(self.move, Reaction.ANSWER)


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


class ScriptedCounterpart:
    """Answers with the scenario's templated lines for the plan; never repeats a line in a session."""

    def __init__(self) -> None:
        self.lines = LinePicker()
        self.outcome = ReplyOutcome()

    def opening(self, scenario: Scenario) -> str:
        """The scenario's opening line."""
        self.lines.remember(scenario.playbook.opening_line)
        return scenario.playbook.opening_line

    def remember(self, line: str) -> None:
        """A line said by another voice (the LLM) in this session, so it is not said again."""
        self.lines.remember(line)

    def pick_line(self, request: ReplyRequest) -> str:
        """The line for this request's plan."""
        return self.lines.pick(request.scenario, request.effective_plan, request.acts, request.user_text,
                               asked=request.asked)

    async def reply(self, request: ReplyRequest) -> AsyncIterator[str]:
        """Yield the chosen line as one piece."""
        self.outcome = ReplyOutcome(source="scripted")
        yield self.pick_line(request)


@cache
def _move_guidance() -> dict[str, str]:
    data = yaml.safe_load(read("counterpart_moves.yaml"))
    return {str(k): str(v) for k, v in data.items()}


@cache
def _reaction_guidance() -> dict[str, str]:
    data = yaml.safe_load(read("counterpart_reactions.yaml"))
    return {str(k): str(v) for k, v in data.items()}


def _act_notes(acts: Acts) -> list[str]:
    guidance = _reaction_guidance()
    notes = [guidance[f"act_{name}"] for name in acts.summary() if f"act_{name}" in guidance]
    if acts.proposal:
        notes.append(guidance["proposal_named"].replace("{proposal}", acts.proposal))
    return notes


def system_prompt(scenario: Scenario, move: Move, plan: Plan | None = None, acts: Acts | None = None) -> str:
    """Render the LLM counterpart's system prompt for one turn: persona, move, reaction and the line's acts."""
    c, p = scenario.counterpart, scenario.playbook
    plan = plan or Plan(move, Reaction.ANSWER)
    examples = [line for line in p.lines.get(plan.move, []) if "{" not in line][:3]
    return render(
        "counterpart_system.md", name=c.name, relationship=c.relationship, situation=scenario.situation,
        past_behaviour=c.past_behaviour, stance=p.stance, interests=p.interests, objections=p.objections,
        diversions=p.diversions, concede_if=p.concede_if, move_name=plan.move.value.replace("_", " "),
        move_guidance=_move_guidance()[plan.move.value], example_lines=examples,
        reaction_guidance=_reaction_guidance()[plan.reaction.value], act_notes=_act_notes(acts or Acts()),
        after_safety=plan.after_safety, may_apologise=plan.may_apologise,
        request=scenario.request or scenario.goal,
    )


_NAME_PREFIX = re.compile(r"^\s*[\w .'-]{1,40}:\s+")
_STAGE = re.compile(r"\*[^*]{0,80}\*|\[[^\]]{0,80}\]|\((?:sighs|laughs|pauses|smiles)[^)]{0,40}\)", re.I)
_BAD = re.compile(r"as an ai|language model|i cannot (?:role-?play|continue)|role-?play|dear man", re.I)
# An assistant's voice, not the persona's: offers of help, therapy talk, talking about "the user".
_ASSISTANT = re.compile(
    r"\b(?:i'?m an? (?:ai|assistant|chatbot|virtual)|as (?:an|your) (?:ai|assistant)|how (?:can|may) i (?:help|assist)"
    r"|happy to help|i(?:'m| am) here to (?:help|support|listen)|is there anything else|feel free to"
    r"|it(?:'s| is) (?:completely |totally )?(?:valid|understandable) (?:to|that you) feel|your feelings are valid"
    r"|the user|\buser:|in this (?:scenario|conversation|role)|let'?s practi[cs]e|great (?:job|question)"
    r"|i (?:understand|can imagine) what you(?:'re| are) going through|that must be (?:so |really )?(?:hard|difficult|"
    r"tough)|i'?m here for you|thank you for sharing)", re.I)
_APOLOGY_FOR_FEELINGS = re.compile(
    r"\b(?:i'?m|i am) (?:so |really |very )?sorry (?:that |if )?you(?:'re| are)? (?:feel|feeling|upset|hurt|frustrated)"
    r"|\bi apologi[sz]e\b|\bi(?:'m| am) sorry (?:for|about) (?:how|your) |sorry to hear", re.I)
# Agreeing or giving in, at the start of a reply: never the answer to an insult, caving or repetition.
_GIVES_IN = re.compile(r"^\W*(?:okay,? )?(?:you'?re right|deal|of course|fine,? (?:i'?ll|you win)|sure\b|"
                       r"totally|alright,? (?:i'?ll|you win|deal|let'?s)|yes\b|that'?s fair|fair enough|agreed)\b", re.I)
_NARRATION = re.compile(r"^\s*(?:you (?:just )?(?:said|say|asked|mentioned) (?:that )?you\b|so you(?:'re| are) saying\b"
                        r"|you(?:'re| are) (?:asking|saying|telling me) that\b)", re.I)


def clean_reply(text: str, name: str) -> str:
    """Strip a name prefix, stage directions and wrapping quotes from an LLM reply."""
    text = _STAGE.sub("", text)
    if text.lower().lstrip().startswith(name.lower() + ":") or _NAME_PREFIX.match(text[:45] or " "):
        prefix = _NAME_PREFIX.match(text)
        if prefix and len(prefix.group(0).split()) <= 3:
            text = text[prefix.end():]
    return " ".join(text.strip().strip('"“”').split())


def in_persona(text: str, *, user_text: str = "", may_apologise: bool = True) -> bool:
    """Whether a reply keeps the persona: no assistant voice, no unasked apology, no narrating the user."""
    if _ASSISTANT.search(text) or _NARRATION.search(text):
        return False
    if not may_apologise and _APOLOGY_FOR_FEELINGS.search(text):
        return False
    user = " ".join(re.findall(r"[a-z']+", user_text.lower()))
    said = " ".join(re.findall(r"[a-z']+", text.lower()))
    # Reading the user's own line back (eight words or more) narrates instead of answering.
    return not (len(user.split()) >= 8 and user in said)


def breaks_plan(text: str, plan: Plan, *, asked: bool) -> str | None:
    """Why a reply goes against the turn's plan (the same rules the scripted lines follow), or None."""
    if asked and plan.reaction != Reaction.SMALL_TALK and GENERIC_ASK.search(text):
        return "asked what the user wants after a clear request"
    if plan.after_safety and MINIMISING.search(text):
        return "played the user's concern down after a safety pause"
    if plan.reaction in (Reaction.HURT, Reaction.TAKE_OUT, Reaction.NOT_HEARING) and _GIVES_IN.search(text):
        return f"gave in where the plan was {plan.reaction.value.replace('_', ' ')}"
    return None


def is_usable_reply(text: str, *, user_text: str = "", may_apologise: bool = True) -> bool:
    """Whether an LLM reply can be spoken in character (else: garbage or off persona, fall back)."""
    if not text or len(text) > 600 or _BAD.search(text):
        return False
    if not in_persona(text, user_text=user_text, may_apologise=may_apologise):
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
        prompt = system_prompt(request.scenario, request.move, request.effective_plan, request.acts)
        msgs = [ChatMessage(role="system", content=prompt)]
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

    def _later_ok(self, text: str, request: ReplyRequest) -> bool:
        """Whether a later sentence may still be said (else the reply is cut before it)."""
        plan = request.effective_plan
        return (in_persona(text, user_text=request.user_text, may_apologise=plan.may_apologise)
                and not _BAD.search(text) and breaks_plan(text, plan, asked=request.asked) is None)

    async def reply(self, request: ReplyRequest) -> AsyncIterator[str]:
        """Stream the LLM reply; the first sentence is held back until it is validated, later ones
        are checked sentence by sentence and the reply is cut before one that breaks the rules."""
        name = request.scenario.counterpart.name
        checks = {"user_text": request.user_text, "may_apologise": request.effective_plan.may_apologise}
        stream = self.primary.reply(request).__aiter__()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.total_timeout_s
        held, released, failure, later, cut = "", False, None, "", False
        try:
            while True:
                budget = self.first_token_timeout_s if not held and not released else deadline - loop.time()
                try:
                    piece = await asyncio.wait_for(stream.__anext__(), timeout=max(0.01, budget))
                except StopAsyncIteration:
                    break
                if released:
                    later += piece
                    ends = list(_SENTENCE_END.finditer(later))
                    if ends:
                        done, later = later[:ends[-1].end()], later[ends[-1].end():]
                        if not self._later_ok(done, request):
                            cut = True
                            break
                        yield done
                    continue
                held += piece
                if _SENTENCE_END.search(held) or len(held) >= 80:
                    first = clean_reply(held, name)
                    if not is_usable_reply(first, **checks):
                        failure = "the LLM returned text that cannot be spoken in character"
                        break
                    broken = breaks_plan(first, request.effective_plan, asked=request.asked)
                    if broken is not None:
                        failure = f"the LLM reply {broken}"
                        break
                    released = True
                    yield first
        except (LLMError, asyncio.TimeoutError, TimeoutError) as exc:
            failure = "the LLM endpoint timed out" if not isinstance(exc, LLMError) else str(exc)
        finally:
            await _aclose(stream)
        if not released and failure is None:
            text = clean_reply(held, name)
            if is_usable_reply(text, **checks) and breaks_plan(text, request.effective_plan,
                                                               asked=request.asked) is None:
                self.outcome = ReplyOutcome(source="llm")
                self.backup.remember(text)
                yield text
                return
            failure = "the LLM returned an empty or unusable reply"
        if released and later.strip() and not cut and failure is None:
            if self._later_ok(later, request):
                yield later
        if released:
            self.backup.remember(first)
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
