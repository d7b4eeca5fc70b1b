"""Which of the campaign's themes the answer speaks to (multi-label, with scores).

Each theme is its description plus its labelled examples (the campaign file's `examples`). An answer's
score for a theme is the mean of its 5 best matches among those texts, a match being the average of two
cosines: sentence embeddings (the meaning, in English) and character n-gram TF-IDF (the words, which
is what carries answers in other languages: all-MiniLM-L6-v2 is an English model).

Top-1 on the 77 labelled answers in tests.support.samples.answers (42 English, 35 in five other languages):
this, 71.4 % (English 76 %, others 66 %); embeddings alone 62 %; the single best text (max) 62 %; the
mean over all of a theme's texts 58 %; descriptions only, no examples, 43 %. These choices were made on
that same set (there is no separate one), so expect a little less on new answers.
"""
from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from storydesk.screening.evidence import ThemeEvidence, ThemeScore
from storydesk.screening.ml.embeddings import answer_embedding, embedder
from storydesk.screening.result import StepResult

name = "theme_tagging"

BEST_MATCHES = 5
# Themes within this of the best one are tags too (at most MAX_TAGS): on the labelled answers the tags then
# hold the labelled theme 86 % of the time, 1.7 tags an answer.
TAG_MARGIN = 0.03
MAX_TAGS = 3
# Below this the answer is about something else: labelled answers' best scores were 0.17–0.49, English
# spam and small talk ≤ 0.14. (Off-topic text in other languages still scores ~0.27: the model reads
# mostly their language, not their meaning, so this floor can't catch it.)
FLOOR = 0.15


def load() -> None:
    """Load the sentence-embedding model (a worker calls this once at start-up)."""
    embedder()


def check(ctx) -> StepResult:
    vector = answer_embedding(ctx)
    if vector is None:
        return StepResult("flag", 0.0, ThemeEvidence(problem="the answer is empty"))
    scores = tuple(ThemeScore(s["name"], s["score"]) for s in _scores(vector, ctx.answer, ctx.campaign.themes))
    if not scores:
        return StepResult("pass", None, ThemeEvidence(scores=()))
    best = scores[0]
    tags = tuple(s for s in scores if s.score >= best.score - TAG_MARGIN)[:MAX_TAGS]
    if best.score < FLOOR:
        return StepResult("flag", best.score, ThemeEvidence(tags, best.name, scores,
                                                            "the answer matches none of the themes"))
    return StepResult("pass", best.score, ThemeEvidence(tags, best.name, scores))


def score_themes(text: str, spec, vector: np.ndarray | None = None) -> list[dict]:
    """Every theme of the campaign with its score for this text (embedded here unless given), best first."""
    if not text.strip():
        return []
    return _scores(embedder().embed([text])[0] if vector is None else vector, text, spec.themes)


def _scores(vector: np.ndarray, text: str, themes) -> list[dict]:
    if not themes:
        return []
    index = _theme_index(embedder().name, tuple(themes))
    matches = (index.vectors @ vector + index.lexical.similarities(text)) / 2
    scores = []
    for theme, rows in zip(themes, index.rows):
        best = np.sort(matches[rows])[-BEST_MATCHES:]
        scores.append({"name": theme.name, "score": round(float(best.mean()), 4)})
    return sorted(scores, key=lambda s: -s["score"])


@dataclass(frozen=True)
class _ThemeIndex:
    vectors: np.ndarray  # one row per description or example
    rows: list[np.ndarray]  # per theme, its rows
    lexical: _Lexical


@lru_cache(maxsize=8)
def _theme_index(engine: str, themes: tuple) -> _ThemeIndex:
    """Built once per process per campaign (keyed by the theme texts themselves)."""
    texts, rows = [], []
    for theme in themes:
        start = len(texts)
        texts += [theme.description, *theme.examples]
        rows.append(np.arange(start, len(texts)))
    return _ThemeIndex(embedder().embed(texts), rows, _Lexical(texts))


class _Lexical:
    """Character 3–5-gram TF-IDF over the theme texts, as an inverted index."""

    def __init__(self, texts: list[str]):
        grams = [Counter(_grams(t)) for t in texts]
        df = Counter(g for counts in grams for g in counts)
        self._idf = {g: math.log(len(texts) / n) for g, n in df.items()}
        self._size = len(texts)
        self._postings: dict[str, list[tuple[int, float]]] = {}
        for i, counts in enumerate(grams):
            for g, weight in self._weights(counts).items():
                self._postings.setdefault(g, []).append((i, weight))

    def similarities(self, text: str) -> np.ndarray:
        out = np.zeros(self._size, dtype=np.float32)
        for g, weight in self._weights(Counter(g for g in _grams(text) if g in self._idf)).items():
            for i, other in self._postings.get(g, ()):
                out[i] += weight * other
        return out

    def _weights(self, counts: Counter) -> dict[str, float]:
        raw = {g: n * self._idf[g] for g, n in counts.items() if self._idf[g] > 0}
        norm = math.sqrt(sum(w * w for w in raw.values())) or 1.0
        return {g: w / norm for g, w in raw.items()}


_NOT_WORD = re.compile(r"\W+")


def _grams(text: str) -> list[str]:
    text = " " + _NOT_WORD.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip() + " "
    return [text[i:i + n] for n in (3, 4, 5) for i in range(len(text) - n + 1)]
