"""The fresh offensive-word batch has the shape the benchmark relies on: stable unique keys of its own, nine
languages, enough of each side per language, and no text copied from the first batch."""
from collections import Counter

from tests.support.samples.field_words import CLEAN, FIELD_WORDS, OFFENSIVE_KINDS
from tests.support.samples.field_words_fresh import FRESH_WORDS


def test_keys_are_unique_and_fresh():
    keys = [item.key for item in FRESH_WORDS]
    assert len(keys) == len(set(keys))
    assert all(key.startswith("fresh-") for key in keys)


def test_nine_languages_each_with_both_sides():
    assert all(item.kind in (*OFFENSIVE_KINDS, CLEAN) for item in FRESH_WORDS)
    offensive = Counter(item.language for item in FRESH_WORDS if item.offensive)
    clean = Counter(item.language for item in FRESH_WORDS if not item.offensive)
    assert len({item.language for item in FRESH_WORDS}) == 9
    for language in offensive | clean:
        assert offensive[language] >= 6 and clean[language] >= 4, language


def test_no_text_is_shared_with_the_first_batch():
    assert not {item.text for item in FRESH_WORDS} & {item.text for item in FIELD_WORDS}
