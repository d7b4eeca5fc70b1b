"""Moving through the app as a person does."""
from __future__ import annotations

PASSWORD = "correct-horse-9"  # what tests/conftest.py's staff_user gives everyone


def log_in(page, username: str, password: str = PASSWORD, *, next_url: str = "/desk/") -> None:
    """Through the real log-in form."""
    page.goto(f"/accounts/login/?next={next_url}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"**{next_url}")
