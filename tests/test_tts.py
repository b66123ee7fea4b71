"""Text-to-speech with the real bundled Piper voice, the remote adapter, and sentence chunking."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from voice_coach.ports import TextToSpeech
from voice_coach.audio.stt import WhisperSTT
from voice_coach.audio.tts import PEAK_DBFS, PiperTTS, RemoteTTS, SentenceChunker, normalize_peak
from voice_coach.audio.wer import wer

from .conftest import AudioServer

LINE = "I would like to work from home on Fridays, starting next month."


def _to_16k(pcm: np.ndarray, rate: int) -> np.ndarray:
    """int16 at `rate` to float32 at 16 kHz, for Whisper."""
    from math import gcd

    from scipy.signal import resample_poly

    g = gcd(rate, 16_000)
    return resample_poly(pcm.astype(np.float32) / 32768.0, 16_000 // g, rate // g).astype(np.float32)


def _plausible_speech(pcm: np.ndarray, rate: int, text: str) -> None:
    """int16, not silent, and about as long as a person would take to say `text`."""
    assert pcm.dtype == np.int16 and pcm.ndim == 1
    seconds = pcm.size / rate
    words = len(text.split())
    # Conversational English runs ~2-4 words per second.
    assert words / 5.0 <= seconds <= words / 1.5 + 0.5, seconds
    assert np.sqrt(np.mean((pcm / 32768.0) ** 2)) > 0.02


@pytest.mark.slow
def test_piper_speaks_a_sentence(piper_tts: PiperTTS) -> None:
    """Default voice: 22050 Hz int16 audio of plausible length."""
    assert isinstance(piper_tts, TextToSpeech)
    assert piper_tts.sample_rate == 22_050
    _plausible_speech(piper_tts.synthesize(LINE), piper_tts.sample_rate, LINE)


@pytest.mark.slow
def test_piper_length_scale_slows_speech(piper_tts: PiperTTS) -> None:
    """length_scale > 1 gives longer audio for the same text."""
    slow = PiperTTS(length_scale=1.5)
    assert slow.synthesize(LINE).size > 1.2 * piper_tts.synthesize(LINE).size


@pytest.mark.slow
def test_piper_empty_text_is_empty_audio(piper_tts: PiperTTS) -> None:
    """Nothing to say gives zero samples, not an error."""
    assert piper_tts.synthesize("").size == 0
    assert piper_tts.synthesize("   ").dtype == np.int16


@pytest.mark.slow
def test_piper_round_trip_through_whisper(piper_tts: PiperTTS, whisper_stt: WhisperSTT) -> None:
    """What Piper says, Whisper understands."""
    text = whisper_stt.transcribe(_to_16k(piper_tts.synthesize(LINE), piper_tts.sample_rate)).text
    assert wer(LINE, text) <= 0.2, text


@pytest.mark.slow
def test_piper_caches_short_phrases_only(piper_tts: PiperTTS) -> None:
    """A reply's opening word is synthesized once and replayed; longer lines are synthesized afresh."""
    first, again = piper_tts.synthesize("Sure,"), piper_tts.synthesize("Sure,")
    assert again is first and not first.flags.writeable  # one shared, read-only buffer
    _plausible_speech(first, piper_tts.sample_rate, "Sure,")
    # Piper samples its noise on every call, so two fresh syntheses of a longer line differ.
    assert piper_tts.synthesize(LINE) is not piper_tts.synthesize(LINE)


@pytest.mark.slow
def test_piper_concurrent_calls(piper_tts: PiperTTS) -> None:
    """Several threads may share one voice."""
    texts = ["Okay, let's talk about it.", "I hear that Fridays matter to you.", "Can we try it for a month?"]
    out: list[np.ndarray | None] = [None] * len(texts)

    def work(i: int) -> None:
        out[i] = piper_tts.synthesize(texts[i])

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(texts))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for text, pcm in zip(texts, out):
        assert pcm is not None
        _plausible_speech(pcm, piper_tts.sample_rate, text)


@pytest.mark.slow
def test_remote_tts_pcm(piper_tts: PiperTTS, audio_server: AudioServer) -> None:
    """RemoteTTS posts JSON and reads raw 24 kHz PCM."""
    audio_server.tts = piper_tts
    tts = RemoteTTS(base_url=audio_server.base_url, api_key="test-key", model="tts-1", voice="alloy")
    assert isinstance(tts, TextToSpeech) and tts.sample_rate == 24_000
    pcm = tts.synthesize(LINE)
    _plausible_speech(pcm, tts.sample_rate, LINE)
    # Piper samples phoneme durations, so lengths differ a little from call to call.
    expected = piper_tts.synthesize(LINE).size * 24_000 / piper_tts.sample_rate
    assert pcm.size == pytest.approx(expected, rel=0.15)
    req = audio_server.requests[-1]
    assert req["path"] == "/v1/audio/speech" and req["content_type"].startswith("application/json")
    assert req["json"] == {"model": "tts-1", "voice": "alloy", "input": LINE, "response_format": "pcm"}


@pytest.mark.slow
def test_remote_tts_wav_is_resampled(piper_tts: PiperTTS, audio_server: AudioServer) -> None:
    """A WAV answer at another rate is decoded and resampled to the declared rate."""
    audio_server.tts = piper_tts
    tts = RemoteTTS(base_url=audio_server.base_url, api_key="k", response_format="wav", sample_rate=16_000)
    pcm = tts.synthesize(LINE)
    _plausible_speech(pcm, 16_000, LINE)
    assert audio_server.requests[-1]["json"]["response_format"] == "wav"


REPLY = ("Okay, I hear you. Honestly, I didn't think the dishes bothered you that much! "
         "Can we talk about it tonight? I'm really tired right now.")


