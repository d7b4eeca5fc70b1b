"""What every desk change checks before it writes: the story is still as the moderator saw it (its version),
and no other moderator holds its claim. Each refusal carries words to show the moderator."""
from __future__ import annotations

from django.utils import timezone

from storydesk.actions.base import Actor
from storydesk.models import Story


class Refused(Exception):
    """A change the desk won't make now; str() says why, for the moderator."""


class StaleStory(Refused):
    pass


class ClaimedByOther(Refused):
    pass


def version_of(story: Story) -> str:
    """The token a form carries: every write to the story (screening, a reply, another moderator) changes it.
    Claims are written with QuerySet.update(), which leaves it alone."""
    return story.updated_at.isoformat()


def check_fresh(story: Story, seen_version: str | None) -> None:
    """seen_version None: a caller without a form (CLI, tests of the rules) decides on the story as it is."""
    if seen_version is not None and seen_version != version_of(story):
        raise StaleStory(f"Story {story.pk} changed since you opened it "
                         f"(it is now {story.get_status_display().lower()}). "
                         "Nothing was changed: look at it again, then decide.")


def claim_holder(story: Story, actor: Actor):
    """The other moderator whose claim on the story is still running, or None."""
    if story.claimed_by_id is None or story.claimed_until is None or story.claimed_until <= timezone.now():
        return None
    if actor.user is not None and story.claimed_by_id == actor.user.pk:
        return None
    return story.claimed_by


def check_unclaimed(story: Story, actor: Actor) -> None:
    holder = claim_holder(story, actor)
    if holder is not None:
        until = timezone.localtime(story.claimed_until).strftime("%H:%M")
        raise ClaimedByOther(f"{holder.get_username()} is working on story {story.pk} until {until}. "
                             "Nothing was changed.")


def lock_for_change(story_id: int, *, actor: Actor, seen_version: str | None,
                    related=("campaign", "contributor")) -> Story:
    """The story, locked for this transaction, after both checks (raises Refused, or Story.DoesNotExist)."""
    story = Story.objects.select_for_update(of=("self",)).select_related(*related).get(pk=story_id)
    check_fresh(story, seen_version)
    check_unclaimed(story, actor)
    return story
