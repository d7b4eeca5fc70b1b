"""`storydesk run`: set up, then web server + worker (with the scheduler) until Ctrl-C."""
import os
import signal
import subprocess
import sys
import threading
import time

from django.conf import settings

from storydesk.cli.init import init_desk
from storydesk.demo import load_demo_stories

HELP = "set up and run the desk: web server, worker and scheduler"


def add_arguments(parser) -> None:
    parser.add_argument("--host", default=settings.STORYDESK_HOST)
    parser.add_argument("--port", type=int, default=settings.STORYDESK_PORT)
    parser.add_argument("--demo", action="store_true", help="load sample stories to look around")
    parser.add_argument("--web-workers", type=int, default=settings.STORYDESK_WEB_WORKERS)


def handle(args) -> int:
    init_desk()
    if args.demo:
        print(f"Demo: {load_demo_stories()} sample stories loaded.")
    base = f"http://{args.host}:{args.port}"
    children = [
        subprocess.Popen(web_server_command(args.host, args.port, args.web_workers)),
        subprocess.Popen([sys.executable, "-m", "storydesk.cli", "worker"]),
    ]
    print(f"\nstorydesk is running for {settings.SITE_URL if 'STORYDESK_SITE_URL' in os.environ else base}")
    print(f"  Public gallery:   {base}/")
    print(f"  Submission form:  {base}/submit/")
    print(f"  Staff desk:       {base}/desk/")
    print(f"  Admin:            {base}/admin/")
    print("Press Ctrl-C to stop.\n", flush=True)
    return _supervise(children)


def web_server_command(host: str, port: int, workers: int) -> list[str]:
    # AccessLogger writes one line per request through storydesk's logging (level, format, masked tokens).
    return [sys.executable, "-m", "gunicorn", "storydesk.wsgi:application", "--bind", f"{host}:{port}",
            "--workers", str(workers), "--threads", "4", "--timeout", "60",
            "--logger-class", "storydesk.access_log.AccessLogger"]


def _supervise(children: list[subprocess.Popen]) -> int:
    stop = threading.Event()
    previous = {signum: signal.signal(signum, lambda *_: stop.set()) for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        return _watch(children, stop)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)  # whoever called us (a test, say) gets its own handling back


def _watch(children: list[subprocess.Popen], stop: threading.Event) -> int:
    code = 0
    while not stop.is_set():
        for child in children:
            if child.poll() is not None:
                print(f"A storydesk process stopped (exit {child.returncode}); stopping the rest.", file=sys.stderr)
                stop.set()
                code = child.returncode or 1
        time.sleep(0.5)
    for child in children:
        if child.poll() is None:
            child.terminate()
    for child in children:
        try:
            child.wait(timeout=15)
        except subprocess.TimeoutExpired:
            child.kill()
    return code
