"""Who may do what on the desk: every staff URL, taken from the URLconf, against every role; anonymous
visitors go to log in; logging in is rate-limited; roles are Django groups holding Django permissions."""
import datetime as dt
import html
import re

import pytest
from django.conf import settings as dj_settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from storydesk.actions.base import Actor
from storydesk.actions.staff import set_role
from storydesk.models import AuditEvent, Publication, Slot
from storydesk.roles import ROLES, permissions_of

# The weakest role that may use each staff URL. Written out here, not derived from the code, so that a view
# guarded by the wrong permission fails; and every URL under /desk/ must be listed, so a new one can't be missed.
WEAKEST_ROLE = {
    "desk:stories": "viewer",
    "desk:story": "viewer",
    "desk:audit": "viewer",
    "desk:mail": "viewer",
    "desk:social": "viewer",
    "desk:attention": "viewer",
    "photo-original": "viewer",
    "desk:bulk": "moderator",
    "desk:claim": "moderator",
    "desk:approve": "moderator",
    "desk:reject": "moderator",
    "desk:needs-info": "moderator",
    "desk:caption": "moderator",
    "desk:caption-piece": "moderator",
    "desk:display-name": "moderator",
    "desk:lead-photo": "moderator",
    "desk:themes": "moderator",
    "desk:merge": "moderator",
    "desk:ask-permission": "moderator",
    "desk:reopen": "manager",
    "desk:assign": "manager",
    "desk:audit-csv": "manager",
    "desk:staff": "admin",
    "desk:attention-campaign-year": "admin",
    "desk:personal-data": "admin",
    "desk:personal-data-export": "admin",
    "desk:personal-data-erase": "admin",
    "desk:calendar": "manager",
    "desk:calendar-plan": "manager",
    "desk:calendar-open": "manager",
    "desk:calendar-slot": "manager",
    "desk:calendar-place": "manager",
    "desk:calendar-clear": "manager",
    "desk:calendar-lock": "manager",
    "desk:calendar-retry": "manager",
    "desk:calendar-removals": "manager",
    "desk:calendar-removed": "manager",
    "desk:publish-now": "manager",
    "desk:insights": "manager",
    "desk:insights-csv": "manager",
    "desk:insights-map": "manager",
}


def staff_routes() -> dict[str, object]:
    """URL name → view for every route under /desk/ in the whole URLconf."""
    found = {}

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else (
                    pattern.namespace or namespace)
                walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif (prefix + str(pattern.pattern)).lstrip("^").startswith("desk/"):
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                found[name] = pattern.callback

    walk(get_resolver().url_patterns, "", "")
    return found


def sample_url(name: str, story, photo) -> str:
    """The URL with sample arguments; a new argument name fails here until it has a sample."""
    route = next(p for n, p in _patterns() if n == name)
    samples = {"story_id": story.pk, "photo_id": photo.pk, "index": 0, "table": "funnel"}
    if {"slot_id", "publication_id"} & set(route.pattern.converters):
        samples.update(_publishing_samples(story))
    unknown = set(route.pattern.converters) - set(samples)
    assert not unknown, f"give the permission matrix a sample value for {unknown} of {name}"
    return reverse(name, kwargs={k: samples[k] for k in route.pattern.converters})


def _publishing_samples(story) -> dict[str, int]:
    """A calendar slot and an Instagram post waiting for removal, for the calendar's URLs."""
    slot, _ = Slot.objects.get_or_create(campaign=story.campaign, target="gallery",
                                         starts_at=dt.datetime(2100, 1, 1, 15, tzinfo=dt.UTC))
    publication, _ = Publication.objects.get_or_create(story=story, target="instagram",
                                                       defaults={"state": "removal_needed"})
    return {"slot_id": slot.pk, "publication_id": publication.pk}


def _patterns():
    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            else:
                yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), pattern
    return list(walk(get_resolver().url_patterns, ""))


def allowed(role: str, name: str) -> bool:
    return ROLES.index(role) <= ROLES.index(WEAKEST_ROLE[name])


def test_every_staff_url_is_in_the_matrix_and_guarded():
    routes = staff_routes()
    assert set(routes) == set(WEAKEST_ROLE), "a staff URL is missing from the matrix, or the matrix names a gone one"
    unguarded = [name for name, view in routes.items() if not getattr(view, "desk_permission", None)]
    assert unguarded == []


@pytest.fixture
def sample(in_review):
    story = in_review()
    return story, story.photos.get()


@pytest.mark.parametrize("name", sorted(WEAKEST_ROLE))
@pytest.mark.parametrize("role", ROLES)
def test_role_by_url(client, staff_user, sample, role, name):
    url = sample_url(name, *sample)
    client.force_login(staff_user(role))
    for method in (client.get, client.post):
        response = method(url)
        if allowed(role, name):
            assert response.status_code != 403, f"{role} refused {method.__name__.upper()} {name}"
            assert not (response.status_code == 302 and "/accounts/login/" in response["Location"])
        else:
            assert response.status_code == 403, f"{role} got {response.status_code} on {method.__name__.upper()} {name}"


