"""The `storydesk` command: one entry point, one module per subcommand."""
from __future__ import annotations

import argparse
import os
import sys

# The subcommands, in the order `storydesk --help` lists them.
COMMANDS = ("run", "init", "createstaff", "doctor", "ingest", "screen", "export", "worker", "manage")


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "storydesk.settings")
    import django

    django.setup()
    from importlib import import_module

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
