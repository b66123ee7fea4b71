"""The browser app end to end: real headless Chromium against the real server (real STT and TTS).

Chromium's fake microphone plays a real LibriVox recording (with silence appended so the turn
ends); the page must transcribe it, show the counterpart's reply, play its audio and render the
DEAR MAN feedback. Screenshots of every screen go to tests/artifacts/.
"""

from __future__ import annotations

import json
import os
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
# CI installs Chromium (make test): there a missing browser is a failure, not a skip.
if os.environ.get("CI") and not CHROMIUM.exists():
    raise RuntimeError("CI must install Debian's chromium (make system-deps) for the browser tests")
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
    """web/checkin.json lists exactly the items and directions of voice_coach.conversation.checkin."""
    from voice_coach.conversation.checkin import ITEMS, LOWER_IS_BETTER

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
    from voice_coach.server.app import create_app
    from voice_coach.conversation.session import Services

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
    pg.on("console", lambda msg: pg.errors.append(msg.text) if msg.type == "error" else None)
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
    # The voice's Confident reading came as a second feedback event and replaced the text one in place.
    assert page.get_attribute(f".turn.user[data-turn='{turn}']", "data-feedback-version") == "2"
    assert "voice" in page.get_attribute("#coach-chips .chip[data-skill=confident]", "data-source")
    assert "voice" in page.get_attribute(f".turn.user[data-turn='{turn}'] .chip[data-skill=confident]", "data-source")
    assert page.locator(f".turn.user[data-turn='{turn}'] .chips").count() == 1
    assert page.inner_text("#feedback-live").startswith("Feedback updated")
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
def test_safety_check_in_asks_once_beside_the_conversation_and_continues(page: Any) -> None:
    """A possible-risk line shows the check-in panel (not the pause dialog); "I'm OK, continue" goes on."""
    choose(page, input_mode="text")
    start_scenario(page)
    type_line(page, "Honestly I don't see the point of being around anymore.")
    page.wait_for_selector("#checkin-safety:not([hidden]) #checkin-safety-resources li", timeout=TURN_TIMEOUT_MS)
    assert "safe" in page.inner_text("#checkin-safety-message")
    assert page.evaluate("document.activeElement.id") == "checkin-safety-continue"
    assert not page.evaluate("document.getElementById('safety').open")  # the role-play is not paused
    assert page.inner_text("#state-pill") != "Paused"
    assert page.locator(".turn.partner[data-turn='0']").count() == 0  # no reply to the flagged line
    shot(page, "10b-safety-check-in")
    page.click("#checkin-safety-continue")
    page.wait_for_selector("#checkin-safety[hidden]", state="attached")
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

    tab_until(lambda f: f["id"] == "nav-therapist")
    kb.press("Enter")
    assert page.evaluate("document.body.classList.contains('therapist')")
    shot(page, "12-therapist-keyboard")
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


# ----------------------------------------------------------------------------- history, custom scenarios, redo

def api_json(base_url: str, path: str) -> Any:
    """GET one JSON endpoint of the server under test."""
    import httpx

    response = httpx.get(base_url + path, timeout=10)
    assert response.status_code == 200, (path, response.status_code, response.text[:200])
    return response.json()


