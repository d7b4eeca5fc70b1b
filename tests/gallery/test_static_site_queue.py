"""The static copy under STORYDESK_STATIC_SITE_DIR follows a publish and a withdrawal within 5 s, through a
real queue worker polling as `storydesk worker` does."""
import time

import pytest
from django.db import connections
from huey.contrib.djhuey import HUEY

from storydesk.gallery.static_site import export_site

pytestmark = [pytest.mark.queue, pytest.mark.django_db(transaction=True)]
LIMIT_SECONDS = 5.0


@pytest.fixture
def worker(settings, monkeypatch):
    # The worker thread's connection closes after each task, so none is left open on the test database.
    monkeypatch.setitem(connections.settings["default"], "CONN_MAX_AGE", 0)
    HUEY.flush()
    consumer = HUEY.create_consumer(workers=1, worker_type="thread", periodic=False,
                                    max_delay=settings.HUEY["consumer"]["max_delay"])
    consumer.start()
    try:
        yield consumer
    finally:
        consumer.stop(graceful=True)
        HUEY.flush()


def seconds_until(condition, limit: float = 20.0) -> float:
    started = time.monotonic()
    while not condition():
        assert time.monotonic() - started < limit, "never happened"
        time.sleep(0.05)
    return time.monotonic() - started


def test_the_static_copy_follows_a_publish_and_a_withdrawal_within_5_seconds(settings, tmp_path, publish, withdraw,
                                                                            worker):
    site = tmp_path / "site"
    export_site(site)
    settings.STORYDESK_STATIC_SITE_DIR = str(site)
    time.sleep(2)  # the worker has been idle a while
    story = publish(caption="Published a moment ago")
    page = site / "stories" / str(story.pk) / "index.html"
    arrived = seconds_until(lambda: page.is_file() and "Published a moment ago" in (site / "feed.json").read_text())
    assert arrived < LIMIT_SECONDS
    time.sleep(2)
    withdraw(story)
    index = site / "index.html"
    gone = seconds_until(lambda: not page.exists() and "Published a moment ago" not in index.read_text())
    assert gone < LIMIT_SECONDS
