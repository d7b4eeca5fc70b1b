"""Assigning stories to a moderator (a manager's act): the queue can then show each moderator their own."""
from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q

from storydesk.actions.base import Actor, audit, require_permission
from storydesk.actions.guards import Refused
from storydesk.models import Decision, Story
from storydesk.models.story import FINAL
from storydesk.roles import ROLES


def deciders():
    """Active staff who may decide stories: whom a story can be assigned to."""
    may_decide = ROLES[:ROLES.index("moderator") + 1]
    return (get_user_model().objects.filter(is_active=True)
            .filter(Q(is_superuser=True) | Q(groups__name__in=may_decide)).distinct().order_by("username"))


def assign_story(story_id: int, assignee, *, actor: Actor, batch: str = "") -> Story:
    """assignee None: unassigned. No version check: who works on a story changes nothing in it."""
    require_permission(actor, "assign_story")
    if assignee is not None and not deciders().filter(pk=assignee.pk).exists():
        raise Refused(f"{assignee.get_username()} can't decide stories, so can't be assigned one.")
    with transaction.atomic():
        story = Story.objects.select_for_update(of=("self",)).select_related("assigned_to").get(pk=story_id)
        if story.status in FINAL:
            raise Refused(f"Story {story.pk} is {story.get_status_display().lower()}: there is nothing to assign.")
        before = story.assigned_to.get_username() if story.assigned_to else ""
        after = assignee.get_username() if assignee else ""
        if before == after:
            return story
        story.assigned_to = assignee
        story.save(update_fields=["assigned_to", "updated_at"])
        Decision.objects.create(story=story, actor=actor.user, action="assign", note=after)
        audit("story.assigned", actor=actor, story=story, before=before or "nobody", after=after or "nobody",
              **({"batch": batch} if batch else {}))
    return story
