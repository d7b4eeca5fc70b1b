"""How well sign_check reads the field photos (tests/support/samples/field_photos.py), and at what cost.

No database: each photo goes through the step's own `check` with the little context a step reads, as the
tests give it. Run one half: `tune` while choosing settings, `held_out` once, at the end, to report.

    storydesk bench accuracy signs --half tune

Times are CPU milliseconds of the check (OCR and matching) per photo, with the models on one thread, as a
worker runs them beside others (STORYDESK_MODEL_THREADS=1): the cost per core.
"""
from __future__ import annotations

import statistics
import time
from types import SimpleNamespace

import numpy as np

from bench.accuracy import percentile


def measure(half: str) -> dict:
    """Recall on the right sign (ordinary photos, and each hard condition), matches on photos without it,
    the CPU cost per photo, and how many photos needed the second look."""
    from storydesk.screening.steps import sign_check
    from tests.support.samples.field_photos import HARD, field_photos

    _one_thread()
    sign_check.load()
    photos = field_photos(half)
    rows = []
    for photo in photos:
        image = photo.image
        ctx = SimpleNamespace(public_image=image, image_array=np.asarray(image), story=None, answer="",
                              campaign=SimpleNamespace(sign_tag="#HeForShe"))
        start = time.process_time()
        result = sign_check.check(ctx)
        cpu_ms = (time.process_time() - start) * 1000
        evidence = result.evidence
        rows.append(SimpleNamespace(photo=photo, found=evidence.found, look=evidence.look, ms=cpu_ms,
                                    text=evidence.text))
    tags = [r for r in rows if r.photo.has_tag]
    ordinary = [r for r in tags if not r.photo.hard]
    others = [r for r in rows if not r.photo.has_tag]
    ms = sorted(r.ms for r in rows)
    return {
        "half": half, "photos": len(rows),
        "ordinary": _recall(ordinary),
        "hard": {condition: _recall([r for r in tags if condition in r.photo.hard]) for condition in HARD},
        "false_matches": {"found": sum(r.found for r in others), "of": len(others),
                          "which": [f"{r.photo.name}: {r.text}" for r in others if r.found]},
        "missed": [r.photo.name for r in tags if not r.found],
        "cpu_ms": {"median": statistics.median(ms), "p95": percentile(ms, 95), "max": ms[-1],
                   "median_with_the_sign": statistics.median(r.ms for r in tags)},
        "second_look": {"taken": sum(r.look == "second" for r in rows),
                        "found": sum(r.found and r.look == "second" for r in rows)},
        "megapixels": {"median": statistics.median(r.photo.recipe.size[0] * r.photo.recipe.size[1] / 1e6
                                                   for r in rows)},
    }


def lines(result: dict) -> list[str]:
    """The result in a few lines to print."""
    def recall(r: dict) -> str:
        return f"{r['found']}/{r['of']} ({r['found'] / r['of']:.0%})" if r["of"] else "–"

    false = result["false_matches"]
    out = [f"sign_check on the field photos, {result['half']} half ({result['photos']} photos)",
           f"  ordinary sign photos found: {recall(result['ordinary'])}",
           "  hard sign photos found: " + ", ".join(f"{c} {recall(r)}" for c, r in result["hard"].items()),
           f"  decoy / blank / other / no-sign photos matched: {false['found']}/{false['of']}"
           + (f" ({'; '.join(false['which'])})" if false["which"] else ""),
           f"  CPU per photo: median {result['cpu_ms']['median']:.0f} ms, p95 {result['cpu_ms']['p95']:.0f} ms, "
           f"max {result['cpu_ms']['max']:.0f} ms; median of the photos with the sign "
           f"{result['cpu_ms']['median_with_the_sign']:.0f} ms",
           f"  second look taken on {result['second_look']['taken']}, found the sign on "
           f"{result['second_look']['found']}"]
    if result["missed"]:
        out.append("  missed: " + ", ".join(result["missed"]))
    return out


def _recall(rows: list) -> dict:
    return {"found": sum(r.found for r in rows), "of": len(rows)}


def _one_thread() -> None:
    """One model thread, as a worker beside others has (set before the OCR engine is first built)."""
    from django.conf import settings

    if not getattr(settings, "STORYDESK_MODEL_THREADS", 0):
        settings.STORYDESK_MODEL_THREADS = 1