def _peak_dbfs(pcm: np.ndarray) -> float:
    return 20 * float(np.log10(np.max(np.abs(pcm.astype(np.float64))) / 32768.0))


@pytest.mark.slow
def test_piper_reply_peaks_near_minus_one_dbfs_without_clipping(piper_tts: PiperTTS) -> None:
    """Every sentence of a real Piper reply peaks at about -1 dBFS and no sample reaches full scale."""
    sentences = list(piper_tts.stream(REPLY))
    assert len(sentences) >= 3
    for pcm in sentences:
        assert pcm.dtype == np.int16
        assert -1.5 <= _peak_dbfs(pcm) <= -0.5, _peak_dbfs(pcm)
        # Piper's own int16 view scales each sentence to full scale and clips 1-3 samples of it.
        assert int(np.sum(np.abs(pcm.astype(np.int32)) >= 32767)) == 0
    whole = piper_tts.synthesize(REPLY)
    assert int(np.sum(np.abs(whole.astype(np.int32)) >= 32000)) == 0


def test_normalize_peak_scales_float_int16_and_keeps_silence() -> None:
    """Loud, quiet and overshooting input all end at the target peak; silence is not amplified into noise."""
    target = round(32767 * 10 ** (PEAK_DBFS / 20))
    t = np.linspace(0, 1, 8000)
    loud = np.sin(2 * np.pi * 220 * t) * 1.3  # overshoots full scale
    assert abs(int(np.max(np.abs(normalize_peak(loud)))) - target) <= 1
    quiet = (np.sin(2 * np.pi * 220 * t) * 300).astype(np.int16)
    assert abs(int(np.max(np.abs(normalize_peak(quiet)))) - target) <= 1
    assert not normalize_peak(np.zeros(100, dtype=np.float32)).any()
    assert normalize_peak(np.zeros(0, dtype=np.int16)).size == 0


def _chunks(pieces: list[str], **kw: int) -> list[str]:
    """Feed pieces to a fresh chunker and collect every chunk, flush included."""
    chunker = SentenceChunker(**kw)
    out: list[str] = []
    for p in pieces:
        out += chunker.push(p)
    return out + chunker.flush()


def _stream(text: str, size: int = 3) -> list[str]:
    """Split text into small pieces, as an LLM streams it."""
    return [text[i:i + size] for i in range(0, len(text), size)]


def test_first_chunk_cut_at_clause_boundary() -> None:
    """The first chunk ends at the first comma, even after one word; later sentences stay whole."""
    text = "Well, I hear you, and I know Fridays matter. But we have deadlines, so let's plan it."
    assert _chunks(_stream(text)) == [
        "Well,",
        "I hear you, and I know Fridays matter.",
        "But we have deadlines, so let's plan it.",
    ]


def test_first_chunk_cut_at_dash() -> None:
    """A dash used as punctuation is a clause boundary for the first chunk."""
    assert _chunks(_stream("I really get it — you want more time. Fine.")) == [
        "I really get it —", "you want more time.", "Fine."]
    assert _chunks(["That sounds very reasonable—let me check the calendar."]) == [
        "That sounds very reasonable—", "let me check the calendar."]


def test_first_clause_shorter_than_the_minimum_is_not_cut() -> None:
    """With a minimum of four words, a comma after fewer waits for more; the default cuts after one."""
    assert _chunks(_stream("Okay, fine. Let's do it."), first_chunk_min_words=4) == ["Okay, fine.", "Let's do it."]
    assert _chunks(_stream("Okay, fine. Let's do it.")) == ["Okay,", "fine.", "Let's do it."]


def test_abbreviations_and_decimals_do_not_end_sentences() -> None:
    """Dr. Lee, e.g., 3.5 and initials stay inside their sentence; commas in numbers are not clauses."""
    text = "Dr. Lee agreed to 3.5 days, e.g. Monday to Thursday. J. Smith said 1,000 is fine! Is it?"
    assert _chunks(_stream(text, 2)) == [
        "Dr. Lee agreed to 3.5 days,",
        "e.g. Monday to Thursday.",
        "J. Smith said 1,000 is fine!",
        "Is it?",
    ]


def test_number_at_piece_boundary_waits() -> None:
    """'3.' at the end of a piece is not a sentence end until the next piece shows a space."""
    chunker = SentenceChunker()
    assert chunker.push("It costs 3.") == []
    assert chunker.push("5 euros a day. Ok") == ["It costs 3.5 euros a day."]
    assert chunker.flush() == ["Ok"]
    assert chunker.flush() == []


def test_flush_and_reset() -> None:
    """flush returns the unfinished tail; reset makes the next chunk a first chunk again."""
    chunker = SentenceChunker()
    assert chunker.push("We could try it for a month, then review") == ["We could try it for a month,"]
    assert chunker.push(" it, I guess") == []
    assert chunker.flush() == ["then review it, I guess"]
    chunker.reset()
    assert chunker.push("Sure thing, my friend, let's go.") == ["Sure thing,"]
    assert chunker.flush() == ["my friend, let's go."]


def test_quotes_and_newlines() -> None:
    """Closing quotes stay with their sentence; a newline ends a chunk."""
    assert _chunks(_stream('She said "no." Then she left.\nNew line here')) == [
        'She said "no."', "Then she left.", "New line here"]


def test_piper_session_runs_without_a_memory_arena(piper_tts: PiperTTS) -> None:
    """Piper's session is built with the lean options (its own loader keeps onnxruntime's arena)."""
    opts = piper_tts._voice.session.get_session_options()
    assert opts.enable_cpu_mem_arena is False
