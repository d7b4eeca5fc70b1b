"""The gallery as static files for any static host (`storydesk export site DIR`), and the incremental update
that keeps such a copy current after each publish or withdrawal (STORYDESK_STATIC_SITE_DIR).

Files sit at the paths the app serves them at ("/stories/12/" is stories/12/index.html), so every link works
when the folder is a site's root. Only the read model's public fields and the public photo copies are
written. A manifest in the folder remembers which files belong to which story, so an update rewrites that
story's page, its month, the wall and the feeds, and nothing else."""
from __future__ import annotations

import fcntl
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import translation

from storydesk.actions.campaign import current_campaign
from storydesk.gallery import feeds, listing, pages
from storydesk.gallery.pagecache import Page
from storydesk.models import GalleryStory, Photo

MANIFEST = ".storydesk-site.json"
LOCK = ".storydesk-site.lock"
ASSETS = ("storydesk/public.css", "storydesk/gallery.css", "storydesk/widget-frame.js", "storydesk/favicon.svg")
CHUNK = 500


@dataclass
class ExportResult:
    pages: int = 0  # files written (unchanged files are left alone and not counted)
    photos: int = 0
    removed: int = 0
    stories: int = 0
    seconds: float = 0.0


def export_site(directory: str | Path, progress: Callable[[int], None] | None = None) -> ExportResult:
    """Write the whole gallery into directory, and remove what no longer belongs there."""
    started = time.monotonic()
    root = Path(directory)
    _public_dir(root)
    result = ExportResult()
    with _locked(root), _default_language():
        site = pages.Site.of(current_campaign(), static=True)
        before = _load_manifest(root)
        manifest = {"stories": {}, "months": {}}
        rows = GalleryStory.objects.filter(campaign=site.campaign).order_by("pk")
        for entry in rows.iterator(chunk_size=CHUNK):
            _write_story(root, site, entry, manifest, result)
            result.stories += 1
            if progress:
                progress(1)
        for story_id, known in (before or {}).get("stories", {}).items():
            if story_id not in manifest["stories"]:
                _remove_story(root, story_id, known, result)
        months = {f.value for f in listing.facets(site.campaign.pk, "month")}
        for month in months | set((before or {}).get("months", {})):
            _write_month(root, site, month, (before or {}).get("months", {}).get(month, 0), manifest, result)
        _write_common(root, site, result)
        _save_manifest(root, manifest)
    result.seconds = time.monotonic() - started
    return result


def update_site(directory: str | Path, story_ids: Iterable[int]) -> ExportResult:
    """After a change to these stories: their pages and photos, their months, the wall, the feeds."""
    root = Path(directory)
    if _load_manifest(root) is None:
        return export_site(root)  # no copy there yet: make the whole of it
    started = time.monotonic()
    result = ExportResult()
    with _locked(root), _default_language():
        manifest = _load_manifest(root)
        site = pages.Site.of(current_campaign(), static=True)
        months: set[str] = set()
        entries = GalleryStory.objects.in_bulk(list(story_ids))
        for story_id in story_ids:
            known = manifest["stories"].get(str(story_id))
            entry = entries.get(story_id)
            if known:
                months.add(known["month"])
            if entry is not None and entry.campaign_id == site.campaign.pk:
                if known and known["photo"] != entry.photo_key:
                    _remove_photo(root, known["photo"], result)
                _write_story(root, site, entry, manifest, result)
                months.add(entry.month)
            elif known:
                _remove_story(root, str(story_id), known, result)
                del manifest["stories"][str(story_id)]
        for month in months:
            _write_month(root, site, month, manifest["months"].get(month, 0), manifest, result)
        _write_common(root, site, result)
        _save_manifest(root, manifest)
    result.seconds = time.monotonic() - started
    return result


def _default_language():
    """The static copy is one language, the default one: a static host can't choose a page by cookie or
    Accept-Language, and the default language's addresses have no prefix, so they are the files' paths."""
    return translation.override(settings.LANGUAGE_CODE)


def update_configured_site(story_ids: Iterable[int]) -> ExportResult | None:
    if not settings.STORYDESK_STATIC_SITE_DIR:
        return None
    return update_site(settings.STORYDESK_STATIC_SITE_DIR, list(story_ids))


def url_file(path: str) -> str:
    """The file a URL path is served from on a static host: directories get their index.html."""
    path = path.lstrip("/")
    return path + "index.html" if path == "" or path.endswith("/") else path


def _write_story(root: Path, site: pages.Site, entry: GalleryStory, manifest: dict, result: ExportResult) -> None:
    page = pages.story(site, entry.pk)
    _write_page(root, reverse("gallery:story", kwargs={"story_id": entry.pk}), page, result)
    if entry.photo_key:
        _copy_photo(root, entry.photo_key, result)
    manifest["stories"][str(entry.pk)] = {"photo": entry.photo_key, "month": entry.month}


