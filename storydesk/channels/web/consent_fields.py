"""The 18+ and where-to-publish boxes, worded once for the submission form and the status page (which builds
its consent form from them)."""
from django import forms
from django.utils.translation import gettext_lazy as _


def age_confirmed_field() -> forms.BooleanField:
    """The 18+ box."""
    return forms.BooleanField(
        label=_("I am 18 or older."),
        error_messages={
            "required": _("Please confirm that you are 18 or older. We can only take stories from adults."),
        },
    )


def consent_fields() -> tuple[forms.BooleanField, forms.BooleanField]:
    """The website and Instagram boxes."""
    return (forms.BooleanField(label=_("You may publish my story on the campaign's website."), required=False),
            forms.BooleanField(label=_("You may post my story on the campaign's Instagram."), required=False))
