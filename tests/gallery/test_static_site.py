"""`storydesk export site DIR` and the incremental update after a publish or a withdrawal."""
import datetime as dt
import os
import re
from pathlib import Path

import pytest

from storydesk.cli import main
from storydesk.gallery.static_site import MANIFEST, export_site, update_site
from tests.gallery.html import Page
from tests.support.samples import photos

pytestmark = pytest.mark.django_db
MARCH = dt.datetime(2020, 3, 5, 15, tzinfo=dt.UTC)


@pytest.fixture
def site_dir(tmp_path):
    return tmp_path / "site"


def files(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file() and not p.name.startswith(".")}


def local_references(root: Path) -> set[str]:
    """Every same-site link and image in every exported HTML page."""
    found = set()
    for html in root.rglob("*.html"):
        parsed = Page(html.read_text())
        found |= {ref for ref in parsed.links + [i["src"] for i in parsed.images] if ref.startswith("/")}
    return found


def served_file(root: Path, ref: str) -> Path:
    path = ref.partition("#")[0]
    return root / (path.lstrip("/") + "index.html" if path.endswith("/") else path.lstrip("/"))


def test_export_writes_every_page_feed_and_image_and_every_link_resolves(site_dir, publish):
    a = publish(caption="First story", at=MARCH, themes=["educating oneself"])
    b = publish(caption="Second story", at=MARCH + dt.timedelta(days=40))
    result = export_site(site_dir)
    written = files(site_dir)
    for story in (a, b):
        key = story.photos.get().public_key
        assert {f"stories/{story.pk}/index.html", f"photos/{key}.jpg", f"photos/{key}.thumb.jpg"} <= written
    assert {"index.html", "feed.rss", "feed.atom", "feed.json", "take-part/index.html", "widget/index.html",
            "widget.js", "embed/index.html", "404.html", "archive/2020-03/index.html", "archive/2020-04/index.html",
            "static/storydesk/public.css", "static/storydesk/gallery.css"} <= written
    assert result.stories == 2 and result.photos == 4
    refs = local_references(site_dir)
    assert refs, "no links found"
    for ref in refs:
        assert "?" not in ref, f"{ref}: a static host ignores queries"
        assert served_file(site_dir, ref).is_file(), ref
    index = (site_dir / "index.html").read_text()
    assert "Second story" in index and 'type="search"' not in index  # no search without the app


def test_exported_photos_are_the_public_copies(site_dir, publish):
    story = publish(photo_bytes=photos.jpeg_bytes(photos.person_with_sign("camera", size=(600, 800)), gps=True))
    photo = story.photos.get()
    export_site(site_dir)
    with photo.public.open("rb") as f:
        assert (site_dir / f"photos/{photo.public_key}.jpg").read_bytes() == f.read()
    for exported in (site_dir / "photos").iterdir():
        data = exported.read_bytes()
        assert b"storydesk-fixture" not in data and b"Taken at home" not in data and b"Exif" not in data
    assert photo.original.name.rsplit("/", 1)[-1] not in files(site_dir)


def test_an_update_rewrites_only_the_changed_story_its_month_the_wall_and_the_feeds(site_dir, publish, settings):
    settings.STORYDESK_STATIC_SITE_DIR = ""  # the test runs update_site itself
    old = [publish(at=MARCH + dt.timedelta(days=i)) for i in range(3)]
    export_site(site_dir)
    for path in site_dir.rglob("*"):
        if path.is_file():
            os.utime(path, (1, 1))
    new = publish(caption="Just published", at=MARCH + dt.timedelta(days=60))
    update_site(site_dir, [new.pk])
    touched = {f for f in files(site_dir) if (site_dir / f).stat().st_mtime > 1}
    key = new.photos.get().public_key
    assert touched == {"index.html", "feed.rss", "feed.atom", "feed.json", "widget/index.html",
                       f"stories/{new.pk}/index.html", f"photos/{key}.jpg", f"photos/{key}.thumb.jpg",
                       "archive/2020-05/index.html"}
    assert all(f"stories/{s.pk}/index.html" in files(site_dir) for s in old)


def test_a_withdrawal_removes_the_story_its_photos_and_every_mention(site_dir, publish, withdraw, settings):
    settings.STORYDESK_STATIC_SITE_DIR = ""
    kept = publish(caption="Kept story", at=MARCH)
    gone = publish(caption="Withdrawn story", at=MARCH + dt.timedelta(days=1))
    alone = publish(caption="Alone in April", at=MARCH + dt.timedelta(days=30))
    export_site(site_dir)
    key = gone.photos.get().public_key
    withdraw(gone)
    withdraw(alone)
    update_site(site_dir, [gone.pk, alone.pk])
    left = files(site_dir)
    assert f"stories/{gone.pk}/index.html" not in left and f"photos/{key}.jpg" not in left
    assert f"photos/{key}.thumb.jpg" not in left and not (site_dir / f"stories/{gone.pk}").exists()
    assert not (site_dir / "archive/2020-04").exists()  # its only story left
    for name in left:
        if name.endswith((".html", ".rss", ".atom", ".json", ".js")):
            text = (site_dir / name).read_text()
            assert "Withdrawn story" not in text and key not in text and "Alone in April" not in text, name
    assert "Kept story" in (site_dir / "index.html").read_text()
    assert f"stories/{kept.pk}/index.html" in left


def test_a_full_export_over_an_old_one_removes_what_left(site_dir, publish, unpublish):
    story = publish(caption="Soon gone")
    export_site(site_dir)
    unpublish(story)
    export_site(site_dir)
    assert not any("Soon gone" in (site_dir / f).read_text() for f in files(site_dir) if f.endswith(".html"))
    assert f"stories/{story.pk}/index.html" not in files(site_dir)


def test_an_update_without_an_earlier_export_writes_the_whole_site(site_dir, publish):
    story = publish()
    update_site(site_dir / "new", [story.pk])
    assert (site_dir / "new" / MANIFEST).is_file()
    assert f"stories/{story.pk}/index.html" in files(site_dir / "new")


def test_the_export_command(site_dir, publish, capsys):
    story = publish()
    assert main(["export", "site", str(site_dir)]) == 0
    assert f"stories/{story.pk}/index.html" in files(site_dir)
    assert re.search(r"1 story, \d+ pages changed, 2 photos copied", capsys.readouterr().err)
    assert main(["export", "site"]) == 2


@pytest.fixture
def private_umask():
    """The umask the `storydesk` command and the web server set (0o077): what the desk writes is its own."""
    previous = os.umask(0o077)
    yield
    os.umask(previous)


def test_the_static_copy_is_readable_by_a_web_server_under_the_desks_private_umask(site_dir, publish,
                                                                                  private_umask):
    publish(photo_bytes=photos.jpeg_bytes(photos.scene("camera", (600, 800))))
    export_site(site_dir)
    made = [site_dir, *site_dir.rglob("*")]
    assert any(p.suffix == ".jpg" for p in made) and any(p.is_dir() for p in made[1:])
    for path in made:
        if path.name.startswith("."):
            continue  # the export's own lock and manifest
        assert path.stat().st_mode & 0o777 == (0o755 if path.is_dir() else 0o644), path