def send_and_wait(pg: Any, text: str, turn: int) -> None:
    """Type a line and wait until its reply is complete (the redo button needs a finished exchange)."""
    type_line(pg, text)
    # The feedback itself, not its chips: therapist mode keeps the chips hidden until revealed.
    wait_js(pg, f"Boolean(window.voiceCoach.turns.get({turn}) && window.voiceCoach.turns.get({turn}).feedback)")
    pg.wait_for_selector(f".turn.partner[data-turn='{turn}'] .said:not(:empty)", timeout=TURN_TIMEOUT_MS)
    wait_js(pg, f"window.voiceCoach.turns.get({turn}) && window.voiceCoach.turns.get({turn}).done === true")


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium")
def test_custom_scenario_from_the_form_is_rehearsed_by_typing(page: Any, base_url: str) -> None:
    """The form explains a 422 and a network failure, then creates a scenario that is rehearsed by typing."""
    choose(page, input_mode="text")
    page.wait_for_selector("#custom-section:not([hidden])")
    # Too short for the server: the 422 is shown next to the field, and the page stays on the picker.
    page.fill("#custom-situation", "Dishes.")
    page.fill("#custom-goal", "A fair plan")
    page.click("#custom-submit")
    page.wait_for_selector("#custom-situation-error:not([hidden])")
    assert "at least 10 characters" in page.inner_text("#custom-situation-error")
    assert page.get_attribute("#custom-situation", "aria-invalid") == "true"
    assert page.evaluate("document.activeElement.id") == "custom-situation"
    assert "fix the marked fields" in page.inner_text("#custom-status")
    assert page.is_visible("#screen-pick")
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("#custom-section").screenshot(path=str(ARTIFACTS / "17-custom-errors.png"))

    # The server cannot be reached: a clear message, nothing created.
    page.route("**/api/scenarios", lambda route: route.abort() if route.request.method == "POST" else route.continue_())
    page.fill("#custom-situation", "My brother Sam borrowed my car last weekend and brought it back with an empty "
                                   "tank and a new dent in the bumper.")
    page.fill("#custom-goal", "Agree that he pays for the repair and refuels the car next time.")
    page.fill("#custom-name", "Sam")
    page.fill("#custom-relationship", "younger brother")
    page.select_option("#custom-difficulty", "3")
    page.click("#custom-submit")
    wait_js(page, "document.getElementById('custom-status').dataset.kind === 'error'", 10_000)
    assert "could not reach the server" in page.inner_text("#custom-status").lower()
    assert page.is_hidden("#custom-situation-error")
    page.unroute("**/api/scenarios")

    page.click("#custom-submit")
    page.wait_for_selector("#screen-checkin:not([hidden])", timeout=TURN_TIMEOUT_MS)
    created = page.evaluate("window.voiceCoach.scenario")
    assert created["category"] == "custom" and created["difficulty"] == 3
    assert any(s["id"] == created["id"] for s in api_json(base_url, "/api/scenarios"))
    page.click("#checkin-skip")
    page.wait_for_selector(".turn.partner[data-turn='-1'] .said:not(:empty)", timeout=TURN_TIMEOUT_MS)
    assert "Sam" in page.inner_text("#sc-counterpart")
    assert "dent" in page.inner_text("#sc-situation")
    send_and_wait(page, "Sam, the car came back with an empty tank and a dent. "
                        "I'd like you to pay for the repair and fill it up next time.", 0)
    assert page.locator(".turn.user[data-turn='0'] .chips .chip").count() == 7
    shot(page, "17-custom")
    assert page.evaluate("window.voiceCoach.session.scenario_id") == created["id"]
    # The 422 and the aborted request were provoked on purpose above; nothing else may be logged.
    expected = ("HTTP 422", "status of 422", "net::ERR_FAILED")
    assert [e for e in page.errors if not any(x in e for x in expected)] == []


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium")
def test_redo_takes_back_the_last_exchange(page: Any, base_url: str) -> None:
    """Redo (button, then Alt+R in therapist mode) removes the last exchange from the page and the store."""
    choose(page, input_mode="text")
    page.uncheck("#opt-speak")  # silent replies: typing the next line does not cut a reply short
    start_scenario(page)
    assert page.is_visible("#btn-redo") and page.is_disabled("#btn-redo")  # nothing to take back yet
    first = "Maya, the pots stayed in the sink for three days this week."
    second = "um so like maybe you could do them sometimes?"
    send_and_wait(page, first, 0)
    send_and_wait(page, second, 1)
    session_id = page.evaluate("window.voiceCoach.session.session_id")
    wait_js(page, "!document.getElementById('btn-redo').disabled")
    page.click("#btn-redo")
    page.wait_for_selector(".turn[data-turn='1']", state="detached", timeout=TURN_TIMEOUT_MS)
    assert page.locator(".turn.user[data-turn='0']").count() == 1
    assert page.locator(".turn.partner[data-turn='0']").count() == 1
    assert page.input_value("#text-input") == second  # back in the box to be reworded
    assert page.inner_text("#coach-line") == first  # the coaching shows the line that is still there
    deadline = time.monotonic() + 10
    while [t["index"] for t in api_json(base_url, f"/api/sessions/{session_id}")["turns"]] != [0]:
        assert time.monotonic() < deadline, api_json(base_url, f"/api/sessions/{session_id}")["turns"]
        time.sleep(0.2)

    # Therapist mode, keyboard only: the shortcut is documented in the page's help and works the same.
    page.click("#nav-therapist")
    page.click("#shortcuts summary")
    help_text = page.inner_text("#shortcuts dl")
    assert "Alt" in help_text and "Redo your last turn" in help_text
    reworded = "Maya, I'd like us to wash our dishes the same day we use them. Would that work for you?"
    send_and_wait(page, reworded, 1)
    assert page.inner_text(".turn.user[data-turn='1'] .said") == reworded
    page.focus("#text-input")
    page.keyboard.press("Alt+r")
    page.wait_for_selector(".turn[data-turn='1']", state="detached", timeout=TURN_TIMEOUT_MS)
    assert page.input_value("#text-input") == reworded
    assert "taken back" in page.inner_text("#feedback-live")
    shot(page, "18-redo")
    deadline = time.monotonic() + 10
    while len(api_json(base_url, f"/api/sessions/{session_id}")["turns"]) != 1:
        assert time.monotonic() < deadline
        time.sleep(0.2)
    assert page.errors == []


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium")
def test_history_lists_a_finished_session_with_summary_report_and_progress(page: Any, base_url: str) -> None:
    """A finished rehearsal appears in the history; its summary, report and the progress view all render."""
    import httpx

    choose(page, input_mode="text")
    start_scenario(page, {"angry": 5, "afraid": 4, "confident": 2, "hopeful": 3})
    send_and_wait(page, "Maya, the pots stayed in the sink for three days. I'd like us to wash our dishes "
                        "the same day we use them. Would that work for you?", 0)
    session_id = page.evaluate("window.voiceCoach.session.session_id")
    page.click("#btn-end")
    page.wait_for_selector("#screen-checkin:not([hidden])")
    for item, value in {"angry": 3, "afraid": 3, "confident": 4, "hopeful": 5}.items():
        page.check(f"input[name=ci-{item}][value='{value}']")
    page.click("#checkin-submit")
    page.wait_for_selector("#screen-summary:not([hidden])", timeout=TURN_TIMEOUT_MS)
    live_report = page.get_attribute("#summary-report", "href")
    assert page.is_visible("#summary-report") and session_id in live_report

    page.click("#btn-summary-history")
    item = f".history-item[data-id='{session_id}']"
    page.wait_for_selector(item, timeout=10_000)
    assert page.locator(".history-item").first.get_attribute("data-id") == session_id  # newest first
    text = page.inner_text(item)
    title = next(s["title"] for s in api_json(base_url, "/api/scenarios") if s["id"] == SCENARIO)
    assert title in text, text
    assert "1 line" in text and "You ended it" in text and "typed" in text and "flow mode" in text
    # Progress: one small chart per skill over the sessions, and the check-in items before and after.
    assert page.locator("#progress-skills figure.skill-progress svg").count() == 7
    progress = api_json(base_url, "/api/progress?format=json")
    assert page.locator("#progress-skills figure[data-skill=describe] circle.point").count() == sum(
        v is not None for v in progress["skills"]["describe"]["shares"])
    assert page.locator("#progress-checkins tbody tr").count() == len(progress["checkins"]) >= 4
    angry = page.inner_text("#progress-checkins tr[data-item=angry]")
    assert "better" in angry, angry  # 5 -> 3 is the only paired answer for "angry"
    numbered = {h["id"]: h["n"] for h in progress["history"]}
    assert page.inner_text(f"{item} h4").startswith(f"{numbered[session_id]}. ")
    shot(page, "16-history")

    report_href = page.get_attribute(f"{item} a.report-link", "href")
    assert page.get_attribute(f"{item} a.report-link", "target") == "_blank"
    report = httpx.get(base_url + report_href, timeout=10)
    assert report.status_code == 200 and "<svg" in report.text
    with page.context.expect_page() as popup:
        page.click(f"{item} a.report-link")
    report_page = popup.value
    report_page.wait_for_load_state()
    assert f"/api/sessions/{session_id}/report" in report_page.url
    assert report_page.locator("svg").count() >= 1
    shot(report_page, "20-report")
    report_page.close()

    page.click(f"{item} button.open-summary")
    page.wait_for_selector("#screen-summary:not([hidden])")
    wait_js(page, "document.getElementById('summary-context').textContent.length > 0", 5_000)
    assert page.locator("#summary-chart svg rect.bar").count() == 7
    assert page.locator("#summary-change tbody tr").count() == 4
    assert "better" in page.inner_text("#summary-change")
    assert page.inner_text("#summary-well").strip() and page.inner_text("#summary-next").strip()
    assert page.get_attribute("#summary-report", "href") == report_href
    assert page.is_visible("#btn-summary-back")
    shot(page, "19-history-summary")
    page.click("#btn-summary-back")
    page.wait_for_selector(f"#screen-history:not([hidden]) {item}")
    assert page.errors == []


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium")
def test_shared_reports_keep_their_styles(browser: Any, base_url: str) -> None:
    """The report and progress pages opened from the history render with their own styles (no CSP refusal)."""
    paths = ["/api/progress?format=html"]
    paths += [f"/api/sessions/{s['id']}/report?format=html" for s in api_json(base_url, "/api/sessions?limit=1")]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    refused: list[str] = []
    pg.on("console", lambda msg: refused.append(msg.text) if "Content Security Policy" in msg.text else None)
    for path in paths:
        pg.goto(base_url + path)
        pg.wait_for_load_state()
    context.close()
    assert refused == []


