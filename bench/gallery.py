"""`storydesk bench gallery`: the wall and a story page under load with N published stories, side by side in
one run with (a) nginx serving the same pages saved as static files — the ceiling — and (b) the same app
server returning a constant page of the same size — the framework's own floor. Also: a page's first render
after a change, and what a publish costs (the read model's sync and the static copy's update) at that size.
Runs on a throwaway SQLite desk; needs wrk and nginx (apt-get install wrk nginx-light)."""
from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings
from django.test import Client
from tqdm import tqdm

from bench.gallery_data import make_published_stories
from bench.net import free_port, wait_for
from storydesk.actions.campaign import current_campaign
from storydesk.cli.init import init_desk
from storydesk.gallery import pagecache
from storydesk.gallery.entries import sync_stories
from storydesk.gallery.listener import apply_change
from storydesk.gallery.static_site import MANIFEST, update_site
from storydesk.models import GalleryStory, Publication, Target

SERVERS = ("granian", "gunicorn")
TARGET_SHARE = 0.80  # of the constant page's requests/s
TARGET_P99_MS = 50.0


def missing_tools() -> list[str]:
    return [tool for tool in ("wrk", "nginx") if not (shutil.which(tool) or Path(f"/usr/sbin/{tool}").exists())]


def run_gallery_bench(*, stories: int, duration: int, connections: int, threads: int, server: str, workers: int,
                      warmup: int, seed: int, load: bool = True, report=print) -> dict:
    if load and (missing := missing_tools()):
        raise SystemExit(f"storydesk bench gallery needs {' and '.join(missing)}: "
                         f"apt-get install {' '.join('nginx-light' if t == 'nginx' else t for t in missing)}")
    init_desk(verbose=False)
    campaign = current_campaign()
    results: dict = {"stories": stories, "server": server, "workers": workers, "connections": connections,
                     "threads": threads, "duration_s": duration, "database": settings.DATABASES["default"]["ENGINE"],
                     "cpus": os.cpu_count()}
    started = time.monotonic()
    with tqdm(total=stories, desc="stories", unit="story", file=sys.stderr) as bar:
        ids = make_published_stories(campaign, stories, seed=seed, progress=bar.update)
    results["make_s"] = round(time.monotonic() - started, 1)
    started = time.monotonic()
    with tqdm(total=len(ids), desc="into the gallery", unit="story", file=sys.stderr) as bar:
        for start in range(0, len(ids), 5000):
            sync_stories(ids[start:start + 5000])
            bar.update(len(ids[start:start + 5000]))
    results["sync_all_s"] = round(time.monotonic() - started, 1)
    report(f"{GalleryStory.objects.count():,} stories in the gallery "
           f"(made in {results['make_s']} s, taken in in {results['sync_all_s']} s)")
    story_id = ids[len(ids) // 2]
    pages = {"wall": "/", "story": f"/stories/{story_id}/"}
    results["first_render_ms"] = _first_renders({**pages, "search": "/?q=daughters",
                                                 "country and theme": "/?country=KE&theme=taking+action",
                                                 "deepest wall page": _deep_wall_url(stories)})
    report("First render after a change (ms, median of 5): " + ", ".join(
        f"{k} {v}" for k, v in results["first_render_ms"].items()))
    results["publish"] = _publish_costs(campaign, seed)
    report(f"One more publish at this size: read model + version {results['publish']['apply_change_ms']} ms; "
           f"static copy's update {results['publish']['static_update_s']} s "
           f"({results['publish']['static_files_written']} files)")
    if not load:
        return results

    work = Path(tempfile.mkdtemp(prefix="gallery-bench-"))
    work.chmod(0o755)  # nginx's workers run as another user when started by root
    app_port, nginx_port = free_port(), free_port()
    app = _start_app(server, workers, app_port, work)
    nginx = None
    try:
        wait_for(f"http://127.0.0.1:{app_port}/healthz")
        www = work / "www"
        sizes = {}
        for name, path in pages.items():
            body = urllib.request.urlopen(f"http://127.0.0.1:{app_port}{path}", timeout=30).read()
            target = www / (path.lstrip("/") + "index.html")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(body)
            sizes[name] = len(body)
        results["page_bytes"] = sizes
        nginx = _start_nginx(work, nginx_port)
        wait_for(f"http://127.0.0.1:{nginx_port}/")
        results["runs"] = {}
        for name, path in pages.items():
            for label, url in ((f"{name}: nginx, static file", f"http://127.0.0.1:{nginx_port}{path}"),
                               (f"{name}: {server}, constant page",
                                f"http://127.0.0.1:{app_port}/bench/constant/{sizes[name]}"),
                               (f"{name}: {server}, gallery", f"http://127.0.0.1:{app_port}{path}")):
                if warmup:
                    _wrk(url, warmup, connections, threads)
                load = os.getloadavg()[0]
                run = {**_wrk(url, duration, connections, threads), "load_before": round(load, 2)}
                results["runs"][label] = run
                report(f"{label:40} {run['requests_per_s']:>10,.0f} req/s   p50 {run['p50_ms']:6.2f} ms   "
                       f"p99 {run['p99_ms']:6.2f} ms   errors {run['errors']}   (load {load:.1f})")
    finally:
        for process in (app, nginx):
            if process is not None and process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
        shutil.rmtree(work, ignore_errors=True)
    # Load beside this run (other processes on the machine) shows in every number: say so with them.
    report(f"Load average before the runs: {', '.join(str(r['load_before']) for r in results['runs'].values())}"
           f" on {os.cpu_count()} CPUs")
    results["verdict"] = {}
    for name in pages:
        gallery = results["runs"][f"{name}: {server}, gallery"]
        floor = results["runs"][f"{name}: {server}, constant page"]
        ceiling = results["runs"][f"{name}: nginx, static file"]
        share = gallery["requests_per_s"] / floor["requests_per_s"]
        ok = share >= TARGET_SHARE and gallery["p99_ms"] < TARGET_P99_MS and gallery["errors"] == 0
        results["verdict"][name] = {"share_of_constant": round(share, 3),
                                    "share_of_nginx": round(gallery["requests_per_s"] / ceiling["requests_per_s"], 3),
                                    "p99_ms": gallery["p99_ms"], "meets_target": ok}
        report(f"{name}: {share:.0%} of the constant page's requests/s (target ≥ {TARGET_SHARE:.0%}), "
               f"p99 {gallery['p99_ms']:.1f} ms (target < {TARGET_P99_MS:.0f}) → {'MET' if ok else 'NOT MET'}")
    return results


def _deep_wall_url(stories: int) -> str:
    """The wall's last page, reached as a visitor would, by following "Older stories" (its cursor)."""
    from storydesk.gallery.listing import Cursor

    entry = GalleryStory.objects.order_by("-published_at", "-story_id")[max(0, stories - 10)]
    return f"/?older={Cursor(entry.published_at, entry.story_id).token()}"


def _first_renders(urls: dict[str, str]) -> dict[str, float]:
    client = Client()
    timings = {}
    for name, url in urls.items():
        samples = []
        for _ in range(5):
            pagecache.bump()
            pagecache.forget_local()
            started = time.perf_counter()
            assert client.get(url).status_code == 200, url
            samples.append((time.perf_counter() - started) * 1000)
        timings[name] = round(statistics.median(samples), 1)
    return timings


def _publish_costs(campaign, seed: int) -> dict:
    """One more story published, into the busiest month (~1/12 of all stories here): the synchronous part
    (read model + version) and the static copy's update of the story, the wall, the feeds and every page of
    that month — the most one publish can cost."""
    from storydesk.models import GalleryFacet

    busiest = GalleryFacet.objects.filter(campaign=campaign, kind="month").order_by("-count").first()
    latest = GalleryStory.objects.filter(campaign=campaign, month=busiest.value).order_by("-published_at").first()
    [story_id] = make_published_stories(campaign, 1, seed=seed + 1)
    Publication.objects.filter(story_id=story_id, target=Target.GALLERY).update(
        published_at=latest.published_at + dt.timedelta(seconds=1))
    started = time.perf_counter()
    apply_change([story_id])
    apply_ms = (time.perf_counter() - started) * 1000
    site = Path(tempfile.mkdtemp(prefix="gallery-bench-site-"))
    try:
        # A copy made before this publish: its manifest, so the update is incremental (the full copy of
        # 100,000 story pages is not needed to time rewriting what one publish touches).
        (site / MANIFEST).write_text('{"stories": {}, "months": {}}')
        started = time.perf_counter()
        written = update_site(site, [story_id])
        static_s = time.perf_counter() - started
    finally:
        shutil.rmtree(site, ignore_errors=True)
    return {"apply_change_ms": round(apply_ms, 1), "static_update_s": round(static_s, 2),
            "static_files_written": written.pages + written.photos}


def _start_app(server: str, workers: int, port: int, work: Path) -> subprocess.Popen:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.gallery_settings", "PYTHONUNBUFFERED": "1"}
    if server == "granian":
        command = [sys.executable, "-m", "granian", "--interface", "wsgi", "storydesk.wsgi:application",
                   "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers), "--no-ws",
                   # One Python thread per process: a cached page is pure CPU, and more threads only queue
                   # for the GIL (granian's Rust threads hold the waiting connections meanwhile).
                   "--blocking-threads", "1", "--log-level", "warning"]
    else:  # gunicorn as `storydesk run` starts it: threaded workers
        command = [sys.executable, "-m", "gunicorn", "storydesk.wsgi:application", "--bind", f"127.0.0.1:{port}",
                   "--workers", str(workers), "--threads", "4", "--log-level", "warning"]
    log = open(work / "app.log", "w")
    return subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)


