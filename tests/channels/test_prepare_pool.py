"""Prepare in parallel, commit in order (channels/prepare_pool.py), and the progress bar of long commands."""
from __future__ import annotations

import io
import os
import threading

from storydesk.channels import prepare_pool
from storydesk.channels.prepare_pool import MIN_ITEMS, Crashed, prepared_in_order
from storydesk.channels.progress import Progress


def square(n: int) -> int:
    if n == 5:
        raise ValueError("five is refused")
    return n * n


def dies_on_seven(n: int) -> int:
    if n == 7:
        os._exit(9)  # what a decoder's segfault or the OOM killer does to the process
    return n * n


def test_a_pool_yields_every_item_in_order_with_its_result_or_its_error():
    for options in ({"processes": 1}, {"processes": 2}, {"processes": 2, "threads": True}):
        got = list(prepared_in_order(range(30), square, **options))
        assert [item for item, _ in got] == list(range(30))
        assert [result for item, result in got if item != 5] == [n * n for n in range(30) if n != 5]
        assert isinstance(got[5][1], ValueError) and str(got[5][1]) == "five is refused"


def test_skipped_items_are_not_prepared_and_keep_their_place():
    got = list(prepared_in_order(range(20), square, processes=2, skip=lambda n: n % 2 == 1))
    assert got == [(n, None if n % 2 else n * n) for n in range(20)]


def test_an_item_that_kills_its_process_is_named_and_the_rest_go_on(monkeypatch):
    # Whatever threads earlier tests left behind: this item must die in a pool process, never in pytest's.
    monkeypatch.setattr(prepare_pool, "_may_fork", lambda: True)
    got = list(prepared_in_order(range(16), dies_on_seven, processes=2))
    assert [item for item, _ in got] == list(range(16))
    assert isinstance(got[7][1], Crashed)
    assert [result for item, result in got if item != 7] == [n * n for n in range(16) if n != 7]


def test_a_process_with_other_threads_prepares_in_threads_and_never_forks():
    stop = threading.Event()
    other = threading.Thread(target=stop.wait, daemon=True)  # a thread-type worker's sibling, say
    other.start()
    try:
        got = list(prepared_in_order(range(20), lambda _: os.getpid(), processes=2, total=20))
    finally:
        stop.set()
        other.join()
    assert {result for _, result in got} == {os.getpid()}  # a lambda could not even be sent to a pool


def test_a_short_batch_is_prepared_in_this_process():
    pid = os.getpid()
    got = list(prepared_in_order(range(MIN_ITEMS - 1), lambda _: os.getpid(), processes=2, total=MIN_ITEMS - 1))
    assert {result for _, result in got} == {pid}  # a lambda could not even be sent to a pool


def test_the_progress_bar_shows_the_rate_and_the_time_left():
    out = io.StringIO()
    with Progress(desc="importing", unit="row", total=4, file=out, disable=False) as progress:
        for _ in range(4):
            progress.advance()
    assert "importing: 100%" in out.getvalue() and "4/4" in out.getvalue() and "row/s" in out.getvalue()

    out = io.StringIO()
    with Progress(desc="reading mail", unit="msg", total_bytes=3000, file=out, disable=False) as progress:
        progress.advance(nbytes=1000)
        progress.bar.refresh()
        assert "<" in out.getvalue()  # elapsed<left
        progress.advance(nbytes=1900)  # separators aren't counted: close() fills the bar
    text = out.getvalue()
    assert "reading mail: 100%" in text and "2 msg" in text and "msg/s" in text


def _pids_in_a_daemon(queue) -> None:
    got = list(prepared_in_order(range(20), _pid_of, processes=2, total=20))
    queue.put(({result for _, result in got}, os.getpid()))


def _pid_of(_item) -> int:
    return os.getpid()


def test_a_daemonic_process_a_queue_worker_prepares_in_threads():
    """Huey's process workers are daemonic, and Python refuses a daemonic process children."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    worker = context.Process(target=_pids_in_a_daemon, args=(queue,), daemon=True)
    worker.start()
    pids, own = queue.get(timeout=60)
    worker.join(timeout=60)
    assert pids == {own}
