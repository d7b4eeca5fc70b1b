"""/privacy/: the privacy notice, in the page's language, from the campaign file's [privacy] table (and its
[wording.<code>.privacy]): who runs the campaign, why, what is collected and published where, how long it is
kept, and how to take a story back or ask for erasure. Linked from the form and every public page's footer.

Rendered per request, not through the gallery's page cache: it is one small page, and it changes with the
visitor's language."""
from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from storydesk.actions.campaign import current_campaign
from storydesk.mail.replies import campaign_text

# The notice's parts, in the order the page shows them (each under its own heading in the template).
PARTS = ("organiser", "purpose", "collected", "published", "kept", "withdraw", "erasure")


def notice(spec) -> dict[str, str]:
    """The notice's words, placeholders filled in as in every campaign text, and {contact},
    {keep_originals_days}; a stray brace in the file is shown as written, never an error."""
    facts = {"contact": spec.privacy.get("contact", ""), "keep_originals_days": spec.keep_originals_days}
    return {part: campaign_text(spec, spec.privacy[part], **facts) for part in PARTS if spec.privacy.get(part)}


@require_safe
def privacy_notice(request: HttpRequest) -> HttpResponse:
    spec = current_campaign().spec.in_language(get_language())
    return render(request, "storydesk/public/privacy.html",
                  {"notice": notice(spec), "contact": spec.privacy.get("contact", "")})
