"""A campaign year for `storydesk bench insights`: N stories spread over the campaign's days, each with what
the dashboard counts (submissions on one or two channels, a screening verdict, themes, consents, decisions by
a dozen moderators, and a post a day per target), written in bulk. The database triggers log every day as
they would for stories arriving one by one."""
from __future__ import annotations

import contextlib
import datetime as dt
import random
from collections.abc import Callable

from django.contrib.auth import get_user_model

from storydesk.actions.campaign import current_campaign
from storydesk.cli.init import init_desk
from storydesk.models import (
    Campaign,
    Consent,
    Contributor,
    Decision,
    Publication,
    Slot,
    Story,
    StoryTheme,
    Submission,
    Verdict,
)
from tests.support.samples.answers import LABELLED_ANSWERS

CHUNK = 2000
COUNTRIES = ("US", "GB", "IN", "NG", "KE", "GH", "BR", "MX", "FR", "DE", "ES", "JP", "CN", "ZA", "EG", "JO",
             "AR", "CA", "AU", "PH", "ID", "VN", "TR", "SE", "IT", "PK", "BD", "TZ", "UG", "CO")
LANGUAGES = ("en", "en", "en", "fr", "es", "pt", "ar", "sw", "")
CHANNELS = (("web", 40), ("email", 25), ("instagram", 20), ("mastodon", 10), ("bluesky", 5))
STATUSES = (("received", 3), ("in_review", 15), ("approved", 45), ("rejected", 30), ("needs_info", 5),
            ("merged", 2))
STORIES_PER_CONTRIBUTOR = 4  # contributors aren't counted; fewer rows makes the set quicker to build


def bench_campaign(bench: str, stories: int, *, reuse: bool) -> Campaign:
    """The desk's campaign, set up; empty for a new run, or holding exactly the stories an earlier run made
    (--reuse), else the bench stops saying why."""
    init_desk(verbose=False)
    campaign = current_campaign()
    held = Story.objects.filter(campaign=campaign).count()
    if reuse and held != stories:
        raise SystemExit(f"--reuse measures the {stories:,} stories an earlier run made, but this database holds "
                         f"{held:,}: point STORYDESK_BENCH_DATABASE_URL (or STORYDESK_BENCH_HOME) at that run's.")
    if held and not reuse:
        raise SystemExit(f"storydesk bench {bench} needs an empty database; this one already holds stories "
                         "(--reuse measures them again).")
    return campaign


@contextlib.contextmanager
def _dates_as_given(*models):
    """Let bulk_create keep the arrival and decision times we give instead of "now" (auto_now_add)."""
    fields = [model._meta.get_field("created_at") for model in models]
    for field in fields:
        field.auto_now_add = False
    try:
        yield
    finally:
        for field in fields:
            field.auto_now_add = True


def make_campaign_year(campaign: Campaign, n: int, *, seed: int = 7,
                       progress: Callable[[int], None] | None = None) -> None:
    rng = random.Random(seed)
    days = (campaign.spec.end - campaign.spec.start).days + 1
    start = dt.datetime.combine(campaign.spec.start, dt.time.min, tzinfo=dt.UTC)
    themes = [t.name for t in campaign.spec.themes] or ["taking action"]
    User = get_user_model()
    moderators = [User.objects.get_or_create(username=f"bench-moderator-{i}")[0] for i in range(12)]
    channel_names, channel_weights = zip(*CHANNELS)
    status_names, status_weights = zip(*STATUSES)
    with _dates_as_given(Story, Decision):
        for offset in range(0, n, CHUNK):
            count = min(CHUNK, n - offset)
            people = Contributor.objects.bulk_create([
                Contributor(campaign=campaign, first_name="Bench", country=rng.choice(COUNTRIES))
                for _ in range((count + STORIES_PER_CONTRIBUTOR - 1) // STORIES_PER_CONTRIBUTOR)])
            arrivals = sorted(start + dt.timedelta(seconds=rng.uniform(0, days * 86400)) for _ in range(count))
            stories = Story.objects.bulk_create([Story(
                campaign=campaign, contributor=people[i // STORIES_PER_CONTRIBUTOR],
                status=rng.choices(status_names, status_weights)[0], status_changed_at=arrived, created_at=arrived,
                country=(country := rng.choice(COUNTRIES)), language=rng.choice(LANGUAGES),
                answer=(answer := rng.choice(LABELLED_ANSWERS).text), public_caption=answer,
                display_name=f"Bench, {country}", status_token=f"bench-{offset + i}")
                for i, arrived in enumerate(arrivals)])
            submissions, verdicts, story_themes, consents, decisions = [], [], [], [], []
            for story in stories:
                arrived = story.created_at
                on = {rng.choices(channel_names, channel_weights)[0] for _ in range(1 if rng.random() > 0.03 else 2)}
                submissions += [Submission(campaign=campaign, story=story, channel=channel, received_at=arrived,
                                           source_key=f"bench-{story.pk}-{channel}") for channel in on]
                if story.status != "received" or rng.random() < 0.5:
                    verdicts.append(Verdict(story=story, step="sign_check", outcome="pass"))
                story_themes += [StoryTheme(story=story, name=name, score=0.5)
                                 for name in rng.sample(themes, rng.randint(1, min(2, len(themes))))]
                consents += [Consent(story=story, scope=scope, channel="web",
                                     given_at=arrived if rng.random() < 0.7 else None,
                                     withdrawn_at=arrived + dt.timedelta(days=3) if rng.random() < 0.02 else None)
                             for scope in ("website", "instagram")]
                if story.status in ("approved", "rejected", "needs_info", "merged"):
                    wait = dt.timedelta(hours=rng.lognormvariate(1.5, 1.2))
                    decisions.append(Decision(story=story, actor=rng.choice(moderators), created_at=arrived + wait,
                                              action="reject" if story.status == "rejected" else "approve"))
            Submission.objects.bulk_create(submissions, batch_size=CHUNK)
            Verdict.objects.bulk_create(verdicts, batch_size=CHUNK)
            StoryTheme.objects.bulk_create(story_themes, batch_size=CHUNK)
            Consent.objects.bulk_create(consents, batch_size=CHUNK)
            Decision.objects.bulk_create(decisions, batch_size=CHUNK)
            if progress:
                progress(count)
    _a_post_a_day(campaign, rng)


def _a_post_a_day(campaign: Campaign, rng: random.Random) -> None:
    """A slot a day per target, each holding an approved story, published up to the campaign's middle."""
    days = (campaign.spec.end - campaign.spec.start).days + 1
    approved = list(Story.objects.filter(campaign=campaign, status="approved").order_by("?")
                    .values_list("pk", flat=True)[:2 * days])
    days, middle = min(days, len(approved) // 2), days // 2
    for target_index, target in enumerate(("gallery", "instagram")):
        for day in range(days):
            story_id = approved[target_index * days + day]
            when = dt.datetime.combine(campaign.spec.start + dt.timedelta(days=day), dt.time(15), tzinfo=dt.UTC)
            done = day < middle
            slot = Slot.objects.create(campaign=campaign, target=target, starts_at=when, story_id=story_id,
                                       state="published" if done else "planned")
            if done:
                Publication.objects.create(story_id=story_id, target=target, slot=slot, state="published",
                                           published_at=when)
