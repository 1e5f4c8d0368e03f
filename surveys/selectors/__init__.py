"""Every read of surveys for pages, admin and results, one module per subject. Import the
subject module (``from surveys.selectors import audiences``):

    audiences   who a survey is for: the respondent a user answers as (their focal point's
                state, or themselves), and the surveys open today for a user
    answering   a survey with its questions and choices for the answering page; a
                respondent's draft and submitted response
    results     what the results, exports and reports read: a survey's questions with their
                choices, its submitted answers, and who took part; each in a constant number
                of queries, never linking an anonymous answer to its author

Scoping is part of each selector: what a user may not answer is simply not found (a 404 for
the view).
"""
