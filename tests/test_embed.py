"""The bundled int8 MiniLM embedder and the OpenAI-compatible embeddings client, on real models and real HTTP."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from voice_coach.feedback.embed import (
    EMBEDDING_DIM,
    MODEL_FILE,
    TOKENIZER_FILE,
    OnnxEmbedder,
    OpenAIEmbedder,
    default_embedder,
    default_model_dir,
)

SENTENCES = [
    "I need Friday afternoons off to take my son to his therapy appointments.",
    "When you cancel our plans at the last minute, I feel hurt and unimportant.",
    "Could we try splitting the chores evenly for a month and then check in?",
    "The train to Boston leaves at seven forty-five from platform nine.",
    "Photosynthesis turns sunlight into chemical energy.",
]


@pytest.fixture(scope="module")
def embedder() -> OnnxEmbedder:
    """One loaded bundled embedder for the module (loading takes a fraction of a second)."""
    model = OnnxEmbedder()
    model.load()
    return model


def test_bundled_artifact_loads_lazily() -> None:
    model = OnnxEmbedder()
    assert model.model_path == default_model_dir() / MODEL_FILE
    assert model.model_path.is_file() and model.tokenizer_path.is_file()
    assert not model.loaded
    vectors = model.encode(["hello there"])
    assert model.loaded
    assert vectors.shape == (1, EMBEDDING_DIM)


def test_vectors_have_shape_dtype_and_unit_norm(embedder: OnnxEmbedder) -> None:
    vectors = embedder.encode(SENTENCES)
    assert vectors.shape == (len(SENTENCES), EMBEDDING_DIM)
    assert vectors.dtype == np.float32
    assert np.all(np.isfinite(vectors))
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    # Distinct sentences must not collapse onto one vector.
    sims = vectors @ vectors.T
    assert sims[~np.eye(len(SENTENCES), dtype=bool)].max() < 0.95


def test_same_text_same_vector_across_calls_and_batches(embedder: OnnxEmbedder) -> None:
    target = SENTENCES[1]
    alone = embedder.encode([target])[0]
    again = embedder.encode([target])[0]
    long_neighbour = " ".join(["A much longer sentence that forces padding in any batched run."] * 6)
    in_batch = embedder.encode([SENTENCES[3], target, long_neighbour, "No."])[1]
    small_batches = OnnxEmbedder(embedder.model_path, batch_size=2)
    in_small = small_batches.encode([*SENTENCES[2:], "Hi.", target])[-1]
    for other in (again, in_batch, in_small):
        np.testing.assert_allclose(other, alone, atol=1e-5)


def test_paraphrases_are_closer_than_unrelated_sentences(embedder: OnnxEmbedder) -> None:
    pairs = [
        ("I need you to stop calling me so late at night.", "Please don't phone me after ten in the evening."),
        (
            "I'd like a raise because I've taken on a lot more work.",
            "Given my extra responsibilities, I'm asking for higher pay.",
        ),
        ("It hurt my feelings when you forgot my birthday.", "I felt sad that you didn't remember my birthday."),
    ]
    unrelated = [
        "The recipe calls for two cups of flour and a pinch of salt.",
        "Quantum entanglement links the states of two particles.",
        "The hiking trail was closed because of a rockslide.",
    ]
    left = embedder.encode([a for a, _ in pairs])
    right = embedder.encode([b for _, b in pairs])
    others = embedder.encode(unrelated)
    for i in range(len(pairs)):
        paraphrase_sim = float(left[i] @ right[i])
        worst_unrelated = float(np.max(others @ left[i]))
        other_pairs = max(float(left[i] @ right[j]) for j in range(len(pairs)) if j != i)
        assert paraphrase_sim > worst_unrelated + 0.2, (pairs[i], paraphrase_sim, worst_unrelated)
        assert paraphrase_sim > other_pairs, (pairs[i], paraphrase_sim, other_pairs)


def test_empty_inputs(embedder: OnnxEmbedder) -> None:
    assert embedder.encode([]).shape == (0, EMBEDDING_DIM)
    vectors = embedder.encode(["", "   ", "I want the weekend off."])
    assert vectors.shape == (3, EMBEDDING_DIM)
    assert np.all(np.isfinite(vectors))
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    with pytest.raises(TypeError):
        embedder.encode("a bare string is not a batch")  # type: ignore[arg-type]


def test_long_input_is_truncated_at_max_length(embedder: OnnxEmbedder) -> None:
    head = "I need you to tell me before you invite guests to stay over. "
    long_text = head * 20
    longer_text = long_text + "Completely different trailing words about astronomy and telescopes. " * 20
    # Both exceed 128 tokens, so the trailing difference is cut off.
    np.testing.assert_allclose(embedder.encode([long_text]), embedder.encode([longer_text]), atol=1e-5)
    short = OnnxEmbedder(embedder.model_path, max_length=8)
    assert float(short.encode([long_text])[0] @ embedder.encode([long_text])[0]) < 0.999


def test_model_path_override_and_missing_artifact(tmp_path: Path, embedder: OnnxEmbedder) -> None:
    elsewhere = tmp_path / "custom"
    elsewhere.mkdir()
    (elsewhere / "encoder.onnx").symlink_to(default_model_dir() / MODEL_FILE)
    (elsewhere / "vocab.json").symlink_to(default_model_dir() / TOKENIZER_FILE)
    custom = OnnxEmbedder(elsewhere / "encoder.onnx", elsewhere / "vocab.json", intra_op_num_threads=2)
    np.testing.assert_allclose(custom.encode(SENTENCES[:2]), embedder.encode(SENTENCES[:2]), atol=1e-5)

    missing = OnnxEmbedder(tmp_path / "nope.onnx")
    assert not missing.loaded  # constructing never touches the disk
    with pytest.raises(FileNotFoundError, match="export.py"):
        missing.encode(["hello"])


def test_concurrent_first_use_from_threads() -> None:
    model = OnnxEmbedder()
    expected = default_embedder().encode(SENTENCES)
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda i: model.encode([SENTENCES[i % len(SENTENCES)]])[0], range(12)))
    for i, vector in enumerate(results):
        np.testing.assert_allclose(vector, expected[i % len(SENTENCES)], atol=1e-5)


def test_default_embedder_is_shared() -> None:
    assert default_embedder() is default_embedder()
    assert isinstance(default_embedder(), OnnxEmbedder)


# ---- OpenAI-compatible endpoint -------------------------------------------------------------------------


@dataclass
class EmbeddingsServer:
    """A /v1/embeddings server on 127.0.0.1 that serves the bundled model's vectors, scaled and shuffled."""

    base_url: str = ""
    requests: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)


