"""Files a benchmark run leaves behind."""
from __future__ import annotations

import os
import shutil


def forget_photos() -> None:
    """The stored photos of a benchmark run are gigabytes nobody needs afterwards (only in a bench's own home)."""
    from django.conf import settings

    if os.environ.get("STORYDESK_BENCH_HOME"):
        shutil.rmtree(settings.HOME / "media", ignore_errors=True)
