"""`storydesk bench uploads`: the web process's memory under concurrent hostile uploads, and whether honest
participants still get through meanwhile.

The desk's web server runs as `storydesk run` starts it (gunicorn, one process here, 4 threads). Clients post
the form at once, over and over, with uploads built to cost a web process the most: small files declaring huge
pictures (a one-colour 7000 × 7000 JPEG of 40 KB, a one-colour 49-megapixel PNG), large pictures whose bytes
look plausible (a 49-megapixel PNG of 0.6 MB, a 49-megapixel JPEG), and the same with a blank e-mail, so the
form is refused. Rate limits are off, as for an attacker with many addresses. Meanwhile honest participants
send a 12-megapixel phone photo each. The web process's resident memory is sampled every 20 ms.
`--app-root DIR` serves another checkout's storydesk (an older commit, say) for a before/after.
"""
from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
import zlib
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import CookieJar
from pathlib import Path

from bench.net import free_port, wait_for

ANSWER = "Equality matters to me because my daughter deserves every chance my son gets, at home and at work."


def run_uploads_bench(*, clients: int = 20, rounds: int = 3, honest: int = 5, app_root: str = "",
                      report=print) -> dict:
    from storydesk.cli.init import init_desk

    init_desk(verbose=False)
    report("Making the uploads …")
    hostile = _hostile_uploads()
    honest_photo = _phone_photo()
    port = free_port()
    work = Path(os.environ["STORYDESK_HOME"])
    server = _start_web(port, work, app_root)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/submit/")
        worker = _worker_pid(server.pid)
        Submitter(base).post("warm.jpg", honest_photo, email="warm@example.org", answer=ANSWER + " warm")
        idle = _rss_mb(worker)
        report(f"Web process idle after one submission: {idle:.0f} MB. "
               f"{clients} clients × {rounds} rounds of {len(hostile)} hostile uploads, {honest} honest …")
        sampler = Sampler(worker)
        sampler.start()
        jobs = [(name, data, blank) for name, data in hostile.items() for blank in (False, True)] * rounds
        with ThreadPoolExecutor(clients + honest) as pool:
            attacks = [pool.submit(_attack, base, job) for job in jobs]
            time.sleep(0.5)  # the attack is under way when the participants arrive
            participants = [pool.submit(_participate, base, honest_photo, i) for i in range(honest)]
            hostile_results = [a.result() for a in attacks]
            honest_results = [p.result() for p in participants]
        sampler.stop()
    finally:
        server.terminate()
        server.wait(timeout=30)
    statuses: dict[str, int] = {}
    for status, _ in hostile_results:
        statuses[str(status)] = statuses.get(str(status), 0) + 1
    result = {
        "clients": clients, "hostile_posts": len(jobs), "honest_posts": honest,
        "idle_rss_mb": round(idle, 1), "peak_rss_mb": round(sampler.peak, 1),
        "hostile_statuses": statuses,
        "hostile_seconds_max": round(max(s for _, s in hostile_results), 2),
        "honest_statuses": sorted(status for status, _ in honest_results),
        "honest_seconds": sorted(round(s, 2) for _, s in honest_results),
        "uploads": {name: len(data) for name, data in hostile.items()},
        "app_root": app_root or "this checkout",
    }
    report(f"Peak web process memory: {result['peak_rss_mb']} MB (idle {result['idle_rss_mb']} MB)")
    report(f"Hostile answers: {statuses}; slowest {result['hostile_seconds_max']} s")
    report(f"Honest participants: {result['honest_statuses']} in {result['honest_seconds']} s")
    return result


def _attack(base: str, job) -> tuple[int, float]:
    name, data, blank_email = job
    return Submitter(base).post(name, data, email="" if blank_email else f"{uuid.uuid4().hex[:8]}@example.org",
                                answer=f"{ANSWER} {uuid.uuid4().hex}")


def _participate(base: str, photo: bytes, n: int) -> tuple[int, float]:
    return Submitter(base).post("IMG_0001.jpg", photo, email=f"honest{n}@example.org", answer=f"{ANSWER} {n}")


