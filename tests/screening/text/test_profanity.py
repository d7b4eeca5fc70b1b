"""Offensive words with the real alt-profanity-check model: this campaign's vocabulary is not abuse."""
import pytest

from storydesk.screening.text.offensive_words import without_topic_words
from storydesk.screening.text.profanity import OFFENSIVE_AT, find_threat, normalise_leetspeak, score_profanity

CAMPAIGN_WORDS = [
    "Sexual harassment must end.",
    "Rape culture and sexism hurt everyone.",  # 0.70 as written, above the model's own 0.5 cut-off
    "I call out sexist jokes at work.",
    "Domestic violence is never private.",
    "Stop killing women.",  # 0.72 as written
    "Men who hit women are cowards.",
    "Female genital mutilation must stop.",
    "Pornography and prostitution exploit women.",
    "Abuse, assault and rape are crimes, not jokes.",
    "Victims of sexual assault deserve to be believed.",
    "I stopped laughing at rape jokes.",  # 0.79 as written
    "Slut-shaming and victim-blaming have to stop.",
    "Femicide is killing a woman every ten minutes.",
    "Too many women are murdered by their partners.",
    "My daughter was groped on the bus and nobody helped.",
    "Sex education should teach consent.",
    "Catcalling is harassment, not a compliment.",
    "Hell yes, equality now!",
    "I was a fool to think it didn't concern me.",
    "Because my daughter deserves the same chances as my son.",
]

ABUSIVE = [
    "Fuck you all, this campaign is garbage.",
    "You stupid bitch, shut up.",
    "Women are whores and deserve nothing.",
    "All women are sluts.",
    "Go kill yourself, you worthless piece of shit.",
    "This is bullshit, feminists are cunts.",
    "Feminists are stupid idiots.",
    "What a load of crap, you morons.",
    "Girls are dumb and should stay home.",
    "Gender equality is bullshit.",
    "Fuck HeForShe.",
    "This campaign sucks ass.",
]

LEETSPEAK = [
    ("sh1t campaign, you b1tch", "shit campaign, you bitch"),
    ("You are an a$$hole", "You are an asshole"),
    ("What a b!tch!", "What a bitch"),
    ("@sshole", "asshole"),
    ("Y0u 1diot", "You idiot"),
    ("fuuuck feminists", "fuck feminists"),
    ("f u c k you", "fuck you"),
    ("f.u.c.k off", "fuck off"),
]


@pytest.mark.parametrize("text", CAMPAIGN_WORDS)
def test_the_campaigns_everyday_words_are_not_offensive(text):
    score = score_profanity(text)
    assert not score.offensive, score
    assert score.probability < OFFENSIVE_AT


@pytest.mark.parametrize("text", ABUSIVE)
def test_clear_abuse_is_offensive(text):
    score = score_profanity(text)
    assert score.offensive, score
    assert score.probability >= OFFENSIVE_AT


def test_topic_words_are_taken_out_only_for_scoring():
    kept = without_topic_words("Rape culture and sexism hurt everyone.").split()
    assert kept == ["and", "hurt", "everyone."]  # "rape culture" is one phrase of the vocabulary
    assert "slut" not in without_topic_words("Slut-shaming has to stop.").lower()
    assert without_topic_words("Abuse hurts.", topic_words={"hurts"}).split() == ["."]


def test_topic_words_do_not_hide_the_swearing_around_them():
    assert score_profanity("Rape culture is bullshit and so are you, bitch.").offensive


@pytest.mark.parametrize("disguised, plain", LEETSPEAK)
def test_leetspeak_is_undone(disguised, plain):
    assert normalise_leetspeak(disguised) == plain


@pytest.mark.parametrize("disguised, _", LEETSPEAK)
def test_leetspeak_abuse_is_offensive(disguised, _):
    score = score_profanity(disguised)
    assert score.offensive and score.leetspeak, score


@pytest.mark.parametrize("text", [
    "In 2020 I turned 18 and earned $50 for 5 kids.",
    "#HeForShe @HeForShe 24/7, 100% behind you!",
    "Call 555-1234, or write to jo@example.com",
    "Equality 4 all, 1 in 3 women",
    "Hello!",
])
def test_numbers_money_tags_and_punctuation_are_left_alone(text):
    # The copy is only scored, never shown; an "@" next to letters reads as "a".
    expected = text.replace("@HeForShe", "aHeForShe").replace("jo@example", "joaexample")
    assert normalise_leetspeak(text) == expected
    assert not score_profanity(text).offensive


@pytest.mark.parametrize("text, phrase", [
    ("Go kill yourself.", "kill yourself"),
    ("I will find you.", "I will find you"),
    ("I'll hurt her if she speaks.", "I'll hurt her"),
])
def test_threats_are_offensive_whatever_the_model_says(text, phrase):
    score = score_profanity(text)
    assert score.offensive and score.threat == phrase


def test_a_man_telling_of_violence_is_not_a_threat():
    score = score_profanity("My father would beat her, and I will never be that man.")
    assert score.threat is None and not score.offensive


def test_a_threat_is_found_without_the_model():
    assert find_threat("Ich weiß, wo du wohnst. I am going to find you.") == "I am going to find you"
    assert find_threat("Ich habe gelernt, zuzuhören.") is None
