"""`voice-coach serve`: load the models with visible progress, then run the web app with uvicorn."""

from __future__ import annotations

import time

from rich.console import Console

from voice_coach.config import Settings


def run_server(settings: Settings, *, host: str, port: int, console: Console) -> None:
    """Load speech models and the evaluator (with progress), then serve until interrupted."""
    import uvicorn

    from voice_coach.server.app import create_app
    from voice_coach.conversation.session import Services

    started = time.perf_counter()
    services = Services.create(settings)
    with console.status("Loading models…") as status:
        services.load_voice(lambda message: status.update(f"Loading models: {message}…"))
    console.print(f"Models ready in {time.perf_counter() - started:.1f} s "
                  f"(counterpart: {'LLM' if settings.use_llm_counterpart else 'scripted'}, "
                  f"evaluator: {'LLM' if settings.use_llm_evaluator else 'offline'}).")
    app = create_app(services, host=host)
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    address = f"http://{'[' + shown + ']' if ':' in shown else shown}:{port}/"
    token = app.state.access_token
    if token is not None:
        console.print(f"[yellow]Listening on {host}: other machines on your network can reach this app; "
                      "every page, API call and WebSocket needs the access token (docs/security.md).[/]")
        address += f"?token={token}"
        if host in ("0.0.0.0", "::") and not settings.allowed_hosts:
            console.print("[yellow]Other machines must use a name listed in VOICE_COACH_ALLOWED_HOSTS, "
                          "e.g. VOICE_COACH_ALLOWED_HOSTS='[\"192.168.1.20\"]'; others get 400.[/]")
    console.print(f"Open [bold]{address}[/] in your browser. Ctrl+C to stop.")
    uvicorn.run(app, host=host, port=port, log_level="warning")
