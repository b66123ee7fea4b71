"""Sentence embeddings: bundled int8 MiniLM on CPU (onnxruntime) or an OpenAI-compatible /v1/embeddings server."""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from voice_coach.assets import asset_dir

if TYPE_CHECKING:
    import onnxruntime
    import openai
    import tokenizers

EMBEDDING_DIM = 384
MAX_LENGTH = 128
MODEL_FILE = "model_int8.onnx"
TOKENIZER_FILE = "tokenizer.json"


def default_model_dir() -> Path:
    """Folder holding the bundled MiniLM artifacts (`model_int8.onnx`, `tokenizer.json`)."""
    return asset_dir("models") / "minilm"


def _normalise(vectors: np.ndarray) -> np.ndarray:
    """Scale rows to unit length; all-zero rows stay zero instead of becoming NaN."""
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.maximum(norms, 1e-12)).astype(np.float32, copy=False)


class OnnxEmbedder:
    """all-MiniLM-L6-v2 (int8 ONNX, mean-pooled, L2-normalised) run in process; loads on first use."""

    dim: int = EMBEDDING_DIM

    def __init__(
        self,
        model_path: str | Path | None = None,
        tokenizer_path: str | Path | None = None,
        *,
        intra_op_num_threads: int = 1,
        max_length: int = MAX_LENGTH,
        batch_size: int = 64,
    ) -> None:
        """Point at the artifact (default: the bundled one); nothing is read until `load` or `encode`."""
        if intra_op_num_threads < 1:
            raise ValueError("intra_op_num_threads must be >= 1")
        if not 2 <= max_length <= 512:
            raise ValueError("max_length must be between 2 and 512 tokens")
        if batch_size < 1:
            raise ValueError("batch_size must be >= 1")
        self.model_path = Path(model_path) if model_path is not None else default_model_dir() / MODEL_FILE
        self.tokenizer_path = (
            Path(tokenizer_path) if tokenizer_path is not None else self.model_path.parent / TOKENIZER_FILE
        )
        self.intra_op_num_threads = intra_op_num_threads
        self.max_length = max_length
        # Bounds how many texts are tokenized at once; the graph itself runs text by text (see encode).
        self.batch_size = batch_size
        self._lock = threading.Lock()
        self._session: onnxruntime.InferenceSession | None = None
        self._tokenizer: tokenizers.Tokenizer | None = None

    @property
    def loaded(self) -> bool:
        """Whether the model and tokenizer are in memory."""
        return self._session is not None

    def load(self) -> None:
        """Read the model and tokenizer now (idempotent, safe to call from several threads)."""
        if self._session is not None:
            return
        with self._lock:
            if self._session is not None:
                return
            for path in (self.model_path, self.tokenizer_path):
                if not path.is_file():
                    raise FileNotFoundError(
                        f"embedding artifact {path} is missing; regenerate it with models/minilm/export.py"
                    )
            import onnxruntime as ort
            from tokenizers import Tokenizer

            tokenizer = Tokenizer.from_file(str(self.tokenizer_path))
            # The shipped tokenizer pads every input to 128; variable length is what makes short turns fast.
            tokenizer.no_padding()
            tokenizer.enable_truncation(max_length=self.max_length)
            from voice_coach.audio.onnx import lean_options

            options = lean_options(self.intra_op_num_threads)
            session = ort.InferenceSession(str(self.model_path), options, providers=["CPUExecutionProvider"])
            self._tokenizer = tokenizer
            self._session = session

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed `texts` as float32 unit vectors of shape (len(texts), 384)."""
        if isinstance(texts, str):
            raise TypeError("encode() takes a sequence of strings; wrap a single string in a list")
        if len(texts) == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        self.load()
        assert self._session is not None and self._tokenizer is not None
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(texts), self.batch_size):
            chunk = list(texts[start : start + self.batch_size])
            encodings = self._tokenizer.encode_batch(chunk)
            # One graph run per text: dynamic int8 picks one activation scale for the whole input tensor,
            # so padding or batch-mates would shift a vector by up to ~3e-2. Running texts alone keeps each
            # embedding a pure function of its text (bank and query vectors agree), and on mixed-length
            # text it measured as fast per text as padded batches of 8, which waste work on padding.
            for offset, encoding in enumerate(encodings):
                feed = {
                    "input_ids": np.asarray([encoding.ids], dtype=np.int64),
                    "attention_mask": np.asarray([encoding.attention_mask], dtype=np.int64),
                }
                out[start + offset] = self._session.run(["sentence_embedding"], feed)[0][0]
        # The graph already normalises; this only guards against float drift.
        return _normalise(out)


class OpenAIEmbedder:
    """Embeddings from an OpenAI-compatible `/v1/embeddings` endpoint (OpenAI, Ollama, vLLM, llama.cpp...)."""

    def __init__(
        self,
        model: str = "text-embedding-3-small",
        *,
        base_url: str | None = None,
        api_key: str | None = None,
        batch_size: int = 64,
        dimensions: int | None = None,
        timeout: float = 30.0,
        max_retries: int = 2,
    ) -> None:
        """Configure the endpoint; the HTTP client is created on first use."""
        if batch_size < 1:
            raise ValueError("batch_size must be >= 1")
        self.model = model
        self.base_url = base_url
        # Local servers ignore the key, but the client refuses to start without one.
        self.api_key = api_key or os.environ.get("OPENAI_API_KEY") or "not-needed"
        self.batch_size = batch_size
        self.dimensions = dimensions
        self.timeout = timeout
        self.max_retries = max_retries
        self._lock = threading.Lock()
        self._client: openai.OpenAI | None = None
        self._dim: int | None = dimensions

    @property
    def dim(self) -> int | None:
        """Vector width: as configured, else as last returned by the server, else None."""
        return self._dim

    def _get_client(self) -> openai.OpenAI:
        """Create the client once (the openai client is safe to share between threads)."""
        if self._client is None:
            with self._lock:
                if self._client is None:
                    import openai

                    self._client = openai.OpenAI(
                        base_url=self.base_url,
                        api_key=self.api_key,
                        timeout=self.timeout,
                        max_retries=self.max_retries,
                    )
        return self._client

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed `texts` as float32 unit vectors of shape (len(texts), dim), in input order."""
        if isinstance(texts, str):
            raise TypeError("encode() takes a sequence of strings; wrap a single string in a list")
        if len(texts) == 0:
            return np.zeros((0, self._dim or 0), dtype=np.float32)
        client = self._get_client()
        rows: list[np.ndarray] = []
        for start in range(0, len(texts), self.batch_size):
            # OpenAI rejects empty strings with HTTP 400; a space embeds "nothing said" just as well.
            chunk = [text if text.strip() else " " for text in texts[start : start + self.batch_size]]
            kwargs: dict[str, Any] = {"model": self.model, "input": chunk, "encoding_format": "float"}
            if self.dimensions is not None:
                kwargs["dimensions"] = self.dimensions
            response = client.embeddings.create(**kwargs)
            if len(response.data) != len(chunk):
                raise ValueError(f"embedding server returned {len(response.data)} vectors for {len(chunk)} inputs")
            # The wire format carries an index per item; servers need not return them in order.
            for item in sorted(response.data, key=lambda item: item.index):
                rows.append(np.asarray(item.embedding, dtype=np.float32))
        vectors = np.stack(rows)
        self._dim = vectors.shape[1]
        # OpenAI's vectors are unit length already; other servers' are not always.
        return _normalise(vectors)


@cache
def default_embedder() -> OnnxEmbedder:
    """The process-wide bundled MiniLM embedder (created once, loaded on first encode)."""
    return OnnxEmbedder()
