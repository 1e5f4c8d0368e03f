"""The arithmetic of results on hand-checked cases: Borda points and places (ties shown as
ties), percentages, the rating's mean, the numbers' statistics."""

from decimal import Decimal

from surveys import tally

A, B, C, D = 11, 12, 13, 14


def _standings(rank_counts, choices=(A, B, C)):
    return [(s.choice_id, s.points, s.place, s.is_tied) for s in tally.borda(choices, rank_counts)]


def test_borda_points_by_hand():
    # Three ballots over A, B, C (n = 3: first 2 points, second 1, last 0):
    #   A > B > C,  A > C > B,  B > C > A
    # A: 2 + 2 + 0 = 4;  B: 1 + 0 + 2 = 3;  C: 0 + 1 + 1 = 2.
    counts = {(A, 1): 2, (A, 3): 1, (B, 2): 1, (B, 3): 1, (B, 1): 1, (C, 3): 1, (C, 2): 2}
    assert _standings(counts) == [(A, 4, 1, False), (B, 3, 2, False), (C, 2, 3, False)]
    assert tally.winner(tally.borda([A, B, C], counts)).choice_id == A


def test_borda_where_the_most_first_places_do_not_win():
    # Eleven ballots: 2 x A > B > C, 2 x A > C > B, 3 x B > A > C, 4 x C > B > A.
    # A: 2*2 + 2*2 + 1*3 + 0*4 = 11; B: 1*2 + 0*2 + 2*3 + 1*4 = 12; C: 0 + 1*2 + 0 + 2*4 = 10.
    # A and C are ranked first most often (4 each), yet B wins.
    counts = {
        (A, 1): 4, (A, 2): 3, (A, 3): 4,
        (B, 2): 2 + 4, (B, 1): 3, (B, 3): 2,
        (C, 3): 2 + 3, (C, 2): 2, (C, 1): 4,
    }  # fmt: skip
    standings = tally.borda([A, B, C], counts)
    assert [(s.choice_id, s.points, s.first_places) for s in standings] == [
        (B, 12, 3),
        (A, 11, 4),
        (C, 10, 4),
    ]


def test_a_tie_shares_its_place_and_the_next_place_is_skipped():
    # Two ballots: A > B > C > D and B > A > D > C (n = 4: 3, 2, 1, 0 points).
    # A: 3 + 2 = 5, B: 2 + 3 = 5, C: 1 + 0 = 1, D: 0 + 1 = 1.
    counts = {
        (A, 1): 1, (B, 2): 1, (C, 3): 1, (D, 4): 1,
        (B, 1): 1, (A, 2): 1, (D, 3): 1, (C, 4): 1,
    }  # fmt: skip
    assert _standings(counts, (A, B, C, D)) == [
        (A, 5, 1, True),
        (B, 5, 1, True),
        (C, 1, 3, True),
        (D, 1, 3, True),
    ]
    # A tie for first place has no winner.
    assert tally.winner(tally.borda([A, B, C, D], counts)) is None


def test_a_tie_below_first_place_keeps_the_winner():
    # A > B > C and A > C > B: A 4, B 1, C 1.
    counts = {(A, 1): 2, (B, 2): 1, (C, 3): 1, (C, 2): 1, (B, 3): 1}
    assert _standings(counts) == [(A, 4, 1, False), (B, 1, 2, True), (C, 1, 2, True)]
    assert tally.winner(tally.borda([A, B, C], counts)).choice_id == A


def test_no_ballots_is_no_winner_and_an_unknown_choice_counts_nothing():
    assert tally.winner(tally.borda([A, B], {})) is None
    assert _standings({(99, 1): 5, (A, 1): 1}, (A, B)) == [(A, 1, 1, False), (B, 0, 2, False)]


def test_percentages_means_and_number_statistics_by_hand():
    assert tally.percent(1, 3) == Decimal("33.3")
    assert tally.percent(2, 3) == Decimal("66.7")
    assert tally.percent(1, 8) == Decimal("12.5")
    assert tally.percent(0, 0) is None
    # Ratings 5, 4, 4, 2: mean 15 / 4 = 3.75.
    assert tally.mean_of({5: 1, 4: 2, 2: 1}.items()) == Decimal("3.75")
    # Ratings 1, 2, 2: mean 5 / 3 = 1.67.
    assert tally.mean_of([(1, 1), (2, 2)]) == Decimal("1.67")
    # Numbers 3, 10, 10, 1.5: sorted 1.5, 3, 10, 10 → median (3 + 10) / 2 = 6.5, mean 6.13.
    summary = tally.number_summary({Decimal("3"): 1, Decimal("10"): 2, Decimal("1.5"): 1})
    assert summary == tally.NumberSummary(
        count=4,
        mean=Decimal("6.13"),
        median=Decimal("6.50"),
        minimum=Decimal("1.5"),
        maximum=Decimal("10"),
    )
    # An odd count: 7, 1, 4 → median 4.
    assert tally.median_of([(7, 1), (1, 1), (4, 1)]) == Decimal("4.00")
    assert tally.number_summary({}).median is None
