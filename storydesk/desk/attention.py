"""/desk/attention/: what needs a person, at more length than the banner: what the worker last did, and the
campaign's dates, with an admin's button to start a copy of the bundled campaign today on a fresh install."""
from django.conf import settings
from django.contrib import messages
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from storydesk.actions.base import Actor
from storydesk.actions.campaign import DATED_COPY, current_campaign
from storydesk.actions.campaign_dates import (
    campaign_today,
    dated_copy_offered,
    runs_bundled_campaign,
    start_campaign_year,
    year_from,
)
from storydesk.actions.guards import Refused
from storydesk.actions.heartbeat import STALE_AFTER, last_heartbeat
from storydesk.campaigns.spec import CampaignFileError
from storydesk.desk.access import staff_required
from storydesk.desk.responses import SeeOther


@staff_required("view_desk")
@require_GET
def attention(request):
    campaign = current_campaign()
    spec = campaign.spec
    today = campaign_today(spec)
    return render(request, "storydesk/desk/attention.html", {
        "spec": spec, "today": today, "copy_end": year_from(today),
        "over": today > spec.end, "not_started": today < spec.start,
        "bundled": runs_bundled_campaign(), "offered": dated_copy_offered(spec),
        "copy_file": settings.HOME_CAMPAIGN_FILE,
        "running_copy": bool(campaign.config.get(DATED_COPY)),
        "beat": last_heartbeat(), "stale_minutes": int(STALE_AFTER.total_seconds() // 60),
    })


@staff_required("manage_staff")
@require_POST
def start_campaign_today(request):
    spec = current_campaign().spec
    if not dated_copy_offered(spec):  # the page said why; a stale page's button lands here
        messages.error(request, "The copy was not made: it is offered only on a fresh install (no story decided "
                                "yet) whose bundled campaign is over.")
        return SeeOther(reverse("desk:attention") + "#campaign")
    try:
        copy = start_campaign_year(actor=Actor.staff(request.user))
    except (Refused, OSError, CampaignFileError) as problem:  # OSError: a read-only home folder
        messages.error(request, f"The copy was not made: {problem}")
    else:
        messages.success(request, f"The campaign now runs {copy.start.day} {copy.start:%B %Y} to "
                                  f"{copy.end.day} {copy.end:%B %Y}, from {copy.path}. To go back to the real "
                                  "dates, run `storydesk init --real-dates` and delete that file.")
    return SeeOther(reverse("desk:attention") + "#campaign")
