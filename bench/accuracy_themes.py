"""`storydesk bench accuracy themes`: how well the text steps read the field set
(tests/support/samples/field_answers.py) on one half: theme top-1 overall and per language, language
detection on answers of 6+ words, cross-language duplicate pairs caught and close pairs wrongly flagged, and
the sentence engine's name, speed and load time. No database: the default campaign file is read directly.

Settings are chosen on the "tune" half; the "held_out" half is measured once, at the end, and reported.

The fresh batch (tests/support/samples/field_answers_fresh.py, when it exists) is reported with the half its
answers are in (all held-out): theme top-1 per language. It exists because the first held-out half of
Swahili was seen on 2026-12-07 (60 %) and every Swahili field answer became tuning material after that; the
fresh Swahili and Hindi answers, written apart from the tuning, are the held-out for those two languages
(the words-only ones) since.
"""
from __future__ import annotations

import resource
import statistics
import time
from collections import Counter
from importlib import import_module
from importlib.util import find_spec

from storydesk.campaigns.spec import read_campaign_file
from storydesk.models.similarity import embedding_buckets
from storydesk.screening.ml.embeddings import load_embedder
from storydesk.screening.steps import duplicate_check
from storydesk.screening.steps.theme_tagging import score_themes
from storydesk.screening.text.language import detect_language, word_count
from tests.support.samples.field_answers import answers, pairs

MIN_WORDS_FOR_LANGUAGE = 6
FRESH_MODULE = "tests.support.samples.field_answers_fresh"


def measure(half: str, engine: str | None = None) -> dict:
    """Every figure for one half ("tune" or "held_out"), with the configured engine unless one is named."""
    from django.conf import settings
    from django.test.utils import override_settings

    engine = engine or settings.STORYDESK_EMBEDDER
    with override_settings(STORYDESK_EMBEDDER=engine):
        return _measure(half, engine)


def _measure(half: str, engine: str) -> dict:
    started = time.perf_counter()
    embedder = load_embedder(engine)
    load_s = time.perf_counter() - started
    spec, _ = read_campaign_file()
    items = answers(half)

    top1, top1_by_language = _theme_top1(embedder, spec, items)

    long_enough = [a for a in items if word_count(a.text) >= MIN_WORDS_FOR_LANGUAGE]
    detected = sum(detect_language(a.text).code == a.language for a in long_enough)

    duplicates, close = _pairs(embedder, half)
    return {
        "half": half,
        "embedder": engine,
        "theme_top1": top1,
        "answers": len(items),
        "theme_top1_by_language": top1_by_language,
        "language_accuracy": detected / len(long_enough),
        "language_answers": len(long_enough),
        "duplicates_caught": duplicates["caught"], "duplicates_found_by_index": duplicates["indexed"],
        "duplicate_pairs": duplicates["pairs"],
        "false_duplicates": close["caught"], "close_pairs": close["pairs"],
        "min_cosine": duplicate_check.MIN_COSINE,
        **_speed(embedder, [a.text for a in items]),
        "load_s": load_s,
        **_fresh(embedder, spec, half),
    }


def _theme_top1(embedder, spec, items) -> tuple[float, dict[str, float]]:
    """Theme top-1 overall and per language, as the step scores (one batch of vectors)."""
    vectors = embedder.embed([a.text for a in items])
    hits, totals = Counter(), Counter()
    for a, vector in zip(items, vectors):
        totals[a.language] += 1
        hits[a.language] += score_themes(a.text, spec, vector)[0]["name"] == a.theme
    return sum(hits.values()) / len(items), {lang: hits[lang] / n for lang, n in sorted(totals.items())}


def _fresh(embedder, spec, half: str) -> dict:
    """The fresh batch's answers in this half, when the batch exists: {"fresh": theme top-1}, else nothing."""
    if find_spec(FRESH_MODULE) is None:
        return {}
    items = [a for a in import_module(FRESH_MODULE).FRESH_ANSWERS if a.half == half]
    if not items:
        return {}
    top1, by_language = _theme_top1(embedder, spec, items)
    return {"fresh": {"theme_top1": top1, "answers": len(items), "theme_top1_by_language": by_language}}


def _pairs(embedder, half: str) -> tuple[dict, dict]:
    """Per label: pairs the step would flag (cosine ≥ MIN_COSINE and sharing an LSH bucket), and how many
    share a bucket at all (the index's recall: a pair that shares none is never compared)."""
    out = {True: Counter(), False: Counter()}
    for pair in pairs(half):
        a, b = embedder.embed([pair.a, pair.b])
        readable = bool(a.any() and b.any())  # a zero row (a text the engine can't read) is never indexed
        indexed = readable and bool(set(embedding_buckets(a)) & set(embedding_buckets(b)))
        counts = out[pair.duplicate]
        counts["pairs"] += 1
        counts["indexed"] += indexed
        counts["caught"] += indexed and float(a @ b) >= duplicate_check.MIN_COSINE
    return out[True], out[False]


def _speed(embedder, texts: list[str]) -> dict:
    started = time.perf_counter()
    embedder.embed(texts)
    batch_s = time.perf_counter() - started
    singles = []
    for text in texts:
        started = time.perf_counter()
        embedder.embed([text])
        singles.append(time.perf_counter() - started)
    return {"sentences_per_s": len(texts) / batch_s, "single_ms": 1000 * statistics.median(singles),
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def lines(result: dict) -> list[str]:
    fresh = result.get("fresh")
    return [
        f"{result['half']} half, embedder {result['embedder']}",
        f"theme top-1: {_top1(result)}",
        *([f"theme top-1, fresh batch: {_top1(fresh)}"] if fresh else []),
        f"language detected (answers of {MIN_WORDS_FOR_LANGUAGE}+ words): {result['language_accuracy']:.1%} "
        f"of {result['language_answers']}",
        f"cross-language duplicates caught: {result['duplicates_caught']}/{result['duplicate_pairs']} "
        f"(sharing an LSH bucket: {result['duplicates_found_by_index']}); close pairs flagged: "
        f"{result['false_duplicates']}/{result['close_pairs']} (cosine ≥ {result['min_cosine']})",
        f"speed: {result['sentences_per_s']:.0f} sentences/s in a batch, {result['single_ms']:.1f} ms one at a "
        f"time; load {result['load_s']:.2f} s; peak RSS {result['peak_rss_mb']:.0f} MB",
    ]


def _top1(result: dict) -> str:
    by_language = ", ".join(f"{lang} {value:.0%}" for lang, value in result["theme_top1_by_language"].items())
    return f"{result['theme_top1']:.1%} of {result['answers']} ({by_language})"
