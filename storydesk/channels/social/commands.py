"""`storydesk ingest social NAME`: poll one platform now and say what came of it."""
from __future__ import annotations

import sys

from storydesk.actions.base import Actor
from storydesk.actions.campaign import current_campaign
from storydesk.channels.poll_lease import PollRunning
from storydesk.channels.social.connector import NotConfigured
from storydesk.channels.social.poll import poll_channel


def ingest_social(name: str, *, limit: int | None) -> int:
    try:
        report = poll_channel(name, campaign=current_campaign(), actor=Actor.cli(), limit=limit)
    except NotConfigured as off:
        print(f"Nothing read: {off}.", file=sys.stderr)
        return 2
    except PollRunning:
        print(f"Another {name} poll is running; try again in a minute.", file=sys.stderr)
        return 1
    print(report.summary() + ".")
    return 1 if report.problems else 0