# ----------------------------------------------------------------------------- layout, states, therapist mode

def open_page(browser: Any, base_url: str, *, width: int, height: int, path: str = "/",
              init_script: str | None = None) -> tuple[Any, Any]:
    """A new context and page at a given viewport, recording page errors, console errors and HTTP errors."""
    context = browser.new_context(viewport={"width": width, "height": height})
    if init_script:
        context.add_init_script(init_script)
    pg = context.new_page()
    pg.errors = []  # type: ignore[attr-defined]
    pg.on("pageerror", lambda exc: pg.errors.append(str(exc)))
    pg.on("console", lambda msg: pg.errors.append(msg.text) if msg.type == "error" else None)
    pg.on("response", lambda r: pg.errors.append(f"HTTP {r.status} {r.url}") if r.status >= 400 else None)
    pg.goto(base_url + path)
    pg.wait_for_selector("body[data-ready=true]", timeout=15_000)
    return context, pg


def view_shot(pg: Any, name: str) -> None:
    """Save what is on the screen (not the whole page) under tests/artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"{name}.png"))


# True when the element is entirely inside the conversation box and inside the window.
IN_CONVERSATION_VIEW = """(sel) => {
  const el = document.querySelector(sel);
  if (!el) return false;
  const r = el.getBoundingClientRect();
  const box = document.getElementById('transcript').getBoundingClientRect();
  return r.height > 0 && r.top >= box.top - 1 && r.bottom <= box.bottom + 1 && r.top >= 0 && r.bottom <= innerHeight;
}"""
NEWEST = "#transcript > li:last-child"
RECTS = """(sel) => { const r = document.querySelector(sel).getBoundingClientRect();
  const l = document.getElementById('transcript'); const b = l.getBoundingClientRect();
  return {item: [r.top, r.bottom], box: [b.top, b.bottom], window: innerHeight, scrollY,
          scroll: [l.scrollTop, l.scrollHeight, l.clientHeight]}; }"""

# Elements that reach past the window's sides (boxes that scroll sideways on their own excepted).
TOO_WIDE = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width <= 1 || r.height <= 1) continue;  // hidden, or visually hidden for screen readers
    if (getComputedStyle(el).visibility === 'hidden' || r.right < 0) continue;  // the skip link waits off screen
    let scrolls = false;
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(a).overflowX)) { scrolls = true; break; }
    }
    if (!scrolls && (r.right > width + 0.5 || r.left < -0.5)) {
      out.push(`${el.tagName.toLowerCase()}#${el.id}.${el.className} ${Math.round(r.left)}..${Math.round(r.right)}`);
    }
  }
  return {page: document.documentElement.scrollWidth, wide: out.slice(0, 8)};
}"""

