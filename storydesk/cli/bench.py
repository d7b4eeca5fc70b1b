"""Run a benchmark on a throwaway data folder (the CLI points STORYDESK_HOME at a temp dir first).

The benchmarks, their data and their servers are not part of the installed package: they are the source
checkout's bench/ package, found beside this one (an editable install, as `make install` makes)."""
import json
import os
import sys
from importlib import import_module
from pathlib import Path

import storydesk

CHECKOUT = Path(storydesk.__file__).resolve().parent.parent

HELP = ("run a benchmark: `bench screening [--photos N] [--workers 1,2] [--accuracy-only]`, "
        "`bench email [--sizes 100,1000]`, `bench social [--posts 5000]`, `bench import [--stories 10000]`, "
        "`bench gallery [--stories 100000]`, `bench insights [--stories 1000000]`, "
        "`bench desk [--stories 1000000] [--lookup-sizes 10000,100000,1000000]`, `bench uploads [--clients 20]`, "
        "`bench photos [--before DIR]`, "
        "`bench accuracy signs|people|themes|words [--half tune]`")


def add_arguments(parser) -> None:
    which = parser.add_subparsers(dest="bench", required=True, metavar="BENCHMARK")
    screening = which.add_parser("screening", help="per-step times, throughput, memory and accuracy")
    screening.add_argument("--photos", type=int, default=0, help="screen only the first N field photos (0: all)")
    screening.add_argument("--workers", default="1,2", help="worker counts to compare, e.g. 1,2")
    screening.add_argument("--accuracy-only", action="store_true", help="only the field sets' accuracy, no timed run")
    screening.add_argument("--json", help="also write the results to this file")
    email = which.add_parser("email", help="messages/s from a throwaway IMAP server, and memory as the inbox grows")
    email.add_argument("--sizes", default="100,1000", help="inbox sizes to read, e.g. 100,1000")
    email.add_argument("--photo-mb", type=float, default=2.0, help="size of each message's photo")
    email.add_argument("--batch-size", type=int, default=25)
    email.add_argument("--every", type=int, default=100, help="sample memory every N messages")
    email.add_argument("--processes", default="0", help="STORYDESK_INTAKE_PROCESSES values to compare, e.g. 1,2 "
                                                        "(0: one per core)")
    email.add_argument("--json", help="also write the results to this file")
    social = which.add_parser("social", help="posts/s and peak memory ingesting posts with photos from a local server")
    social.add_argument("--posts", type=int, default=5000)
    social.add_argument("--photo-kb", type=int, default=400, help="size of each post's photo")
    social.add_argument("--batch-size", type=int, default=200, help="posts per poll, as STORYDESK_SOCIAL_BATCH_SIZE")
    social.add_argument("--processes", type=int, default=0, help="STORYDESK_INTAKE_PROCESSES: posts fetched and "
                                                                 "checked ahead at once (0: one per core)")
    social.add_argument("--json", help="also write the results to this file")
    imports = which.add_parser("import", help="stories/s for `ingest import` and `ingest mbox` (1 process vs every "
                                              "core), then screening catching up with 2 workers")
    imports.add_argument("--stories", type=int, default=10_000)
    imports.add_argument("--photo-kb", type=int, default=120, help="size of each story's photo")
    imports.add_argument("--processes", default=f"1,{os.cpu_count() or 1}", help="STORYDESK_INTAKE_PROCESSES values")
    imports.add_argument("--sources", default="csv,mbox", help="csv, mbox or both")
    imports.add_argument("--screen", type=int, default=1000, help="screen until this many are done (0: no screening)")
    imports.add_argument("--screen-workers", type=int, default=2)
    imports.add_argument("--json", help="also write the results to this file")
    gallery = which.add_parser("gallery", help="wall and story page under wrk, beside nginx and a constant page")
    gallery.add_argument("--stories", type=int, default=100_000)
    gallery.add_argument("--duration", type=int, default=30, help="seconds of load per measured run")
    gallery.add_argument("--connections", type=int, default=64)
    gallery.add_argument("--threads", type=int, default=2, help="wrk threads")
    gallery.add_argument("--server", choices=("granian", "gunicorn"), default="granian")
    gallery.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="app server processes")
    gallery.add_argument("--warmup", type=int, default=3, help="seconds of unmeasured load before each run")
    gallery.add_argument("--seed", type=int, default=7)
    gallery.add_argument("--no-load", action="store_true", help="only the data side: renders and a publish's costs")
    gallery.add_argument("--json", help="also write the results to this file")
    insights = which.add_parser("insights", help="dashboard queries and the year's report with N stories "
                                                 "(STORYDESK_BENCH_DATABASE_URL: run on that empty database)")
    insights.add_argument("--stories", type=int, default=1_000_000)
    insights.add_argument("--repeats", type=int, default=5, help="runs of each measurement (the median is kept)")
    insights.add_argument("--seed", type=int, default=7)
    insights.add_argument("--reuse", action="store_true",
                          help="measure again the stories an earlier run left in STORYDESK_BENCH_DATABASE_URL "
                               "(or STORYDESK_BENCH_HOME)")
    insights.add_argument("--json", help="also write the results to this file")
    desk = which.add_parser("desk", help="every desk page (first load and median) and the duplicate lookup with N "
                                         "stories (STORYDESK_BENCH_DATABASE_URL: run on that empty database)")
    desk.add_argument("--stories", type=int, default=1_000_000)
    desk.add_argument("--repeats", type=int, default=5, help="loads of each page after the first (the median is kept)")
    desk.add_argument("--seed", type=int, default=7)
    desk.add_argument("--reuse", action="store_true",
                      help="measure again the stories an earlier run left in STORYDESK_BENCH_DATABASE_URL "
                           "(or STORYDESK_BENCH_HOME)")
    desk.add_argument("--lookup-sizes", default="",
                      help="index this many stories for duplicate search, in steps, and time a lookup at each "
                           "(e.g. 10000,100000,1000000; the index stays for --reuse)")
    desk.add_argument("--no-pages", action="store_true", help="only the duplicate lookup")
    desk.add_argument("--json", help="also write the results to this file")
    uploads = which.add_parser("uploads", help="the web process's peak memory under concurrent hostile uploads, "
                                               "and honest submissions meanwhile")
    uploads.add_argument("--clients", type=int, default=20, help="hostile uploads at once")
    uploads.add_argument("--rounds", type=int, default=3, help="times each hostile upload is sent, both ways")
    uploads.add_argument("--honest", type=int, default=5, help="participants sending a phone photo meanwhile")
    uploads.add_argument("--app-root", default="", help="serve the storydesk of this checkout (a before/after)")
    uploads.add_argument("--json", help="also write the results to this file")
    photos = which.add_parser("photos", help="the whole per-photo work (check, copies, hashes) against a naive "
                                             "Pillow pipeline: time and peak memory")
    photos.add_argument("--photos", type=int, default=4, help="12 MP JPEGs to generate (and one HEIC, PNG, WebP)")
    photos.add_argument("--repeats", type=int, default=5, help="interleaved rounds (the median is kept)")
    photos.add_argument("--before", default="", help="also measure the product pipeline of the storydesk in this "
                                                     "checkout (an older commit, say) for a before/after")
    photos.add_argument("--libraries", action="store_true", help="instead: the copies by Pillow, pyvips and "
                                                                "simplejpeg (where installed) on the same photos")
    photos.add_argument("--json", help="also write the results to this file")
    accuracy = which.add_parser("accuracy", help="one part of screening's accuracy on one half of the field sets, "
                                                 "quickly, while tuning (`bench screening` prints every part)")
    accuracy.add_argument("part", choices=("signs", "people", "themes", "words"))
    accuracy.add_argument("--half", choices=("tune", "held_out"), default="tune",
                          help="tune settings on `tune`; held_out is reported, never chosen on")
    accuracy.add_argument("--json", help="also write the results to this file")


