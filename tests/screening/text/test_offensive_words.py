"""Offensive words in many languages, from the word lists in safetype's and glin-profanity's wheels and our
own (own_words.py): abuse is flagged with its words, the campaign's own vocabulary never is, innocent words
that hold a listed one ("Scunthorpe", 女性) are left alone, and an answer of unsure language is read with
every participant's unambiguous words."""
from types import SimpleNamespace

import pytest

from storydesk.screening.text.language import detect_language
from storydesk.screening.text.offence import find_offence
from storydesk.screening.text.offensive_words import (
    CAMPAIGN,
    CAMPAIGN_VOCABULARY,
    LISTED,
    WordFound,
    _compile,
    find_offensive_words,
)
from tests.support.samples.answers import LABELLED_ANSWERS
from tests.support.samples.field_words import CLEAN, FIELD_WORDS

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
    settings = campaign(offensive_words=["Snowflake"], offensive_words_by_language={"sw": ["mshamba", "*zembe*"]})
    _, words = find_offence("You snowflake, go away.", settings, ("en",))
    assert words == (WordFound(CAMPAIGN, "snowflake", ""),)
    _, words = find_offence("Wewe ni mshamba na mzembe.", settings, ("sw",))
    assert words == (WordFound(CAMPAIGN, "mshamba", "sw"), WordFound(CAMPAIGN, "mzembe", "sw"))
    _, words = find_offence("Wewe ni mshamba.", settings, ("en",))
    assert words == ()  # not an answer that may be Swahili


def test_a_campaigns_topic_words_are_never_offensive():
    _, words = find_offence("Les crimes d'honneur, quelle merde.", campaign(), ("fr",))
    assert words
    _, words = find_offence("Les crimes d'honneur, quelle merde.", campaign(topic_words=["merde"]), ("fr",))
    assert words == ()


def test_words_no_package_has_are_our_own_with_their_kind():
    assert find_offensive_words("Kampeni hii inaendeshwa na wasenge.", ("sw",)) == (
        WordFound("slur", "wasenge", "sw"),)
    assert find_offensive_words("Nitakutomba leo usiku.", ("sw",)) == (WordFound("sexual", "Nitakutomba", "sw"),)
    assert find_offensive_words("बराबरी हिजड़ों और छक्कों के लिए है।", ("hi",)) == (
        WordFound("slur", "हिजड़ों", "hi"), WordFound("slur", "छक्कों", "hi"))
    assert WordFound("slur", "Tunten", "de") in find_offensive_words("Das machen nur Tunten.", ("de",))


@pytest.mark.parametrize("language, text, phrase", [
    ("fr", "Envoie des photos, je veux te baiser ce soir.", "te baiser"),
    ("fr", "Allez, baise-moi.", "baise-moi"),
    ("es", "Las mujeres solo sirven para chupar pollas.", "chupar pollas"),
    ("pt", "Vem aqui que eu vou te comer.", "vou te comer"),
    ("zh", "女人就是用来操的。", "用来操"),
    ("zh", "今晚来我家，我要干你。", "要干你"),
])
def test_a_proposition_is_flagged_where_its_words_alone_are_everyday(language, text, phrase):
    found = find_offensive_words(text, (language,))
    assert WordFound("sexual", phrase, language) in {WordFound(w.kind, w.word.lower(), w.language) for w in found}


@pytest.mark.parametrize("language, text", [
    ("fr", "Un baiser sur la joue de ma grand-mère."),  # a kiss
    ("pt", "Vou comer com a minha mãe hoje."),  # to eat
    ("zh", "这是用来操作机器的工具。"),  # 操作, to operate
    ("zh", "孩子们在操场上玩，妈妈不用操心。"),  # playground, to worry
    ("zh", "你要干你自己的事。"),  # do your own thing
    ("zh", "我每天做体操。"),  # gymnastics
    ("hi", "Mujhe ghar chod ke jaana pada."),  # "chhod", leave
    ("hi", "Usne aakhri over mein chakka maara."),  # a six in cricket
    ("es", "Tengo una perra que se llama Luna."),  # a dog
    ("pt", "A galinha da minha avó põe ovos."),  # a hen
    ("sw", "Mbwa wangu analinda nyumba."),  # my dog
])
def test_everyday_uses_of_those_words_are_not_flagged(language, text):
    assert find_offensive_words(text, (language,)) == ()


