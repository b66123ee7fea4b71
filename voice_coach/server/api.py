"""REST endpoints beside the WebSocket: history, summaries, reports, progress and custom scenarios."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, HTTPException, Path, Query
from fastapi.responses import HTMLResponse, PlainTextResponse
from pydantic import BaseModel, ConfigDict, Field

from voice_coach.conversation.scenarios import Scenario
from voice_coach.conversation.session import Services
from voice_coach.store import SessionRow


class CustomScenarioRequest(BaseModel):
    """A situation and goal in the user's words; the rest is optional."""

    model_config = ConfigDict(extra="forbid")

    situation: str = Field(min_length=10, max_length=4000)
    goal: str = Field(min_length=5, max_length=1000)
    counterpart_name: str = Field(default="", max_length=80)
    relationship: str = Field(default="", max_length=200)
    difficulty: int = Field(default=5, ge=1, le=9)


NOTE_MAX_CHARS = 500  # a short note per line, typed during a session


class NoteRequest(BaseModel):
    """A therapist's note on one line; empty text removes it."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(max_length=NOTE_MAX_CHARS)


def _notes(row: SessionRow) -> dict[int, str]:
    return {n.turn_index: n.text for n in row.notes}


def _session_summary(row: SessionRow) -> dict[str, Any]:
    return {"id": row.id, "scenario_id": row.scenario_id, "scenario_title": row.scenario_title,
            "started_at": row.started_at.isoformat(), "ended_at": row.ended_at.isoformat() if row.ended_at else None,
            "end_reason": row.end_reason, "mode": row.mode, "input_mode": row.input_mode,
            "turns": len(row.turns), "summary": row.summary}


def build_router(services: Services) -> APIRouter:
    """The /api routes over the shared services."""
    router = APIRouter(prefix="/api")
    store = services.store

    def get_row(session_id: str) -> SessionRow:
        row = store.get_session(session_id)
        if row is None:
            raise HTTPException(status_code=404, detail=f"no session {session_id!r}")
        return row

    @router.get("/sessions")
    async def sessions(limit: int = Query(50, ge=1, le=500)) -> list[dict[str, Any]]:
        """Past sessions with at least one turn, newest first."""
        rows = await asyncio.to_thread(store.list_sessions, limit, include_empty=False)
        return [_session_summary(r) for r in rows]

    @router.get("/sessions/{session_id}")
    async def session_detail(session_id: str) -> dict[str, Any]:
        """One session with its turns (text, ratings, feedback, prosody) and check-ins."""
        row = await asyncio.to_thread(get_row, session_id)
        data = _session_summary(row)
        notes = _notes(row)
        data["turns"] = [{"index": t.index, "user_text": t.user_text, "partner_text": t.partner_text,
                          "ratings": t.ratings, "feedback": t.feedback, "prosody": t.prosody, "flags": t.flags,
                          "note": notes.get(t.index)}
                         for t in row.turns]
        data["checkins"] = {c.phase: c.answers for c in row.checkins}
        data["notes"] = {str(k): v for k, v in notes.items()}
        return data

    @router.put("/sessions/{session_id}/notes/{turn_index}")
    async def put_note(session_id: str, body: NoteRequest,
                       turn_index: int = Path(ge=0, le=10_000)) -> dict[str, Any]:
        """Keep a therapist's short note on one line (stored at once; empty text removes it)."""
        row = await asyncio.to_thread(get_row, session_id)
        await asyncio.to_thread(store.set_note, row.id, turn_index, body.text)
        return {"session_id": row.id, "turn_index": turn_index, "text": body.text.strip()}

    @router.get("/sessions/{session_id}/export")
    async def session_export(session_id: str) -> PlainTextResponse:
        """The transcript with feedback and notes as a Markdown file to download."""
        from voice_coach.reports.export import session_markdown

        row = await asyncio.to_thread(get_row, session_id)
        return PlainTextResponse(session_markdown(row), media_type="text/markdown; charset=utf-8",
                                 headers={"Content-Disposition": f'attachment; filename="rehearsal-{row.id}.md"'})

    @router.get("/sessions/{session_id}/report")
    async def session_report(session_id: str, format: str = Query("html", pattern="^(html|md)$")) -> Any:
        """The shareable report (HTML with charts, or Markdown)."""
        from voice_coach.reports.report import render_report

        row = await asyncio.to_thread(get_row, session_id)
        text = await asyncio.to_thread(render_report, row, format)  # charts take a while: off the event loop
        if format == "html":
            return HTMLResponse(text)
        return PlainTextResponse(text, media_type="text/markdown; charset=utf-8")

    @router.get("/progress")
    async def progress_view(format: str = Query("json", pattern="^(json|html|md)$")) -> Any:
        """Progress per skill and check-in item across sessions."""
        from voice_coach.reports.progress import progress, render_progress

        rows = await asyncio.to_thread(store.list_sessions, 500)
        if format == "json":
            return await asyncio.to_thread(progress, rows)
        text = await asyncio.to_thread(render_progress, rows, format)
        return HTMLResponse(text) if format == "html" else PlainTextResponse(text, media_type="text/markdown")

    @router.get("/scenarios")
    async def scenarios(category: str | None = None, difficulty: int | None = Query(None, ge=1, le=9),
                        max_difficulty: int | None = Query(None, ge=1, le=9)) -> list[dict[str, Any]]:
        """Scenario summaries, easiest first, optionally filtered."""
        found = [s for s in services.scenarios.values()
                 if (category is None or s.category == category)
                 and (difficulty is None or s.difficulty == difficulty)
                 and (max_difficulty is None or s.difficulty <= max_difficulty)]
        return [s.summary() for s in sorted(found, key=lambda s: (s.difficulty, s.id))]

    @router.post("/scenarios", status_code=201)
    async def create_scenario(body: CustomScenarioRequest) -> dict[str, Any]:
        """Turn the user's own situation and goal into a scenario (LLM when configured, else offline)."""
        from voice_coach.conversation.custom import create_custom_scenario

        try:
            scenario, _path = await create_custom_scenario(
                services.settings, situation=body.situation, goal=body.goal,
                counterpart_name=body.counterpart_name, relationship=body.relationship,
                difficulty=body.difficulty)
        except ValueError as exc:
            raise HTTPException(status_code=422, detail=str(exc)) from exc
        services.scenarios[scenario.id] = scenario
        return _scenario_public(scenario)

    return router


def _scenario_public(scenario: Scenario) -> dict[str, Any]:
    return {**scenario.summary(), "situation": scenario.situation}
