"""Dialogue benchmark: short scripted rehearsals whose counterpart replies are checked by rules.

Each dialogue in `dialogues.yaml` is played through a real rehearsal session (real offline evaluator,
real safety check, temporary SQLite file). The checks are the things a counterpart must never do:
ask "what do you want?" after a clear request, ignore a proposal, agree to an insult, turn caving
into agreement, give in to the same line repeated on a hard scenario, minimise after a safety
pause, repeat a reply, or speak more than 40 words. The checks use their own word lists, not the
counterpart's.
"""

from __future__ import annotations

import re
import statistics
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from voice_coach.config import Settings
from voice_coach.conversation.scenarios import load_scenarios
from voice_coach.events import ConversationEnded, PartnerTextDelta, PartnerTextDone, SafetyPause

DIALOGUES = Path(__file__).with_name("dialogues.yaml")
CRISIS_LINE = "I don't want to be alive anymore."
MAX_WORDS = 40
REPEAT_STALLS_FROM = 4
_ASKS_WHAT = re.compile(
    r"what (?:is it |exactly )?(?:do )?you(?:'d| would)? (?:want|like|need)\b|what are you (?:actually )?asking"
    r"|what would you like (?:to happen|from me)|what did you have in mind|what(?:'s| is) (?:your|the) (?:request|ask)\b"
    r"|how can i help|what can i do for you|spit it out", re.I)
_MINIMISES = re.compile(
    r"crisis|big deal|overreact|out of proportion|blowing (?:it|this)|overthinking|drama|not that bad|fuss|"
    r"it'?s (?:only|just|nothing)|hardly|(?:manage|managed) fine|get over it|too sensitive|exaggerat", re.I)
_AGREES = re.compile(r"^\W*(?:okay,? you'?re right|you'?re right|deal|of course|totally|fair enough|sure|yes|"
                     r"alright,? (?:let'?s|i agree|fine)|that'?s fair)\b", re.I)
_CONCEDING_MOVES = {"partial_concession", "conditional_agreement", "agreement"}
CHECKS = ("request_not_generic", "proposal_engaged", "insult_not_agreed", "caving_not_agreement",
          "repetition_no_win", "safety_no_minimise", "small_talk_answered", "no_repeated_reply", "max_words",
          "nothing_unsaid")


@dataclass
class Reply:
    """What the counterpart did for one user line."""

    user: str
    text: str
    move: str
    resistance_before: float
    resistance: float
    first_text_ms: float
    ended: str | None = None
    source: str = "scripted"
    ratings: str = "lexical"  # which ratings chose the move: the full evaluator's or the lexical ones


@dataclass
class DialogueResult:
    """One dialogue's replies and the checks it failed."""

    id: str
    scenario: str
    difficulty: int
    replies: list[Reply] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (check, detail)
    checks_run: Counter[str] = field(default_factory=Counter)
    paused_after: int | None = None  # replies given before a safety pause, if one happened
    # (replies given before it, the line) of each check-in the crisis check asked instead of a reply
    check_ins: list[tuple[int, str]] = field(default_factory=list)

    def fail(self, check: str, detail: str) -> None:
        """Record a failed check."""
        self.failures.append((check, detail))


def load_dialogues(path: Path = DIALOGUES) -> list[dict[str, Any]]:
    """The scripted dialogues (id, scenario, turns with tags)."""
    return list(yaml.safe_load(path.read_text(encoding="utf-8")))


async def play(dialogue: dict[str, Any], services: Any) -> tuple[DialogueResult, str]:
    """Play one dialogue through a real session; return its replies and the opening line."""
    from voice_coach.conversation.session import RehearsalSession

    session = await RehearsalSession.start(services, dialogue["scenario"])
    opening = ""
    async for event in session.opening():
        if isinstance(event, PartnerTextDone):
            opening = event.text
    result = DialogueResult(dialogue["id"], dialogue["scenario"], session.scenario.difficulty)
    for turn in dialogue["turns"]:
        if turn.get("crisis"):
            events = [e async for e in session.user_turn(CRISIS_LINE)]
            if not any(isinstance(e, SafetyPause) for e in events):
                result.fail("safety_no_minimise", "the crisis line did not pause the rehearsal")
            result.paused_after = len(result.replies)
            await session.resume()
            continue
        before = session.stance.resistance
        started = time.perf_counter()
        first_ms = -1.0
        done: PartnerTextDone | None = None
        ended = None
        async for event in session.user_turn(turn["say"]):
            if isinstance(event, PartnerTextDelta) and first_ms < 0:
                first_ms = (time.perf_counter() - started) * 1000
            elif isinstance(event, PartnerTextDone):
                done = event
            elif isinstance(event, ConversationEnded):
                ended = event.reason
        if done is None:
            result.fail("no_repeated_reply", f"no reply to {turn['say']!r}")
            if session.check_in_open is None or ended:
                break
            # A check-in on an ordinary line: the person says they are fine and goes on, as in the app.
            result.check_ins.append((len(result.replies), turn["say"]))
            async for _ in session.answer_check_in("continue"):
                pass
            continue
        result.replies.append(Reply(turn["say"], done.text, done.move, before, session.stance.resistance,
                                    round(first_ms, 2), ended, done.source, session.last_ratings_source))
        if ended:
            break
    return result, opening


