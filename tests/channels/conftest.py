"""Fixtures shared by the intake channels' tests."""
from __future__ import annotations

import pytest

from storydesk.channels import prepare_pool


@pytest.fixture
def process_pool(monkeypatch):
    """Intake prepared in a real pool of processes, and proof that it was. The test's own threads (the SMTP
    sink, a live server) would otherwise send it to threads (prepare_pool._may_fork): safe here, as the pool's
    processes touch neither."""
    used = []
    real = prepare_pool._in_processes

    def in_processes(*args, **kwargs):
        used.append(True)
        yield from real(*args, **kwargs)

    monkeypatch.setattr(prepare_pool, "_may_fork", lambda: True)
    monkeypatch.setattr(prepare_pool, "_in_processes", in_processes)
    yield
    assert used, "nothing was prepared in a pool of processes"
