"""Mail no person wrote: the desk's own replies coming back, bounces, auto-replies. Recorded as ignored,
never a story, never answered (answering an auto-reply is how mail loops start).

The rules are a table, checked in order; the first that matches names the reason.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from email.message import Message
from email.utils import parseaddr

from django.conf import settings

from storydesk.channels.email import headers
from storydesk.mail.replies import DESK_HEADER
from storydesk.models import MailReply

# Every message the desk sends carries this header (and a Message-ID it keeps), so an echo is recognised.
_BULK_PRECEDENCE = {"bulk", "auto_reply", "junk"}  # not "list": a campaign inbox may be a group
_DAEMON_SENDERS = {"mailer-daemon", "postmaster", "mail-daemon", "mailerdaemon"}


@dataclass(frozen=True)
class Rule:
    name: str
    matches: Callable[[Message], str | None]  # the reason, or None


def _own_mail(msg: Message) -> str | None:
    if msg.get(DESK_HEADER) is not None:
        return f"sent by this desk ({DESK_HEADER})"
    mid = headers.message_id(msg)
    if mid and MailReply.objects.filter(message_id=mid).exists():
        return "sent by this desk (its Message-ID)"
    ours = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].lower()
    if ours and headers.sender(msg)[1] == ours:
        return f"sent by this desk (from {ours})"
    return None


def _bounce(msg: Message) -> str | None:
    if msg.get_content_type() == "multipart/report":
        report = msg.get_param("report-type") or "report"
        return f"bounce (multipart/report; {report})"
    address = headers.sender(msg)[1]
    if address.split("@")[0] in _DAEMON_SENDERS:
        return f"bounce (from {address})"
    if msg.get("X-Failed-Recipients") is not None:
        return "bounce (X-Failed-Recipients)"
    return None


def _auto_reply(msg: Message) -> str | None:
    auto = headers.header_text(msg, "Auto-Submitted").lower()
    if auto and auto.split(";")[0].strip() != "no":
        return f"auto-reply (Auto-Submitted: {auto[:60]})"
    for name in ("X-Autoreply", "X-Autorespond", "X-Autoresponder", "X-Auto-Reply"):
        if msg.get(name) is not None:
            return f"auto-reply ({name})"
    precedence = headers.header_text(msg, "Precedence").lower()
    if precedence in _BULK_PRECEDENCE:
        return f"automatic mail (Precedence: {precedence})"
    if str(msg.get("Return-Path", "")).strip() == "<>":
        return "automatic mail (empty Return-Path)"
    return None


RULES: tuple[Rule, ...] = (
    Rule("own mail", _own_mail),
    Rule("bounce", _bounce),
    Rule("auto-reply", _auto_reply),
)


def why_ignored(msg: Message) -> str | None:
    """The reason to ignore this message, or None when a person wrote it."""
    for rule in RULES:
        reason = rule.matches(msg)
        if reason:
            return reason
    return None
