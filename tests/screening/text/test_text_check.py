"""The text_check step end to end, on the real models, with a plain stand-in for the screening context."""
import json
from types import SimpleNamespace

import pytest

from storydesk.screening.result import StepResult
from storydesk.screening.steps import text_check
from storydesk.screening.text.personal_data import REMOVED, redact
from tests.screening.stored import stored

CAMPAIGN = SimpleNamespace(answer_min_chars=20, answer_max_chars=1200)
EVIDENCE_KEYS = {"length", "min_chars", "max_chars", "language", "confidence", "alternatives", "profanity",
                 "leetspeak", "threat", "spam_signals", "personal_data", "flags"}


def check(answer, campaign=CAMPAIGN) -> StepResult:
    result = stored(text_check.check(SimpleNamespace(answer=answer, campaign=campaign, story=None)))
    assert set(result.evidence) - {"offensive_words"} == EVIDENCE_KEYS  # stored only when words were found
    assert json.loads(json.dumps(result.evidence)) == result.evidence  # plain JSON types only
    return result


def test_the_step_is_named():
    assert text_check.name == "text_check"


def test_a_clean_answer_passes_with_full_score():
    result = check("Because my daughter deserves the same chances as my son. #HeForShe @HeForShe")
    assert (result.outcome, result.score) == ("pass", 1.0)
    assert result.evidence["flags"] == []
    assert result.evidence["language"] == "en"
    assert result.evidence["personal_data"] == [] and result.evidence["spam_signals"] == []


@pytest.mark.parametrize("answer", [
    "Sexual harassment must end.",
    "Rape culture and sexism hurt everyone.",
    "I call out sexist jokes at work.",
    "Domestic violence is never private.",
])
def test_the_campaigns_words_pass(answer):
    assert check(answer).outcome == "pass"


@pytest.mark.parametrize("answer", [None, "", "   \n\t "])
def test_no_text_is_flagged_for_a_human(answer):
    result = check(answer)
    assert (result.outcome, result.score) == ("flag", 0.0)
    assert result.evidence["flags"] == ["no answer text"]
    assert result.evidence["language"] == "und"


def test_too_short_is_flagged_with_the_limit():
    result = check("Fair is fair.")
    assert result.outcome == "flag"
    assert result.evidence["flags"] == ["answer too short (13 characters; at least 20)"]
    assert result.evidence["language"] == "und"  # and not French
    assert result.score == 0.5


def test_too_long_is_flagged_with_the_limit():
    answer = "Because my daughter deserves the same chances as my son. " * 25
    result = check(answer)
    assert result.outcome == "flag"
    assert result.evidence["flags"][0] == f"answer too long ({len(answer.strip()):,} characters; at most 1,200)"


def test_limits_come_from_the_campaign():
    strict = SimpleNamespace(answer_min_chars=100, answer_max_chars=300)
    assert "answer too short" in check("Equal pay for equal work is simply fair.", strict).evidence["flags"][0]


def test_offensive_answers_are_flagged_with_the_probability():
    result = check("You stupid bitch, shut up, nobody cares about equality.")
    assert result.outcome == "flag"
    assert result.evidence["profanity"] >= 0.75
    assert result.evidence["flags"] == [f"possibly offensive ({result.evidence['profanity']:.2f})",
                                        "offensive words: “You stupid” (insult, English), “bitch” (swearing, English)"]
    assert result.score <= 0.5


def test_offensive_words_in_other_languages_are_flagged_with_the_words():
    result = check("Les féministes sont des connasses hystériques, toutes.")
    assert result.outcome == "flag"
    assert result.evidence["offensive_words"] == [{"kind": "swearing", "word": "connasses", "language": "fr"}]
    assert result.evidence["flags"] == ["offensive words: “connasses” (swearing, French)"]  # named for a moderator
    assert result.score == 0.5


def test_disguised_abuse_is_flagged_and_says_so():
    result = check("This campaign is sh1t, you stup1d b1tches.")
    assert result.outcome == "flag"
    assert result.evidence["leetspeak"] is True
    assert result.evidence["flags"][0].startswith("possibly offensive, disguised spelling")


