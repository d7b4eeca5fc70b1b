"""`storydesk bench desk`: every desk page with N stories, as a logged-in moderator (the queue, the story page,
the audit log) and a manager (the calendar) see it through Django's test Client: the first load with every
cache cleared (what a moderator opening the desk waits for), then the median of --repeats loads. The queue
with no filter, with each filter alone, and with a few combinations; and the duplicate lookup (screening's
duplicate step: pHash bands and embedding LSH buckets) per story as the similarity index grows through
--lookup-sizes. Runs on a throwaway SQLite desk, or on the empty database STORYDESK_BENCH_DATABASE_URL names
(e.g. PostgreSQL); --reuse measures the same stories again (e.g. before and after a change)."""
from __future__ import annotations

import datetime as dt
import random
import statistics
import sys
import time
from functools import partial

import numpy as np
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from tqdm import tqdm

from bench.insights_data import bench_campaign, make_campaign_year
from storydesk.actions.base import Actor
from storydesk.actions.staff import create_staff
from storydesk.desk.queue import SORTS
from storydesk.models import AuditEvent, Photo, Slot, Story, StoryEmbedding
from storydesk.models.similarity import embedding_buckets, phash_bands, vector_to_bytes
from storydesk.screening.steps import duplicate_check

TARGET_MS = 200.0
# What the bench adds to make_campaign_year's stories so that every filter has something to find: a flag
# from the duplicate step on every FLAG_EVERY-th story (with duplicate_of set), an assignment on every
# ASSIGN_EVERY-th, and AUDIT_PER_STORY audit events per story (the audit log's size at a million stories).
FLAG_EVERY = 20
ASSIGN_EVERY = 50
AUDIT_PER_STORY = 1
# The bench's answer vectors: random unit vectors with this many dimensions (the LSH buckets and the
# candidate cap don't depend on the dimension; a smaller one keeps a million vectors off the disk).
VECTOR_DIMENSIONS = 64
LOOKUPS = 20


def run_desk_bench(*, stories: int, repeats: int, seed: int, reuse: bool = False, lookup_sizes=(),
                   pages: bool = True, report=print) -> dict:
    campaign = bench_campaign("desk", stories, reuse=reuse)
    results: dict = {"stories": stories, "database": settings.DATABASES["default"]["ENGINE"], "repeats": repeats,
                     "reused": reuse}
    moderator, _ = create_staff(username="bench-desk-moderator", password="bench-password-9", role="moderator",
                                actor=Actor.cli())
    manager, _ = create_staff(username="bench-desk-manager", password="bench-password-9", role="manager",
                              actor=Actor.cli())
    if not reuse:
        started = time.monotonic()
        with tqdm(total=stories, desc="stories", unit="story", file=sys.stderr) as bar:
            make_campaign_year(campaign, stories, seed=seed, progress=bar.update)
        _desk_extras(moderator)
        results["make_s"] = round(time.monotonic() - started, 1)
        report(f"{stories:,} stories made in {results['make_s']} s")
        if connection.vendor == "postgresql":
            _vacuum_analyze(results, report)
    if pages:
        results["pages_ms"] = _pages(campaign, moderator, manager, repeats, report)
        slowest = max(results["pages_ms"].items(), key=lambda item: item[1]["first"])
        results["slowest_first_load"] = {"page": slowest[0], "ms": slowest[1]["first"]}
        report(f"Target: every page ≤ {TARGET_MS:g} ms on first load: "
               f"{'met' if slowest[1]['first'] <= TARGET_MS else 'NOT met'} "
               f"(slowest first load: {slowest[0]}, {slowest[1]['first']} ms)")
    if lookup_sizes:
        results["duplicate_lookup_ms"] = _duplicate_lookups(lookup_sizes, seed, report)
    return results


def _vacuum_analyze(results: dict, report) -> None:
    """What autovacuum does soon after a bulk load: planner statistics and the visibility map."""
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    results["vacuum_analyze_s"] = round(time.monotonic() - started, 1)
    report(f"VACUUM ANALYZE (as autovacuum would after a bulk load): {results['vacuum_analyze_s']} s")


