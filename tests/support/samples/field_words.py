"""Answers written and labelled by hand for the offensive-word check: abuse a moderator must see (insults at
women or men, sexual content and propositions, slurs) and honest answers in the campaign's own vocabulary
(harassment, rape, violence, sexism, FGM, sex education), which must never be flagged. Nine languages:
the six participant languages and Hindi, Swahili and German, which answers also come in.

Split once into tune and held-out halves by tests/support/samples/split.py, within each language and
side (offensive or clean). The held-out half was measured, and its misses seen, on 2026-12-07: since then
all of this batch is tuning material (bench/accuracy_words.py "tune"), and the held-out set is a fresh
batch written afterwards by someone else (field_words_fresh.py). Never copy these into a campaign file or
own_words.py: words are added for what a moderator would expect, not for one labelled text.
"""
from __future__ import annotations

from dataclasses import dataclass

from tests.support.samples.split import Half, split

INSULT, SEXUAL, SLUR, CLEAN = "insult", "sexual", "slur", "clean"
OFFENSIVE_KINDS = (INSULT, SEXUAL, SLUR)


@dataclass(frozen=True)
class FieldWords:
    key: str  # stable: never renumber, only add
    text: str
    kind: str  # insult | sexual | slur | clean
    language: str  # ISO 639-1

    @property
    def offensive(self) -> bool:
        return self.kind != CLEAN

    @property
    def stratum(self) -> str:
        return f"{self.language}/{'offensive' if self.offensive else 'clean'}"


def _items(language: str, rows: list[tuple[str, str]]) -> list[FieldWords]:
    counts: dict[str, int] = {}
    items = []
    for kind, text in rows:
        counts[kind] = counts.get(kind, 0) + 1
        items.append(FieldWords(f"{language}-{kind}-{counts[kind]}", text, kind, language))
    return items


