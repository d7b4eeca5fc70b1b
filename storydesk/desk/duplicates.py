"""Merging a story with a duplicate shown beside it: the moderator picks which one to keep."""
from django.contrib import messages
from django.views.decorators.http import require_POST

from storydesk.actions.base import Actor
from storydesk.actions.guards import Refused
from storydesk.actions.merge import merge_stories
from storydesk.desk.access import staff_required
from storydesk.desk.forms import MergeForm
from storydesk.desk.responses import back_to_story, first_error
from storydesk.desk.story_page import render_story_page
from storydesk.plural import counted


@staff_required("merge_story")
@require_POST
def merge(request, story_id: int):
    form = MergeForm(request.POST)
    if not form.is_valid():
        return render_story_page(request, story_id, refusal=first_error(form), status=400)
    other_id, keep_id = form.cleaned_data["other"], form.cleaned_data["keep"]
    if keep_id not in (story_id, other_id) or other_id == story_id:
        return render_story_page(request, story_id, refusal="Keep one of the two stories shown.", status=400)
    merged_id = other_id if keep_id == story_id else story_id
    versions = {story_id: form.cleaned_data["version"], other_id: form.cleaned_data["other_version"]}
    try:
        result = merge_stories(keep_id, merged_id, actor=Actor.staff(request.user), seen_versions=versions)
    except Refused as refused:
        return render_story_page(request, story_id, refusal=str(refused), status=409)
    moved = result.moved
    messages.success(request, f"Story {merged_id} is merged into story {keep_id}: "
                              f"{counted(moved['submissions'], 'submission')} and "
                              f"{counted(len(moved['photos']), 'photo')} moved.")
    if result.kept.contributor_id != result.merged.contributor_id:
        messages.warning(request, "The two stories came from different contributors: check the display name "
                                  "and the consent ledger.")
    return back_to_story(request, keep_id)
