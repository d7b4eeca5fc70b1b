"""A copy of the bundled campaign whose year starts today, for a new team trying the desk.

The bundled #YearOfMaleAllyship ran 1 March 2020 to 28 February 2021 and stays so: it is the campaign's real
record. On a fresh install that makes the calendar empty ("outside the campaign's dates"), so `storydesk init
--demo`, or an admin on the desk, can write a copy with the same words and new dates into the home folder
(settings.HOME_CAMPAIGN_FILE), which the desk then runs while STORYDESK_CAMPAIGN is empty. Same slug, so the
stories stay with it; deleting the file and running `storydesk init` puts the real dates back."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from storydesk.actions.base import Actor, audit, require
from storydesk.actions.campaign import load_campaign
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
    """The desk runs the bundled campaign, or the dated copy of it (the only ones a copy is made of)."""
    return settings.CAMPAIGN in ("", str(settings.HOME_CAMPAIGN_FILE))


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
    header = (f"# A copy of storydesk's bundled campaign ({source.name}) with its year starting on {start}, so a\n"
              "# new team sees a working calendar. The real campaign ran 2020-03-01 to 2021-02-28. To go back to\n"
              "# it, delete this file and run `storydesk init`.\n")
    return header + text


def start_campaign_year(*, actor: Actor, now: dt.datetime | None = None) -> DatedCopy:
    """Write the dated copy to settings.HOME_CAMPAIGN_FILE and load it (an admin's act, audited)."""
    require(actor, "admin")
    if not runs_bundled_campaign():
        raise Refused(f"This desk runs its own campaign file ({settings.CAMPAIGN}): change its dates there.")
    spec, _ = read_campaign_file(DEFAULT_CAMPAIGN_FILE)
    start = campaign_today(spec, now)
    path = Path(settings.HOME_CAMPAIGN_FILE)
    was = Campaign.objects.filter(slug=spec.slug).first()
    was_spec = was.spec if was is not None else spec
    path.parent.mkdir(parents=True, exist_ok=True)
    written = path.with_name(f".{path.name}.new")
    written.write_text(dated_campaign_text(start), encoding="utf-8")
    read_campaign_file(written)  # a copy that wouldn't load never replaces anything
    written.replace(path)
    with transaction.atomic():
        campaign = load_campaign(str(path))
        copy = campaign.spec
        audit("campaign.dates_moved", actor=actor, campaign=campaign, file=str(path),
              start=copy.start.isoformat(), end=copy.end.isoformat(),
              before={"start": was_spec.start.isoformat(), "end": was_spec.end.isoformat()})
    return DatedCopy(path, copy.start, copy.end, was_spec.start, was_spec.end)
