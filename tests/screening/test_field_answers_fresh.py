"""The fresh Swahili and Hindi batch is well formed and held out entirely: it is never tuned on."""
from tests.support.samples.answers import (
    ACTION,
    AMPLIFYING,
    EDUCATING,
    LANGUAGE,
    MENTORING,
    STATUS_QUO,
    STEREOTYPES,
)
from tests.support.samples.field_answers_fresh import FRESH_ANSWERS
from tests.support.samples.split import HELD_OUT

THEMES = {ACTION, AMPLIFYING, EDUCATING, LANGUAGE, MENTORING, STATUS_QUO, STEREOTYPES}


def test_keys_are_unique_and_prefixed():
    keys = [item.key for item in FRESH_ANSWERS]
    assert len(keys) == len(set(keys))
    assert all(key.startswith("fresh-") for key in keys)


def test_every_item_is_held_out():
    assert {item.half for item in FRESH_ANSWERS} == {HELD_OUT}


def test_every_theme_is_in_both_languages():
    for language in ("sw", "hi"):
        assert {item.theme for item in FRESH_ANSWERS if item.language == language} == THEMES


def test_enough_answers_per_language():
    languages = [item.language for item in FRESH_ANSWERS]
    assert languages.count("sw") >= 20 and languages.count("hi") >= 14
    assert set(languages) == {"sw", "hi"}
