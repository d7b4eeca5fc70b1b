"""Offensive words in any language the campaign receives, found by word lists that ship inside two wheels
and our own short list.

alt-profanity-check (profanity.py) reads English only. For the rest:

- safetype (MIT): curated rules with a category each (swearing, insult, slur, sexual) for English,
  French, Spanish, Portuguese, German and Hindi in both scripts; whole words, so "Scunthorpe",
  "assessment" and "Dickens" are safe. Every pack runs on every answer: its words are specific enough.
- glin-profanity (MIT): plain word lists for 24 languages (Arabic and Chinese among them), with no
  category. Lists in a script of their own (Arabic, Chinese, Cyrillic…) run on every answer; lists in
  Latin letters only in the languages the answer may be in, because one language's insult is another's
  everyday word (French "con" is Spanish "with"). Chinese has no spaces, so its entries are looked for
  inside the text, and one-character entries are left out: 性 is in 女性 ("woman"), 奶 in 奶奶 ("grandma").
- own_words.py: what no package has (Swahili, Devanagari slurs, Chinese compounds for 操 and 逼), and
  sexual propositions whose words are everyday alone ("te baiser", "vou te comer", 用来操).

When the answer's language is unsure ("und"), or guessed as none of the participants' Latin-letter
languages (a Spanish sentence read as Tagalog), every participant's Latin-letter list is read, but only
its words that are no everyday word in another participant language, by pyspellchecker's frequencies
(Spanish "coño" is read; French "con", Spanish "with", and French "bite", English "bite", are not).

Both package lists hold the words this campaign exists to talk about ("rape", "sex", اغتصاب, 强奸,
balatkar), and some everyday words (French "veuve", widow; Arabic مراتي, my wife). Those are taken out of the
text before any list is read, in every language at once: the campaign's own vocabulary is never offensive.

Measured on all of the first batch of tests/support/samples/field_words.py (135 answers in 9 languages):
72 of 72 insults, sexual texts and slurs flagged, 0 of 63 answers in the campaign's vocabulary; 0 of the
237 honest answers of answers.py and field_answers.py, also when every one is read as of unsure language;
6–11 ms per answer with alt-profanity-check. (Before own_words.py and the unsure reading: 64 of 72.)
"""
from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from storydesk.screening.text import own_words

# What a safetype category means to a moderator; glin-profanity's lists have no categories.
_SAFETYPE_KINDS = {"profanity": "swearing", "harassment": "insult", "hate": "slur", "sexual": "sexual"}
_SAFETYPE_PACKS = ("en", "fr", "es", "pt", "de", "hi", "hi-latn")
LISTED = "offensive word"  # a glin-profanity entry: the list does not say which kind
CAMPAIGN = "campaign's word"  # a word the campaign file asks to flag

# Romanised Hindi is read in every answer: lingua knows Hindi only in Devanagari, so it never says "hi"
# for "Hinglish", and these words are nobody's everyday words in other languages.
_ANY_LATIN = frozenset({"hi"})

# The participants' languages written in Latin letters: when an answer's language is unsure, or guessed
# as none of these, their lists are all read, but only for words that are no everyday word in another.
CROSS_LANGUAGES = frozenset({"en", "fr", "es", "pt", "de", "sw"})
# A word used this often in a language is an everyday word of it (pyspellchecker's counts, from film
# subtitles): Spanish "con" is used ~10,800 times per million words, English "bite" 34, "fag" 2.
EVERYDAY_PER_MILLION = 1.0

# glin-profanity's list names, by the language codes language.py gives.
_GLIN_LISTS = {
    "ar": "arabic", "zh": "chinese", "cs": "czech", "da": "danish", "nl": "dutch", "en": "english",
    "eo": "esperanto", "fi": "finnish", "fr": "french", "de": "german", "hi": "hindi", "hu": "hungarian",
    "it": "italian", "ja": "japanese", "ko": "korean", "nb": "norwegian", "nn": "norwegian", "fa": "persian",
    "pl": "polish", "pt": "portuguese", "ru": "russian", "es": "spanish", "tr": "turkish", "sv": "swedish",
    "th": "thai",
}
_GLIN_CODES = tuple(sorted(set(_GLIN_LISTS) - {"nn"}))  # Norwegian's one list, once

