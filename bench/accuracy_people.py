"""person_check's accuracy on the field photo set (tests/support/samples/field_photos.py), without a database:
person recall overall and per hard condition (small, angled, low_light, turned, covered), false positives on
photos of no one, how many people only the second look (NudeNet closer up, OpenCV's cascades) found, and the
time it takes.

Run: `storydesk bench accuracy people --half tune` while tuning; `--half held_out` only once, at the end.
The halves: "tune" is every field photo, because field_photos' own held-out half was seen on 2026-12-07
(person_check's first held-out measurement: 60/71); "held_out" is fresh_field_photos(), a batch drawn by the
same recipe with another seed, never looked at while tuning.
No database is opened: the step's detection runs on each photo's pixels (Django is set up only because the
screening package imports the models).
"""
from __future__ import annotations

import os
import statistics
import sys
import time

from PIL import Image

from bench.accuracy import percentile

TIMING_MP = 2.0  # the second look is also timed on every photo scaled to this many megapixels


def measure(half: str) -> dict:
    from storydesk.screening.ml import detector
    from storydesk.screening.steps import person_check
    from tests.support.samples.field_photos import HARD, field_photos, fresh_field_photos

    person_check.load()
    people = {"all": [0, 0], **{h: [0, 0] for h in HARD}}  # found, of
    nobody = [0, 0]  # counted a person, of
    by: dict[str, int] = {}
    missed, false_positives, nudenet_ms, step_ms, second_ms = [], [], [], [], []
    photos = {"tune": field_photos, "held_out": fresh_field_photos}[half]()
    for photo in photos:
        image = photo.image
        start = time.perf_counter()
        detections = detector.detect(image)
        nudenet_ms.append((time.perf_counter() - start) * 1000)
        result = person_check.judge(detections, image)
        step_ms.append((time.perf_counter() - start) * 1000)
        passed = result.outcome == "pass"
        if photo.has_person:
            for key in ("all", *photo.hard):
                people[key][0] += passed
                people[key][1] += 1
            if passed:
                by[result.evidence.found_by] = by.get(result.evidence.found_by, 0) + 1
            else:
                missed.append(photo.name)
        else:
            nobody[0] += passed
            nobody[1] += 1
            if passed:
                false_positives.append(f"{photo.name} ({result.evidence.found_by})")
        second_ms.append(_second_look_ms(image))
    return {"half": half, "recall": {k: tuple(v) for k, v in people.items()}, "false_positives": tuple(nobody),
            "found_by": by, "missed": missed, "false_positive_photos": false_positives,
            "nudenet_ms": _spread(nudenet_ms), "step_ms": _spread(step_ms), "second_look_ms": _spread(second_ms)}


def _second_look_ms(image: Image.Image) -> float:
    """The second look's cost on the photo at TIMING_MP megapixels, as when NudeNet counted no face on it: NudeNet
    on its squares, then (unless that counts a face) the cascades."""
    from storydesk.screening.steps import person_check

    scale = (TIMING_MP * 1e6 / (image.width * image.height)) ** 0.5
    sized = image.resize((round(image.width * scale), round(image.height * scale)), Image.Resampling.BILINEAR)
    start = time.perf_counter()
    person_check.judge([], sized)
    return (time.perf_counter() - start) * 1000


def _spread(values: list[float]) -> dict:
    return {"median": statistics.median(values), "p95": percentile(values, 95)}


def lines(result: dict) -> list[str]:
    def share(pair) -> str:
        found, of = pair
        return f"{found}/{of} ({found / of:.1%})" if of else "0/0"

    recall = result["recall"]
    source = {"tune": "tune: every field photo", "held_out": "held out: the fresh batch"}[result["half"]]
    out = [f"person_check on {source}:",
           f"  person recall: {share(recall['all'])}",
           *(f"    {hard}: {share(pair)}" for hard, pair in recall.items() if hard != "all"),
           f"  false positives on photos of no one: {share(result['false_positives'])}",
           "  found by: " + ", ".join(f"{k} {v}" for k, v in sorted(result["found_by"].items())),
           f"  NudeNet alone: median {result['nudenet_ms']['median']:.0f} ms, p95 {result['nudenet_ms']['p95']:.0f} ms;"
           f" the step: median {result['step_ms']['median']:.0f} ms, p95 {result['step_ms']['p95']:.0f} ms"
           " (photos as they are, 0.5-16 MP)",
           f"  second look alone at {TIMING_MP:g} MP: median {result['second_look_ms']['median']:.0f} ms, "
           f"p95 {result['second_look_ms']['p95']:.0f} ms"]
    if result["missed"]:
        out.append("  missed: " + ", ".join(result["missed"]))
    if result["false_positive_photos"]:
        out.append("  counted a person in: " + ", ".join(result["false_positive_photos"]))
    return out


if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    django.setup()
    print("\n".join(lines(measure(sys.argv[1] if len(sys.argv) > 1 else "tune"))))
