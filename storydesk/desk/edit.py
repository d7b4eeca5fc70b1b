"""The edit forms: public caption (and one removed piece of personal data at a time), display name, lead
photo, themes, and assigning the story. The rules are in actions.story_edits and actions.assignment."""
from django.contrib.auth import get_user_model
from django.http import Http404
from django.views.decorators.http import require_POST

from storydesk.actions import story_edits
from storydesk.actions.assignment import assign_story, deciders
from storydesk.actions.base import Actor
from storydesk.actions.campaign import current_campaign
from storydesk.actions.guards import Refused
from storydesk.desk.access import staff_required
from storydesk.desk.forms import AssignForm, CaptionForm, DisplayNameForm, LeadPhotoForm, ThemesForm, VersionedForm
from storydesk.desk.responses import back_to_story, first_error
from storydesk.desk.story_page import render_story_page
from storydesk.models import Story


def _edit(request, story_id: int, form, change, said: str, *, bound_as: str = ""):
    """change(actor, version): the action to run once the form is valid."""
    if not form.is_valid():
        return render_story_page(request, story_id, refusal=first_error(form), status=400,
                                 bound={bound_as: form} if bound_as else None)
    try:
        change(Actor.staff(request.user), form.cleaned_data["version"])
    except Story.DoesNotExist:
        raise Http404("no such story") from None
    except Refused as refused:
        return render_story_page(request, story_id, refusal=str(refused), status=409,
                                 bound={bound_as: form} if bound_as else None)
    return back_to_story(request, story_id, said)


@staff_required("edit_story")
@require_POST
def caption(request, story_id: int):
    form = CaptionForm(request.POST)
    return _edit(request, story_id, form, lambda actor, version: story_edits.set_caption(
        story_id, form.cleaned_data["caption"], actor=actor, seen_version=version), "Caption saved.",
        bound_as="caption")


@staff_required("edit_story")
@require_POST
def caption_piece(request, story_id: int, index: int):
    """do=restore puts one removed piece of personal data back into the caption; do=remove takes it out."""
    show = request.POST.get("do") == "restore"
    return _edit(request, story_id, VersionedForm(request.POST), lambda actor, version: story_edits.toggle_piece(
        story_id, index, show=show, actor=actor, seen_version=version),
        "Restored in the caption." if show else "Removed from the caption.")


@staff_required("edit_story")
@require_POST
def display_name(request, story_id: int):
    form = DisplayNameForm(request.POST)
    return _edit(request, story_id, form, lambda actor, version: story_edits.set_display_name(
        story_id, form.cleaned_data["display_name"], actor=actor, seen_version=version), "Display name saved.",
        bound_as="display_name")


@staff_required("edit_story")
@require_POST
def lead_photo(request, story_id: int):
    form = LeadPhotoForm(request.POST)
    return _edit(request, story_id, form, lambda actor, version: story_edits.choose_lead_photo(
        story_id, form.cleaned_data["photo"], actor=actor, seen_version=version), "Lead photo chosen.")


@staff_required("edit_story")
@require_POST
def themes(request, story_id: int):
    form = ThemesForm(request.POST, names=[t.name for t in current_campaign().spec.themes])
    return _edit(request, story_id, form, lambda actor, version: story_edits.change_themes(
        story_id, form.cleaned_data["themes"], actor=actor, seen_version=version), "Themes saved.",
        bound_as="themes")


@staff_required("assign_story")
@require_POST
def assign(request, story_id: int):
    form = AssignForm(request.POST, people=deciders())
    if not form.is_valid():
        return render_story_page(request, story_id, refusal=first_error(form), status=400)
    pk = form.cleaned_data["assignee"]
    assignee = get_user_model().objects.filter(pk=pk).first() if pk else None
    try:
        story = assign_story(story_id, assignee, actor=Actor.staff(request.user))
    except Story.DoesNotExist:
        raise Http404("no such story") from None
    except Refused as refused:
        return render_story_page(request, story_id, refusal=str(refused), status=409)
    who = story.assigned_to.get_username() if story.assigned_to else "nobody"
    return back_to_story(request, story_id, f"Story {story_id} is assigned to {who}.")
