"""The staff desk: who may see it, what the list and a story show, and that it stays cheap to load."""
import html
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from storydesk.actions.base import ROLES
from storydesk.actions.photo_copies import make_missing_copies
from storydesk.actions.screening import screen_story
from storydesk.models import Story
from storydesk.screening.evidence import step_label
from tests.stories import make_story

PASSWORD = "correct-horse-9"


def list_url(**query) -> str:
    url = reverse("desk:stories")
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def detail_url(story) -> str:
    return reverse("desk:story", args=[story.pk])


def listed_ids(page: str) -> set[int]:
    return {int(n) for n in re.findall(r'<a href="/desk/stories/(\d+)/[^"]*" data-story-link>', page)}


@pytest.fixture
def story(campaign):
    return make_story(campaign)


@pytest.fixture
def viewer(client, staff_user):
    client.force_login(staff_user("viewer"))
    return client


# who may see it --------------------------------------------------------------------------------

def test_anonymous_visitors_are_sent_to_log_in(client, story):
    for url in (list_url(), detail_url(story)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('login')}?next={url}"


def test_a_logged_in_user_without_a_role_is_refused(client, story):
    nobody = get_user_model().objects.create_user("nobody", password=PASSWORD)
    client.force_login(nobody)
    assert client.get(list_url()).status_code == 403
    assert client.get(detail_url(story)).status_code == 403
    nobody.is_staff = True  # being staff is not a role either
    nobody.save()
    assert client.get(list_url()).status_code == 403


def test_an_inactive_staff_account_is_refused(client, staff_user, story):
    user = staff_user("admin")
    client.force_login(user)
    assert client.get(list_url()).status_code == 200
    get_user_model().objects.filter(pk=user.pk).update(is_active=False)
    assert client.get(list_url()).status_code == 302  # signed out: the session no longer counts


@pytest.mark.parametrize("role", ROLES)
def test_every_role_may_see_the_desk(client, staff_user, story, role):
    client.force_login(staff_user(role))
    assert client.get(list_url()).status_code == 200
    assert client.get(detail_url(story)).status_code == 200


def test_an_unknown_story_is_404(viewer, story):
    assert viewer.get(reverse("desk:story", args=[story.pk + 1000])).status_code == 404


# the list --------------------------------------------------------------------------------------

def test_the_list_shows_status_channel_thumbnail_and_flags(viewer, campaign):
    screened = make_story(campaign, n=1, channel="email")
    screen_story(screened.pk)  # the real pipeline, models and all
    waiting = make_story(campaign, n=2, channel="web")
    page = viewer.get(list_url(status="all")).content.decode()

    assert listed_ids(page) == {screened.pk, waiting.pk}
    rows = {int(m.group(1)): m.group(0) for m in
            re.finditer(r'<tr data-story-row[^>]*>.*?<a href="/desk/stories/(\d+)/[^"]*".*?</tr>', page, re.S)}
    assert 'class="status status-in_review"' in rows[screened.pk]
    assert 'class="status status-received"' in rows[waiting.pk]
    assert '<td class="q-channel">e-mail</td>' in rows[screened.pk]
    assert '<td class="q-channel">web form</td>' in rows[waiting.pk]
    thumb = Story.objects.get(pk=screened.pk).lead_photo.thumbnail_path()
    assert f'<img src="{thumb}"' in rows[screened.pk]
    flags = [v.step for v in Story.objects.get(pk=screened.pk).verdicts.exclude(outcome="pass")]
    for step in flags:  # only what screening flagged is named in the row: the queue stays dense
        assert f'title="{step_label(step)}: ' in rows[screened.pk] and step not in rows[screened.pk]
    assert "image_integrity" not in rows[screened.pk]
    assert "Kofi, GH" in rows[screened.pk]


def test_the_thumbnail_in_the_list_is_served(viewer, client, story):
    waiting = viewer.get(list_url(status="all")).content.decode()
    assert "<img src=" not in waiting and "not made its copies yet" in waiting  # until the worker makes them
    make_missing_copies(story)
    page = viewer.get(list_url(status="all")).content.decode()
    src = re.search(r'<img src="([^"]+)"', page).group(1)
    assert src.endswith(".thumb.jpg")
    served = client.get(src)
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"


