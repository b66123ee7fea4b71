"""Terminal text rehearsal: check-in, conversation, check-in, summary; works with a pipe on stdin."""

from __future__ import annotations

import asyncio
import io
import sys
from typing import IO, Any, Literal

from rich.console import Console
from rich.panel import Panel
from rich.table import Table

from voice_coach.conversation.checkin import ITEMS
from voice_coach.events import (
    AnyEvent,
    ConversationEnded,
    ErrorEvent,
    FeedbackReady,
    LineHeld,
    Notice,
    PartnerTextDone,
    Reflection,
    SafetyCheckIn,
    SafetyCheckInAnswered,
    SafetyPause,
)
from voice_coach.conversation.session import RehearsalSession, Services


def utf8_stdin(stream: IO[str] | None = None) -> IO[str]:
    """Standard input read as UTF-8; undecodable bytes become U+FFFD instead of a crash."""
    stream = stream or sys.stdin
    if isinstance(stream, io.TextIOWrapper):
        stream.reconfigure(encoding="utf-8", errors="replace")
    return stream


HELP = ("Commands: /end to finish, /send to send a held line (practice mode), /resume after a pause, "
        "/ok or /stop to answer a safety check-in, /help.")


class TextRehearsal:
    """Drives one RehearsalSession from a text stream and prints to a rich console."""

    def __init__(self, services: Services, console: Console, stdin: IO[str] | None = None) -> None:
        self.services = services
        self.console = console
        self.stdin = stdin or utf8_stdin()
        self._pushed_back: str | None = None  # an ordinary line met during a check-in, kept for later

    def _ask(self, prompt: str) -> str | None:
        self.console.print(prompt, end="")
        if self._pushed_back is not None:
            line, self._pushed_back = self._pushed_back, None
            self.console.print(line, style="dim")
            return line
        line = self.stdin.readline()
        if not line:
            return None
        if not self.stdin.isatty():
            self.console.print(line.rstrip("\n"), style="dim")  # echo piped input so transcripts read well
        return line.strip()

    def _checkin(self, session: RehearsalSession, phase: Literal["pre", "post"]) -> dict[str, int]:
        title = "Before you start" if phase == "pre" else "Now that you have practised"
        self.console.print(Panel(f"{title}: rate each from 1 (not at all) to 7 (extremely). Enter to skip.",
                                 style="cyan"))
        answers: dict[str, int] = {}
        for item, question in ITEMS.items():
            while True:
                raw = self._ask(f"{question} [1-7] ")
                if raw is None or raw == "":
                    break
                if raw.isdigit() and 1 <= int(raw) <= 7:
                    answers[item] = int(raw)
                    break
                if not raw.isdigit():
                    # Words, not a rating: a line of the conversation (a piped script, a command).
                    # It is kept for the conversation rather than eaten by the check-in.
                    self._pushed_back = raw
                    self.console.print("That is not a rating, so the check-in is skipped.", style="yellow")
                    break
                self.console.print("Please type a whole number from 1 to 7, or press Enter to skip.", style="yellow")
            if raw is None or self._pushed_back is not None:
                break
        if answers:
            asyncio.run(session.checkin(phase, answers))
        return answers

    def _show(self, event: AnyEvent, name: str) -> None:
        if isinstance(event, PartnerTextDone):
            self.console.print(f"[bold magenta]{name}:[/] {event.text}")
        elif isinstance(event, FeedbackReady):
            self._show_feedback(event)
        elif isinstance(event, Reflection):
            self.console.print(f"[italic cyan]{event.text}[/]")
        elif isinstance(event, Notice):
            self.console.print(f"[yellow]Note: {event.message}[/]")
        elif isinstance(event, SafetyPause):
            lines = [event.message, ""] + [f"• {r.name}: {r.contact}" + (f" ({r.detail})" if r.detail else "")
                                           for r in event.resources]
            lines.append("\nType /resume to continue the practice, or /end to stop.")
            self.console.print(Panel("\n".join(lines), title="Paused", style="bold red"))
        elif isinstance(event, SafetyCheckIn):
            lines = [event.message, ""] + [f"• {r.name}: {r.contact}" + (f" ({r.detail})" if r.detail else "")
                                           for r in event.resources]
            go_on, stop = event.choices
            lines.append(f"\n/ok: {go_on}    /stop: {stop}    (or just carry on with your next line)")
            self.console.print(Panel("\n".join(lines), title="Check-in", style="bold yellow"))
        elif isinstance(event, SafetyCheckInAnswered):
            if event.answer == "continue":
                self.console.print("Thanks. The practice goes on.", style="dim")
        elif isinstance(event, LineHeld):
            self.console.print("[cyan]Say it again to try a stronger version, or /send to keep this line.[/]")
        elif isinstance(event, ErrorEvent):
            self.console.print(f"[red]{event.message}[/]")

    def _show_feedback(self, event: FeedbackReady) -> None:
        fb = event.feedback
        table = Table(show_header=False, box=None, padding=(0, 1))
        for item in fb.skills:
            style = "green" if item.label in ("strong", "yes") else ("yellow" if item.label == "weak" else "red")
            mark = " (voice)" if item.source != "text" else ""
            table.add_row(f"{item.skill.title}", f"[{style}]{item.label}[/]{mark}", item.reason)
        self.console.print(table)
        self.console.print(f"[bold]Try:[/] {fb.suggestion}")
        self.console.print(f"[bold]Stronger:[/] “{fb.rewrite}”")
        self.console.print(f"[dim]Next skill to try: {fb.next_skill.title}[/]")

    async def _drain(self, events: Any, name: str) -> ConversationEnded | None:
        ended = None
        async for event in events:
            self._show(event, name)
            if isinstance(event, ConversationEnded):
                ended = event
        return ended

    def run(self, scenario_id: str, *, mode: Literal["flow", "practice"] = "flow", checkin: bool = True) -> str:
        """Run the whole rehearsal; return the session id."""
        from voice_coach.conversation.summary import summarize

        store = self.services.store
        store.close_interrupted(lambda turns, checkins: summarize(turns, checkins, "interrupted"))
        session = asyncio.run(RehearsalSession.start(self.services, scenario_id, mode=mode, input_mode="text"))
        try:
            ended = self._converse(session, checkin)
        finally:
            if not session.ended:  # a crash or Ctrl+C: what was said is kept, the session is closed
                asyncio.run(session.end("interrupted"))
        if ended.summary.get("turns", 0) == 0:
            store.delete_session(session.id)
            self.console.print("Nothing was said, so this rehearsal is not saved.", style="dim")
            return session.id
        self._show_summary(ended.summary)
        if self._pushed_back is not None or (not self.stdin.isatty() and self.stdin.readline()):
            self.console.print("The rehearsal has ended; the rest of the input was not used.", style="yellow")
        self.console.print(f"Saved as session [bold]{session.id}[/]. "
                           f"`voice-coach export {session.id}` writes the transcript.")
        return session.id

    def _converse(self, session: RehearsalSession, checkin: bool) -> ConversationEnded:
        s = session.scenario
        self.console.print(Panel(f"[bold]{s.title}[/]\n\n{s.situation}\n\n[bold]Your goal:[/] {s.goal}\n"
                                 f"[bold]You are talking to:[/] {s.counterpart.name}, {s.counterpart.relationship}",
                                 title=f"difficulty {s.difficulty}/9"))
        if checkin:
            self._checkin(session, "pre")
        self.console.print(HELP, style="dim")
        name = s.counterpart.name
        asyncio.run(self._drain(session.opening(), name))
        ended: ConversationEnded | None = None
        while ended is None:
            line = self._ask("[bold green]You:[/] ")
            if line is None or line == "/end":
                ended = asyncio.run(session.end("user"))
                break
            if line == "/help" or not line:
                self.console.print(HELP, style="dim")
                continue
            if line == "/resume":
                asyncio.run(session.resume())
                self.console.print("Resumed.", style="dim")
                continue
            if line in ("/ok", "/stop"):
                answer: Literal["continue", "stop"] = "continue" if line == "/ok" else "stop"
                ended = asyncio.run(self._drain(session.answer_check_in(answer), name))
                continue
            if line == "/send":
                ended = asyncio.run(self._drain(session.send_pending(), name))
                continue
            ended = asyncio.run(self._drain(session.user_turn(line), name))
        if checkin and ended.summary.get("turns", 0) > 0:
            self._checkin(session, "post")
            ended = asyncio.run(session.end(ended.reason))
        return ended

    def _show_summary(self, summary: dict[str, Any]) -> None:
        reason = {"agreement": "They agreed.", "user": "You ended the rehearsal.",
                  "turn_limit": "The turn limit was reached.",
                  "safety": "You stopped the practice after a safety check-in. The resources above stay available.",
                  "interrupted": "The rehearsal was interrupted."}
        lines = [reason.get(summary.get("end_reason") or "", ""), f"Turns: {summary['turns']}"]
        for text in summary.get("went_well", []):
            lines.append(f"✓ {text}")
        if summary.get("practise_next"):
            p = summary["practise_next"]
            lines.append(f"Practise next: {p['title']}: {p['tip']}")
        for item, c in summary.get("checkin_change", {}).items():
            lines.append(f"{item}: {c['pre']} → {c['post']}")
        self.console.print(Panel("\n".join(lines), title="Summary", style="green"))