# Visible controls smaller than 24 x 24 px (WCAG 2.5.8); visually hidden radio inputs sit under big labels.
SMALL_TARGETS = """() => {
  const out = [];
  for (const el of document.querySelectorAll('button, select, input, textarea, summary, a.button-link, [role=tab]')) {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    if (r.width === 0 || r.height === 0 || s.visibility === 'hidden' || s.opacity === '0' || el.closest('.sr-only')) continue;
    if (r.width < 24 || r.height < 24) out.push(`${el.tagName.toLowerCase()}#${el.id}.${el.className} ${r.width.toFixed(0)}x${r.height.toFixed(0)}`);
  }
  return out;
}"""


def assert_fits_phone(pg: Any, screen: str) -> None:
    """Nothing wider than the 390 px window, and every control at least 24 x 24 px."""
    wide = pg.evaluate(TOO_WIDE)
    assert wide["page"] <= 390 and wide["wide"] == [], (screen, wide)
    assert pg.evaluate(SMALL_TARGETS) == [], screen


def bottom_of(pg: Any, selector: str) -> float:
    """Distance from the top of the page to the bottom of an element, in CSS px."""
    return float(pg.evaluate(f"(() => {{ const r = document.querySelector({json.dumps(selector)})"
                             f".getBoundingClientRect(); return r.bottom + scrollY; }})()"))


