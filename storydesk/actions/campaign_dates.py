"""A copy of the bundled campaign whose year starts today, for a new team trying the desk.

The bundled #YearOfMaleAllyship ran 1 March 2020 to 28 February 2021 and stays so: it is the campaign's real
record. On a fresh install that makes the calendar empty ("outside the campaign's dates"), so `storydesk init
--demo`, or an admin on the desk, can write a copy with the same words and new dates into the home folder
(settings.HOME_CAMPAIGN_FILE), which the desk then runs while STORYDESK_CAMPAIGN is empty. Same slug, so the
stories stay with it. The moved dates are kept in the Campaign row too, so every machine of the desk runs
them (actions/campaign.py); `storydesk init --real-dates` puts the real dates back (then delete the file).
A file at that place without the copy's first line (DATED_COPY_MARK) is an operator's own, and never replaced."""
from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from storydesk.actions.base import Actor, audit, require
from storydesk.actions.campaign import DATED_COPY, DATED_COPY_MARK, is_dated_copy_file, store_campaign
from storydesk.actions.guards import Refused
from storydesk.campaigns.spec import DEFAULT_CAMPAIGN_FILE, CampaignSpec, read_campaign_file
from storydesk.models import Campaign, Decision

# The bundled file's top-level dates, as written there: `start = 2020-03-01   # Zero Discrimination Day`.
_DATE_LINE = re.compile(r"^(start|end)\s*=\s*\d{4}-\d{2}-\d{2}[^\n]*$", re.MULTILINE)


@dataclass(frozen=True)
class DatedCopy:
    path: Path
    start: dt.date
    end: dt.date
    was_start: dt.date  # the dates the desk ran before
    was_end: dt.date


def runs_bundled_campaign() -> bool:
    """The desk runs the bundled campaign, or the dated copy of it (the only ones a copy is made of): a file
    of the operator's own at the copy's place is not the copy (it lacks the copy's first line)."""
    if settings.CAMPAIGN == "":
        return True
    return settings.CAMPAIGN == str(settings.HOME_CAMPAIGN_FILE) and is_dated_copy_file(settings.CAMPAIGN)


def campaign_today(spec: CampaignSpec, now: dt.datetime | None = None) -> dt.date:
    return (now or timezone.now()).astimezone(ZoneInfo(spec.time_zone)).date()


def dated_copy_offered(spec: CampaignSpec, now: dt.datetime | None = None) -> bool:
    """Offered on a fresh install only: the bundled campaign, over, and nobody has decided a story yet. A team
    that works (or keeps an archive of) the real campaign never gets its dates moved by a stray click."""
    return (spec.end < campaign_today(spec, now) and runs_bundled_campaign()
            and not Decision.objects.exists())


def year_from(start: dt.date) -> dt.date:
    """The last day of the year that starts on `start` (a year from 29 February ends on 28 February)."""
    try:
        following = start.replace(year=start.year + 1)
    except ValueError:  # 29 February
        following = dt.date(start.year + 1, 3, 1)
    return following - dt.timedelta(days=1)


def dated_campaign_text(start: dt.date, *, source: Path = DEFAULT_CAMPAIGN_FILE) -> str:
    """The bundled campaign file with its year starting on `start`, and a header saying what it is."""
    end = year_from(start)
    text = _DATE_LINE.sub(lambda m: f"{m.group(1)} = {start if m.group(1) == 'start' else end}",
                          source.read_text(encoding="utf-8"), count=2)
    header = (f"{DATED_COPY_MARK}\n"
              f"# A copy of storydesk's bundled campaign ({source.name}) with its year starting on {start}, so a\n"
              "# new team sees a working calendar. The real campaign ran 2020-03-01 to 2021-02-28. To go back to\n"
              "# it, run `storydesk init --real-dates` and delete this file.\n")
    return header + text


def start_campaign_year(*, actor: Actor, now: dt.datetime | None = None) -> DatedCopy:
    """Write the dated copy to settings.HOME_CAMPAIGN_FILE and load it (an admin's act, audited).

    The copy is written beside its place under a name of its own and checked; the row is locked and the offer
    checked again inside the transaction (two admins, or a stale page); the file takes its place only once the
    row is committed, so a failure leaves neither half."""
    require(actor, "admin")
    if not runs_bundled_campaign():
        raise Refused(f"This desk runs its own campaign file ({settings.CAMPAIGN}): change its dates there.")
    path = Path(settings.HOME_CAMPAIGN_FILE)
    if path.exists() and not is_dated_copy_file(path):
        raise Refused(f"{path} is a campaign file of someone's own (not a copy storydesk made): it is left as it "
                      "is. Move it away first, or set STORYDESK_CAMPAIGN to it.")
    spec, _ = read_campaign_file(DEFAULT_CAMPAIGN_FILE)
    start = campaign_today(spec, now)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".new")
    written = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(dated_campaign_text(start))
        copy, data = read_campaign_file(written)  # a copy that wouldn't load never replaces anything
        with transaction.atomic():
            was = Campaign.objects.select_for_update().filter(slug=spec.slug).first()
            was_spec = was.spec if was is not None else spec
            if not dated_copy_offered(was_spec, now):
                raise Refused("The copy is offered only on a fresh install (no story decided yet) whose bundled "
                              "campaign is over; it may have been made already.")
            campaign = store_campaign(copy, data | {DATED_COPY: True}, str(path))
            audit("campaign.dates_moved", actor=actor, campaign=campaign, file=str(path),
                  start=copy.start.isoformat(), end=copy.end.isoformat(),
                  before={"start": was_spec.start.isoformat(), "end": was_spec.end.isoformat()})
        written.replace(path)
    finally:
        written.unlink(missing_ok=True)
    return DatedCopy(path, copy.start, copy.end, was_spec.start, was_spec.end)
