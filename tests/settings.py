"""The test run's settings: storydesk's own, on a throwaway data folder unless STORYDESK_HOME names one."""
import os
import tempfile

# Set when this run made its data folder; the test session deletes it at the end (tests/conftest.py).
STORYDESK_TEMPORARY_HOME = None
if "STORYDESK_HOME" not in os.environ:
    # A test run never writes into a real desk's data folder.
    os.environ["STORYDESK_HOME"] = STORYDESK_TEMPORARY_HOME = tempfile.mkdtemp(prefix="storydesk-test-")
if (worker := os.environ.get("PYTEST_XDIST_WORKER")) and os.path.basename(os.environ["STORYDESK_HOME"]) != worker:
    # Each test process its own folder below the run's (which it inherits): its own SQLite queue above all, or
    # one process's consumer takes another's tasks, for stories in a database it can't see.
    os.environ["STORYDESK_HOME"] = os.path.join(os.environ["STORYDESK_HOME"], worker)

from storydesk.settings import *  # noqa: E402,F403

# On a loaded test machine a 50 ms budget turns exact counts into estimates at random; the budget's own tests
# (tests/desk/test_kept_counts.py) cut it short on purpose.
STORYDESK_DESK_COUNT_BUDGET_MS = 10_000

# A process a test starts (a worker, a benchmark's server) is an ordinary storydesk process on this run's data
# folder, which it inherits through STORYDESK_HOME: it needs no test settings of its own.
os.environ["DJANGO_SETTINGS_MODULE"] = "storydesk.settings"
