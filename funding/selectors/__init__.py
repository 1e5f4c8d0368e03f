"""Reads of funding for pages, dashboards, reports and the other apps, one module per subject
(import the module: ``from funding.selectors import coverage`` then
``coverage.programme_coverage(programme)``):

    coverage      budgets against money: per workshop, per programme, the badge
    allocation    the arithmetic of sharing unearmarked money (pure functions)
    pledges       donors' pledges and payments, overdue pledges
    commitments   money promised away per workshop and budget line

Each function's docstring gives its return shape; each makes a fixed number of queries
whatever the number of pledges and payments (sums are made by the database).
"""
