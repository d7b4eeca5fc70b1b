"""The labelled field sets are split once: the same items always land in the same half."""
from tests.support.samples.split import HELD_OUT, TUNE, split


def _halves(names):
    return split(names, key=lambda n: n, stratum=lambda n: n.split("-")[0])


def test_every_stratum_is_in_both_halves_and_held_out_is_never_smaller():
    names = [f"{kind}-{i}" for kind in ("tag", "decoy", "nobody") for i in range(7)]
    halves = _halves(names)
    for kind in ("tag", "decoy", "nobody"):
        mine = [halves[n] for n in names if n.startswith(kind)]
        assert mine.count(TUNE) == 3 and mine.count(HELD_OUT) == 4


def test_the_split_is_stable_and_depends_on_the_name_not_the_order():
    names = [f"tag-{i}" for i in range(20)]
    assert _halves(names) == _halves(list(reversed(names)))
    assert _halves(names) != {n: TUNE if i < 10 else HELD_OUT for i, n in enumerate(names)}


def test_adding_items_moves_few_existing_ones():
    names = [f"tag-{i}" for i in range(40)]
    before, after = _halves(names), _halves(names + ["tag-new-1", "tag-new-2"])
    moved = sum(before[n] != after[n] for n in names)
    assert moved <= 1


def test_the_offensive_word_set_has_every_language_and_side_in_both_halves():
    from tests.support.samples.field_words import FIELD_WORDS, HALVES

    strata = {item.stratum for item in FIELD_WORDS}
    assert len({item.language for item in FIELD_WORDS}) >= 8 and len(FIELD_WORDS) >= 120
    for stratum in strata:
        halves = [HALVES[item.key] for item in FIELD_WORDS if item.stratum == stratum]
        assert halves.count(TUNE) >= 1 and halves.count(HELD_OUT) >= halves.count(TUNE)
