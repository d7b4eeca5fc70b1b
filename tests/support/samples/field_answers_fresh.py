"""A second batch of field answers in Swahili and Hindi, written independently after the first batch's
held-out half (tests/support/samples/field_answers.py) had been measured, by a writer who had not read the
first batch's answers, the campaign file's theme examples or the code that tags them.

The whole batch is held out: nothing is ever tuned on it. It is what the benchmark reports Swahili and Hindi
on after their theme examples were improved, since the first batch's held-out half had already been seen
when those examples were changed. Same format and labelling as the first batch: one theme per answer, the
one a moderator would pick first; 3 Swahili and 2 Hindi answers per theme.

Never copy these sentences into a campaign file.
"""
from __future__ import annotations

from tests.support.samples.answers import (
    ACTION,
    AMPLIFYING,
    EDUCATING,
    LANGUAGE,
    MENTORING,
    STATUS_QUO,
    STEREOTYPES,
)
from tests.support.samples.field_answers import FieldAnswer
from tests.support.samples.split import HELD_OUT


def _answer(key: str, theme: str, language: str, text: str) -> FieldAnswer:
    return FieldAnswer(key=f"fresh-{key}", theme=theme, language=language, text=text, half=HELD_OUT)


FRESH_ANSWERS: tuple[FieldAnswer, ...] = (
    # Swahili (Kenya/Tanzania)
    _answer("sw-amp-1", AMPLIFYING, "sw",
            "Kwenye mikutano ya kijiji, akina mama walikuwa wakikaa nyuma kimya. Tangu nichaguliwe mwenyekiti "
            "nahakikisha kila mama anapewa nafasi ya kusema, na tunamsikiliza kweli."),
    _answer("sw-amp-2", AMPLIFYING, "sw",
            "Wazo la kuanzisha duka letu lilikuwa la dada yangu, lakini watu walikuwa wakinipongeza mimi. "
            "Siku hizi nasema wazi mbele ya wote kwamba sifa ni zake."),
    _answer("sw-amp-3", AMPLIFYING, "sw",
            "Mwanamke akiongea, mimi nanyamaza na kusikiliza."),
    _answer("sw-edu-1", EDUCATING, "sw",
            "Nimekuwa nikisoma vitabu vilivyoandikwa na wanawake, kama kile cha Wangari Maathai. Nimegundua "
            "mambo mengi kuhusu maisha yao ambayo sikuwahi kuyafikiria."),
    _answer("sw-edu-2", EDUCATING, "sw",
            "Badala ya kudhani najua kila kitu, nilimuuliza mke wangu anavyojisikia akirudi nyumbani usiku "
            "peke yake. Jibu lake lilinishtua sana."),
    _answer("sw-edu-3", EDUCATING, "sw",
            "Nasikiliza podikasti za wanawake ili nielewe changamoto zao."),
    _answer("sw-sq-1", STATUS_QUO, "sw",
            "Kwetu mila inasema binti hawezi kurithi shamba la baba yake. Niliwaambia wazee wa ukoo kwamba mila "
            "hiyo imepitwa na wakati, na mwishowe dada zangu wakapata sehemu yao."),
    _answer("sw-sq-2", STATUS_QUO, "sw",
            "Kwa nini mahari iendelee kumfanya mwanamke aonekane kama mali inayonunuliwa? Naihoji desturi hii "
            "hata kama wazee hawapendi kusikia."),
    _answer("sw-sq-3", STATUS_QUO, "sw",
            "\"Ndivyo ilivyokuwa tangu zamani\" si sababu ya kuendelea hivyo."),
    _answer("sw-act-1", ACTION, "sw",
            "Kila Jumamosi najitolea kwenye kituo kinachowasaidia waathirika wa ukatili wa kijinsia hapa Kisumu."),
    _answer("sw-act-2", ACTION, "sw",
            "Tuliunda kikundi cha vijana wa kiume mtaani kwetu. Kila mwezi tunachanga pesa kununua taulo za "
            "kike kwa wasichana wa shule ya msingi ili wasikose masomo."),
    _answer("sw-act-3", ACTION, "sw",
            "Nilimwona jamaa akimpiga mkewe sokoni, nikaingilia kati na kuwaita polisi."),
    _answer("sw-men-1", MENTORING, "sw",
            "Mimi ni meneja kwenye benki. Kuna msichana kwenye timu yangu mwenye kipaji kikubwa, kwa hiyo "
            "nakutana naye kila wiki kumfundisha na kumwandaa kwa ajili ya kupandishwa cheo."),
    _answer("sw-men-2", MENTORING, "sw",
            "Nilimpendekeza mwenzangu wa kazini, Neema, kwa nafasi ya msimamizi wa mradi. Alistahili kuliko "
            "mtu yeyote ofisini."),
    _answer("sw-men-3", MENTORING, "sw",
            "Namsaidia mfanyakazi mwenzangu wa kike kuandaa CV yake."),
    _answer("sw-lang-1", LANGUAGE, "sw",
            "Marafiki zangu walikuwa wakituma vichekesho vya kuwadhalilisha wanawake kwenye kundi la WhatsApp. "
            "Niliwaambia waache, havichekeshi hata kidogo."),
    _answer("sw-lang-2", LANGUAGE, "sw",
            "Mtu akisema \"huyu ni mwanamke tu, hajui kitu\", simnyamazii."),
    _answer("sw-lang-3", LANGUAGE, "sw",
            "Siku hizi sicheki utani wa kuwadharau wanawake. Nawaambia wazi kwamba maneno kama hayo yanaumiza."),
    _answer("sw-ster-1", STEREOTYPES, "sw",
            "Nilikua nikiambiwa kwamba mwanaume halii. Sasa nawafundisha wanangu wa kiume kwamba ni sawa kulia "
            "na kuonyesha hisia zao."),
    _answer("sw-ster-2", STEREOTYPES, "sw",
            "Mimi ndiye ninayepika na kufua nyumbani kwetu, na sioni aibu. Kazi za nyumbani si za wanawake "
            "peke yao."),
    _answer("sw-ster-3", STEREOTYPES, "sw",
            "Binti yangu anataka kuwa fundi wa magari. Watu wanasema hiyo ni kazi ya wanaume; mimi nasema "
            "hakuna kazi ya wanaume."),
    # Hindi
    _answer("hi-amp-1", AMPLIFYING, "hi",
            "मीटिंग में जब किसी महिला सहकर्मी को बीच में टोक दिया जाता है, तो मैं कहता हूँ, \"पहले इन्हें "
            "अपनी बात पूरी करने दीजिए।\""),
    _answer("hi-amp-2", AMPLIFYING, "hi",
            "हमारे मोहल्ले की सभा में अब औरतें भी मंच से बोलती हैं, और हम ध्यान से सुनते हैं।"),
    _answer("hi-edu-1", EDUCATING, "hi",
            "पहले मुझे लगता था कि मुझे सब पता है। फिर मैंने अपनी माँ और बहनों से पूछना शुरू किया कि उन्हें "
            "किन बातों से डर लगता है। उनके जवाब सुनकर मेरी आँखें खुल गईं।"),
    _answer("hi-edu-2", EDUCATING, "hi",
            "आजकल महिला लेखिकाओं की किताबें पढ़ रहा हूँ, ताकि उनका नज़रिया समझ सकूँ।"),
    _answer("hi-sq-1", STATUS_QUO, "hi",
            "हमारे यहाँ शादी के बाद लड़की का सरनेम बदलना ज़रूरी माना जाता है। मैं पूछता हूँ, क्यों? "
            "\"हमेशा से ऐसा होता आया है\" कोई जवाब नहीं है।"),
    _answer("hi-sq-2", STATUS_QUO, "hi",
            "मंदिर की समिति में सिर्फ़ आदमी ही क्यों बैठें? ये नियम बदलना चाहिए।"),
    _answer("hi-act-1", ACTION, "hi",
            "मैं हर रविवार एक एनजीओ के साथ बस्ती की लड़कियों को पढ़ाने जाता हूँ।"),
    _answer("hi-act-2", ACTION, "hi",
            "बस में एक आदमी लड़की को परेशान कर रहा था। मैं उठा, उसे रोका और कंडक्टर से कहा कि बस सीधे "
            "थाने ले चलो।"),
    _answer("hi-men-1", MENTORING, "hi",
            "ऑफ़िस में मेरी जूनियर प्रिया बहुत काबिल है, पर खुद को आगे नहीं रखती। मैं हर हफ़्ते उसके साथ "
            "बैठकर उसकी प्रेज़ेंटेशन तैयार करवाता हूँ, और प्रमोशन के लिए उसका नाम मैंने ही आगे बढ़ाया।"),
    _answer("hi-men-2", MENTORING, "hi",
            "अपनी टीम की नई महिला इंजीनियर को मैं कोडिंग और करियर दोनों में गाइड करता हूँ।"),
    _answer("hi-lang-1", LANGUAGE, "hi",
            "दोस्तों के ग्रुप में कोई औरतों पर भद्दा मज़ाक करे तो मैं चुप नहीं रहता, सीधा टोक देता हूँ।"),
    _answer("hi-lang-2", LANGUAGE, "hi",
            "\"चूड़ियाँ पहन ले\" जैसे ताने सुनकर अब मैं हँसता नहीं। बोल देता हूँ कि ये औरतों का अपमान है।"),
    _answer("hi-ster-1", STEREOTYPES, "hi",
            "मेरे बेटे को गुड़िया से खेलना पसंद है और मुझे इसमें कोई बुराई नहीं दिखती। खिलौने लड़के-लड़की "
            "के नहीं होते।"),
    _answer("hi-ster-2", STEREOTYPES, "hi",
            "घर में खाना मैं बनाता हूँ, बीवी गाड़ी ठीक करती है।"),
)
