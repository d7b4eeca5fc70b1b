"""/desk/: the queue (filters with counts, flagged first and oldest first, pages, a selection for bulk
actions) and one story's page. Both only read: the story page asks for the claim itself, as a POST to desk:claim
sent when it has loaded (see _claim.html)."""
from django.conf import settings
from django.db.models import Prefetch
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from storydesk.actions.assignment import deciders
from storydesk.actions.base import Actor
from storydesk.actions.campaign import current_campaign
from storydesk.desk.access import staff_required
from storydesk.desk.counts import FLAGGED, estimated_any, listed_total, walk_pays
from storydesk.desk.forms import BulkForm
from storydesk.desk.keyset import keyset_page
from storydesk.desk.queue import SORT_LABELS, QueueFilters, cached_counts
from storydesk.desk.story_page import render_story_page
from storydesk.models import Photo, Story, Submission, Verdict


def _listed(stories):
    return stories.select_related("claimed_by", "assigned_to").prefetch_related(
        Prefetch("photos", queryset=Photo.objects.filter(position=0).order_by("id"), to_attr="leads"),
        Prefetch("verdicts", queryset=Verdict.objects.filter(outcome__in=FLAGGED).order_by("position", "id"),
                 to_attr="flags"),
        Prefetch("submissions", queryset=Submission.objects.only("id", "story_id", "channel").order_by("id")),
    )


@staff_required("view_desk")
@require_GET
def story_list(request):
    campaign = current_campaign()
    filters = QueueFilters.from_query(request.GET)
    stories = Story.objects.filter(campaign=campaign)
    listed = _listed(filters.apply(stories, user=request.user, walk=walk_pays(filters, campaign.pk)))
    page = keyset_page(listed, filters.order, settings.STORYDESK_DESK_PAGE_SIZE, request.GET)
    actor = Actor.staff(request.user)
    may_assign = actor.may("assign_story")
    spec = campaign.spec
    filter_counts, counted_at = cached_counts(filters, stories, user=request.user, campaign_id=campaign.pk)
    context = {
        "page": page,
        "filters": filters,
        "queue_query": filters.as_query(),
        "counts": filter_counts,
        "counted_at": counted_at,
        "estimated": estimated_any(filter_counts),
        "total": listed_total(filters, filter_counts, whole_queue=page.rows if page.whole else None),
        "sorts": SORT_LABELS.items(),
        "now": timezone.now(),
        "may_decide": actor.may("decide_story"),
        "may_assign": may_assign,
        "bulk_form": BulkForm(reasons=spec.reject_reasons, people=list(deciders()) if may_assign else []),
    }
    # A filter change made by htmx replaces the queue alone; anything else gets the whole page.
    template = ("storydesk/desk/_queue_area.html" if request.htmx and request.htmx.target == "queue-area"
                else "storydesk/desk/story_list.html")
    return render(request, template, context)


@staff_required("view_desk")
@require_GET
def story_detail(request, story_id: int):
    return render_story_page(request, story_id, claim_on_load=True)
