"""Work on the campaign's numbers outside the daily schedule."""
import sys

from django.utils import timezone
from tqdm import tqdm

from storydesk.insights.instagram_metrics import poll_instagram_metrics, posts_to_read
from storydesk.plural import counted

HELP = "insights work now: `insights poll-instagram` reads likes, comments and reach of recent Instagram posts"


def add_arguments(parser) -> None:
    jobs = parser.add_subparsers(dest="job", required=True, metavar="JOB")
    jobs.add_parser("poll-instagram", help="read likes, comments and reach of the Instagram posts of the last "
                                           "STORYDESK_INSTAGRAM_METRICS_DAYS days now (as the daily poll does)")


def handle(args) -> int:
    now = timezone.now()
    with tqdm(total=posts_to_read(now).count(), desc="reading Instagram posts", unit="post", file=sys.stderr,
              disable=None) as bar:
        result = poll_instagram_metrics(now=now, progress=lambda publication: bar.update())
    if not result.configured:
        print("Instagram isn't set up (STORYDESK_INSTAGRAM_ACCESS_TOKEN and STORYDESK_INSTAGRAM_ACCOUNT_ID): "
              "nothing to read.", file=sys.stderr)
        return 0
    print(f"Read {counted(result.read, 'post')}; {result.gone} no longer on Instagram; {result.failed} failed.",
          file=sys.stderr)
    if result.message:
        print(result.message, file=sys.stderr)
        return 1
    return 0
