"""The desk's replies to the people who email it: the words come from the campaign file, the layout from
storydesk/email/reply.txt. Each reply is marked as automatic and carries a Message-ID on the desk's own
domain, so if it ever lands back in the inbox it is recognised and ignored."""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from email.utils import formataddr, parseaddr
from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from storydesk.campaigns.spec import read_campaign_file
from storydesk.contributor_access import awaiting_consent, status_path
from storydesk.incoming import AttachmentProblem
from storydesk.models import MailReply, Story

Kind = MailReply.Kind
# Marks every reply the desk sends, so one that comes back to the inbox is known (channels/email/machine_mail.py).
DESK_HEADER = "X-Storydesk-Reply"
SMTP_TIMEOUT = 30  # seconds: a mail server that doesn't answer must not hold up the inbox poll


@dataclass(frozen=True)
class Draft:
    kind: str
    to: str
    subject: str
    body: str
    message_id: str
    in_reply_to: str


@dataclass(frozen=True)
class Link:
    """A link the message gives, with its label (fixed framing, through gettext)."""

    label: str
    url: str


def draft_reply(kind: str, *, story: Story, to_name: str, to_address: str, first_name: str,
                in_reply_to: str, problems: tuple[AttachmentProblem, ...] = (), request: str = "", note: str = "",
                reason: str = "", links: tuple[Link, ...] = ()) -> Draft:
    """In the participant's language (Story.participant_language, else the campaign's): the campaign's words in
    it, and Django's catalogue for the fixed framing.

    request (needs_info): a key of the campaign's [needs_info_requests]; note: the moderator's own words.
    reason (not_published): a key of [reject_reasons], told in the campaign's [rejections] words."""
    language = story.participant_language or story.campaign.spec.language
    spec = story.campaign.spec.in_language(language)
    with translation.override(language):
        return _draft(kind, spec, story=story, to_name=to_name, to_address=to_address, first_name=first_name,
                      in_reply_to=in_reply_to, problems=problems, request=request, note=note, reason=reason,
                      links=links)


def _draft(kind: str, spec, *, story: Story, to_name: str, to_address: str, first_name: str, in_reply_to: str,
           problems, request: str, note: str, reason: str, links: tuple[Link, ...]) -> Draft:
    say = _Wording(spec, first_name)
    paragraphs, after = [], []
    status_line = say("email_status_link_consent" if awaiting_consent(story) else "email_status_link")
    if kind not in Kind.values:
        raise ValueError(f"unknown reply kind {kind!r}")
    paragraphs.append(say(f"email_{kind}_body"))  # every kind opens with its own words
    if kind in (Kind.ACKNOWLEDGEMENT, Kind.COMPLETED) and problems:
        paragraphs.append(say("email_skipped_attachments"))
    elif kind == Kind.ATTACHMENT_PROBLEM:
        after.append(say("email_attachment_problem_ask"))
    elif kind == Kind.NEEDS_INFO:
        asked = say.text(spec.info_requests.get(request, ""))
        paragraphs += [p for p in (asked, note.strip()) if p]
        if not awaiting_consent(story):
            status_line = say("email_needs_info_link")
    elif kind == Kind.NOT_PUBLISHED:
        paragraphs.append(say.text(spec.rejections.get(reason) or spec.rejections.get("other", "")))
        paragraphs.append(say("email_new_story_invitation"))
        links = (*links, Link(gettext("Send a new story:"), settings.SITE_URL + reverse("web:submit")))
        status_line = ""  # decided: nothing left to do on the private page
    elif kind == Kind.WITHDRAWN:
        status_line = ""  # the story is gone, and its link with it
    body = render_to_string("storydesk/email/reply.txt", {
        "greeting": say("email_greeting") if first_name else say("email_greeting_no_name"),
        "paragraphs": [p for p in paragraphs if p],
        "problems": problems,
        "after_problems": after,
        "links": links,
        "status_line": status_line,
        "status_url": settings.SITE_URL + status_path.url(story),
        "signoff": say("email_signoff"),
    })
    return Draft(kind=kind, to=formataddr((to_name, to_address)) if to_name else to_address,
                 subject=say(f"email_{kind}_subject")[:300], body=body.strip() + "\n",
                 message_id=new_message_id(), in_reply_to=in_reply_to)


def send_reply(reply: MailReply, connection=None) -> None:
    """Send through Django's email backend (SMTP settings from the environment); raises on failure."""
    extra = {
        "Message-ID": f"<{reply.message_id}>",
        "Auto-Submitted": "auto-replied",  # RFC 3834: other robots must not answer it
        "X-Auto-Response-Suppress": "All",
        "Precedence": "auto_reply",
        DESK_HEADER: reply.kind,
    }
    if reply.in_reply_to and not reply.in_reply_to.startswith("sha256:"):
        extra["In-Reply-To"] = extra["References"] = f"<{reply.in_reply_to}>"
    message = EmailMessage(subject=reply.subject, body=reply.body, from_email=settings.DEFAULT_FROM_EMAIL,
                           to=[reply.to], headers=extra, connection=connection or get_connection(timeout=SMTP_TIMEOUT))
    message.send(fail_silently=False)


def new_message_id() -> str:
    return f"{secrets.token_hex(10)}.storydesk@{mail_domain()}"  # short: a long one gets folded onto two lines


def mail_domain() -> str:
    """The desk's own domain: the From address's, else the site's."""
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    if "@" in address:
        return address.rsplit("@", 1)[1].lower()
    return urlsplit(settings.SITE_URL).hostname or "localhost"


class _Wording:
    """A campaign message by key, with the campaign's facts filled in; the bundled file's words when missing
    (in the campaign's default language: a campaign file older than a key still says something)."""

    def __init__(self, spec, first_name: str, **more):
        self.spec = spec
        self.values = {"first_name": first_name, "sign_tag": spec.sign_tag, "question": spec.question,
                       "organiser": spec.organiser, "campaign": spec.name, **more}

    def __call__(self, key: str) -> str:
        return self.text(self.spec.messages.get(key) or _default_messages().get(key, ""))

    def text(self, template: str) -> str:
        try:
            return template.format_map(_Blank(self.values))
        except (ValueError, IndexError, AttributeError):  # a stray brace in a campaign file: say it as written
            return template


class _Blank(dict):
    def __missing__(self, key):
        return ""


@lru_cache(maxsize=1)
def _default_messages() -> dict[str, str]:
    return read_campaign_file(None)[0].messages


def campaign_text(spec, template: str, *, first_name: str = "", **more) -> str:
    """One of the campaign's own texts with its facts filled in ({sign_tag}, {question}, …, and `more`), as the
    replies say it: for pages that show the campaign's words (what the desk asked, the privacy notice)."""
    return _Wording(spec, first_name, **more).text(template)
