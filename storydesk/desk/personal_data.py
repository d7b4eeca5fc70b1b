"""/desk/personal-data/: an admin answers a person's request about their data. Find them by e-mail or social
handle, see what storydesk holds, download all of it (a zip: data.json and their photos), or erase it.
Both are audited (actions.contributor_data, actions.erasure); erasing asks to confirm."""
from __future__ import annotations

import tempfile
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from storydesk.actions.base import Actor
from storydesk.actions.erasure import erase_contributor
from storydesk.actions.guards import Refused
from storydesk.desk.access import staff_required
from storydesk.desk.responses import SeeOther
from storydesk.exports.contributor import write_contributor_zip
from storydesk.models import Contributor, Story
from storydesk.plural import counted


class WhoForm(forms.Form):
    email = forms.EmailField(label="E-mail address", required=False)
    handle = forms.CharField(label="Social handle", required=False, max_length=200)

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("email") or "").strip() and not (cleaned.get("handle") or "").strip():
            raise forms.ValidationError("Give an e-mail address or a social handle.")
        return cleaned

    def contributors(self) -> list[Contributor]:
        return list(Contributor.matching(email=self.cleaned_data.get("email", ""),
                                         handle=self.cleaned_data.get("handle", "")).select_related("campaign"))


@staff_required("manage_personal_data")
def lookup(request):
    form = WhoForm(request.GET or None)
    contributors = form.contributors() if form.is_valid() else []
    stories = (Story.objects.filter(contributor__in=contributors).prefetch_related("photos").order_by("pk")
               if contributors else [])
    return render(request, "storydesk/desk/personal_data.html", {
        "form": form, "searched": form.is_bound and form.is_valid(), "contributors": contributors,
        "stories": stories, "query": request.GET.urlencode()})


@staff_required("manage_personal_data")
@require_POST
def export(request):
    form = WhoForm(request.POST)
    contributors = form.contributors() if form.is_valid() else []
    if not contributors:
        messages.error(request, "Nobody matches: nothing to export.")
        return SeeOther(_back(request))
    # Spooled: held in memory while small, on disk (this user's only) when a person sent many photos.
    out = tempfile.SpooledTemporaryFile(max_size=32 * 1024 * 1024)
    write_contributor_zip(contributors, out, actor=Actor.staff(request.user), via="desk")
    out.seek(0)
    name = f"contributor-{contributors[0].pk}-{timezone.now():%Y%m%d-%H%M}.zip"
    response = FileResponse(out, as_attachment=True, filename=name, content_type="application/zip")
    response["Cache-Control"] = "private, no-store"
    return response


@staff_required("manage_personal_data")
@require_POST
def erase(request):
    form = WhoForm(request.POST)
    contributors = form.contributors() if form.is_valid() else []
    if request.POST.get("confirm") != "yes":
        messages.error(request, "Tick the box to confirm: erasing can't be undone.")
        return SeeOther(_back(request))
    try:
        done = erase_contributor(contributors, actor=Actor.staff(request.user), via="erasure request (desk)")
    except Refused as refused:
        messages.error(request, str(refused))
        return SeeOther(_back(request))
    messages.success(request, f"Erased {counted(len(done.stories), 'story')} and {counted(done.files, 'file')} of "
                              f"{counted(done.contributors, 'contributor record')}.")
    return SeeOther(_back(request))


def _back(request) -> str:
    """The look-up page for the same person (after an erasure, it finds nobody: that is the proof)."""
    return f"{reverse('desk:personal-data')}?{urlencode({k: request.POST.get(k, '') for k in ('email', 'handle')})}"
