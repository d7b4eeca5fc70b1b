"""The public form takes stories on any day: the campaign's dates bound the calendar, not the participants.
The clock is pinned (tests/clock.py), after the bundled campaign's year, and moved before it."""
import datetime as dt

import pytest

from storydesk.models import Story
from tests.channels.web.test_form import form_data, post
from tests.support.samples import photos

pytestmark = pytest.mark.clock


@pytest.mark.parametrize("when", [None, dt.datetime(2019, 11, 5, 15, tzinfo=dt.UTC)], ids=["after", "before"])
def test_the_form_accepts_a_story_outside_the_campaigns_dates(client, campaign, clock, when):
    if when:
        clock.move_to(when)
    spec = campaign.spec
    today = dt.datetime.now(dt.UTC).date()
    assert not spec.start <= today <= spec.end
    response = post(client, form_data(photos.jpeg_bytes(photos.person_with_sign("camera"))))
    assert response.status_code == 302, response.content.decode()[:500]
    assert Story.objects.filter(campaign=campaign).count() == 1