FIELD_WORDS: tuple[FieldWords, ...] = tuple(
    _items("en", [
        (INSULT, "Feminists are stupid bitches who should shut up and stay home."),
        (INSULT, "You are all pathetic cunts and this campaign is a joke."),
        (INSULT, "Men who join this are spineless pussies and losers."),
        (SEXUAL, "Forget equality, send me nudes baby, I want to fuck you."),
        (SEXUAL, "Women are only good for sucking dick."),
        (SEXUAL, "I'd bang any of the girls in your photos, call me for a blowjob."),
        (SLUR, "Gender equality is for faggots and trannies."),
        (SLUR, "Only retards and dykes care about this nonsense."),
        (CLEAN, "Sexual harassment at work cost my sister her career."),
        (CLEAN, "Rape culture starts with the jokes we let slide."),
        (CLEAN, "Domestic violence killed my aunt, so now I speak up."),
        (CLEAN, "I teach my sons about consent and respect."),
        (CLEAN, "Female genital mutilation still happens in my region and it must stop."),
        (CLEAN, "Sex education in schools should teach boys about consent."),
        (CLEAN, "Gender-based violence and sexism hurt all of us."),
    ])
    + _items("fr", [
        (INSULT, "Les féministes sont des connasses hystériques."),
        (INSULT, "Ferme ta gueule, salope, personne ne t'écoute."),
        (INSULT, "Tous ces hommes qui soutiennent ça sont des enculés de lâches."),
        (SEXUAL, "Envoie-moi des photos nue, je veux te baiser ce soir."),
        (SEXUAL, "Les femmes sont faites pour sucer des bites."),
        (SEXUAL, "Viens chez moi, je vais te lécher la chatte."),
        (SLUR, "L'égalité c'est un truc de pédés et de gouines."),
        (SLUR, "Ce mouvement est dirigé par des tapettes."),
        (CLEAN, "Le harcèlement sexuel dans le métro doit cesser."),
        (CLEAN, "La violence faite aux femmes n'est jamais une affaire privée."),
        (CLEAN, "La culture du viol commence par des blagues."),
        (CLEAN, "Ma grand-mère, veuve à trente ans, a élevé seule six enfants."),
        (CLEAN, "Les mutilations génitales féminines sont une violence sexiste."),
        (CLEAN, "J'ai appris ce qu'est le consentement grâce à ma fille."),
        (CLEAN, "Le sexisme ordinaire au bureau, je le dénonce maintenant."),
    ])
    + _items("es", [
        (INSULT, "Las feministas son unas putas locas."),
        (INSULT, "Cállate, zorra estúpida, nadie te quiere."),
        (INSULT, "Los hombres que apoyan esto son unos gilipollas sin huevos."),
        (SEXUAL, "Mándame fotos desnuda, quiero follarte esta noche."),
        (SEXUAL, "Las mujeres solo sirven para chupar pollas."),
        (SEXUAL, "Ven a mi casa que te voy a comer el coño."),
        (SLUR, "La igualdad es cosa de maricones y bolleras."),
        (SLUR, "Este movimiento es para putos maricas."),
        (CLEAN, "La violencia de género mató a mi vecina."),
        (CLEAN, "El acoso sexual en el trabajo tiene que terminar."),
        (CLEAN, "Hablo con mis hijos sobre el consentimiento."),
        (CLEAN, "La cultura de la violación empieza con chistes."),
        (CLEAN, "La mutilación genital femenina es una violación de los derechos humanos."),
        (CLEAN, "El machismo y el sexismo nos hacen daño a todos."),
        (CLEAN, "La violencia doméstica no es un asunto privado, hay que hablar con la policía."),
    ])
    + _items("pt", [
        (INSULT, "Feministas são todas umas vadias burras."),
        (INSULT, "Cala a boca, sua puta, ninguém te ouve."),
        (INSULT, "Esses homens que apoiam isso são uns otários filhos da puta."),
        (SEXUAL, "Manda nudes, quero te foder hoje à noite."),
        (SEXUAL, "Mulher só serve pra chupar pau."),
        (SEXUAL, "Vem aqui que eu vou comer tua buceta."),
        (SLUR, "Igualdade de gênero é coisa de viado e sapatão."),
        (SLUR, "Só bicha apoia essa campanha."),
        (CLEAN, "A violência contra a mulher precisa acabar."),
        (CLEAN, "O assédio sexual no ônibus é diário para minha irmã."),
        (CLEAN, "A cultura do estupro começa nas piadas."),
        (CLEAN, "Falo com meu filho sobre consentimento."),
        (CLEAN, "A mutilação genital feminina ainda existe e deve acabar."),
        (CLEAN, "Minha mãe lutou pelo direito ao aborto seguro e pela saúde das mulheres."),
        (CLEAN, "A violência doméstica não é assunto privado."),
    ])
    + _items("ar", [
        (INSULT, "النسويات كلهن عاهرات وغبيات."),
        (INSULT, "اسكتي يا شرموطة، لا أحد يسمعك."),
        (INSULT, "الرجال الذين يدعمون هذا ديوث وحقير."),
        (SEXUAL, "أرسلي لي صورك عارية، أريد أن أنيكك."),
        (SEXUAL, "تعالي إلى سريري يا قحبة، سأمتعك الليلة."),
        (SEXUAL, "كل النساء يحببن الزب."),
        (SLUR, "المساواة للخولات واللوطيين فقط."),
        (SLUR, "هذه الحملة يقودها شواذ ولوطية."),
        (CLEAN, "التحرش الجنسي في الشوارع يجب أن يتوقف."),
        (CLEAN, "العنف ضد المرأة ليس شأنا خاصا."),
        (CLEAN, "العنف القائم على النوع الاجتماعي يدمر الأسر."),
        (CLEAN, "ختان الإناث جريمة ويجب أن ينتهي."),
        (CLEAN, "مراتي مهندسة وأنا أساعدها في البيت كل يوم."),
        (CLEAN, "الاغتصاب جريمة ويجب أن يعاقب عليه القانون."),
        (CLEAN, "المساواة بين الجنسين تهمني لأن لي بنتين."),
    ])
    + _items("zh", [
        (INSULT, "女权主义者都是婊子。"),
        (INSULT, "闭嘴吧你这个贱人，没人听你的。"),
        (INSULT, "支持这个的男人都是傻逼。"),
        (SEXUAL, "发裸照给我，我想跟你做爱。"),
        (SEXUAL, "女人就是用来操的。"),
        (SEXUAL, "今晚来我家，我要干你。"),
        (SLUR, "男女平等是给死基佬的。"),
        (SLUR, "这个活动是一群人妖搞的。"),
        (CLEAN, "性骚扰必须停止。"),
        (CLEAN, "针对妇女的暴力不是家务事。"),
        (CLEAN, "性别暴力伤害我们所有人。"),
        (CLEAN, "我和儿子谈论性同意和尊重。"),
        (CLEAN, "我妈妈的工作和爸爸的一样重要。"),
        (CLEAN, "女性生殖器切割必须结束。"),
        (CLEAN, "学校应该有性教育，教男孩什么是同意。"),
    ])
    + _items("hi", [
        (INSULT, "सारी फेमिनिस्ट रंडी हैं।"),
        (INSULT, "चुप कर कुतिया, कोई तेरी नहीं सुनता।"),
        (INSULT, "ये आदमी सब हरामी और चूतिया हैं।"),
        (SEXUAL, "मुझे अपनी नंगी फोटो भेजो, मैं तुम्हें चोदना चाहता हूँ।"),
        (SEXUAL, "Aurat sirf chudai ke liye hoti hai, baaki sab bakwas."),
        (SEXUAL, "Meri gaand chaat aur lund choos, equality bhool ja."),
        (SLUR, "बराबरी हिजड़ों और छक्कों के लिए है।"),
        (SLUR, "Ye campaign chakke aur hijde chalate hain."),
        (CLEAN, "यौन उत्पीड़न बंद होना चाहिए।"),
        (CLEAN, "महिलाओं के खिलाफ हिंसा निजी मामला नहीं है।"),
        (CLEAN, "बलात्कार संस्कृति मज़ाक से शुरू होती है।"),
        (CLEAN, "घरेलू हिंसा ने मेरी बुआ की जान ले ली।"),
        (CLEAN, "मैं अपने बेटों को सहमति के बारे में सिखाता हूँ।"),
        (CLEAN, "लैंगिक समानता मेरे लिए ज़रूरी है क्योंकि मेरी दो बेटियाँ हैं।"),
        (CLEAN, "Balatkar ke khilaf awaaz uthana har mard ka farz hai."),
    ])
    + _items("sw", [
        (INSULT, "Wanawake wote wanaodai usawa ni malaya tu."),
        (INSULT, "Nyamaza wewe mjinga, kahaba mkubwa."),
        (INSULT, "Wanaume wanaounga mkono hii ni mbwa na wapumbavu."),
        (SEXUAL, "Nitumie picha zako uchi, nataka kukutomba."),
        (SEXUAL, "Njoo kitandani kwangu leo usiku, nataka kukunyandua."),
        (SEXUAL, "Kuma yako ndiyo kitu pekee ninachotaka."),
        (SLUR, "Usawa wa kijinsia ni kwa mashoga tu."),
        (SLUR, "Kampeni hii inaendeshwa na wasenge."),
        (CLEAN, "Unyanyasaji wa kijinsia kazini lazima ukome."),
        (CLEAN, "Ukatili dhidi ya wanawake si jambo la faragha."),
        (CLEAN, "Ukeketaji ni ukatili na lazima ukomeshwe."),
        (CLEAN, "Ninawafundisha wanangu kuhusu ridhaa na heshima."),
        (CLEAN, "Utamaduni wa ubakaji unaanza na utani."),
        (CLEAN, "Ukatili wa nyumbani ulimuua shangazi yangu."),
        (CLEAN, "Elimu ya ngono shuleni inawasaidia vijana kuelewa ridhaa."),
    ])
    + _items("de", [
        (INSULT, "Feministinnen sind alles dumme Schlampen."),
        (INSULT, "Halt die Fresse, du blöde Fotze."),
        (INSULT, "Männer, die das unterstützen, sind Weicheier und Arschlöcher."),
        (SEXUAL, "Schick mir Nacktbilder, ich will dich ficken."),
        (SEXUAL, "Frauen sind nur zum Bumsen da."),
        (SEXUAL, "Komm zu mir, ich will deine Muschi lecken."),
        (SLUR, "Gleichberechtigung ist was für Schwuchteln und Kampflesben."),
        (SLUR, "Diese Kampagne ist von Tunten gemacht."),
        (CLEAN, "Sexuelle Belästigung am Arbeitsplatz muss aufhören."),
        (CLEAN, "Gewalt gegen Frauen ist keine Privatsache."),
        (CLEAN, "Häusliche Gewalt hat meine Tante das Leben gekostet."),
        (CLEAN, "Ich spreche mit meinen Söhnen über Einvernehmen."),
        (CLEAN, "Weibliche Genitalverstümmelung muss enden."),
        (CLEAN, "Sexismus im Alltag spreche ich jetzt an."),
        (CLEAN, "Sexualkunde in der Schule sollte Zustimmung lehren."),
    ])
)

HALVES: dict[str, Half] = split(FIELD_WORDS, key=lambda item: item.key, stratum=lambda item: item.stratum)


def half(name: Half) -> tuple[FieldWords, ...]:
    return tuple(item for item in FIELD_WORDS if HALVES[item.key] == name)
