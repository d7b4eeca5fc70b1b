"""Consent given on the status page, for stories that arrived without it (by email): 18+ and where to publish."""
from django import forms
from django.utils.translation import gettext_lazy as _


def age_confirmed_field() -> forms.BooleanField:
    """The 18+ box, worded once for the submission form and the status page."""
    return forms.BooleanField(
        label=_("I am 18 or older."),
        error_messages={
            "required": _("Please confirm that you are 18 or older. We can only take stories from adults."),
        },
    )


def consent_fields() -> tuple[forms.BooleanField, forms.BooleanField]:
    """The website and Instagram boxes, worded once for the submission form and the status page."""
    return (forms.BooleanField(label=_("You may publish my story on the campaign's website."), required=False),
            forms.BooleanField(label=_("You may post my story on the campaign's Instagram."), required=False))


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
