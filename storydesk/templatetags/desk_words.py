"""The staff desk's words for codes, in templates: {% load desk_words %}. Each filter reads the one table of its
concern (beside the code that defines the keys) and shows a code it doesn't know as readably as it can, so a
new value is never hidden. Staff pages are English only: nothing here is translated."""
from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.timesince import timesince, timeuntil

from storydesk.countries import country_name as _country_name
from storydesk.languages import english_name
from storydesk.models import Status
from storydesk.models.audit import verb_label as _verb_label
from storydesk.models.submission import channel_label as _channel_label
from storydesk.models.verdict import OUTCOME_LABELS
from storydesk.screening.evidence import as_shown
from storydesk.screening.evidence import step_label as _step_label

register = template.Library()

JUST_NOW = dt.timedelta(minutes=1)  # closer than this, "0 minutes" says less than "just now"


@register.filter
def step_label(step: str) -> str:
    """{{ verdict.step|step_label }}: "sign_check" → "Sign check"."""
    return _step_label(step or "")


@register.filter
def evidence_shown(verdict):
    """{{ verdict|evidence_shown }}: the evidence as recorded, with faces as faces (never a gendered class)."""
    return as_shown(verdict.step, verdict.evidence)


@register.filter
def outcome_label(outcome: str) -> str:
    """{{ verdict.outcome|outcome_label }}: "flag" → "flagged"."""
    return OUTCOME_LABELS.get(outcome, outcome)


@register.filter
def channel_label(channel: str) -> str:
    """{{ submission.channel|channel_label }}: "email" → "e-mail"; also a social platform's name."""
    return _channel_label(channel or "")


@register.filter
def country_name(code: str) -> str:
    """{{ story.country|country_name }}: "EG" → "Egypt"; "" stays "" (for |default)."""
    return _country_name(code or "")


@register.filter
def language_name(code: str) -> str:
    """{{ story.language|language_name }}: "ar" → "Arabic"; "" stays "" (for |default)."""
    return english_name(code) if code else ""


@register.filter
def verb_label(verb: str) -> str:
    """{{ event.verb|verb_label }}: "story.caption_edited" → "caption edited"."""
    return _verb_label(verb or "")


@register.filter
def status_label(value):
    """A story status as get_status_display says it ("in_review" → "In Review"), e.g. an audit event's before
    and after; any other value as it is (a caption, a display name)."""
    return STATUS_LABELS.get(value, value) if isinstance(value, str) else value


STATUS_LABELS = dict(Status.choices)


@register.filter
def label_in(key: str, labels) -> str:
    """{{ decision.reason|label_in:reject_reasons }}: a campaign key's words from its table, or the key."""
    return labels.get(key, key) if hasattr(labels, "get") and key else key


@register.filter
def ago(moment, now=None) -> str:
    """{{ story.created_at|ago:now }}: "just now", "5 minutes ago", "2 days, 3 hours ago"."""
    if not moment:
        return ""
    now = now or timezone.now()
    return "just now" if now - moment < JUST_NOW else f"{timesince(moment, now)} ago"


@register.filter
def from_now(moment, now=None) -> str:
    """{{ slot.next_attempt_at|from_now:now }}: "in a moment", "in 5 minutes"."""
    if not moment:
        return ""
    now = now or timezone.now()
    return "in a moment" if moment - now < JUST_NOW else f"in {timeuntil(moment, now)}"
