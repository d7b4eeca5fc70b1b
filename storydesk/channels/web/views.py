"""GET/POST /submit/: the form, the thank-you page, and the checks in front of them."""
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from storydesk import ratelimit
from storydesk.actions.base import Actor, audit
from storydesk.actions.campaign import current_campaign
from storydesk.actions.intake import PhotoRejected, receive_story
from storydesk.channels.web import photo_for_retry
from storydesk.channels.web.forms import SubmissionForm
from storydesk.contributor_access import status_path
from storydesk.incoming import IncomingPhoto, IncomingStory
from storydesk.text import upload_source_key

RATE_SCOPE = "submit"  # stories made
TRY_SCOPE = "submit-try"  # posts of the form, refused ones included


@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest) -> HttpResponse:
    campaign = current_campaign()
    spec = campaign.spec
    if request.method == "GET":
        return _form_page(request, SubmissionForm(campaign_spec=spec))

    if request.POST.get("website"):
        # A filled honeypot is a bot: look successful, keep nothing but a record.
        audit("intake.spam_discarded", actor=Actor.contributor(), campaign=campaign, channel="web",
              reason="honeypot", client=ratelimit.client_key(request))
        return render(request, "storydesk/public/thanks.html", {"status_url": None})

    who = ratelimit.client_key(request)
    if (ratelimit.is_limited(RATE_SCOPE, who)
            or ratelimit.is_limited(TRY_SCOPE, who, settings.STORYDESK_SUBMIT_TRY_RATE)):
        audit("intake.rate_limited", actor=Actor.contributor(), campaign=campaign, channel="web", client=who)
        # Show what they typed without judging it again.
        form = SubmissionForm(initial=request.POST.dict(), campaign_spec=spec)
        return _form_page(request, form, status=429, notice=_(
            "We've had a lot of stories from your connection in the last hour. "
            "Please wait an hour and try again — your story matters to us."))

    ratelimit.count(TRY_SCOPE, who, settings.STORYDESK_SUBMIT_TRY_RATE)  # before any photo is looked at
    form = SubmissionForm(request.POST, request.FILES, campaign_spec=spec)
    if not form.is_valid():
        return _invalid(request, form, campaign)
    data = form.cleaned_data
    filename, photo_bytes = data["photo"]
    incoming = IncomingStory(
        channel="web",
        source_key=upload_source_key(photo_bytes, data["answer"]),
        answer=data["answer"],
        photos=(IncomingPhoto(photo_bytes, filename),),
        first_name=data["first_name"],
        email=data["email"],
        country=data["country"],
        social_handle=data["social_handle"],
        age_confirmed=data["age_confirmed"],
        consents={"website": data["consent_website"], "instagram": data["consent_instagram"]},
        participant_language=get_language(),  # the language they read the form in
        raw={"fields": _as_sent(request, form),
             "photo": {"filename": filename, "bytes": len(photo_bytes)},
             "user_agent": request.META.get("HTTP_USER_AGENT", "")[:300]},
    )
    try:
        received = receive_story(incoming, campaign=campaign, actor=Actor.contributor(), checked=(form.inspected,))
    except PhotoRejected as rejected:
        form.add_error("photo", rejected.message)
        return _invalid(request, form, campaign)
    if data.get("kept_photo"):
        photo_for_retry.forget(data["kept_photo"])
    if received.created:
        ratelimit.count(RATE_SCOPE, who)
    elif received.story.contributor.email != incoming.email.strip().lower():
        # The same photo and words again, from someone else: the story's private link stays its contributor's.
        audit("intake.repeat_from_another", actor=Actor.contributor(), story=received.story, channel="web",
              client=who)
        return render(request, "storydesk/public/already_have.html", status=200)
    return redirect("web:thanks", token=status_path.sign(received.story))


def _as_sent(request: HttpRequest, form: SubmissionForm) -> dict[str, str]:
    """The form's fields as they arrived, for the record: only the form's own names, never a NUL (PostgreSQL
    refuses one in JSON), each cut to a length no field of ours needs."""
    skipped = ("kept_photo", "photo")
    return {name: request.POST.get(name, "").replace("\x00", "")[:20_000]
            for name in form.fields if name not in skipped and name in request.POST}


def thanks(request: HttpRequest, token: str) -> HttpResponse:
    story = status_path.story_for(token)
    if story is None:
        return render(request, "storydesk/public/link_problem.html", status=404)
    return render(request, "storydesk/public/thanks.html",
                  {"status_url": settings.SITE_URL + status_path.url(story), "story": story})


def _invalid(request, form: SubmissionForm, campaign) -> HttpResponse:
    codes = {field: [e.code for e in errors.as_data()] for field, errors in form.errors.items()}
    audit("intake.rejected", actor=Actor.contributor(), campaign=campaign, channel="web", problems=codes)
    kept_name = None
    photo = form.cleaned_data.get("photo") if hasattr(form, "cleaned_data") else None
    if photo and "photo" not in form.errors:
        # The photo looked fine (its header; it is decoded once the rest is right): keep it, so only the other
        # fields need fixing.
        token = form.cleaned_data.get("kept_photo") or photo_for_retry.keep(*photo)
        if token:
            data = form.data.copy()
            data["kept_photo"] = token
            form.data = data
            kept_name = photo[0]
    return _form_page(request, form, status=400, kept_name=kept_name)


def _form_page(request, form, *, status: int = 200, notice: str = "", kept_name: str | None = None):
    return render(request, "storydesk/public/submit.html",
                  {"form": form, "notice": notice, "kept_name": kept_name}, status=status)