def handle(args) -> int:
    try:
        results = _run(args)
    except ModuleNotFoundError as error:
        if (error.name or "storydesk").split(".")[0] == "storydesk":
            raise
        print(_missing(error.name), file=sys.stderr)
        return 2
    if args.json:
        with open(args.json, "w") as out:
            json.dump(results, out, indent=2)
        print(f"Results written to {args.json}", file=sys.stderr)
    return 0


def _run(args) -> dict:
    if args.bench == "import":  # `import` is Python's: the module is bench/imports.py
        return _benchmark("imports").run_import_bench(
            stories=args.stories, photo_kb=args.photo_kb, processes=[int(n) for n in args.processes.split(",")],
            sources=tuple(args.sources.split(",")), screen=args.screen, screen_workers=args.screen_workers,
            report=print)
    run = getattr(_benchmark(args.bench), f"run_{args.bench}_bench")
    if args.bench == "social":
        return run(posts=args.posts, photo_kb=args.photo_kb, batch_size=args.batch_size, processes=args.processes,
                   report=print)
    if args.bench == "insights":
        return run(stories=args.stories, repeats=args.repeats, seed=args.seed, reuse=args.reuse, report=print)
    if args.bench == "desk":
        return run(stories=args.stories, repeats=args.repeats, seed=args.seed, reuse=args.reuse,
                   lookup_sizes=[int(n) for n in args.lookup_sizes.split(",") if n.strip()],
                   pages=not args.no_pages, report=print)
    if args.bench == "gallery":
        return run(stories=args.stories, duration=args.duration, connections=args.connections, threads=args.threads,
                   server=args.server, workers=args.workers, warmup=args.warmup, seed=args.seed,
                   load=not args.no_load, report=print)
    if args.bench == "uploads":
        return run(clients=args.clients, rounds=args.rounds, honest=args.honest, app_root=args.app_root, report=print)
    if args.bench == "photos":
        return run(photos=args.photos, repeats=args.repeats, before=args.before, libraries=args.libraries,
                   report=print)
    if args.bench == "accuracy":
        return run(parts=(args.part,), halves=(args.half,), report=print)
    if args.bench == "email":
        return run(sizes=[int(n) for n in args.sizes.split(",")], photo_mb=args.photo_mb,
                   batch_size=args.batch_size, every=args.every,
                   processes=[int(n) for n in args.processes.split(",")], report=print)
    return run(photos=args.photos, workers=[int(w) for w in args.workers.split(",")],
               accuracy_only=args.accuracy_only, report=print)


def _benchmark(name: str):
    """bench.NAME from the checkout; the processes a benchmark starts (app servers, exports) find it too."""
    if (CHECKOUT / "bench" / "__init__.py").is_file():
        if str(CHECKOUT) not in sys.path:
            sys.path.insert(0, str(CHECKOUT))
        paths = os.environ.get("PYTHONPATH", "").split(os.pathsep)
        if str(CHECKOUT) not in paths:
            os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, (str(CHECKOUT), *paths)))
    return import_module(f"bench.{name}")


def _missing(module: str) -> str:
    if module.split(".")[0] in ("bench", "tests"):
        return (f"storydesk bench runs from a source checkout: no bench/ package beside {CHECKOUT / 'storydesk'} "
                "(clone the repository and run `make install` there).")
    return f"storydesk bench needs {module}, from the test extra: run `make install` (pip install -e '.[test]')."
