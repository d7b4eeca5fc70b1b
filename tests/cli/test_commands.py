"""The `storydesk` command in-process: init, createstaff, doctor and screen, as an operator runs them."""
import datetime as dt
import io
import re
import signal
import sys

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.models import Group

from storydesk.actions.base import ROLES, Actor
from storydesk.actions.lifecycle import withdraw_story
from storydesk.actions.screening import screen_story
from storydesk.cli import main
from storydesk.models import AuditEvent, Campaign, Status, Story, Verdict
from storydesk.screening.pipeline import PIPELINE
from tests.stories import make_story

PASSWORD_LINE = re.compile(r"^\s*password: (\S+)\s*$", re.MULTILINE)


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# init ------------------------------------------------------------------------------------------

def test_init_sets_up_the_desk_and_shows_the_first_admin_password_once(transactional_db, capsys, monkeypatch):
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)  # (capsys's stdout, in place while the test runs)
    code, first, _ = run(capsys, "init")
    assert code == 0
    assert "Campaign: Year of Male Allyship (year-of-male-allyship)" in first
    passwords = PASSWORD_LINE.findall(first)
    assert len(passwords) == 1
    password = passwords[0]
    assert "username: admin" in first

    admin = authenticate(username="admin", password=password)
    assert admin is not None and admin.is_superuser and admin.is_staff
    assert list(admin.groups.values_list("name", flat=True)) == ["admin"]
    assert authenticate(username="admin", password=password + "x") is None

    assert sorted(Group.objects.values_list("name", flat=True)) == sorted(ROLES)
    campaign = Campaign.objects.get()
    spec = campaign.spec
    assert campaign.name == spec.name == "Year of Male Allyship"
    assert spec.sign_tag == "#HeForShe"
    assert len(spec.themes) == 7
    assert len({theme.name for theme in spec.themes}) == 7
    assert all(theme.description.strip() for theme in spec.themes)

    code, second, _ = run(capsys, "init")
    assert code == 0
    assert PASSWORD_LINE.findall(second) == []
    assert "password" not in second.lower()
    assert "Campaign: Year of Male Allyship" in second
    # Idempotent: nothing doubled, and the first password still works.
    assert Campaign.objects.count() == 1
    assert Group.objects.count() == len(ROLES)
    assert get_user_model().objects.count() == 1
    assert authenticate(username="admin", password=password) is not None


def test_init_never_prints_the_password_when_the_output_is_not_a_terminal(transactional_db, capsys,
                                                                        monkeypatch):
    # What `storydesk run` under a service manager, or piped to a file, prints ends up in a log.
    code, out, _ = run(capsys, "init")
    assert code == 0 and PASSWORD_LINE.findall(out) == []
    assert "No admin can log in yet" in out and "storydesk createstaff --role admin --username admin" in out
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and not admin.has_usable_password()
    # The operator sets it on standard input, never on the command line.
    monkeypatch.setattr(sys, "stdin", io.StringIO("a-new-admin-Passw0rd\n"))
    code, out, _ = run(capsys, "createstaff", "--role", "admin", "--username", "admin", "--password-stdin")
    assert code == 0 and "a-new-admin-Passw0rd" not in out
    assert authenticate(username="admin", password="a-new-admin-Passw0rd") is not None
    code, again, _ = run(capsys, "init")
    assert "No admin can log in yet" not in again


