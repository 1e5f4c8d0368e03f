"""The demo surveys' texts in English, French and Spanish (surveys/demo.py loads them).
Each question: (kind, required, (en, fr, es), [choices as (en, fr, es)], scale ends)."""

EFFECTIVENESS = {
    "title": (
        "The International Dialogue on Migration: how effective is it?",
        "Le Dialogue international sur la migration : quelle est son efficacité ?",
        "El Diálogo Internacional sobre la Migración: ¿cuál es su eficacia?",
    ),
    "introduction": (
        "IOM seeks the membership's views on how best to serve it through the IDM and how to "
        "strengthen the Dialogue's effectiveness. One response per member state, by its focal "
        "point.",
        "L’OIM sollicite l’avis des États Membres sur la meilleure façon de les servir au "
        "travers du Dialogue et de renforcer son efficacité. Une réponse par État Membre, "
        "donnée par son point focal.",
        "La OIM desea conocer la opinión de los Estados Miembros sobre la mejor manera de "
        "servirles a través del Diálogo y de reforzar su eficacia. Una respuesta por Estado "
        "Miembro, dada por su punto focal.",
    ),
}

USEFUL = (("Not useful", "Pas utile", "Nada útil"), ("Very useful", "Très utile", "Muy útil"))
AGREE = (("Not at all", "Pas du tout", "En absoluto"), ("Fully", "Pleinement", "Plenamente"))

