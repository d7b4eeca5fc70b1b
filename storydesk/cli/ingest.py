"""Bring stories in from outside the web form."""
import sys
from pathlib import Path

from storydesk.actions.base import Actor
from storydesk.actions.campaign import current_campaign
from storydesk.channels.email.commands import ingest_mail
from storydesk.channels.importer.rows import count_rows, import_file
from storydesk.channels.progress import Progress
from storydesk.channels.social.commands import ingest_social
from storydesk.channels.social.registry import CONNECTORS
from storydesk.plural import counted, plural

HELP = ("ingest stories: `ingest imap`, `ingest eml FILE…`, `ingest mbox FILE` (email), "
        "`ingest social NAME` (public posts), `ingest import FILE` (CSV or JSON lines)")


def add_arguments(parser) -> None:
    sources = parser.add_subparsers(dest="source", required=True, metavar="SOURCE")
    imp = sources.add_parser("import", help="a CSV or JSON-lines file of stories collected by hand")
    imp.add_argument("file", type=Path)
    imap = sources.add_parser("imap", help="the campaign inbox now (STORYDESK_IMAP_* settings)")
    imap.add_argument("--limit", type=int, help="read at most this many messages")
    imap.add_argument("--folder", help="another folder than STORYDESK_IMAP_FOLDER, e.g. storydesk/failed")
    eml = sources.add_parser("eml", help="exported .eml files, one message each")
    eml.add_argument("files", type=Path, nargs="+", metavar="FILE")
    mbox = sources.add_parser("mbox", help="an exported mbox file")
    mbox.add_argument("file", type=Path)

    social = sources.add_parser("social", help="public posts with the campaign hashtag, now (see [social] in the "
                                               "campaign file)")
    social.add_argument("name", choices=list(CONNECTORS), metavar="NAME", help=" | ".join(CONNECTORS))
    social.add_argument("--limit", type=int, help="read at most about this many posts per feed")


def handle(args) -> int:
    if args.source in ("imap", "eml", "mbox"):
        return ingest_mail(args)
    if args.source == "social":
        return ingest_social(args.name, limit=args.limit)
    return _import(args.file)


def _import(path: Path) -> int:
    if not path.is_file():
        print(f"No file at {path}.", file=sys.stderr)
        return 2
    created = existing = 0
    problems = []
    total = count_rows(path)
    results = import_file(path, campaign=current_campaign(), actor=Actor.cli(), total=total)
    with Progress(desc="importing", unit="row", total=total) as progress:
        for result in results:
            if result.problem:
                problems.append(result)
            elif result.created:
                created += 1
            else:
                existing += 1
            progress.advance()
    for result in problems:
        print(f"line {result.line}: {result.problem}")
    print(f"Imported {counted(created, 'new story')}; {existing} {plural('was', existing)} already here; "
          f"{counted(len(problems), 'row')} had problems.")
    return 1 if problems else 0
