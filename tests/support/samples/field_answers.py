"""A field set of answers to "Why does gender equality matter to you?", written as participants write them
(1–6 sentences, personal, some colloquial, some only 6–10 words) in eight languages, each labelled by hand
with the one theme of the default campaign a moderator would pick first and its language; and a set of answer
pairs labelled duplicate (the same answer re-sent in another language) or not (close answers: same theme,
a different story).

Every item has a stable key and a half (tests/support/samples/split.py). Answers are split within each
language (about 20 each; language × theme strata of ~3 would leave one item to tune on), pairs within each
label. Settings are tuned on the tune half only; the held-out half is reported (bench/accuracy_themes.py).

These are other sentences than the campaign file's theme examples and tests/support/samples/answers.py: never
copy them into a campaign file.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from tests.support.samples.answers import (
    ACTION,
    AMPLIFYING,
    EDUCATING,
    LANGUAGE,
    MENTORING,
    STATUS_QUO,
    STEREOTYPES,
)
from tests.support.samples.split import TUNE, Half, split


@dataclass(frozen=True)
class FieldAnswer:
    key: str  # stable: the split depends on it
    theme: str  # the one theme a moderator would pick first
    language: str  # ISO 639-1
    text: str
    half: Half = TUNE


@dataclass(frozen=True)
class FieldPair:
    key: str
    duplicate: bool  # True: the same answer re-sent (translated); False: a different answer, close to it
    a: str
    b: str
    half: Half = TUNE


_ = FieldAnswer
_ANSWERS = (
    # English
    _("en-amp-1", AMPLIFYING, "en", "My wife is the one who really understands our farm's finances. When the bank "
      "manager visits, she does the talking now and I make the tea."),
    _("en-amp-2", AMPLIFYING, "en", "In our neighbourhood WhatsApp group the women's suggestions used to get "
      "ignored. Now I back them up by name and give them the credit when things get done."),
    _("en-amp-3", AMPLIFYING, "en", "When she speaks, I listen. That's where it starts."),
    _("en-edu-1", EDUCATING, "en", "I'm 58 and thought I had it all figured out. My granddaughter sent me a podcast "
      "about unpaid care work and I've listened to every episode since. Eye-opening, honestly."),
    _("en-edu-2", EDUCATING, "en", "I signed up for an evening class in gender studies at the community college. "
      "Most of the class were women, so I mostly kept quiet and took notes."),
    _("en-edu-3", EDUCATING, "en", "I'm still learning what women deal with every single day."),
    _("en-sq-1", STATUS_QUO, "en", "At my firm, promotions were basically decided over drinks after work, which most "
      "of the mothers couldn't make. I pushed HR to move those decisions into proper meetings in office hours."),
    _("en-sq-2", STATUS_QUO, "en", "Why should my sister inherit half of what I get just because she's a woman? I "
      "refused our family's custom and we split the land equally."),
    _("en-sq-3", STATUS_QUO, "en", "The rules were written by men for men. Time to rewrite them."),
    _("en-act-1", ACTION, "en", "I take the night feeds, I do the school runs on Tuesdays and Thursdays, and I took "
      "my full paternity leave. Equality is a to-do list, not a slogan."),
    _("en-act-2", ACTION, "en", "I found out the woman doing my exact job was paid 15% less. I showed her my payslip "
      "and we went to our manager together."),
    _("en-act-3", ACTION, "en", "I volunteer at a women's shelter every Saturday morning."),
    _("en-men-1", MENTORING, "en", "Lucy joined my team straight out of uni. We have coffee every Friday and I help "
      "her prepare the presentations that get people noticed around here."),
    _("en-men-2", MENTORING, "en", "When a senior role opened up I put forward a junior engineer I'd coached for two "
      "years. She got it, and she deserved it."),
    _("en-men-3", MENTORING, "en", "I coach young women engineers at my company."),
    _("en-lang-1", LANGUAGE, "en", "A guy at the gym called a woman on the treadmill 'eye candy'. I told him that "
      "wasn't cool and he shut up."),
    _("en-lang-2", LANGUAGE, "en", "My uncle tells the same jokes about women drivers every Christmas. This year I "
      "didn't laugh and I told him why. Awkward dinner, but worth it."),
    _("en-lang-3", LANGUAGE, "en", "I stopped laughing at the sexist jokes in our group chat."),
    _("en-ster-1", STEREOTYPES, "en", "I teach kindergarten, and parents still look surprised when a man greets their "
      "kids at the door. Boys need to see men who care for children."),
    _("en-ster-2", STEREOTYPES, "en", "My daughter wants to be a pilot and her grandma told her that's a job for "
      "boys. The next weekend we went to an airshow and met three women pilots."),

    # French
    _("fr-amp-1", AMPLIFYING, "fr", "Au conseil municipal, j'ai remarqué que les élues se faisaient couper la parole "
      "à chaque fois. Maintenant je demande qu'on les laisse finir, et je reprends leurs idées en les citant."),
    _("fr-amp-2", AMPLIFYING, "fr", "Ma grand-mère a élevé huit enfants et personne ne lui a jamais demandé son avis. "
      "Moi, j'écoute ma femme avant de décider quoi que ce soit pour la famille."),
    _("fr-amp-3", AMPLIFYING, "fr", "Je laisse ma collègue présenter le projet qu'elle a construit."),
    _("fr-edu-1", EDUCATING, "fr", "J'ai lu King Kong Théorie à 40 ans et j'ai eu honte de tout ce que je n'avais "
      "jamais vu. Depuis, je lis au moins un livre écrit par une femme chaque mois."),
    _("fr-edu-2", EDUCATING, "fr", "Je me suis inscrit à une formation sur les violences sexistes proposée par mon "
      "syndicat. J'y ai découvert des chiffres que je ne soupçonnais pas."),
    _("fr-edu-3", EDUCATING, "fr", "Franchement, j'ai encore beaucoup à apprendre sur le sujet."),
    _("fr-sq-1", STATUS_QUO, "fr", "Dans ma boîte, les réunions importantes étaient toujours à 18h, pile quand les "
      "mamans partent chercher les enfants. J'ai demandé qu'on les passe le matin, et ça a marché."),
    _("fr-sq-2", STATUS_QUO, "fr", "Chez nous, la tradition veut que seuls les garçons héritent de la maison "
      "familiale. J'ai refusé cette règle injuste et j'ai partagé avec mes sœurs."),
    _("fr-sq-3", STATUS_QUO, "fr", "Les choses ne changent pas toutes seules, il faut les bousculer."),
    _("fr-act-1", ACTION, "fr", "Je fais la moitié des tâches ménagères, pas « j'aide ma femme ». Les courses, le "
      "linge, les rendez-vous chez le pédiatre, c'est aussi mon boulot."),
    _("fr-act-2", ACTION, "fr", "J'ai pris mes vingt-huit jours de congé paternité alors que mon chef me disait que "
      "ça ferait mauvaise impression."),
    _("fr-act-3", ACTION, "fr", "Je donne chaque mois à une association qui aide les femmes."),
    _("fr-men-1", MENTORING, "fr", "J'accompagne une jeune ingénieure de mon équipe depuis un an : je relis ses "
      "dossiers, je la présente aux clients et je la recommande pour les gros projets."),
    _("fr-men-2", MENTORING, "fr", "Quand on m'a proposé une promotion, j'ai dit que ma collègue Nadia était plus "
      "qualifiée. Elle a eu le poste."),
    _("fr-men-3", MENTORING, "fr", "Je parraine deux jeunes femmes dans ma boîte."),
    _("fr-lang-1", LANGUAGE, "fr", "Au bureau, quelqu'un a traité une collègue d'hystérique parce qu'elle n'était pas "
      "d'accord. J'ai dit que ce mot n'avait rien à faire en réunion."),
    _("fr-lang-2", LANGUAGE, "fr", "Les blagues de vestiaire sur les filles, j'en ai ras-le-bol. Maintenant je dis "
      "stop, même si je passe pour le rabat-joie."),
    _("fr-ster-1", STEREOTYPES, "fr", "Mon fils adore la couture et veut devenir styliste. Son grand-père trouvait ça "
      "« pas pour un garçon », moi je lui ai acheté une machine à coudre."),
    _("fr-ster-2", STEREOTYPES, "fr", "Je suis maïeuticien. On me demande sans arrêt si c'est vraiment un métier "
      "d'homme. Prendre soin des mères, ce n'est ni masculin ni féminin."),
    _("fr-ster-3", STEREOTYPES, "fr", "Un homme qui pleure reste un homme."),

    # Spanish
    _("es-amp-1", AMPLIFYING, "es", "En la asamblea del barrio las mujeres siempre hablaban al final, si quedaba "
      "tiempo. Propuse que ellas abrieran el turno de palabra y ahora las escuchamos primero."),
    _("es-amp-2", AMPLIFYING, "es", "Mi jefa tiene ideas brillantes pero en las reuniones con clientes todos me "
      "miran a mí. Yo siempre digo: pregúntenle a ella, que es la que sabe."),
    _("es-amp-3", AMPLIFYING, "es", "Cuando ellas hablan, yo me callo y escucho."),
    _("es-edu-1", EDUCATING, "es", "Ni me había enterado de la brecha salarial hasta que vi un documental en clase. "
      "Desde entonces leo todo lo que puedo y hablo con mis compañeras para entender."),
    _("es-edu-2", EDUCATING, "es", "Me apunté a un taller sobre masculinidades en mi ciudad. Fue incómodo, pero "
      "aprendí más en tres tardes que en toda mi vida."),
    _("es-edu-3", EDUCATING, "es", "Quiero entender de verdad lo que viven ellas."),
    _("es-sq-1", STATUS_QUO, "es", "En mi pueblo se da por hecho que la mujer deja de trabajar cuando se casa. Eso "
      "tiene que cambiar, y empiezo por mi propia familia."),
    _("es-sq-2", STATUS_QUO, "es", "En la fábrica los puestos de encargado siempre iban para hombres, 'porque "
      "siempre ha sido así'. Fui al comité de empresa y pedí que los ascensos fueran por méritos y con "
      "convocatoria pública."),
    _("es-sq-3", STATUS_QUO, "es", "Lo de 'siempre ha sido así' a mí no me vale."),
    _("es-act-1", ACTION, "es", "Cocino, plancho y llevo a los niños al médico. No es ayudar en casa, es vivir en "
      "ella."),
    _("es-act-2", ACTION, "es", "Cada sábado doy clases gratis de informática a mujeres de mi barrio que buscan "
      "trabajo."),
    _("es-act-3", ACTION, "es", "Me cogí la baja de paternidad entera, sin excusas."),
    _("es-men-1", MENTORING, "es", "Llevo dos años siendo mentor de una chica que entró de prácticas en el despacho. "
      "Le enseño a negociar, la recomiendo para los casos importantes y ya es asociada."),
    _("es-men-2", MENTORING, "es", "Mi compañera Lucía quería dar el salto a jefa de proyecto. La ayudé a preparar la "
      "entrevista y hablé bien de ella con dirección."),
    _("es-lang-1", LANGUAGE, "es", "En el grupo de WhatsApp de los amigos mandaron un meme machista. Escribí que no "
      "tenía ninguna gracia y me salí del grupo."),
    _("es-lang-2", LANGUAGE, "es", "Un cliente llamó 'guapa' a mi compañera en vez de usar su nombre. Le corregí "
      "delante de todos: se llama ingeniera Martínez."),
    _("es-lang-3", LANGUAGE, "es", "Ya no me río de los chistes machistas, punto."),
    _("es-ster-1", STEREOTYPES, "es", "Mi padre nunca me abrazó porque pensaba que eso era de débiles. Yo abrazo a "
      "mis hijos todos los días y les digo que los quiero."),
    _("es-ster-2", STEREOTYPES, "es", "A mi sobrina le dijeron que las matemáticas no eran para niñas. Hoy estudia "
      "ingeniería y yo le recuerdo que puede con todo."),
    _("es-ster-3", STEREOTYPES, "es", "Los colores no tienen género, y los sueños tampoco."),

    # Arabic
    _("ar-amp-1", AMPLIFYING, "ar", "في اجتماعات العائلة كان الرجال يقررون كل شيء. الآن أطلب رأي أمي وأخواتي قبل "
      "أي قرار، وأحرص أن يُسمع كلامهن."),
    _("ar-amp-2", AMPLIFYING, "ar", "زميلتي في العمل صاحبة أفضل الأفكار، لكن المدير كان ينسبها لغيرها. صرت أذكر "
      "اسمها في كل اجتماع وأقول إن الفكرة فكرتها."),
    _("ar-amp-3", AMPLIFYING, "ar", "أترك المجال لزميلاتي ليتكلمن أولاً في الاجتماعات."),
    _("ar-edu-1", EDUCATING, "ar", "كنت أظن أنني أعرف كل شيء عن حياة النساء. ثم قرأت كتباً لكاتبات عربيات وفهمت "
      "كم كنت جاهلاً."),
    _("ar-edu-2", EDUCATING, "ar", "حضرت دورة عن المساواة بين الجنسين في الجامعة، وتعلمت أن أسأل وأستمع بدل أن "
      "أحكم."),
    _("ar-edu-3", EDUCATING, "ar", "ما زلت أتعلم كل يوم عن معاناة النساء."),
    _("ar-sq-1", STATUS_QUO, "ar", "في قريتنا تُزوَّج البنات قبل أن يُكملن الدراسة. وقفت ضد هذه العادة أمام شيوخ "
      "القرية حتى تبقى ابنتي في المدرسة."),
    _("ar-sq-2", STATUS_QUO, "ar", "لماذا يجب أن تطلب المرأة إذن زوجها لتسافر أو تعمل؟ هذه قواعد قديمة ويجب أن "
      "تتغير."),
    _("ar-sq-3", STATUS_QUO, "ar", "العادات الظالمة ليست قدراً، ويمكننا أن نغيّرها."),
    _("ar-act-1", ACTION, "ar", "أطبخ وأغسل الصحون وأساعد الأولاد في واجباتهم، لأن البيت مسؤوليتنا نحن الاثنين "
      "وليس مسؤولية زوجتي وحدها."),
    _("ar-act-2", ACTION, "ar", "تطوعت مع جمعية تعلّم النساء القراءة والكتابة في حيّنا، وأدرّس مرتين في "
      "الأسبوع."),
    _("ar-men-1", MENTORING, "ar", "أنا مشرف على مهندسة شابة في شركتي. أراجع عملها، وأعرّفها على العملاء، "
      "وأرشحها للمشاريع الكبيرة."),
    _("ar-men-2", MENTORING, "ar", "عندما فُتح منصب مدير القسم، رشحت زميلتي سارة لأنها الأكفأ، وساعدتها في "
      "التحضير للمقابلة."),
    _("ar-men-3", MENTORING, "ar", "أساعد زميلاتي الشابات على التقدم في مسيرتهن المهنية."),
    _("ar-lang-1", LANGUAGE, "ar", "عندما يطلق أصدقائي نكاتاً عن النساء في المقهى، لا أضحك وأقول لهم إن هذا "
      "الكلام مهين."),
    _("ar-lang-2", LANGUAGE, "ar", "سمعت زميلاً يقول إن المرأة مكانها المطبخ، فقلت له أمام الجميع إن هذا الكلام "
      "غير مقبول."),
    _("ar-lang-3", LANGUAGE, "ar", "لا أضحك على النكات التي تحتقر المرأة أبداً."),
    _("ar-ster-1", STEREOTYPES, "ar", "يقولون لابنتي إن الهندسة ليست للبنات. أقول لها إن عقلها لا يعرف إن كانت "
      "بنتاً أو ولداً."),
    _("ar-ster-2", STEREOTYPES, "ar", "كبرت وأنا أسمع أن الرجل الحقيقي لا يدخل المطبخ ولا يُظهر مشاعره. اليوم "
      "أعانق أولادي وأقول لهم إنني أحبهم، ولا أشعر إلا بالفخر."),
    _("ar-ster-3", STEREOTYPES, "ar", "الرجولة ليست قسوة، والأنوثة ليست ضعفاً."),

    # Chinese (Simplified)
    _("zh-amp-1", AMPLIFYING, "zh", "开会的时候，我发现女同事一说话就被打断。现在我会说“请让她说完”，然后认真听她的"
      "想法。"),
    _("zh-amp-2", AMPLIFYING, "zh", "我老婆比我更懂家里的账，以前亲戚有事都只问我。现在谁来问，我就说：“问她，她说了"
      "算。”"),
    _("zh-amp-3", AMPLIFYING, "zh", "在团队讨论时，我总是先请女同事发言。"),
    _("zh-edu-1", EDUCATING, "zh", "我以前觉得男女早就平等了。后来读了几本女性作家的书，才知道自己看到的太少了。"),
    _("zh-edu-2", EDUCATING, "zh", "我报名参加了一个关于性别平等的网课，每周和同学讨论，"
      "学到了很多以前从没想过的东西。"),
    _("zh-edu-3", EDUCATING, "zh", "我还在学习，努力去理解女性每天面对的事情。"),
    _("zh-sq-1", STATUS_QUO, "zh", "在我们厂，只有男人能当车间主任，大家都说“一直是这样”。我向领导提出要公开竞聘，"
      "今年第一次有了女主任。"),
    _("zh-sq-2", STATUS_QUO, "zh", "“一直都是这样”不是拒绝改变的理由。"),
    _("zh-act-1", ACTION, "zh", "孩子出生后我休了全部的陪产假，晚上起来喂奶、换尿布，这些本来就是我该做的事。"),
    _("zh-act-2", ACTION, "zh", "我每个月都去社区的妇女中心做志愿者，帮阿姨们学用电脑。"),
    _("zh-act-3", ACTION, "zh", "家务我做一半，这不叫“帮忙”。"),
    _("zh-men-1", MENTORING, "zh", "我带了一个刚毕业的女工程师，每周和她一起复盘项目，也在领导面前推荐她负责重要的"
      "客户。"),
    _("zh-men-2", MENTORING, "zh", "有晋升机会的时候，我推荐了我的女同事小李，她的能力其实比我强。"),
    _("zh-men-3", MENTORING, "zh", "我在公司给年轻女员工当职业导师。"),
    _("zh-lang-1", LANGUAGE, "zh", "饭桌上有人开黄色玩笑拿女服务员取乐，我没有笑，直接说这样不尊重人。"),
    _("zh-lang-2", LANGUAGE, "zh", "同事说“女司机就是不行”，我当场告诉他这种话是偏见，别再说了。"),
    _("zh-lang-3", LANGUAGE, "zh", "别人讲歧视女性的笑话，我不会跟着笑。"),
    _("zh-ster-1", STEREOTYPES, "zh", "我儿子喜欢粉色，也喜欢跳舞。亲戚说他“不像个男孩子”，我告诉他们，喜欢什么是他自己"
      "的事。"),
    _("zh-ster-2", STEREOTYPES, "zh", "从小我爸就说男儿有泪不轻弹。现在我会在女儿面前表达情绪，我希望她知道男人也可以"
      "温柔。"),
    _("zh-ster-3", STEREOTYPES, "zh", "我女儿想学编程，她奶奶说女孩子学这个没用。我给她报了编程班，她学得比谁都好。"),

    # Portuguese
    _("pt-amp-1", AMPLIFYING, "pt", "Na associação de moradores as mulheres faziam todo o trabalho e os homens "
      "levavam o crédito. Agora eu faço questão de dizer quem fez o quê, com nome e sobrenome."),
    _("pt-amp-2", AMPLIFYING, "pt", "Minha esposa sempre teve ideias melhores que as minhas pro nosso negócio. Hoje é "
      "ela quem fala com os fornecedores e eu fico quieto ouvindo."),
    _("pt-amp-3", AMPLIFYING, "pt", "Dou a palavra a elas e escuto de verdade."),
    _("pt-edu-1", EDUCATING, "pt", "Cresci achando que machismo era coisa do passado. Comecei a seguir pesquisadoras "
      "e a ler sobre violência doméstica no Brasil, e levei um susto com os números."),
    _("pt-edu-2", EDUCATING, "pt", "Tô aprendendo a ouvir mais e achar menos."),
    _("pt-sq-1", STATUS_QUO, "pt", "Na firma onde trabalho eram sempre as mulheres que anotavam as atas. Propus um "
      "rodízio e agora cada semana é uma pessoa diferente, homem ou mulher."),
    _("pt-sq-2", STATUS_QUO, "pt", "Na minha família a filha mais velha tinha que cuidar dos pais idosos sozinha. Eu "
      "e meus irmãos decidimos dividir tudo, porque essa tradição é injusta."),
    _("pt-sq-3", STATUS_QUO, "pt", "Regra injusta a gente não segue, a gente muda."),
    _("pt-act-1", ACTION, "pt", "Faço metade das tarefas de casa, levo as crianças pra escola e vou às reuniões de "
      "pais. Não é ajudar, é dividir."),
    _("pt-act-2", ACTION, "pt", "Descobri que minha colega ganhava menos que eu no mesmo cargo. Fomos juntos ao RH e "
      "o salário dela foi corrigido."),
    _("pt-act-3", ACTION, "pt", "Sou voluntário numa casa de acolhimento para mulheres."),
    _("pt-men-1", MENTORING, "pt", "Sou mentor de uma desenvolvedora júnior. A gente se encontra toda semana, eu "
      "reviso o código dela e indico ela para os projetos que dão visibilidade."),
    _("pt-men-2", MENTORING, "pt", "Quando abriu uma vaga de coordenação, indiquei a Camila. Ajudei ela a se "
      "preparar e ela passou."),
    _("pt-men-3", MENTORING, "pt", "Abro portas para as colegas mais novas na empresa."),
    _("pt-lang-1", LANGUAGE, "pt", "No churrasco da família, meu tio contou uma piada sobre mulher no volante. Falei "
      "que não tinha graça nenhuma e ele ficou sem jeito."),
    _("pt-lang-2", LANGUAGE, "pt", "Um colega chamou a chefe de histérica só porque ela cobrou resultado. Eu disse "
      "que ele nunca falaria isso de um homem."),
    _("pt-lang-3", LANGUAGE, "pt", "Piada machista no grupo? Eu não dou risada."),
    _("pt-ster-1", STEREOTYPES, "pt", "Minha filha joga bola melhor que os meninos da rua, e meu pai dizia que isso "
      "não era coisa de menina. Hoje ele vai a todos os jogos dela."),
    _("pt-ster-2", STEREOTYPES, "pt", "Homem também chora, também cuida, também tem medo. Quero que meus filhos "
      "cresçam sabendo disso."),
    _("pt-ster-3", STEREOTYPES, "pt", "Escolhi ser cabeleireiro e ouvi muita piadinha por isso. Profissão não tem "
      "gênero."),

    # Hindi
    _("hi-amp-1", AMPLIFYING, "hi", "हमारे गाँव की पंचायत में औरतें बैठती तो थीं पर बोलती नहीं थीं। अब मैं हर "
      "बैठक में पहले उनसे राय पूछता हूँ और उनकी बात को आगे रखता हूँ।"),
    _("hi-amp-2", AMPLIFYING, "hi", "जब वह बोलती है, तो मैं चुप रहकर सुनता हूँ।"),
    _("hi-edu-1", EDUCATING, "hi", "मुझे लगता था कि बराबरी तो हो चुकी है। फिर मैंने अपनी बहन से उसके ऑफिस के "
      "अनुभव पूछे और कुछ किताबें पढ़ीं, तब समझ आया कि मैं कितना गलत था।"),
    _("hi-edu-2", EDUCATING, "hi", "मैंने लैंगिक समानता पर एक ऑनलाइन कोर्स किया। बहुत कुछ ऐसा सीखा जो स्कूल में "
      "कभी नहीं पढ़ाया गया।"),
    _("hi-edu-3", EDUCATING, "hi", "मैं अभी भी सीख रहा हूँ, और सीखता रहूँगा।"),
    _("hi-sq-1", STATUS_QUO, "hi", "हमारे यहाँ रिवाज़ है कि शादी में लड़की वाले दहेज देते हैं। मैंने अपनी शादी "
      "में दहेज लेने से साफ़ मना कर दिया।"),
    _("hi-sq-2", STATUS_QUO, "hi", "मेरी फैक्ट्री में औरतों को रात की शिफ्ट नहीं दी जाती थी, इसलिए उनकी तनख्वाह "
      "कम रहती थी। मैंने मैनेजमेंट से बात करके सुरक्षित ट्रांसपोर्ट के साथ यह नियम बदलवाया।"),
    _("hi-sq-3", STATUS_QUO, "hi", "पुराने गलत रिवाज़ों को बदलने का समय आ गया है।"),
    _("hi-act-1", ACTION, "hi", "मैं घर में खाना बनाता हूँ, बर्तन धोता हूँ और बच्चों को पढ़ाता हूँ। घर का काम "
      "सिर्फ़ पत्नी का नहीं है।"),
    _("hi-act-2", ACTION, "hi", "हर रविवार मैं अपने मोहल्ले की लड़कियों को मुफ़्त में गणित पढ़ाता हूँ।"),
    _("hi-act-3", ACTION, "hi", "मैंने पूरी पितृत्व छुट्टी ली और बच्चे को संभाला।"),
    _("hi-men-1", MENTORING, "hi", "मेरी टीम में एक नई इंजीनियर आई है। मैं हर हफ़्ते उसके साथ बैठता हूँ, उसके "
      "काम पर सलाह देता हूँ और बड़े प्रोजेक्ट के लिए उसका नाम आगे करता हूँ।"),
    _("hi-men-2", MENTORING, "hi", "प्रमोशन के समय मैंने अपनी सहकर्मी प्रिया की सिफ़ारिश की, क्योंकि वह इस पद के "
      "लिए सबसे योग्य थी।"),
    _("hi-men-3", MENTORING, "hi", "मैं अपनी कंपनी में युवा महिलाओं का मेंटर हूँ।"),
    _("hi-lang-1", LANGUAGE, "hi", "दोस्तों के व्हाट्सऐप ग्रुप में कोई औरतों पर गंदा मज़ाक भेजता है तो मैं साफ़ "
      "लिख देता हूँ कि यह ठीक नहीं है।"),
    _("hi-lang-2", LANGUAGE, "hi", "ऑफिस में एक सहकर्मी ने महिला बॉस के बारे में भद्दी टिप्पणी की। मैंने वहीं उसे "
      "टोका और कहा कि ऐसी भाषा बर्दाश्त नहीं होगी।"),
    _("hi-lang-3", LANGUAGE, "hi", "औरतों पर बने घटिया चुटकुलों पर अब मैं नहीं हँसता।"),
    _("hi-ster-1", STEREOTYPES, "hi", "बचपन से सुना कि मर्द को दर्द नहीं होता। अब मैं अपने बेटे से कहता हूँ कि "
      "रोना कमज़ोरी नहीं है।"),
    _("hi-ster-2", STEREOTYPES, "hi", "मेरी बेटी क्रिकेट खेलती है और बेटा कथक सीखता है। रिश्तेदार हँसते हैं, पर "
      "हमें फ़र्क नहीं पड़ता।"),
    _("hi-ster-3", STEREOTYPES, "hi", "लोग कहते हैं कि लड़कियाँ विज्ञान में कमज़ोर होती हैं। मेरी बहन आज डॉक्टर "
      "है।"),

    # Swahili
    _("sw-amp-1", AMPLIFYING, "sw", "Kwenye vikao vya kanisa, akina mama walikuwa wanapika tu na wanaume wanaamua. "
      "Sasa nahakikisha wanapewa nafasi ya kuongea kwanza, na tunafuata ushauri wao."),
    _("sw-amp-2", AMPLIFYING, "sw", "Mke wangu anaijua biashara yetu kuliko mimi. Wateja wakiniuliza kitu, "
      "nawaambia wamuulize yeye kwa sababu yeye ndiye bosi."),
    _("sw-amp-3", AMPLIFYING, "sw", "Nawapa wanawake kipaza sauti na ninawasikiliza kwa makini."),
    _("sw-edu-1", EDUCATING, "sw", "Nilidhani najua kila kitu kuhusu maisha ya wanawake. Nilianza kusoma vitabu vya "
      "waandishi wanawake wa Afrika na nikagundua sikujua kitu."),
    _("sw-edu-2", EDUCATING, "sw", "Nilihudhuria semina kuhusu usawa wa kijinsia chuoni. Nilijifunza kuuliza na "
      "kusikiliza kabla ya kuhukumu."),
    _("sw-edu-3", EDUCATING, "sw", "Bado najifunza kila siku kuhusu changamoto za wanawake."),
    _("sw-sq-1", STATUS_QUO, "sw", "Katika ukoo wetu, wasichana hawarithi ardhi. Nimepinga desturi hii mbele ya "
      "wazee kwa sababu si haki."),
    _("sw-sq-2", STATUS_QUO, "sw", "Kazini kwetu, nafasi za usimamizi zilikuwa za wanaume tu. Nilipendekeza nafasi "
      "zitangazwe wazi kwa kila mtu, na sasa tuna wasimamizi wanawake wawili."),
    _("sw-sq-3", STATUS_QUO, "sw", "Mila zisizo za haki lazima zibadilike sasa."),
    _("sw-act-1", ACTION, "sw", "Napika, nafua nguo na ninawapeleka watoto shule. Kazi za nyumbani si za mke wangu "
      "peke yake."),
    _("sw-act-2", ACTION, "sw", "Kila Jumamosi najitolea katika kituo kinachowasaidia wasichana waliokatishwa masomo "
      "kurudi shuleni."),
    _("sw-act-3", ACTION, "sw", "Nimechukua likizo yote ya uzazi kumtunza mtoto wetu."),
    _("sw-men-1", MENTORING, "sw", "Ninamlea kikazi mhandisi kijana wa kike. Tunakutana kila wiki, namshauri na "
      "kumpendekeza kwa miradi mikubwa."),
    _("sw-men-2", MENTORING, "sw", "Nafasi ya meneja ilipotangazwa, nilimpendekeza mwenzangu Amina kwa sababu ana "
      "uwezo mkubwa, nikamsaidia kujiandaa kwa usaili."),
    _("sw-men-3", MENTORING, "sw", "Nawasaidia wanawake vijana kupanda ngazi kazini."),
    _("sw-lang-1", LANGUAGE, "sw", "Kwenye basi, jamaa mmoja alimtania msichana kwa maneno machafu. Nilimwambia "
      "aache, na abiria wengine wakaniunga mkono."),
    _("sw-lang-2", LANGUAGE, "sw", "Rafiki yangu alisema wanawake hawawezi kuendesha magari. Nilimwambia maneno hayo "
      "ni ya kudharau na si kweli."),
    _("sw-lang-3", LANGUAGE, "sw", "Sicheki tena utani unaowadharau wanawake hata kidogo."),
    _("sw-ster-1", STEREOTYPES, "sw", "Watu wanasema kazi ya kulea watoto ni ya wanawake. Mimi ni mwalimu wa "
      "chekechea na najivunia kazi yangu."),
    _("sw-ster-2", STEREOTYPES, "sw", "Binti yangu anataka kuwa rubani. Watu walicheka, lakini mimi namwambia ndoto "
      "hazina jinsia."),
)
del _

_ = FieldPair
_PAIRS = (
    # The same answer re-sent in another language.
    _("dup-1", True, "I make sure the women in my team present their own work to the board instead of me.",
      "Je veille à ce que les femmes de mon équipe présentent elles-mêmes leur travail au conseil, et pas moi."),
    _("dup-2", True, "My dad never cooked a meal in his life. I cook every night for my family and I'm proud of it.",
      "Mi padre nunca cocinó en su vida. Yo cocino todas las noches para mi familia y estoy orgulloso."),
    _("dup-3", True, "I told my friend his joke about women was not funny, and he apologised.",
      "قلت لصديقي إن نكتته عن النساء لم تكن مضحكة، فاعتذر."),
    _("dup-4", True, "I mentor two young women at my bank and push for their promotions.",
      "我在银行指导两位年轻女性，并努力为她们争取晋升。"),
    _("dup-5", True, "Equal pay is not a favour. I checked our salaries and fixed the gap in my team.",
      "Salário igual não é favor. Verifiquei os salários e corrigi a diferença na minha equipe."),
    _("dup-6", True, "My daughter can be anything she wants, an engineer or a dancer, and nobody gets to tell her "
      "otherwise.", "मेरी बेटी जो चाहे बन सकती है, इंजीनियर या डांसर, और कोई उसे मना नहीं कर सकता।"),
    _("dup-7", True, "In our village meetings I ask the women to speak first, because they know what the families "
      "need.", "Katika mikutano ya kijiji changu nawaomba wanawake waongee kwanza, kwa sababu wanajua familia "
      "zinahitaji nini."),
    _("dup-8", True, "I read a book about the history of women's rights and realised how much I did not know.",
      "J'ai lu un livre sur l'histoire des droits des femmes et j'ai compris tout ce que j'ignorais."),
    _("dup-9", True, "Our company only promoted men to manager. I asked for open applications and now half the "
      "managers are women.", "Nuestra empresa solo ascendía a hombres a gerente. Pedí convocatorias abiertas y "
      "ahora la mitad de los gerentes son mujeres."),
    _("dup-10", True, "Boys can cry too. I tell my son that every day.",
      "男孩子也可以哭。我每天都这样告诉我儿子。"),
    _("dup-11", True, "I share the housework equally with my wife: cooking, cleaning and the children.",
      "أتقاسم أعمال البيت بالتساوي مع زوجتي: الطبخ والتنظيف والأطفال."),
    _("dup-12", True, "When a colleague called our boss bossy, I asked him if he would say that about a man.",
      "Quando um colega chamou nossa chefe de mandona, perguntei se ele diria isso de um homem."),
    _("dup-13", True, "I volunteer every weekend teaching girls in my town to code.",
      "मैं हर सप्ताहांत अपने शहर की लड़कियों को कोडिंग सिखाने के लिए स्वयंसेवा करता हूँ।"),
    _("dup-14", True, "Gender equality matters to me because my mother worked twice as hard as my father and was paid "
      "half as much.", "Usawa wa kijinsia ni muhimu kwangu kwa sababu mama yangu alifanya kazi mara mbili zaidi ya "
      "baba yangu na alilipwa nusu."),
    _("dup-15", True, "Je refuse de rire quand mes collègues se moquent des femmes au volant.",
      "Me niego a reírme cuando mis compañeros se burlan de las mujeres al volante."),
    _("dup-16", True, "Mi hermana me enseñó a escuchar antes de opinar. Ahora le pregunto a ella primero.",
      "Minha irmã me ensinou a ouvir antes de opinar. Agora pergunto primeiro a ela."),
    _("dup-17", True, "J'ai recommandé ma collègue Inès pour diriger le nouveau projet, elle le mérite.",
      "I recommended my colleague Inès to lead the new project, she deserves it."),
    _("dup-18", True, "我支持妻子继续读研究生，家里的事我们一起分担。",
      "I support my wife going back to do her master's, and we share the housework together."),
    _("dup-19", True, "لا يوجد عمل للرجال وعمل للنساء. ابني يحب الطبخ وابنتي تحب الميكانيكا.",
      "There are no jobs for men and jobs for women. My son loves cooking and my daughter loves mechanics."),
    _("dup-20", True, "मैं अपने दफ़्तर में महिलाओं को मीटिंग में बोलने का पूरा मौका देता हूँ।",
      "I give the women in my office every chance to speak in meetings."),
    _("dup-21", True, "Niliacha kucheka utani wa kudharau wanawake na sasa nawaambia marafiki zangu waache.",
      "I stopped laughing at jokes that put women down and now I tell my friends to stop."),
    _("dup-22", True, "Quero que meu filho saiba que cuidar da casa também é trabalho de homem.",
      "I want my son to know that taking care of the house is a man's job too."),
    _("dup-23", True, "Participé en un curso sobre violencia de género y cambió mi forma de ver las relaciones.",
      "I took a course on gender-based violence and it changed how I see relationships."),
    _("dup-24", True, "We changed the rule at our football club so the girls' team gets the good pitch half the "
      "time.", "Nous avons changé la règle de notre club de foot pour que l'équipe des filles ait le bon terrain "
      "la moitié du temps."),
    _("dup-25", True, "I became a nurse even though everyone said it was a woman's job.",
      "Nikawa muuguzi ingawa kila mtu alisema ni kazi ya wanawake."),
    _("dup-26", True, "My sister is the smartest person I know. I want the world to hear her.",
      "我姐姐是我认识的最聪明的人。我希望全世界都能听到她的声音。"),
    _("dup-27", True, "I coach a young woman at work and introduce her to the people who can open doors for her.",
      "أدرّب شابة في عملي وأعرّفها على الأشخاص الذين يمكنهم فتح الأبواب لها."),
    _("dup-28", True, "My grandfather said girls don't need school. I paid for my cousins' school fees.",
      "Meu avô dizia que menina não precisa de escola. Paguei a escola das minhas primas."),
    _("dup-29", True, "I took six months of parental leave so my wife could go back to work.",
      "J'ai pris six mois de congé parental pour que ma femme puisse reprendre le travail."),
    _("dup-30", True, "Ich habe gelernt, zuzuhören, statt Frauen zu erklären, wie die Welt funktioniert.",
      "I have learned to listen instead of explaining to women how the world works."),

    # Close but different answers: the same theme, another story.
    _("close-1", False, "I make sure the women in my team present their own work to the board instead of me.",
      "I always ask the women on my team for their opinion before I decide anything."),
    _("close-2", False, "My dad never cooked a meal in his life. I cook every night for my family and I'm proud of it.",
      "My dad never changed a nappy. I changed every one of my son's and loved it."),
    _("close-3", False, "I told my friend his joke about women was not funny, and he apologised.",
      "J'ai dit à mon oncle que ses remarques sur les femmes au volant étaient insultantes."),
    _("close-4", False, "I mentor two young women at my bank and push for their promotions.",
      "Recomendé a mi compañera para el puesto de directora y la ayudé a preparar la entrevista."),
    _("close-5", False, "Equal pay is not a favour. I checked our salaries and fixed the gap in my team.",
      "Equal pay matters to me because my mother earned less than the men she trained."),
    _("close-6", False, "My daughter can be anything she wants, an engineer or a dancer, and nobody gets to tell her "
      "otherwise.", "My son can be gentle and kind, and nobody gets to tell him that's not manly."),
    _("close-7", False, "In our village meetings I ask the women to speak first, because they know what the families "
      "need.", "Katika kikundi chetu cha akiba, mwenyekiti sasa ni mwanamke na tunamsikiliza."),
    _("close-8", False, "I read a book about the history of women's rights and realised how much I did not know.",
      "I watched a film about women in science and started reading about the ones history forgot."),
    _("close-9", False, "Our company only promoted men to manager. I asked for open applications and now half the "
      "managers are women.", "Our school only let boys play football at break. I asked the head to change it "
      "and now everyone plays."),
    _("close-10", False, "Boys can cry too. I tell my son that every day.",
      "男人也可以做饭、带孩子，这没什么丢脸的。"),
    _("close-11", False, "I share the housework equally with my wife: cooking, cleaning and the children.",
      "أتطوع في جمعية تساعد النساء على إيجاد عمل."),
    _("close-12", False, "When a colleague called our boss bossy, I asked him if he would say that about a man.",
      "Quando um amigo mandou um meme machista no grupo, eu disse que não tinha graça."),
    _("close-13", False, "I volunteer every weekend teaching girls in my town to code.",
      "I donate to a charity that pays school fees for girls in my country."),
    _("close-14", False, "Gender equality matters to me because my mother worked twice as hard as my father and was "
      "paid half as much.", "Gender equality matters to me because my sisters deserve the same chances I had."),
    _("close-15", False, "Je refuse de rire quand mes collègues se moquent des femmes au volant.",
      "Je refuse de rire quand mes amis racontent des blagues sur les blondes."),
    _("close-16", False, "Mi hermana me enseñó a escuchar antes de opinar. Ahora le pregunto a ella primero.",
      "Mi madre me enseñó a cocinar y a coser. Ahora se lo enseño a mis hijos."),
    _("close-17", False, "J'ai recommandé ma collègue Inès pour diriger le nouveau projet, elle le mérite.",
      "J'aide ma stagiaire à préparer sa première présentation devant le client."),
    _("close-18", False, "我支持妻子继续读研究生，家里的事我们一起分担。",
      "I support my wife's career, so I moved cities when she got her dream job."),
    _("close-19", False, "لا يوجد عمل للرجال وعمل للنساء. ابني يحب الطبخ وابنتي تحب الميكانيكا.",
      "There are no toys for boys and toys for girls. My kids play with whatever they like."),
    _("close-20", False, "मैं अपने दफ़्तर में महिलाओं को मीटिंग में बोलने का पूरा मौका देता हूँ।",
      "मैं अपनी पत्नी की राय को घर के हर फ़ैसले में बराबर महत्व देता हूँ।"),
    _("close-21", False, "Niliacha kucheka utani wa kudharau wanawake na sasa nawaambia marafiki zangu waache.",
      "I stopped using words like 'bossy' about women at work."),
    _("close-22", False, "Quero que meu filho saiba que cuidar da casa também é trabalho de homem.",
      "Quero que minha filha saiba que pode ser engenheira, piloto ou presidente."),
    _("close-23", False, "Participé en un curso sobre violencia de género y cambió mi forma de ver las relaciones.",
      "I took a course on unconscious bias at work and it changed how I hire people."),
    _("close-24", False, "We changed the rule at our football club so the girls' team gets the good pitch half the "
      "time.", "We changed the rule at our mosque so women have a proper entrance and a say in the committee."),
    _("close-25", False, "I became a nurse even though everyone said it was a woman's job.",
      "Nikawa mpishi hotelini ingawa watu walisema jikoni si mahali pa mwanaume."),
    _("close-26", False, "My sister is the smartest person I know. I want the world to hear her.",
      "我妈妈是我见过最坚强的人，我希望大家都能听听她的故事。"),
    _("close-27", False, "I coach a young woman at work and introduce her to the people who can open doors for her.",
      "I coach a girls' basketball team on weekends and drive them to every game."),
    _("close-28", False, "My grandfather said girls don't need school. I paid for my cousins' school fees.",
      "Meu avô dizia que menina não precisa de escola. Minha mãe virou professora mesmo assim."),
    _("close-29", False, "I took six months of parental leave so my wife could go back to work.",
      "I took two weeks off work when my wife had surgery and ran the house."),
    _("close-30", False, "Ich habe gelernt, zuzuhören, statt Frauen zu erklären, wie die Welt funktioniert.",
      "Ich habe gelernt, dass Männer auch um Hilfe bitten dürfen."),
)
del _

_ANSWER_HALVES = split(_ANSWERS, key=lambda a: a.key, stratum=lambda a: a.language)
_PAIR_HALVES = split(_PAIRS, key=lambda p: p.key, stratum=lambda p: str(p.duplicate))
FIELD_ANSWERS: tuple[FieldAnswer, ...] = tuple(replace(a, half=_ANSWER_HALVES[a.key]) for a in _ANSWERS)
FIELD_PAIRS: tuple[FieldPair, ...] = tuple(replace(p, half=_PAIR_HALVES[p.key]) for p in _PAIRS)


def answers(half: Half) -> list[FieldAnswer]:
    return [a for a in FIELD_ANSWERS if a.half == half]


def pairs(half: Half) -> list[FieldPair]:
    return [p for p in FIELD_PAIRS if p.half == half]
