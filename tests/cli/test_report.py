"""`storydesk report` against a known dataset: the headline numbers, the PDF beside the HTML, a selection
of stories that holds only consented ones and nothing private, and a plain message when PDF can't be made."""
import base64
import builtins
import datetime as dt
import io
import re
import sys

import pytest
from django.utils import timezone
from PIL import ImageFile
from pypdf import PdfReader

from storydesk.actions.base import Actor
from storydesk.actions.intake import receive_story
from storydesk.actions.lifecycle import withdraw_story
from storydesk.actions.photo_copies import make_missing_copies
from storydesk.cli import main
from storydesk.incoming import IncomingPhoto, IncomingStory
from storydesk.insights.pdf import write_pdf
from storydesk.insights.selection import varied
from storydesk.models import Campaign, Consent, Publication, Status, Story, Target, Verdict
from storydesk.photos.inspect import PhotoRejected, inspect_photo
from tests.support.samples import photos
from tests.support.samples import photos as fx

# What must never leave the desk: planted in every story of the dataset.
EMAIL = "samuel.private@example.org"
SURNAME = "Okonkwo-Mensah"
FILENAME = "DSC_9931_privateholiday"
ANSWER = "My private answer, which only moderators read"
# Stories that may not be shown, by their public caption.
HIDDEN = {"withdrawn": "Withdrawn caption W", "no consent": "No consent caption N",
          "not approved": "Not approved caption R", "consent withdrawn": "Consent withdrawn caption S"}
SHOWN = {"published": "Equality starts at home, says P", "approved": "I share the housework, says Q"}


def _story(campaign, key, *, country, status, caption, website=True, published=False, name="Samuel"):
    data = photos.jpeg_bytes(photos.person_with_sign("camera", size=(600, 800)))
    incoming = IncomingStory(
        channel="web", source_key=f"report-{key}", answer=f"{ANSWER} ({key})",
        photos=(IncomingPhoto(data, f"{FILENAME}_{key}.jpg"),), first_name=name, full_name=f"{name} {SURNAME}",
        email=EMAIL.replace("@", f"+{key}@"), country=country, age_confirmed=True,
        consents={"website": website, "instagram": False})
    story = receive_story(incoming, campaign=campaign, actor=Actor.system()).story
    make_missing_copies(story)  # screened: the worker made its public copies
    Verdict.objects.create(story=story, step="sign_check", position=1, outcome="pass")
    Story.objects.filter(pk=story.pk).update(status=status, public_caption=caption)
    if published:
        Publication.objects.create(story=story, target=Target.GALLERY, state=Publication.State.PUBLISHED,
                                   published_at=timezone.now())
    story.refresh_from_db()
    return story


@pytest.fixture
def dataset(campaign):
    _story(campaign, "P", country="KE", status=Status.APPROVED, caption=SHOWN["published"], published=True)
    _story(campaign, "Q", country="IN", status=Status.APPROVED, caption=SHOWN["approved"], name="Ravi")
    withdrawn = _story(campaign, "W", country="GH", status=Status.APPROVED, caption=HIDDEN["withdrawn"],
                       published=True)
    withdraw_story(withdrawn, actor=Actor.contributor(), via="status page")
    _story(campaign, "N", country="GH", status=Status.APPROVED, caption=HIDDEN["no consent"], website=False)
    _story(campaign, "R", country="BR", status=Status.IN_REVIEW, caption=HIDDEN["not approved"])
    s = _story(campaign, "S", country="FR", status=Status.APPROVED, caption=HIDDEN["consent withdrawn"])
    Consent.objects.filter(story=s, scope="website").update(withdrawn_at=timezone.now())


# Six stories arrived; all screened; in review or further: all but W; approved: P, Q, N, S; published on
# the gallery: P (W was withdrawn); five countries; a live consent: all but W (withdrawn), N (none given)
# and S (withdrawn) — N gave no consent at all, so 6 − 3 = 3.
HEADLINES = {"Stories received": 6, "Approved": 4, "Published": 1, "Countries": 5, "With consent to publish": 3}


def report(tmp_path, capsys):
    today = timezone.now().date()
    out = tmp_path / "report"
    code = main(["report", "--from", str(today - dt.timedelta(days=1)), "--to", str(today + dt.timedelta(days=1)),
                 "--out", str(out)])
    return code, out, capsys.readouterr().err


