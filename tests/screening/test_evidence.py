"""Each step's Evidence type: the JSON it writes is the JSON stored today (key for key, in order), it reads
back what it wrote, it reads older and partial shapes without failing, and Screening hands other layers
the facts they need without their reading any step's keys."""
import json

import pytest

from storydesk.screening.evidence import (
    EVIDENCE,
    Box,
    Crashed,
    Detected,
    DuplicateEvidence,
    ImageIntegrityEvidence,
    NudityEvidence,
    PersonalDataSpan,
    PersonEvidence,
    PhotoFile,
    PhotoMatch,
    ReadText,
    Screening,
    SignEvidence,
    TextEvidence,
    TextMatch,
    ThemeEvidence,
    ThemeScore,
    Unexplained,
    Unrecognised,
    as_shown,
    load,
    step_label,
)
from storydesk.screening.pipeline import STEPS
from tests.screening.stored_shapes import STORED, STORED_GENDERED, STORED_OTHER_ORDER


def test_every_step_has_an_evidence_type():
    assert set(EVIDENCE) == set(STEPS)
    assert all(kind.step == step for step, kind in EVIDENCE.items())


@pytest.mark.parametrize("name", STORED)
def test_stored_evidence_reads_as_its_type_and_writes_the_same_json_byte_for_byte(name):
    step, data = STORED[name]
    evidence = load(step, json.loads(json.dumps(data)))
    assert isinstance(evidence, Crashed if name == "crashed" else EVIDENCE[step])
    assert json.dumps(evidence.to_json(), ensure_ascii=False) == json.dumps(data, ensure_ascii=False)


@pytest.mark.parametrize("name", STORED_OTHER_ORDER)
def test_shapes_stored_in_another_key_order_keep_their_keys_and_values(name):
    step, data = STORED_OTHER_ORDER[name]
    assert load(step, data).to_json() == data


@pytest.mark.parametrize("evidence", [
    ImageIntegrityEvidence((PhotoFile(0, "JPEG", 600, 800, 40960),), "photo 2: original file is missing"),
    SignEvidence(True, "#HeForShe", 0.93, (120, 400, 420, 480), (ReadText("#HeForShe", 0.93),), "#HeForShe", 0),
    SignEvidence(read=(ReadText("HELLO", 0.9),), tag="#HeForShe", problem="no #HeForShe sign read"),
    SignEvidence(True, "#HeForShe", 0.9, (1, 2, 30, 40), (ReadText("#HeForShe", 0.9),), "#HeForShe", 0,
                 look="second"),
    PersonEvidence((Detected("face", 0.81, (200, 100, 380, 300)),), 0.5),
    PersonEvidence((), 0.5, (Detected("face", 0.45, (1, 2, 30, 40)),), "no person found"),
    PersonEvidence((Detected("face", None, (5, 6, 70, 80)),), 0.5, (Detected("face", 0.4, (1, 2, 70, 80)),),
                   found_by="opencv-profile"),
    NudityEvidence((Detected("ANUS_EXPOSED", 0.7, (1, 1, 9, 9)),), (), 0.5, ("ANUS_EXPOSED",), "exposed nudity"),
    TextEvidence(80, 20, 1200, "en", 0.97, (), 0.01, False, None,
                 (PersonalDataSpan("email", 9, 20, "jo@mail.com"),), (), ("contains an e-mail address",)),
    DuplicateEvidence((PhotoMatch(7, 12, 3),), (TextMatch(9, "similar", 0.96),), 7),
    ThemeEvidence((ThemeScore("educating oneself", 0.4),), "educating oneself",
                  (ThemeScore("educating oneself", 0.4), ThemeScore("sharing the load", 0.1))),
    ThemeEvidence(problem="the answer is empty"),
])
def test_each_type_survives_the_trip_through_json(evidence):
    stored = json.loads(json.dumps(evidence.to_json()))
    assert type(evidence).from_json(stored) == evidence
    assert load(evidence.step, stored) == evidence


