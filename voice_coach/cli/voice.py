"""Voice rehearsal in the terminal with the local microphone and speakers (sounddevice, imported here only)."""

from __future__ import annotations

import asyncio
import queue
import threading
from typing import Any, Literal

import numpy as np
from rich.console import Console

from voice_coach.conversation.session import RehearsalSession, Services

SAMPLE_RATE = 16000
FRAME = 320  # 20 ms at 16 kHz


class NoAudioDevice(RuntimeError):
    """No usable microphone/speaker (or PortAudio is missing)."""


def find_devices() -> tuple[Any, Any]:
    """Return the sounddevice module and default devices, or raise NoAudioDevice with what to do."""
    try:
        import sounddevice as sd
    except OSError as exc:  # the PortAudio system library is missing
        raise NoAudioDevice(f"PortAudio is not installed ({exc}). Install it with "
                            "`sudo apt-get install libportaudio2`.") from exc
    except ImportError as exc:
        raise NoAudioDevice("sounddevice is not installed: pip install 'voice-coach[audio]'.") from exc
    devices = sd.query_devices()
    has_in = any(d.get("max_input_channels", 0) > 0 for d in devices)
    has_out = any(d.get("max_output_channels", 0) > 0 for d in devices)
    if not (has_in and has_out):
        missing = " and ".join(x for x, ok in (("microphone", has_in), ("speakers", has_out)) if not ok)
        raise NoAudioDevice(f"No {missing} found.")
    return sd, devices


class _Player:
    """Plays int16 PCM sentence by sentence on a background thread; `stop()` cuts it at once (barge-in)."""

    def __init__(self, sd: Any) -> None:
        self.sd = sd
        self.items: queue.Queue[tuple[np.ndarray, int, str] | None] = queue.Queue()
        self.heard: list[str] = []
        self.playing = threading.Event()
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while (item := self.items.get()) is not None:
            audio, rate, text = item
            if self._stop.is_set():
                continue
            self.playing.set()
            self.sd.play(audio, rate)
            self.sd.wait()
            if not self._stop.is_set():
                self.heard.append(text)
            self.playing.clear()

    def enqueue(self, audio: np.ndarray, rate: int, text: str) -> None:
        """Queue one synthesized sentence."""
        self._stop.clear()
        self.items.put((audio, rate, text))

    def stop(self) -> None:
        """Stop playback now and drop what is queued."""
        self._stop.set()
        self.sd.stop()
        while not self.items.empty():
            self.items.get_nowait()

    def close(self) -> None:
        """End the playback thread."""
        self.items.put(None)


async def _speak_turn(session: RehearsalSession, events: Any, services: Services, player: _Player,
                      console: Console) -> bool:
    """Show a turn's events and speak the reply by sentence; return True when the conversation ended."""
    from voice_coach.events import (ConversationEnded, FeedbackReady, PartnerTextDelta, Reflection, SafetyCheckIn,
                                     SafetyPause)
    from voice_coach.audio.tts import SentenceChunker

    chunker = SentenceChunker()
    tts = services.tts
    ended = False

    async def say(sentence: str) -> None:
        if tts is not None:
            audio = await asyncio.to_thread(tts.synthesize, sentence)
            player.enqueue(audio, tts.sample_rate, sentence)

    async for event in events:
        if isinstance(event, PartnerTextDelta):
            console.print(event.text, end="", style="magenta")
            for sentence in chunker.push(event.text):
                await say(sentence)
        elif isinstance(event, FeedbackReady):
            fb = event.feedback
            chips = "  ".join(f"{s.skill.title}: {s.label}" for s in fb.skills)
            console.print(f"\n[dim]{chips}[/]\n[bold]Try:[/] {fb.suggestion}\n[bold]Stronger:[/] “{fb.rewrite}”")
        elif isinstance(event, Reflection):
            console.print(f"[italic cyan]{event.text}[/]")
        elif isinstance(event, SafetyPause):
            console.print(f"[bold red]{event.message}[/]")
            for r in event.resources:
                console.print(f"[red]• {r.name}: {r.contact}[/]")
            console.print("Say or type nothing: press Ctrl+C to stop, or keep talking to resume.")
            await session.resume()
        elif isinstance(event, SafetyCheckIn):
            console.print(f"[bold yellow]Check-in: {event.message}[/]")
            for r in event.resources:
                console.print(f"[yellow]• {r.name}: {r.contact}[/]")
            console.print("Keep talking when you are ready to go on with the practice, or press Ctrl+C to stop.")
        elif isinstance(event, ConversationEnded):
            ended = True
    for sentence in chunker.flush():
        await say(sentence)
    console.print()
    return ended


def run_local_voice(services: Services, scenario_id: str, *, mode: str = "flow", checkin: bool = True,
                    console: Console | None = None) -> int:
    """Rehearse by voice with the local devices; returns an exit code (2 with advice when no device)."""
    console = console or Console()
    try:
        sd, _ = find_devices()
    except NoAudioDevice as exc:
        console.print(f"[red]{exc}[/]\nYou can rehearse by typing instead: "
                      f"`voice-coach rehearse --scenario {scenario_id} --text`, or in the browser: "
                      "`voice-coach serve`.")
        return 2
    from voice_coach.audio.vad import Endpointer, SpeechEnd, SpeechStart

    with console.status("Loading speech models…") as status:
        services.load_voice(lambda msg: status.update(msg))
    mode_value: Literal["flow", "practice"] = "practice" if mode == "practice" else "flow"
    session = asyncio.run(RehearsalSession.start(services, scenario_id, mode=mode_value, input_mode="voice"))
    s = session.scenario
    console.print(f"[bold]{s.title}[/]\n{s.situation}\n[bold]Goal:[/] {s.goal}\n"
                  "Speak when you are ready; pause to end your turn. Ctrl+C to finish.")
    frames: queue.Queue[bytes] = queue.Queue(maxsize=500)

    def on_audio(indata: Any, _frames: int, _time: Any, _status: Any) -> None:
        try:
            frames.put_nowait(bytes(indata))
        except queue.Full:  # drop rather than block the audio thread
            pass

    settings = services.settings
    endpointer = Endpointer(end_silence_ms=settings.vad_end_silence_ms, min_speech_ms=settings.vad_min_speech_ms,
                            pre_roll_ms=settings.vad_pre_roll_ms, speculative_ms=settings.vad_speculative_ms)
    player = _Player(sd)
    loop = asyncio.new_event_loop()
    try:
        loop.run_until_complete(_speak_turn(session, session.opening(), services, player, console))
        with sd.RawInputStream(samplerate=SAMPLE_RATE, channels=1, dtype="int16", blocksize=FRAME,
                               callback=on_audio):
            while True:
                for event in endpointer.push(frames.get()):
                    if isinstance(event, SpeechStart) and player.playing.is_set():
                        player.stop()
                        session.interrupt(session.turn_index - 1, " ".join(player.heard))
                    if isinstance(event, SpeechEnd):
                        result = services.stt.transcribe(event.audio) if services.stt else None
                        if result is None or not result.text:
                            continue
                        console.print(f"[green]You:[/] {result.text}")
                        player.heard.clear()
                        events = session.user_turn(result.text, words=result.words, audio=event.audio)
                        if loop.run_until_complete(_speak_turn(session, events, services, player, console)):
                            return 0
    except KeyboardInterrupt:
        loop.run_until_complete(session.end("user"))
        console.print(f"Saved as session {session.id}.")
        return 0
    finally:
        player.close()
        loop.close()
