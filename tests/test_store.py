"""The SQLite store: round trips, per-turn commits surviving a killed process, export."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from voice_coach.reports.export import session_markdown
from voice_coach.store import Store

from .helpers import collect, make_services, start


async def test_round_trip_of_a_whole_session(tmp_path: Path) -> None:
    services = make_services(tmp_path)
    session = await start(services, "remote-fridays")
    await session.checkin("pre", {"angry": 3, "afraid": 5, "confident": 2, "hopeful": 4})
    await collect(session.user_turn("I've stayed late four times this month. I'm asking for remote Fridays."))
    await collect(session.user_turn("I feel drained, and you'd get my reports a day earlier."))
    await session.end("user")
    await session.checkin("post", {"angry": 2, "afraid": 3, "confident": 5, "hopeful": 6})

    # A new Store object on the same file sees everything: nothing lives only in memory.
    row = Store(services.settings.effective_database_url).get_session(session.id)
    assert row is not None and row.end_reason == "user"
    assert [t.index for t in row.turns] == [0, 1]
    assert row.turns[0].partner_text and row.turns[0].ratings["describe"] in ("strong", "weak", "none")
    assert row.turns[1].feedback["skills"][0]["skill"] == "describe"
    assert {c.phase for c in row.checkins} == {"pre", "post"}
    change = row.summary["checkin_change"]
    assert change["confident"] == {"pre": 2, "post": 5, "delta": 3, "improved": True}
    assert change["afraid"]["improved"] is True
    markdown = session_markdown(row)
    assert "remote Fridays" in markdown and "Stronger:" in markdown and "| confident | 2 | 5 |" in markdown


def test_a_turn_survives_a_killed_process(tmp_path: Path) -> None:
    child = textwrap.dedent(f"""
        import asyncio, os, signal, sys
        from pathlib import Path
        sys.path.insert(0, {str(Path(__file__).resolve().parents[1])!r})
        from tests.helpers import make_services, start, collect
        from tests.fakes import FixedEvaluator

        class DyingEvaluator(FixedEvaluator):
            async def evaluate(self, context):
                if context.turn_index == 2:
                    os.kill(os.getpid(), signal.SIGKILL)  # die in the middle of the third turn
                return await super().evaluate(context)

        async def main():
            services = make_services(Path({str(tmp_path)!r}), evaluator=DyingEvaluator())
            session = await start(services, "remote-fridays")
            print(session.id, flush=True)
            for line in ["First line about Fridays.", "Second line, I'm asking for Fridays.", "Third line."]:
                await collect(session.user_turn(line))
        asyncio.run(main())
    """)
    proc = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])})
    assert proc.returncode == -9, proc.stderr
    session_id = proc.stdout.split()[0]
    row = Store(f"sqlite:///{tmp_path / 'voice_coach.sqlite3'}").get_session(session_id)
    assert row is not None
    assert [t.user_text for t in row.turns] == ["First line about Fridays.", "Second line, I'm asking for Fridays."]
    assert all(t.partner_text for t in row.turns)


async def test_barge_in_during_and_after_storage_keeps_the_full_reply(tmp_path: Path) -> None:
    from voice_coach.events import PartnerTextDone, TurnStored

    services = make_services(tmp_path)
    session = await start(services, "remote-fridays")
    full = ""
    async for event in session.user_turn("I've stayed late four times this month."):
        if isinstance(event, PartnerTextDone):
            full = event.text
            session.interrupt(0, full.split()[0])  # heard only the first word, turn not stored yet
        if isinstance(event, TurnStored):
            break
    session.interrupt(0, full.split()[0])  # the same barge-in reported again once stored
    await session.stored()  # the write runs in a worker thread, off the event loop
    turn = services.store.get_session(session.id).turns[0]
    assert turn.partner_text == full.split()[0]
    assert turn.flags == {"interrupted": True, "full_reply": full}
    assert session.history[-1][1] == full.split()[0] and session.partner_last == full.split()[0]
