"""Which campaign this desk runs (STORYDESK_CAMPAIGN, or the default), and loading its file into the database."""
from functools import lru_cache

from django.conf import settings
from django.db import transaction

from storydesk.campaigns.spec import DEFAULT_CAMPAIGN_FILE, read_campaign_file
from storydesk.models import Campaign


def load_campaign(path: str | None = None) -> Campaign:
    """Create or update the Campaign row from its file (idempotent)."""
    spec, data = read_campaign_file(path or settings.CAMPAIGN or None)
    with transaction.atomic():
        campaign, _ = Campaign.objects.update_or_create(
            slug=spec.slug,
            defaults={
                "name": spec.name,
                "organiser": spec.organiser,
                "handle": spec.handle,
                "config": data,
                "source_path": str(path or settings.CAMPAIGN or DEFAULT_CAMPAIGN_FILE),
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