class Submitter:
    """One browser: reads the form (for its CSRF cookie and token), then posts it as multipart."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()),
                                                  _NoRedirect())

    def post(self, filename: str, photo: bytes, *, email: str, answer: str) -> tuple[int, float]:
        started = time.monotonic()
        page = self.opener.open(f"{self.base}/submit/", timeout=120).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        fields = {"csrfmiddlewaretoken": token, "answer": answer, "first_name": "Sam", "country": "GH",
                  "email": email, "age_confirmed": "on", "consent_website": "on", "website": ""}
        body, content_type = _multipart(fields, ("photo", filename, photo))
        request = urllib.request.Request(f"{self.base}/submit/", data=body, method="POST", headers={
            "Content-Type": content_type, "Referer": f"{self.base}/submit/"})
        try:
            with self.opener.open(request, timeout=300) as response:
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        return status, time.monotonic() - started


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 302 to the thank-you page is the answer we count


def _multipart(fields: dict[str, str], file: tuple[str, str, bytes]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    out = io.BytesIO()
    for name, value in fields.items():
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    name, filename, data = file
    out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
              f'Content-Type: application/octet-stream\r\n\r\n'.encode())
    out.write(data)
    out.write(f"\r\n--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


class Sampler(threading.Thread):
    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self._stop_event = pid, 0.0, threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            self.peak = max(self.peak, _rss_mb(self.pid))
            time.sleep(0.02)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()
        self.peak = max(self.peak, _hwm_mb(self.pid))


def _rss_mb(pid: int) -> float:
    return _status_mb(pid, "VmRSS:")


def _hwm_mb(pid: int) -> float:
    return _status_mb(pid, "VmHWM:")


def _status_mb(pid: int, field: str) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _worker_pid(master: int) -> int:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        children = [int(p) for task in Path(f"/proc/{master}/task").iterdir()
                    for p in (task / "children").read_text().split()]
        if children:
            return children[0]
        time.sleep(0.1)
    raise RuntimeError("gunicorn started no worker")


def _start_web(port: int, work: Path, app_root: str) -> subprocess.Popen:
    # Rate limits off: the attacker has many addresses. Everything else as `storydesk run` has it.
    env = {**os.environ, "STORYDESK_SUBMIT_RATE": "0", "STORYDESK_SUBMIT_TRY_RATE": "0",
           "STORYDESK_SITE_URL": f"http://127.0.0.1:{port}", "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "gunicorn", "storydesk.wsgi:application", "--bind", f"127.0.0.1:{port}",
               "--workers", "1", "--threads", "4", "--timeout", "300", "--log-level", "warning"]
    if app_root:
        command += ["--pythonpath", app_root]
    log = open(work / "web.log", "w")
    return subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)


def _hostile_uploads() -> dict[str, bytes]:
    from PIL import Image

    flat = io.BytesIO()
    Image.new("RGB", (800, 800), (200, 30, 30)).save(flat, "JPEG", quality=90)
    data = flat.getvalue()
    sof = data.index(b"\xff\xc0")
    declaring = data[:sof + 5] + (7000).to_bytes(2, "big") * 2 + data[sof + 9:]
    big_jpeg = io.BytesIO()
    _busy_picture(7000, 7000).convert("RGB").save(big_jpeg, "JPEG", quality=60)
    return {
        "jpeg-declares-7000x7000.jpg": declaring,
        "png-one-colour-49mp.png": _grey_png(7000, 7000, noisy_rows=0),
        "png-plausible-49mp.png": _grey_png(7000, 7000, noisy_rows=90),
        "jpeg-49mp.jpg": big_jpeg.getvalue(),
    }


def _busy_picture(width: int, height: int):
    from PIL import Image

    tile = Image.effect_noise((700, 700), 24).convert("L")
    picture = Image.new("L", (width, height))
    for x in range(0, width, 700):
        for y in range(0, height, 700):
            picture.paste(tile, (x, y))
    return picture


def _grey_png(width: int, height: int, *, noisy_rows: int) -> bytes:
    """A greyscale PNG built row by row (the picture is never held): flat, with some rows of noise to make its
    bytes per pixel look like a photo's."""
    def chunk(kind: bytes, payload: bytes) -> bytes:
        return len(payload).to_bytes(4, "big") + kind + payload + zlib.crc32(kind + payload).to_bytes(4, "big")

    flat_row = bytes(1 + width)
    compressor = zlib.compressobj(6)
    idat = b"".join(compressor.compress(b"\x00" + os.urandom(width) if y < noisy_rows else flat_row)
                    for y in range(height))
    idat += compressor.flush()
    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 0, 0, 0, 0])
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def _phone_photo() -> bytes:
    """A 12-megapixel JPEG of about 3 MB, as a phone sends."""
    out = io.BytesIO()
    _busy_picture(3000, 4000).convert("RGB").save(out, "JPEG", quality=85)
    return out.getvalue()
