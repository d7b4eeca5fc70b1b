"""The Django admin: only admins get in, through the desk's rate-limited log-in, and the records only actions
write (decisions, consents, the audit trail) are read-only there for everybody."""
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse

from storydesk.models import AuditEvent, Consent, Decision
from tests.stories import approved, make_story
from tests.support.samples import photos

BEFORE, AFTER = ("storydesk", "0013_screening_lease"), ("storydesk", "0014_only_admins_are_staff")


@pytest.fixture
def admin_client(client, staff_user):
    client.force_login(staff_user("admin", username="ada"))
    return client


@pytest.fixture
def records(campaign):
    story = approved(make_story(campaign, photo_bytes=photos.jpeg_bytes(photos.scene("camera", (600, 800)))))
    return {"decision": Decision.objects.filter(story=story).first(), "consent": story.consents.first(),
            "auditevent": AuditEvent.objects.filter(story=story).first()}


# read-only records ----------------------------------------------------------------------------------

@pytest.mark.parametrize("model", ["decision", "consent", "auditevent"])
def test_an_admin_can_read_but_not_add_change_or_delete_what_actions_write(admin_client, records, model):
    record = records[model]
    change = reverse(f"admin:storydesk_{model}_change", args=[record.pk])
    page = admin_client.get(change)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    before = {f.attname: getattr(record, f.attname) for f in type(record)._meta.concrete_fields}
    admin_client.post(change, {"reason": "edited", "action": "reject", "verb": "edited", "scope": "instagram",
                               "channel": "admin", "actor_label": "ada"})
    record.refresh_from_db()
    assert {f.attname: getattr(record, f.attname) for f in type(record)._meta.concrete_fields} == before
    assert admin_client.get(reverse(f"admin:storydesk_{model}_add")).status_code == 403
    assert admin_client.post(reverse(f"admin:storydesk_{model}_delete", args=[record.pk]),
                             {"post": "yes"}).status_code == 403
    assert type(record).objects.filter(pk=record.pk).exists()


def test_a_story_page_in_the_admin_does_not_edit_its_consents(admin_client, records):
    consent = records["consent"]
    page = admin_client.get(reverse("admin:storydesk_story_change", args=[consent.story_id])).content.decode()
    assert 'name="consents-0-scope"' not in page and 'name="consents-__prefix__-scope"' not in page
    # Deleting the story would delete its decisions and consents with it: refused.
    delete = reverse("admin:storydesk_story_delete", args=[consent.story_id])
    admin_client.post(delete, {"post": "yes"})
    assert Consent.objects.filter(pk=consent.pk).exists()


# who gets in ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ["manager", "moderator", "viewer"])
def test_only_admins_are_staff_and_others_never_reach_the_admin(client, staff_user, role):
    user = staff_user(role, username="vera")
    assert not user.is_staff
    client.force_login(user)
    for url in (reverse("admin:index"), reverse("admin:storydesk_story_changelist")):
        response = client.get(url, follow=True)
        assert response.redirect_chain and response.request["PATH_INFO"] == reverse("login")
    assert client.get(reverse("desk:stories")).status_code == 200  # the desk is still theirs


def test_an_admin_is_staff_and_reaches_the_admin(admin_client):
    assert get_user_model().objects.get(username="ada").is_staff
    assert admin_client.get(reverse("admin:index")).status_code == 200


def _post_login(client, url, username, password, next_url="/admin/"):
    form = client.get(reverse("login"))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.content.decode()).group(1)
    return client.post(url, {"username": username, "password": password, "csrfmiddlewaretoken": token,
                             "next": next_url})


def test_the_admin_log_in_is_the_desks_rate_limited_one(db, staff_user, settings):
    settings.STORYDESK_LOGIN_RATE = "10/15m"
    cache.clear()
    staff_user("admin", username="ada", password="correct-horse-9")
    client = Client(enforce_csrf_checks=True)
    for attempt in range(15):
        _post_login(client, "/admin/login/", "ada", f"guess-{attempt}")
        _post_login(client, reverse("login"), "ada", f"guess-{attempt}")
    # The desk's log-in is locked for this address: the admin's door doesn't check the password either.
    assert _post_login(client, reverse("login"), "ada", "correct-horse-9").status_code == 429
    right = _post_login(client, "/admin/login/?next=/admin/", "ada", "correct-horse-9")
    assert right.status_code == 302 and right["Location"] == reverse("login") + "?next=/admin/"
    assert client.get(reverse("admin:index")).status_code == 302  # still not logged in
    anonymous = Client().get(reverse("admin:index"), follow=True)
    assert anonymous.request["PATH_INFO"] == reverse("login") and anonymous.status_code == 200


@pytest.mark.django_db(transaction=True)
def test_the_migration_takes_is_staff_from_everyone_but_admins(back_to_latest):
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    old = executor.loader.project_state([BEFORE]).apps
    User, Group = old.get_model("auth", "User"), old.get_model("auth", "Group")
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in ("admin", "manager", "viewer")}
    made = {}
    for name, role, superuser in (("ada", "admin", True), ("al", "admin", False), ("mana", "manager", False),
                                  ("vera", "viewer", False), ("nobody", None, False)):
        made[name] = User.objects.create(username=name, is_staff=True, is_superuser=superuser)
        if role:
            made[name].groups.add(groups[role])

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([AFTER])
    staff = set(get_user_model().objects.filter(is_staff=True).values_list("username", flat=True))
    assert staff == {"ada", "al"}