def test_explain_says_it_in_a_moderators_words():
    assert SignEvidence(True, "#HeFurShe", 0.88, edits=1).explain() == [
        "Read “#HeFurShe” on the sign (one letter off — a handwriting or reading slip), 88 % sure."]
    assert SignEvidence(tag="#HeForShe").explain() == ["No #HeForShe sign read: no text was read at all."]
    assert PersonEvidence((Detected("face", 0.81), Detected("face", 0.6)), 0.5).explain() == [
        "2 faces found (best 81 %; counted from 50 %)."]
    assert PersonEvidence((Detected("face", 0.81),), 0.5, found_by="nudenet").explain() == [
        "1 face found by NudeNet (best 81 %; counted from 50 %)."]
    assert PersonEvidence((Detected("face"),), 0.5, (Detected("face", 0.41),), found_by="opencv-profile"
                          ).explain() == ["1 face found by OpenCV's profile-face cascade on a second look "
                                          "(NudeNet half saw 1 face, best 41 %, too unsure to count)."]
    assert PersonEvidence((), 0.5, (Detected("face", 0.41), Detected("face", 0.3)), "no person found").explain() == [
        "No person found. The detector half saw 2 faces, best 41 %, too unsure to count."]
    assert PersonEvidence((Detected("face"), Detected("face")), 0.5, found_by="opencv-frontal").explain() == [
        "2 faces found by OpenCV's frontal-face cascade on a second look (NudeNet found none)."]
    assert PersonEvidence((Detected("face", 0.62),), 0.5, found_by="nudenet-closer").explain() == [
        "1 face found by NudeNet looking closer, at parts of the photo (best 62 %; counted from 50 %)."]
    assert NudityEvidence((Detected("FEMALE_BREAST_EXPOSED", 0.91),)).explain() == [
        "Exposed nudity: female breast exposed 91 %."]
    assert TextEvidence(5, 20, 1200, flags=("answer too short (5 characters; at least 20)",)).explain() == [
        "5 characters (the campaign asks for 20–1,200).", "Answer too short (5 characters; at least 20)."]
    assert DuplicateEvidence(text_matches=(TextMatch(9, "exact", 1.0),), duplicate_of=9).explain() == [
        "The same words as story 9 (100 % alike)."]
    assert DuplicateEvidence().explain() == ["Not a repeat of any earlier story."]
    assert Crashed("RuntimeError: model missing").explain() == ["The step crashed: RuntimeError: model missing"]
    assert Unrecognised({"hair_colour": "blue"}).explain() == ["hair colour: blue"]


@pytest.mark.parametrize("name", STORED_GENDERED)
def test_faces_stored_with_a_gender_read_and_show_as_faces(name):
    step, gendered = STORED_GENDERED[name]
    evidence = load(step, json.loads(json.dumps(gendered)))
    assert evidence == load(*STORED[name])
    assert evidence.to_json() == STORED[name][1] == as_shown(step, gendered)
    assert "FACE_" not in json.dumps(as_shown(step, gendered)) and "FACE_" not in " ".join(evidence.explain())
    assert as_shown(step, STORED[name][1]) == STORED[name][1]


def test_only_person_evidence_is_read_for_faces_and_nothing_else_changes():
    step, nudity = STORED["nudity_check/pass"]
    assert as_shown(step, nudity) is nudity  # nudity classes are what they say
    odd = {"faces": ["not a face", {"class": "FACE_MALE", "extra": 1}], "mood": "FACE_MALE"}
    assert as_shown("person_check", odd) == {"faces": ["not a face", {"class": "face", "extra": 1}],
                                             "mood": "FACE_MALE"}
    assert as_shown("person_check", None) is None


def test_each_step_has_words():
    assert [step_label(step) for step in STEPS] == [
        "Photo file check", "Sign check", "Person check", "Nudity check", "Answer check", "Duplicate check",
        "Theme tagging"]
    assert step_label("hair_colour_check") == "Hair colour check"  # a campaign's own step, readable


def test_words_that_need_a_missing_fact_say_so_rather_than_invent_it():
    with pytest.raises(Unexplained):
        DuplicateEvidence((PhotoMatch(7),)).explain()  # no distance stored: not "0 of 64 bits"


def test_only_the_sign_and_faces_are_drawn_over_the_photo():
    sign_step, sign = STORED["sign_check/pass"]
    person_step, person = STORED["person_check/pass"]
    assert load(sign_step, sign).boxes() == [Box("sign", "sign: #HeFurShe", 120, 400, 420, 480)]
    assert [(b.kind, b.label, b.x, b.y, b.width, b.height) for b in load(person_step, person).boxes()] == [
        ("face", "face 81 %", 200, 100, 180, 200), ("face", "face 64 %", 400, 120, 120, 140)]
    assert load(*STORED["person_check/pass on a second look"]).boxes() == [Box("face", "face", 500, 300, 650, 450)]
    for name in ("nudity_check/fail", "image_integrity/pass", "text_check/flag", "duplicate_check/flag",
                 "theme_tagging/pass", "sign_check/flag", "crashed"):
        assert load(*STORED[name]).boxes() == []


# --- the tolerant loader on older and partial shapes ---------------------------------------------------

