"""How the desk answers a form: on success, 303 to the next page (a reload never sends the form again); on a
refusal, the story page again with the reason, as it is now."""
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse

from storydesk.actions.campaign import current_campaign
from storydesk.desk.queue import QueueFilters, neighbours
from storydesk.models import Story


class SeeOther(HttpResponseRedirect):
    status_code = 303


def back_to_story(request, story_id: int, said: str = "") -> SeeOther:
    if said:
        messages.success(request, said)
    return SeeOther(_with_query(reverse("desk:story", args=[story_id]), request))


def onwards(request, story_id: int, said: str = "") -> SeeOther:
    """After a decision: the next story in the moderator's queue, or the queue when there is none."""
    if said:
        messages.success(request, said)
    filters = QueueFilters.from_query(request.GET)
    story = Story.objects.filter(pk=story_id).first()
    after = None
    if story is not None:
        _, after = neighbours(filters, Story.objects.filter(campaign=current_campaign()), story, user=request.user)
    url = reverse("desk:story", args=[after]) if after else reverse("desk:stories")
    return SeeOther(_with_query(url, request))


def to_queue(request) -> SeeOther:
    return SeeOther(_with_query(reverse("desk:stories"), request))


def _with_query(url: str, request) -> str:
    query = QueueFilters.from_query(request.GET).as_query()
    return f"{url}?{query}" if query else url


def first_error(form) -> str:
    for errors in form.errors.values():
        return str(errors[0])
    return "That form was not filled in right."