EFFECTIVENESS_QUESTIONS = [
    (
        "single",
        True,
        (
            "How often has your government taken part in IDM workshops since 2001?",
            "À quelle fréquence votre gouvernement a-t-il participé aux ateliers du Dialogue "
            "depuis 2001 ?",
            "¿Con qué frecuencia ha participado su gobierno en los talleres del Diálogo desde "
            "2001?",
        ),
        [
            ("Every year", "Chaque année", "Todos los años"),
            ("Most years", "La plupart des années", "La mayoría de los años"),
            ("Occasionally", "De temps à autre", "Ocasionalmente"),
            ("Never", "Jamais", "Nunca"),
        ],
        None,
    ),
    (
        "rating",
        True,
        (
            "How useful are the IDM workshops to your government's migration policy?",
            "Quelle est l’utilité des ateliers du Dialogue pour la politique migratoire de "
            "votre gouvernement ?",
            "¿Qué utilidad tienen los talleres del Diálogo para la política migratoria de su "
            "gobierno?",
        ),
        [],
        USEFUL,
    ),
    (
        "rating",
        True,
        (
            "How well do the workshops' themes reflect your government's priorities?",
            "Dans quelle mesure les thèmes des ateliers reflètent-ils les priorités de votre "
            "gouvernement ?",
            "¿En qué medida reflejan los temas de los talleres las prioridades de su gobierno?",
        ),
        [],
        AGREE,
    ),
    (
        "multiple",
        False,
        (
            "Which outputs of the IDM does your government use?",
            "Quels produits du Dialogue votre gouvernement utilise-t-il ?",
            "¿Qué productos del Diálogo utiliza su gobierno?",
        ),
        [
            ("Discussion notes", "Notes de synthèse", "Notas de debate"),
            ("Workshop reports", "Rapports des ateliers", "Informes de los talleres"),
            (
                "The IDM publication series (“Red Books”)",
                "La série de publications du Dialogue (« livres rouges »)",
                "La serie de publicaciones del Diálogo («libros rojos»)",
            ),
            ("Speakers' presentations", "Exposés des intervenants", "Ponencias de los oradores"),
            (
                "Contacts made at the workshops",
                "Contacts noués lors des ateliers",
                "Contactos establecidos en los talleres",
            ),
        ],
        None,
    ),
    (
        "single",
        False,
        (
            "Which format do you prefer for the intersessional workshops?",
            "Quelle formule préférez-vous pour les ateliers intersessions ?",
            "¿Qué formato prefiere para los talleres entre reuniones?",
        ),
        [
            ("Two days in Geneva", "Deux jours à Genève", "Dos días en Ginebra"),
            ("A regional workshop", "Un atelier régional", "Un taller regional"),
            (
                "Shorter thematic sessions",
                "Des séances thématiques plus courtes",
                "Sesiones temáticas más breves",
            ),
        ],
        None,
    ),
    (
        "ranking",
        True,
        (
            "Rank these ways of strengthening the IDM, most important first.",
            "Classez ces moyens de renforcer le Dialogue, du plus important au moins important.",
            "Ordene estas formas de reforzar el Diálogo, de la más importante a la menos "
            "importante.",
        ),
        [
            (
                "More officials from capitals",
                "Davantage de fonctionnaires venus des capitales",
                "Más funcionarios de las capitales",
            ),
            (
                "Closer follow-up of the workshops' conclusions",
                "Un meilleur suivi des conclusions des ateliers",
                "Un mejor seguimiento de las conclusiones de los talleres",
            ),
            (
                "Speakers from every region",
                "Des intervenants de toutes les régions",
                "Oradores de todas las regiones",
            ),
            (
                "Papers sent earlier before each workshop",
                "Des documents envoyés plus tôt avant chaque atelier",
                "Documentos enviados con más antelación antes de cada taller",
            ),
        ],
        None,
    ),
    (
        "rating",
        False,
        (
            "How satisfied are you with the balance of speakers across regions?",
            "Êtes-vous satisfait de l’équilibre régional des intervenants ?",
            "¿Está satisfecho con el equilibrio regional de los oradores?",
        ),
        [],
        (
            ("Not satisfied", "Pas satisfait", "Nada satisfecho"),
            ("Very satisfied", "Très satisfait", "Muy satisfecho"),
        ),
    ),
    (
        "number",
        False,
        (
            "How many officials from your capital took part in IDM events in 2009?",
            "Combien de fonctionnaires de votre capitale ont participé aux manifestations du "
            "Dialogue en 2009 ?",
            "¿Cuántos funcionarios de su capital participaron en actos del Diálogo en 2009?",
        ),
        [],
        None,
    ),
    (
        "single",
        True,
        (
            "Should the IDM make more room for civil society and the private sector?",
            "Le Dialogue devrait-il faire davantage de place à la société civile et au secteur "
            "privé ?",
            "¿Debería el Diálogo dar más cabida a la sociedad civil y al sector privado?",
        ),
        [("Yes", "Oui", "Sí"), ("No", "Non", "No"), ("No opinion", "Sans avis", "Sin opinión")],
        None,
    ),
    (
        "short_text",
        False,
        (
            "In one sentence, what is the IDM's main value for your government?",
            "En une phrase, quel est le principal intérêt du Dialogue pour votre gouvernement ?",
            "En una frase, ¿cuál es el principal valor del Diálogo para su gobierno?",
        ),
        [],
        None,
    ),
    (
        "long_text",
        False,
        (
            "How could IOM better serve the membership through the IDM?",
            "Comment l’OIM pourrait-elle mieux servir ses États Membres au travers du Dialogue ?",
            "¿Cómo podría la OIM servir mejor a sus Estados Miembros a través del Diálogo?",
        ),
        [],
        None,
    ),
    (
        "long_text",
        False,
        ("Any other comments.", "Autres observations.", "Otras observaciones."),
        [],
        None,
    ),
]

THEME = {
    "title": (
        "The overarching theme of the IDM in 2010",
        "Le thème général du Dialogue en 2010",
        "El tema general del Diálogo en 2010",
    ),
    "introduction": (
        "Following the informal consultations, the membership chooses the theme of the IDM "
        "in 2010 among the candidate themes below.",
        "À la suite des consultations informelles, les États Membres choisissent le thème du "
        "Dialogue en 2010 parmi les thèmes proposés ci-dessous.",
        "Tras las consultas oficiosas, los Estados Miembros eligen el tema del Diálogo en 2010 "
        "entre los temas propuestos a continuación.",
    ),
}

