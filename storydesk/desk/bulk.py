"""Bulk actions on the queue's selection: approve, reject with a reason, assign to a moderator."""
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.views.decorators.http import require_POST

from storydesk.actions.assignment import deciders
from storydesk.actions.base import Actor
from storydesk.actions.bulk import bulk_assign, bulk_decide
from storydesk.actions.campaign import current_campaign
from storydesk.desk.access import staff_required
from storydesk.desk.forms import BulkForm
from storydesk.desk.responses import to_queue
from storydesk.plural import counted

MAX_REASONS_SHOWN = 5


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
    if action == "assign":
        if not actor.may("assign_story"):
            raise PermissionDenied
        assignee = get_user_model().objects.filter(pk=data["assignee"]).first() if data["assignee"] else None
        result = bulk_assign([pk for pk, _ in data["stories"]], assignee, actor=actor)
        done = f"Assigned {counted(len(result.done), 'story')} to {assignee.get_username() if assignee else 'nobody'}."
    else:
        result = bulk_decide(data["stories"], action, actor=actor, reason=data.get("reason", ""),
                             note=data.get("note", ""))
        done = f"{'Approved' if action == 'approve' else 'Rejected'} {counted(len(result.done), 'story')}."
    if result.done:
        messages.success(request, done)
    if result.refused:
        shown = list(result.refused.items())[:MAX_REASONS_SHOWN]
        more = len(result.refused) - len(shown)
        messages.warning(request, f"{counted(len(result.refused), 'story')} not done: "
                         + " ".join(why for _, why in shown) + (f" …and {more} more." if more else ""))
    return to_queue(request)
