"""A second batch of hand-labelled answers for the offensive-word check, written independently of the first
(tests/support/samples/field_words.py) after the first batch's held-out half had been measured, by a writer
who had not seen the first batch's texts or the word lists.

Same nine languages, same kinds: per language six offensive answers (two insults at women or men, two sexual
content or propositions, two slurs, one word per language spelled in disguise) and four honest answers in the
campaign's own vocabulary. It is held out entirely: never split, never tuned on, never a source of campaign
words. It is what the benchmark reports the offensive-word check on.
"""
from __future__ import annotations

from tests.support.samples.field_words import CLEAN, INSULT, SEXUAL, SLUR, FieldWords


def _fresh(language: str, rows: list[tuple[str, str]]) -> list[FieldWords]:
    counts: dict[str, int] = {}
    items = []
    for kind, text in rows:
        counts[kind] = counts.get(kind, 0) + 1
        items.append(FieldWords(f"fresh-{language}-{kind}-{counts[kind]}", text, kind, language))
    return items


FRESH_WORDS: tuple[FieldWords, ...] = (
    *_fresh("en", [
        (INSULT, "Typical women, all mouth and no brains. Go make me a sandwich, you useless cow."),
        (INSULT, "Men who 'support feminism' are spineless wankers begging for a pat on the head."),
        (SEXUAL, "Forget equality babe, send me your nudes and I'll show you my d1ck."),
        (SEXUAL, "Bet you'd love getting railed by a real man. Let's fuck after your little seminar."),
        (SLUR, "This whole campaign is run by faggots and dykes who hate real men."),
        (SLUR, "Equality for trannies and retards? Count me out."),
        (CLEAN, "My sister was sexually harassed at work for years and nobody believed her. Gender equality matters "
                "to me because I don't want my daughters to go through that."),
        (CLEAN, "Growing up I laughed along with rape jokes without thinking. Now I see how rape culture starts with "
                "small things like that, and I call it out with my friends."),
        (CLEAN, "My wife and I both work and share the housework. I want sex education that talks honestly about "
                "sexuality and consent, and an end to domestic violence, for the next generation of girls."),
        (CLEAN, "Catcalling and street harassment aren't compliments. I learned that by listening to women, and I "
                "want men to stop treating women's bodies as public property."),
    ]),
    *_fresh("fr", [
        (INSULT, "Les féministes, c'est toutes des connasses frustrées qui ont besoin d'un homme."),
        (INSULT, "Un mec qui soutient ce truc, c'est une couille molle, un vrai lèche-cul."),
        (SEXUAL, "Viens chez moi ce soir, je vais te baiser comme il faut, petite salope."),
        (SEXUAL, "T'as de beaux nichons, envoie-moi une photo et je te montre ma b!te."),
        (SLUR, "Encore un truc de pédés et de gouines pour nous rééduquer."),
        (SLUR, "L'égalité pour les travelos et les mongols ? Non merci."),
        (CLEAN, "Ma mère a subi des violences conjugales pendant des années. Je soutiens l'égalité pour que plus "
                "aucune femme ne vive dans la peur chez elle."),
        (CLEAN, "Le harcèlement de rue, je ne le voyais pas avant qu'une amie me raconte son trajet quotidien. "
                "Aujourd'hui j'interviens quand un type siffle une fille dans le métro."),
        (CLEAN, "Je suis médecin et j'ai soigné des femmes victimes de mutilations génitales féminines. L'égalité, "
                "c'est aussi protéger le corps des filles."),
        (CLEAN, "Il faut une vraie éducation sexuelle à l'école, qui parle du consentement. La culture du viol "
                "commence par ce qu'on n'apprend pas aux garçons."),
    ]),
    *_fresh("es", [
        (INSULT, "Las feministas son unas putas amargadas que no consiguen marido."),
        (INSULT, "Los hombres que apoyan esto son unos pendejos mandilones sin huevos."),
        (SEXUAL, "Mándame fotos de tus tetas, mami, y te enseño lo que es un hombre de verdad."),
        (SEXUAL, "Vente a mi casa que te voy a follar toda la noche y luego me chupas la p0lla."),
        (SLUR, "Esto es pura propaganda de maricones y tortilleras."),
        (SLUR, "¿Igualdad para travelos y subnormales? Ni de coña."),
        (CLEAN, "Mi hermana sufrió violencia de género durante años y nadie en el pueblo dijo nada. Por ella creo "
                "que la igualdad es urgente."),
        (CLEAN, "Como profesor veo que los chicos aprenden sobre sexo con la pornografía. Necesitamos educación "
                "sexual de verdad, que hable del consentimiento."),
        (CLEAN, "El acoso callejero y los piropos no son halagos. Mi hija de catorce años ya tiene miedo de volver "
                "sola a casa."),
        (CLEAN, "Mi esposa sufrió acoso sexual en su trabajo. La violencia contra las mujeres no es un problema "
                "de ellas, es un problema nuestro, de los hombres."),
    ]),
    *_fresh("ar", [
        (INSULT, "النسويات كلهن شراميط، مكانك المطبخ يا بقرة."),
        (INSULT, "الرجل اللي يدعم هالكلام مو رجال، هذا خروف وديوث."),
        (SEXUAL, "ابعتيلي صورك عريانة وتعالي بيتي أنيكك."),
        (SEXUAL, "بزازك حلوة، خليني أشوف ك*ك يا حلوة."),
        (SLUR, "هذي الحملة يديرها شوية لوطيين وخولات."),
        (SLUR, "مساواة إيش؟ للمخنثين والمتخلفين؟ انقلعوا."),
        (CLEAN, "تعرضت أختي للتحرش الجنسي في الشارع وهي في طريقها إلى الجامعة. المساواة تعني أن تمشي أي فتاة "
                "بأمان."),
        (CLEAN, "عملت مع ناجيات من العنف الأسري، وتعلمت أن العنف ضد المرأة يبدأ بالصمت. لذلك أتكلم."),
        (CLEAN, "أنا ضد ختان الإناث لأنه تشويه لجسد الطفلة وليس له أي أساس. أريد لبناتي حياة كريمة."),
        (CLEAN, "زوجتي طبيبة وأنا أفتخر بها. نحتاج إلى التربية الجنسية في المدارس حتى يفهم الأولاد معنى الرضا "
                "والاحترام."),
    ]),
    *_fresh("zh", [
        (INSULT, "搞女拳的都是没人要的贱货，回家做饭去吧。"),
        (INSULT, "支持这个的男人都是软蛋，跪舔女人的舔狗。"),
        (SEXUAL, "别讲什么平等了，美女约吗？今晚来我房间打一炮。"),
        (SEXUAL, "发几张你的奶子照片看看，我想cao你。"),
        (SLUR, "这种活动就是一群死基佬和娘炮搞出来的。"),
        (SLUR, "人妖和弱智也要平等？笑死。"),
        (CLEAN, "我妈妈年轻时遭受过家庭暴力，她一直不敢说。我支持性别平等，是希望下一代女孩不再沉默。"),
        (CLEAN, "学校应该开展性教育，让孩子从小懂得什么是同意，什么是性骚扰。"),
        (CLEAN, "我在地铁上看到有人对女生动手动脚，就站出来了。强奸文化不是别人的事，每个男人都有责任。"),
        (CLEAN, "我妻子哺乳期的时候，公司里连个喂奶的地方都没有。尊重女性的身体和选择，就是我理解的平等。"),
    ]),
    *_fresh("pt", [
        (INSULT, "Feminista é tudo vagabunda mal comida, vai lavar louça."),
        (INSULT, "Homem que apoia isso é um frouxo, um corno manso."),
        (SEXUAL, "Manda nude aí, gostosa, que eu te mostro minha rola."),
        (SEXUAL, "Vem aqui que eu quero meter em você a noite toda, sua put@."),
        (SLUR, "Essa campanha é coisa de viado e sapatão."),
        (SLUR, "Igualdade pra traveco e retardado? Me poupe."),
        (CLEAN, "Minha tia foi vítima de violência doméstica e só conseguiu sair com a ajuda da Lei Maria da Penha. "
                "Igualdade de gênero, pra mim, é isso: nenhuma mulher sozinha."),
        (CLEAN, "Cresci achando que cantada na rua era elogio. Hoje sei que é assédio e ensino meu filho a respeitar "
                "as meninas."),
        (CLEAN, "Trabalho numa ONG contra o tráfico de pessoas e a exploração sexual. A prostituição forçada de "
                "meninas é violência, não escolha."),
        (CLEAN, "Educação sexual nas escolas salva vidas: ensina consentimento e ajuda as crianças a denunciar "
                "abuso sexual."),
    ]),
    *_fresh("hi", [
        (INSULT, "ये फेमिनिस्ट सब रंडियाँ हैं, घर बैठो और रोटी बनाओ।"),
        (INSULT, "Jo aadmi ye campaign support karta hai woh pakka chutiya aur joru ka ghulam hai."),
        (SEXUAL, "Mere room mein aa ja, poori raat chodunga tujhe."),
        (SEXUAL, "अपनी चूचियों की फोटो भेज, फिर अपना ल*ड दिखाऊँगा।"),
        (SLUR, "ये सब गांडू और छक्कों का एजेंडा है।"),
        (SLUR, "बराबरी का भाषण ये मंदबुद्धि और भंगी देंगे?"),
        (CLEAN, "मेरी बहन को ऑफिस में यौन उत्पीड़न झेलना पड़ा और उसने नौकरी छोड़ दी। मैं चाहता हूँ कि किसी लड़की को "
                "ऐसा न सहना पड़े।"),
        (CLEAN, "घरेलू हिंसा को हम 'घर की बात' कहकर छुपा देते हैं। लैंगिक समानता का मतलब है इस चुप्पी को तोड़ना।"),
        (CLEAN, "स्कूलों में यौन शिक्षा होनी चाहिए ताकि लड़के सहमति का मतलब समझें। बलात्कार की संस्कृति यहीं से "
                "बदलेगी।"),
        (CLEAN, "Meri wife aur main ghar ka kaam barabar baant-te hain. Mere liye gender equality ka matlab hai ki "
                "ladkiyon ko bhi wahi azaadi mile jo ladkon ko milti hai, aur sadak pe chhedkhani band ho."),
    ]),
    *_fresh("sw", [
        (INSULT, "Wanawake wanaodai usawa ni malaya tu, rudi jikoni wewe mjinga."),
        (INSULT, "Mwanaume anayeunga mkono upuuzi huu ni bwege na mpumbavu asiye na heshima."),
        (SEXUAL, "Nitumie picha ukiwa uchi mrembo, nataka kukutomba usiku huu."),
        (SEXUAL, "Njoo kwangu nikuonyeshe mboo yangu, nataka k*ma yako."),
        (SLUR, "Kampeni hii ni ya mashoga na wasagaji tu."),
        (SLUR, "Usawa kwa mabasha na mataahira? Thubutu!"),
        (CLEAN, "Dada yangu alinyanyaswa kingono kazini na hakupata msaada. Usawa wa kijinsia ni muhimu kwangu ili "
                "wasichana wetu wawe salama."),
        (CLEAN, "Ukeketaji wa wanawake bado unafanyika kijijini kwetu. Ninaupinga kwa sababu ni ukatili dhidi ya mwili "
                "wa mtoto wa kike."),
        (CLEAN, "Ukatili wa kijinsia na unyanyasaji nyumbani si mambo ya faragha. Kama mwanaume, nina wajibu wa "
                "kuzungumza."),
        (CLEAN, "Mke wangu na mimi tunataka elimu ya ngono shuleni ili vijana waelewe ridhaa. Ubakaji hauwezi "
                "kukomeshwa kwa ukimya."),
    ]),
    *_fresh("de", [
        (INSULT, "Diese Emanzen sind doch alles hässliche Schlampen, zurück an den Herd mit euch."),
        (INSULT, "Männer, die so was unterstützen, sind rückgratlose Wichser und Weicheier."),
        (SEXUAL, "Schick mir mal Bilder von deinen Titten, Süße, dann zeig ich dir meinen Schw@nz."),
        (SEXUAL, "Komm heute Abend vorbei, ich will dich so richtig durchficken."),
        (SLUR, "Das ist doch alles Propaganda von Schwuchteln und Kampflesben."),
        (SLUR, "Gleichberechtigung für Transen und Spastis? Nein danke."),
        (CLEAN, "Meine Mutter hat jahrelang häusliche Gewalt erlebt, und alle Nachbarn haben weggeschaut. Deshalb "
                "schaue ich heute nicht mehr weg."),
        (CLEAN, "Catcalling ist kein Kompliment. Seit meine Tochter allein zur Schule fährt, merke ich, wie oft "
                "Mädchen auf der Straße belästigt werden. Das ist Alltagssexismus."),
        (CLEAN, "Sexualisierte Gewalt und Vergewaltigung passieren meistens im Bekanntenkreis. Wir brauchen "
                "Sexualaufklärung, in der es um Einvernehmen geht."),
        (CLEAN, "Als Hebamme begleite ich Frauen beim Stillen und höre, wie oft ihr Körper kommentiert wird. "
                "Gleichberechtigung heißt für mich, dass Frauen über ihren Körper selbst bestimmen."),
    ]),
)
