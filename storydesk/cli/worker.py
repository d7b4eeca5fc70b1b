"""The queue consumer: runs tasks and the periodic scheduler (pollers, reconciler)."""
import logging
import time

from django.conf import settings
from django.db import connections
from huey.contrib.djhuey import HUEY

from storydesk.actions.campaign import current_campaign
from storydesk.screening.pipeline import load_models

HELP = "run a queue worker (tasks and periodic jobs); `run` starts one for you"


def add_arguments(parser) -> None:
    parser.add_argument("--workers", type=int, default=settings.HUEY["consumer"]["workers"])
    parser.add_argument("--no-periodic", action="store_true", help="leave periodic jobs to another worker")


def handle(args) -> int:
    connections.close_all()  # worker processes are forked: each must open its own connection
    HUEY.on_startup("load_screening_models")(load_screening_models)

    consumer = HUEY.create_consumer(workers=args.workers, worker_type=settings.HUEY["consumer"]["worker_type"],
                                    periodic=not args.no_periodic, check_worker_health=True,
                                    max_delay=settings.HUEY["consumer"]["max_delay"])
    consumer.run()
    return 0


def load_screening_models() -> None:
    """Runs in each worker (process, thread or greenlet) as it starts: models are loaded per process,
    after the fork, because onnxruntime sessions must not be shared across one."""
    started = time.perf_counter()
    loaded = load_models(current_campaign().spec)
    logging.getLogger(__name__).info("screening models loaded for %s in %.1f s",
                                     ", ".join(loaded), time.perf_counter() - started)
