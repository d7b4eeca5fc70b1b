"""Language of an answer with the real lingua models (low-accuracy mode), "und" when unsure."""
import json

import pytest

from storydesk.screening.text.language import UNDETERMINED, detect_language, word_count

SHORT_ANSWERS = [
    ("en", "Because my daughter deserves the same chances as my son."),
    ("en", "Equal pay for equal work is simply fair."),
    ("fr", "Parce que ma fille mérite les mêmes chances que mon fils."),
    ("fr", "L'égalité entre les femmes et les hommes nous rend tous plus libres."),
    ("es", "Porque mi hija merece las mismas oportunidades que mi hijo."),
    ("es", "La igualdad de género nos hace más fuertes como sociedad."),
    ("pt", "Porque a minha filha merece as mesmas oportunidades que o meu filho."),
    ("pt", "Minha mãe trabalhou a vida inteira sem nunca ser reconhecida."),
    ("de", "Weil meine Tochter die gleichen Chancen verdient wie mein Sohn."),
    ("de", "Gleichberechtigung geht uns alle an, auch die Männer."),
    ("ar", "لأن ابنتي تستحق نفس الفرص التي يحصل عليها ابني."),
    ("ar", "المساواة بين الجنسين مسؤولية الجميع."),
    ("hi", "क्योंकि मेरी बेटी को भी मेरे बेटे जैसे अवसर मिलने चाहिए।"),
    ("hi", "लैंगिक समानता हम सबकी ज़िम्मेदारी है।"),
    ("sw", "Kwa sababu binti yangu anastahili fursa sawa na mwanangu."),
    ("sw", "Usawa wa kijinsia ni jukumu la kila mtu katika jamii."),
    ("it", "Perché mia figlia merita le stesse opportunità di mio figlio."),
    ("nl", "Omdat mijn dochter dezelfde kansen verdient als mijn zoon."),
    ("tr", "Çünkü kızım da oğlum kadar fırsatı hak ediyor."),
    ("ru", "Потому что моя дочь заслуживает тех же возможностей, что и мой сын."),
    ("zh", "因为我的女儿应该得到和我儿子一样的机会。"),
    ("ja", "娘にも息子と同じチャンスがあるべきだから。"),
    ("bn", "কারণ আমার মেয়েও আমার ছেলের মতো সমান সুযোগ পাওয়ার যোগ্য।"),
    ("ur", "کیونکہ میری بیٹی بھی میرے بیٹے جیسے مواقع کی حقدار ہے۔"),
    ("yo", "Nitori omobinrin mi ye fun anfani kanna bi omokunrin mi."),
]

TOO_SHORT_TO_SAY = [
    "Fair is fair.",  # French at 0.38 in low-accuracy mode
    "Respect.",
    "Yes",
    "Oui",
    "Por mi hija.",
    "I am a father.",
    "Equality now!",  # Polish at 0.88 on two words
    "Gleichberechtigung!",  # right, but one word is not enough to be sure
    "Igualdad ya",
    "平等",
    "#HeForShe",
    "💪🏽💪🏽",
    "2020",
    "",
]


@pytest.mark.parametrize("code, text", SHORT_ANSWERS)
def test_short_answers_in_many_languages(code, text):
    guess = detect_language(text)
    assert (guess.code, guess.sure) == (code, True)
    assert guess.confidence >= 0.75
    assert guess.alternatives[0][0] == code


def test_the_set_covers_at_least_eight_languages():
    assert len({code for code, _ in SHORT_ANSWERS}) >= 8


@pytest.mark.parametrize("text", TOO_SHORT_TO_SAY)
def test_very_short_texts_are_undetermined_rather_than_guessed(text):
    guess = detect_language(text)
    assert guess.code == UNDETERMINED
    assert guess.sure is False


def test_an_unsure_guess_still_lists_the_candidates():
    guess = detect_language("Fair is fair.")
    assert guess.code == "und"
    assert 0 < guess.confidence < 0.75
    assert len(guess.alternatives) >= 2
    assert all(0 < value <= 1 for _, value in guess.alternatives)


def test_hashtags_mentions_and_links_do_not_count_as_words():
    guess = detect_language("#HeForShe @HeForShe https://example.org/story #YearOfMaleAllyship")
    assert guess.code == "und"
    tagged = detect_language("#HeForShe Parce que ma fille mérite les mêmes chances. @HeForShe #YearOfMaleAllyship")
    assert tagged.code == "fr"


def test_words_are_counted_in_scripts_without_spaces():
    assert word_count("因为我的女儿应该得到和我儿子一样的机会") >= 3
    assert word_count("平等") < 3
    assert word_count("Fair is fair.") == 3


def test_evidence_is_plain_json():
    evidence = detect_language("Weil meine Tochter die gleichen Chancen verdient wie mein Sohn.").as_evidence()
    assert evidence["language"] == "de"
    assert set(evidence) == {"language", "confidence", "alternatives"}
    assert evidence["alternatives"][0] == {"language": "de", "confidence": evidence["confidence"]}
    json.dumps(evidence)
