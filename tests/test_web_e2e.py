"""The browser app end to end: real headless Chromium against the real server (real STT and TTS).

Chromium's fake microphone plays a real LibriVox recording (with silence appended so the turn
ends); the page must transcribe it, show the counterpart's reply, play its audio and render the
DEAR MAN feedback. Screenshots of every screen go to tests/artifacts/.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
WEB = ROOT / "web"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
LIBRIVOX = Path(__file__).resolve().parent / "data" / "librivox"
CLIP = "sense_and_sensibility_01_austen_64kb-0930.wav"
CHROMIUM = Path("/usr/bin/chromium")
SCENARIO = "roommate-dishes"
TURN_TIMEOUT_MS = 45_000

# ----------------------------------------------------------------------------- static checks (no browser)

class _Scan(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.inline_scripts = 0
        self.handlers: list[str] = []
        self.styles = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name for name, _ in attrs}
        if tag == "script" and "src" not in names:
            self.inline_scripts += 1
        if tag == "style" or "style" in names:
            self.styles += 1
        self.handlers += [name for name in names if name.startswith("on")]


def test_page_obeys_the_content_security_policy() -> None:
    """No inline script, handler or style (CSP default-src 'self'), and no innerHTML with data."""
    scan = _Scan()
    scan.feed((WEB / "index.html").read_text(encoding="utf-8"))
    assert (scan.inline_scripts, scan.handlers, scan.styles) == (0, [], 0)
    for path in WEB.glob("*.js"):
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write", source), path.name


def test_static_checkin_items_match_the_server() -> None:
    """web/checkin.json lists exactly the items and directions of voice_coach.checkin."""
    from voice_coach.checkin import ITEMS, LOWER_IS_BETTER

    spec = json.loads((WEB / "checkin.json").read_text(encoding="utf-8"))
    items = [item for group in spec["groups"] for item in group["items"]]
    assert {i["id"]: i["question"] for i in items} == ITEMS
    assert {i["id"] for i in items if i["lower_is_better"]} == set(LOWER_IS_BETTER)
    assert (spec["scale"]["min"], spec["scale"]["max"]) == (1, 7)


def test_reference_has_a_strong_and_a_weak_example_per_skill() -> None:
    """The DEAR MAN reference covers all seven skills with two different examples each."""
    from voice_coach.skills import ALL_SKILLS

    ref = json.loads((WEB / "reference.json").read_text(encoding="utf-8"))
    by_skill = {entry["skill"]: entry for entry in ref["skills"]}
    assert set(by_skill) == {s.value for s in ALL_SKILLS}
    for entry in by_skill.values():
        assert entry["strong"].strip() and entry["weak"].strip() and entry["strong"] != entry["weak"]


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two #rrggbb colours."""
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_colours_meet_wcag_aa() -> None:
    """Every text/background pair of the stylesheet reaches 4.5:1 (the focus ring 3:1)."""
    css = (WEB / "styles.css").read_text(encoding="utf-8")
    var = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{6})", css))
    text_pairs = [("text", "bg"), ("text", "surface"), ("muted", "bg"), ("muted", "surface"),
                  ("muted", "partner-bg"), ("muted", "user-bg"), ("muted", "none-bg"), ("accent", "surface"),
                  ("accent-text", "accent"), ("danger", "surface"), ("focus", "surface"),
                  ("strong-fg", "strong-bg"), ("weak-fg", "weak-bg"), ("none-fg", "none-bg"), ("no-fg", "no-bg"),
                  ("text", "partner-bg"), ("text", "user-bg")]
    low = {f"{a} on {b}": round(contrast(var[a], var[b]), 2) for a, b in text_pairs if contrast(var[a], var[b]) < 4.5}
    assert low == {}
    assert contrast(var["focus"], var["bg"]) >= 3.0


# ----------------------------------------------------------------------------- fixtures

