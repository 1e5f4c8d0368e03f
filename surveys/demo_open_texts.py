"""The texts, in English, French and Spanish, of the demo survey that stays open for delegates
to try (surveys/demo.py): anonymous, for every registered delegate. Same shape as
surveys/demo_texts.py."""

from surveys.demo_texts import USEFUL

DELEGATES = {
    "title": (
        "IDM 2010: what do delegates expect of the workshops?",
        "Dialogue 2010 : qu’attendent les délégués des ateliers ?",
        "Diálogo 2010: ¿qué esperan los delegados de los talleres?",
    ),
    "introduction": (
        "IOM asks every registered delegate how to prepare the workshops of 2010. The survey "
        "is anonymous: IOM records that you answered, apart from what you answered.",
        "L’OIM demande à chaque délégué inscrit comment préparer les ateliers de 2010. "
        "L’enquête est anonyme : l’OIM enregistre que vous avez répondu, séparément de vos "
        "réponses.",
        "La OIM pregunta a cada delegado inscrito cómo preparar los talleres de 2010. La "
        "encuesta es anónima: la OIM registra que usted respondió, por separado de sus "
        "respuestas.",
    ),
}

DELEGATES_QUESTIONS = [
    (
        "rating",
        True,
        (
            "How useful have the IDM workshops been to your work?",
            "Quelle a été l’utilité des ateliers du Dialogue pour votre travail ?",
            "¿Qué utilidad han tenido los talleres del Diálogo para su trabajo?",
        ),
        [],
        USEFUL,
    ),
    (
        "single",
        True,
        (
            "Which format do you prefer for the workshops of 2010?",
            "Quel format préférez-vous pour les ateliers de 2010 ?",
            "¿Qué formato prefiere para los talleres de 2010?",
        ),
        [
            ("Two days in Geneva", "Deux jours à Genève", "Dos días en Ginebra"),
            ("One day in Geneva", "Une journée à Genève", "Un día en Ginebra"),
            ("One workshop in a region", "Un atelier en région", "Un taller en una región"),
        ],
        None,
    ),
    (
        "multiple",
        False,
        (
            "What would help you take part?",
            "Qu’est-ce qui faciliterait votre participation ?",
            "¿Qué le facilitaría participar?",
        ),
        [
            ("Earlier invitations", "Des invitations plus tôt", "Invitaciones con más antelación"),
            ("Travel sponsorship", "Une prise en charge du voyage", "Patrocinio del viaje"),
            (
                "Documents in my language",
                "Des documents dans ma langue",
                "Documentos en mi idioma",
            ),
        ],
        None,
    ),
    (
        "long_text",
        False,
        (
            "Anything else IOM should know to prepare the workshops?",
            "Autre chose que l’OIM devrait savoir pour préparer les ateliers ?",
            "¿Algo más que la OIM debería saber para preparar los talleres?",
        ),
        [],
        None,
    ),
]