def test_createstaff_asks_for_the_password_twice_on_a_terminal(db, capsys, monkeypatch):
    answers = iter(["olive-branch-42", "olive-branch-42", "olive-branch-42", "typo-branch-42"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    assert run(capsys, "createstaff", "--role", "viewer", "--username", "vera")[0] == 0
    assert authenticate(username="vera", password="olive-branch-42") is not None
    code, out, _ = run(capsys, "createstaff", "--role", "viewer", "--username", "vera")
    assert code == 2 and "didn't match" in out


def test_createstaff_without_a_password_or_a_terminal_says_how(db, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    code, out, _ = run(capsys, "createstaff", "--role", "viewer", "--username", "vera")
    assert code == 2 and "--password-stdin" in out
    assert not get_user_model().objects.filter(username="vera").exists()


def test_init_does_not_make_a_second_admin_when_one_exists(transactional_db, capsys, staff_user):
    staff_user("admin", username="chief")
    code, out, _ = run(capsys, "init")
    assert code == 0
    assert PASSWORD_LINE.findall(out) == []
    assert list(get_user_model().objects.values_list("username", flat=True)) == ["chief"]


def test_init_quiet_prints_nothing_but_still_sets_up(transactional_db, capsys):
    code, out, _ = run(capsys, "init", "--quiet")
    assert code == 0
    assert out == ""
    assert Campaign.objects.filter(name="Year of Male Allyship").exists()
    assert get_user_model().objects.filter(username="admin", is_superuser=True).exists()


# createstaff -----------------------------------------------------------------------------------

def test_createstaff_makes_a_moderator_who_can_log_in_to_the_desk(db, capsys, client):
    code, out, _ = run(capsys, "createstaff", "--role", "moderator", "--username", "lena",
                       "--password", "olive-branch-42")
    assert code == 0
    assert "Created moderator account 'lena'." in out
    user = get_user_model().objects.get(username="lena")
    assert not user.is_staff and not user.is_superuser  # the desk, not the Django admin
    assert list(user.groups.values_list("name", flat=True)) == ["moderator"]
    assert AuditEvent.objects.filter(verb="staff.created", data__username="lena", data__role="moderator").exists()

    assert client.login(username="lena", password="olive-branch-42")
    desk = client.get("/desk/")
    assert desk.status_code == 200
    assert "<h1>Stories" in desk.content.decode()
    assert "Log out lena" in desk.content.decode()


def test_createstaff_again_changes_the_role_and_password(db, capsys):
    assert main(["createstaff", "--role", "admin", "--username", "lena", "--password", "olive-branch-42"]) == 0
    assert get_user_model().objects.get(username="lena").is_superuser
    capsys.readouterr()

    code, out, _ = run(capsys, "createstaff", "--role", "viewer", "--username", "lena",
                       "--password", "quiet-harbour-77")
    assert code == 0
    assert "Updated viewer account 'lena'." in out
    user = get_user_model().objects.get(username="lena")
    assert list(user.groups.values_list("name", flat=True)) == ["viewer"]
    assert not user.is_superuser  # the admin role is taken away, not just a group added
    assert get_user_model().objects.filter(username="lena").count() == 1
    assert authenticate(username="lena", password="quiet-harbour-77") is not None
    assert authenticate(username="lena", password="olive-branch-42") is None
    assert Actor.staff(user).role == "viewer"


def test_createstaff_refuses_an_unknown_role(db, capsys):
    with pytest.raises(SystemExit) as exited:
        main(["createstaff", "--role", "editor", "--username", "lena", "--password", "olive-branch-42"])
    assert exited.value.code == 2
    assert "invalid choice: 'editor'" in capsys.readouterr().err
    assert not get_user_model().objects.filter(username="lena").exists()


def test_createstaff_refuses_a_short_password_with_a_message(db, capsys):
    code, out, _ = run(capsys, "createstaff", "--role", "moderator", "--username", "lena", "--password", "ab1")
    assert code == 2
    assert "Could not create lena:" in out
    assert "too short" in out
    assert not get_user_model().objects.filter(username="lena").exists()  # nothing half-made


def test_createstaff_keeps_the_old_password_when_the_new_one_is_refused(db, capsys):
    main(["createstaff", "--role", "moderator", "--username", "lena", "--password", "olive-branch-42"])
    code, _, _ = run(capsys, "createstaff", "--role", "admin", "--username", "lena", "--password", "short")
    assert code == 2
    user = get_user_model().objects.get(username="lena")
    assert not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == ["moderator"]
    assert authenticate(username="lena", password="olive-branch-42") is not None


def test_createstaff_reset_password_sets_a_new_one_and_keeps_the_role(db, capsys, monkeypatch, staff_user):
    staff_user("manager", username="lena", password="olive-branch-42")
    monkeypatch.setattr(sys, "stdin", io.StringIO("blue-harbour-77\n"))
    code, out, _ = run(capsys, "createstaff", "--reset-password", "--username", "lena", "--password-stdin")
    assert code == 0 and "New password set for 'lena'" in out
    assert authenticate(username="lena", password="olive-branch-42") is None
    user = authenticate(username="lena", password="blue-harbour-77")
    assert user is not None and Actor.staff(user).role == "manager"
    assert AuditEvent.objects.filter(verb="staff.password_reset", data__username="lena",
                                     data__two_factor_removed=False, actor_label="cli").exists()


def test_createstaff_reset_two_factor_lets_an_admin_who_lost_their_phone_back_in(db, capsys, client, staff_user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    admin = staff_user("admin", username="ada")
    assert TOTPDevice.objects.filter(user=admin).exists()
    code, out, _ = run(capsys, "createstaff", "--reset-password", "--reset-two-factor", "--username", "ada",
                       "--password", "blue-harbour-77")
    assert code == 0 and "two-factor app and backup codes are removed: they set up a new app" in out
    assert not TOTPDevice.objects.filter(user=admin).exists()
    assert AuditEvent.objects.filter(verb="two_factor.removed", data__username="ada", actor_label="cli").exists()
    assert AuditEvent.objects.filter(verb="staff.password_reset", data__two_factor_removed=True).exists()
    # Back in with the new password, and straight to setting up a new app.
    assert client.post("/accounts/login/", {"username": "ada", "password": "blue-harbour-77"}).status_code == 302
    assert client.get("/desk/")["Location"].startswith("/accounts/two-factor/?")


@pytest.mark.parametrize("argv, says", [
    (["--reset-password", "--username", "nobody", "--password", "blue-harbour-77"], "there is no such account"),
    (["--reset-password", "--role", "admin", "--username", "lena", "--password", "blue-harbour-77"],
     "either --role"),
    (["--reset-two-factor", "--role", "admin", "--username", "lena", "--password", "blue-harbour-77"],
     "either --role"),
    (["--reset-password", "--username", "lena", "--password", "ab1"], "too short"),
])
def test_createstaff_reset_password_refuses_with_a_reason(db, capsys, staff_user, argv, says):
    staff_user("viewer", username="lena", password="olive-branch-42")
    code, out, _ = run(capsys, "createstaff", *argv)
    assert code == 2 and says in out
    assert authenticate(username="lena", password="olive-branch-42") is not None


# doctor ----------------------------------------------------------------------------------------

def test_doctor_reports_database_queue_storage_and_campaign(db, capsys):
    code, out, _ = run(capsys, "doctor")
    assert code == 0
    lines = out.splitlines()
    for part in ("database", "queue", "storage", "campaign"):
        line = next((ln for ln in lines if ln.startswith(part)), None)
        assert line is not None, f"no {part} line in:\n{out}"
        assert " ok: " in line, line
    assert "Year of Male Allyship" in next(ln for ln in lines if ln.startswith("campaign"))
    assert "PROBLEM" not in out


def test_doctor_names_a_broken_part_and_exits_1(db, capsys, settings, tmp_path):
    not_a_folder = tmp_path / "a-file"
    not_a_folder.write_text("in the way")
    settings.STORAGES = {**settings.STORAGES,
                         "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                                     "OPTIONS": {"location": str(not_a_folder / "public")}}}
    code, out, _ = run(capsys, "doctor")
    assert code == 1
    storage = next(ln for ln in out.splitlines() if ln.startswith("storage"))
    assert "PROBLEM" in storage
    for part in ("database", "queue", "campaign"):  # one problem does not hide the others
        assert " ok: " in next(ln for ln in out.splitlines() if ln.startswith(part))


# screen ----------------------------------------------------------------------------------------

@pytest.mark.slow
def test_screen_all_screens_the_waiting_stories(campaign, capsys):
    waiting = [make_story(campaign, n=i) for i in range(3)]
    assert {s.status for s in waiting} == {Status.RECEIVED}
    done = make_story(campaign, n=9)
    screen_story(done.pk)
    gone = make_story(campaign, n=10)
    withdraw_story(gone, actor=Actor.contributor(), via="status link")

    code, out, _ = run(capsys, "screen", "--all")
    assert code == 0
    assert "Screened 3 stories: 3 in review" in out
    for story in waiting:
        story.refresh_from_db()
        assert story.status == Status.IN_REVIEW
        assert story.verdicts.get(step="image_integrity").outcome == "pass"
        assert story.verdicts.count() == len(PIPELINE)
        assert AuditEvent.objects.filter(story=story, verb="screening.finished", actor_label="cli").exists()
    assert Story.objects.get(pk=gone.pk).status == Status.WITHDRAWN
    assert not Verdict.objects.filter(story=gone).exists()
    assert not AuditEvent.objects.filter(story=done, verb="screening.finished", actor_label="cli").exists()

    code, out, _ = run(capsys, "screen", "--all")
    assert code == 0
    assert "Screened 0 stories" in out


@pytest.mark.slow
def test_screen_all_picks_up_errored_stories(campaign, capsys):
    story = make_story(campaign)
    Story.objects.filter(pk=story.pk).update(status=Status.ERRORED, error="model file missing")
    code, out, _ = run(capsys, "screen", "--all")
    assert code == 0
    assert "Screened 1 story: 1 in review" in out
    story.refresh_from_db()
    assert story.status == Status.IN_REVIEW and story.error == ""


def test_screen_one_story_in_review_is_skipped(campaign, capsys):
    story = make_story(campaign)
    screen_story(story.pk)
    before = list(Verdict.objects.filter(story=story).values_list("pk", flat=True))

    code, out, _ = run(capsys, "screen", "--story", str(story.pk))
    assert code == 0
    assert "Screened 1 story: 1 skipped (not waiting for screening)" in out
    story.refresh_from_db()
    assert story.status == Status.IN_REVIEW
    assert list(Verdict.objects.filter(story=story).values_list("pk", flat=True)) == before


def test_screen_story_screens_only_the_named_ones(campaign, capsys):
    chosen, other = make_story(campaign, n=1), make_story(campaign, n=2)
    code, out, _ = run(capsys, "screen", "--story", str(chosen.pk))
    assert code == 0
    assert "Screened 1 story: 1 in review" in out
    assert Story.objects.get(pk=chosen.pk).status == Status.IN_REVIEW
    assert Story.objects.get(pk=other.pk).status == Status.RECEIVED


def test_screen_needs_to_be_told_which_stories(db, capsys):
    with pytest.raises(SystemExit) as exited:
        main(["screen"])
    assert exited.value.code == 2
    assert "one of the arguments --story --status --all is required" in capsys.readouterr().err


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_screen_with_two_worker_processes(campaign, capsys):
    stories = [make_story(campaign, n=n, base=base) for n, base in enumerate(("camera", "coffee"))]
    assert main(["screen", "--all", "--workers", "2"]) == 0
    assert "Screened 2 stories" in capsys.readouterr().out
    for story in stories:
        story.refresh_from_db()
        assert story.status == Status.IN_REVIEW
        assert story.verdicts.count() == len(PIPELINE)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_screen_with_workers_finishes_when_the_host_catches_sigterm(campaign, capsys):
    # Forked workers inherit the host's SIGTERM handler; the pool must still end. It hung once in a full run
    # (a worker left blocked on the task queue ignored the pool's SIGTERM): timing-dependent, so idle workers
    # are many here to give it every chance.
    import faulthandler

    make_story(campaign, n=1, base="camera")
    previous = signal.signal(signal.SIGTERM, lambda *_: None)
    # A hang fails the run instead of stalling it.
    faulthandler.dump_traceback_later(180, exit=True, file=sys.__stderr__)
    try:
        assert main(["screen", "--all", "--workers", "4"]) == 0
    finally:
        faulthandler.cancel_dump_traceback_later()
        signal.signal(signal.SIGTERM, previous)
    assert "Screened 1 story: 1 in review" in capsys.readouterr().out


@pytest.mark.clock
def test_doctor_reports_stories_stuck_in_screening(campaign, capsys, clock):
    stuck = make_story(campaign, n=1)  # queued for screening; no worker runs in this test
    code, out, _ = run(capsys, "doctor")
    assert code == 0 and "no story has waited for screening more than 1 h" in out

    clock.shift(dt.timedelta(minutes=61))
    make_story(campaign, n=2)  # just queued: waiting its turn, not stuck
    code, out, _ = run(capsys, "doctor")
    assert code == 1
    line = next(ln for ln in out.splitlines() if ln.startswith("screening"))
    assert "PROBLEM: 1 story waiting for screening more than 1 h" in line and f"ids {stuck.pk})" in line