def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real app (real STT/TTS, scripted counterpart, offline evaluator) on a free loopback port."""
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium")
    import uvicorn

    from voice_coach.config import Settings
    from voice_coach.server import create_app
    from voice_coach.session import Services

    data_dir = tmp_path_factory.mktemp("voice-coach-data")
    services = Services.create(Settings(data_dir=data_dir, counterpart="scripted", evaluator="offline"))
    services.load_voice()
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(services), host="127.0.0.1", port=port, log_level="warning",
                                           ws_max_size=16 * 1024 * 1024))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    import httpx

    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    else:
        pytest.fail("the server did not become healthy within 60 s")
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=15)


@pytest.fixture(scope="module")
def speech_wav(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The LibriVox clip with 1 s of silence before and 3 s after, so the server ends the turn."""
    import soundfile as sf

    audio, rate = sf.read(LIBRIVOX / CLIP, dtype="int16")
    assert rate == 16_000
    silence = np.zeros(rate, dtype=np.int16)
    padded = np.concatenate([silence, audio, silence, silence, silence])
    path = tmp_path_factory.mktemp("fake-mic") / "speech.wav"
    sf.write(path, padded, rate, subtype="PCM_16")
    return path


@pytest.fixture(scope="module")
def browser(speech_wav: Path) -> Iterator[Any]:
    """Headless Debian Chromium whose fake microphone plays the speech clip once."""
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium")
    playwright_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
    args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-audio-capture={speech_wav}%noloop"]
    with playwright_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=args, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser: Any, base_url: str) -> Iterator[Any]:
    """A fresh page on the app, with console errors and JS dialogs recorded."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.errors = []  # type: ignore[attr-defined]
    pg.dialogs = []  # type: ignore[attr-defined]
    pg.on("pageerror", lambda exc: pg.errors.append(str(exc)))
    # A CSP violation (inline script/style, eval) is a defect even when the page keeps working.
    pg.on("console", lambda msg: pg.errors.append(msg.text)
          if msg.type == "error" and "Content Security Policy" in msg.text else None)
    pg.on("response", lambda r: pg.errors.append(f"HTTP {r.status} {r.url}") if r.status >= 400 else None)
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.goto(base_url + "/")
    pg.wait_for_selector("body[data-ready=true]", timeout=15_000)
    yield pg
    context.close()


def shot(pg: Any, name: str) -> None:
    """Save a full-page screenshot under tests/artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def choose(pg: Any, *, input_mode: str = "text", mode: str = "flow") -> None:
    """Set the rehearsal options on the picker screen."""
    pg.check(f"input[name=input][value={input_mode}]")
    pg.check(f"input[name=mode][value={mode}]")


def start_scenario(pg: Any, checkin: dict[str, int] | None = None) -> None:
    """Pick the test scenario, answer (or skip) the check-in and wait for the opening line."""
    pg.click(f".scenario-item[data-id='{SCENARIO}'] button")
    pg.wait_for_selector("#screen-checkin:not([hidden])")
    if checkin:
        for item, value in checkin.items():
            pg.check(f"input[name=ci-{item}][value='{value}']")
        pg.click("#checkin-submit")
    else:
        pg.click("#checkin-skip")
    pg.wait_for_selector(".turn.partner[data-turn='-1'] .said:not(:empty)", timeout=TURN_TIMEOUT_MS)


def type_line(pg: Any, text: str) -> None:
    """Send one typed line."""
    pg.fill("#text-input", text)
    pg.press("#text-input", "Enter")


def wait_js(pg: Any, expression: str, timeout_ms: int = TURN_TIMEOUT_MS) -> None:
    """Poll a JS expression until truthy (wait_for_function needs eval, which the page's CSP forbids)."""
    deadline = time.monotonic() + timeout_ms / 1000
    while not pg.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {expression}")
        pg.wait_for_timeout(100)


def words(text: str) -> list[str]:
    """Lower-case words without punctuation (hyphens split words)."""
    return re.findall(r"[a-z']+", text.lower().replace("-", " "))


# ----------------------------------------------------------------------------- browser tests