def check(dialogue: dict[str, Any], result: DialogueResult, opening: str) -> None:
    """Apply every check that the dialogue's tags call for."""
    turns = [t for t in dialogue["turns"] if not t.get("crisis")]
    crisis_at = next((i for i, t in enumerate(dialogue["turns"]) if t.get("crisis")), None)
    after_crisis = (len([t for t in dialogue["turns"][:crisis_at] if not t.get("crisis")])
                    if crisis_at is not None else None)
    asked = False
    for i, (turn, reply) in enumerate(zip(turns, result.replies, strict=False)):
        tags = set(turn.get("tags", []))
        result.checks_run["max_words"] += 1
        if len(reply.text.split()) > MAX_WORDS:
            result.fail("max_words", f"{len(reply.text.split())} words: {reply.text!r}")
        asked = asked or "request" in tags
        if asked:
            result.checks_run["request_not_generic"] += 1
            if _ASKS_WHAT.search(reply.text):
                result.fail("request_not_generic", f"{turn['say']!r} -> {reply.text!r}")
        if "proposal" in tags:
            result.checks_run["proposal_engaged"] += 1
            words = [w.lower() for w in turn.get("engage", [])]
            if not any(w in reply.text.lower() for w in words):
                result.fail("proposal_engaged", f"{turn['say']!r} -> {reply.text!r} (names none of {words})")
        if "insult" in tags:
            result.checks_run["insult_not_agreed"] += 1
            if reply.move in _CONCEDING_MOVES or _AGREES.search(reply.text) or reply.ended == "agreement":
                result.fail("insult_not_agreed", f"{turn['say']!r} -> {reply.text!r} ({reply.move})")
            elif reply.resistance < reply.resistance_before - 1e-9:
                result.fail("insult_not_agreed", f"resistance fell {reply.resistance_before:.2f} -> "
                                                 f"{reply.resistance:.2f} after {turn['say']!r}")
        if "caving" in tags:
            result.checks_run["caving_not_agreement"] += 1
            if reply.move == "agreement" or reply.ended == "agreement" or _AGREES.search(reply.text):
                result.fail("caving_not_agreement", f"{turn['say']!r} -> {reply.text!r} ({reply.move})")
        if turn.get("avoid"):
            # Words a reply to this line must not contain: a detail nobody said, a question already answered,
            # a reaction to an insult that was not made.
            result.checks_run["nothing_unsaid"] += 1
            found = [w for w in turn["avoid"] if re.search(rf"\b{re.escape(w.lower())}", reply.text.lower())]
            if found:
                result.fail("nothing_unsaid", f"{turn['say']!r} -> {reply.text!r} (says {found})")
        if "small_talk" in tags:
            result.checks_run["small_talk_answered"] += 1
            if len(reply.text.split()) > 15 or reply.move == "agreement" or reply.ended:
                result.fail("small_talk_answered", f"{turn['say']!r} -> {reply.text!r}")
        if after_crisis is not None and i >= after_crisis:
            result.checks_run["safety_no_minimise"] += 1
            if reply.move == "minimize" or _MINIMISES.search(reply.text):
                result.fail("safety_no_minimise", f"{turn['say']!r} -> {reply.text!r} ({reply.move})")
    if dialogue.get("repeat") and result.difficulty >= REPEAT_STALLS_FROM:
        result.checks_run["repetition_no_win"] += 1
        if any(r.ended == "agreement" for r in result.replies):
            result.fail("repetition_no_win", "the same line repeated reached agreement")
        first = result.replies[0].resistance if result.replies else 0.0
        if any(r.resistance < first - 1e-9 for r in result.replies[1:]):
            result.fail("repetition_no_win", "resistance fell while the same line was repeated")
    result.checks_run["no_repeated_reply"] += 1
    spoken = [opening, *(r.text for r in result.replies)]
    repeated = [text for text, n in Counter(spoken).items() if n > 1]
    if repeated:
        result.fail("no_repeated_reply", f"said more than once: {repeated}")


