"""Everything storydesk holds about one contributor (found by e-mail or social handle), as one zip: data.json
(their rows, each story with its words, consents, screening results, decisions, publications and the mail we
exchanged) and photos/ (each photo's original while it is kept, and its public copy).

For a person asking for their data: only admins may make it, and each one is audited
(actions.contributor_data). The private status link is left out: it is a key, not data about them."""
from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import BinaryIO

from django.utils import timezone

from storydesk.actions.base import Actor
from storydesk.actions.contributor_data import check_may_export, record_export
from storydesk.models import Contributor, MailMessage, Story
from storydesk.screening.evidence import as_shown

FORMAT_VERSION = 1


@dataclass(frozen=True)
class Exported:
    contributors: int
    stories: int
    files: int


def write_contributor_zip(contributors, out: BinaryIO, *, actor: Actor, via: str) -> Exported:
    check_may_export(actor)
    contributors = list(contributors)
    stories = list(Story.objects.filter(contributor__in=contributors).order_by("pk")
                   .prefetch_related("photos", "consents", "submissions", "verdicts", "decisions", "publications",
                                     "mail_replies", "permission_requests"))
    files = 0
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        records = []
        for story in stories:
            record, photo_files = story_data(story)
            for name, stored in photo_files:
                try:
                    with stored.open("rb") as f:
                        archive.writestr(name, f.read())
                except OSError:  # a file missing from storage: the record still lists the photo
                    continue
                files += 1
            records.append(record)
        data = {"format": FORMAT_VERSION, "exported_at": timezone.now().isoformat(),
                "contributors": [contributor_data(c) for c in contributors], "stories": records}
        archive.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=2))
    record_export(contributors, [s.pk for s in stories], actor=actor, via=via, files=files)
    return Exported(len(contributors), len(stories), files)


def contributor_data(contributor: Contributor) -> dict:
    return {"id": contributor.pk, "campaign": contributor.campaign.slug, "email": contributor.email,
            "first_name": contributor.first_name, "full_name": contributor.full_name,
            "country": contributor.country, "social_handle": contributor.social_handle,
            "profile_url": contributor.profile_url, "created_at": _iso(contributor.created_at)}


def story_data(story: Story) -> tuple[dict, list[tuple[str, object]]]:
    """The story's record, and (name in the zip, stored file) for each photo file it has."""
    photos, files = [], []
    for photo in story.photos.all():
        stem = f"photos/story-{story.pk}-photo-{photo.position + 1}"
        names = {}
        if photo.original:
            names["original"] = f"{stem}-original{PurePosixPath(photo.original.name).suffix.lower() or '.bin'}"
            files.append((names["original"], photo.original))
        if photo.public:
            names["public_copy"] = f"{stem}-public.jpg"
            files.append((names["public_copy"], photo.public))
        photos.append({"position": photo.position, "format": photo.format, "width": photo.width,
                       "height": photo.height, "received_at": _iso(photo.created_at), "files": names,
                       "original_deleted_at": _iso(photo.original_deleted_at)})
    record = {
        "id": story.pk, "status": story.status, "created_at": _iso(story.created_at),
        "status_changed_at": _iso(story.status_changed_at), "erased_at": _iso(story.erased_at),
        "answer": story.answer, "public_caption": story.public_caption, "display_name": story.display_name,
        "country": story.country, "language": story.language, "participant_language": story.participant_language,
        "age_confirmed": story.age_confirmed, "themes": [t["name"] for t in story.themes],
        "photos": photos,
        "submissions": [{"channel": s.channel, "received_at": _iso(s.received_at), "raw": s.raw}
                        for s in sorted(story.submissions.all(), key=lambda s: s.pk)],
        "consents": [{"scope": c.scope, "state": c.state, "channel": c.channel, "given_at": _iso(c.given_at),
                      "withdrawn_at": _iso(c.withdrawn_at), "evidence": c.evidence}
                     for c in sorted(story.consents.all(), key=lambda c: c.scope)],
        "screening": [{"step": v.step, "outcome": v.outcome, "evidence": as_shown(v.step, v.evidence)}
                      for v in sorted(story.verdicts.all(), key=lambda v: (v.position, v.pk))],
        "decisions": [{"action": d.action, "reason": d.reason, "note": d.note, "at": _iso(d.created_at)}
                      for d in sorted(story.decisions.all(), key=lambda d: d.pk)],
        "publications": [{"where": p.target, "state": p.state, "published_at": _iso(p.published_at),
                          "link": p.permalink, "caption": p.caption}
                         for p in sorted(story.publications.all(), key=lambda p: p.pk)],
        "mail_received": [{"from": m.sender, "subject": m.subject, "sent_at": _iso(m.sent_at)}
                          for m in MailMessage.objects.filter(story=story).order_by("pk")],
        # The messages' private links are keys too: the token inside them goes, as it does from the logs.
        "mail_sent": [{"kind": r.kind, "to": r.to, "subject": r.subject,
                       "body": r.body.replace(story.status_token, "…") if story.status_token else r.body,
                       "written_at": _iso(r.created_at), "sent_at": _iso(r.sent_at)}
                      for r in sorted(story.mail_replies.all(), key=lambda r: r.pk)],
        "permission_requests": [{"where": p.channel, "post": p.post_url, "handle": p.author_handle,
                                 "message": p.message, "state": p.state, "reply": p.reply_text}
                                for p in sorted(story.permission_requests.all(), key=lambda p: p.pk)],
    }
    return record, files


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None
