"""Phone numbers, e-mail and street addresses in an answer, with spans the desk can redact."""
import json

import pytest

from storydesk.screening.text.personal_data import REMOVED, PersonalData, find_personal_data, redact

FOUND = [
    # (kind, text, the exact part found)
    ("phone", "Call me on +44 20 7946 0958 any time.", "+44 20 7946 0958"),
    ("phone", "My number is 0712 345 678.", "0712 345 678"),
    ("phone", "(555) 123-4567", "(555) 123-4567"),
    ("phone", "Text 555-123-4567 please", "555-123-4567"),
    ("phone", "+91 98765 43210", "+91 98765 43210"),
    ("phone", "Appelez-moi au 06 12 34 56 78.", "06 12 34 56 78"),
    ("phone", "Llámame: 612 345 678", "612 345 678"),
    ("phone", "whatsapp 0712345678", "0712345678"),
    ("phone", "+254712345678", "+254712345678"),
    ("phone", "0049 30 1234567", "0049 30 1234567"),
    ("phone", "+1 (555) 123-4567", "+1 (555) 123-4567"),
    ("phone", "call 555-1234", "555-1234"),
    ("phone", "Mein Handy: 0171 1234567", "0171 1234567"),
    ("phone", "+55 11 91234-5678", "+55 11 91234-5678"),
    ("email", "Write to john.doe@example.com if you want.", "john.doe@example.com"),
    ("email", "mail: amina_k+heforshe@mail.co.ke", "amina_k+heforshe@mail.co.ke"),
    ("email", "jo [at] gmail [dot] com", "jo [at] gmail [dot] com"),
    ("email", "reach me: jo at gmail dot com", "jo at gmail dot com"),
    ("address", "I live at 221B Baker Street, London.", "221B Baker Street"),
    ("address", "Come to 10 Downing St. now", "10 Downing St."),
    ("address", "12 Oak Rd", "12 Oak Rd"),
    ("address", "45 Avenue of the Americas", "45 Avenue of the Americas"),
    ("address", "J'habite au 12 rue de la Paix à Paris.", "12 rue de la Paix"),
    ("address", "14 rue d'Alésia", "14 rue d'Alésia"),
    ("address", "au 3 bis, avenue Foch", "3 bis, avenue Foch"),
    ("address", "Vivo en la Calle Mayor 5, Madrid.", "Calle Mayor 5"),
    ("address", "Moro na Rua das Flores, 123.", "Rua das Flores, 123"),
    ("address", "Abito in Via Roma 10 a Milano.", "Via Roma 10"),
    ("address", "Ich wohne in der Hauptstraße 5 in Berlin.", "Hauptstraße 5"),
    ("address", "Bahnhofstr. 12", "Bahnhofstr. 12"),
    ("address", "Berliner Strasse 12", "Berliner Strasse 12"),
    ("address", "Kerkstraat 3, Amsterdam", "Kerkstraat 3"),
    ("address", "P.O. Box 1234", "P.O. Box 1234"),
    ("profile_link", "Follow me: instagram.com/john.doe_88", "instagram.com/john.doe_88"),
    ("profile_link", "https://www.facebook.com/amina.k.", "https://www.facebook.com/amina.k"),
]

NOTHING_PERSONAL = [
    "In 2020 I turned 18.",
    "I was born in 1985 and have 3 kids.",
    "My son is 12 years old.",
    "#HeForShe @HeForShe #YearOfMaleAllyship",
    "It takes 5 minutes.",
    "She earned $45,000 while he earned $52,000.",
    "1 000 000 women marched.",
    "Over 1,500,000 signatures.",
    "€ 1.500.000 for shelters",
    "We raised 250 000 shillings.",
    "Population 7 800 000 000 people",
    "From 1990-2020 nothing changed.",
    "Since 2019 2020 2021 I volunteer.",
    "On 01/03/2020 we started.",
    "2020-03-01",
    "24/7 support, 100% behind you.",
    "At 10:30 on 8 March",
    "UN Resolution 1325 (2000) matters.",
    "Women earn 82 cents for every dollar.",
    "1 in 3 women experience violence.",
    "I walked 5 miles down the road.",
    "We were 3 on the street.",
    "I heard it via Instagram 3 times.",
    "Spring 2020 changed everything.",
    "Score: 3.14159265",
    "Call 911 now",
    "I read it at instagram.com/heforshe",
]


@pytest.mark.parametrize("kind, text, part", FOUND)
def test_personal_data_is_found_with_its_span(kind, text, part):
    found = find_personal_data(text, public_handles=["@HeForShe"])
    assert [(item.kind, item.text) for item in found] == [(kind, part)]
    item = found[0]
    assert text[item.start:item.end] == part


@pytest.mark.parametrize("text", NOTHING_PERSONAL)
def test_years_ages_counts_money_and_tags_are_not_personal_data(text):
    assert find_personal_data(text, public_handles=["@HeForShe"]) == []


def test_several_kinds_in_one_answer_come_in_order():
    text = "Call +33 6 12 34 56 78 or mail jo@example.org; I live at 12 rue de la Paix."
    found = find_personal_data(text)
    assert [item.kind for item in found] == ["phone", "email", "address"]
    assert [text[item.start:item.end] for item in found] == ["+33 6 12 34 56 78", "jo@example.org", "12 rue de la Paix"]


def test_a_phone_number_inside_a_profile_link_is_found_once():
    found = find_personal_data("Message me at https://wa.me/254712345678 please")
    assert [(item.kind, item.text) for item in found] == [("profile_link", "https://wa.me/254712345678")]


def test_evidence_is_plain_json():
    found = find_personal_data("Mail jo@example.org")
    assert json.loads(json.dumps([item.as_evidence() for item in found])) == [
        {"kind": "email", "start": 5, "end": 19, "text": "jo@example.org"}
    ]


def test_redact_replaces_each_span():
    text = "Call +44 20 7946 0958 or mail jo@example.org. Thanks!"
    assert redact(text, find_personal_data(text)) == f"Call {REMOVED} or mail {REMOVED}. Thanks!"


def test_redact_takes_evidence_dicts_and_pairs_and_merges_overlaps():
    text = "0123456789"
    assert redact(text, [{"kind": "phone", "start": 2, "end": 5, "text": "234"}]) == f"01{REMOVED}56789"
    assert redact(text, [(1, 4), (3, 6), (8, 20)]) == f"0{REMOVED}67{REMOVED}"
    assert redact(text, [(5, 5)]) == text
    assert redact(text, []) == text


def test_redact_works_on_evidence_from_the_unchanged_answer():
    answer = "  My number: 0712 345 678\n"
    spans = [item.as_evidence() for item in find_personal_data(answer)]
    assert redact(answer, spans) == f"  My number: {REMOVED}\n"


def test_nothing_found_means_redact_changes_nothing():
    text = "Because my daughter deserves the same chances as my son."
    assert redact(text, find_personal_data(text)) == text


def test_campaign_handle_is_not_a_personal_profile():
    assert find_personal_data("instagram.com/HeForShe", public_handles=["@HeForShe"]) == []
    assert [item.kind for item in find_personal_data("instagram.com/HeForShe")] == ["profile_link"]


def test_personal_data_is_a_frozen_value():
    item = PersonalData("phone", 0, 3, "123")
    with pytest.raises(AttributeError):
        item.start = 1
