"""A process's own memory, for benchmarks that run their work in a fresh process."""
from __future__ import annotations

import multiprocessing
import resource


def rss_mb() -> float:
    return _status_mb("VmRSS:")


def peak_rss_mb() -> float:
    # VmHWM, not ru_maxrss: after fork+exec ru_maxrss still counts the parent's memory at the fork.
    return _status_mb("VmHWM:") or round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _status_mb(field: str) -> float:
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(field):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:  # not Linux
        pass
    return 0.0


def run_alone(target, *args) -> dict:
    """target(queue, *args) in an interpreter of its own (spawn), so its peak memory is its work's alone; it
    puts one dict on the queue, with "error" when it failed."""
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    child = ctx.Process(target=target, args=(queue, *args))
    child.start()
    result = queue.get()
    child.join()
    if "error" in result:
        raise RuntimeError(f"the ingesting process failed: {result['error']}")
    return result