THEME_QUESTIONS = [
    (
        "ranking",
        True,
        (
            "Rank the candidate themes for 2010, your first choice first.",
            "Classez les thèmes proposés pour 2010, en commençant par votre premier choix.",
            "Ordene los temas propuestos para 2010, empezando por su primera opción.",
        ),
        [
            (
                "Migration and Social Change",
                "Migration et changement social",
                "Migración y cambio social",
            ),
            (
                "Migration and Climate Change",
                "Migration et changements climatiques",
                "Migración y cambio climático",
            ),
            (
                "Economic Cycles, Demographic Change and Migration",
                "Cycles économiques, évolution démographique et migration",
                "Ciclos económicos, cambio demográfico y migración",
            ),
            ("Migrants' Health", "La santé des migrants", "La salud de los migrantes"),
        ],
        None,
    ),
    (
        "long_text",
        False,
        (
            "Which topics should the workshops of 2010 take up?",
            "Quels sujets les ateliers de 2010 devraient-ils aborder ?",
            "¿Qué asuntos deberían tratar los talleres de 2010?",
        ),
        [],
        None,
    ),
]

EVALUATION = {
    "title": ("Evaluation of the workshop", "Évaluation de l’atelier", "Evaluación del taller"),
    "introduction": (
        "Thank you for taking part. Your answers are anonymous and help IOM prepare the next "
        "workshops.",
        "Merci de votre participation. Vos réponses sont anonymes et aident l’OIM à préparer "
        "les prochains ateliers.",
        "Gracias por su participación. Sus respuestas son anónimas y ayudan a la OIM a "
        "preparar los próximos talleres.",
    ),
}

EVALUATION_QUESTIONS = [
    (
        "rating",
        True,
        (
            "Overall, how useful was the workshop for your work?",
            "Dans l’ensemble, quelle a été l’utilité de l’atelier pour votre travail ?",
            "En general, ¿qué utilidad tuvo el taller para su trabajo?",
        ),
        [],
        USEFUL,
    ),
    (
        "rating",
        True,
        (
            "How relevant were the speakers' presentations?",
            "Quelle a été la pertinence des exposés des intervenants ?",
            "¿Qué pertinencia tuvieron las ponencias de los oradores?",
        ),
        [],
        (
            ("Not relevant", "Pas pertinents", "Nada pertinentes"),
            ("Very relevant", "Très pertinents", "Muy pertinentes"),
        ),
    ),
    (
        "single",
        False,
        (
            "Was the workshop's length right?",
            "La durée de l’atelier était-elle adaptée ?",
            "¿Fue adecuada la duración del taller?",
        ),
        [
            ("Too short", "Trop courte", "Demasiado corta"),
            ("Right", "Adaptée", "Adecuada"),
            ("Too long", "Trop longue", "Demasiado larga"),
        ],
        None,
    ),
    (
        "multiple",
        False,
        (
            "Which sessions were the most useful to you?",
            "Quelles séances vous ont été les plus utiles ?",
            "¿Qué sesiones le resultaron más útiles?",
        ),
        [
            ("The opening session", "La séance d’ouverture", "La sesión de apertura"),
            (
                "The panels of experts",
                "Les tables rondes d’experts",
                "Las mesas redondas de expertos",
            ),
            ("The open discussion", "Le débat ouvert", "El debate abierto"),
            ("The closing session", "La séance de clôture", "La sesión de clausura"),
        ],
        None,
    ),
    (
        "long_text",
        False,
        (
            "What would you change for the next workshop?",
            "Que changeriez-vous pour le prochain atelier ?",
            "¿Qué cambiaría para el próximo taller?",
        ),
        [],
        None,
    ),
]

FREE_TEXTS = [
    "A forum where we hear every region.",
    "Un espace de dialogue franc entre pays d’origine, de transit et de destination.",
    "Un foro que nos permite compartir buenas prácticas.",
    "Contacts with colleagues we would not meet otherwise.",
]