# The campaign's own vocabulary in every participant language and the others answers come in: what it
# fights is named by words the lists hold. A campaign file adds its own under topic_words. (Pornography was
# English-only until the fresh batch flagged an honest "pornografía": now every language has it.)
CAMPAIGN_VOCABULARY = {
    "en": "sexual harassment|harassment|violence against women|gender-based violence|gender based violence|"
          "rape culture|rape|raped|rapist|sexism|sexist|domestic violence|female genital mutilation|fgm|"
          "consent|sex education|sexual violence|sexual assault|sexual abuse|sex|sexual|sexuality|"
          "sex work|sex trafficking|gang rape|marital rape|porn|pornography|prostitution|"
          # The words the English model must not read as abuse (profanity.py), in one vocabulary with the rest.
          "rapes|raping|rapists|sexually|sexists|harass|harassed|harasser|harassing|molest|molested|molesting|"
          "molestation|groped|groping|kill|killed|killing|killings|kills|murder|murdered|murders|femicide|"
          "violence|violent|abuse|abused|abuser|abusers|abusive|assault|assaulted|assaults|beat|beaten|beating|"
          "beatings|hit|hitting|trafficking|genital|genitals|mutilation|breast|breasts|misogyny|misogynist|"
          "misogynistic|women|woman|girls",
    "fr": "harcèlement sexuel|violence faite aux femmes|violences faites aux femmes|violence contre les femmes|"
          "violences sexistes|violence de genre|culture du viol|viol|violé|violée|sexisme|sexiste|"
          "violence conjugale|violences conjugales|violence domestique|mutilations génitales féminines|"
          "mutilation génitale féminine|excision|consentement|éducation sexuelle|agression sexuelle|sexe|"
          "sexuel|sexuelle|prostitution|pornographie|porno",
    "es": "acoso sexual|violencia contra la mujer|violencia contra las mujeres|violencia de género|"
          "cultura de la violación|violación|violador|violada|sexismo|sexista|machismo|violencia doméstica|"
          "violencia intrafamiliar|mutilación genital femenina|consentimiento|educación sexual|"
          "abuso sexual|agresión sexual|sexo|sexual|prostitución|prostituta|prostitutas|asesinato|feminicidio|"
          "pornografía|porno",
    "pt": "assédio sexual|violência contra a mulher|violência contra as mulheres|violência de gênero|"
          "cultura do estupro|estupro|estuprador|sexismo|sexista|machismo|violência doméstica|"
          "mutilação genital feminina|consentimento|educação sexual|abuso sexual|sexo|sexual|aborto|"
          "prostituição|feminicídio|pornografia|pornô|porno",
    "de": "sexuelle belästigung|gewalt gegen frauen|geschlechtsspezifische gewalt|vergewaltigungskultur|"
          "vergewaltigung|sexismus|sexistisch|häusliche gewalt|weibliche genitalverstümmelung|"
          "genitalverstümmelung|einvernehmen|zustimmung|sexualerziehung|sexualkunde|sex|sexuell|"
          "prostitution|pornografie|porno",
    "ar": "التحرش الجنسي|التحرش|العنف ضد المرأة|العنف ضد النساء|العنف القائم على النوع الاجتماعي|"
          "العنف القائم على الجنس|ثقافة الاغتصاب|الاغتصاب|اغتصاب|التمييز الجنسي|التمييز على أساس الجنس|"
          "العنف الأسري|العنف المنزلي|ختان الإناث|تشويه الأعضاء التناسلية للإناث|الموافقة|التراضي|"
          "التربية الجنسية|الاعتداء الجنسي|العنف الجنسي|الجنسين|الجنس|جنس|جنسي|جنسية|المواد الإباحية|الإباحية",
    "zh": "性骚扰|针对妇女的暴力|对妇女的暴力|针对女性的暴力|性别暴力|基于性别的暴力|强奸文化|强奸|轮奸|"
          "性别歧视|家庭暴力|家暴|女性生殖器切割|女性割礼|性同意|同意|性教育|性侵|性暴力|性别|女性|男性|"
          "卖淫|月经|处女|色情",
    "hi": "यौन उत्पीड़न|उत्पीड़न|महिलाओं के खिलाफ हिंसा|महिलाओं के विरुद्ध हिंसा|लिंग आधारित हिंसा|"
          "बलात्कार संस्कृति|बलात्कार|लैंगिक भेदभाव|लिंगभेद|घरेलू हिंसा|महिला जननांग विकृति|"
          "महिला खतना|सहमति|यौन शिक्षा|यौन हिंसा|यौन शोषण|अश्लीलता|पोर्नोग्राफी|balatkar|yaun utpeedan|"
          "gharelu hinsa",
    "sw": "unyanyasaji wa kijinsia|unyanyasaji|ukatili dhidi ya wanawake|ukatili wa kijinsia|"
          "utamaduni wa ubakaji|ubakaji|kubaka|ubaguzi wa kijinsia|ukatili wa nyumbani|ukeketaji|"
          "ukeketaji wa wanawake|ridhaa|elimu ya ngono|ngono|ponografia",
}

