"""Export domain data as JSON lines or CSV."""
import sys

from tqdm import tqdm

from storydesk.exports.stories import story_records, write_csv, write_jsonl
from storydesk.models import Story

HELP = "export stories as jsonl or csv (to stdout or --out FILE)"
WRITERS = {"jsonl": write_jsonl, "csv": write_csv}


def add_arguments(parser) -> None:
    parser.add_argument("what", choices=["stories"])
    parser.add_argument("--format", choices=sorted(WRITERS), default="jsonl")
    parser.add_argument("--out", help="file to write (default: standard output)")


def handle(args) -> int:
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
