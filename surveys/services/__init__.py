"""Every write of surveys, one module per subject; import the subject module
(``from surveys.services import responses``):

    surveys     staff's: open a survey (its French and Spanish texts, or a recorded reason),
                copy a survey for the next year
    responses   respondents': save a draft, submit (one response per state or person; the
                anonymous submission that severs the draft's link, and its later changes
                with the edit key only the author's browser holds)
"""