def test_personal_data_is_flagged_with_spans_the_desk_can_redact():
    answer = "Call me on +44 20 7946 0958 or write to john.doe@example.com. I live at 221B Baker Street."
    result = check(answer)
    assert result.outcome == "flag"
    found = result.evidence["personal_data"]
    assert [(p["kind"], answer[p["start"]:p["end"]]) for p in found] == [
        ("phone", "+44 20 7946 0958"), ("email", "john.doe@example.com"), ("address", "221B Baker Street")]
    assert result.evidence["flags"] == ["contains a phone number", "contains an e-mail address",
                                        "contains a street address"]
    assert redact(answer, found) == f"Call me on {REMOVED} or write to {REMOVED}. I live at {REMOVED}."


def test_spans_index_the_answer_as_stored_even_with_surrounding_space():
    answer = "\n  My number is 0712 345 678, call me about the campaign.  "
    found = check(answer).evidence["personal_data"]
    assert [answer[p["start"]:p["end"]] for p in found] == ["0712 345 678"]


def test_several_phone_numbers_are_counted():
    result = check("Call 0712 345 678 or 0733 456 789 to talk about equality.")
    assert "contains 2 phone numbers" in result.evidence["flags"]


def test_spam_signals_are_listed():
    answer = "BUY BITCOIN NOW and EARN $500 A DAY!!!!!! bit.ly/xyz #a #b #c #d #e #f"
    result = check(answer)
    signals = {s["signal"] for s in result.evidence["spam_signals"]}
    assert {"link", "hashtags", "repeated_characters", "all_caps", "promotion"} <= signals
    assert result.outcome == "flag"
    assert any(flag.startswith("too many hashtags: 6 hashtags") for flag in result.evidence["flags"])
    assert result.score < 0.5


def test_many_mentions_and_repeated_words_are_spam_signals():
    result = check("@anna_k @bob.m @carl_j @dina_x look look look look at this equality thing")
    signals = {s["signal"] for s in result.evidence["spam_signals"]}
    assert signals == {"mentions", "repeated_words"}


def test_an_email_is_said_once_not_twice():
    flags = check("Write to me at jo@example.org about the campaign.").evidence["flags"]
    assert flags == ["contains an e-mail address"]


@pytest.mark.parametrize("answer", [
    "Parce que ma fille mérite les mêmes chances que mon fils.",
    "المساواة بين الجنسين مسؤولية الجميع.",
    "Usawa wa kijinsia ni jukumu la kila mtu katika jamii.",
    "In 2020 I turned 18; 1 in 3 women experience violence, and women earn $0.82 per $1.",
    "I wear #HeForShe with pride: my mother raised 3 kids alone in 1985.",
])
def test_ordinary_answers_in_any_language_pass(answer):
    result = check(answer)
    assert result.outcome == "pass", result.evidence["flags"]


def test_campaign_file_can_add_topic_words():
    answer = "Honour crimes are damn cruel and must stop."
    plain = check(answer)
    assert plain.outcome == "flag"  # "damn" scores 0.8 here
    campaign = SimpleNamespace(answer_min_chars=20, answer_max_chars=1200,
                               raw={"screening": {"steps": [], "text_check": {"topic_words": ["damn"]}}})
    assert check(answer, campaign).outcome == "pass"


def test_hostile_text_is_checked_only_in_part():
    # What bounds its time is the cut, checked here; how long a check takes is measured by benchmarks, not
    # asserted (a loaded test machine made a 5-second limit fail at random).
    answer = "a.a@1-" * 20_000
    result = check(answer)
    assert result.outcome == "flag"
    assert f"only the first {text_check.MAX_ANALYSED_CHARS:,} characters were checked" in result.evidence["flags"]


def test_an_english_threat_in_an_answer_in_another_language_is_flagged():
    result = check("Ich weiß, wo du wohnst, und i am going to find you.")
    assert result.evidence["threat"] == "i am going to find you"
    assert result.outcome == "flag"