def _write_month(root: Path, site: pages.Site, month: str, pages_before: int, manifest: dict,
                 result: ExportResult) -> None:
    """Every page of a month's archive, from one pass over its stories (a busy month has thousands)."""
    stories = list(listing.month_stories(site.campaign.pk, month))
    size = pages.MONTH_PAGE_SIZE
    count = -(-len(stories) // size)
    for number in range(1, count + 1):
        page = pages.month_of(site, month, number, count, stories[(number - 1) * size:number * size])
        _write_page(root, _month_path(month, number), page, result)
    for gone in range(max(count + 1, 2), pages_before + 1):
        _remove(root / url_file(_month_path(month, gone)), result)
    if count:
        manifest["months"][month] = count
    else:
        _remove(root / url_file(_month_path(month, 1)), result)
        manifest["months"].pop(month, None)


def _month_path(month: str, number: int) -> str:
    if number == 1:
        return reverse("gallery:month", kwargs={"month": month})
    return reverse("gallery:month_page", kwargs={"month": month, "number": number})


def _write_common(root: Path, site: pages.Site, result: ExportResult) -> None:
    """The pages every change may touch (the wall, feeds, widget) and those that cost nothing to redo."""
    _write_page(root, reverse("gallery:wall"), pages.wall(site, listing.Filters(), None), result)
    for kind, name in feeds.KINDS.items():
        _write_page(root, reverse(name), feeds.feed(site, kind), result)
    _write_page(root, reverse("gallery:widget"), pages.widget(site, 3), result)
    _write_page(root, reverse("gallery:widget_script"), pages.widget_script(site), result)
    _write_page(root, reverse("gallery:campaign_css"), pages.campaign_css(site), result)
    _write_page(root, reverse("gallery:embed"), pages.embed(site), result)
    _write_page(root, reverse("gallery:take_part"), pages.take_part(site), result)
    _write_page(root, "/404.html", pages.not_found(site), result)
    for asset in ASSETS:
        found = finders.find(asset)
        if found:
            _write_bytes(root / settings.STATIC_URL.strip("/") / asset, Path(found).read_bytes(), result)


def _write_page(root: Path, path: str, page: Page | None, result: ExportResult) -> None:
    if page is not None:
        _write_bytes(root / url_file(path), page.content, result)


def _public_dir(directory: Path) -> None:
    """Made readable for the web server that serves the copy (the desk's umask keeps its own files private)."""
    missing = [d for d in (directory, *directory.parents) if not d.exists()]
    directory.mkdir(parents=True, exist_ok=True)
    for made in missing:
        made.chmod(0o755)


def _write_bytes(target: Path, content: bytes, result: ExportResult) -> None:
    if target.is_file() and target.stat().st_size == len(content) and target.read_bytes() == content:
        return  # unchanged: left alone, so a sync to a host or a CDN sends only what changed
    _public_dir(target.parent)
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    with os.fdopen(fd, "wb") as out:
        out.write(content)
    os.chmod(temporary, 0o644)
    os.replace(temporary, target)  # a reader sees the old file or the new one, never half of one
    result.pages += 1


def _copy_photo(root: Path, key: str, result: ExportResult) -> None:
    photo = Photo.objects.filter(public_key=key).only("public", "thumbnail").first()
    if photo is None:
        return
    for field, path in ((photo.public, reverse("photo-public", kwargs={"key": key})),
                        (photo.thumbnail, reverse("photo-public-size", kwargs={"key": key, "size": "thumb"}))):
        target = root / url_file(path)
        if target.is_file() and target.stat().st_size == field.size:
            continue
        _public_dir(target.parent)
        # Only the public copies (re-encoded, without metadata); the original never leaves private storage.
        with field.open("rb") as source, open(target, "wb") as out:
            shutil.copyfileobj(source, out)
        os.chmod(target, 0o644)
        result.photos += 1


def _remove_story(root: Path, story_id: str, known: dict, result: ExportResult) -> None:
    if known.get("photo"):
        _remove_photo(root, known["photo"], result)
    page = root / url_file(reverse("gallery:story", kwargs={"story_id": int(story_id)}))
    _remove(page, result)


def _remove_photo(root: Path, key: str, result: ExportResult) -> None:
    _remove(root / url_file(reverse("photo-public", kwargs={"key": key})), result)
    _remove(root / url_file(reverse("photo-public-size", kwargs={"key": key, "size": "thumb"})), result)


def _remove(target: Path, result: ExportResult) -> None:
    try:
        target.unlink()
        result.removed += 1
    except FileNotFoundError:
        pass
    parent = target.parent
    if parent.name and parent.is_dir() and not any(parent.iterdir()):
        parent.rmdir()


def _load_manifest(root: Path) -> dict | None:
    try:
        return json.loads((root / MANIFEST).read_text())
    except (FileNotFoundError, ValueError):
        return None


def _save_manifest(root: Path, manifest: dict) -> None:
    _write_bytes(root / MANIFEST, json.dumps(manifest, separators=(",", ":")).encode(), ExportResult())


@contextmanager
def _locked(root: Path):
    """One writer at a time (two publishes in a row queue two updates)."""
    root.mkdir(parents=True, exist_ok=True)
    with open(root / LOCK, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
