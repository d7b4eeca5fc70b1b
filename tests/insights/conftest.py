"""What every insights test shares."""
import pytest

from storydesk.models import InsightsDirtyDay


@pytest.fixture(autouse=True)
def empty_log_of_changed_days(request):
    """These tests compare the log of changed days with their own stories exactly. Once in a full parallel
    `make test`, a row for the pinned day was already there when one began, left by an earlier test in the same
    process (not found which); each starts from an empty log instead of failing on another test's leftover."""
    if request.node.get_closest_marker("django_db") or {"db", "transactional_db"} & set(request.fixturenames):
        request.getfixturevalue("_django_db_helper")
        InsightsDirtyDay.objects.all().delete()
