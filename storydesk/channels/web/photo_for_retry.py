"""A valid photo is kept for a short while when the rest of the form needs fixing, so a participant on a phone
doesn't have to pick it again: STORYDESK_KEPT_PHOTO_MINUTES at most, and STORYDESK_KEPT_PHOTOS_MAX_MB for all
of them together, so refused posts cannot fill the disk (each post also counts in the per-address limit)."""
from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils import timezone

# The salt and the pending/ folder keep their first names, so tokens and photos kept before an upgrade still work.
_SALT = "storydesk.web.pending-photo"


def max_age_seconds() -> int:
    return settings.STORYDESK_KEPT_PHOTO_MINUTES * 60


def keep(filename: str, data: bytes) -> str | None:
    """Store the photo privately; return a signed token for a hidden form field, or None when the kept photos
    already fill their space (the participant then picks the photo again)."""
    room = settings.STORYDESK_KEPT_PHOTOS_MAX_MB * 1024 * 1024 - len(data)
    if _space_used() > room and (forget_stale() == 0 or _space_used() > room):
        return None
    # The name carries when it was kept: the desk's clock decides staleness, not the storage's (S3, NFS).
    kept_at = int(timezone.now().timestamp())
    name = storages["private"].save(f"pending/{kept_at}-{secrets.token_urlsafe(18)}", ContentFile(data))
    return signing.dumps({"name": name, "filename": filename[:200]}, salt=_SALT, compress=True)


def take(token: str) -> tuple[str, bytes] | None:
    """The kept photo for a token, or None when it is forged, stale or gone."""
    try:
        value = signing.loads(token, salt=_SALT, max_age=max_age_seconds())
    except signing.BadSignature:
        return None
    storage = storages["private"]
    name = value.get("name", "")
    if not name.startswith("pending/") or not storage.exists(name):
        return None
    with storage.open(name, "rb") as f:
        return value.get("filename", "photo"), f.read()


def forget(token: str) -> None:
    try:
        name = signing.loads(token, salt=_SALT)["name"]
    except (signing.BadSignature, KeyError):
        return
    if name.startswith("pending/"):
        storages["private"].delete(name)


def forget_stale(now=None) -> int:
    """Delete kept photos nobody came back for; returns how many."""
    storage = storages["private"]
    cutoff = (now or timezone.now()) - dt.timedelta(seconds=max_age_seconds())
    stale = [n for n in _kept_names(storage) if _kept_at(storage, n) < cutoff]
    for name in stale:
        storage.delete(f"pending/{name}")
    return len(stale)


def _kept_names(storage) -> list[str]:
    try:
        return storage.listdir("pending")[1]
    except FileNotFoundError:
        return []


def _space_used() -> int:
    storage = storages["private"]
    return sum(storage.size(f"pending/{name}") for name in _kept_names(storage))


def _kept_at(storage, name: str) -> dt.datetime:
    stamp, _, _ = name.partition("-")
    if stamp.isdigit():
        return dt.datetime.fromtimestamp(int(stamp), tz=dt.UTC)
    return storage.get_modified_time(f"pending/{name}")  # kept before names carried their time