@pytest.mark.parametrize("language, text, words", [
    ("fr", "Tais-toi, sale chienne.", "sale chienne"),
    ("es", "Eres una perra.", "eres una perra"),
    ("pt", "Cala a boca, sua piranha.", "sua piranha"),
    ("sw", "Nyamaza, wewe mbwa.", "wewe mbwa"),
])
def test_an_animal_said_to_someone_is_an_insult(language, text, words):
    assert [(w.kind, w.word.lower()) for w in find_offensive_words(text, (language,))] == [("insult", words)]


def test_chinese_compounds_are_flagged_not_their_single_characters():
    assert {"操你妈", "肏"} <= {w.word for w in find_offensive_words("操你妈，肏。", ("zh",))}
    assert find_offensive_words("没有人应该被逼迫结婚，体操很好。", ("zh",)) == ()


def test_an_answer_of_unsure_language_is_read_with_every_participants_unambiguous_words():
    # A Spanish sentence lingua took for Tagalog: Spanish "coño" is nobody's everyday word.
    assert [w.word for w in find_offensive_words("Ven que te voy a comer el coño.", ("tl", "es"))] == ["coño"]
    assert [w.word for w in find_offensive_words("Das machen nur Tunten.", ("und",))] == ["Tunten"]
    # French "con" is Spanish "with", French "bite" English; Swahili "*tomba*" is in French "il tomba".
    assert find_offensive_words("Mi hermana habla con su jefe.", ("und",)) == ()
    assert find_offensive_words("Il tomba amoureux, a bite of cake.", ("und",)) == ()


def test_a_campaigns_word_by_language_is_read_in_an_answer_of_unsure_language_when_whole():
    settings = campaign(offensive_words_by_language={"sw": ["mshamba", "*zembe*"]})
    _, words = find_offence("Wewe ni mshamba na mzembe.", settings, ("und",))
    assert words == (WordFound(CAMPAIGN, "mshamba", "sw"),)


def test_no_honest_answer_is_flagged_even_read_as_of_unsure_language():
    from storydesk.campaigns.spec import read_campaign_file

    spec, _ = read_campaign_file()
    texts = [item.text for item in FIELD_WORDS if item.kind == CLEAN] + [a.text for a in LABELLED_ANSWERS]
    for text in texts:
        guess = detect_language(text)
        rude, words = find_offence(text, spec, (guess.code, *(code for code, _ in guess.alternatives)))
        assert not rude.offensive and words == (), text
        assert find_offence(text, spec, ("und",))[1] == (), text  # the words; "und" also wakes the English model


def test_a_long_single_word_is_read_in_linear_time():
    # "*tomba*" once compiled to an unanchored "\\w*tomba": 7.7 s on this answer.
    assert find_offensive_words("Mimi ni " + "a" * 19_990, ("sw", "en")) == ()
    assert _compile(["*tomba*"], latin_plural=False).pattern.startswith(r"(?<!\w)")


@pytest.mark.parametrize("word", ["*", "**", " ", "* *"])
def test_a_campaign_word_of_only_wildcards_or_blanks_flags_nothing(word):
    settings = campaign(offensive_words=[word], offensive_words_by_language={"en": [word]})
    assert find_offence("Equal pay for equal work.", settings, ("en",))[1] == ()


@pytest.mark.parametrize("text", [
    "The rapists were never punished.",
    "Too many rapes go unreported.",
    "He was raping her for years, and nobody asked.",
    "Cutting girls' genitals is never culture.",
    "Victim blaming and slut shaming must end.",
])
def test_the_english_models_topic_words_are_the_word_lists_vocabulary_too(text):
    assert find_offensive_words(text, EVERY_LANGUAGE) == ()
    assert find_offensive_words(text, ("und",)) == ()


@pytest.mark.parametrize("text", ["Die Kamine waren kalt.", "Kamini told her story."])
def test_romanised_hindi_insults_that_are_other_everyday_words_are_not_listed(text):
    assert find_offensive_words(text, ("de", "en")) == ()


def test_a_campaigns_topic_phrases_and_chinese_topic_words_are_never_offensive():
    text = "The slut walk was loud. 这次荡妇游行很好。"
    assert find_offensive_words(text, ("en", "zh"))  # "slut", and 荡妇 (slut) on the lists
    assert find_offensive_words(text, ("en", "zh"), topic_words=["slut walk", "荡妇游行"]) == ()