def _start_nginx(work: Path, port: int) -> subprocess.Popen:
    (work / "nginx.conf").write_text(f"""
worker_processes auto;
daemon off;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log warn;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  default_type text/html;
  client_body_temp_path {work}/tmp; proxy_temp_path {work}/tmp; fastcgi_temp_path {work}/tmp;
  uwsgi_temp_path {work}/tmp; scgi_temp_path {work}/tmp;
  server {{
    listen 127.0.0.1:{port};
    root {work}/www;
    location / {{ try_files $uri $uri/index.html =404; }}
  }}
}}
""")
    (work / "tmp").mkdir(exist_ok=True)
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    return subprocess.Popen([binary, "-c", str(work / "nginx.conf"), "-p", str(work)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _wrk(url: str, seconds: int, connections: int, threads: int) -> dict:
    out = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", url],
                         capture_output=True, text=True, timeout=seconds + 60, check=True).stdout
    return parse_wrk(out)


def parse_wrk(out: str) -> dict:
    """wrk --latency's report: requests/s, latency percentiles in ms, and every failed request counted."""
    latency = {p: float(v) * _UNITS[u] for p, v, u in re.findall(r"^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s|m)\s*$",
                                                                 out, re.M)}
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", out))
    if socket_errors := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out):
        errors += sum(int(n) for n in socket_errors.groups())
    return {"requests_per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
            "p50_ms": round(latency["50"], 3), "p90_ms": round(latency["90"], 3), "p99_ms": round(latency["99"], 3),
            "requests": int(re.search(r"(\d+) requests in", out).group(1)), "errors": errors}
