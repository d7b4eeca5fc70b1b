"""Time from a story's arrival to its first decision, in ranges. The dashboard stores how many decisions
fell in each range per day and moderator, so it can find a year's median without reading a year of
decisions; what it shows is the range that holds the exact nearest-rank median (or 90th percentile)."""
from __future__ import annotations

import bisect
import math

HOUR = 3600
# Lower edges, in hours; the last range has no end.
EDGES = (0, 0.25, 0.5, 1, 2, 3, 4, 6, 8, 12, 18, 24, 36, 48, 72, 96, 168, 336, 720)


def bucket_of(seconds: float) -> int:
    return max(bisect.bisect_right(EDGES, seconds / HOUR) - 1, 0)


def label(bucket: int) -> str:
    low = EDGES[bucket]
    if bucket + 1 == len(EDGES):
        return f"over {_span(low)}"
    high = EDGES[bucket + 1]
    if low == 0:
        return f"under {_span(high)}"
    low_text, high_text = _span(low), _span(high)
    # "2–3 h" rather than "2 h–3 h" when both ends share a unit.
    if low_text.split(" ")[1] == high_text.split(" ")[1]:
        return f"{low_text.split(' ')[0]}–{high_text}"
    return f"{low_text}–{high_text}"


def _span(hours: float) -> str:
    if hours < 1:
        return f"{round(hours * 60)} min"
    if hours < 48:
        return f"{hours:g} h"
    return f"{hours / 24:g} days"


def nearest_rank(counts: dict[int, int], p: float) -> int | None:
    """The bucket holding the nearest-rank p-th value (rank ⌈p·n⌉) of the decisions counted per bucket."""
    total = sum(counts.values())
    if not total:
        return None
    rank, seen = max(math.ceil(p * total), 1), 0
    for bucket in sorted(counts):
        seen += counts[bucket]
        if seen >= rank:
            return bucket
    raise AssertionError("unreachable: rank ≤ total")
