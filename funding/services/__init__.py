"""Writes of funding, one module per subject (import the module: ``from funding.services
import pledges`` then ``pledges.record_payment(...)``):

    pledges       record, change, commit, revise and cancel pledges; record payments
    budgets       a workshop's budget and its lines
    commitments   commit_funds and release_funds: the only way another app spends money

Each function takes keyword arguments, owns its transaction, takes one row lock before it
checks, calls full_clean() and raises a funding.errors.FundingError a page can show at a field.
"""
