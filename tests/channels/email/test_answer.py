"""The participant's own words: what mail programs add around them is taken away, nothing of theirs is."""
import pytest

from storydesk.channels.email import headers
from storydesk.channels.email.answer import clean_answer, unwrap_plain
from storydesk.channels.email.html_text import html_to_text
from storydesk.channels.email.parse import first_name

WORDS = "Equality matters to me because my daughters deserve every chance."


@pytest.mark.parametrize("text", [
    f"{WORDS}\n\nOn Mon, 2 Mar 2020 at 10:16, HeForShe <stories@heforshe.example> wrote:\n> Please send a photo.\n",
    f"{WORDS}\n\nOn Mon, 2 Mar 2020 at 10:16, HeForShe <stories@heforshe.example>\nwrote:\n\n> Please send\n",
    f"{WORDS}\n\nLe lun. 2 mars 2020 à 10:16, HeForShe <stories@heforshe.example> a écrit :\n> Merci\n",
    f"{WORDS}\n\nAm 02.03.2020 um 10:16 schrieb HeForShe <stories@heforshe.example>:\n> Danke\n",
    f"{WORDS}\n\n-----Original Message-----\nFrom: HeForShe\nSent: Monday\nTo: me\nSubject: hi\n\nquoted\n",
    f"{WORDS}\n\n________________________________\nFrom: HeForShe <stories@heforshe.example>\nSent: 2 March 2020\n"
    "To: Liam\nSubject: Photo\n\nHello Liam",
    f"{WORDS}\n\n-- \nKofi Mensah\nAccra\n",
    f"{WORDS}\n\nSent from my iPhone",
    f"{WORDS}\n\nGet Outlook for Android",
    f"[image: IMG_1234.jpg]\n\n{WORDS}",
    f"\ufffc\n{WORDS}",
    f"> an earlier line\n{WORDS}\n> and another",
])
def test_what_mail_programs_add_is_removed(text):
    assert clean_answer(text) == WORDS


def test_a_forward_keeps_the_forwarded_words_without_their_headers():
    text = ("FYI\n\n---------- Forwarded message ---------\nFrom: Rahul <rahul@example.in>\n"
            "Date: Sat, 7 Mar 2020 at 22:14\nSubject: story\nTo: Priya <priya@example.com>\n\n\n" + WORDS)
    assert clean_answer(text) == f"FYI\n\n{WORDS}"
    apple = ("Begin forwarded message:\n\n> From: Rahul <rahul@example.in>\n> Subject: story\n"
             "> Date: 7 March 2020\n> To: Priya\n> \n> " + WORDS)
    assert clean_answer(apple) == WORDS


def test_our_own_message_forwarded_back_is_not_taken_as_the_answer():
    text = ("Here is my photo\n\n---------- Forwarded message ---------\nFrom: HeForShe <stories@heforshe.example>\n"
            "Subject: Could you send us a photo of your sign?\n\nHello Kofi, we couldn't find a photo")
    assert clean_answer(text, skip_forwards_from="stories@heforshe.example") == "Here is my photo"


def test_words_that_merely_look_like_mail_furniture_are_kept():
    text = "Q: why?\nA: because -- honestly -- it's fair.\nOn reflection, I wrote this myself."
    assert clean_answer(text) == text


def test_wrapped_lines_are_joined_into_paragraphs_but_lists_and_short_lines_stay():
    wrapped = ("Gender equality matters to me because my daughter deserves every chance my\n"
               "son gets. At home we share everything.\n\nWhat I do:\n- cook\n- listen\nKofi")
    assert unwrap_plain(wrapped) == ("Gender equality matters to me because my daughter deserves every chance my "
                                     "son gets. At home we share everything.\n\nWhat I do:\n- cook\n- listen\nKofi")
    flowed = "Short line with a soft break \nthat continues.\n-- \nsig"
    assert unwrap_plain(flowed) == "Short line with a soft break that continues.\n-- \nsig"


def test_html_becomes_text_without_quotes_signatures_or_styles():
    html = ('<html><head><style>p{color:red}</style><title>x</title></head><body><div dir="ltr">Hello,<div><br>'
            '</div><div>Equality &amp; respect matter&nbsp;to me.<img src="cid:ii_1"></div>-- <br>'
            '<div class="gmail_signature">Kofi<br>Accra</div></div><div class="gmail_quote">'
            '<div class="gmail_attr">On Mon, 2 Mar 2020, HeForShe &lt;s@h.org&gt; wrote:<br></div>'
            '<blockquote class="gmail_quote">Please <b>send</b> a photo</blockquote></div>'
            '<script>alert(1)</script></body></html>')
    body = html_to_text(html)
    assert body.cids == ("ii_1",)
    assert "> Please send a photo" in body.text and "alert" not in body.text and "color" not in body.text
    assert clean_answer(body.text) == "Hello,\n\nEquality & respect matter to me."


@pytest.mark.parametrize("display,first", [
    ("Kofi Mensah", "Kofi"), ("Mensah, Kwame", "Kwame"), ('"Amir"', "Amir"), ("", ""),
    ("kofi@example.org", ""), ("Иван Петров", "Иван"),
])
def test_the_first_name_comes_from_the_display_name(display, first):
    assert first_name(display) == first


@pytest.mark.parametrize("data,charset,text", [
    ("Fran\xe7ois".encode("latin-1"), "iso-8859-1", "François"),
    ("\u201cquoted\u201d".encode("cp1252"), "iso-8859-1", "“quoted”"),  # labelled Latin-1, really windows-1252
    ("Jos\xe9".encode(), None, "José"),  # undeclared: UTF-8 first
    ("Jos\xe9".encode(), "us-ascii", "José"),  # mislabelled ASCII
    ("caf\xe9".encode("cp1252"), "x-unknown-charset", "café"),  # unknown label: UTF-8 fails, windows-1252 fits
    (b"\x81\x8d", "utf-8", "\x81\x8d"),  # bytes no charset explains still decode, never raise
])
def test_every_charset_decodes_or_falls_back_without_failing(data, charset, text):
    assert headers.decode_bytes(data, charset) == text


def test_broken_or_missing_headers_do_not_raise():
    msg = headers.read_message(b"Subject: =?utf-8?q?broken=ZZ?=\nDate: yesterday-ish\nFrom: not an address\n\nx")
    assert headers.sender(msg) == ("", "")
    assert headers.sent_at(msg) is None
    assert headers.header_text(msg, "Subject")
    assert headers.message_id(msg) == "" and headers.source_key(msg, b"raw").startswith("sha256:")
    long_id = headers.read_message(b"Message-ID: <" + b"x" * 400 + b"@example.org>\n\nx")
    assert headers.source_key(long_id, b"").startswith("sha256:")
