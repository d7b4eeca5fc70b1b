"""Verdict evidence exactly as each step stores it today (key order included), one literal per outcome,
for the evidence types' and the desk's tests."""

STORED = {
    "image_integrity/pass": ("image_integrity", {"photos": [
        {"position": 0, "format": "JPEG", "width": 600, "height": 800, "bytes": 40960},
        {"position": 1, "format": "HEIF", "width": 3024, "height": 4032, "bytes": 1843200}]}),
    "image_integrity/pass by SHA-256": ("image_integrity", {"photos": [
        {"position": 0, "format": "JPEG", "width": 4032, "height": 3024, "bytes": 2969600, "matched": "sha256"}]}),
    "image_integrity/fail": ("image_integrity", {
        "photos": [{"position": 0, "format": "PNG", "width": 640, "height": 480, "bytes": 30720}],
        "problem": "photo 2: original file is missing (No such file or directory)"}),
    "sign_check/pass": ("sign_check", {
        "found": True, "text": "#HeFurShe", "confidence": 0.88, "box": [120, 400, 420, 480],
        "read": [{"text": "I", "confidence": 0.91}, {"text": "#HeFurShe", "confidence": 0.88}],
        "tag": "#HeForShe", "edits": 1}),
    "sign_check/flag": ("sign_check", {
        "found": False, "text": "", "confidence": 0.0, "box": None, "read": [{"text": "HELLO", "confidence": 0.9}],
        "tag": "#HeForShe", "problem": "no #HeForShe sign read"}),
    "sign_check/flag after a second look": ("sign_check", {
        "found": False, "text": "", "confidence": 0.0, "box": None,
        "read": [{"text": "#SheForHe", "confidence": 0.97}], "tag": "#HeForShe", "problem": "no #HeForShe sign read",
        "look": "second"}),
    "sign_check/no photo": ("sign_check", {
        "found": False, "text": "", "confidence": 0.0, "box": None, "read": [], "tag": "#HeForShe",
        "problem": "no photo to read"}),
    "person_check/pass": ("person_check", {"faces": [
        {"box": [200, 100, 380, 300], "score": 0.81, "class": "face"},
        {"box": [400, 120, 520, 260], "score": 0.64, "class": "face"}], "threshold": 0.5}),
    "person_check/pass by nudenet": ("person_check", {"faces": [
        {"box": [200, 100, 380, 300], "score": 0.81, "class": "face"}], "threshold": 0.5, "found_by": "nudenet"}),
    "person_check/pass on a second look": ("person_check", {
        "faces": [{"box": [500, 300, 650, 450], "score": None, "class": "face"}], "threshold": 0.5,
        "below_threshold": [{"box": [505, 310, 640, 445], "score": 0.41, "class": "face"}],
        "found_by": "opencv-profile"}),
    "person_check/flag": ("person_check", {
        "faces": [], "threshold": 0.5,
        "below_threshold": [{"box": [1, 2, 30, 40], "score": 0.45, "class": "face"}],
        "problem": "no person found"}),
    "nudity_check/pass": ("nudity_check", {
        "unsafe": [], "recorded": [{"class": "MALE_BREAST_EXPOSED", "score": 0.62, "box": [10, 300, 200, 420]}],
        "threshold": 0.5, "classes": ["FEMALE_BREAST_EXPOSED", "FEMALE_GENITALIA_EXPOSED", "MALE_GENITALIA_EXPOSED",
                                      "BUTTOCKS_EXPOSED", "ANUS_EXPOSED"]}),
    "nudity_check/fail": ("nudity_check", {
        "unsafe": [{"class": "BUTTOCKS_EXPOSED", "score": 0.91, "box": [5, 20, 60, 90]}], "recorded": [],
        "threshold": 0.5, "classes": ["FEMALE_BREAST_EXPOSED", "FEMALE_GENITALIA_EXPOSED", "MALE_GENITALIA_EXPOSED",
                                      "BUTTOCKS_EXPOSED", "ANUS_EXPOSED"],
        "problem": "exposed nudity: BUTTOCKS_EXPOSED 0.91"}),
    "text_check/flag": ("text_check", {
        "length": 92, "min_chars": 20, "max_chars": 1200, "language": "en", "confidence": 0.97,
        "alternatives": [{"language": "en", "confidence": 0.97}, {"language": "nl", "confidence": 0.02}],
        "profanity": 0.04, "leetspeak": False, "threat": None,
        "personal_data": [{"kind": "phone", "start": 11, "end": 24, "text": "+44 20 7946 0"},
                          {"kind": "email", "start": 37, "end": 48, "text": "jo@mail.com"}],
        "spam_signals": [{"signal": "email", "detail": "an e-mail address"}],
        "flags": ["contains a phone number", "contains an e-mail address"]}),
    "text_check/offensive words": ("text_check", {
        "length": 52, "min_chars": 20, "max_chars": 1200, "language": "fr", "confidence": 0.95,
        "alternatives": [{"language": "fr", "confidence": 0.95}], "profanity": 0.12, "leetspeak": False,
        "threat": None, "offensive_words": [{"kind": "swearing", "word": "connasses", "language": "fr"},
                                            {"kind": "campaign's word", "word": "kukutomba", "language": "sw"}],
        "personal_data": [], "spam_signals": [],
        "flags": ["offensive words: “connasses” (swearing, fr), “kukutomba” (campaign's word, sw)"]}),
    "text_check/pass": ("text_check", {
        "length": 80, "min_chars": 20, "max_chars": 1200, "language": "de", "confidence": 0.88,
        "alternatives": [{"language": "de", "confidence": 0.88}], "profanity": 0.01, "leetspeak": False,
        "threat": None, "personal_data": [], "spam_signals": [], "flags": []}),
    "duplicate_check/flag": ("duplicate_check", {
        "photo_matches": [{"story": 7, "photo": 12, "distance": 3}],
        "text_matches": [{"story": 7, "kind": "exact", "cosine": 1.0},
                         {"story": 9, "kind": "similar", "cosine": 0.9612}],
        "duplicate_of": 7}),
    "duplicate_check/pass": ("duplicate_check", {"photo_matches": [], "text_matches": [], "duplicate_of": None}),
    "theme_tagging/pass": ("theme_tagging", {
        "themes": [{"name": "educating oneself", "score": 0.41}, {"name": "sharing the load", "score": 0.39}],
        "top": "educating oneself",
        "scores": [{"name": "educating oneself", "score": 0.41}, {"name": "sharing the load", "score": 0.39},
                   {"name": "calling out sexist language", "score": 0.2}]}),
    "theme_tagging/flag": ("theme_tagging", {
        "themes": [{"name": "sharing the load", "score": 0.12}], "top": "sharing the load",
        "scores": [{"name": "sharing the load", "score": 0.12}], "problem": "the answer matches none of the themes"}),
    "theme_tagging/no themes": ("theme_tagging", {"themes": [], "top": None, "scores": []}),
    "crashed": ("sign_check", {"error": "RuntimeError: model missing"}),
}

