"""Bulk actions on the queue's selection: approve, reject with a reason, assign to a moderator.

Approving a selection with flagged stories in it (desk/flags.py) asks once: a page lists them and what was
flagged, and the moderator approves them all, only the unflagged, or goes back. That page's form carries the
selection again; its answer is checked like the first post, and the flags are looked up again: a story flagged
since the page was shown brings the page back rather than being approved unseen."""
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_POST

from storydesk.actions.assignment import deciders
from storydesk.actions.base import Actor
from storydesk.actions.bulk import MAX_SELECTION, BulkResult, bulk_assign, bulk_decide, record_flagged_choice
from storydesk.actions.campaign import current_campaign
from storydesk.desk.access import staff_required
from storydesk.desk.flags import flagged_among
from storydesk.desk.forms import BulkForm
from storydesk.desk.queue import QueueFilters
from storydesk.desk.responses import to_queue

MAX_REASONS_SHOWN = 5
CHOICES = ("all", "unflagged")  # the confirmation page's two ways on


@staff_required("decide_story")
@require_POST
def bulk(request):
    actor = Actor.staff(request.user)
    people = deciders()
    form = BulkForm(request.POST, reasons=current_campaign().spec.reject_reasons, people=people)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, errors[0])
        return to_queue(request)
    data = form.cleaned_data
    action = data["action"]
    if action == "approve":
        return _approve(request, data, actor)
    if action == "assign":
        if not actor.may("assign_story"):
            raise PermissionDenied
        assignee = get_user_model().objects.filter(pk=data["assignee"]).first() if data["assignee"] else None
        result = bulk_assign([pk for pk, _ in data["stories"]], assignee, actor=actor)
        done = f"Assigned {len(result.done)} to {assignee.get_username() if assignee else 'nobody'}."
    else:
        result = bulk_decide(data["stories"], action, actor=actor, reason=data.get("reason", ""),
                             note=data.get("note", ""))
        done = f"Rejected {len(result.done)}."
    return _report(request, result, done)


def _approve(request, data, actor: Actor):
    campaign = current_campaign()
    selection = list(dict(data["stories"][:MAX_SELECTION]).items())  # each story once, as the action takes them
    flagged = flagged_among([pk for pk, _ in selection], campaign)
    choice = request.POST.get("confirm")
    shown = {int(v) for v in request.POST.getlist("shown_flagged") if v.isdigit()}
    if flagged and (choice not in CHOICES or not set(flagged) <= shown):
        if choice in CHOICES:
            messages.warning(request, "More stories are flagged than when you were asked: look again.")
        return _confirmation(request, selection, flagged, data.get("note", ""))
    # "Only the unflagged" leaves out what the page showed as flagged, and what is flagged now.
    skipped = (set(flagged) | shown) if choice == "unflagged" else set()
    result = bulk_decide([(pk, version) for pk, version in selection if pk not in skipped], "approve", actor=actor,
                         note=data.get("note", ""))
    if flagged or shown:
        record_flagged_choice({pk: f.concerns for pk, f in flagged.items()}, choice, result, actor=actor,
                              campaign=campaign)
    if skipped:
        left = len([pk for pk, _ in selection if pk in skipped])
        messages.info(request, f"Left {left} flagged stor{'y' if left == 1 else 'ies'} in the queue to look at.")
    return _report(request, result, f"Approved {len(result.done)}.")


def _confirmation(request, selection, flagged, note: str):
    unflagged = len(selection) - len(flagged)
    response = render(request, "storydesk/desk/bulk_confirm.html", {
        "selection": [f"{pk}@{version}" for pk, version in selection],
        "flagged": list(flagged.values()),
        "total": len(selection),
        "unflagged": unflagged,
        "note": note,
        "queue_query": QueueFilters.from_query(request.GET).as_query(),
    })
    # The address stays the queue's (htmx would show /desk/bulk/, which a reload can't GET): reloading goes back.
    response["HX-Push-Url"] = "false"
    return response


def _report(request, result: BulkResult, done: str):
    if result.done:
        messages.success(request, done)
    if result.refused:
        shown = list(result.refused.items())[:MAX_REASONS_SHOWN]
        more = len(result.refused) - len(shown)
        messages.warning(request, f"{len(result.refused)} not done: " + " ".join(why for _, why in shown)
                         + (f" …and {more} more." if more else ""))
    return to_queue(request)
