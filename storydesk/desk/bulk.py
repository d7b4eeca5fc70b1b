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
from storydesk.models import Story
from storydesk.plural import counted

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
    data["stories"], elsewhere = _in_campaign(data["stories"], current_campaign())
    action = data["action"]
    if action == "approve":
        return _approve(request, data, actor, elsewhere)
    if action == "assign":
        if not actor.may("assign_story"):
            raise PermissionDenied
        assignee = get_user_model().objects.filter(pk=data["assignee"]).first() if data["assignee"] else None
        result = bulk_assign([pk for pk, _ in data["stories"]], assignee, actor=actor)
        done = f"Assigned {counted(len(result.done), 'story')} to {assignee.get_username() if assignee else 'nobody'}."
    else:
        result = bulk_decide(data["stories"], action, actor=actor, reason=data.get("reason", ""),
                             note=data.get("note", ""))
        done = f"Rejected {counted(len(result.done), 'story')}."
    result.refused.update(elsewhere)
    return _report(request, result, done)


def _in_campaign(stories: list[tuple[int, str | None]], campaign) -> tuple[list, dict[int, str]]:
    """The queue shows the current campaign's stories only, and its flags are looked up there: a selected story
    of another campaign (only a hand-made form holds one) is refused rather than decided unseen."""
    elsewhere = set(Story.objects.filter(pk__in=[pk for pk, _ in stories]).exclude(campaign=campaign)
                    .values_list("pk", flat=True))
    kept = [(pk, version) for pk, version in stories if pk not in elsewhere]
    return kept, {pk: f"Story {pk} isn't in the current campaign." for pk in sorted(elsewhere)}


def _approve(request, data, actor: Actor, elsewhere: dict[int, str]):
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
    # The decisions and the choice's event are not one transaction: each story is decided in its own (a refusal
    # or an error on one keeps the others' decisions, and no lock is held across the whole selection), so
    # there is no one transaction to join. The event comes after, naming the batch each decision's event has.
    result = bulk_decide([(pk, version) for pk, version in selection if pk not in skipped], "approve", actor=actor,
                         note=data.get("note", ""))
    if (flagged or shown) and choice in CHOICES:  # a choice the page offered: never an event without one
        record_flagged_choice({pk: f.codes for pk, f in flagged.items()}, shown & {pk for pk, _ in selection},
                              choice, result, actor=actor, campaign=campaign)
    result.refused.update(elsewhere)
    if skipped:
        left = len([pk for pk, _ in selection if pk in skipped])
        messages.info(request, f"Left {counted(left, 'flagged story')} in the queue to look at.")
    return _report(request, result, f"Approved {counted(len(result.done), 'story')}.")


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
        messages.warning(request, f"{counted(len(result.refused), 'story')} not done: "
                         + " ".join(why for _, why in shown) + (f" …and {more} more." if more else ""))
    return to_queue(request)
