"""Offensive words in many languages, from the word lists in safetype's and glin-profanity's wheels: abuse is
flagged with its words, the campaign's own vocabulary never is, and innocent words that hold a listed one
("Scunthorpe", 女性) are left alone."""
from types import SimpleNamespace

import pytest

from storydesk.screening.text.language import detect_language
from storydesk.screening.text.offence import find_offence
from storydesk.screening.text.offensive_words import (
    CAMPAIGN,
    CAMPAIGN_VOCABULARY,
    LISTED,
    WordFound,
    find_offensive_words,
)
from tests.support.samples.field_words import CLEAN, half

EVERY_LANGUAGE = ("en", "fr", "es", "pt", "ar", "zh", "hi", "sw", "de")


@pytest.mark.parametrize("language, text, word", [
    ("en", "Feminists are whiny sluts, all of them.", "sluts"),
    ("fr", "Cette campagne est menée par des connards.", "connards"),
    ("fr", "Va te faire enculer, sale pute.", "pute"),
    ("es", "Eres una puta y una idiota.", "puta"),
    ("es", "Solo los gilipollas apoyan esto.", "gilipollas"),
    ("pt", "Vai tomar no cu, seu filho da puta.", "filho da puta"),
    ("de", "Halt's Maul, du Hurensohn.", "Hurensohn"),
    ("ar", "أنت عاهرة ولا أحد يحترمك.", "عاهرة"),
    ("ar", "الحملة كلها شراميط.", "شراميط"),
    ("zh", "你这个婊子，闭嘴。", "婊子"),
    ("zh", "这些男人都是傻逼。", "傻逼"),
    ("hi", "तू एक कुतिया है।", "कुतिया"),
    ("hi", "Tu ek randi hai.", "randi"),
])
def test_abuse_is_flagged_in_its_language_with_the_word(language, text, word):
    found = find_offensive_words(text, (language,))
    assert word.lower() in {item.word.lower() for item in found}, found


def test_the_kind_says_what_a_categorised_rule_found_and_a_plain_list_entry_says_only_that_it_is_listed():
    assert WordFound("slur", "faggots", "en") in find_offensive_words("Equality is for faggots.", ("en",))
    assert WordFound("sexual", "nudes", "en") in find_offensive_words("Send nudes now.", ("en",))
    assert find_offensive_words("这些男人都是傻逼。", ("zh",)) == (WordFound(LISTED, "傻逼", "zh"),)


def test_each_word_is_reported_once():
    found = find_offensive_words("Puta, puta, PUTA.", ("es",))
    assert [item.word.lower() for item in found] == ["puta"]


@pytest.mark.parametrize("language, phrase", [
    (language, phrase) for language, line in CAMPAIGN_VOCABULARY.items() for phrase in line.split("|")])
def test_the_campaigns_vocabulary_is_never_offensive_in_any_language(language, phrase):
    assert find_offensive_words(f"{phrase} {phrase.upper()}", EVERY_LANGUAGE) == ()


@pytest.mark.parametrize("text", [
    "Sexual harassment must end.",
    "Rape culture and sexism hurt everyone, and so does gender-based violence.",
    "Violence against women and domestic violence are never private.",
    "Female genital mutilation must stop; sex education should teach consent.",
    "Le harcèlement sexuel et la culture du viol doivent cesser.",
    "La violencia de género y la violación no son chistes.",
    "A violência contra a mulher e o estupro precisam acabar.",
    "التحرش الجنسي والاغتصاب جرائم.",
    "性骚扰和强奸文化必须结束，学校需要性教育。",
    "यौन उत्पीड़न और बलात्कार बंद होना चाहिए।",
    "Unyanyasaji wa kijinsia na ubakaji lazima vikome.",
    "Sexuelle Belästigung und Vergewaltigung müssen aufhören.",
])
def test_answers_in_the_campaigns_words_are_clean(text):
    assert find_offensive_words(text, EVERY_LANGUAGE) == ()


@pytest.mark.parametrize("text", [
    "I grew up in Scunthorpe.",
    "My assessment of the classic novels of Dickens changed.",
    "Penistone and Cockermouth are towns I know.",
    "女性和男性应该平等。",  # 性 ("sex") is a listed character, inside 女性, "woman"
    "我奶奶是我的榜样。",  # 奶 inside 奶奶, "grandma"
    "我妈妈的工作很重要。",  # 妈的 ("damn") inside 妈妈的, "my mother's"
    "没有人应该被逼迫结婚。",  # 逼 inside 逼迫, "to force"
    "Mi hermana habla con su jefe.",  # French "con", Spanish "with"
    "Ma grand-mère, veuve à trente ans, a tout porté.",  # widow
    "مراتي مهندسة.",  # "my wife"
])
def test_innocent_words_that_hold_a_listed_one_are_not_flagged(text):
    guess = detect_language(text)  # as the step reads it: the guess and its alternatives
    assert find_offensive_words(text, (guess.code, *(code for code, _ in guess.alternatives))) == ()


def test_latin_letter_lists_are_read_only_for_the_answers_possible_languages():
    assert find_offensive_words("Ella habla con su jefe.", ("es",)) == ()  # Spanish "with"
    assert find_offensive_words("Ella habla con su jefe.", ("fr",)) == (WordFound(LISTED, "con", "fr"),)


def campaign(**text_check) -> SimpleNamespace:
    return SimpleNamespace(raw={"screening": {"steps": [], "text_check": text_check}})


def test_a_campaign_can_add_words_in_every_language_and_by_language():
    settings = campaign(offensive_words=["Snowflake"], offensive_words_by_language={"sw": ["malaya", "*tomba*"]})
    _, words = find_offence("You snowflake, go away.", settings, ("en",))
    assert words == (WordFound(CAMPAIGN, "snowflake", ""),)
    _, words = find_offence("Wanawake ni malaya, nataka kukutomba.", settings, ("sw",))
    assert words == (WordFound(CAMPAIGN, "malaya", "sw"), WordFound(CAMPAIGN, "kukutomba", "sw"))
    _, words = find_offence("Wanawake ni malaya.", settings, ("en",))
    assert words == ()  # not an answer that may be Swahili


def test_a_campaigns_topic_words_are_never_offensive():
    _, words = find_offence("Les crimes d'honneur, quelle merde.", campaign(), ("fr",))
    assert words
    _, words = find_offence("Les crimes d'honneur, quelle merde.", campaign(topic_words=["merde"]), ("fr",))
    assert words == ()


def test_the_default_campaign_files_words_are_read():
    from storydesk.campaigns.spec import read_campaign_file

    spec, _ = read_campaign_file()
    _, words = find_offence("Kampeni hii inaendeshwa na wasenge.", spec, ("sw",))
    assert [w.word for w in words] == ["wasenge"]


def test_no_clean_answer_on_the_tune_half_is_flagged():
    from storydesk.campaigns.spec import read_campaign_file

    spec, _ = read_campaign_file()
    for item in half("tune"):
        if item.kind == CLEAN:
            rude, words = find_offence(item.text, spec, (item.language,))
            assert not rude.offensive and words == (), item.key
