"""A slot goes out at most once: run twice, run at once, a worker that dies, an answer that never comes."""
from __future__ import annotations

import threading

import pytest
from django.db import connection

from storydesk.actions.base import Actor
from storydesk.actions.lifecycle import withdraw_story
from storydesk.actions.publishing import publish_due, publish_slot
from storydesk.models import AuditEvent, Publication, Slot
from storydesk.platforms.instagram import client as g
from tests.fakes.instagram_graph import Failure
from tests.publishing.factories import approved_story
from tests.publishing.helpers import due_slot, later


class WorkerDied(BaseException):
    """Stands for the process being killed: nothing in storydesk catches it."""


@pytest.mark.django_db
def test_running_twice_publishes_once(campaign, graph):
    slot = due_slot(approved_story(campaign))
    assert publish_slot(slot.pk) == "published"
    assert publish_slot(slot.pk) == "not due"
    assert publish_due(later(5)) == {}
    assert len(graph.containers) == 1 and len(graph.media) == 1


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_publish_once(campaign, graph):
    graph.container_statuses = ["IN_PROGRESS"] * 5 + ["FINISHED"]  # the first worker is busy a while
    slot = due_slot(approved_story(campaign))
    results, start = [], threading.Barrier(2)

    def worker():
        start.wait()
        try:
            results.append(publish_slot(slot.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert sorted(results) in (["busy", "published"], ["not due", "published"])
    assert len(graph.calls_to("create")) == 1 and len(graph.calls_to("publish")) == 1
    assert len(graph.media) == 1


@pytest.mark.django_db
def test_a_worker_that_dies_after_the_container_is_resumed_with_it(campaign, graph, monkeypatch):
    slot = due_slot(approved_story(campaign))
    real_status = g.Graph.container_status

    def die(self, container_id):
        raise WorkerDied()

    monkeypatch.setattr(g.Graph, "container_status", die)
    with pytest.raises(WorkerDied):
        publish_slot(slot.pk)
    publication = Publication.objects.get()
    assert publication.container_id and publication.lease_owner  # the dead worker's claim is still on it

    monkeypatch.setattr(g.Graph, "container_status", real_status)
    assert publish_slot(slot.pk, now=later(1)) == "busy"  # its lease hasn't lapsed yet
    assert publish_slot(slot.pk, now=later(11)) == "published"  # lapsed: resumed
    assert len(graph.calls_to("create")) == 1
    assert graph.calls_to("publish") == [{"creation_id": publication.container_id}]


@pytest.mark.django_db
def test_a_worker_that_dies_after_publishing_never_publishes_again(campaign, graph, monkeypatch):
    slot = due_slot(approved_story(campaign))

    def die(self, media_id):
        raise WorkerDied()  # after media_publish answered, before the permalink and the record

    monkeypatch.setattr(g.Graph, "media", die)
    with pytest.raises(WorkerDied):
        publish_slot(slot.pk)
    monkeypatch.undo()

    assert publish_slot(slot.pk, now=later(11)) == "published"
    publication = Publication.objects.get()
    assert publication.external_id == graph.media[0]["id"] and publication.permalink == graph.media[0]["permalink"]
    assert len(graph.calls_to("publish")) == 1


@pytest.mark.django_db
def test_a_lost_publish_answer_is_found_on_the_account_not_published_again(campaign, graph):
    graph.add_media("An older post of the campaign", minutes_ago=60 * 24)
    slot = due_slot(approved_story(campaign))
    graph.fail_next("publish", Failure(200, None, delay=1.5, act_first=True))  # published; the answer is lost

    assert publish_slot(slot.pk) == "retry"
    publication = Publication.objects.get()
    assert publication.publish_sent_at and not publication.external_id
    assert "Before asking again storydesk looks for the post" in publication.error

    assert publish_slot(slot.pk, now=later(2)) == "published"
    publication.refresh_from_db()
    ours = next(m for m in graph.media if m["container"] == publication.container_id)
    assert (publication.external_id, publication.permalink) == (ours["id"], ours["permalink"])
    assert len(graph.calls_to("publish")) == 1 and len(graph.media) == 2
    assert graph.calls_to("list"), "it looked among the account's recent media"


@pytest.mark.django_db
def test_a_lost_publish_that_never_happened_is_asked_again(campaign, graph):
    slot = due_slot(approved_story(campaign))
    graph.fail_next("publish", Failure(200, None, delay=1.5))  # nothing happened and no answer came

    assert publish_slot(slot.pk) == "retry"
    assert publish_slot(slot.pk, now=later(2)) == "published"
    assert len(graph.calls_to("publish")) == 2 and len(graph.media) == 1
    # Before asking again it looked for the post and read the container's status.
    kinds = [kind for kind, _, _ in graph.calls]
    second = kinds.index("publish") + 1
    assert "list" in kinds[second:] and "status" in kinds[second:]


@pytest.mark.django_db
def test_a_published_container_missing_from_the_list_is_looked_for_again_not_republished(campaign, graph):
    slot = due_slot(approved_story(campaign))
    graph.fail_next("publish", Failure(200, None, delay=1.5, act_first=True))
    assert publish_slot(slot.pk) == "retry"
    graph.fail_next("list", Failure(200, {"data": [], "paging": {}}))  # Instagram's list lags behind

    assert publish_slot(slot.pk, now=later(2)) == "retry"
    assert "isn't among the account's latest posts yet" in Publication.objects.get().error
    assert publish_slot(slot.pk, now=later(5)) == "published"
    assert len(graph.calls_to("publish")) == 1


@pytest.mark.django_db
def test_the_recent_media_are_paged_by_cursor(campaign, graph, settings):
    slot = due_slot(approved_story(campaign))
    graph.fail_next("publish", Failure(200, None, delay=1.5, act_first=True))
    assert publish_slot(slot.pk) == "retry"
    for n in range(30):  # other posts made since, newer than ours
        graph.add_media(f"Someone else's post {n}", minutes_ago=-1 - n / 100)
    assert publish_slot(slot.pk, now=later(2)) == "published"
    assert [p.get("after") for p in graph.calls_to("list")] == [None, "25"]


@pytest.mark.django_db
def test_withdrawn_before_publish_never_goes_out(campaign, graph, monkeypatch):
    story = approved_story(campaign)
    slot = due_slot(story)
    real = g.Graph.container_status

    def withdraw_meanwhile(self, container_id):
        withdraw_story(story, actor=Actor.contributor(), via="status page")
        return real(self, container_id)

    monkeypatch.setattr(g.Graph, "container_status", withdraw_meanwhile)
    assert publish_slot(slot.pk) == "parked"
    assert graph.calls_to("publish") == [] and graph.media == []
    assert "withdrawn by its contributor before it went out" in Slot.objects.get(pk=slot.pk).error


@pytest.mark.django_db
def test_withdrawn_while_the_answer_was_lost_is_marked_for_removal_once_found(campaign, graph):
    story = approved_story(campaign)
    slot = due_slot(story)
    graph.fail_next("publish", Failure(200, None, delay=1.5, act_first=True))
    assert publish_slot(slot.pk) == "retry"
    withdraw_story(story, actor=Actor.contributor(), via="status page")

    assert publish_slot(slot.pk, now=later(2)) == "published, then taken down"
    publication = Publication.objects.get()
    assert publication.state == "removal_needed" and publication.permalink in publication.error
    assert AuditEvent.objects.filter(verb="publication.removal_needed", story=story).exists()