@pytest.fixture
def embeddings_server(embedder: OnnxEmbedder) -> Iterator[EmbeddingsServer]:
    """Run the server in a thread for one test."""
    state = EmbeddingsServer()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            state.requests.append(body)
            state.headers.append({key.lower(): value for key, value in self.headers.items()})
            if self.path != "/v1/embeddings":
                self._send(404, {"error": {"message": "not found", "type": "invalid_request_error"}})
                return
            inputs = body["input"]
            if any(text == "" for text in inputs):
                # What OpenAI answers for an empty string.
                self._send(400, {"error": {"message": "'$.input' is invalid.", "type": "invalid_request_error"}})
                return
            # Unnormalised (x3) and in reverse order: the client must rely on `index`, not position or scale.
            vectors = embedder.encode(inputs) * 3.0
            data = [
                {"object": "embedding", "index": i, "embedding": vectors[i].tolist()}
                for i in reversed(range(len(inputs)))
            ]
            tokens = sum(len(text.split()) for text in inputs)
            self._send(
                200,
                {
                    "object": "list",
                    "data": data,
                    "model": body["model"],
                    "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
                },
            )

        def _send(self, status: int, payload: dict[str, Any]) -> None:
            raw = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def log_message(self, format: str, *args: Any) -> None:
            """Keep per-request logging off stderr."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.base_url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_openai_embedder_speaks_the_wire_format(embeddings_server: EmbeddingsServer, embedder: OnnxEmbedder) -> None:
    client = OpenAIEmbedder(
        "minilm-test", base_url=embeddings_server.base_url, api_key="sk-local", batch_size=2, max_retries=0
    )
    texts = [*SENTENCES, ""]
    vectors = client.encode(texts)
    assert vectors.shape == (len(texts), EMBEDDING_DIM)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    # Order restored from `index`, scale removed, empty text sent as a space.
    np.testing.assert_allclose(vectors, embedder.encode([*SENTENCES, " "]), atol=1e-5)
    assert client.dim == EMBEDDING_DIM

    sent = embeddings_server.requests
    assert [len(r["input"]) for r in sent] == [2, 2, 2]
    assert all(r["model"] == "minilm-test" and r["encoding_format"] == "float" for r in sent)
    assert "dimensions" not in sent[0]
    assert sent[-1]["input"][-1] == " "
    assert embeddings_server.headers[0]["authorization"] == "Bearer sk-local"


def test_openai_embedder_forwards_dimensions_and_handles_empty_batch(embeddings_server: EmbeddingsServer) -> None:
    client = OpenAIEmbedder("minilm-test", base_url=embeddings_server.base_url, dimensions=384, max_retries=0)
    assert client.encode([]).shape == (0, 384)
    assert embeddings_server.requests == []  # nothing to embed, no request
    client.encode(["Can we talk about the schedule?"])
    assert embeddings_server.requests[0]["dimensions"] == 384


def test_openai_embedder_surfaces_http_errors(embeddings_server: EmbeddingsServer) -> None:
    import openai

    wrong_path = OpenAIEmbedder("minilm-test", base_url=embeddings_server.base_url + "/nested", max_retries=0)
    with pytest.raises(openai.NotFoundError):
        wrong_path.encode(["hello"])
