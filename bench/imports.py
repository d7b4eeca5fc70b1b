"""`storydesk bench import`: stories/s for `storydesk ingest import` (a CSV with photo paths) and
`storydesk ingest mbox` (one message a story), with 1 process and with every core; then whether screening keeps
up: two queue workers screen what the import queued, and the time until all of it is screened is measured.

Each story has a photo of its own (a generated person with a sign, with a patch of noise and its number so
no two are alike) and an answer of its own. Each import runs as the real command, in a fresh desk of its own
(`storydesk init`), so its wall time, its progress bar and its peak memory are the command's.
"""
from __future__ import annotations

import base64
import csv
import fcntl
import io
import os
import pty
import sqlite3
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

_VARIANTS = 5  # base scenes; every photo is still its own (noise and its number drawn on it)
_PHRASES = (
    "my daughter deserves every chance my son gets", "my mother raised four of us alone and never gave up",
    "at work the women did the same job for less", "I want my sisters to walk home without fear",
    "in my village girls leave school too early", "my father taught me that cooking is everyone's work",
    "equal pay is not a favour, it is fair", "I saw how my grandmother was never asked what she thought",
)


def run_import_bench(*, stories: int = 10_000, photo_kb: int = 120, processes: list[int] | None = None,
                     sources: tuple[str, ...] = ("csv", "mbox"), screen: int = 1000, screen_workers: int = 2,
                     report=print) -> dict:
    home = Path(os.environ["STORYDESK_HOME"])
    data = home / "import-data"
    data.mkdir(parents=True, exist_ok=True)
    processes = processes or [1, os.cpu_count() or 1]
    report(f"Generating {stories} photos of about {photo_kb} KB (900×1200) with their answers …")
    started = time.perf_counter()
    photos = _write_photos(data, stories, photo_kb)
    generated = time.perf_counter() - started
    results: dict = {"stories": stories, "photo_bytes": round(sum(p.stat().st_size for p in photos) / len(photos)),
                     "generate_seconds": round(generated, 1), "runs": []}
    files = {}
    if "csv" in sources:
        files["csv"] = _write_csv(data, photos)
    if "mbox" in sources:
        files["mbox"] = _write_mbox(data, photos)
    last_home = None
    for source, path in files.items():
        for count in processes:
            desk = home / f"{source}-{count}"
            report(f"`storydesk ingest {'import' if source == 'csv' else 'mbox'}` of {stories} stories, "
                   f"STORYDESK_INTAKE_PROCESSES={count} …")
            run = _ingest(desk, source, path, count)
            results["runs"].append(run)
            report(f"  {run['stories_per_s']:.1f} stories/s ({run['seconds']:.0f} s), {run['stories']} stories, "
                   f"peak RSS {run['peak_rss_mb']:.0f} MB; load before {run['load_before']}")
            last_home = desk
    if screen and last_home is not None:
        report(f"Screening with {screen_workers} queue workers until {screen} of the imported stories are screened …")
        results["screening"] = _screen(last_home, screen, screen_workers, stories, report)
    _print(results, report)
    return results


def _env(desk: Path, processes: int) -> dict:
    env = dict(os.environ, STORYDESK_HOME=str(desk), STORYDESK_INTAKE_PROCESSES=str(processes),
               STORYDESK_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")  # replies go nowhere
    env.pop("STORYDESK_BENCH_HOME", None)
    return env


def _ingest(desk: Path, source: str, path: Path, processes: int) -> dict:
    env = _env(desk, processes)
    subprocess.run([sys.executable, "-m", "storydesk.cli", "init"], env=env, check=True, capture_output=True)
    load = os.getloadavg()[0]
    started = time.perf_counter()
    command = [sys.executable, "-m", "storydesk.cli", "ingest", "import" if source == "csv" else "mbox", str(path)]
    # stderr on a terminal of its own, as a person would see it: the progress bar is drawn only on one.
    terminal, child_end = pty.openpty()
    fcntl.ioctl(child_end, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 160, 0, 0))  # a terminal 160 wide
    with (desk / "out.txt").open("wb") as out:
        child = subprocess.Popen(command, env=env, stdout=out, stderr=child_end)
        os.close(child_end)
        bar = _read_all(terminal)
        _, status, usage = os.wait4(child.pid, 0)  # its usage: the largest peak RSS of it and its pool
    elapsed = time.perf_counter() - started
    stories = _count(desk, "SELECT COUNT(*) FROM storydesk_story")
    bar = bar.decode(errors="replace").replace("\r", "\n").strip().splitlines()
    out = (desk / "out.txt").read_text(errors="replace")
    return {"source": source, "processes": processes, "seconds": round(elapsed, 1),
            "stories": stories, "stories_per_s": round(stories / elapsed, 2), "exit": os.waitstatus_to_exitcode(status),
            "summary": out.strip().splitlines()[-1:],
            "last_bar": bar[-1] if bar else "", "peak_rss_mb": round(usage.ru_maxrss / 1024),
            "load_before": round(load, 2)}


def _read_all(fd: int) -> bytes:
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # EIO: the command ended and closed its end
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(fd)
    return b"".join(chunks)


def _count(desk: Path, query: str) -> int:
    with sqlite3.connect(desk / "storydesk.sqlite3") as db:
        return db.execute(query).fetchone()[0]


