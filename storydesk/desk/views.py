"""/desk/: the stories, newest first, with status, channel, thumbnail and verdicts."""
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from storydesk.actions.base import Actor
from storydesk.desk.access import staff_required
from storydesk.desk.social import social_panel
from storydesk.models import AuditEvent, Photo, Status, Story, Submission, Verdict

PAGE_SIZE = 50


def _stories():
    return Story.objects.select_related("contributor").prefetch_related(
        Prefetch("photos", queryset=Photo.objects.order_by("position", "id")),
        Prefetch("verdicts", queryset=Verdict.objects.order_by("position", "id")),
        Prefetch("submissions", queryset=Submission.objects.only("id", "story_id", "channel")),
    )


@staff_required("viewer")
def story_list(request):
    stories = _stories()
    status = request.GET.get("status", "")
    if status in Status.values:
        stories = stories.filter(status=status)
    page = Paginator(stories.order_by("-created_at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "storydesk/desk/story_list.html", {
        "page": page, "statuses": Status.choices, "status": status,
    })


@staff_required("viewer")
def story_detail(request, story_id: int):
    story = get_object_or_404(_stories().select_related("campaign"), pk=story_id)
    return render(request, "storydesk/desk/story_detail.html", {
        "story": story,
        "consents": story.consents.order_by("scope"),
        "events": AuditEvent.objects.filter(story=story).select_related("actor")[:100],
        "social": social_panel(story, Actor.staff(request.user)),
    })
