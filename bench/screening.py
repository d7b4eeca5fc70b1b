"""`storydesk bench screening`: per-step times, stories/s per core, memory per worker, the pipeline's
own overhead, and accuracy on the labelled field sets, each on its tune half and its held-out half.

The timed run screens the field photos (tests/support/samples/field_photos.py), each with a field answer
(field_answers.py, eight languages), through the real pipeline on a throwaway SQLite desk; sign and person
results are read back from the stored verdicts. Then every part's own measure (bench/accuracy.py)
runs on both halves without a database."""
from __future__ import annotations

import io
import multiprocessing
import os
import resource
import statistics
import time
from dataclasses import dataclass

from django.db import connections

from bench.accuracy import percentile, run_accuracy_bench
from storydesk.actions.base import Actor
from storydesk.actions.campaign import current_campaign
from storydesk.actions.intake import receive_story
from storydesk.actions.photo_copies import make_missing_copies
from storydesk.actions.screening import screen_story
from storydesk.cli.init import init_desk
from storydesk.incoming import IncomingPhoto, IncomingStory
from storydesk.models import Status, Story, Verdict
from storydesk.screening.evidence import Screening


@dataclass(frozen=True)
class Truth:
    has_tag: bool
    has_person: bool
    ordinary: bool  # no hard condition (small, angled, low light, turned, covered)
    megapixels: float


def run_screening_bench(*, photos: int, workers: list[int], accuracy_only: bool = False, report=print) -> dict:

    results: dict = {}
    if not accuracy_only:
        results = _timed_run(photos, workers, report)
    report("\nAccuracy on the field sets, tune half (settings chosen on it) and held-out half (never):")
    results["field_accuracy"] = run_accuracy_bench(report=report)
    return results


def _timed_run(photos: int, workers: list[int], report) -> dict:
    from tests.support.samples.field_answers import answers
    from tests.support.samples.field_photos import field_photos

    init_desk(verbose=False)
    dataset = field_photos()[:photos or None]
    texts = [*answers("tune"), *answers("held_out")]
    report(f"Drawing and ingesting {len(dataset)} field photos (800–4000 px) with answers in eight languages …")
    truth: dict[int, Truth] = {}
    warm_ids = []
    for i, item in enumerate([*dataset[:max(workers)], *dataset]):
        image = item.image
        story_id = _ingest(image, texts[i % len(texts)].text, f"bench-{i}")
        if i < max(workers):
            warm_ids.append(story_id)  # one per worker, screened first to load the models (not counted)
        else:
            truth[story_id] = Truth(item.has_tag, item.has_person, not item.hard,
                                    image.width * image.height / 1e6)
    results: dict = {"photos": len(dataset), "runs": {}}
    for n in workers:
        _reset(list(truth))
        run = _screen_all(list(truth), warm_ids, n)
        results["runs"][n] = run
        report(f"{n} worker(s): {run['stories_per_s']:.2f} stories/s, {run['cores_busy']:.2f} cores busy, "
               f"peak RSS per worker {max(run['peak_rss_mb']):.0f} MB")
        if n == workers[0]:
            results["steps"] = _step_stats(list(truth))
            results["per_story"] = _story_stats(run["wall_ms"], truth)
            results["accuracy"] = _accuracy(truth)
    one = results["runs"][workers[0]]
    results["stories_per_s_per_core"] = one["stories_per_s"] / workers[0]
    if len(workers) > 1:
        results["speedup"] = results["runs"][workers[-1]]["stories_per_s"] / one["stories_per_s"]
    _print(results, report)
    return results


def _ingest(image, answer: str, key: str) -> int:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    received = receive_story(IncomingStory(
        channel="bench", source_key=key, answer=answer, photos=(IncomingPhoto(out.getvalue(), f"{key}.jpg"),),
        first_name="Bench", country="GB", age_confirmed=True,
    ), campaign=current_campaign(), actor=Actor.cli())
    # The public copies are made when screening first begins, and only then: made here, untimed, so every
    # timed run does the same work, the screening itself (the copies' cost is `bench email`'s and `social`'s).
    make_missing_copies(received.story)
    return received.story.pk


def _reset(ids: list[int]) -> None:
    # Harness only: put the stories back to "received" so every run screens the same work.
    Verdict.objects.filter(story_id__in=ids).delete()
    Story.objects.filter(pk__in=ids).update(status=Status.RECEIVED, duplicate_of=None)


def _screen_all(ids: list[int], warm_ids: list[int], workers: int) -> dict:
    connections.close_all()  # forked workers must open their own connections
    ctx = multiprocessing.get_context("fork")
    warm_queue, barrier = ctx.Queue(), ctx.Barrier(workers)
    for story_id in warm_ids[:workers]:
        warm_queue.put(story_id)
    with ctx.Pool(workers, initializer=_warm, initargs=(warm_queue, barrier)) as pool:
        pool.map(_together, range(workers), chunksize=1)  # every worker has loaded its models
        started = time.perf_counter()
        timings = pool.map(_screen_one, ids, chunksize=1)
        elapsed = time.perf_counter() - started
        ends = pool.map(_worker_end, range(workers), chunksize=1)
    return {
        "workers": workers, "stories": len(ids), "seconds": round(elapsed, 2),
        "stories_per_s": len(ids) / elapsed, "wall_ms": dict(timings),
        "peak_rss_mb": [peak for peak, _ in ends],
        # CPU seconds the workers spent per second of the run: above the worker count, a library ran
        # threads of its own, which would flatter one worker and hide the speed-up of two.
        "cores_busy": round(sum(cpu for _, cpu in ends) / elapsed, 2),
    }


