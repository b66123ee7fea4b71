"""Who may talk to the server: Host allow-list, access token, WebSocket origins and security headers.

The threat model is in docs/security.md: by default one person on one machine (loopback only), so a
Host check defeats DNS rebinding from web pages the user visits; bound to a network address, every
API call and WebSocket also needs the access token.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import os
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

log = logging.getLogger(__name__)

# frame-ancestors: no other page may frame the app (clickjacking of the microphone and history).
CSP = ("default-src 'self'; connect-src 'self' ws: wss:; media-src 'self' blob:; worker-src 'self' blob:; "
       "frame-ancestors 'none'")
# Reports are self-contained documents (inline CSS + SVG, no scripts) meant to be saved and shared.
REPORT_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
              "form-action 'none'; frame-ancestors 'none'")
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
WILDCARD_HOSTS = frozenset({"0.0.0.0", "::", ""})
TOKEN_FILE = "access_token"
TOKEN_PARAM = "token"
COOKIE_PREFIX = "voice_coach_token_"
OPEN_PATHS = frozenset({"/healthz"})  # liveness probes need no token; they reveal no user data


def is_loopback(host: str) -> bool:
    """True for loopback names and addresses (127.0.0.0/8, ::1, localhost)."""
    host = host.strip("[]").lower()
    if host in LOOPBACK_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def origin_allowed(origin: str | None, server_port: int | None, allowed: set[str]) -> bool:
    """Loopback pages on the served port, listed origins, and non-browser clients (no Origin) pass."""
    if origin is None:
        return True
    origin = origin.rstrip("/").lower()
    if origin in allowed or "*" in allowed:
        return True
    try:
        parts = urlsplit(origin)
        port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and parts.hostname in LOOPBACK_HOSTS and port == server_port


def host_name(host_header: str | None) -> str | None:
    """The host name of a Host header without port or IPv6 brackets, lower case; None if unparsable."""
    if not host_header:
        return None
    try:
        name = urlsplit(f"//{host_header.strip()}").hostname
    except ValueError:
        return None
    return name.lower() if name else None


def load_or_create_token(data_dir: Path) -> str:
    """The access token kept in the data folder, created (owner-only file) on first use."""
    path = data_dir / TOKEN_FILE
    try:
        token = path.read_text(encoding="utf-8").strip()
        if token:
            return token
    except FileNotFoundError:
        pass
    data_dir.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(24)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(token + "\n")
    return token


@dataclass
class AccessPolicy:
    """Which Host names are served and which token (if any) every request must carry."""

    allowed_hosts: set[str] = field(default_factory=lambda: set(LOOPBACK_HOSTS))
    token: str | None = None

    @classmethod
    def for_bind(cls, bind_host: str, *, extra_hosts: Iterable[str] = (), token: str | None = None,
                 require_token: bool | None = None, data_dir: Path | None = None) -> AccessPolicy:
        """The policy for a server bound to `bind_host`: a token is required unless it is loopback only."""
        hosts = set(LOOPBACK_HOSTS) | {h.strip("[]").lower() for h in extra_hosts}
        if bind_host.lower() not in WILDCARD_HOSTS:
            hosts.add(bind_host.strip("[]").lower())
        needed = require_token if require_token is not None else (token is not None or not is_loopback(bind_host))
        if needed and token is None:
            if data_dir is None:
                raise ValueError("a token is required but there is neither a token nor a data folder")
            token = load_or_create_token(data_dir)
        return cls(allowed_hosts=hosts, token=token if needed else None)

    def host_ok(self, host_header: str | None) -> bool:
        """True when the Host header names this server (defeats DNS rebinding)."""
        if "*" in self.allowed_hosts:
            return True
        name = host_name(host_header)
        return name is not None and (name in self.allowed_hosts or _is_loopback_ip(name))

    def token_ok(self, given: str | None) -> bool:
        """Constant-time comparison with the access token (True when none is required)."""
        if self.token is None:
            return True
        return given is not None and hmac.compare_digest(given.encode("utf-8"), self.token.encode("utf-8"))


def _is_loopback_ip(name: str) -> bool:
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def _cookie_name(scope: Scope) -> str:
    server = scope.get("server") or (None, None)
    return f"{COOKIE_PREFIX}{server[1] or 0}"


def _tokens(scope: Scope, headers: Headers) -> tuple[str | None, str | None, str | None]:
    """The token from the query string, the Authorization header and the cookie."""
    query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
    auth = headers.get("authorization", "")
    bearer = auth[7:].strip() if auth[:7].lower() == "bearer " else None
    cookie: str | None = None
    raw = headers.get("cookie")
    if raw:
        jar: SimpleCookie = SimpleCookie()
        try:
            jar.load(raw)
        except Exception:  # noqa: BLE001 - a malformed cookie header is treated as no cookie
            jar = SimpleCookie()
        morsel = jar.get(_cookie_name(scope))
        cookie = morsel.value if morsel is not None else None
    return query.get(TOKEN_PARAM), bearer, cookie


class AccessMiddleware:
    """ASGI middleware: refuse foreign Host headers and, when a token is set, requests without it.

    A page opened with `?token=...` gets the token as an HttpOnly, SameSite=Strict cookie and is
    redirected to the same address without it, so the browser client needs no change and the token
    does not stay in the address bar or in Referer headers.
    """

    def __init__(self, app: ASGIApp, policy: AccessPolicy) -> None:
        self.app = app
        self.policy = policy

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        if not self.policy.host_ok(headers.get("host")):
            log.warning("refused a request for host %r", headers.get("host"))
            await _deny(scope, receive, send, 400, "Host not allowed. See docs/security.md (allowed_hosts).")
            return
        if self.policy.token is None or scope.get("path") in OPEN_PATHS:
            await self.app(scope, receive, send)
            return
        query, bearer, cookie = _tokens(scope, headers)
        if not any(self.policy.token_ok(t) for t in (query, bearer, cookie) if t is not None):
            await _deny(scope, receive, send, 401,
                        "Access token required: open the address printed by `voice-coach serve`.")
            return
        if scope["type"] == "http" and query is not None and scope.get("method") == "GET" \
                and not scope.get("path", "").startswith("/api/"):
            await self._set_cookie_and_redirect(scope, send, query)
            return
        await self.app(scope, receive, send)

    async def _set_cookie_and_redirect(self, scope: Scope, send: Send, token: str) -> None:
        rest = [(k, v) for k, v in parse_qsl(scope.get("query_string", b"").decode("latin-1")) if k != TOKEN_PARAM]
        location = scope.get("path", "/") + (f"?{urlencode(rest)}" if rest else "")
        cookie = f"{_cookie_name(scope)}={token}; Path=/; HttpOnly; SameSite=Strict"
        await send({"type": "http.response.start", "status": 303,
                    "headers": [(b"location", location.encode("latin-1")), (b"set-cookie", cookie.encode("latin-1")),
                                (b"referrer-policy", b"no-referrer"), (b"content-length", b"0")]})
        await send({"type": "http.response.body", "body": b""})


async def _deny(scope: Scope, receive: Receive, send: Send, status: int, message: str) -> None:
    if scope["type"] == "websocket":
        # Closing before accepting makes the server answer the handshake with 403.
        await receive()
        await send({"type": "websocket.close", "code": 1008, "reason": message[:120]})
        return
    body = message.encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


def security_headers(path: str, content_type: str) -> dict[str, str]:
    """Headers added to every HTTP response of the app."""
    headers = {"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer"}
    if content_type.startswith("text/html"):
        is_report = path.startswith("/api/progress") or (path.startswith("/api/sessions/") and path.endswith("/report"))
        headers["Content-Security-Policy"] = REPORT_CSP if is_report else CSP
    return headers
