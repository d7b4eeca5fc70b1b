"""POST /desk/stories/<id>/publish-now/: a manager publishes an approved story now, from its page or from its
slot on the calendar (the form says in words where it goes). The rules are in actions.publish_now."""
from __future__ import annotations

from django.contrib import messages
from django.db import IntegrityError, OperationalError
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from storydesk.actions import publish_now as actions
from storydesk.actions.base import Actor
from storydesk.actions.calendar import SlotRefused
from storydesk.desk.access import staff_required
from storydesk.desk.responses import SeeOther
from storydesk.models import Story

CLASHED = "Someone changed the calendar at the same moment — try again."


def _back(request, story_id: int) -> str:
    """Where the form was: the story page, or the calendar slot it was pressed on (desk pages only)."""
    wanted = request.POST.get("next", "")
    if wanted.startswith("/desk/") and url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}):
        return wanted
    return reverse("desk:story", args=[story_id])


@staff_required("plan_calendar")
@require_POST
def publish_now(request, story_id: int):
    back = _back(request, story_id)
    try:
        done = actions.publish_now(story_id, actor=Actor.staff(request.user))
    except Story.DoesNotExist:
        messages.error(request, "No such story.")
        return SeeOther(reverse("desk:stories"))
    except SlotRefused as refused:
        messages.error(request, str(refused))
        return SeeOther(back)
    except (OperationalError, IntegrityError):
        # PostgreSQL broke a deadlock or a unique slot clashed with a calendar edit at the same instant: the
        # transaction rolled back whole, so nothing half-done is left. Pressing again reads the calendar anew.
        messages.error(request, CLASHED)
        return SeeOther(back)
    if done.slots:
        messages.success(request, f"Story {story_id} is going out on {done.plan.where} now: within a minute, "
                                  "like any planned slot.")
    for held in done.plan.held_back:
        messages.info(request, held.why)
    return SeeOther(back)
