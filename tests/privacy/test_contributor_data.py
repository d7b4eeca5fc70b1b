"""An admin exports everything storydesk holds about one contributor (a zip: data.json and their photos) and
erases it, from the CLI and from the desk; both are audited, and the audit never names the person."""
import io
import json
import zipfile
from pathlib import Path

import pytest
from django.urls import reverse

from storydesk.cli import main
from storydesk.models import AuditEvent, Contributor, Status, Story
from tests.stories import make_story

EMAIL = "amani.private@example.org"


@pytest.fixture
def theirs(campaign):
    """Two stories of one contributor (the second by the same address), and someone else's."""
    first = make_story(campaign, n=1, email=EMAIL, first_name="Amani", social_handle="@amani_k",
                       answer="AMANI-FIRST: my mother raised four of us alone.")
    second = make_story(campaign, n=2, email=EMAIL.upper(), first_name="Amani",
                        answer="AMANI-SECOND: my sisters deserve the same chances.")
    other = make_story(campaign, n=3, email="someone.else@example.org", answer="OTHER: not theirs at all.")
    return first, second, other


def _photo_paths(*stories) -> list[Path]:
    return [Path(p.original.path) for s in stories for p in s.photos.all()]


def _audit_text() -> str:
    return json.dumps(list(AuditEvent.objects.filter(verb__startswith="contributor.").values("verb", "data")))


def test_cli_export_holds_their_data_and_photos_and_nobody_elses(theirs, tmp_path, capsys):
    first, second, other = theirs
    out = tmp_path / "amani.zip"
    assert main(["contributor", "export", "--email", EMAIL, "--out", str(out)]) == 0
    assert out.stat().st_mode & 0o077 == 0  # only the operator may read it
    with zipfile.ZipFile(out) as archive:
        data = json.loads(archive.read("data.json"))
        names = set(archive.namelist())
        originals = {name: archive.read(name) for name in names if "-original" in name}
    assert {c["email"].lower() for c in data["contributors"]} == {EMAIL}
    assert [s["id"] for s in data["stories"]] == [first.pk, second.pk]
    assert data["stories"][0]["answer"].startswith("AMANI-FIRST") and "OTHER" not in json.dumps(data)
    assert "status_token" not in json.dumps(data) and first.status_token not in json.dumps(data)
    assert sorted(originals.values()) == sorted(path.read_bytes() for path in _photo_paths(first, second))
    [event] = AuditEvent.objects.filter(verb="contributor.exported")
    assert event.actor_label == "cli" and event.data["stories"] == [first.pk, second.pk]
    assert EMAIL not in _audit_text().lower() and "amani" not in _audit_text().lower()


def test_cli_finds_them_by_handle_too(theirs, tmp_path):
    out = tmp_path / "handle.zip"
    assert main(["contributor", "export", "--handle", "amani_k", "--out", str(out)]) == 0
    with zipfile.ZipFile(out) as archive:
        assert json.loads(archive.read("data.json"))["contributors"][0]["social_handle"] == "@amani_k"


def test_cli_erase_asks_for_yes_then_erases_everything(theirs, capsys):
    first, second, other = theirs
    files = _photo_paths(first, second)
    assert main(["contributor", "erase", "--email", EMAIL]) == 2
    assert "--yes" in capsys.readouterr().err and Story.objects.get(pk=first.pk).answer
    assert main(["contributor", "erase", "--email", EMAIL, "--yes"]) == 0
    assert not any(path.exists() for path in files)
    for story in Story.objects.filter(pk__in=[first.pk, second.pk]):
        assert story.status == Status.WITHDRAWN and story.erased_at and story.answer == ""
    assert not Contributor.matching(email=EMAIL).exists() and not Contributor.matching(handle="amani_k").exists()
    assert Story.objects.get(pk=other.pk).answer.startswith("OTHER") and all(
        p.exists() for p in _photo_paths(other))
    [event] = AuditEvent.objects.filter(verb="contributor.erased")
    assert event.data["stories"] == [first.pk, second.pk] and EMAIL not in _audit_text().lower()
    assert main(["contributor", "erase", "--email", EMAIL, "--yes"]) == 1  # nobody left to find


@pytest.fixture
def admin(client, staff_user):
    client.force_login(staff_user("admin"))
    return client


def test_desk_page_finds_them_downloads_and_erases(admin, theirs):
    first, second, _ = theirs
    page = admin.get(reverse("desk:personal-data"), {"email": EMAIL}).content.decode()
    assert f"Story {first.pk}" in page and f"Story {second.pk}" in page
    response = admin.post(reverse("desk:personal-data-export"), {"email": EMAIL, "handle": ""})
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as archive:
        assert len(json.loads(archive.read("data.json"))["stories"]) == 2
    assert AuditEvent.objects.get(verb="contributor.exported").data["via"] == "desk"

    admin.post(reverse("desk:personal-data-erase"), {"email": EMAIL, "handle": ""})  # not confirmed
    assert Story.objects.get(pk=first.pk).erased_at is None
    response = admin.post(reverse("desk:personal-data-erase"), {"email": EMAIL, "handle": "", "confirm": "yes"})
    assert response.status_code == 303
    assert Story.objects.filter(pk__in=[first.pk, second.pk], erased_at__isnull=False).count() == 2
    after = admin.get(response["Location"]).content.decode()
    assert "storydesk holds nothing about them" in after


def test_only_admins_see_the_page_in_the_nav(client, staff_user):
    client.force_login(staff_user("manager"))
    assert reverse("desk:personal-data") not in client.get(reverse("desk:stories")).content.decode()
    client.force_login(staff_user("admin"))
    assert reverse("desk:personal-data") in client.get(reverse("desk:stories")).content.decode()
