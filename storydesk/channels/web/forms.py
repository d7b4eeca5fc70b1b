"""The submission form: fields, participant-facing messages, and the upload's own checks."""
from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from storydesk.channels.web import photo_for_retry
from storydesk.channels.web.consent_fields import age_confirmed_field, consent_fields
from storydesk.photos.inspect import PhotoLimits, PhotoRejected, check_header, inspect_photo
from storydesk.text import clean_text


class SubmissionForm(forms.Form):
    photo = forms.FileField(
        label=_("Your photo with the sign"),
        required=False,  # a photo kept from an earlier try can stand in (see clean)
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp,image/heic,image/heif,.heic,.heif"}),
    )
    answer = forms.CharField(
        label=_("Your answer"),
        widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}),  # their words keep their own direction
        error_messages={"required": _("Please write your answer — a few sentences are enough.")},
    )
    first_name = forms.CharField(
        label=_("First name"), max_length=100, widget=forms.TextInput(attrs={"dir": "auto"}),
        help_text=_("We show your first name and country with your story."),
        error_messages={"required": _("Please tell us your first name.")},
    )
    country = forms.ChoiceField(
        label=_("Country"),
        error_messages={"required": _("Please choose your country."),
                        "invalid_choice": _("Please choose your country from the list.")},
    )
    email = forms.EmailField(
        label=_("E-mail"),
        help_text=_("Only our team sees it. We use it to tell you about your story."),
        error_messages={"required": _("Please give your e-mail address, so we can reach you about your story."),
                        "invalid": _("This e-mail address doesn't look right. Please check it.")},
    )
    social_handle = forms.CharField(
        label=_("Social media name"), max_length=100, required=False,
        help_text=_("For example @yourname, if you'd like credit when we post."),
    )
    age_confirmed = age_confirmed_field()
    consent_website, consent_instagram = consent_fields()
    kept_photo = forms.CharField(required=False, widget=forms.HiddenInput)
    # Honeypot: hidden from people, filled in by bots.
    website = forms.CharField(required=False, label=_("Leave this empty"))

    def __init__(self, *args, campaign_spec, **kwargs):
        super().__init__(*args, **kwargs)
        self.spec = campaign_spec
        self.fields["photo"].help_text = _(
            "A photo of you holding your %(tag)s sign. JPEG, PNG, WebP or iPhone (HEIC), up to %(mb)d MB.") % {
            "tag": campaign_spec.sign_tag, "mb": PhotoLimits().max_bytes // (1024 * 1024)}
        self.fields["answer"].help_text = _("In your own words: %(question)s A few sentences are enough.") % {
            "question": campaign_spec.in_language(get_language()).question}
        self.fields["country"].choices = [("", _("Choose your country"))] + list(countries)
        self.inspected = None  # the photo check's result, passed on to intake so it never runs twice

    def clean_photo(self):
        upload = self.cleaned_data["photo"]
        if not upload:
            return None
        # The request itself is capped (middleware), so reading the upload is bounded. Only the header is read
        # here: the pixels are decoded in clean(), once every other field is known to be right.
        return self._checked(check_header, upload.name, upload.read())

    def _checked(self, check, filename: str, data: bytes) -> tuple[str, bytes]:
        try:
            self.inspected = check(data, filename, PhotoLimits())
        except PhotoRejected as rejected:
            raise forms.ValidationError(rejected.message, code=rejected.code) from None
        return (filename, data)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("photo") is None and "photo" not in self.errors:
            kept = photo_for_retry.take(cleaned.get("kept_photo", ""))
            if kept is None:
                self.add_error("photo", _("Please add a photo of you holding your sign."))
                return cleaned
            cleaned["photo"] = self._checked_or_noted(check_header, kept)
        if cleaned.get("photo") is not None and not self.errors:
            # Everything else is right: now prove the pixels decode (and take the photo's pHash).
            cleaned["photo"] = self._checked_or_noted(inspect_photo, cleaned["photo"])
        return cleaned

    def _checked_or_noted(self, check, photo: tuple[str, bytes]) -> tuple[str, bytes] | None:
        try:
            return self._checked(check, *photo)
        except forms.ValidationError as error:
            self.add_error("photo", error)
            return None

    def full_clean(self):
        super().full_clean()
        # Tie each error (and help) to its input, so screen readers announce them together.
        for name in self.errors:
            if name in self.fields:
                ids = [f"id_{name}_helptext"] if self.fields[name].help_text else []
                self.fields[name].widget.attrs["aria-describedby"] = " ".join([*ids, f"id_{name}-error"])

    def clean_answer(self):
        answer = clean_text(self.cleaned_data["answer"])
        if len(answer) < self.spec.answer_min_chars:
            raise forms.ValidationError(
                _("Your answer is a little short. Please write at least %(n)d characters — a sentence or two.")
                % {"n": self.spec.answer_min_chars}, code="too_short")
        if len(answer) > self.spec.answer_max_chars:
            raise forms.ValidationError(
                _("Your answer is %(len)d characters long. Please shorten it to %(n)d characters or fewer.")
                % {"len": len(answer), "n": self.spec.answer_max_chars}, code="too_long")
        return answer

    def clean_social_handle(self):
        handle = self.cleaned_data["social_handle"].strip()
        return handle if not handle or handle.startswith("@") else f"@{handle}"