@pytest.mark.parametrize("step", list(EVIDENCE))
@pytest.mark.parametrize("stored", [{}, None, [], "not an object", {"a_key_from_the_future": [1, 2]}])
def test_any_stored_value_reads_as_the_steps_type_with_defaults(step, stored):
    evidence = load(step, stored)
    assert evidence == EVIDENCE[step]()
    assert isinstance(evidence.explain(), list) and evidence.boxes() == []


def test_a_partial_shape_keeps_what_it_has_and_ignores_what_it_does_not_know():
    # As the publishing tests' factories and early desk fixtures stored them: no read, tag or threshold.
    sign = load("sign_check", {"found": True, "text": "#HeForShe", "confidence": 0.9, "box": [1, 2, 30, 40],
                               "ocr_engine": "easyocr"})
    assert sign == SignEvidence(True, "#HeForShe", 0.9, (1, 2, 30, 40))
    assert load("person_check", {"faces": [{"box": [1, 2, 30, 40]}]}).faces == (Detected(box=(1, 2, 30, 40)),)
    text = load("text_check", {"length": 80, "language": "en", "flags": [], "personal_data": [
        {"kind": "phone", "start": 6, "end": 16}, "not a span", {"start": 1, "end": 3, "text": "ab"}]})
    assert text.personal_data == (PersonalDataSpan("phone", 6, 16), PersonalDataSpan("personal data", 0, 0),
                                  PersonalDataSpan("personal data", 1, 3, "ab"))
    assert text.explain() == ["80 characters.", "Language: English.",
                              "No offensive words, personal data or spam signals found."]


def test_a_sign_found_on_the_second_look_says_so_and_one_stored_before_there_were_two_looks_does_not():
    second = SignEvidence(True, "#HeForShe", 0.94, (1, 2, 30, 40), tag="#HeForShe", edits=0, look="second")
    assert second.explain() == ["Read “#HeForShe” on the sign on a second, closer look, 94 % sure."]
    before = load(*STORED["sign_check/pass"])
    assert before.look == "" and "closer look" not in before.explain()[0]


def test_values_of_the_wrong_type_are_treated_as_missing():
    sign = load("sign_check", {"found": "yes", "confidence": "high", "box": "somewhere", "read": "HELLO", "edits": 1.5})
    assert sign == SignEvidence(found=True)
    duplicates = load("duplicate_check", {"photo_matches": [{"story": "7"}, {"story": 8, "distance": 2}],
                                          "duplicate_of": "7"})
    assert duplicates == DuplicateEvidence((PhotoMatch(8, None, 2),), (), None)
    themes = load("theme_tagging", {"themes": [{"name": "a", "score": "high"}, {"score": 0.3}], "top": 3})
    assert themes == ThemeEvidence((ThemeScore("a", None),), None, None)


def test_an_error_is_a_crash_whatever_the_step_and_an_unknown_step_is_kept_as_recorded():
    assert load("theme_tagging", {"error": "MemoryError"}) == Crashed("MemoryError")
    other = load("campaign_own_step", {"colour": "blue", "n": 2})
    assert isinstance(other, Unrecognised) and other.to_json() == {"colour": "blue", "n": 2}


# --- Screening: the facts other layers take -------------------------------------------------------------

class Row:
    def __init__(self, step, evidence):
        self.step, self.evidence = step, evidence


def test_screening_hands_out_the_facts_other_layers_need():
    screening = Screening.of(Row(*STORED[name]) for name in (
        "image_integrity/pass", "sign_check/pass", "person_check/pass", "nudity_check/pass", "text_check/flag",
        "duplicate_check/flag", "theme_tagging/pass"))
    assert screening.sign_read and screening.face_found
    assert [(s.kind, s.start, s.end, s.text) for s in screening.personal_data] == [
        ("phone", 11, 24, "+44 20 7946 0"), ("email", 37, 48, "jo@mail.com")]
    assert screening.duplicate_of == 7
    assert [m.story for m in screening.duplicates.text_matches] == [7, 9]
    assert [b.kind for b in screening.boxes()] == ["sign", "face", "face"]
    assert screening.get(TextEvidence).language_code == "en"


def test_screening_without_the_steps_or_after_a_crash_says_nothing_was_found():
    for screening in (Screening.of([]), Screening.of_rows([("sign_check", {"error": "boom"}),
                                                           ("person_check", {"error": "boom"})])):
        assert not screening.sign_read and not screening.face_found
        assert screening.personal_data == () and screening.duplicate_of is None and screening.boxes() == []
        assert screening.duplicates == DuplicateEvidence()