_barrier = None
_cpu_at_start = 0.0


def _warm(warm_queue, barrier) -> None:
    """Each worker screens one throwaway story first, so model loading is not timed."""
    global _barrier
    _barrier = barrier
    story_id = warm_queue.get()
    Verdict.objects.filter(story_id=story_id).delete()
    Story.objects.filter(pk=story_id).update(status=Status.RECEIVED)
    screen_story(story_id)


def _together(_) -> None:
    global _cpu_at_start
    _barrier.wait()  # holds each task until every worker has one: one task per worker
    _cpu_at_start = _cpu_seconds()


def _screen_one(story_id: int) -> tuple[int, float]:
    started = time.perf_counter()
    screen_story(story_id)
    return story_id, (time.perf_counter() - started) * 1000


def _worker_end(_) -> tuple[float, float]:
    """This worker's peak memory (MB) and the CPU seconds it spent screening."""
    cpu = _cpu_seconds() - _cpu_at_start
    _barrier.wait()
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024), cpu


def _cpu_seconds() -> float:
    times = os.times()
    return times.user + times.system


def _step_stats(ids: list[int]) -> dict:
    by_step: dict[str, list[int]] = {}
    for step, ms in Verdict.objects.filter(story_id__in=ids).values_list("step", "duration_ms"):
        by_step.setdefault(step, []).append(ms)
    return {step: {"median_ms": statistics.median(v), "p95_ms": percentile(v, 95)} for step, v in by_step.items()}


def _story_stats(wall_ms: dict[int, float], truth: dict[int, Truth]) -> dict:
    steps_ms = {}
    for story_id, ms in Verdict.objects.filter(story_id__in=list(wall_ms)).values_list("story_id", "duration_ms"):
        steps_ms[story_id] = steps_ms.get(story_id, 0) + ms
    overhead = [wall_ms[s] - steps_ms.get(s, 0) for s in wall_ms]
    two_mp = [wall_ms[s] for s in wall_ms if 1.5 <= truth[s].megapixels <= 2.5]
    return {
        "median_ms": statistics.median(wall_ms.values()), "p95_ms": percentile(list(wall_ms.values()), 95),
        "median_ms_2mp": statistics.median(two_mp) if two_mp else None, "stories_2mp": len(two_mp),
        "overhead_median_ms": statistics.median(overhead), "overhead_p95_ms": percentile(overhead, 95),
    }


def _accuracy(truth: dict[int, Truth]) -> dict:
    """Sign and person results of the whole pipeline, read back from the stored verdicts: a check that the
    pipeline does what the steps' own measures (below it) say. Every field photo was tuning material for some
    step, so these are no held-out figures."""
    verdicts = {(v.story_id, v.step): v for v in Verdict.objects.filter(
        story_id__in=list(truth), step__in=["sign_check", "person_check"])}

    def count(which, passed) -> tuple[int, int]:
        ids = [s for s, t in truth.items() if which(t)]
        return sum(1 for s in ids if passed(s)), len(ids)

    def sign_read(s):
        return Screening.of([verdicts[(s, "sign_check")]]).sign_read

    def person_found(s):
        return verdicts[(s, "person_check")].outcome == "pass"

    return {
        "ordinary_signs_read": count(lambda t: t.has_tag and t.ordinary, sign_read),
        "hard_signs_read": count(lambda t: t.has_tag and not t.ordinary, sign_read),
        "decoys_matched": count(lambda t: not t.has_tag, sign_read),
        "people_found": count(lambda t: t.has_person, person_found),
        "no_one_counted": count(lambda t: not t.has_person, person_found),
    }


def _print(results: dict, report) -> None:
    report("\nstep                 median ms   p95 ms")
    for step, s in results["steps"].items():
        report(f"{step:20} {s['median_ms']:9.0f} {s['p95_ms']:8.0f}")
    p = results["per_story"]
    report(f"\nper story: median {p['median_ms']:.0f} ms, p95 {p['p95_ms']:.0f} ms; "
           f"2-MP photos ({p['stories_2mp']}): median {p['median_ms_2mp'] or 0:.0f} ms")
    report(f"pipeline overhead beyond the steps: median {p['overhead_median_ms']:.1f} ms, "
           f"p95 {p['overhead_p95_ms']:.1f} ms")
    speedup = (f"; speed-up with {max(results['runs'])} workers: {results['speedup']:.2f}×"
               if "speedup" in results else "")
    report(f"stories/s per core: {results['stories_per_s_per_core']:.2f}" + speedup)
    report("through the pipeline: " + "; ".join(
        f"{what.replace('_', ' ')} {hits}/{of}" for what, (hits, of) in results["accuracy"].items()))