# Two shapes whose key order differs from the step's usual one (the same keys, the same values).
STORED_OTHER_ORDER = {
    "image_integrity/no photo": ("image_integrity", {"problem": "no photo", "photos": []}),
    "text_check/no answer": ("text_check", {
        "length": 0, "min_chars": 20, "max_chars": 1200, "language": "und", "confidence": 0.0, "alternatives": [],
        "profanity": 0.0, "leetspeak": False, "threat": None, "spam_signals": [], "personal_data": [],
        "flags": ["no answer text"]}),
    "theme_tagging/no answer": ("theme_tagging", {"themes": [], "top": None, "problem": "the answer is empty"}),
}

# Faces as versions before 2026-12 stored them, with the detector's guess at a gender; each reads (and is shown)
# as STORED's shape of the same name, where every face is a "face".
STORED_GENDERED = {
    "person_check/pass": ("person_check", {"faces": [
        {"box": [200, 100, 380, 300], "score": 0.81, "class": "FACE_FEMALE"},
        {"box": [400, 120, 520, 260], "score": 0.64, "class": "FACE_MALE"}], "threshold": 0.5}),
    "person_check/pass on a second look": ("person_check", {
        "faces": [{"box": [500, 300, 650, 450], "score": None, "class": "face"}], "threshold": 0.5,
        "below_threshold": [{"box": [505, 310, 640, 445], "score": 0.41, "class": "FACE_FEMALE"}],
        "found_by": "opencv-profile"}),
    "person_check/flag": ("person_check", {
        "faces": [], "threshold": 0.5,
        "below_threshold": [{"box": [1, 2, 30, 40], "score": 0.45, "class": "FACE_MALE"}],
        "problem": "no person found"}),
}