# Named with words the lists hold, and written joined or hyphenated: "slut-shaming", "victim blaming".
TOPIC_PHRASES = r"(?<!\w)slut[\s-]*sham\w*|(?<!\w)victim[\s-]*blam\w*"

# Everyday words the lists hold, which honest answers use ("my wife", "widow", "adult", "passion").
ORDINARY_WORDS = {
    "fr": "veuve|bosser|folle|meuf|drague|baiser|gueule|bordel|cul|caca|pipi",
    # "chod": chhod, leave. "kamine": German for fireplaces (the romanised Hindi list is read in every answer).
    "hi": "maal|pataka|patakha|hawas|najayaz|chod|chodo|chodna|chod do|chodke|chodkar|kamine",
    "es": "infierno|drogas|martillo|racista|nazi|idiota|maldito|trio|orina",
    "pt": "cerveja|comer|mama|saco|burro|amador|inferno|homosexual|heterosexual|bissexual|lésbica|"
          "homem gay|camisinha|cocaína|heroína|torneira|aranha|ariano|fecal|lolita|consolo",
    "de": "nackt|bonze|mufti|popel|pinkeln|kimme|rosette",
    "ar": "مراتي|مراتى|مرات|جوزي|شعر|حمام|عايز|تعبان|اقعد|واقف|محروم|لبن|ورا|فرس|جاد|اركب|متع|علق|وسخ|"
          "بتاع|اندر|سلب|دكر|مشعر|فاجر|سافل|ثدي|سادي|سادى|شذوذ",
    "sw": "wa kike|ya kike|za kike|la kike|cha kike|vya kike|kwa kike",  # "female" (English "kike" is a slur)
    "zh": "成人|激情|祖宗|老二|老母|精子|卵子|阴道|外阴|包皮|刚度|私服|九游|处女|妈妈|奶奶|他妈妈|你妈妈|"
          "干你自己|干你的|干你想|干你该|干你爱",  # 干你 followed by "your own", "what you want": to do
}

