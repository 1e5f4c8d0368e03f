"""The arithmetic of coverage, without the database: how unearmarked money is shared among a
programme's workshops. Pure functions of Decimals, so that the property tests can drive them.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_DOWN, Decimal

from funding.money import CENT, ZERO


def allocate(total: Decimal, gaps: Mapping[int, Decimal]) -> tuple[dict[int, Decimal], Decimal]:
    """Share `total` among workshops pro rata to their `gaps` ({workshop pk: USD}), never more
    than a workshop's gap; what is left is the programme reserve.

    Returns ``(shares, reserve)``: ``shares`` has a key for every workshop of `gaps`, and
    ``sum(shares) + reserve == total``. When the total covers every gap, each workshop gets
    its gap. Otherwise each gets ``total × gap ÷ sum(gaps)`` rounded down to the cent, and the
    cents left are given one each to the largest remainders (ties: the lower pk), so the whole
    total is shared and the reserve is zero.
    """
    total = Decimal(total)
    gaps = {pk: max(Decimal(gap), ZERO) for pk, gap in gaps.items()}
    need = sum(gaps.values(), ZERO)
    if total <= 0 or need <= 0:
        return dict.fromkeys(gaps, ZERO), max(total, ZERO)
    if total >= need:
        return dict(gaps), total - need
    exact = {pk: total * gap / need for pk, gap in gaps.items()}
    shares = {pk: value.quantize(CENT, rounding=ROUND_DOWN) for pk, value in exact.items()}
    left = total - sum(shares.values(), ZERO)
    by_remainder = sorted(exact, key=lambda pk: (-(exact[pk] - shares[pk]), pk))
    for pk in by_remainder:
        if left < CENT:
            break
        if shares[pk] + CENT <= gaps[pk]:
            shares[pk] += CENT
            left -= CENT
    return shares, left


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    """part ÷ whole in percent, to a tenth, rounded down (99.96 % is not shown as covered);
    None when there is nothing to divide by."""
    if whole <= 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_DOWN)
