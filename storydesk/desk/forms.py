"""The desk's forms. Every form that changes a story carries the story's version (what the moderator saw), so
a decision on a story that changed since is refused (actions.guards)."""
from __future__ import annotations

from django import forms

from storydesk.actions.story_edits import MAX_CAPTION
from storydesk.publishing.display_name import MAX_LENGTH
from storydesk.roles import ROLES


class VersionedForm(forms.Form):
    version = forms.CharField(widget=forms.HiddenInput, error_messages={
        "required": "This form lost the story's version: reload the page and try again."})


class RejectForm(VersionedForm):
    reason = forms.ChoiceField(label="Reason", error_messages={"required": "Choose a reason for the rejection."})
    note = forms.CharField(label="Note (optional)", required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, reasons: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = [("", "— choose a reason —"), *reasons.items()]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == "other" and not (cleaned.get("note") or "").strip():
            self.add_error("note", "Say in the note why the story is rejected.")
        return cleaned


class NeedsInfoForm(VersionedForm):
    request = forms.ChoiceField(label="Ask for", error_messages={"required": "Choose what to ask for."})
    note = forms.CharField(label="Your words to the contributor (optional)", required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, requests: dict[str, str], **kwargs):
        """requests: the [needs_info_requests] key → its menu words (CampaignSpec.info_label)."""
        super().__init__(*args, **kwargs)
        self.fields["request"].choices = [("", "— choose —"), *requests.items()]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("request") == "other" and not (cleaned.get("note") or "").strip():
            self.add_error("note", "Write your question to the contributor.")
        return cleaned


class CaptionForm(VersionedForm):
    caption = forms.CharField(label="Public caption", max_length=MAX_CAPTION, strip=True,
                              widget=forms.Textarea(attrs={"rows": 5}),
                              error_messages={"required": "A caption can't be empty."})


class DisplayNameForm(VersionedForm):
    display_name = forms.CharField(label="Display name", required=False, max_length=MAX_LENGTH,
                                   help_text="First name and country. Leave empty for the default.")


class LeadPhotoForm(VersionedForm):
    photo = forms.IntegerField(widget=forms.HiddenInput)


class ThemesForm(VersionedForm):
    themes = forms.MultipleChoiceField(label="Themes", required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, names: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].choices = [(n, n) for n in names]


class MergeForm(forms.Form):
    other = forms.IntegerField(widget=forms.HiddenInput)
    keep = forms.IntegerField(widget=forms.HiddenInput)
    version = forms.CharField(widget=forms.HiddenInput)
    other_version = forms.CharField(widget=forms.HiddenInput)


class AssignForm(forms.Form):
    assignee = forms.TypedChoiceField(label="Assign to", coerce=int, empty_value=None, required=False)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [("", "nobody"), *((u.pk, u.get_username()) for u in people)]


class BulkForm(forms.Form):
    ACTIONS = (("approve", "Approve"), ("reject", "Reject"), ("assign", "Assign"))
    action = forms.ChoiceField(choices=ACTIONS, label="Do")
    reason = forms.ChoiceField(required=False, label="Reason")
    note = forms.CharField(required=False, max_length=2000, label="Note")
    assignee = forms.TypedChoiceField(label="Assign to", coerce=int, empty_value=None, required=False)

    def __init__(self, *args, reasons: dict[str, str], people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = [("", "— reason —"), *reasons.items()]
        self.fields["assignee"].choices = [("", "nobody"), *((u.pk, u.get_username()) for u in people)]

    def clean(self):
        cleaned = super().clean()
        # Each selected row sends "id@version": the version that row showed.
        picked = []
        for value in self.data.getlist("story"):
            story_id, _, version = value.partition("@")
            if story_id.isdigit():
                picked.append((int(story_id), version))  # no version: refused as stale
        if not picked:
            self.add_error(None, "Select at least one story.")
        cleaned["stories"] = picked
        if cleaned.get("action") == "reject":
            if not cleaned.get("reason"):
                self.add_error("reason", "Choose a reason for the rejection.")
            elif cleaned["reason"] == "other" and not cleaned.get("note", "").strip():
                self.add_error("note", "Say in the note why the stories are rejected.")
        return cleaned


class RoleForm(forms.Form):
    user = forms.IntegerField(widget=forms.HiddenInput)
    role = forms.ChoiceField(choices=[("", "no role"), *((r, r) for r in ROLES)], required=False, label="Role")
