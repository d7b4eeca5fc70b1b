"""Consent given on the status page, for stories that arrived without it (by email): 18+ and where to publish."""
from django import forms
from django.utils.translation import gettext_lazy as _

from storydesk.channels.web.consent_fields import age_confirmed_field, consent_fields


class ConsentForm(forms.Form):
    age_confirmed = age_confirmed_field()
    consent_website, consent_instagram = consent_fields()

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("consent_website") or cleaned.get("consent_instagram")):
            raise forms.ValidationError(
                _("Please choose at least one place where we may share your story. If you'd rather we didn't "
                  "share it at all, you can withdraw it below."), code="no_scope")
        return cleaned

    def scopes(self) -> dict[str, bool]:
        return {"website": self.cleaned_data["consent_website"], "instagram": self.cleaned_data["consent_instagram"]}