async def run_dialogues(settings: Settings, *, evaluator: Any = None, counterpart: str = "scripted",
                        dialogues: list[dict[str, Any]] | None = None, warm_up: bool = True,
                        safety: Any = None) -> dict[str, Any]:
    """Play and check every dialogue; return pass rate, failures by check and first-text latency."""
    from voice_coach.feedback.offline import offline_evaluator
    from voice_coach.safety.checker import SafetyChecker
    from voice_coach.conversation.services import Services
    from voice_coach.store import Store

    dialogues = dialogues if dialogues is not None else load_dialogues()
    evaluator = evaluator or offline_evaluator(settings)
    safety = safety or SafetyChecker()
    safety.warm()
    results: list[DialogueResult] = []
    with tempfile.TemporaryDirectory() as tmp:
        cfg = settings.model_copy(update={"data_dir": Path(tmp), "counterpart": counterpart, "max_turns": 12})
        services = Services(settings=cfg, store=Store(cfg.effective_database_url), scenarios=load_scenarios(),
                            evaluator_factory=lambda: evaluator, safety=safety)
        if cfg.use_llm_counterpart:
            from voice_coach.llm import OpenAIChatModel

            services.chat_model_factory = lambda model: OpenAIChatModel.from_settings(cfg, model)
        if warm_up:
            warm = dialogues[0]
            await play({**warm, "turns": warm["turns"][:1]}, services)  # first-use imports are not a turn
        for dialogue in dialogues:
            result, opening = await play(dialogue, services)
            check(dialogue, result, opening)
            results.append(result)
    return summarise(results, llm=cfg.use_llm_counterpart)


def summarise(results: list[DialogueResult], *, llm: bool = False) -> dict[str, Any]:
    """Pass rate, failures by check, sources and first-text latency over all dialogues."""
    failed = [r for r in results if r.failures]
    by_check = Counter(check for r in results for check, _ in r.failures)
    runs = Counter[str]()
    for r in results:
        runs.update(r.checks_run)
    firsts = sorted(reply.first_text_ms for r in results for reply in r.replies if reply.first_text_ms >= 0)
    replies = [reply for r in results for reply in r.replies]
    fallback = sum(1 for reply in replies if reply.source == "scripted")
    return {
        "dialogues": len(results),
        "scenarios": len({r.scenario for r in results}),
        "replies": len(replies),
        "passed": len(results) - len(failed),
        "pass_rate": round((len(results) - len(failed)) / max(1, len(results)), 4),
        "checks_run": dict(runs),
        "failures_by_check": {c: by_check.get(c, 0) for c in CHECKS},
        "failures": [{"dialogue": r.id, "check": c, "detail": d} for r in failed for c, d in r.failures],
        "scripted_replies": fallback,
        "llm_fallback_rate": round(fallback / max(1, len(replies)), 4) if llm else None,
        "moves_from_full_evaluator": round(sum(r.ratings == "full" for r in replies) / max(1, len(replies)), 3),
        "first_partner_text_ms": {
            "p50": round(statistics.median(firsts), 1) if firsts else None,
            "p95": round(firsts[int(0.95 * (len(firsts) - 1))], 1) if firsts else None,
            "max": round(firsts[-1], 1) if firsts else None,
        },
        "transcripts": [{"dialogue": r.id, "scenario": r.scenario, "difficulty": r.difficulty,
                         "paused_after": r.paused_after, "check_ins": r.check_ins,
                         "turns": [{"user": x.user, "partner": x.text, "move": x.move,
                                    "resistance": round(x.resistance, 3)} for x in r.replies]}
                        for r in results],
    }


def judge_sample(out: dict[str, Any]) -> list[dict[str, Any]]:
    """Transcripts for a blind judge: who the counterpart is and what was said, no moves or skill labels."""
    scenarios = load_scenarios()
    rows = []
    for n, transcript in enumerate(out["transcripts"], start=1):
        s = scenarios[transcript["scenario"]]
        turns: list[dict[str, str]] = [{"user": t["user"], "counterpart": t["partner"]} for t in transcript["turns"]]
        for at, line in reversed(transcript.get("check_ins", [])):
            turns.insert(at, {"user": line, "counterpart": "(no reply: the app asked a safety check-in instead; "
                                                           "the user chose to continue)"})
        if transcript["paused_after"] is not None:
            turns.insert(transcript["paused_after"], {
                "user": CRISIS_LINE, "counterpart": "(the app paused the rehearsal for a safety check-in; "
                                                   "the user chose to continue)"})
        rows.append({"rehearsal": f"R{n:02d}", "counterpart": f"{s.counterpart.name}, {s.counterpart.relationship}",
                     "user_goal": s.goal, "opening": s.playbook.opening_line, "turns": turns})
    return rows
