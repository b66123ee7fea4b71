"""Session store: SQLAlchemy 2 (SQLite file by default, any SQLAlchemy URL) with per-turn commits."""

from __future__ import annotations

import logging
import os
import socket
import uuid
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint, create_engine, delete, event, exists, select,
)
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, sessionmaker


log = logging.getLogger(__name__)

MIN_PREFIX = 6
"""Shortest id prefix the command line accepts (ids are 12 hex digits)."""
INTERRUPTED = "interrupted"
"""`end_reason` of a session its process left open (crash, kill)."""


def _now() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    """Declarative base of the store's tables."""


class SessionRow(Base):
    """One rehearsal."""

    __tablename__ = "sessions"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    scenario_id: Mapped[str] = mapped_column(String(120), index=True)
    scenario_title: Mapped[str] = mapped_column(String(300))
    scenario: Mapped[dict[str, Any]] = mapped_column(JSON)
    mode: Mapped[str] = mapped_column(String(20))
    input_mode: Mapped[str] = mapped_column(String(20))
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    end_reason: Mapped[str | None] = mapped_column(String(40), nullable=True)
    summary: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    voice_baseline: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)

    turns: Mapped[list["TurnRow"]] = relationship(
        back_populates="session", order_by="TurnRow.index", cascade="all, delete-orphan"
    )
    checkins: Mapped[list["CheckinRow"]] = relationship(
        back_populates="session", order_by="CheckinRow.id", cascade="all, delete-orphan"
    )
    # selectin: loaded with the session wherever it is read, so reports never touch a closed db session.
    notes: Mapped[list["NoteRow"]] = relationship(
        order_by="NoteRow.turn_index", cascade="all, delete-orphan", lazy="selectin"
    )


class TurnRow(Base):
    """One finished exchange: the user's line and the counterpart's reply."""

    __tablename__ = "turns"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), index=True)
    index: Mapped[int] = mapped_column(Integer)
    user_text: Mapped[str] = mapped_column(Text)
    partner_text: Mapped[str] = mapped_column(Text, default="")
    partner_move: Mapped[str | None] = mapped_column(String(40), nullable=True)
    source: Mapped[str] = mapped_column(String(10), default="text")
    timings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    ratings: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    feedback: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    prosody: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    flags: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)

    session: Mapped[SessionRow] = relationship(back_populates="turns")


class CheckinRow(Base):
    """IMBUE's pre/post check-in: 1-7 ratings of emotions and self-efficacy."""

    __tablename__ = "checkins"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), index=True)
    phase: Mapped[str] = mapped_column(String(10))
    answers: Mapped[dict[str, int]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)

    session: Mapped[SessionRow] = relationship(back_populates="checkins")


class NoteRow(Base):
    """A therapist's short typed note on one line, kept apart so it can be written before the turn is stored."""

    __tablename__ = "turn_notes"
    __table_args__ = (UniqueConstraint("session_id", "turn_index"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), index=True)
    turn_index: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now, onupdate=_now)


class OwnerRow(Base):
    """Which process runs an open session, so a restart can tell live sessions from crashed ones."""

    __tablename__ = "session_owners"

    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True)
    host: Mapped[str] = mapped_column(String(255))
    pid: Mapped[int] = mapped_column(Integer)


def _this_process() -> tuple[str, int]:
    return socket.gethostname(), os.getpid()


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL keeps readers (history, reports) from blocking the writer of a live session;
    # synchronous=NORMAL in WAL mode still survives a killed process.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _turn_row(db: Any, session_id: str, index: int) -> TurnRow:
    row = db.scalars(select(TurnRow).where(TurnRow.session_id == session_id, TurnRow.index == index)).first()
    if row is None:
        raise KeyError(f"no turn {index} in session {session_id}")
    return row