@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium")
def test_spoken_turn_gets_reply_audio_feedback_and_summary(page: Any) -> None:
    """Speak through the fake mic: transcript, reply text + audio, 7 chips, post check-in, summary."""
    shot(page, "01-pick")
    choose(page, input_mode="handsfree")
    page.click(f".scenario-item[data-id='{SCENARIO}'] button")
    page.wait_for_selector("#screen-checkin:not([hidden])")
    for item, value in {"angry": 5, "afraid": 4, "confident": 2, "hopeful": 3}.items():
        page.check(f"input[name=ci-{item}][value='{value}']")
    shot(page, "02-checkin-pre")
    page.click("#checkin-submit")

    page.wait_for_selector(".turn.user[data-source=voice]", timeout=TURN_TIMEOUT_MS)
    expected = words(json.loads((LIBRIVOX / "transcripts.json").read_text())[CLIP])
    heard = words(page.inner_text(".turn.user[data-source=voice] .said"))
    assert sum(w in heard for w in expected) >= 0.8 * len(expected), heard

    turn = page.get_attribute(".turn.user[data-source=voice]", "data-turn")
    page.wait_for_selector(f".turn.partner[data-turn='{turn}'] .said:not(:empty)", timeout=TURN_TIMEOUT_MS)
    wait_js(page, f"(window.voiceCoach.player.startedByTurn[{turn}] || 0) > 0")
    page.wait_for_selector(f".turn.user[data-turn='{turn}'] .chips .chip >> nth=6", timeout=TURN_TIMEOUT_MS)
    assert page.locator(f".turn.user[data-turn='{turn}'] .chips .chip").count() == 7
    assert page.locator("#coach-chips .chip").count() == 7
    labels = page.eval_on_selector_all("#coach-chips .chip", "cs => cs.map(c => c.dataset.label)")
    assert set(labels) <= {"strong", "weak", "none", "yes", "no"}
    assert page.inner_text("#coach-suggestion").strip() and page.inner_text("#coach-rewrite").strip()
    # A voice turn also carries the tone read-out.
    page.wait_for_selector("#coach-tone:not([hidden]) dd", timeout=TURN_TIMEOUT_MS)
    sent = page.evaluate("window.voiceCoach.conn.sentBytes")
    assert sent > 16_000 * 2 * 3, f"only {sent} bytes of microphone audio were sent"
    shot(page, "03-talk-voice")

    page.click("#btn-end")
    page.wait_for_selector("#screen-checkin:not([hidden])")
    for item, value in {"angry": 3, "afraid": 3, "confident": 4, "hopeful": 5}.items():
        page.check(f"input[name=ci-{item}][value='{value}']")
    shot(page, "04-checkin-post")
    page.click("#checkin-submit")
    page.wait_for_selector("#screen-summary:not([hidden])", timeout=TURN_TIMEOUT_MS)
    assert page.locator("#summary-chart svg rect.bar").count() == 7
    assert page.locator("#summary-change tbody tr").count() == 4
    assert "better" in page.inner_text("#summary-change")
    assert page.inner_text("#summary-next").strip()
    shot(page, "05-summary")
    assert page.errors == []


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium")
def test_typed_line_gets_reply_and_chips(page: Any) -> None:
    """The text box is a full fallback: a typed line gets a reply (with audio) and seven chips."""
    choose(page, input_mode="text")
    start_scenario(page)
    type_line(page, "Maya, the pots stayed in the sink for three days this week. "
                    "I'd like us to wash our dishes the same day we use them.")
    page.wait_for_selector(".turn.user[data-turn='0'] .chips .chip >> nth=6", timeout=TURN_TIMEOUT_MS)
    page.wait_for_selector(".turn.partner[data-turn='0'] .said:not(:empty)", timeout=TURN_TIMEOUT_MS)
    assert page.locator(".turn.user[data-turn='0'] .chips .chip").count() == 7
    assert page.inner_text(".turn.user[data-turn='0'] .said").startswith("Maya, the pots")
    wait_js(page, "(window.voiceCoach.player.startedByTurn[0] || 0) > 0")
    assert page.inner_text("#coach-next").strip()
    shot(page, "06-talk-text")

    page.click("#coach-next-example")
    page.wait_for_selector("#reference[open] .example.strong")
    assert page.locator("#reference-panel .example").count() == 2
    shot(page, "07-reference")
    page.keyboard.press("Escape")
    assert page.errors == []


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium")
def test_practice_mode_holds_a_line_until_sent(page: Any) -> None:
    """Practice mode: the line is rated and held, a new line replaces it, Send lets the partner answer."""
    choose(page, input_mode="text", mode="practice")
    start_scenario(page)
    type_line(page, "um sorry, could you maybe do the dishes sometimes?")
    page.wait_for_selector("#held-box:not([hidden])", timeout=TURN_TIMEOUT_MS)
    page.wait_for_selector(".turn.user.held .chips .chip >> nth=6")
    assert page.locator(".turn.partner[data-turn='0']").count() == 0
    type_line(page, "Maya, I'd like us to wash our own dishes the same evening we use them.")
    page.wait_for_selector(".turn.user.replaced", timeout=TURN_TIMEOUT_MS)
    page.wait_for_selector("#held-box:not([hidden])", timeout=TURN_TIMEOUT_MS)
    shot(page, "08-practice-held")
    page.click("#btn-send")
    page.wait_for_selector(".turn.partner[data-turn='0'] .said:not(:empty)", timeout=TURN_TIMEOUT_MS)
    assert page.is_hidden("#held-box")
    assert page.errors == []


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium")
def test_html_in_a_line_is_shown_as_text(page: Any) -> None:
    """A typed `<img onerror>` line appears literally and never becomes markup."""
    payload = "<img src=x onerror=alert(1)>"
    choose(page, input_mode="text")
    start_scenario(page)
    type_line(page, payload)
    page.wait_for_selector(".turn.user[data-turn='0'] .chips .chip >> nth=6", timeout=TURN_TIMEOUT_MS)
    assert page.inner_text(".turn.user[data-turn='0'] .said") == payload
    assert page.locator("#transcript img, #coach img").count() == 0
    assert page.inner_text("#coach-line") == payload
    page.wait_for_timeout(300)
    shot(page, "09-injection")
    assert page.dialogs == [] and page.errors == []


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium")
def test_safety_pause_shows_resources_and_resumes(page: Any) -> None:
    """A crisis line pauses the role-play behind a dialog with resources; Resume continues it."""
    choose(page, input_mode="text")
    start_scenario(page)
    type_line(page, "Honestly I want to kill myself, I can't do this anymore.")
    page.wait_for_selector("#safety[open] #safety-resources li", timeout=TURN_TIMEOUT_MS)
    assert page.evaluate("document.activeElement.id") == "safety-resume"
    assert page.inner_text("#state-pill") == "Paused"
    shot(page, "10-safety")
    page.click("#safety-resume")
    page.wait_for_selector("#safety:not([open])", state="attached")
    type_line(page, "Maya, I'd like us to wash our dishes the same day we use them.")
    page.wait_for_selector(".turn.partner[data-turn='1'] .said:not(:empty)", timeout=TURN_TIMEOUT_MS)
    assert page.errors == []


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium")
def test_keyboard_only_rehearsal(page: Any) -> None:
    """Tab, arrows, space and Enter alone pick a scenario, check in, talk, open the reference and end."""
    kb = page.keyboard

    def focused() -> dict[str, Any]:
        return page.evaluate("""() => { const a = document.activeElement; const s = getComputedStyle(a);
            return {id: a.id, tag: a.tagName, name: a.name || '', value: a.value || '', text: a.textContent.trim(),
                    outline: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth)}; }""")

    def tab_until(predicate: Any, limit: int = 60) -> dict[str, Any]:
        for _ in range(limit):
            kb.press("Tab")
            info = focused()
            if predicate(info):
                return info
        raise AssertionError("focus never reached the wanted control")

    info = tab_until(lambda f: f["name"] == "input")  # the "How you talk" radio group
    assert info["outline"] != "none" and info["outlineWidth"] >= 2, info  # focus is visible
    for _ in range(2):
        kb.press("ArrowDown")
    assert focused()["value"] == "text"
    tab_until(lambda f: f["tag"] == "BUTTON" and f["text"].startswith("Rehearse") and "wash up" in f["text"])
    kb.press("Enter")
    page.wait_for_selector("#screen-checkin:not([hidden])")
    tab_until(lambda f: f["name"] == "ci-angry")
    kb.press("ArrowRight")  # radio groups move and check with the arrows
    kb.press("ArrowRight")
    assert page.is_checked("input[name=ci-angry][value='3']") or page.is_checked("input[name=ci-angry][value='2']")
    tab_until(lambda f: f["id"] == "checkin-submit")
    kb.press("Enter")
    page.wait_for_selector(".turn.partner[data-turn='-1'] .said:not(:empty)", timeout=TURN_TIMEOUT_MS)
    tab_until(lambda f: f["id"] == "text-input")
    kb.type("Maya, I'd like us to wash our dishes the same day we use them.")
    kb.press("Enter")
    page.wait_for_selector(".turn.user[data-turn='0'] .chips .chip >> nth=6", timeout=TURN_TIMEOUT_MS)
    live = page.inner_text("#feedback-live")
    assert live.startswith("Feedback ready"), live
    assert page.get_attribute("#transcript", "aria-live") == "polite"

    tab_until(lambda f: f["id"] == "nav-reference")
    kb.press("Enter")
    page.wait_for_selector("#reference[open]")
    kb.press("Tab")  # from the Close button to the selected skill tab
    kb.press("ArrowRight")
    assert page.get_attribute("#reference-tabs [aria-selected=true]", "data-skill") != "describe"
    shot(page, "11-keyboard-reference")
    kb.press("Escape")
    page.wait_for_selector("#reference:not([open])", state="attached")

    tab_until(lambda f: f["id"] == "nav-presenter")
    kb.press("Enter")
    assert page.evaluate("document.body.classList.contains('presenter')")
    shot(page, "12-presenter")
    tab_until(lambda f: f["id"] == "btn-end")
    kb.press("Enter")
    page.wait_for_selector("#screen-checkin:not([hidden])")
    tab_until(lambda f: f["id"] == "checkin-skip")
    kb.press("Enter")
    page.wait_for_selector("#screen-summary:not([hidden])", timeout=TURN_TIMEOUT_MS)
    assert page.evaluate("document.activeElement.id") == "summary-title"
    shot(page, "13-summary-keyboard")
    assert page.errors == []


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium")
def test_push_to_talk_turn(page: Any) -> None:
    """Holding the talk button while the clip plays makes exactly that audio one turn."""
    choose(page, input_mode="ptt")
    page.click(f".scenario-item[data-id='{SCENARIO}'] button")
    page.click("#checkin-skip")
    page.wait_for_selector("#btn-ptt:not([hidden])")
    wait_js(page, "window.voiceCoach.session !== null")
    box = page.locator("#btn-ptt").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    assert page.get_attribute("#btn-ptt", "aria-pressed") == "true"
    page.wait_for_timeout(5_000)  # the clip: 1 s of silence, then 3.3 s of speech
    page.mouse.up()
    page.wait_for_selector(".turn.user[data-source=voice]", timeout=TURN_TIMEOUT_MS)
    expected = words(json.loads((LIBRIVOX / "transcripts.json").read_text())[CLIP])
    heard = words(page.inner_text(".turn.user[data-source=voice] .said"))
    assert sum(w in heard for w in expected) >= 0.8 * len(expected), heard
    assert page.get_attribute("#btn-ptt", "aria-pressed") == "false"
    assert page.errors == []


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium")
def test_refused_microphone_falls_back_to_typing(browser: Any, base_url: str) -> None:
    """A refused microphone gives a clear message and the rehearsal continues by typing."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script("""navigator.mediaDevices.getUserMedia = () =>
        Promise.reject(new DOMException("denied", "NotAllowedError"));""")
    pg = context.new_page()
    pg.goto(base_url + "/")
    pg.wait_for_selector("body[data-ready=true]")
    choose(pg, input_mode="handsfree")
    start_scenario(pg)
    assert pg.is_visible("#banner") and "permission" in pg.inner_text("#banner-text").lower()
    assert pg.is_hidden("#btn-mic")
    type_line(pg, "Maya, I'd like us to wash our dishes the same day we use them.")
    pg.wait_for_selector(".turn.partner[data-turn='0'] .said:not(:empty)", timeout=TURN_TIMEOUT_MS)
    shot(pg, "14-mic-refused")
    context.close()


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium")
def test_reconnects_after_the_connection_drops(page: Any) -> None:
    """A dropped WebSocket shows the problem, reconnects with backoff and starts a fresh rehearsal."""
    choose(page, input_mode="text")
    start_scenario(page)
    first = page.evaluate("window.voiceCoach.session.session_id")
    page.evaluate("window.voiceCoach.conn.ws.close()")
    page.wait_for_selector("#conn-status[data-conn=lost]")
    assert "reconnecting" in page.inner_text("#conn-status").lower()
    assert not page.is_hidden("#banner")
    shot(page, "15-reconnecting")
    page.wait_for_selector(".turn.divider", timeout=10_000)
    wait_js(page, f"window.voiceCoach.session.session_id !== {json.dumps(first)}", 10_000)
    assert page.inner_text("#conn-status") == "Connected"
    page.wait_for_selector(".turn.partner[data-turn='-1'] .said:not(:empty)", timeout=TURN_TIMEOUT_MS)
    assert page.locator(".turn.partner[data-prev-turn='-1']").count() == 1
    type_line(page, "Maya, I'd like us to wash our dishes the same day we use them.")
    page.wait_for_selector(".turn.user .chips .chip >> nth=6", timeout=TURN_TIMEOUT_MS)
    assert page.errors == []