def _desk_extras(moderator) -> None:
    """Flags, duplicates, assignments and audit events, in a few set-based statements (fast at a million)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO storydesk_verdict (story_id, step, position, outcome, score, evidence, duration_ms, "
            "created_at) SELECT id, 'duplicate_check', 1, 'flag', 0.9, '{}', 0, created_at FROM storydesk_story "
            "WHERE id %% %s = 0", [FLAG_EVERY])
        cursor.execute("UPDATE storydesk_story SET flagged = %s, duplicate_of_id = id - 1 WHERE id %% %s = 0",
                       [True, FLAG_EVERY])
        cursor.execute("UPDATE storydesk_story SET assigned_to_id = %s WHERE id %% %s = 1",
                       [moderator.pk, ASSIGN_EVERY])
        for _ in range(AUDIT_PER_STORY):
            cursor.execute(
                "INSERT INTO storydesk_auditevent (campaign_id, story_id, actor_id, actor_label, verb, data, "
                "created_at) SELECT campaign_id, id, NULL, 'system', 'story.received', '{}', created_at "
                "FROM storydesk_story")


# --- pages ----------------------------------------------------------------------------------------

def _queue_views(campaign) -> dict[str, dict]:
    spec = campaign.spec
    theme = spec.themes[0].name if spec.themes else "taking action"
    month = {"since": (spec.start + dt.timedelta(days=60)).isoformat(),
             "until": (spec.start + dt.timedelta(days=90)).isoformat()}
    return {
        "queue": {},
        "queue status=all": {"status": "all"},
        "queue status=approved": {"status": "approved"},
        "queue channel=instagram": {"channel": "instagram"},
        "queue step=duplicate_check": {"step": "duplicate_check"},
        "queue theme": {"theme": theme},
        "queue country=KE": {"country": "KE"},
        "queue language=fr": {"language": "fr"},
        "queue consent=none": {"consent": "none"},
        "queue consent=withdrawn": {"consent": "withdrawn"},
        "queue duplicate=yes": {"duplicate": "yes"},
        "queue assigned=me": {"assigned": "me"},
        "queue assigned=nobody": {"assigned": "nobody"},
        "queue a month": month,
        "queue sort=newest": {"sort": "newest"},
        "queue sort=oldest, page 50": _deep(campaign, {"sort": "oldest"}, 50),
        "queue status=all, page 2000": _deep(campaign, {"status": "all"}, 2000),
        "queue channel+country": {"channel": "email", "country": "IN"},
        "queue status=all+language+consent": {"status": "all", "language": "es", "consent": "website"},
        "queue status=all+theme+month": {"status": "all", "theme": theme, **month},
        "queue status=all+step+assigned=nobody+newest": {"status": "all", "step": "duplicate_check",
                                                         "assigned": "nobody", "sort": "newest"},
    }


def _deep(campaign, query: dict, page: int) -> dict:
    """A page deep in the queue, asked both ways: ?page=N (numbered pages, before keyset paging) and
    ?after=<the last story of page N − 1> (keyset pages; ?page is then ignored). Both list the same stories."""
    order = SORTS[query.get("sort", "flagged")]
    stories = Story.objects.filter(campaign=campaign)
    if query.get("status") != "all":
        stories = stories.filter(status="in_review")
    size = settings.STORYDESK_DESK_PAGE_SIZE
    page = max(2, min(page, stories.count() // size))  # a small trial run has fewer pages than asked
    after = stories.order_by(*order).values_list("pk", flat=True)[(page - 1) * size - 1]
    return {**query, "page": str(page), "after": str(after)}


def _a_planned_slot(campaign) -> int | None:
    return Slot.objects.filter(campaign=campaign, state="planned").order_by("starts_at").values_list(
        "pk", flat=True).first()


def _deep_audit(page: int) -> dict:
    page = max(2, min(page, AuditEvent.objects.count() // 100))  # a small trial run has fewer pages than asked
    after = AuditEvent.objects.order_by("-created_at", "-id").values_list("pk", flat=True)[(page - 1) * 100 - 1]
    return {"page": str(page), "after": str(after)}


def _pages(campaign, moderator, manager, repeats: int, report) -> dict[str, dict]:
    host = settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else "localhost"
    moderators, managers = Client(HTTP_HOST=host), Client(HTTP_HOST=host)
    moderators.force_login(moderator)
    managers.force_login(manager)
    stories = Story.objects.filter(campaign=campaign, status="in_review").order_by("created_at", "id")
    middle = stories.values_list("pk", flat=True)[stories.count() // 2]
    views = {name: (moderators, "/desk/", query) for name, query in _queue_views(campaign).items()}
    views |= {
        "story page": (moderators, f"/desk/stories/{middle}/", {}),
        "story page, from a filtered queue": (moderators, f"/desk/stories/{middle}/",
                                              {"status": "all", "channel": "web", "sort": "newest"}),
        "calendar": (managers, "/desk/calendar/", {"month": campaign.spec.start.isoformat()[:7]}),
        "audit": (moderators, "/desk/audit/", {}),
        "audit, page 500": (moderators, "/desk/audit/", _deep_audit(500)),
        "audit, one verb": (moderators, "/desk/audit/", {"verb": "story.received"}),
    }
    slot = _a_planned_slot(campaign)
    if slot is not None:  # a small trial run's year may have none left to plan
        views["calendar slot (its story picker)"] = (managers, f"/desk/calendar/slots/{slot}/", {})
    # The process's own first request (imports, compiled templates, the translation catalogue) is not what a
    # moderator waits for on a running server: one unmeasured load of each page, on a filter measured nowhere.
    _load(moderators, "/desk/", {"status": "errored"})
    _load(moderators, f"/desk/stories/{middle}/", {"status": "errored"})
    _load(moderators, "/desk/audit/", {"verb": "nothing.measured"})
    _load(managers, "/desk/calendar/", {})
    out = {}
    for name, (client, path, query) in views.items():
        cache.clear()  # the first load finds nothing kept: no counts, no campaign
        load = partial(_load, client, path, query)
        first = _ms(load)
        median = round(statistics.median(_ms(load) for _ in range(repeats)), 1)
        out[name] = {"first": first, "median": median}
        report(f"{name}: first load {first} ms, median {median} ms")
    return out


def _ms(call) -> float:
    started = time.perf_counter()
    call()
    return round((time.perf_counter() - started) * 1000, 1)


def _load(client, path: str, query: dict):
    response = client.get(path, query)
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}")
    return response


# --- the duplicate lookup -------------------------------------------------------------------------

def _duplicate_lookups(sizes, seed: int, report) -> dict[int, dict]:
    """Index the first `size` stories (photo hash bands, answer fingerprint, embedding buckets), growing the
    index size by size, and time duplicate_check's two lookups for LOOKUPS of the newest indexed stories
    (each looks back over every story before it)."""
    rng = np.random.default_rng(seed)
    ids = list(Story.objects.order_by("pk").values_list("pk", flat=True)[:max(sizes)])
    # A --reuse run finds the index grown before (always over the first stories, in order): it times the
    # lookups again at each size, since a lookup only looks back at the stories before its own.
    out, done = {}, StoryEmbedding.objects.count()
    for size in sorted(sizes):
        size = min(size, len(ids))
        started = time.monotonic()
        with tqdm(total=max(0, size - done), desc=f"index to {size:,}", unit="story", file=sys.stderr) as bar:
            for start in range(done, size, 5000):
                chunk = ids[start:min(size, start + 5000)]
                with transaction.atomic():
                    _index(chunk, rng)
                bar.update(len(chunk))
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for table in ("storydesk_photo", "storydesk_photohashband", "storydesk_embeddingbucket",
                              "storydesk_storyembedding"):
                    cursor.execute(f"VACUUM ANALYZE {table}")
        indexed_s = round(time.monotonic() - started, 1)
        done = max(done, size)
        probes = random.Random(seed).sample(ids[size - size // 10:size], min(LOOKUPS, size // 10))
        photo_ms, text_ms, found = [], [], []
        for story_id in probes:
            photo = Photo.objects.filter(story_id=story_id).first()
            embedding = StoryEmbedding.objects.get(story_id=story_id)
            vector = embedding.as_array()
            photo_ms.append(_ms(lambda: found.append(duplicate_check._photo_matches(story_id, photo))))  # noqa: B023
            text_ms.append(_ms(lambda: found.append(duplicate_check._text_matches(  # noqa: B023
                story_id, embedding.answer_sha256, vector, embedding.embedder))))  # noqa: B023
        out[size] = {"photo_ms": round(statistics.median(photo_ms), 1), "text_ms": round(statistics.median(text_ms), 1),
                     "photo_max_ms": max(photo_ms), "text_max_ms": max(text_ms), "indexed_s": indexed_s,
                     "matches": sum(len(f) for f in found)}
        report(f"duplicate lookup at {size:,} stories: photo bands {out[size]['photo_ms']} ms "
               f"(max {out[size]['photo_max_ms']}), answer fingerprint + LSH buckets {out[size]['text_ms']} ms "
               f"(max {out[size]['text_max_ms']}), median of {len(probes)}; index grown in {indexed_s} s")
    return out


def _index(story_ids: list[int], rng: np.random.Generator) -> None:
    """What index_screened writes, for many stories at once: one photo with a random pHash (1 in 50 a near
    copy of an earlier one), the answer's fingerprint and a random unit vector's buckets."""
    photos = Photo.objects.bulk_create([Photo(
        story_id=story_id, public_key=f"bench-{story_id}", sha256=f"{story_id:064x}",
        phash=f"{int(rng.integers(0, 2 ** 63)) * 2 + int(rng.integers(0, 2)):016x}", format="jpeg",
        width=1, height=1, public_width=1, public_height=1, thumb_width=1, thumb_height=1, size_bytes=1)
        for story_id in story_ids], batch_size=1000)
    vectors = rng.standard_normal((len(story_ids), VECTOR_DIMENSIONS)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    bands = [(p.pk, p.story_id, band, value) for p in photos for band, value in phash_bands(p.phash)]
    buckets = [(story_id, band, value) for story_id, vector in zip(story_ids, vectors)
               for band, value in embedding_buckets(vector)]
    embeddings = [(story_id, f"{story_id:064x}", "bench", vector_to_bytes(vector))
                  for story_id, vector in zip(story_ids, vectors)]
    _copy("storydesk_photohashband", ("photo_id", "story_id", "band", "value"), bands)
    _copy("storydesk_embeddingbucket", ("story_id", "band", "value"), buckets)
    StoryEmbedding.objects.bulk_create([StoryEmbedding(story_id=s, answer_sha256=h, embedder=e, vector=v)
                                        for s, h, e, v in embeddings], batch_size=1000)


def _copy(table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """COPY on PostgreSQL (tens of millions of bucket rows at a million stories); executemany elsewhere."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join("%s" for _ in columns)
            cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)