@pytest.mark.parametrize("name", sorted(WEAKEST_ROLE))
def test_anonymous_visitors_go_to_log_in(client, sample, name):
    url = sample_url(name, *sample)
    for method in (client.get, client.post):
        response = method(url)
        assert response.status_code == 302
        assert response["Location"].startswith(f"{reverse('login')}?next=")


@pytest.mark.parametrize("name", sorted(WEAKEST_ROLE))
def test_a_user_without_a_role_is_refused_everywhere(client, sample, name):
    nobody = get_user_model().objects.create_user("nobody", password="correct-horse-9", is_staff=True)
    client.force_login(nobody)
    assert client.get(sample_url(name, *sample)).status_code == 403


def test_what_each_page_offers_follows_the_role(client, login, sample):
    story, _ = sample
    url = reverse("desk:story", args=[story.pk])
    login("viewer", "vera")
    page = client.get(url).content.decode()
    assert 'id="approve-form"' not in page and 'id="caption-form"' not in page and "Merge:" not in page
    assert "deciding needs the moderator role" in page
    login("moderator", "mo")
    page = client.get(url).content.decode()
    assert 'id="approve-form"' in page and 'id="caption-form"' in page
    assert reverse("desk:assign", args=[story.pk]) not in page
    login("manager", "mana")
    assert reverse("desk:assign", args=[story.pk]) in client.get(url).content.decode()


# roles are groups with permissions ----------------------------------------------------------------

def test_each_role_group_holds_its_permissions_and_no_more(db):
    for role in ROLES:
        group = Group.objects.get(name=role)
        assert set(group.permissions.values_list("codename", flat=True)) == set(permissions_of(role))
    assert set(permissions_of("viewer")) == {"view_desk"}
    assert "reverse_decision" in permissions_of("manager") and "reverse_decision" not in permissions_of("moderator")
    assert "manage_staff" in permissions_of("admin") and "manage_staff" not in permissions_of("manager")


def test_an_admin_gives_and_takes_roles_with_an_audit_trail(client, login, staff_user):
    admin = login("admin", "ada")
    lena = staff_user("viewer", username="lena")
    response = client.post(reverse("desk:staff"), {"user": lena.pk, "role": "moderator"})
    assert response.status_code == 303
    assert Actor.staff(get_user_model().objects.get(pk=lena.pk)).role == "moderator"
    event = AuditEvent.objects.get(verb="staff.role_changed")
    assert (event.data["before"], event.data["after"], event.actor_id) == ("viewer", "moderator", admin.pk)
    client.post(reverse("desk:staff"), {"user": lena.pk, "role": ""})
    lena = get_user_model().objects.get(pk=lena.pk)
    assert Actor.staff(lena).role is None and not lena.is_staff
    with pytest.raises(ValueError):
        set_role(admin, "viewer", actor=Actor.staff(admin))  # nobody demotes themselves out of the room


def test_a_staff_account_named_system_is_not_trusted(db):
    impostor = get_user_model().objects.create_user("system", password="correct-horse-9")
    assert not Actor.staff(impostor).may("view_desk") and Actor.staff(impostor).role is None
    assert Actor.system().may("manage_staff")


# logging in ------------------------------------------------------------------------------------

def _login(client, username, password, **extra):
    form = client.get(reverse("login"))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.content.decode()).group(1)
    return client.post(reverse("login"), {"username": username, "password": password,
                                          "csrfmiddlewaretoken": token, "next": "/desk/"}, **extra)


def test_guessing_passwords_is_rate_limited_per_address(db, staff_user, settings):
    settings.STORYDESK_LOGIN_RATE = "3/15m"
    cache.clear()
    staff_user("moderator", username="lena", password="correct-horse-9")
    client = Client(enforce_csrf_checks=True)
    for attempt in range(3):
        assert _login(client, "lena", f"guess-{attempt}").status_code == 200
    limited = _login(client, "lena", "correct-horse-9")
    assert limited.status_code == 429
    assert "Too many failed log-ins" in html.unescape(limited.content.decode())
    assert client.get(reverse("desk:stories")).status_code == 302  # the right password did not get in
    assert AuditEvent.objects.filter(verb="login.rate_limited").count() == 1
    # Another address guessing another name is not held back by this one.
    staff_user("moderator", username="omar", password="correct-horse-9")
    other = Client(enforce_csrf_checks=True, REMOTE_ADDR="198.51.100.7")
    assert _login(other, "omar", "correct-horse-9", REMOTE_ADDR="198.51.100.7").status_code == 302


def test_guessing_one_name_from_many_addresses_is_rate_limited(db, staff_user, settings):
    settings.STORYDESK_LOGIN_RATE = "3/15m"
    cache.clear()
    staff_user("admin", username="ada", password="correct-horse-9")
    for attempt in range(3):
        address = f"198.51.100.{attempt + 10}"
        client = Client(enforce_csrf_checks=True, REMOTE_ADDR=address)
        assert _login(client, "ada", "wrong-wrong", REMOTE_ADDR=address).status_code == 200
    fresh = Client(enforce_csrf_checks=True, REMOTE_ADDR="198.51.100.99")
    assert _login(fresh, "ADA", "correct-horse-9", REMOTE_ADDR="198.51.100.99").status_code == 429


