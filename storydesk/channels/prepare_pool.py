"""Prepare in parallel, commit in order: the CPU-bound, database-free part of intake (MIME parsing, decoding
and checking photos, validating an import row) runs in a pool of processes, while the caller's one process
writes the results to the database in the order the items came, so exactly-once stays as simple as it was.

Only a few items are ever in flight (a window of twice the pool), so memory stays flat whatever the size of
the mailbox or file. The pool is forked from the caller (Django already set up, the same settings), and used
only when it pays: a short batch — tests, a periodic poll with three new messages — is prepared in-process.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import translation

log = logging.getLogger(__name__)

MAX_DEFAULT_PROCESSES = 8
MIN_ITEMS = 8  # fewer items than this (when known) are prepared in-process: starting processes costs more


@dataclass(frozen=True)
class Crashed:
    """What `prepared_in_order` yields for an item whose preparation killed its process (a decoder's
    segfault, the kernel's OOM killer): the item is at fault, never the items around it."""

    detail: str


def intake_processes() -> int:
    """STORYDESK_INTAKE_PROCESSES, or one per CPU core when it is 0."""
    configured = getattr(settings, "STORYDESK_INTAKE_PROCESSES", 0)
    # The cores this process may run on, not the machine's; and a bound, since twice as many items as
    # processes are in flight at once, each up to a whole message or photo.
    return configured or min(len(os.sched_getaffinity(0)), MAX_DEFAULT_PROCESSES) or 1


def prepared_in_order(items: Iterable, prepare: Callable[[Any], Any], *, processes: int | None = None,
                      total: int | None = None, threads: bool = False,
                      skip: Callable[[Any], bool] | None = None,
                      warm: Callable[[], None] | None = None) -> Iterator[tuple[Any, Any]]:
    """(item, prepare(item)) for each item, in the items' order. An exception prepare raises is yielded in
    place of its result (the caller decides what it means for that item); prepare must be a module-level
    function of picklable arguments and results, and must not touch the database.

    `threads`: a pool of threads instead, for preparation that mostly waits (downloads) or releases the GIL.
    `skip(item)`, asked in this process as each item is taken: True when the item needs no preparing (read
    before, say); it is yielded with None, in its place.
    `warm()`, called here before a process pool forks: load what every preparation needs (a model), so the
    pool's processes share this process's copy instead of each loading its own, again for every pool.
    """
    workers = intake_processes() if processes is None else max(1, processes)
    if workers <= 1 or (total is not None and total < MIN_ITEMS):
        for item in items:
            yield item, None if skip is not None and skip(item) else _call(prepare, item)
        return
    if threads or not _may_fork():
        language = translation.get_language() or settings.LANGUAGE_CODE
        with ThreadPoolExecutor(workers, thread_name_prefix="intake") as pool:
            yield from _windowed(items, lambda item: pool.submit(_in_language, language, prepare, item), workers,
                                 skip)
        return
    if warm is not None:
        warm()
    yield from _in_processes(items, prepare, workers, skip)


def _may_fork() -> bool:
    """Whether this process may start a pool of processes. Not a daemonic one (Huey's process workers are):
    Python refuses it children. Not one with other threads: a child gets only the forking thread, so any lock
    another thread holds at that moment (logging's, a connection pool's) stays locked in the child for ever.
    Both prepare in threads instead; tqdm's monitor thread only sleeps, so it doesn't count."""
    if multiprocessing.current_process().daemon:
        return False
    others = [thread for thread in threading.enumerate()
              if thread is not threading.current_thread() and type(thread).__name__ != "TMonitor"]
    return not others


class PreparationFailed(Exception):
    """An exception raised in a pool process that could not cross back to this one as itself (its class
    takes other arguments than its message): its type and message, for the item's record."""


def _call(prepare: Callable, item):
    try:
        return prepare(item)
    except Exception as error:  # handed back to the caller, in order, as this item's outcome
        return error


def _crossing(result):
    """The result as it can be sent from a pool process: an exception that doesn't survive pickling (a
    custom __init__) would break the whole pool on arrival and be blamed on every item in flight."""
    if not isinstance(result, BaseException):
        return result
    try:
        pickle.loads(pickle.dumps(result))
    except Exception:
        return PreparationFailed(f"{type(result).__name__}: {result}")
    return result


def _in_language(language: str, prepare: Callable, item):
    # What preparation says to people (a photo's refusal) is in the language the caller was speaking.
    with translation.override(language):
        return _call(prepare, item)


def _in_pool_process(language: str, prepare: Callable, item):
    return _crossing(_in_language(language, prepare, item))


def _windowed(items: Iterable, submit: Callable[[Any], Future], workers: int,
              skip: Callable[[Any], bool] | None) -> Iterator[tuple[Any, Any]]:
    window: deque[tuple[Any, Future | None]] = deque()
    try:
        for item in items:
            window.append((item, None if skip is not None and skip(item) else submit(item)))
            while len(window) >= 2 * workers:
                item, future = window.popleft()
                yield item, None if future is None else future.result()
        while window:
            item, future = window.popleft()
            yield item, None if future is None else future.result()
    finally:
        for _item, future in window:
            if future is not None:
                future.cancel()


def _in_processes(items: Iterable, prepare: Callable, workers: int,
                  skip: Callable[[Any], bool] | None) -> Iterator[tuple[Any, Any]]:
    language = translation.get_language() or settings.LANGUAGE_CODE
    context = multiprocessing.get_context("fork")  # the workers inherit Django's setup; they never use the database
    pool = ProcessPoolExecutor(workers, mp_context=context)
    window: deque[tuple[Any, Future | None]] = deque()
    try:
        for item in items:
            skipped = skip is not None and skip(item)
            window.append((item, None if skipped else _submit(pool, language, prepare, item)))
            while len(window) >= 2 * workers:
                outcome, pool = _next(window, pool, workers, context, language, prepare)
                yield outcome
        while window:
            outcome, pool = _next(window, pool, workers, context, language, prepare)
            yield outcome
    finally:
        for _item, future in window:
            if future is not None:
                future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)


def _submit(pool: ProcessPoolExecutor, language: str, prepare: Callable, item) -> Future:
    try:
        return pool.submit(_in_pool_process, language, prepare, item)
    except BrokenProcessPool as broken:  # an item in flight killed a process: _next finds which
        future: Future = Future()
        future.set_exception(broken)
        return future


def _next(window: deque, pool: ProcessPoolExecutor, workers: int, context, language: str, prepare: Callable):
    item, future = window[0]
    if future is None:
        window.popleft()
        return (item, None), pool
    try:
        result = future.result()
    except BrokenProcessPool:
        pool.shutdown(wait=True, cancel_futures=True)  # its threads gone before the next fork (see _may_fork)
        pool = ProcessPoolExecutor(workers, mp_context=context)
        # Every item in flight failed with the pool: find the one that kills a process by itself, alone.
        pending = list(window)
        window.clear()
        result = _alone(item, language, prepare, context)
        for queued, was in pending[1:]:
            window.append((queued, None if was is None else _submit(pool, language, prepare, queued)))
        return (item, result), pool
    window.popleft()
    return (item, result), pool


def _alone(item, language: str, prepare: Callable, context):
    with ProcessPoolExecutor(1, mp_context=context) as single:
        try:
            return single.submit(_in_pool_process, language, prepare, item).result()
        except BrokenProcessPool:
            log.warning("preparing an intake item killed its process; it is recorded as failed")
            return Crashed("checking it stopped the process that read it (a damaged or hostile file)")
