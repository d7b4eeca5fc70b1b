"""A big import (one mbox's worth and more) screened by one real worker: every story exactly once, and the
reconciler leaves the backlog waiting in the queue alone."""
import csv
import datetime as dt
import io
import os
import time

import pytest
from django.db.models import Count, Max, Min
from PIL import Image

from storydesk.cli import main
from storydesk.models import AuditEvent, Status, Story, Verdict
from storydesk.tasks import reconcile_stuck_work
from tests.fixtures.waiting import wait_for

STORIES = int(os.environ.get("STORYDESK_TEST_BACKLOG", "2000"))
# The real screening path (task, lease, steps, verdicts, move) with the campaign's cheapest real steps: the
# model-backed ones would take an hour for 2,000 stories and add nothing to "exactly once".
STEPS = [{"name": "image_integrity", "on_fail": "reject"}, {"name": "text_check", "on_fail": "hold"}]
COLUMNS = ["photo", "answer", "first_name", "country", "email", "consent_website", "consent_instagram",
           "age_confirmed"]


def _tiny_jpeg(shade: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (400, 500), (shade, 120, 255 - shade)).save(out, "JPEG", quality=60)
    return out.getvalue()


@pytest.mark.slow  # about 4 minutes on 2 busy cores, nearly all of it the importer's own work (0.1 s a story)
@pytest.mark.queue
@pytest.mark.parametrize("queue_consumer", [1], indirect=True)  # one worker
def test_an_import_of_2000_stories_is_screened_exactly_once_each(campaign, tmp_path, queue_consumer, clock):
    config = dict(campaign.config)
    config["screening"] = {"steps": STEPS}
    campaign.config = config
    campaign.save()
    for shade in range(10):
        (tmp_path / f"p{shade}.jpg").write_bytes(_tiny_jpeg(shade * 25))
    with (tmp_path / "stories.csv").open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows({"photo": f"p{i % 10}.jpg", "first_name": "Ama", "country": "GH",
                          "answer": f"Because fairness at home teaches it everywhere, story number {i}.",
                          "email": f"ama{i}@example.org", "consent_website": "yes", "consent_instagram": "no",
                          "age_confirmed": "yes"} for i in range(STORIES))
    started = time.monotonic()

    assert main(["ingest", "import", str(tmp_path / "stories.csv")]) == 0
    imported = time.monotonic()
    assert Story.objects.count() == STORIES
    # Minutes later the backlog still waits in the queue: the reconciler must not queue it again (at most the
    # one story whose task the worker has just taken and not yet leased).
    clock.shift(dt.timedelta(minutes=5))
    assert reconcile_stuck_work.call_local() <= 1

    waiting = Story.objects.filter(status__in=[Status.RECEIVED, Status.SCREENING])
    wait_for(lambda: not waiting.exists(), timeout=max(120, STORIES * 0.5), interval=1)
    screened = time.monotonic()
    print(f"\n{STORIES} stories: import {imported - started:.0f} s, screening done {screened - started:.0f} s")

    finished = (AuditEvent.objects.filter(verb="screening.finished").values("story")
                .annotate(n=Count("id")).values_list("n", flat=True))
    assert len(finished) == STORIES and set(finished) == {1}  # one verdict write per story
    assert AuditEvent.objects.filter(verb="screening.started").count() == STORIES
    assert not AuditEvent.objects.filter(verb="screening.resumed").exists()
    verdicts = Verdict.objects.aggregate(n=Count("id"), first=Min("id"), last=Max("id"))
    assert verdicts["n"] == STORIES * len(STEPS)
    assert verdicts["last"] - verdicts["first"] + 1 == verdicts["n"]  # none written, deleted and written again
    assert Story.objects.filter(status=Status.IN_REVIEW).count() == STORIES