_UNSPACED = re.compile(r"[\u0e00-\u0eff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
_LATIN = re.compile(r"^[\sA-Za-z\u00c0-\u024f'’.-]+$")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
# Arabic writes "and", "the", "with" and "to" onto the word itself: و+ال+عاهرة.
# and a verb its person (أ ي ت ن: أنيك, "I f…").
_ARABIC_PREFIX = r"(?:و|ف|ب|ل|ال|وال|فال|بال|لل|أ|ي|ت|ن)?"
_ARABIC_SUFFIX = r"(?:ة|ه|ها|ات|ين|ون|ك|ي)?"
_PLURAL = r"(?:s|es)?"  # salopes, putas, connards, Idiotas
# Spanish and Portuguese write the object onto the verb: follarte, foder-te.
_ENCLITIC = r"(?:-?(?:te|me|la|lo|le|nos|los|las|les|se))?"


@dataclass(frozen=True)
class WordFound:
    kind: str  # swearing | insult | slur | sexual | offensive word | campaign's word
    word: str  # as written in the answer
    language: str  # whose list it is on ("" for the campaign's words in every language)


def load() -> None:
    """Build the matchers now (a worker calls this at start-up, so no story pays for it)."""
    _safetype()
    for code in _GLIN_CODES:
        _glin(code, latin=False)
        _glin(code, latin=True)
        if code in CROSS_LANGUAGES:
            _glin_unambiguous(code)
    for code, kinds in own_words.WORDS.items():
        for kind in kinds:
            for which in ("script", "latin", "unambiguous"):
                _own(code, kind, which)
    _phrases()


def find_offensive_words(text: str, languages: Iterable[str] = (), *, topic_words: Iterable[str] = (),
                         extra_words: Iterable[str] = (),
                         extra_by_language: Mapping[str, Iterable[str]] | None = None) -> tuple[WordFound, ...]:
    """The offensive words in text, each once, in the order found, none of them the campaign's own.

    languages: the ones the answer may be in, the guess first (then its alternatives): Latin-letter lists
    of other languages are not read, unless the guess is none of the participants' Latin-letter languages
    ("und" when unsure, or Tagalog for a Spanish sentence): then every such list is read, but only its
    words that are no everyday word in another of those languages. extra_words flag in every language;
    extra_by_language only in its own (or, when the guess is unsure, where unambiguous).
    """
    languages = tuple(code for code in languages if code)
    codes = frozenset(languages)
    unsure = not languages or languages[0] not in CROSS_LANGUAGES
    topical = without_topic_words(text or "", topic_words)
    masked = _ordinary().sub(_blank, topical)
    found: list[tuple[int, WordFound]] = []
    for match in _safetype().moderate(masked).matches:
        found.append((match.start, WordFound(_SAFETYPE_KINDS.get(match.category, LISTED), match.text,
                                             match.rule_id.split(".")[0])))
    for code, pattern in _glin_matchers(codes, unsure):
        found += [(m.start(), WordFound(LISTED, m.group(0), code)) for m in pattern.finditer(masked)]
    for code, kind, pattern in _own_matchers(codes, unsure):
        found += [(m.start(), WordFound(kind, m.group(0), code)) for m in pattern.finditer(masked)]
    for code, kind, pattern in _phrases():  # before everyday words are masked: "te baiser", "te comer"
        found += [(m.start(), WordFound(kind, m.group(0), code)) for m in pattern.finditer(topical)]
    campaign = [("", w) for w in extra_words]
    campaign += [(code, w) for code, words in (extra_by_language or {}).items() for w in words
                 if code in codes or (unsure and code in CROSS_LANGUAGES and "*" not in w
                                      and not _everyday_elsewhere(w, code))]
    by_code: dict[str, set[str]] = {}
    for code, word in campaign:
        by_code.setdefault(code, set()).add(word.lower())
    for code, words in by_code.items():
        pattern = _campaign_words(tuple(sorted(words)))
        if pattern is not None:
            found += [(m.start(), WordFound(CAMPAIGN, m.group(0), code)) for m in pattern.finditer(masked)]
    return _once(found)


def _once(found: list[tuple[int, WordFound]]) -> tuple[WordFound, ...]:
    """One finding per word, in the order of the text: the more specific kind wins over a bare list entry."""
    by_word: dict[str, WordFound] = {}
    for _, item in sorted(found, key=lambda pair: pair[0]):
        key = item.word.casefold()
        if key not in by_word or by_word[key].kind == LISTED:
            by_word[key] = item
    return tuple(by_word.values())


def _blank(match: re.Match) -> str:
    return " " * len(match.group(0))


def without_topic_words(text: str, topic_words: Iterable[str] = ()) -> str:
    """The text with the campaign's vocabulary (CAMPAIGN_VOCABULARY, TOPIC_PHRASES and the campaign file's
    topic_words: phrases, and Chinese or Japanese inside the text, too) blanked out, lengths kept."""
    text = _campaign_vocabulary().sub(_blank, text)
    extra = _campaign_words(tuple(sorted({str(w).lower() for w in topic_words})))
    return extra.sub(_blank, text) if extra is not None else text


@functools.cache
def _campaign_vocabulary() -> re.Pattern:
    words = _table_pattern(CAMPAIGN_VOCABULARY)
    return re.compile(f"{TOPIC_PHRASES}|{words.pattern}", re.IGNORECASE)


@functools.cache
def _campaign_words(words: tuple[str, ...]) -> re.Pattern | None:
    """A campaign file's words as one pattern, compiled once per campaign, not per answer."""
    return _compile(words, latin_plural=False)


@functools.cache
def _ordinary() -> re.Pattern:
    return _table_pattern(ORDINARY_WORDS)


def _table_pattern(table: Mapping[str, str]) -> re.Pattern:
    pattern = _compile([w for line in table.values() for w in line.split("|")], latin_plural=False)
    assert pattern is not None
    return pattern


@functools.cache
def _safetype():
    from safetype import create_moderation_engine  # a word-list library: only a process that screens loads it

    return create_moderation_engine(languages=list(_SAFETYPE_PACKS))


@functools.cache
def _glin(code: str, *, latin: bool) -> re.Pattern | None:
    """One language's list as one pattern: its Latin-letter entries, or those in any other script."""
    from glin_profanity.data.dictionary import dictionary  # the lists as shipped in its wheel

    words = [w for w in dictionary.get_words(_GLIN_LISTS[code]) if _usable(w) and bool(_LATIN.match(w)) == latin]
    return _compile(words, latin_plural=True)


def _glin_matchers(codes: frozenset[str], unsure: bool) -> list[tuple[str, re.Pattern]]:
    """Every list's other-script entries, and the Latin-letter ones of the answer's possible languages
    (when its language is unsure, the unambiguous ones of every participant's Latin-letter language)."""
    wanted = [(code, _glin(code, latin=False)) for code in _GLIN_CODES]
    for code in _GLIN_CODES:
        if code in codes or code in _ANY_LATIN:
            wanted.append((code, _glin(code, latin=True)))
        elif unsure and code in CROSS_LANGUAGES:
            wanted.append((code, _glin_unambiguous(code)))
    return [(code, pattern) for code, pattern in wanted if pattern is not None]


@functools.cache
def _glin_unambiguous(code: str) -> re.Pattern | None:
    from glin_profanity.data.dictionary import dictionary

    words = [w for w in dictionary.get_words(_GLIN_LISTS[code]) if _usable(w) and _LATIN.match(w)]
    return _compile([w for w in words if not _everyday_elsewhere(w, code)], latin_plural=True)


def _own_matchers(codes: frozenset[str], unsure: bool) -> list[tuple[str, str, re.Pattern]]:
    """own_words.py's words, read as the packages' lists are."""
    wanted = []
    for code, kinds in own_words.WORDS.items():
        for kind in kinds:
            wanted.append((code, kind, _own(code, kind, "script")))
            if code in codes or code in _ANY_LATIN:
                wanted.append((code, kind, _own(code, kind, "latin")))
            elif unsure and code in CROSS_LANGUAGES:
                wanted.append((code, kind, _own(code, kind, "unambiguous")))
    return [(code, kind, pattern) for code, kind, pattern in wanted if pattern is not None]


@functools.cache
def _own(code: str, kind: str, which: str) -> re.Pattern | None:
    words = own_words.WORDS[code][kind].split("|")
    if which == "script":
        return _compile([w for w in words if not _LATIN.match(w.strip("*"))], latin_plural=False)
    latin = [w for w in words if _LATIN.match(w.strip("*"))]
    if which == "unambiguous":  # and whole: French "il tomba" (he fell) holds Swahili "*tomba*"
        latin = [w for w in latin if "*" not in w and not _everyday_elsewhere(w, code)]
    return _compile(latin, latin_plural=False)


@functools.cache
def _phrases() -> tuple[tuple[str, str, re.Pattern], ...]:
    return tuple((code, kind, re.compile(phrase if _UNSPACED.search(phrase) else rf"(?<!\w){phrase}(?!\w)",
                                         re.IGNORECASE))
                 for code, kinds in own_words.PHRASES.items() for kind, phrases in kinds.items()
                 for phrase in phrases)


def _everyday_elsewhere(word: str, code: str) -> bool:
    """Whether a listed word is an everyday word in another participant language, where it is on no list:
    French "con" is Spanish "with", English "bite" is French "dick", German "dick" English "fat"."""
    key = word.strip("*").lower()
    return any(key in words for other, words in _everyday().items() if other != code) and not any(
        key in _listed(other) for other in _everyday() if other != code)


@functools.cache
def _everyday() -> dict[str, frozenset[str]]:
    """Each Latin-letter participant language's words used at least EVERYDAY_PER_MILLION times per million
    words (pyspellchecker's frequency lists, which ship in its wheel), with and without accents."""
    from spellchecker import SpellChecker  # frequency lists: read once, kept as plain sets

    common = {}
    for code in ("en", "fr", "es", "pt", "de"):
        frequencies = SpellChecker(language=code, distance=1).word_frequency
        least = EVERYDAY_PER_MILLION * frequencies.total_words / 1_000_000
        words = {w for w, count in frequencies.dictionary.items() if count >= least}
        common[code] = frozenset(words | {_without_accents(w) for w in words})
    return common


@functools.cache
def _listed(code: str) -> frozenset[str]:
    from glin_profanity.data.dictionary import dictionary

    words = {w.lower() for w in dictionary.get_words(_GLIN_LISTS[code])} if code in _GLIN_LISTS else set()
    return frozenset(words | {_without_accents(w) for w in words})


def _usable(word: str) -> bool:
    # One Chinese or Japanese character is part of too many innocent words to look for on its own, and
    # two Latin letters ("cu", "pis") are a word in some other language.
    return len(word.strip()) > (2 if _LATIN.match(word) else 1)


def _compile(words: Iterable[str], *, latin_plural: bool) -> re.Pattern | None:
    alternatives = set()
    for word in {w.strip().lower() for w in words if w and w.strip()}:
        if not word.replace("*", "").strip():
            continue  # a campaign's "*" or "**" would flag every answer
        for variant in {word, _without_accents(word)}:
            body = r"\s+".join(re.escape(part) for part in variant.split())
            if _UNSPACED.search(variant):
                alternatives.add(body)  # no spaces between words: look inside the text
            elif _ARABIC.search(variant):
                alternatives.add(rf"(?<!\w){_ARABIC_PREFIX}{body}{_ARABIC_SUFFIX}(?!\w)")
            elif latin_plural and _LATIN.match(variant):
                ending = _ENCLITIC if variant.endswith("r") else _PLURAL
                alternatives.add(rf"(?<!\w){body}{ending}(?!\w)")
            else:  # other scripts, and a campaign's words, where "*" at either end lets the word go on
                body = r"\s+".join(re.escape(part) for part in variant.strip("*").split())
                # Anchored at a word's start even with "*": unanchored, "\w*" retried at every letter of a long
                # word is quadratic (a 20,000-letter word took 7.7 s).
                head = r"(?<!\w)\w*" if variant.startswith("*") else r"(?<!\w)"
                tail = r"\w*" if variant.endswith("*") else r"(?!\w)"
                alternatives.add(head + body + tail)
    if not alternatives:
        return None
    # Longest first, so "hijo de puta" is one finding, not "puta" inside it.
    return re.compile("|".join(sorted(alternatives, key=len, reverse=True)), re.IGNORECASE)


def _without_accents(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))
