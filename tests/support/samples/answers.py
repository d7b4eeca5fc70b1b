"""Answers to "Why does gender equality matter to you?", written and labelled by hand with the default
campaign's themes: the held-out set that theme tagging is measured on (tests and `storydesk bench`).

Never copy these into a campaign file's theme examples: the examples there are other sentences, so this
set stays an honest evaluation.
"""
from __future__ import annotations

from dataclasses import dataclass

AMPLIFYING = "amplifying women's voices"
EDUCATING = "educating oneself"
STATUS_QUO = "challenging the status quo"
ACTION = "taking action"
MENTORING = "mentoring a female colleague"
LANGUAGE = "calling out sexist language"
STEREOTYPES = "questioning gender stereotypes"


@dataclass(frozen=True)
class LabelledAnswer:
    text: str
    theme: str  # the one theme a moderator would pick first
    language: str  # ISO 639-1


_ = LabelledAnswer
LABELLED_ANSWERS: tuple[LabelledAnswer, ...] = (
    # amplifying women's voices
    _("In meetings I used to jump in before my colleague Amina had finished her sentence. Now I wait, and when "
      "someone repeats her idea as their own, I say out loud that it was hers.", AMPLIFYING, "en"),
    _("My mother raised five of us and nobody ever asked her opinion on anything outside the kitchen. I want my "
      "daughters to be heard at every table they sit at.", AMPLIFYING, "en"),
    _("At our church council the women did all the organising but the men did all the talking. I gave up my "
      "turn to chair the meeting so Grace could run it, and she was brilliant.", AMPLIFYING, "en"),
    _("When I host our podcast I make sure at least half the guests are women, and I try to ask a question and "
      "then actually stay quiet for the answer.", AMPLIFYING, "en"),
    _("The sharpest person on my team is a woman who rarely got the microphone. I started passing it to her.",
      AMPLIFYING, "en"),
    _("My sister is a nurse and knows more about our town's health than any official, so I organised an evening "
      "where she and her colleagues spoke first and the council took notes.", AMPLIFYING, "en"),
    _("Dans ma famille, ce sont les hommes qui parlent et les femmes qui se taisent. J'ai décidé de laisser la "
      "parole à ma sœur et de l'écouter vraiment.", AMPLIFYING, "fr"),
    _("Cuando mi compañera propone algo en una reunión y nadie le hace caso, repito su nombre y recuerdo que la "
      "idea fue suya.", AMPLIFYING, "es"),
    _("Na minha empresa as mulheres quase nunca apresentavam os projetos que elas mesmas criaram. Agora faço "
      "questão de que cada uma apresente o seu trabalho.", AMPLIFYING, "pt"),
    _("Ich habe gelernt, in Diskussionen weniger zu reden, damit die Frauen im Raum endlich zu Wort kommen.",
      AMPLIFYING, "de"),
    _("Katika kijiji chetu wanawake hawakupewa nafasi ya kuzungumza kwenye mikutano. Sasa nawahimiza "
      "wazungumze na nawasikiliza kwa makini.", AMPLIFYING, "sw"),

    # educating oneself
    _("I didn't understand what my wife meant by the mental load until I read a couple of books about it. I'm "
      "still learning, and I ask her more now instead of guessing.", EDUCATING, "en"),
    _("Honestly, I grew up thinking feminism was about hating men. Then I took an online course on gender and "
      "history and realised how little I knew.", EDUCATING, "en"),
    _("My trans niece helped me see how much I took for granted about people. I've been watching documentaries "
      "and talking with her friends about their lives.", EDUCATING, "en"),
    _("I joined a book club where we read women authors from Africa and Asia, and it changed how I see my own "
      "country.", EDUCATING, "en"),
    _("I used to think the pay gap was a myth. I looked at the numbers myself, talked to women in my field, and "
      "I was wrong.", EDUCATING, "en"),
    _("Because I still have so much to understand. Every month I pick a memoir by a woman whose life is nothing "
      "like mine.", EDUCATING, "en"),
    _("Je ne connaissais rien aux inégalités que vivent les femmes noires en France. J'ai lu, j'ai posé des "
      "questions, et j'ai compris que mon expérience n'est pas universelle.", EDUCATING, "fr"),
    _("Pensaba que ya lo sabía todo sobre la igualdad. Empecé a leer a autoras feministas latinoamericanas y me "
      "di cuenta de cuánto me faltaba aprender.", EDUCATING, "es"),
    _("Eu achava que machismo era coisa do passado. Comecei a ouvir podcasts e a perguntar às minhas colegas "
      "sobre as experiências delas, e aprendi muito.", EDUCATING, "pt"),
    _("Ich habe angefangen, Bücher über die Geschichte der Frauenbewegung zu lesen, weil ich merkte, wie wenig "
      "ich darüber wusste.", EDUCATING, "de"),
    _("Nilianza kusoma vitabu na kuuliza maswali kuhusu maisha ya wanawake, kwa sababu niligundua kwamba "
      "sikujua mengi.", EDUCATING, "sw"),

    # challenging the status quo
    _("At my firm, only men were ever sent to the big client conferences. I asked why, nobody had a good "
      "answer, and this year the rule changed.", STATUS_QUO, "en"),
    _("In my family the boys eat first and the girls eat what is left. I told my father this tradition ends in "
      "our house, and it did.", STATUS_QUO, "en"),
    _("Our football club always gave the women's team the worst pitch times. A few of us on the men's team "
      "pushed the board to share the schedule fairly.", STATUS_QUO, "en"),
    _("Why should my daughter inherit less land than my son? I'm fighting to change how our community divides "
      "property.", STATUS_QUO, "en"),
    _("The policies at my university assumed every student with a baby was a mother. We campaigned to rewrite "
      "them so fathers get the same leave.", STATUS_QUO, "en"),
    _("'It's always been this way' is not a reason. I keep asking uncomfortable questions at work until things "
      "move.", STATUS_QUO, "en"),
    _("Chez nous, on disait que c'était normal que les filles arrêtent l'école plus tôt. J'ai refusé cette "
      "règle pour mes propres filles.", STATUS_QUO, "fr"),
    _("En mi pueblo las mujeres no podían formar parte de la junta del agua. Propusimos cambiar los estatutos "
      "y ahora dos mujeres la dirigen.", STATUS_QUO, "es"),
    _("A empresa onde trabalho pagava bônus maiores para quem fazia hora extra, e as mães nunca podiam. "
      "Questionei essa regra até ela mudar.", STATUS_QUO, "pt"),
    _("In unserem Verein durften Frauen nie Vorsitzende werden, weil es schon immer so war. Ich habe eine "
      "Satzungsänderung beantragt.", STATUS_QUO, "de"),
    _("Desturi za kwetu zinasema msichana hawezi kurithi ardhi. Ninapinga desturi hii kwa sababu si ya haki.",
      STATUS_QUO, "sw"),

    # taking action
    _("I do half the cooking, the school runs and the night feeds. My wife shouldn't work a second shift just "
      "because she's a woman.", ACTION, "en"),
    _("As a manager I went through every salary on my team and fixed the gaps I found between men and women "
      "doing the same job.", ACTION, "en"),
    _("Every Saturday I help out at a shelter for women leaving violent homes. Talking is easy; showing up is "
      "what counts.", ACTION, "en"),
    _("I took my full paternity leave, all of it, even though my boss raised an eyebrow. My son needs his dad "
      "and my partner needs her career.", ACTION, "en"),
    _("I give to a fund that pays school fees for girls in my district, and I tutor two of them in maths.",
      ACTION, "en"),
    _("I don't just say I believe in it. I share the laundry, I take the days off when the kids are ill, and I "
      "vote for people who back fair wages for women.", ACTION, "en"),
    _("Je fais les courses, le ménage et je m'occupe des enfants autant que ma femme. L'égalité, ça commence à "
      "la maison, dans les gestes de tous les jours.", ACTION, "fr"),
    _("Cada mes dedico dos tardes a ayudar en un centro para mujeres sobrevivientes de violencia. No basta con "
      "decir que apoyo la igualdad.", ACTION, "es"),
    _("Divido todas as tarefas da casa com a minha esposa e tirei licença quando nosso filho nasceu. Igualdade "
      "se faz na prática.", ACTION, "pt"),
    _("Ich habe meine Arbeitszeit reduziert, damit meine Frau wieder Vollzeit arbeiten kann. Die Kinder "
      "abholen ist jetzt mein Job.", ACTION, "de"),
    _("Ninapika, ninafua nguo na kuwatunza watoto pamoja na mke wangu. Usawa unaanza nyumbani.", ACTION, "sw"),

    # mentoring a female colleague
    _("A young engineer on my team reminded me of myself ten years ago. I meet her every two weeks to talk about "
      "her goals, and I put her name forward for the lead role.", MENTORING, "en"),
    _("When a promotion came up I told the board that Fatima was more ready than I was. She got it, and she "
      "deserved it.", MENTORING, "en"),
    _("I coach two junior analysts, both women, and I introduce them to the clients and partners who helped me "
      "get ahead.", MENTORING, "en"),
    _("Early in my career a senior partner vouched for me. I try to do the same for the women coming up behind "
      "me in law, who have fewer people vouching for them.", MENTORING, "en"),
    _("I wrote my first ever reference letter for a woman apprentice in my workshop. She now runs her own "
      "electrical business.", MENTORING, "en"),
    _("Talent is everywhere but chances aren't. I spend my lunch breaks helping a new colleague prepare for her "
      "certification exams.", MENTORING, "en"),
    _("J'accompagne une jeune collègue dans son évolution professionnelle : je relis ses dossiers et je la "
      "présente aux bonnes personnes.", MENTORING, "fr"),
    _("Propuse a mi compañera Lucía para dirigir el nuevo proyecto y ahora me reúno con ella cada semana "
      "mientras crece en su carrera.", MENTORING, "es"),
    _("Sou orientador de uma estagiária brilhante no escritório e faço questão de indicá-la para as "
      "oportunidades que eu recebi.", MENTORING, "pt"),
    _("Ich unterstütze eine junge Kollegin bei ihrem beruflichen Aufstieg und schlage sie für neue Projekte "
      "vor.", MENTORING, "de"),
    _("Ninamsaidia mwenzangu wa kike kazini kujiandaa kwa nafasi ya uongozi na ninampendekeza kwa wakubwa "
      "wetu.", MENTORING, "sw"),

    # calling out sexist language
    _("At the barbershop the guys were making cracks about women drivers. I said it wasn't funny and the room "
      "went quiet, but one of them thanked me later.", LANGUAGE, "en"),
    _("My uncle calls grown women 'girls' and worse. At the last family dinner I finally told him to stop "
      "talking about my cousins like that.", LANGUAGE, "en"),
    _("In our group chat someone shared a meme mocking a female politician's body. I didn't send a laughing "
      "emoji; I wrote that it was disgusting.", LANGUAGE, "en"),
    _("On the building site the banter about women can get ugly. I'm the foreman now, and that kind of talk "
      "ends when I'm around.", LANGUAGE, "en"),
    _("I used to stay quiet when my friends said 'you throw like a girl'. Now I ask them what exactly they mean "
      "by that.", LANGUAGE, "en"),
    _("Words shape how we treat people. When a colleague called our boss 'hysterical' I pointed out he'd never "
      "say that about a man.", LANGUAGE, "en"),
    _("Quand un collègue se moque des femmes au volant, je ne souris plus. Je lui dis calmement que ce n'est pas "
      "drôle.", LANGUAGE, "fr"),
    _("En el vestuario del equipo siempre hay quien habla de las mujeres como objetos. Ahora soy el que le dice "
      "que se calle.", LANGUAGE, "es"),
    _("Meu tio sempre solta aquele 'lugar de mulher é na cozinha' no almoço de domingo. Dessa vez não achei "
      "graça e respondi na hora.", LANGUAGE, "pt"),
    _("Wenn ein Kollege über Frauen am Steuer lästert, widerspreche ich sofort, auch wenn es unangenehm ist.",
      LANGUAGE, "de"),
    _("Marafiki zangu wanapowatania wanawake kwa maneno ya dharau, nawaambia waache. Maneno hayo yanaumiza.",
      LANGUAGE, "sw"),

    # questioning gender stereotypes
    _("My son loves ballet and my daughter wants to be a mechanic. I'll back both of them against anyone who "
      "says otherwise.", STEREOTYPES, "en"),
    _("I was told all my life that men don't cry. When my father died I cried in front of my kids, and I want "
      "them to know that's okay.", STEREOTYPES, "en"),
    _("I'm a nurse. People still ask when I'll become a 'real' doctor, as if caring for patients isn't a job "
      "for a man.", STEREOTYPES, "en"),
    _("Why should pink be for girls and trucks for boys? In our house the kids choose their own toys and "
      "clothes.", STEREOTYPES, "en"),
    _("I stay at home with our twins while my wife runs her company. Other dads at the park look at me like "
      "I've lost something. I haven't.", STEREOTYPES, "en"),
    _("I'm tired of being told to 'man up'. Being gentle and being strong aren't opposites.", STEREOTYPES, "en"),
    _("On m'a toujours dit qu'un homme ne montre pas ses émotions. J'apprends à mes fils qu'ils ont le droit "
      "d'être tristes et tendres.", STEREOTYPES, "fr"),
    _("Mi hija juega al fútbol y mi hijo cocina conmigo. No hay juegos de niños ni de niñas, solo juegos.",
      STEREOTYPES, "es"),
    _("Sou pai e faço tranças no cabelo da minha filha todas as manhãs. Cuidar não é coisa só de mulher.",
      STEREOTYPES, "pt"),
    _("Mein Sohn trägt gern Kleider und spielt mit Puppen. Ich lasse mir nicht einreden, dass ein Junge so "
      "nicht sein darf.", STEREOTYPES, "de"),
    _("Watu husema wanaume hawapaswi kulia wala kupika. Mimi napika na sioni aibu kuonyesha hisia zangu.",
      STEREOTYPES, "sw"),
)
del _
