"""Audio stages: levels, VAD endpointing, speech-to-text, text-to-speech, prosody, speaker baseline, reply speaker, WER.

Only modules here import faster-whisper, piper, webrtcvad and librosa. May import the top level (config, events, ports, protocol); nothing above.
"""
