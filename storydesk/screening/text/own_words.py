"""Our own short list of offensive words and phrases, for what no package's list has: the one place where
storydesk adds to safetype's and glin-profanity's lists (offensive_words.py reads it as one more list).

- Words: slurs and insults the packages miss (Devanagari हिजड़ा and छक्का in their plural forms, German
  "Tunte"), and Swahili, for which no package has a list at all. Written out in every form looked for.
- Phrases: sexual propositions in which a single word is everyday ("baiser" is also "to kiss", "comer" is
  "to eat", "polla" a young hen, 操 is in 操场 "playground"), but the phrase is not: "je veux te baiser",
  "vou te comer", "chupar pollas", "用来操". Regular expressions; read in every answer, whatever its
  language, because a phrase is specific where a word is not.

A campaign file adds its own words under [screening.text_check] (offence.py); these are for every campaign.
Chosen from the misses on the first batch of tests/support/samples/field_words.py and from what a
moderator of these languages would expect, not copied from any labelled text.
"""
from __future__ import annotations

INSULT, SEXUAL, SLUR = "insult", "sexual", "slur"

# language → kind → words ("|"-separated). Latin-letter words are read like the packages' Latin lists: in
# the answer's possible languages, or, when its language is unsure, only if they are whole words and no
# everyday word in another participant language. Words in other scripts are read in every answer.
WORDS: dict[str, dict[str, str]] = {
    "en": {
        INSULT: "skank|skanks|thot|thots|bimbo|bimbos|feminazi|feminazis|cuck|cucks",
        SLUR: "dyke|dykes",
    },
    "fr": {
        INSULT: "grognasse|grognasses|catin|catins",
        SLUR: "travelo|travelos",
        SEXUAL: "nichons",
    },
    "es": {  # not "perra" alone: also "my dog"; see PHRASES
        INSULT: "zorra|zorras|guarra|guarras|furcia|furcias|golfa|golfas",
        SLUR: "marimacho|marimachos|travelo|travelos",  # not Mexican "joto": Swahili "heat"
        SEXUAL: "mamada|mamadas|chúpamela|chupamela|culear",
    },
    "pt": {  # not "vagabundo": a bum; the feminine is the insult
        INSULT: "vagabunda|vagabundas",
        SEXUAL: "boquete|boquetes",
    },
    "hi": {
        # Not "kamini" or "kamine": read in every answer, they are a given name and German "Kamine" (fireplaces).
        INSULT: "कमीना|कमीनी|कमीने|kamina",
        # Not the singular छक्का / chakka: also a six in cricket ("chakka maara"); its plurals are rarely that.
        SLUR: "हिजड़ा|हिजड़े|हिजड़ों|हिजड़ो|छक्के|छक्कों|छक्को|hijda|hijde|hijdon|hijdo|chakke|chhakke|chakkon",
        # Not "chod…" or "choos": Hinglish spells "chhod" (leave) "chod", and "choos" is to suck a mango.
        SEXUAL: "chudai|chudaai|chudwa|chudwana",
    },
    "de": {
        SLUR: "Tunte|Tunten|Transe|Transen|Kampflesbe|Kampflesben",
    },
    "sw": {  # no package has a Swahili list
        INSULT: "malaya|kahaba|makahaba|mpumbavu|wapumbavu|mjinga|wajinga|mshenzi|washenzi",
        # "*": the verb goes on either side (ni-ta-ku-tomba, kukunyandua), as a campaign file's words can.
        SEXUAL: "kuma|kumamako|mboo|kufira|*tomba*|*tombwa|*nyandua*|*nyandue",
        SLUR: "msenge|wasenge|mashoga",  # not "shoga" alone: also a woman's word for her friend
    },
    "zh": {
        # Compounds, never the single characters 操, 干 and 逼 (操场 playground, 干活 work, 逼迫 to force);
        # 肏 and 屄 have no innocent use.
        SEXUAL: "肏|屄|操你|操死|操她|操逼|日你妈|日你娘|干死你|干你娘|约炮",
        INSULT: "贱逼|臭逼|烂逼|傻屄|屌你|屌你老母",
        SLUR: "基佬|人妖",
    },
}

# language → kind → regular expressions, matched case-insensitively between word boundaries (Chinese
# inside the text). The language only says whose phrase it is.
PHRASES: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {SEXUAL: (r"send\s+(?:me\s+)?(?:your\s+|some\s+)?nudes?",)},
    "fr": {INSULT: (r"(?:sale|sales|espèce\s+de|grosse)\s+(?:chiennes?|traînées?|truies?|vaches?)",), SEXUAL: (
        r"(?:te|t['’]|vous|la|les)\s*baiser",  # "je veux te baiser": fuck you; a kiss would be "t'embrasser"
        r"(?:je|j['’]|on|il|ils)\s*(?:te|vous|la|les)\s+baise",
        r"baise[sz]?[-\s]moi",
    )},
    "es": {INSULT: (r"(?:eres|sois|son|esa|esas|maldita|malditas|sucia|sucias)\s+(?:una\s+)?perras?",), SEXUAL: (
        r"(?:chupar?|chúpa\w*|chupa\w*|mamar?|mama\w*|comer|come\w*)\s+(?:la\s+|las\s+|una\s+|unas\s+|mi\s+)?pollas?",
        r"(?:te|os)\s+(?:voy|vamos|quiero)\s+a\s+follar",
    )},
    "pt": {INSULT: (r"(?:sua|suas|seu)\s+(?:piranhas?|cadelas?|galinhas?|vacas?)",), SEXUAL: (
        r"(?:vou|quero|queria|vamos|deixa\s+eu)\s+te\s+comer",
        r"manda\s+nudes?",
    )},
    "sw": {INSULT: (r"(?:wewe|ninyi|nyinyi)\s+(?:ni\s+)?(?:mbwa|nguruwe|punda)",
                     r"(?:mbwa|nguruwe|punda)\s+(?:wewe|ninyi|nyinyi)")},  # animals, said to someone
    "zh": {SEXUAL: (
        # 操/干 followed by what makes them "fuck", not 操作 (operate), 操心 (worry), 干活 (work).
        r"(?:用来|拿来|就是|被|想|要|来)操(?![作心场练控纵守办劳持盘刀行演])",
        r"(?:要|想|去)干你(?=[\s。！？!?，,.~～]|$)",  # at the end: not 要干你自己的事, "do your own thing"
    )},
}
