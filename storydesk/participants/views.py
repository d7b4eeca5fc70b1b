"""/s/<token>/: where a story stands, and withdrawing it with one click."""
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from storydesk.actions.base import Actor
from storydesk.actions.lifecycle import withdraw_story
from storydesk.models import Status
from storydesk.participants.links import status_path
from storydesk.participants.wording import consent_wording, status_wording


def status(request: HttpRequest, token: str) -> HttpResponse:
    story = status_path.story_for(token)
    if story is None:
        return render(request, "storydesk/public/link_problem.html", status=404)
    return render(request, "storydesk/public/status.html", {
        "story": story,
        "token": token,
        "state": status_wording(story),
        "consents": [consent_wording(c) for c in story.consents.order_by("scope")],
        "lead": story.lead_photo if story.status != Status.WITHDRAWN else None,
        "withdrawn": story.status == Status.WITHDRAWN,
    })


@require_POST
def withdraw(request: HttpRequest, token: str) -> HttpResponse:
    story = status_path.story_for(token)
    if story is None:
        return render(request, "storydesk/public/link_problem.html", status=404)
    withdraw_story(story, actor=Actor.contributor(), via="status page")
    return redirect("participants:status", token=token)