def test_hostile_text_is_shown_as_text(viewer, campaign):
    make_story(campaign, answer="<script>alert('x')</script> equality matters to me a great deal.",
               first_name="<b>Eve</b>")
    page = viewer.get(list_url(status="all")).content.decode()
    assert "<script>alert" not in page and "<b>Eve</b>" not in page
    assert "&lt;script&gt;alert" in page and "&lt;b&gt;Eve&lt;/b&gt;" in page


# one story -------------------------------------------------------------------------------------

def test_the_story_page_says_what_real_screening_found(viewer, campaign):
    story = make_story(campaign, answer="My sisters taught me what fairness means, every single day.")
    screen_story(story.pk)
    story.refresh_from_db()
    page = viewer.get(detail_url(story)).content.decode()
    text = html.unescape(page)

    assert "My sisters taught me what fairness means, every single day." in text
    assert 'class="status status-in_review"' in page
    assert f'<img src="{story.lead_photo.public_path()}"' in page
    assert reverse("photo-original", args=[story.lead_photo.pk]) in page

    verdicts = re.search(r'<table class="verdicts">.*?</table>', text, re.S).group(0)
    assert "<th scope=\"row\" title=\"image_integrity\">Photo file check</th>" in verdicts
    assert "image_integrity" not in re.sub(r'title="[^"]*"|<details>.*?</details>', "", verdicts, flags=re.S)
    assert "Photo 1: JPEG 600×800 px" in verdicts
    assert "Nothing unsafe found." in verdicts
    assert re.search(r"Read “#HeForShe” on the sign, \d+ % sure\.|No #HeForShe sign read", verdicts)

    history = re.search(r'<ul class="history">(.*?)</ul>', page, re.S).group(1)
    entries = [html.unescape(e) for e in re.findall(r"<li>(.*?)</li>", history, re.S)]
    assert len(entries) == 3
    assert "Screening finished by storydesk (Screening → In Review)" in entries[0]  # newest first
    assert "Screening started by storydesk (Received → Screening)" in entries[1]
    assert "Story received by storydesk" in entries[2]


def test_a_story_not_screened_yet_says_so(viewer, story):
    page = viewer.get(detail_url(story)).content.decode()
    assert "Not screened yet." in page


def test_a_parked_story_shows_its_error(viewer, story):
    Story.objects.filter(pk=story.pk).update(status="errored", error="sign_check: model file missing")
    page = viewer.get(detail_url(story)).content.decode()
    assert "Screening error: sign_check: model file missing" in page


# logging in ------------------------------------------------------------------------------------

def test_logging_in_with_a_real_password_opens_the_desk(db, staff_user, story):
    staff_user("moderator", username="lena", password=PASSWORD)
    client = Client(enforce_csrf_checks=True)
    form = client.get(reverse("login") + "?next=/desk/")
    assert form.status_code == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.content.decode()).group(1)

    wrong = client.post(reverse("login"), {"username": "lena", "password": "not-it-at-all",
                                           "csrfmiddlewaretoken": token, "next": "/desk/"})
    assert wrong.status_code == 200
    assert "That username and password don't match" in html.unescape(wrong.content.decode())
    assert client.get(list_url()).status_code == 302

    right = client.post(reverse("login"), {"username": "lena", "password": PASSWORD,
                                           "csrfmiddlewaretoken": token, "next": "/desk/"})
    assert right.status_code == 302 and right["Location"] == "/desk/"
    desk = client.get(list_url(status="all"))
    assert desk.status_code == 200
    assert listed_ids(desk.content.decode()) == {story.pk}


def test_logging_in_without_the_csrf_token_is_refused(db, staff_user):
    staff_user("moderator", username="lena", password=PASSWORD)
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "lena", "password": PASSWORD})
    assert response.status_code == 403
    assert client.get(list_url()).status_code == 302
