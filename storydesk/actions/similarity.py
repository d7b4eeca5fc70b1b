"""Indexing a story for duplicate search and theme tagging: its photos' hash bands, its answer's
fingerprint and embedding. Idempotent: indexing again replaces the story's rows (upserts), never adds more."""
from __future__ import annotations

import numpy as np
from django.db import transaction

from storydesk.models import EmbeddingBucket, Photo, PhotoHashBand, Story, StoryEmbedding
from storydesk.models.similarity import answer_sha256, embedding_buckets, phash_bands, usable_phash, vector_to_bytes
from storydesk.screening.ml.embeddings import embedder
from storydesk.screening.result import ToIndex


def index_on_arrival(story: Story) -> None:
    """At intake, inside its transaction: the photos' hashes and the answer's fingerprint are known
    already, so a story screened at the same moment as its earlier copy still finds it. Only the
    embedding (near-same words) waits for screening, which indexes everything again."""
    index_photos(story, list(story.photos.all()))
    index_answer(story, vector=None, embedder="")


def index_screened(story: Story, index: ToIndex) -> None:
    """At the end of a screening run, with its verdicts: what its duplicate check computed (the embedding too)."""
    index_photos(story, list(index.photos))
    index_answer(story, vector=index.vector, embedder=index.embedder)


def index_photos(story: Story, photos: list[Photo]) -> None:
    """Write the hash bands of the story's photos (a photo without a usable pHash is left out)."""
    rows = [PhotoHashBand(photo=photo, story=story, band=band, value=value)
            for photo in photos if usable_phash(photo.phash)
            for band, value in phash_bands(photo.phash)]
    with transaction.atomic():
        PhotoHashBand.objects.filter(story=story).exclude(photo__in=photos).delete()
        PhotoHashBand.objects.bulk_create(rows, update_conflicts=True, unique_fields=["photo", "band"],
                                          update_fields=["story", "value"])


def index_answer(story: Story, *, vector: np.ndarray | None, embedder: str) -> StoryEmbedding:
    """Write the answer's fingerprint, its embedding and the embedding's LSH buckets."""
    row = StoryEmbedding(story=story, answer_sha256=answer_sha256(story.answer),
                         embedder=embedder if vector is not None else "",
                         vector=vector_to_bytes(vector) if vector is not None else None)
    with transaction.atomic():
        StoryEmbedding.objects.bulk_create([row], update_conflicts=True, unique_fields=["story"],
                                           update_fields=["answer_sha256", "embedder", "vector", "updated_at"])
        if vector is None:
            EmbeddingBucket.objects.filter(story=story).delete()
        else:
            EmbeddingBucket.objects.bulk_create(
                [EmbeddingBucket(story=story, band=band, value=value) for band, value in embedding_buckets(vector)],
                update_conflicts=True, unique_fields=["story", "band"], update_fields=["value"])
    return row



def reindex_answers(batch_size: int = 64):
    """Embed again, with the configured engine, every answer whose stored vector another engine made (vectors
    of different engines are never compared, so until then those stories are found by their exact words
    only). Yields how many were done after each batch."""
    engine = embedder()
    stale = StoryEmbedding.objects.exclude(embedder__in=["", engine.name]).order_by("story_id")
    done, last = 0, 0
    # Keyset pages: each batch starts after the last story done, not again from the first stale one.
    while ids := list(stale.filter(story_id__gt=last).values_list("story_id", flat=True)[:batch_size]):
        last = ids[-1]
        stories = list(Story.objects.filter(pk__in=ids).order_by("pk"))
        for story, vector in zip(stories, engine.embed([s.answer or "" for s in stories])):
            readable = bool((story.answer or "").strip()) and vector.any()
            index_answer(story, vector=vector if readable else None, embedder=engine.name)
        done += len(stories)
        yield done
