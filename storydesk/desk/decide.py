"""The decision forms: approve, reject with a reason, needs info (a message to the contributor), reopen (a
manager's reversal), and the claim (renew, release). The rules are in actions.decisions."""
from django.contrib import messages
from django.http import Http404
from django.views.decorators.http import require_POST

from storydesk.actions.base import Actor
from storydesk.actions.campaign import current_campaign
from storydesk.actions.claims import claim_story, release_claim
from storydesk.actions.decisions import RULES, decide
from storydesk.actions.guards import Refused
from storydesk.desk.access import staff_required
from storydesk.desk.forms import NeedsInfoForm, RejectForm, VersionedForm
from storydesk.desk.responses import back_to_story, first_error, onwards, to_queue
from storydesk.desk.story_page import render_claim_box, render_story_page
from storydesk.models import Story
from storydesk.models.submission import channel_label


def _decide(http, story_id: int, action: str, form, *, bound_as: str = "", **words):
    if not form.is_valid():
        return render_story_page(http, story_id, refusal=first_error(form), status=400,
                                 bound={bound_as: form} if bound_as else None)
    try:
        decided = decide(story_id, action, actor=Actor.staff(http.user),
                         seen_version=form.cleaned_data["version"], **words)
    except Story.DoesNotExist:
        raise Http404("no such story") from None
    except Refused as refused:
        return render_story_page(http, story_id, refusal=str(refused), status=409)
    said = f"Story {story_id} {RULES[action].past}."
    if decided.message is not None:
        if decided.message.queued:
            # Sent by the worker after this commit, so nobody knows yet whether it went: say it is queued, and
            # let the banner (storydesk/notices.py) say so if it fails.
            said += (f" The question is queued to go to the contributor by {channel_label(decided.message.channel)} "
                     f"({decided.message.to}); if it can't be sent, the banner at the top of the desk says so.")
        else:
            messages.warning(http, f"Story {story_id}: {decided.message.why_not}")
    # Reopening keeps the manager on the story (they reopened it to look again); a decision moves on.
    return back_to_story(http, story_id, said) if action == "reopen" else onwards(http, story_id, said)


@staff_required("decide_story")
@require_POST
def approve(request, story_id: int):
    return _decide(request, story_id, "approve", VersionedForm(request.POST))


@staff_required("decide_story")
@require_POST
def reject(request, story_id: int):
    form = RejectForm(request.POST, reasons=current_campaign().spec.reject_reasons)
    valid = form.is_valid()
    words = {"reason": form.cleaned_data.get("reason", ""), "note": form.cleaned_data.get("note", "")} if valid else {}
    return _decide(request, story_id, "reject", form, bound_as="reject", **words)


@staff_required("decide_story")
@require_POST
def needs_info(request, story_id: int):
    form = NeedsInfoForm(request.POST, requests=current_campaign().spec.info_menu)
    valid = form.is_valid()
    words = ({"request": form.cleaned_data.get("request", ""), "note": form.cleaned_data.get("note", "")}
             if valid else {})
    return _decide(request, story_id, "needs_info", form, bound_as="needs_info", **words)


@staff_required("reverse_decision")
@require_POST
def reopen(request, story_id: int):
    return _decide(request, story_id, "reopen", VersionedForm(request.POST))


@staff_required("decide_story")
@require_POST
def claim(request, story_id: int):
    """do=renew: take the story, or keep it a few minutes more; do=release: let another moderator have it.
    The story page sends do=renew itself once loaded (htmx, target #claim): that gets the claim box alone."""
    actor = Actor.staff(request.user)
    if request.POST.get("do") == "release":
        release_claim(story_id, actor=actor)
        messages.success(request, f"You let go of story {story_id}.")
        return to_queue(request)
    held = claim_story(story_id, actor=actor)
    if request.htmx and request.htmx.target == "claim":
        return render_claim_box(request, story_id, held, status=200 if held.held_by(request.user) else 409)
    if not held.held_by(request.user):
        return render_story_page(request, story_id, claim=held, status=409,
                                 refusal=f"{held.holder or 'Nobody'} holds story {story_id}; it can't be yours now.")
    return back_to_story(request, story_id, f"Story {story_id} is yours for a few more minutes.")
