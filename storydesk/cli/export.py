"""Export domain data as JSON lines or CSV."""
import sys

from tqdm import tqdm

from storydesk.exports.stories import story_records, write_csv, write_jsonl
from storydesk.models import Story

HELP = "export stories as jsonl or csv (to stdout or --out FILE), or the public gallery as a static site: site DIR"
WRITERS = {"jsonl": write_jsonl, "csv": write_csv}


def add_arguments(parser) -> None:
    parser.add_argument("what", choices=["stories", "site"])
    parser.add_argument("dir", nargs="?", help="site: the folder to write the static gallery into")
    parser.add_argument("--format", choices=sorted(WRITERS), default="jsonl")
    parser.add_argument("--out", help="file to write (default: standard output)")


def handle(args) -> int:
    if args.what == "site":
        return _export_site(args)
    total = Story.objects.count()
    records = tqdm(story_records(), total=total, desc="exporting", unit="story", file=sys.stderr,
                   disable=None if args.out else True)
    if args.out:
        with open(args.out, "w", encoding="utf-8", newline="") as out:
            n = WRITERS[args.format](records, out)
        print(f"Wrote {n} stories to {args.out}", file=sys.stderr)
    else:
        WRITERS[args.format](records, sys.stdout)
    return 0


def _export_site(args) -> int:
    from storydesk.gallery.static_site import export_site
    from storydesk.models import GalleryStory

    if not args.dir:
        print("storydesk export site DIR: say which folder to write the gallery into.", file=sys.stderr)
        return 2
    with tqdm(total=GalleryStory.objects.count(), desc="writing", unit="story", file=sys.stderr) as bar:
        result = export_site(args.dir, progress=bar.update)
    print(f"Wrote the gallery to {args.dir}: {result.stories} stories, {result.pages} pages changed, "
          f"{result.photos} photos copied, {result.removed} files removed ({result.seconds:.1f} s).", file=sys.stderr)
    return 0