def in_window(pg: Any, selector: str) -> bool:
    """The element is visible and entirely inside the window without scrolling the page."""
    return bool(pg.evaluate(f"""(() => {{ const el = document.querySelector({json.dumps(selector)});
        if (!el) return false; const r = el.getBoundingClientRect();
        return r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight
            && r.right <= innerWidth && scrollY === 0; }})()"""))


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium")
def test_newest_item_stays_in_view_after_barge_in_and_chips(browser: Any, base_url: str) -> None:
    """The conversation follows its newest item (barge-in note, late chips); scrolled up, a jump button appears."""
    context, pg = open_page(browser, base_url, width=1280, height=600)
    choose(pg, input_mode="handsfree")
    pg.click(f".scenario-item[data-id='{SCENARIO}'] button")
    pg.click("#checkin-skip")
    # The fake microphone starts talking while the opening line is spoken: a barge-in.
    pg.wait_for_selector(".turn.partner[data-turn='-1'] .cut-note", timeout=TURN_TIMEOUT_MS)
    pg.wait_for_timeout(150)
    assert pg.evaluate(IN_CONVERSATION_VIEW, NEWEST)
    pg.wait_for_selector(".turn.user[data-source=voice]", timeout=TURN_TIMEOUT_MS)
    turn = pg.get_attribute(".turn.user[data-source=voice]", "data-turn")
    pg.wait_for_selector(f".turn.partner[data-turn='{turn}'] .said:not(:empty)", timeout=TURN_TIMEOUT_MS)
    # The chips come after the reply, and again when the voice's reading replaces them.
    wait_js(pg, f"document.querySelector(\".turn.user[data-turn='{turn}']\").dataset.feedbackVersion === '2'")
    pg.wait_for_timeout(150)
    assert pg.evaluate(IN_CONVERSATION_VIEW, NEWEST), pg.evaluate(RECTS, NEWEST)
    assert pg.evaluate(IN_CONVERSATION_VIEW, f".turn.partner[data-turn='{turn}']")
    send_and_wait(pg, "Maya, I'd like us to wash our dishes the same day we use them.", int(turn) + 1)
    pg.wait_for_timeout(150)
    assert pg.evaluate("(() => { const l = document.getElementById('transcript');"
                       " return l.scrollHeight > l.clientHeight; })()"), "the conversation must overflow its box"
    assert pg.evaluate(IN_CONVERSATION_VIEW, NEWEST)
    view_shot(pg, "30-follows-newest")

    # Scrolled up to reread: new items do not yank the view, a button offers the way back.
    pg.evaluate("document.getElementById('transcript').scrollTop = 0")
    pg.wait_for_timeout(200)
    send_and_wait(pg, "Can we agree on that tonight?", int(turn) + 2)
    assert not pg.evaluate(IN_CONVERSATION_VIEW, NEWEST)
    assert pg.is_visible("#jump-latest")
    view_shot(pg, "31-new-messages")
    pg.click("#jump-latest")
    pg.wait_for_timeout(150)
    assert pg.evaluate(IN_CONVERSATION_VIEW, NEWEST) and pg.is_hidden("#jump-latest")
    assert pg.errors == []
    context.close()


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium")
def test_phone_layout_fits_390_wide_with_mic_and_reply_on_the_first_screen(browser: Any, base_url: str) -> None:
    """At 390x844 no screen scrolls sideways, targets are >= 24 px, mic and latest reply are on the first screen."""
    context, pg = open_page(browser, base_url, width=390, height=844)
    assert_fits_phone(pg, "pick")
    view_shot(pg, "21-phone-pick")
    choose(pg, input_mode="handsfree")
    pg.click(f".scenario-item[data-id='{SCENARIO}'] button")
    pg.wait_for_selector("#screen-checkin:not([hidden])")
    assert_fits_phone(pg, "check-in")
    pg.click("#checkin-skip")
    pg.wait_for_selector(".turn.user[data-source=voice]", timeout=TURN_TIMEOUT_MS)
    turn = pg.get_attribute(".turn.user[data-source=voice]", "data-turn")
    pg.wait_for_selector(f".turn.partner[data-turn='{turn}'] .said:not(:empty)", timeout=TURN_TIMEOUT_MS)
    pg.wait_for_selector(f".turn.user[data-turn='{turn}'] .chips .chip >> nth=6", timeout=TURN_TIMEOUT_MS)
    pg.evaluate("window.scrollTo(0, 0)")
    pg.wait_for_timeout(200)
    assert_fits_phone(pg, "talk")
    assert bottom_of(pg, "#btn-mic") <= 844
    assert bottom_of(pg, f".turn.partner[data-turn='{turn}']") <= 844
    assert pg.evaluate(IN_CONVERSATION_VIEW, f".turn.partner[data-turn='{turn}']")
    view_shot(pg, "22-phone-talk")
    # Coaching is one tap away.
    assert pg.is_hidden("#coach-chips")
    pg.click("#tab-coaching")
    assert pg.get_attribute("#tab-coaching", "aria-selected") == "true"
    assert pg.is_visible("#coach-chips") and bottom_of(pg, "#coach-suggestion") <= 844
    assert_fits_phone(pg, "coaching")
    view_shot(pg, "23-phone-coaching")
    pg.click("#tab-conversation")
    pg.click("#nav-reference")
    pg.wait_for_selector("#reference[open]")
    assert_fits_phone(pg, "reference")
    pg.click("#reference-close")
    pg.click("#btn-end")
    pg.wait_for_selector("#screen-checkin:not([hidden])")
    pg.click("#checkin-skip")
    pg.wait_for_selector("#screen-summary:not([hidden])", timeout=TURN_TIMEOUT_MS)
    assert_fits_phone(pg, "summary")
    shot(pg, "24-phone-summary")
    pg.click("#btn-summary-history")
    pg.wait_for_selector("body[data-history-loaded=true]", timeout=10_000)
    pg.wait_for_selector(".history-item")
    assert_fits_phone(pg, "history")
    shot(pg, "25-phone-history")
    assert pg.errors == []
    context.close()