def _screen(desk: Path, target: int, workers: int, stories: int, report) -> dict:
    env = _env(desk, 0)
    load = os.getloadavg()[0]
    queued = _count(desk, "SELECT COUNT(*) FROM storydesk_story WHERE status = 'received'")
    worker = subprocess.Popen([sys.executable, "-m", "storydesk.cli", "worker", "--workers", str(workers),
                               "--no-periodic"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    started = time.perf_counter()
    samples = []
    try:
        while True:
            time.sleep(5)
            waiting = _count(desk, "SELECT COUNT(*) FROM storydesk_story WHERE status IN ('received', 'screening')")
            done = queued - waiting
            elapsed = time.perf_counter() - started
            samples.append({"seconds": round(elapsed), "screened": done})
            if len(samples) % 12 == 0:
                report(f"  {done} screened after {elapsed:.0f} s")
            if done >= min(target, queued) or worker.poll() is not None:
                break
    finally:
        worker.terminate()
        worker.wait(60)
    elapsed = time.perf_counter() - started
    rate = done / elapsed if elapsed else 0.0
    # Model loading is in the first seconds; the rate over the whole run counts it, so the projection is honest.
    return {"workers": workers, "queued": queued, "screened": done, "seconds": round(elapsed), "load_before":
            round(load, 2), "stories_per_s": round(rate, 3),
            "projected_seconds_for_all": round(stories / rate) if rate else None, "samples": samples}


def _write_photos(folder: Path, count: int, photo_kb: int) -> list[Path]:
    import numpy as np
    from PIL import Image, ImageDraw

    from tests.support.samples import photos

    bases = [photos.person_with_sign(photos.BASES[i % len(photos.BASES)], size=(900, 1200))
             for i in range(_VARIANTS)]
    rng = np.random.default_rng(7)
    quality = _quality_for(bases[0], photo_kb)
    paths = []
    for n in range(count):
        path = folder / f"photo-{n:05d}.jpg"
        paths.append(path)
        if path.exists():
            continue
        img = bases[n % _VARIANTS].copy()
        patch = Image.fromarray(rng.integers(0, 255, (96, 96, 3), dtype=np.uint8))
        img.paste(patch, (int(rng.integers(0, 800)), int(rng.integers(0, 1100))))
        ImageDraw.Draw(img).text((20, 20), f"story {n}", fill=(255, 255, 255), font=photos.font(0, 48))
        img.save(path, "JPEG", quality=quality)
    return paths


def _quality_for(img, photo_kb: int) -> int:
    low, high, best = 40, 95, 40
    while low <= high:  # the quality whose size is closest to the target from below
        quality = (low + high) // 2
        out = io.BytesIO()
        img.save(out, "JPEG", quality=quality)
        if out.tell() <= photo_kb * 1024:
            best, low = quality, quality + 1
        else:
            high = quality - 1
    return best


def _answer(n: int) -> str:
    first, second = _PHRASES[n % len(_PHRASES)], _PHRASES[(n // len(_PHRASES)) % len(_PHRASES)]
    return f"I stand for equality because {first}, and because {second}. Story number {n}."


def _write_csv(folder: Path, photos: list[Path]) -> Path:
    path = folder / "stories.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["photo", "answer", "first_name", "country", "email", "consent_website", "age_confirmed"])
        for n, photo in enumerate(photos):
            writer.writerow([photo.name, _answer(n), f"Bench{n}", "GH", f"bench{n}@bench.example", "yes", "yes"])
    return path


def _write_mbox(folder: Path, photos: list[Path]) -> Path:
    path = folder / "stories.mbox"
    with path.open("wb") as f:
        for n, photo in enumerate(photos):
            encoded = base64.encodebytes(photo.read_bytes())
            f.write(
                b"From bench@bench.example Mon Mar  2 10:15:49 2020\n" + (
                    f"MIME-Version: 1.0\nFrom: Bench Sender {n} <sender{n}@bench.example>\n"
                    f"Date: Mon, 2 Mar 2020 10:15:49 +0000\nMessage-ID: <import-{n}@bench.example>\n"
                    "Subject: My #HeForShe story\nTo: stories@heforshe.example\n"
                    'Content-Type: multipart/mixed; boundary="b1"\n\n--b1\n'
                    'Content-Type: text/plain; charset="UTF-8"\n\n'
                    f"{_answer(n)}\n\n--b1\nContent-Type: image/jpeg; name=\"{photo.name}\"\n"
                    f"Content-Disposition: attachment; filename=\"{photo.name}\"\n"
                    "Content-Transfer-Encoding: base64\n\n").encode() + encoded + b"--b1--\n\n")
    return path


def _print(results: dict, report) -> None:
    report("")
    report(f"{results['stories']} stories, one {results['photo_bytes'] / 1024:.0f} KB photo each "
           f"(generated in {results['generate_seconds']:.0f} s)")
    report("| command | processes | stories | seconds | stories/s | peak RSS (command) | load before |")
    report("|---|---:|---:|---:|---:|---:|---:|")
    for run in results["runs"]:
        command = "ingest import (CSV)" if run["source"] == "csv" else "ingest mbox"
        report(f"| {command} | {run['processes']} | {run['stories']} | {run['seconds']:.0f} | "
               f"{run['stories_per_s']:.1f} | {run['peak_rss_mb']} MB | {run['load_before']} |")
    for run in results["runs"]:
        report(f"  {run['source']} × {run['processes']}: {' '.join(run['summary'])}  [{run['last_bar'][-110:]}]")
    screening = results.get("screening")
    if screening:
        report("")
        report(f"Screening with {screening['workers']} workers: {screening['screened']} of {screening['queued']} "
               f"queued stories screened in {screening['seconds']} s ({screening['stories_per_s']:.2f} stories/s, "
               f"load before {screening['load_before']}); all {results['stories']} at that rate: "
               f"{(screening['projected_seconds_for_all'] or 0) / 60:.0f} min")
