"""Property tests of sharing unearmarked money (funding.selectors.allocation.allocate): the
shares never exceed the unearmarked total nor any workshop's gap, and nothing is lost."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from funding.selectors.allocation import allocate

cents = st.integers(min_value=0, max_value=10**12).map(lambda n: Decimal(n) / 100)
gaps = st.dictionaries(st.integers(min_value=1, max_value=10**6), cents, max_size=12)


@given(total=cents, gaps=gaps)
def test_shares_never_exceed_the_total_nor_any_gap(total, gaps):
    shares, reserve = allocate(total, gaps)

    assert set(shares) == set(gaps)
    assert sum(shares.values(), Decimal(0)) <= total
    for pk, share in shares.items():
        assert Decimal(0) <= share <= gaps[pk]
        assert share == share.quantize(Decimal("0.01"))
    assert sum(shares.values(), Decimal(0)) + reserve == total  # nothing lost, nothing made
    assert reserve >= 0


@given(total=cents, gaps=gaps)
def test_reserve_is_left_only_once_every_gap_is_filled(total, gaps):
    shares, reserve = allocate(total, gaps)

    if reserve > 0:
        assert all(shares[pk] == gap for pk, gap in gaps.items())


@given(total=cents, gaps=gaps)
def test_shares_follow_the_gaps(total, gaps):
    shares, _reserve = allocate(total, gaps)

    # A larger gap never gets a smaller share (pro rata, up to the one cent of rounding).
    for a in gaps:
        for b in gaps:
            if gaps[a] > gaps[b]:
                assert shares[a] + Decimal("0.01") >= shares[b]