# Records, on every change, whether the state pill and the microphone button show the same state.
WATCH_STATES = """() => {
  const pill = document.getElementById('state-pill');
  const mic = document.getElementById('btn-mic');
  window.stateLog = [];
  const check = () => window.stateLog.push({pill: pill.dataset.state, mic: mic.dataset.state,
    pillText: pill.textContent, micText: document.getElementById('mic-state').textContent,
    pressed: mic.getAttribute('aria-pressed'), name: mic.querySelector('.btn-name').textContent});
  const opts = {attributes: true, childList: true, characterData: true, subtree: true};
  new MutationObserver(check).observe(pill, opts);
  new MutationObserver(check).observe(mic, opts);
}"""


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium")
def test_state_pill_and_mic_button_agree_in_every_state(page: Any) -> None:
    """Listening, thinking, speaking, microphone off and paused read the same in the pill and on the button."""
    choose(page, input_mode="handsfree")
    page.evaluate(WATCH_STATES)
    page.click(f".scenario-item[data-id='{SCENARIO}'] button")
    page.click("#checkin-skip")
    page.wait_for_selector(".turn.user[data-source=voice]", timeout=TURN_TIMEOUT_MS)
    turn = page.get_attribute(".turn.user[data-source=voice]", "data-turn")
    wait_js(page, f"(window.voiceCoach.player.startedByTurn[{turn}] || 0) > 0")
    wait_js(page, "!window.voiceCoach.player.playing")
    page.click("#btn-mic")
    assert page.get_attribute("#btn-mic", "aria-pressed") == "false"
    assert page.inner_text("#state-pill") == "Microphone off"
    page.click("#btn-mic")
    page.click("#btn-pause")
    assert page.inner_text("#state-pill") == "Paused"
    page.click("#btn-pause")
    log = page.evaluate("window.stateLog")
    disagree = [e for e in log if e["pill"] != e["mic"] or e["pillText"] != e["micText"]]
    assert disagree == [], disagree[:5]
    seen = {e["pill"] for e in log}
    assert {"listening", "thinking", "speaking", "mic-off", "paused"} <= seen, seen
    # A toggle keeps its name: only aria-pressed and the state line change.
    assert {e["name"] for e in log} == {"Microphone"}
    assert {e["pressed"] for e in log if e["pill"] == "mic-off"} == {"false"}
    assert page.errors == []


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium")
def test_microphone_can_be_tried_again_after_a_refusal(browser: Any, base_url: str) -> None:
    """After a refused microphone the rehearsal goes on by typing, and "Try the microphone again" brings it back."""
    script = """const realGetUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
        window.allowMicrophone = () => { navigator.mediaDevices.getUserMedia = realGetUserMedia; };
        navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException("denied", "NotAllowedError"));"""
    context, pg = open_page(browser, base_url, width=1280, height=900, init_script=script)
    choose(pg, input_mode="handsfree")
    start_scenario(pg)
    assert pg.is_visible("#btn-mic-retry") and pg.is_hidden("#btn-mic")
    assert pg.inner_text("#banner-action") == "Try the microphone again"
    # The opening line may still be playing ("Speaking"); once it ends, the turn is the person's, by typing.
    # (polled from here: the page's CSP forbids the eval that wait_for_function's polling uses)
    deadline = time.monotonic() + TURN_TIMEOUT_MS / 1000
    while pg.inner_text("#state-pill") != "Your turn: type a line" and time.monotonic() < deadline:
        pg.wait_for_timeout(100)
    assert pg.inner_text("#state-pill") == "Your turn: type a line"
    pg.click("#btn-mic-retry")  # still refused: still typing, still offered
    pg.wait_for_timeout(200)
    assert pg.is_visible("#btn-mic-retry")
    pg.evaluate("window.allowMicrophone()")
    pg.click("#btn-mic-retry")
    pg.wait_for_selector("#btn-mic:not([hidden])")
    assert pg.is_hidden("#btn-mic-retry") and pg.is_hidden("#banner")
    pg.wait_for_selector(".turn.user[data-source=voice]", timeout=TURN_TIMEOUT_MS)  # the fake mic's clip
    shot(pg, "14-mic-again")
    assert [e for e in pg.errors if "NotAllowedError" not in e] == []
    context.close()


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium")
def test_therapist_mode_fits_720p_hides_feedback_until_revealed_and_keeps_notes(browser: Any, base_url: str) -> None:
    """?mode=therapist at 1280x720: no page scrolling, feedback revealed per line (button or F), pause for
    discussion, notes kept through the summary, export and report, and the mode is remembered."""
    import httpx

    context, pg = open_page(browser, base_url, width=1280, height=720, path="/?mode=therapist")
    assert pg.evaluate("document.body.classList.contains('therapist')")
    assert pg.get_attribute("#nav-therapist", "aria-pressed") == "true"
    choose(pg, input_mode="text")
    start_scenario(pg, {"angry": 5, "afraid": 4, "confident": 2, "hopeful": 3})

    def fits() -> None:
        assert pg.evaluate("document.documentElement.scrollHeight") <= 720
        for selector in ("#transcript", "#coach-heading", "#btn-end", "#btn-pause", "#text-input", "#text-send",
                         "#state-pill", NEWEST):
            assert in_window(pg, selector), selector

    fits()
    send_and_wait(pg, "Maya, the pots stayed in the sink for three days this week.", 0)
    assert pg.locator(".turn.user[data-turn='0'] .chips").count() == 0
    assert pg.is_visible(".turn.user[data-turn='0'] .reveal")
    assert pg.is_visible("#coach-hidden") and pg.is_hidden("#coach-body")
    assert "hidden" in pg.inner_text("#feedback-live")
    fits()
    view_shot(pg, "26-therapist-hidden")
    pg.click("#transcript-heading")  # out of the text box, so F is a shortcut and not a letter
    pg.keyboard.press("f")
    assert pg.locator(".turn.user[data-turn='0'] .chips .chip").count() == 7
    assert pg.is_visible("#coach-chips") and in_window(pg, "#coach-chips") and in_window(pg, "#coach-suggestion")
    note = "Named the facts well; ask for the plan next."
    pg.fill("#note-input", note)
    pg.click("#note-save")
    pg.wait_for_selector("#note-status:has-text('Note saved')")
    assert note in pg.inner_text(".turn.user[data-turn='0'] .line-note")

    send_and_wait(pg, "I'd like us to wash our dishes the same day we use them.", 1)
    assert pg.is_visible(".turn.user[data-turn='1'] .reveal") and pg.is_enabled("#btn-reveal-all")
    pg.click("#btn-reveal-all")
    assert pg.locator(".turn.user[data-turn='1'] .chips .chip").count() == 7
    assert pg.is_disabled("#btn-reveal-all")
    # Pause for discussion: the counterpart falls silent and the session stays open.
    pg.click("#btn-pause")
    assert pg.inner_text("#state-pill") == "Paused for discussion"
    assert pg.get_attribute("#btn-pause", "aria-pressed") == "true"
    assert pg.evaluate("window.voiceCoach.player.muted && window.voiceCoach.conn.open && !window.voiceCoach.endedSummary")
    pg.click("#btn-pause")
    assert pg.inner_text("#state-pill") != "Paused for discussion"
    fits()
    view_shot(pg, "27-therapist-revealed")
    session_id = pg.evaluate("window.voiceCoach.session.session_id")

    pg.click("#btn-end")
    pg.wait_for_selector("#screen-checkin:not([hidden])")
    for item, value in {"angry": 3, "afraid": 3, "confident": 4, "hopeful": 5}.items():
        pg.check(f"input[name=ci-{item}][value='{value}']")
    pg.click("#checkin-submit")
    pg.wait_for_selector("#screen-summary:not([hidden])", timeout=TURN_TIMEOUT_MS)
    assert note in pg.inner_text("#summary-notes")
    assert pg.locator("#summary-lines thead th").count() == 3  # "Skill" and the two lines
    assert pg.locator("#summary-change tbody tr").count() == 4
    shot(pg, "28-therapist-summary")
    pg.emulate_media(media="print")
    assert pg.is_hidden(".topbar") and pg.is_hidden("#btn-print") and pg.is_visible("#summary-notes")
    shot(pg, "29-summary-print")
    pg.emulate_media(media="screen")
    export = httpx.get(base_url + pg.get_attribute("#summary-export", "href"), timeout=10)
    assert export.status_code == 200 and f"Therapist note: {note}" in export.text
    report = httpx.get(f"{base_url}/api/sessions/{session_id}/report", timeout=10).text
    assert "Therapist note:</strong> Named the facts well" in report

    pg.goto(base_url + "/")  # remembered without the URL parameter
    pg.wait_for_selector("body[data-ready=true]")
    assert pg.evaluate("document.body.classList.contains('therapist')")
    pg.goto(base_url + "/?mode=standard")
    pg.wait_for_selector("body[data-ready=true]")
    assert not pg.evaluate("document.body.classList.contains('therapist')")
    assert pg.errors == []
    context.close()
