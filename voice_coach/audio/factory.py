"""Build the configured speech-to-text and text-to-speech backends (local by default, never downloading)."""

from __future__ import annotations

from voice_coach.config import Settings
from voice_coach.ports import SpeechToText, TextToSpeech


def make_stt(settings: Settings, *, warm_up: bool = True) -> SpeechToText:
    """faster-whisper in process (bundled tiny.en unless configured), or a remote transcription endpoint."""
    if settings.stt_backend == "remote":
        from voice_coach.audio.stt import RemoteSTT

        return RemoteSTT(settings.openai_base_url, settings.api_key, settings.stt_remote_model,
                         prompt=settings.stt_initial_prompt)
    from voice_coach.audio.stt import FILLER_PROMPT, WhisperSTT

    # Whisper drops "um"/"uh" unless prompted with them; prosody counts them (measured: 15/15 kept
    # with the prompt vs 0/15 without, no change in WER on the LibriVox clips).
    prompt = settings.stt_initial_prompt or (FILLER_PROMPT if settings.stt_keep_fillers else None)
    stt = WhisperSTT(settings.stt_model, compute_type=settings.stt_compute_type,
                     cpu_threads=settings.stt_threads, initial_prompt=prompt, window_s=settings.stt_window_s,
                     word_timestamps=settings.stt_word_timestamps)
    if warm_up:
        stt.warm_up()
    return stt


def make_tts(settings: Settings, *, warm_up: bool = True) -> TextToSpeech:
    """piper in process (bundled en_US-joe-medium unless configured), or a remote speech endpoint."""
    if settings.tts_backend == "remote":
        from voice_coach.audio.tts import RemoteTTS

        return RemoteTTS(settings.openai_base_url, settings.api_key, settings.tts_remote_model,
                         settings.tts_remote_voice)
    from voice_coach.audio.tts import PiperTTS

    tts = PiperTTS(settings.tts_voice)
    if warm_up:
        tts.warm_up()
    return tts
