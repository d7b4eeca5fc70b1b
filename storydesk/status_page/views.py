"""/s/<token>/: where a story stands, confirming consent (stories sent by email), and withdrawing it with one click."""
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from storydesk.actions.base import Actor
from storydesk.actions.consent import confirm_consent
from storydesk.actions.lifecycle import withdraw_story
from storydesk.contributor_access import awaiting_consent, status_path
from storydesk.models import Status
from storydesk.photos.responses import photo_response
from storydesk.ratelimit import client_key
from storydesk.status_page.consent import ConsentForm
from storydesk.status_page.wording import consent_wording, status_wording


def status(request: HttpRequest, token: str) -> HttpResponse:
    story = status_path.story_for(token)
    if story is None:
        return render(request, "storydesk/public/link_problem.html", status=404)
    return _status_page(request, story, token, ConsentForm() if awaiting_consent(story) else None)


def _status_page(request, story, token: str, consent_form: ConsentForm | None, http_status: int = 200):
    return render(request, "storydesk/public/status.html", {
        "consent_form": consent_form,
        "story": story,
        "token": token,
        "state": status_wording(story),
        "consents": [consent_wording(c) for c in story.consents.order_by("scope")],
        "lead": story.lead_photo if story.status != Status.WITHDRAWN else None,
        "withdrawn": story.status == Status.WITHDRAWN,
    }, status=http_status)


def photo(request: HttpRequest, token: str) -> HttpResponse:
    """The contributor's own photo (its thumbnail), public or not yet: the status link is their key to it."""
    story = status_path.story_for(token)
    lead = story.lead_photo if story is not None and story.status != Status.WITHDRAWN else None
    if lead is None:
        raise Http404("no photo")
    return photo_response(lead.thumbnail, cache="private, no-store")


@require_POST
def consent(request: HttpRequest, token: str) -> HttpResponse:
    story = status_path.story_for(token)
    if story is None:
        return render(request, "storydesk/public/link_problem.html", status=404)
    form = ConsentForm(request.POST)
    if not awaiting_consent(story):
        return redirect("status_page:status", token=token)
    if not form.is_valid():
        return _status_page(request, story, token, form, http_status=400)
    confirm_consent(story, scopes=form.scopes(), actor=Actor.contributor(), evidence={
        "client": client_key(request), "user_agent": request.META.get("HTTP_USER_AGENT", "")[:200]})
    return redirect("status_page:status", token=token)


@require_POST
def withdraw(request: HttpRequest, token: str) -> HttpResponse:
    story = status_path.story_for(token)
    if story is None:
        return render(request, "storydesk/public/link_problem.html", status=404)
    withdraw_story(story, actor=Actor.contributor(), via="status page")
    return redirect("status_page:status", token=token)