class Store:
    """Reads and writes sessions, turns and check-ins; every write commits at once."""

    def __init__(self, url: str) -> None:
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        self.url = url
        self.engine: Engine = create_engine(url, future=True)
        if parsed.get_backend_name() == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        Base.metadata.create_all(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def create_session(self, *, scenario_id: str, scenario_title: str, scenario: dict[str, Any],
                       mode: str, input_mode: str) -> str:
        """Insert a session row and return its id."""
        session_id = uuid.uuid4().hex[:12]
        with self._sessions.begin() as db:
            db.add(SessionRow(id=session_id, scenario_id=scenario_id, scenario_title=scenario_title,
                              scenario=scenario, mode=mode, input_mode=input_mode))
            db.flush()
            host, pid = _this_process()
            db.add(OwnerRow(session_id=session_id, host=host, pid=pid))
        return session_id

    def add_turn(self, session_id: str, *, index: int, user_text: str, partner_text: str,
                 partner_move: str | None, source: str, timings: dict[str, Any],
                 ratings: dict[str, Any] | None, feedback: dict[str, Any] | None,
                 prosody: dict[str, Any] | None, flags: dict[str, Any] | None = None) -> int:
        """Commit one finished turn and return its row id."""
        with self._sessions.begin() as db:
            row = TurnRow(session_id=session_id, index=index, user_text=user_text,
                          partner_text=partner_text, partner_move=partner_move, source=source,
                          timings=timings, ratings=ratings, feedback=feedback, prosody=prosody,
                          flags=flags or {})
            db.add(row)
            db.flush()
            return row.id

    def update_turn(self, session_id: str, index: int, **fields: Any) -> None:
        """Change stored fields of a turn (late feedback, barge-in trimming)."""
        with self._sessions.begin() as db:
            row = _turn_row(db, session_id, index)
            for name, value in fields.items():
                setattr(row, name, value)

    def delete_turn(self, session_id: str, index: int) -> None:
        """Remove one turn (the user took it back to say it again)."""
        with self._sessions.begin() as db:
            row = _turn_row(db, session_id, index)
            db.delete(row)

    def add_checkin(self, session_id: str, phase: str, answers: dict[str, int]) -> None:
        """Commit a check-in."""
        with self._sessions.begin() as db:
            db.add(CheckinRow(session_id=session_id, phase=phase, answers=answers))

    def set_note(self, session_id: str, turn_index: int, text: str) -> None:
        """Store the note on one line of a session (empty text removes it)."""
        try:
            self._write_note(session_id, turn_index, text.strip())
        except IntegrityError:  # a concurrent save inserted the row first: this one is an update
            self._write_note(session_id, turn_index, text.strip())

    def _write_note(self, session_id: str, turn_index: int, text: str) -> None:
        with self._sessions.begin() as db:
            if db.get(SessionRow, session_id) is None:
                raise KeyError(session_id)
            row = db.scalars(select(NoteRow).where(NoteRow.session_id == session_id,
                                                   NoteRow.turn_index == turn_index)).first()
            if not text:
                db.execute(delete(NoteRow).where(NoteRow.session_id == session_id, NoteRow.turn_index == turn_index))
            elif row is None:
                db.add(NoteRow(session_id=session_id, turn_index=turn_index, text=text))
            else:
                row.text = text

    def end_session(self, session_id: str, reason: str, summary: dict[str, Any]) -> None:
        """Mark a session ended and store its summary."""
        with self._sessions.begin() as db:
            row = db.get(SessionRow, session_id)
            if row is None:
                raise KeyError(session_id)
            row.ended_at = _now()
            row.end_reason = reason
            row.summary = summary
            owner = db.get(OwnerRow, session_id)
            if owner is not None:
                db.delete(owner)

    def delete_session(self, session_id: str) -> None:
        """Remove a session with its turns and check-ins (an empty rehearsal is not kept)."""
        with self._sessions.begin() as db:
            row = db.get(SessionRow, session_id)
            if row is not None:
                owner = db.get(OwnerRow, session_id)
                if owner is not None:
                    db.delete(owner)
                db.delete(row)

    def close_interrupted(self, summarize: Callable[[list[dict[str, Any]], dict[str, dict[str, int]]],
                                                    dict[str, Any]]) -> list[str]:
        """End as `interrupted` every open session whose process is gone; return their ids.

        `summarize(turns, checkins)` turns the stored turns (ratings, prosody, flags) and check-ins
        (phase -> answers) into the summary to store; a session with nothing in it is deleted.
        Sessions of live processes on this machine, and of other machines, are left alone.
        """
        here = socket.gethostname()
        closed: list[str] = []
        with self._sessions.begin() as db:
            rows = list(db.scalars(select(SessionRow).where(SessionRow.ended_at.is_(None))))
            for row in rows:
                owner = db.get(OwnerRow, row.id)
                if owner is not None and (owner.host != here or _process_alive(owner.pid)):
                    continue
                if owner is not None:
                    db.delete(owner)
                closed.append(row.id)
                if not row.turns and not row.checkins:
                    db.delete(row)  # nothing was said: not worth a place in the history
                    continue
                turns = [{"ratings": t.ratings, "prosody": t.prosody, "flags": t.flags} for t in row.turns]
                row.ended_at = _now()
                row.end_reason = INTERRUPTED
                row.summary = summarize(turns, {c.phase: c.answers for c in row.checkins})
        if closed:
            log.info("closed %d session(s) left open by an earlier process: %s", len(closed), ", ".join(closed))
        return closed

    def update_session(self, session_id: str, **fields: Any) -> None:
        """Change stored fields of a session."""
        with self._sessions.begin() as db:
            row = db.get(SessionRow, session_id)
            if row is None:
                raise KeyError(session_id)
            for name, value in fields.items():
                setattr(row, name, value)

    def latest_baseline(self) -> dict[str, Any] | None:
        """The most recent stored voice baseline, to start the next session from."""
        with self._sessions() as db:
            return db.scalars(
                select(SessionRow.voice_baseline)
                .where(SessionRow.voice_baseline.is_not(None))
                .order_by(SessionRow.started_at.desc())
            ).first()

    def get_session(self, session_id: str) -> SessionRow | None:
        """The session with exactly this id, with its turns and check-ins loaded; None if there is none."""
        with self._sessions() as db:
            row = db.get(SessionRow, session_id)
            if row is not None:
                _ = row.turns, row.checkins  # load while the db session is open
            return row

    def find_session(self, id_or_prefix: str) -> SessionRow | None:
        """A session by id, or by a unique id prefix of at least MIN_PREFIX characters (for typing)."""
        row = self.get_session(id_or_prefix)
        if row is not None or len(id_or_prefix) < MIN_PREFIX:
            return row
        with self._sessions() as db:
            # autoescape: '%' and '_' in the prefix are literal characters, never LIKE wildcards
            ids = list(db.scalars(select(SessionRow.id).where(
                SessionRow.id.startswith(id_or_prefix, autoescape=True)).limit(2)))
        return self.get_session(ids[0]) if len(ids) == 1 else None

    def list_sessions(self, limit: int = 50, *, include_empty: bool = True) -> list[SessionRow]:
        """Most recent sessions first, with turns and check-ins loaded (`include_empty=False`: only with turns)."""
        query = select(SessionRow)
        if not include_empty:
            query = query.where(exists().where(TurnRow.session_id == SessionRow.id))
        with self._sessions() as db:
            rows = list(db.scalars(query.order_by(SessionRow.started_at.desc()).limit(limit)))
            for row in rows:
                _ = row.turns, row.checkins
            return rows
