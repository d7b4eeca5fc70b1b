"""/desk/mail/: the mail the desk read, failed first — each with its error, for a person to deal with."""
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from storydesk.desk.access import staff_required
from storydesk.models import MailMessage, MailReply

PAGE_SIZE = 50


@staff_required("view_desk")
@require_GET
def mail_list(request):
    outcome = request.GET.get("outcome", MailMessage.Outcome.FAILED)
    messages = MailMessage.objects.select_related("story").order_by("-last_seen_at", "-id")
    if outcome in MailMessage.Outcome.values:
        messages = messages.filter(outcome=outcome)
    else:
        outcome = ""
    page = Paginator(messages, PAGE_SIZE).get_page(request.GET.get("page"))
    unsent = MailReply.objects.filter(sent_at__isnull=True).select_related("story").order_by("created_at")[:50]
    return render(request, "storydesk/desk/mail_list.html", {
        "page": page, "outcome": outcome, "outcomes": MailMessage.Outcome.choices, "unsent": unsent,
    })