def pdf_text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.mark.slow
def test_the_report_in_html_and_pdf(dataset, tmp_path, capsys):
    code, out, err = report(tmp_path, capsys)
    assert code == 0, err
    html = (out / "index.html").read_text(encoding="utf-8")
    numbers = dict((label, int(n)) for n, label in re.findall(
        r'<span class="number">(\d+)</span> <span class="label">([^<]+)</span>', html))
    assert numbers == HEADLINES
    assert f"Wrote {out / 'report.pdf'}" in err

    pdf = (out / "report.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    text = flat(pdf_text(io.BytesIO(pdf)))
    for label, n in HEADLINES.items():
        assert f"{n} {label}" in text
    for caption in SHOWN.values():
        assert caption in html and caption in text
    # The campaign's own words, and a chart drawn only in SVG (its title is not a table's).
    assert "Why does gender equality matter to you?" in text and "Zero Discrimination Day" in text
    assert "Countries: world map" in text
    # The selected stories' public photos are in both, as embedded images.
    assert html.count('src="data:image/jpeg;base64,') == len(SHOWN)
    assert sum(len(page.images) for page in PdfReader(io.BytesIO(pdf)).pages) >= len(SHOWN)


@pytest.mark.slow
def test_nothing_private_and_no_unconsented_story(dataset, tmp_path, capsys):
    code, out, _ = report(tmp_path, capsys)
    assert code == 0
    html = (out / "index.html").read_text(encoding="utf-8")
    text = flat(pdf_text(out / "report.pdf"))
    for private in (EMAIL.split("@")[0], "example.org", SURNAME, FILENAME, ANSWER, *HIDDEN.values()):
        assert private not in html, private
        assert private not in text, private
    # Published first, then the approved one.
    assert html.index(SHOWN["published"]) < html.index(SHOWN["approved"])
    # The photos are the public thumbnails: small, and without the original's metadata.
    from PIL import Image

    for data in re.findall(r'src="data:image/jpeg;base64,([^"]+)"', html):
        image = Image.open(io.BytesIO(base64.b64decode(data)))
        assert max(image.size) <= 400 and not image.getexif()


@pytest.mark.slow
def test_the_report_links_to_and_fetches_nothing(dataset, tmp_path, capsys):
    code, out, _ = report(tmp_path, capsys)
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "<script" not in html and "https://" not in html and "http://" not in html
    for data in re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', html):
        svg = base64.b64decode(data).decode("utf-8").replace("http://www.w3.org/2000/svg", "")
        assert "http" not in svg and "<script" not in svg


@pytest.mark.clock
@pytest.mark.parametrize("failure", [ImportError, OSError])
def test_without_weasyprint_the_html_is_written_and_one_plain_line_says_why(dataset, tmp_path, capsys,
                                                                            monkeypatch, failure):
    """ImportError: WeasyPrint not installed; OSError: what cffi raises when it cannot open Pango."""
    real_import = builtins.__import__

    def refuse(name, *args, **kwargs):
        if name == "weasyprint":
            raise failure("cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open shared object file")
        return real_import(name, *args, **kwargs)

    monkeypatch.delitem(sys.modules, "weasyprint", raising=False)
    monkeypatch.setattr(builtins, "__import__", refuse)
    code, out, err = report(tmp_path, capsys)
    assert code == 1
    assert (out / "index.html").exists() and not (out / "report.pdf").exists()
    skipped = [line for line in err.splitlines() if "PDF" in line]
    assert len(skipped) == 1 and "libpango-1.0-0 libpangoft2-1.0-0" in skipped[0]
    assert "Traceback" not in err


def test_the_selection_prefers_new_countries_and_themes():
    def story(pk, country, theme):
        return Story(pk=pk, country=country, themes=[{"name": theme, "score": 0.5}] if theme else [])

    pool = [story(1, "GH", "sharing care"), story(2, "GH", "sharing care"), story(3, "GH", "speaking up"),
            story(4, "KE", "sharing care"), story(5, "IN", "listening")]
    assert [s.pk for s in varied(pool, 3)] == [1, 3, 5]
    assert [s.pk for s in varied(pool, 10)] == [1, 2, 3, 4, 5]


@pytest.mark.clock
def test_a_campaign_file_without_report_words(campaign, tmp_path, capsys):
    """[report] is optional: without it the report still opens with the campaign's name and question."""
    config = {k: v for k, v in campaign.config.items() if k != "report"}
    Campaign.objects.filter(pk=campaign.pk).update(config=config)
    code, out, err = report(tmp_path, capsys)
    assert code == 0, err
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "Year of Male Allyship" in html and "Why does gender equality matter to you?" in html
    assert "Zero Discrimination Day" not in html and 'class="words"' not in html


@pytest.mark.slow
def test_making_a_pdf_leaves_photo_intake_refusing_damaged_uploads(tmp_path):
    """WeasyPrint turns on Pillow's LOAD_TRUNCATED_IMAGES when imported; intake in the same process must
    still refuse a photo cut off mid-upload."""
    write_pdf("<p>Numbers</p>", tmp_path / "report.pdf")
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
    with pytest.raises(PhotoRejected):
        inspect_photo(fx.truncated_jpeg(fx.person_with_sign()))
