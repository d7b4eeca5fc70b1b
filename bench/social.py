"""`storydesk bench social`: posts per second ingested from a local platform server, and peak memory.

A local Mastodon (bench.social_server, on 127.0.0.1) serves a hashtag timeline of N posts, each with
one phone-sized JPEG. A fresh process — its peak RSS is its own — polls it the way the worker does, one poll of
STORYDESK_SOCIAL_BATCH_SIZE posts after another until a poll brings nothing new, through the same code as
`storydesk ingest social mastodon`: timeline pages, the safe download of every photo (the server's address on
the download allow-list, as in the tests), photo checks, the story with its public copies, cursor updates.
"""
from __future__ import annotations

import os
import time

from bench.files import forget_photos
from bench.memory import run_alone

# Only the standard library up here: the ingesting process imports this module before Django is set up.
_VARIANTS = 4  # distinct photos, reused round-robin (each post is still its own story)


def run_social_bench(*, posts: int = 5000, photo_kb: int = 400, batch_size: int = 200, processes: int = 0,
                     report=print) -> dict:
    """`processes`: STORYDESK_INTAKE_PROCESSES, the posts fetched and checked ahead at once (0: one per core)."""
    from bench.social_server import BenchMastodon
    from storydesk.cli.init import init_desk

    init_desk(verbose=False)
    _only_the_local_server()
    report(f"Generating {_VARIANTS} photos of about {photo_kb} KB (1080×1350, as Instagram and phones share) …")
    photos = [_photo(i, photo_kb) for i in range(_VARIANTS)]
    with BenchMastodon(posts, photos) as server:
        os.environ.update({  # the ingesting process reads its settings from the environment, like a real desk
            "STORYDESK_MASTODON_API_BASE": server.url, "STORYDESK_MASTODON_ACCESS_TOKEN": "bench-token",
            "STORYDESK_MEDIA_ALLOWED_NETWORKS": "127.0.0.1/32", "STORYDESK_SOCIAL_BATCH_SIZE": str(batch_size),
            "STORYDESK_INTAKE_PROCESSES": str(processes),
        })
        report(f"Ingesting {posts} posts from {server.url} in a fresh process, {batch_size} per poll …")
        run = _ingest_in_fresh_process()
        run["photo_bytes_served"] = server.served_bytes
    run.update(posts=posts, photo_bytes=round(sum(len(p) for p in photos) / len(photos)), batch_size=batch_size,
               processes=processes or os.cpu_count())
    forget_photos()
    _print(run, report)
    return run


def _only_the_local_server() -> None:
    """The throwaway desk's campaign reads no other Mastodon server than the local one."""
    from storydesk.actions.campaign import current_campaign

    campaign = current_campaign()
    config = dict(campaign.config)
    config["social"] = {**config["social"], "mastodon": {**config["social"]["mastodon"], "servers": []}}
    campaign.config = config
    campaign.save(update_fields=["config"])


def _photo(variant: int, kilobytes: int) -> bytes:
    """A 1080×1350 JPEG of a person with a sign, with sensor-like grain so it weighs what shared photos weigh."""
    from bench.grainy import grainy_photo, jpeg_at_most

    return jpeg_at_most(grainy_photo(variant, (1080, 1350), grain=7), kilobytes * 1024, 40, 95)


def _ingest_in_fresh_process() -> dict:
    from django.db import connections

    connections.close_all()
    return run_alone(_ingest)  # its own interpreter: its peak RSS is the ingest's alone


def _ingest(queue) -> None:
    try:
        import django

        django.setup()
        queue.put(_poll_until_caught_up())
    except BaseException as error:  # report it to the parent instead of leaving it waiting
        import traceback

        queue.put({"error": "".join(traceback.format_exception(error))})


def _poll_until_caught_up() -> dict:
    from bench.memory import peak_rss_mb, rss_mb
    from storydesk.actions.base import Actor
    from storydesk.actions.campaign import current_campaign
    from storydesk.channels.social.poll import poll_channel
    from storydesk.models import Photo, SocialProblem, Story

    campaign = current_campaign()
    rss_before = rss_mb()
    samples, received, problems = [], 0, []
    started = time.perf_counter()
    while True:
        report = poll_channel("mastodon", campaign=campaign, actor=Actor.cli())
        received += report.received
        problems += report.problems
        samples.append({"received": received, "seconds": round(time.perf_counter() - started, 1),
                        "rss_mb": rss_mb(), "peak_rss_mb": peak_rss_mb()})
        if report.received == 0 or report.problems:
            break
    elapsed = samples[-1]["seconds"] if received else time.perf_counter() - started
    return {
        "seconds": round(elapsed, 1), "posts_per_s": round(received / elapsed, 2) if elapsed else 0.0,
        "received": received, "polls": len(samples), "problems": problems[:5],
        "stories_total": Story.objects.count(), "photos_total": Photo.objects.count(),
        "social_problems": SocialProblem.objects.count(),
        "rss_after_setup_mb": rss_before, "peak_rss_mb": peak_rss_mb(), "samples": samples,
    }


def _print(run: dict, report) -> None:
    report("")
    report(f"{run['posts']} posts, one {run['photo_bytes'] / 1024:.0f} KB photo each "
           f"({run['photo_bytes_served'] / 1024 / 1024:.0f} MB downloaded), {run['batch_size']} posts per poll, "
           f"{run['processes']} fetched ahead at once")
    report("| posts | stories | photos | polls | seconds | posts/s | RSS after setup | peak RSS |")
    report("|---:|---:|---:|---:|---:|---:|---:|---:|")
    report(f"| {run['posts']} | {run['stories_total']} | {run['photos_total']} | {run['polls']} | {run['seconds']:.0f} "
           f"| {run['posts_per_s']:.2f} | {run['rss_after_setup_mb']:.0f} MB | {run['peak_rss_mb']:.0f} MB |")
    if run["problems"]:
        report("Problems: " + "; ".join(run["problems"]))
    every = max(1, len(run["samples"]) // 5)
    report("")
    report("| received | seconds | RSS | peak RSS so far |")
    report("|---:|---:|---:|---:|")
    for s in run["samples"][every - 1::every]:
        report(f"| {s['received']} | {s['seconds']:.0f} | {s['rss_mb']:.0f} MB | {s['peak_rss_mb']:.0f} MB |")
