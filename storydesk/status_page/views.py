"""/s/<token>/: where a story stands, answering the desk's question in place (needs info), confirming consent
(stories sent by email), and withdrawing it once the participant has confirmed they mean it."""
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from storydesk import ratelimit
from storydesk.actions.base import Actor, audit
from storydesk.actions.completion import give_info
from storydesk.actions.consent import confirm_consent
from storydesk.actions.lifecycle import withdraw_story
from storydesk.contributor_access import awaiting_consent, status_path
from storydesk.incoming import IncomingPhoto
from storydesk.models import Status
from storydesk.photos.responses import photo_response
from storydesk.status_page.answering import forms_for
from storydesk.status_page.consent import ConsentForm
from storydesk.status_page.question import open_question
from storydesk.status_page.wording import consent_wording, status_wording

ANSWER_SCOPE = "status-answer"  # posts of the answering form, refused ones included (as the submission form's)


def status(request: HttpRequest, token: str) -> HttpResponse:
    story = status_path.story_for(token)
    if story is None:
        return _link_problem(request)
    return _status_page(request, story, token)


def _status_page(request, story, token: str, *, consent_form: ConsentForm | None = None, answering=None,
                 notice: str = "", http_status: int = 200):
    spec = story.campaign.spec.in_language(get_language())
    question = open_question(story, spec)
    info_form = info_consent = None
    if question is not None:
        info_form, info_consent = answering or forms_for(question, spec, story.answer)
    elif consent_form is None and awaiting_consent(story):
        consent_form = ConsentForm()
    return render(request, "storydesk/public/status.html", {
        "consent_form": consent_form,
        "question": question,
        "info_form": info_form,
        "info_consent": info_consent,
        "notice": notice,
        "story": story,
        "token": token,
        "state": status_wording(story),
        "consents": [consent_wording(c) for c in story.consents.order_by("scope")],
        "lead": story.lead_photo if story.status != Status.WITHDRAWN else None,
        "withdrawn": story.status == Status.WITHDRAWN,
    }, status=http_status)


def photo(request: HttpRequest, token: str) -> HttpResponse:
    """The contributor's own photo (its thumbnail), public or not yet: the status link is their key to it."""
    story = status_path.story_for(token)
    lead = story.lead_photo if story is not None and story.status != Status.WITHDRAWN else None
    if lead is None:
        raise Http404("no photo")
    return photo_response(lead.thumbnail, cache="private, no-store")


@require_POST
def answer(request: HttpRequest, token: str) -> HttpResponse:
    """The desk's question answered: checked like the submission form, then the story goes back to screening."""
    story = status_path.story_for(token)
    if story is None:
        return _link_problem(request)
    spec = story.campaign.spec.in_language(get_language())
    question = open_question(story, spec)
    if question is None:
        return _status_page(request, story, token, http_status=409, notice=_(
            "There's nothing we need from you right now, so we didn't change anything. Your story is below."))
    who = ratelimit.client_key(request)
    if ratelimit.is_limited(ANSWER_SCOPE, who, settings.STORYDESK_SUBMIT_TRY_RATE):
        audit("story.info_rate_limited", actor=Actor.contributor(), story=story, client=who)
        return _status_page(request, story, token, http_status=429, notice=_(
            "We've had a lot of tries from your connection in the last hour. Please wait an hour and try "
            "again — we'll keep your story safe until then."))
    ratelimit.count(ANSWER_SCOPE, who, settings.STORYDESK_SUBMIT_TRY_RATE)  # before any photo is looked at
    info, consent = forms_for(question, spec, story.answer, request.POST, request.FILES)
    valid = [form.is_valid() for form in (info, consent) if form is not None]  # every form, so all errors show
    if not all(valid):
        problems = {field: [e.code for e in errors.as_data()]
                    for form in (info, consent) if form is not None for field, errors in form.errors.items()}
        audit("story.info_refused", actor=Actor.contributor(), story=story, request=question.request,
              problems=problems)
        return _status_page(request, story, token, answering=(info, consent), http_status=400)
    photo_sent = info.cleaned_data.get("photo")
    give_info(story, request=question.request,
              photo=IncomingPhoto(photo_sent[1], photo_sent[0]) if photo_sent else None,
              checked=info.inspected if photo_sent else None,
              answer=info.cleaned_data.get("answer", ""),
              scopes=consent.scopes() if consent is not None else None,
              actor=Actor.contributor(), evidence=_evidence(request))
    messages.success(request, _("Thank you! We've added what you sent to your story. Our team will look at it "
                                "again soon."))
    return redirect("status_page:status", token=token)


@require_POST
def consent(request: HttpRequest, token: str) -> HttpResponse:
    story = status_path.story_for(token)
    if story is None:
        return _link_problem(request)
    form = ConsentForm(request.POST)
    if not awaiting_consent(story):
        return redirect("status_page:status", token=token)
    if not form.is_valid():
        return _status_page(request, story, token, consent_form=form, http_status=400)
    confirm_consent(story, scopes=form.scopes(), actor=Actor.contributor(), evidence=_evidence(request))
    return redirect("status_page:status", token=token)


@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, token: str) -> HttpResponse:
    """GET (or a POST without the confirmation) asks once; the confirmed POST withdraws at once."""
    story = status_path.story_for(token)
    if story is None:
        return _link_problem(request)
    if story.status == Status.WITHDRAWN:
        return redirect("status_page:status", token=token)
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        withdraw_story(story, actor=Actor.contributor(), via="status page")
        return redirect("status_page:status", token=token)
    return render(request, "storydesk/public/withdraw.html", {"story": story, "token": token})


def _evidence(request) -> dict:
    return {"client": ratelimit.client_key(request), "user_agent": request.META.get("HTTP_USER_AGENT", "")[:200]}


def _link_problem(request):
    return render(request, "storydesk/public/link_problem.html", status=404)
