"""Fallback rate of the LLM counterpart against the fake OpenAI-compatible server (real HTTP, real client).

The fake answers from a fixed mix in which every second reply is off persona (assistant voice, JSON,
narration); the run checks that exactly those fall back to the script. Run from the repository root:
    python -m scripts.counterpart_fallback_fake
"""
import asyncio, itertools, tempfile, pathlib
from tests.openai_fake import FakeOpenAIServer
from voice_coach.bench.dialogue import run_dialogues
from voice_coach.config import Settings
MIX = [
    "Fridays? I'm not sure that works for the team.",             # in persona
    "As an AI language model, I can't pretend to be your manager.", # assistant voice
    "Hmm. Tell me more about why that matters to you.",           # in persona
    "How can I help you today?",                                    # assistant voice
    "That's a fair point, but I still have my doubts.",             # in persona
    '{"reply": "Okay"}',                                            # JSON
    "Alright, let's see how it goes.",                              # in persona
    "The user is asking for something reasonable.",                 # narration
]
with FakeOpenAIServer() as fake:
    for text in itertools.islice(itertools.cycle(MIX), 400):
        fake.reply(text)
    settings = Settings(data_dir=pathlib.Path(tempfile.mkdtemp()), openai_base_url=fake.base_url,
                        counterpart_model="test-model", llm_first_token_timeout_s=10, llm_timeout_s=15)
    out = asyncio.run(run_dialogues(settings, counterpart="llm", warm_up=False))
    print({k: out[k] for k in ("dialogues", "replies", "scripted_replies", "llm_fallback_rate", "pass_rate", "failures_by_check")})
