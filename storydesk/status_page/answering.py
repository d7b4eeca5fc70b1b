"""The form that answers the desk's question on the status page: the submission form's own photo and answer
fields with their checks (the same words, limits and photo checks), only those the question needs, and the
consent boxes of the status page's consent form when it asks for consent."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from storydesk.channels.web.forms import SubmissionForm
from storydesk.photos.inspect import inspect_photo
from storydesk.status_page.consent import ConsentForm
from storydesk.status_page.question import ANSWER, CONSENT, PHOTO, Question


class InfoForm(SubmissionForm):
    """SubmissionForm with only the photo and answer kept: clean_photo (the header check), clean_answer (the
    campaign's lengths) and the errors tied to their inputs come from it unchanged."""

    def __init__(self, *args, campaign_spec, question: Question, current_answer: str, **kwargs):
        super().__init__(*args, campaign_spec=campaign_spec, **kwargs)
        wanted = {name for name in (PHOTO, ANSWER) if name in question.parts}
        for name in list(self.fields):
            if name not in wanted:
                del self.fields[name]
        self.photo_required = question.photo_required
        if ANSWER in self.fields:
            self.fields["answer"].initial = current_answer  # to rewrite, not to start again
            self.fields["answer"].widget.attrs["dir"] = "auto"  # their own words, in whatever script
        if PHOTO in self.fields:
            self.fields["photo"].label = _("A new photo with your sign")

    def clean(self):
        # Not SubmissionForm.clean: no photo kept from an earlier try, and the photo may be optional here.
        cleaned = forms.Form.clean(self)
        if PHOTO not in self.fields:
            return cleaned
        if cleaned.get("photo") is None and "photo" not in self.errors and self.photo_required:
            self.add_error("photo", _("Please add a photo of you holding your sign."))
        if cleaned.get("photo") is not None and not self.errors:
            cleaned["photo"] = self._checked_or_noted(inspect_photo, cleaned["photo"])
        return cleaned


def forms_for(question: Question, spec, current_answer: str, data=None,
              files=None) -> tuple[InfoForm, ConsentForm | None]:
    """The answering form, and the consent form beside it (inside the same <form>) when consent is asked."""
    info = InfoForm(data, files, campaign_spec=spec, question=question, current_answer=current_answer)
    consent = ConsentForm(data) if CONSENT in question.parts else None
    return info, consent
