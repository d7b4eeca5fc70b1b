"""The language a mail's sender writes in: their Content-Language when it is one of ours, else a guess from
their words among our six, else "" (the campaign's own)."""
import pytest

from storydesk.channels.email import headers
from storydesk.channels.email.language import guessed_language
from storydesk.channels.email.parse import parse_mail
from tests.channels.email.mail_files import load


def parsed(name: str, extra_headers: bytes = b""):
    raw = extra_headers + load(name)
    return parse_mail(headers.read_message(raw), raw)


def test_a_mail_in_french_is_french_and_the_story_will_say_so():
    mail = parsed("latin1_quoted_printable.eml")
    assert mail.language == "fr"
    assert mail.incoming_story().participant_language == "fr"


def test_the_senders_content_language_wins_over_a_guess_when_it_is_ours():
    assert parsed("gmail_photo.eml").language == "en"
    assert parsed("gmail_photo.eml", b"Content-Language: pt-BR\n").language == "pt"


def test_a_content_language_we_dont_write_in_leaves_the_guess_to_the_words():
    assert parsed("gmail_photo.eml", b"Content-Language: de-DE\n").language == "en"


@pytest.mark.parametrize(("text", "language"), [
    ("Je soutiens l'égalité parce que ma fille mérite les mêmes chances que mon fils.", "fr"),
    ("Apoyo la igualdad porque mi hija merece las mismas oportunidades que mi hijo.", "es"),
    ("Eu apoio a igualdade porque a minha filha merece as mesmas oportunidades.", "pt"),
    ("أنا أدعم المساواة لأن ابنتي تستحق نفس الفرص التي يحصل عليها ابني", "ar"),
    ("我支持性别平等，因为我的女儿应该和我的儿子有同样的机会。", "zh-hans"),
])
def test_each_of_our_languages_is_told_from_a_sentence(text, language):
    assert guessed_language(text) == language


@pytest.mark.parametrize("text", ["Thanks!", "", "Ich bin dafür, weil meine Tochter dieselben Chancen verdient."])
def test_too_few_words_or_another_language_is_no_guess(text):
    assert guessed_language(text) == ""


def test_a_very_long_mail_is_guessed_from_its_beginning_only():
    assert guessed_language("L'égalité compte pour nous tous. " * 10_000) == "fr"
