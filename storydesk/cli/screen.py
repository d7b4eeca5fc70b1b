"""Run the screening pipeline over stories, with a progress bar."""
import multiprocessing
import signal

from django.db import connections
from tqdm import tqdm

from storydesk.actions.base import Actor
from storydesk.actions.screening import screen_story
from storydesk.models import Status, Story
from storydesk.plural import counted

STATUS_WORDS = {value: label.lower() for value, label in Status.choices}  # "in_review" → "in review"
HELP = "screen stories now: --story ID, --status S or --all (waiting ones)"


def add_arguments(parser) -> None:
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--story", type=int, action="append", help="a story id (repeatable)")
    which.add_argument("--status", choices=Status.values)
    which.add_argument("--all", action="store_true", help="every story waiting for screening")
    parser.add_argument("--workers", type=int, default=1, help="processes (each loads the models once)")


def handle(args) -> int:
    stories = Story.objects.order_by("pk")
    if args.story:
        stories = stories.filter(pk__in=args.story)
    elif args.status:
        stories = stories.filter(status=args.status)
    else:
        stories = stories.filter(status__in=[Status.RECEIVED, Status.ERRORED, Status.SCREENING])
    ids = list(stories.values_list("pk", flat=True))
    outcomes: dict[str, int] = {}
    for status in tqdm(_screened(ids, args.workers), total=len(ids), desc="screening", unit="story", disable=None):
        key = STATUS_WORDS.get(status, status) if status else "skipped (not waiting for screening)"
        outcomes[key] = outcomes.get(key, 0) + 1
    print(f"Screened {counted(len(ids), 'story')}: " + ", ".join(f"{n} {k}" for k, n in sorted(outcomes.items())))
    return 0


def _screen_one(story_id: int) -> str | None:
    story = screen_story(story_id, actor=Actor.cli())
    return story.status if story is not None else None


def _screened(ids: list[int], workers: int):
    if workers <= 1:
        yield from map(_screen_one, ids)
        return


    connections.close_all()  # forked workers open their own connections
    with multiprocessing.get_context("fork").Pool(workers, initializer=_default_signals) as pool:
        yield from pool.imap_unordered(_screen_one, ids)
        pool.close()  # let the workers finish and exit on their own
        pool.join()


def _default_signals() -> None:
    """A forked worker inherits its parent's signal handlers (a host that catches SIGTERM, say); the pool
    stops workers with SIGTERM, so a worker that caught it would never exit and the pool would hang."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
