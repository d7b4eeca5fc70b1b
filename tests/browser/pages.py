"""Moving through the app as a person does."""
from __future__ import annotations

from django.contrib.auth import get_user_model

from tests.second_factor import app_of, code_for

PASSWORD = "correct-horse-9"  # what tests/conftest.py's staff_user gives everyone


def log_in(page, username: str, password: str = PASSWORD, *, next_url: str = "/desk/") -> None:
    """Through the real log-in form, and its code step when the person has an authenticator app (admins do:
    the code is the one their app would show now)."""
    page.goto(f"/accounts/login/?next={next_url}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    app = app_of(get_user_model().objects.get(username=username))
    if app is not None:
        page.wait_for_url("**/accounts/two-factor/code/**")
        enter_code(page, code_for(app))
    page.wait_for_url(f"**{next_url}")


def enter_code(page, code: str) -> None:
    page.get_by_role("textbox", name="Code", exact=True).fill(code)
    page.get_by_role("button", name="Continue").click()
