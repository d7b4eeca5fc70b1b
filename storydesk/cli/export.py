"""Export domain data as JSON lines or CSV, streamed: memory stays the same however many rows there are."""
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from tqdm import tqdm

from storydesk.exports import consents, decisions, stories
from storydesk.gallery.static_site import export_site
from storydesk.models import GalleryStory, Story
from storydesk.plural import counted

HELP = ("export stories, decisions or consents as jsonl or csv (to stdout or --out FILE), or the public gallery "
        "as a static site: site DIR")


@dataclass(frozen=True)
class Export:
    records: Callable[[], Iterator[dict]]
    fields: tuple[str, ...]
    count: Callable[[], int]
    unit: str


EXPORTS = {
    "stories": Export(stories.story_records, stories.FIELDS, Story.objects.count, "story"),
    "decisions": Export(decisions.decision_records, decisions.FIELDS, decisions.count, "decision"),
    "consents": Export(consents.consent_records, consents.FIELDS, consents.count, "consent"),
}
FORMATS = ("csv", "jsonl")


def add_arguments(parser) -> None:
    parser.add_argument("what", choices=[*EXPORTS, "site"])
    parser.add_argument("dir", nargs="?", help="site: the folder to write the static gallery into")
    parser.add_argument("--format", choices=FORMATS, default="jsonl")
    parser.add_argument("--out", help="file to write (default: standard output)")


def handle(args) -> int:
    if args.what == "site":
        return _export_site(args)
    export = EXPORTS[args.what]
    # disable=None: the bar shows only when standard error is a terminal, never in a pipe or a log file.
    records = tqdm(export.records(), total=export.count(), desc="exporting", unit=export.unit, file=sys.stderr,
                   disable=None)
    if args.out:
        with open(args.out, "w", encoding="utf-8", newline="") as out:
            n = write(args.format, records, out, export.fields)
        print(f"Wrote {counted(n, export.unit)} to {args.out}", file=sys.stderr)
    else:
        write(args.format, records, sys.stdout, export.fields)
    return 0


def write(format: str, records, out, fields: tuple[str, ...]) -> int:
    if format == "csv":
        return stories.write_csv(records, out, fields)
    return stories.write_jsonl(records, out)


def _export_site(args) -> int:
    if not args.dir:
        print("storydesk export site DIR: say which folder to write the gallery into.", file=sys.stderr)
        return 2
    with tqdm(total=GalleryStory.objects.count(), desc="writing", unit="story", file=sys.stderr) as bar:
        result = export_site(args.dir, progress=bar.update)
    print(f"Wrote the gallery to {args.dir}: {counted(result.stories, 'story')}, {counted(result.pages, 'page')} "
          f"changed, {counted(result.photos, 'photo')} copied, {counted(result.removed, 'file')} removed "
          f"({result.seconds:.1f} s).", file=sys.stderr)
    return 0
