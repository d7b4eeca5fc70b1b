"""Which campaign this desk runs (STORYDESK_CAMPAIGN, or the default), and loading its file into the database."""
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.db import transaction

from storydesk.actions.base import Actor, audit
from storydesk.campaigns.spec import DEFAULT_CAMPAIGN_FILE, CampaignSpec, read_campaign_file
from storydesk.models import Campaign

# The key a dated copy of the bundled campaign (actions/campaign_dates.py) leaves in the Campaign row's config:
# the row, not the file, is what every machine of the desk shares, so the moved dates live there too.
DATED_COPY = "storydesk_dated_copy"
# The line that marks a campaign file as that dated copy (its header's first line).
DATED_COPY_MARK = "# storydesk: dated copy of the bundled campaign (safe to replace or delete)"


def is_dated_copy_file(path) -> bool:
    """Whether the file is a dated copy storydesk wrote (its first line), not an operator's own file."""
    try:
        with open(path, encoding="utf-8") as file:
            return file.readline().rstrip("\n") == DATED_COPY_MARK
    except OSError:
        return False


def load_campaign(path: str | None = None, *, real_dates: bool = False) -> Campaign:
    """Create or update the Campaign row from its file (idempotent).

    The bundled file never moves the dates of a row a dated copy moved (that copy may live on another machine
    of the desk): the row keeps them unless real_dates says to go back (`storydesk init --real-dates`)."""
    source = path or settings.CAMPAIGN or None
    spec, data = read_campaign_file(source)
    if source and is_dated_copy_file(source):
        data = data | {DATED_COPY: True}
    elif not source or Path(source).resolve() == DEFAULT_CAMPAIGN_FILE.resolve():
        row = Campaign.objects.filter(slug=spec.slug).first()
        if row is not None and row.config.get(DATED_COPY):
            if real_dates:
                with transaction.atomic():
                    campaign = store_campaign(spec, data, str(source or DEFAULT_CAMPAIGN_FILE))
                    audit("campaign.real_dates", actor=Actor.cli(), campaign=campaign,
                          start=spec.start.isoformat(), end=spec.end.isoformat(),
                          before={"start": row.config["start"], "end": row.config["end"]})
                return campaign
            data = data | {"start": row.config["start"], "end": row.config["end"], DATED_COPY: True}
    return store_campaign(spec, data, str(source or DEFAULT_CAMPAIGN_FILE))


def store_campaign(spec: CampaignSpec, data: dict, source_path: str) -> Campaign:
    """Write a parsed campaign file into its row."""
    with transaction.atomic():
        campaign, _ = Campaign.objects.update_or_create(
            slug=spec.slug,
            defaults={
                "name": spec.name,
                "organiser": spec.organiser,
                "handle": spec.handle,
                "config": data,
                "source_path": source_path,
            },
        )
    return campaign


@lru_cache(maxsize=4)
def _slug_of(path: str) -> str:
    return read_campaign_file(path or None)[0].slug


def current_campaign() -> Campaign:
    """The desk's campaign, loading its file on first use so a fresh database just works."""
    campaign = Campaign.objects.filter(slug=_slug_of(settings.CAMPAIGN)).first()
    return campaign or load_campaign()


@lru_cache(maxsize=4)
def _language_of(path: str) -> str:
    return read_campaign_file(path or None)[0].language


def default_language() -> str:
    """The language the campaign's file is written in: what a visitor reads when no choice, link or browser
    names one of ours. From the file, not the database, so a cached gallery page still costs no query."""
    return _language_of(settings.CAMPAIGN)
