"""The `storydesk` command: one entry point, one module per subcommand."""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from importlib import import_module

import django

from storydesk.config import SettingsError

# The subcommands, in the order `storydesk --help` lists them.
COMMANDS = ("run", "init", "createstaff", "doctor", "ingest", "screen", "reindex", "export", "contributor", "report",
            "insights", "worker", "bench", "manage")


def main(argv: list[str] | None = None) -> int:
    # Before anything is made: the database, the secret key, photos and the queue are for this user alone.
    os.umask(0o077)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "storydesk.settings")
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["bench"]:
        # A benchmark never touches a real desk's data: its own folder (a fresh one, or STORYDESK_BENCH_HOME to
        # measure an earlier run's again) and its own database there, or STORYDESK_BENCH_DATABASE_URL's.
        home = os.environ.get("STORYDESK_BENCH_HOME") or tempfile.mkdtemp(prefix="storydesk-bench-")
        os.environ["STORYDESK_HOME"] = os.environ["STORYDESK_BENCH_HOME"] = home
        os.environ.pop("DATABASE_URL", None)
        os.environ.pop("REDIS_URL", None)
        if bench_database := os.environ.get("STORYDESK_BENCH_DATABASE_URL"):
            os.environ["DATABASE_URL"] = bench_database


    try:
        django.setup()
    except SettingsError as error:
        # A wrong variable is the operator's to fix: say which and what it expects, without a traceback.
        print("storydesk can't start: these settings are wrong:", file=sys.stderr)
        for problem in error.problems:
            print(f"  {problem}", file=sys.stderr)
        return 2

    parser = argparse.ArgumentParser(prog="storydesk", description="Run a photo-story campaign desk.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    handlers = {}
    for name in COMMANDS:
        module = import_module(f"storydesk.cli.{name}")
        handlers[name] = module.handle
        module.add_arguments(sub.add_parser(name, help=module.HELP, description=module.HELP))
    args, rest = parser.parse_known_args(argv)
    if rest and args.command != "manage":
        parser.error(f"unrecognised arguments: {' '.join(rest)}")
    args.rest = rest
    return handlers[args.command](args) or 0


if __name__ == "__main__":
    sys.exit(main())
