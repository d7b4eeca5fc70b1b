"""The desk's side of social intake: each story's public post and where its permission stands (with the
button that asks), and /desk/social/ — the feeds, where each has got to, and what went wrong."""
from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from storydesk.actions.base import Actor
from storydesk.actions.campaign import current_campaign
from storydesk.actions.permission import CannotAsk
from storydesk.channels.social.permission import ask_permission, social_submission, why_cannot_ask
from storydesk.channels.social.registry import LABELS, platform_states
from storydesk.desk.access import staff_required
from storydesk.models import PermissionRequest, SocialProblem, SocialSource, Story

PAGE_SIZE = 50
State = PermissionRequest.State


@dataclass(frozen=True)
class SocialPanel:
    platform: str
    post_url: str
    author: str
    profile_url: str
    permission: str  # where permission stands, in plain words
    request: PermissionRequest | None
    cannot_ask: str  # "" when the ask button may be shown
    problems: list[SocialProblem]


def social_panel(story: Story, actor: Actor) -> SocialPanel | None:
    """What the story page shows of the public post the story came from (None for other channels)."""
    submission = social_submission(story)
    if submission is None:
        return None
    request = story.permission_requests.order_by("-created_at", "-id").first()
    label = LABELS.get(submission.channel, submission.channel)
    return SocialPanel(
        platform=label, post_url=submission.raw.get("url", ""),
        # Instagram's hashtag search doesn't say who posted: staff find out on the post itself.
        author=submission.raw.get("author") or story.contributor.social_handle or f"not named by {label}",
        profile_url=story.contributor.profile_url,
        permission=permission_words(story, request, label),
        request=request,
        cannot_ask=why_cannot_ask(story) if actor.may("decide_story") else "Only moderators and managers may ask.",
        problems=list(story.social_problems.order_by("created_at")),
    )


def permission_words(story: Story, request: PermissionRequest | None, label: str) -> str:
    given = story.consents.filter(given_at__isnull=False, withdrawn_at__isnull=True).order_by("given_at").first()
    if given is not None:
        how = given.evidence.get("how", "")
        return f"Permission given {timezone.localtime(given.given_at):%Y-%m-%d %H:%M}" + (f" ({how})." if how else ".")
    if request is None:
        return "Public post — permission not asked yet."
    asked = timezone.localtime(request.created_at)
    if request.state == State.QUEUED:
        retry = f" The last try failed: {request.last_error}" if request.last_error else ""
        return f"Asked {asked:%Y-%m-%d %H:%M}; the request is waiting to be sent on {label}.{retry}"
    if request.state == State.SENT:
        return (f"Asked on {label} {timezone.localtime(request.sent_at):%Y-%m-%d %H:%M}; waiting for the author "
                f"to reply {request.keyword}.")
    if request.state == State.FAILED:
        return f"We couldn't send the permission request: {request.last_error}"
    return f"The author replied {request.keyword}, but the story was withdrawn first."


@staff_required("decide_story")
@require_POST
def ask(request, story_id: int):
    story = get_object_or_404(Story.objects.select_related("campaign", "contributor"), pk=story_id)
    try:
        ask_permission(story, actor=Actor.staff(request.user))
    except CannotAsk as why:
        messages.error(request, f"Not asked: {why}")
    except PermissionDenied:
        raise
    else:
        messages.success(request, "Permission request written; it goes out in a moment.")
    return redirect("desk:story", story_id=story.pk)


@staff_required("view_desk")
def overview(request):
    campaign = current_campaign()
    platforms = [{"name": p.label, "state": f"{p.state}: {p.detail}"} for p in platform_states(campaign)]
    problems = SocialProblem.objects.filter(campaign=campaign).select_related("story", "source")
    kind = request.GET.get("kind", "")
    if kind in SocialProblem.Kind.values:
        problems = problems.filter(kind=kind)
    return render(request, "storydesk/desk/social.html", {
        "platforms": platforms,
        "sources": SocialSource.objects.filter(campaign=campaign),
        "page": Paginator(problems.order_by("-last_seen_at", "-id"), PAGE_SIZE).get_page(request.GET.get("page")),
        "kinds": SocialProblem.Kind.choices, "kind": kind, "now": timezone.now(),
    })
