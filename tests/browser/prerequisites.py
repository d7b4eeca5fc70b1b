"""What the browser tests need from outside Python, and what happens when it is not there: a skip with a line
that says what to install, or a failure when STORYDESK_REQUIRE_SERVICES=1 (as in CI)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")  # Debian's package; Playwright never downloads a browser of its own here
# --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start. --disable-background-networking:
# this machine's network is closed, and Chromium's own calls home would only fail and slow it down.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"  # npm ci, from package-lock.json


def require(path: Path, what: str) -> None:
    if path.exists():
        return
    message = f"{what} is missing ({path}): `make test-deps` installs it"
    if os.environ.get("STORYDESK_REQUIRE_SERVICES") == "1":
        pytest.fail(f"{message} (STORYDESK_REQUIRE_SERVICES=1)", pytrace=False)
    pytest.skip(message)