def test_successful_log_ins_are_not_counted(db, staff_user, settings):
    settings.STORYDESK_LOGIN_RATE = "2/15m"
    cache.clear()
    staff_user("viewer", username="vera", password="correct-horse-9")
    for _ in range(4):
        client = Client(enforce_csrf_checks=True)
        assert _login(client, "vera", "correct-horse-9").status_code == 302


@pytest.mark.clock
def test_a_name_guessed_from_many_addresses_waits_but_is_never_locked_out(db, staff_user, settings, clock):
    settings.STORYDESK_LOGIN_RATE = "10/15m"
    settings.STORYDESK_LOGIN_BACKOFF_MAX_SECONDS = 300
    cache.clear()
    staff_user("admin", username="admin", password="correct-horse-9")
    for attempt in range(12):
        address = f"198.51.100.{attempt + 10}"
        _login(Client(enforce_csrf_checks=True, REMOTE_ADDR=address), "admin", "wrong-wrong", REMOTE_ADDR=address)
    fresh = Client(enforce_csrf_checks=True, REMOTE_ADDR="203.0.113.50")
    waiting = _login(fresh, "admin", "correct-horse-9", REMOTE_ADDR="203.0.113.50")
    assert waiting.status_code == 429 and 0 < int(waiting["Retry-After"]) <= 300
    page = html.unescape(waiting.content.decode())
    assert "Too many failed log-ins for this name" in page and "then try again" in page
    # Once the back-off has passed (at most the cap), the right password from a fresh address gets in.
    clock.shift(301)
    assert _login(fresh, "admin", "correct-horse-9", REMOTE_ADDR="203.0.113.50").status_code == 302


@pytest.mark.clock
def test_the_wait_for_a_name_doubles_up_to_the_cap(db, staff_user, settings, clock):
    settings.STORYDESK_LOGIN_RATE = "100/15m"
    settings.STORYDESK_LOGIN_BACKOFF_MAX_SECONDS = 120
    cache.clear()
    staff_user("viewer", username="vera", password="correct-horse-9")
    client = Client(enforce_csrf_checks=True)
    for attempt in range(2):  # two mistakes cost nothing
        assert _login(client, "vera", f"guess-{attempt}").status_code == 200
    waits = []
    for attempt in range(5):
        assert _login(client, "vera", f"more-{attempt}").status_code == 200  # checked (and wrong)
        held = _login(client, "vera", "correct-horse-9")  # not checked while the wait holds
        assert held.status_code == 429
        waits.append(int(held["Retry-After"]))
        clock.shift(waits[-1] + 1)
    assert waits == [15, 30, 60, 120, 120]
    assert _login(client, "vera", "correct-horse-9").status_code == 302


def test_an_address_that_guessed_too_often_is_told_what_to_do(db, staff_user, settings):
    settings.STORYDESK_LOGIN_RATE = "3/15m"
    cache.clear()
    client = Client(enforce_csrf_checks=True)
    for attempt in range(3):
        _login(client, f"name-{attempt}", "wrong-wrong")
    limited = _login(client, "someone-else", "wrong-wrong")
    assert limited.status_code == 429 and int(limited["Retry-After"]) <= 900
    page = html.unescape(limited.content.decode())
    assert "Too many failed log-ins from this address. Wait" in page and "Forgot your password?" in page
    assert 'href="/accounts/password-reset/"' in page


@pytest.mark.clock
def test_a_browser_that_logged_in_before_is_not_held_up_by_strangers_guessing_its_name(db, staff_user, settings):
    settings.STORYDESK_LOGIN_RATE = "10/15m"
    cache.clear()
    staff_user("admin", username="admin", password="correct-horse-9")
    own = Client(enforce_csrf_checks=True, REMOTE_ADDR="203.0.113.60")
    assert _login(own, "admin", "correct-horse-9", REMOTE_ADDR="203.0.113.60").status_code == 302
    own.cookies.pop(dj_settings.SESSION_COOKIE_NAME)  # logged out; it keeps the cookie saying it logged in before
    for attempt in range(12):
        address = f"198.51.100.{attempt + 10}"
        _login(Client(enforce_csrf_checks=True, REMOTE_ADDR=address), "admin", "wrong-wrong", REMOTE_ADDR=address)
    stranger = Client(enforce_csrf_checks=True, REMOTE_ADDR="203.0.113.61")
    assert _login(stranger, "admin", "correct-horse-9", REMOTE_ADDR="203.0.113.61").status_code == 429
    assert _login(own, "admin", "correct-horse-9", REMOTE_ADDR="203.0.113.60").status_code == 302
    # The cookie is for its own name only, and its own failures still back off.
    for attempt in range(3):
        _login(own, "admin", f"typo-{attempt}", REMOTE_ADDR="203.0.113.60")
    assert _login(own, "admin", "correct-horse-9", REMOTE_ADDR="203.0.113.60").status_code == 429
