"""What a moderator edits on a story without deciding it: the public caption (and each removed piece of
personal data in it), the display name, the lead photo and the themes. Each edit checks the permission, the
story's version and claim, and leaves an AuditEvent with before → after."""
from __future__ import annotations

from django.db import transaction

from storydesk.actions.base import Actor, audit, require_permission
from storydesk.actions.guards import Refused, lock_for_change
from storydesk.actions.themes import store_themes
from storydesk.models import Photo, Story
from storydesk.models.story import FINAL
from storydesk.publishing import redaction
from storydesk.publishing.display_name import default_display_name, display_name_problem
from storydesk.publishing.public_set import is_public, on_public_change
from storydesk.screening.evidence import Screening

MAX_CAPTION = 2200  # Instagram's caption limit: a longer caption could never be posted


def _editable(story_id: int, actor: Actor, seen_version: str | None) -> Story:
    require_permission(actor, "edit_story")
    story = lock_for_change(story_id, actor=actor, seen_version=seen_version)
    if story.status in FINAL:
        raise Refused(f"Story {story.pk} is {story.get_status_display().lower()}: it can't be edited.")
    return story


def _tell_the_gallery(story: Story) -> None:
    """A published story's edit reaches the gallery's pages, feeds and static copy when this commits, not at
    the hourly reconcile: a caption fixed to take out a surname must not stay public for an hour."""
    if is_public(story):
        on_public_change([story.pk])


def caption_of(story: Story) -> str:
    """The caption as it stands: the saved one, or the answer with its personal data removed."""
    return story.public_caption or redaction.default_caption(story.answer, pieces_of(story))


def pieces_of(story: Story) -> list[redaction.Redaction]:
    return redaction.redactions(story.answer, Screening.of(story.verdicts.all()).personal_data)


def set_caption(story_id: int, caption: str, *, actor: Actor, seen_version: str | None) -> Story:
    caption = caption.strip()
    if len(caption) > MAX_CAPTION:
        raise Refused(f"A caption has at most {MAX_CAPTION:,} characters (this one has {len(caption):,}).")
    with transaction.atomic():
        story = _editable(story_id, actor, seen_version)
        before = story.public_caption
        if caption == before:
            return story
        story.public_caption = caption
        story.save(update_fields=["public_caption", "updated_at"])
        audit("story.caption_edited", actor=actor, story=story, before=before, after=caption)
        _tell_the_gallery(story)
    return story


def toggle_piece(story_id: int, index: int, *, show: bool, actor: Actor, seen_version: str | None) -> Story:
    """Restore one removed piece of personal data to the caption (show=True), or remove it again."""
    with transaction.atomic():
        story = _editable(story_id, actor, seen_version)
        pieces = pieces_of(story)
        if not 0 <= index < len(pieces):
            raise Refused("That piece of personal data is no longer in the answer.")
        before = caption_of(story)
        try:
            after = (redaction.restore if show else redaction.remove)(before, pieces, index)
        except redaction.CaptionEdited:
            raise Refused("The caption's [removed] marks were edited by hand, so the desk can't tell which one to "
                          "restore: type it into the caption instead.") from None
        if after == story.public_caption:
            return story
        story.public_caption = after
        story.save(update_fields=["public_caption", "updated_at"])
        audit("story.caption_restored" if show else "story.caption_redacted", actor=actor, story=story,
              before=before, after=after, kind=", ".join(pieces[index].kinds))
        _tell_the_gallery(story)
    return story


def set_display_name(story_id: int, name: str, *, actor: Actor, seen_version: str | None) -> Story:
    """name "" puts back the default: first name and country."""
    with transaction.atomic():
        story = _editable(story_id, actor, seen_version)
        name = name.strip() or default_display_name(story.contributor, story.country)
        problem = display_name_problem(name, story.contributor)
        if problem:
            raise Refused(problem)
        before = story.display_name
        if name == before:
            return story
        story.display_name = name
        story.save(update_fields=["display_name", "updated_at"])
        audit("story.display_name_changed", actor=actor, story=story, before=before, after=name)
        _tell_the_gallery(story)
    return story


def choose_lead_photo(story_id: int, photo_id: int, *, actor: Actor, seen_version: str | None) -> Story:
    """Make one of the story's photos the lead (position 0); the others keep their order after it."""
    with transaction.atomic():
        story = _editable(story_id, actor, seen_version)
        photos = list(Photo.objects.filter(story=story).order_by("position", "id"))
        chosen = next((p for p in photos if p.pk == photo_id), None)
        if chosen is None:
            raise Refused("That photo isn't one of this story's.")
        before = [p.pk for p in photos]
        after = [chosen.pk] + [pk for pk in before if pk != chosen.pk]
        if after == before:
            return story
        for position, pk in enumerate(after):
            Photo.objects.filter(pk=pk).update(position=position)
        story.save(update_fields=["updated_at"])  # a new lead is a change others must see before deciding
        audit("story.lead_photo_chosen", actor=actor, story=story, before=before[0], after=chosen.pk,
              order_before=before, order_after=after)
        _tell_the_gallery(story)
    return story


def change_themes(story_id: int, names: list[str], *, actor: Actor, seen_version: str | None) -> Story:
    """The story's themes become exactly these campaign themes; scores stay for those screening gave."""
    with transaction.atomic():
        story = _editable(story_id, actor, seen_version)
        known = [t.name for t in story.campaign.spec.themes]
        unknown = [n for n in names if n not in known]
        if unknown:
            raise Refused(f"Not a theme of this campaign: {', '.join(unknown)}.")
        scores = {t["name"]: t.get("score") for t in story.themes}
        before = [t["name"] for t in story.themes]
        wanted = [n for n in before if n in names] + [n for n in known if n in names and n not in before]
        if wanted == before:
            return story
        store_themes(story, [{"name": n, "score": scores.get(n)} for n in wanted])
        story.save(update_fields=["themes", "updated_at"])
        audit("story.themes_changed", actor=actor, story=story, before=before, after=wanted)
        _tell_the_gallery(story)
    return story
