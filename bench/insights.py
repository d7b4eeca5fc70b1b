"""`storydesk bench insights`: /desk/insights/ with N stories over the campaign's year. Measures building
the per-day summary from nothing, recounting one busy day (what a refresh costs after changes), each
dashboard table's query for the whole year and for the last 90 days (all channels and one), the whole page
as a manager sees it, and `storydesk report` for the year. Runs on a throwaway SQLite desk, or on the empty
database STORYDESK_BENCH_DATABASE_URL names (e.g. PostgreSQL)."""
from __future__ import annotations

import datetime as dt
import statistics
import subprocess
import sys
import tempfile
import time

from django.conf import settings
from django.db import connection
from django.db.models import Count
from django.test import Client
from tqdm import tqdm

from bench.insights_data import bench_campaign, make_campaign_year
from storydesk.actions.base import Actor
from storydesk.actions.staff import create_staff
from storydesk.insights import queries, rollup
from storydesk.insights.counts_from_stories import Filters
from storydesk.models import InsightsDirtyDay, Story

TARGET_MS = 200.0
TARGET_REPORT_S = 60.0


def run_insights_bench(*, stories: int, repeats: int, seed: int, reuse: bool = False, report=print) -> dict:
    campaign = bench_campaign("insights", stories, reuse=reuse)
    spec = campaign.spec
    results: dict = {"stories": stories, "database": settings.DATABASES["default"]["ENGINE"],
                     "campaign_days": (spec.end - spec.start).days + 1, "repeats": repeats, "reused": reuse}
    if not reuse:
        started = time.monotonic()
        with tqdm(total=stories, desc="stories", unit="story", file=sys.stderr) as bar:
            make_campaign_year(campaign, stories, seed=seed, progress=bar.update)
        results["make_s"] = round(time.monotonic() - started, 1)
    results["days_logged"] = InsightsDirtyDay.objects.values("day").distinct().count()

    started = time.monotonic()
    results["summary_days"] = rollup.refresh(campaign)
    results["summary_build_s"] = round(time.monotonic() - started, 1)
    made = "from an earlier run" if reuse else f"made in {results['make_s']} s"
    report(f"{stories:,} stories {made}; "
           f"summary of {results['summary_days']} days built in {results['summary_build_s']} s")
    if connection.vendor == "postgresql" and not reuse:
        # What autovacuum does soon after a bulk load: planner statistics and the visibility map, without
        # which PostgreSQL can't read the summary from its covering index alone.
        started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        results["vacuum_analyze_s"] = round(time.monotonic() - started, 1)
        report(f"VACUUM ANALYZE (as autovacuum would after a bulk load): {results['vacuum_analyze_s']} s")

    busiest = (Story.objects.filter(campaign=campaign).values("created_at__date")
               .annotate(n=Count("pk")).order_by("-n").first())
    results["recount_busiest_day_ms"] = _median_ms(lambda: rollup.recount_day(campaign, busiest["created_at__date"]),
                                                   repeats)
    results["busiest_day_stories"] = busiest["n"]
    results["refresh_nothing_to_do_ms"] = _median_ms(lambda: rollup.refresh(campaign), repeats)
    report(f"Recounting the busiest day ({busiest['n']} stories): {results['recount_busiest_day_ms']} ms; "
           f"a refresh with nothing to recount: {results['refresh_nothing_to_do_ms']} ms")

    ranges = {"year": Filters(spec.start, spec.end), "year, instagram": Filters(spec.start, spec.end, "instagram"),
              "last 90 days": Filters(spec.end - dt.timedelta(days=89), spec.end)}
    results["tables_ms"] = {}
    for name, filters in ranges.items():
        times = {slug: _median_ms(lambda make=make, filters=filters: make(campaign, filters), repeats)
                 for slug, make in queries.TABLES.items()}
        times["channels"] = _median_ms(lambda: queries.channels(campaign), repeats)
        results["tables_ms"][name] = times
        slowest = max(times, key=times.get)
        report(f"{name}: slowest table {slowest} {times[slowest]} ms; "
               + ", ".join(f"{k} {v}" for k, v in times.items()))
    results["slowest_table_ms"] = max(v for times in results["tables_ms"].values() for v in times.values())
    results["tables_within_target"] = results["slowest_table_ms"] <= TARGET_MS

    manager, _ = create_staff(username="bench-manager", password="bench-password-9", role="manager",
                              actor=Actor.cli())
    client = Client()
    client.force_login(manager)
    query = {"from": spec.start.isoformat(), "to": spec.end.isoformat()}
    results["page_year_ms"] = _median_ms(lambda: _ok(client.get("/desk/insights/", query)), repeats)
    report(f"The whole dashboard page for the year: {results['page_year_ms']} ms (median of {repeats})")

    from storydesk.cli import main

    out = tempfile.mkdtemp(prefix="storydesk-report-")
    started = time.monotonic()
    code = main(["report", "--out", out])
    results["report_s"] = round(time.monotonic() - started, 2)
    results["report_exit_code"] = code
    results["report_within_target"] = code == 0 and results["report_s"] < TARGET_REPORT_S
    report(f"storydesk report for the year: {results['report_s']} s (exit code {code}), written to {out}")
    results["exports"] = {kind: _export(kind, out) for kind in ("stories", "decisions", "consents")}
    for kind, measured in results["exports"].items():
        report(f"storydesk export {kind} --format jsonl: {measured['rows']:,} rows in {measured['seconds']} s, "
               f"peak memory {measured['peak_rss_mb']} MB")
    report(f"Targets: each table ≤ {TARGET_MS:g} ms: {'met' if results['tables_within_target'] else 'NOT met'} "
           f"(slowest {results['slowest_table_ms']} ms); report < {TARGET_REPORT_S:g} s: "
           f"{'met' if results['report_within_target'] else 'NOT met'}")
    return results


# The export in a process of its own, so its peak memory is its own, not this bench's.
EXPORT_AND_PEAK = ("import sys; from storydesk.cli import main; code = main(sys.argv[1:]); "
                   "from bench.memory import peak_rss_mb; print('PEAK', peak_rss_mb(), file=sys.stderr); "
                   "sys.exit(code)")


def _export(kind: str, folder: str) -> dict:
    path = f"{folder}/{kind}.jsonl"
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", EXPORT_AND_PEAK, "export", kind, "--format", "jsonl", "--out", path],
                          capture_output=True, text=True)
    seconds = round(time.monotonic() - started, 1)
    if done.returncode:
        raise SystemExit(f"storydesk export {kind} failed: {done.stderr[-500:]}")
    peak = next(float(line.split()[1]) for line in done.stderr.splitlines() if line.startswith("PEAK"))
    with open(path, "rb") as written:
        rows = sum(1 for _ in written)
    return {"rows": rows, "seconds": seconds, "peak_rss_mb": peak}


def _median_ms(call, repeats: int) -> float:
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(samples), 1)


def _ok(response):
    if response.status_code != 200:
        raise SystemExit(f"/desk/insights/ answered {response.status_code}")
    return response
