"""The arithmetic of survey results, on counts the database has already aggregated
(surveys.selectors.results): percentages, the rating scale's mean and distribution, the
numbers' statistics and the Borda count of a ranking. Pure functions: no query, no
translation, every figure a Decimal (never a float, so that 2/3 prints the same everywhere).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

ONE_PLACE = Decimal("0.1")
TWO_PLACES = Decimal("0.01")


def percent(part: int, whole: int) -> Decimal | None:
    """`part` of `whole` in per cent, to one decimal place (half up); None of nothing."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def mean_of(frequencies: Iterable[tuple[Decimal | int, int]]) -> Decimal | None:
    """The mean of values given as (value, how many times), to two decimal places."""
    total = count = 0
    for value, times in frequencies:
        total += Decimal(value) * times
        count += times
    if not count:
        return None
    return (Decimal(total) / count).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def median_of(frequencies: Iterable[tuple[Decimal | int, int]]) -> Decimal | None:
    """The median of values given as (value, how many times): the middle value, or the mean
    of the two middle values of an even count."""
    ordered = sorted((Decimal(value), times) for value, times in frequencies if times)
    count = sum(times for _value, times in ordered)
    if not count:
        return None
    wanted = [(count - 1) // 2, count // 2]  # 0-based positions of the middle value(s)
    found: list[Decimal] = []
    seen = 0
    for value, times in ordered:
        while wanted and wanted[0] < seen + times:
            found.append(value)
            wanted.pop(0)
        seen += times
    return (sum(found) / len(found)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class NumberSummary:
    count: int
    mean: Decimal | None
    median: Decimal | None
    minimum: Decimal | None
    maximum: Decimal | None


def number_summary(frequencies: Mapping[Decimal, int]) -> NumberSummary:
    """count, mean, median, min and max of a number question's answers."""
    pairs = [(Decimal(value), times) for value, times in frequencies.items() if times]
    values = [value for value, _times in pairs]
    return NumberSummary(
        count=sum(times for _value, times in pairs),
        mean=mean_of(pairs),
        median=median_of(pairs),
        minimum=min(values) if values else None,
        maximum=max(values) if values else None,
    )


@dataclass(frozen=True)
class Standing:
    """A choice's result in a ranking: its Borda points, its place (1 = first) and whether it
    shares that place with another choice."""

    choice_id: int
    points: int
    place: int
    is_tied: bool
    first_places: int  # how many ranked it first: shown, never used to break a tie


def borda(choice_ids: Sequence[int], rank_counts: Mapping[tuple[int, int], int]) -> list[Standing]:
    """The Borda count of a ranking question.

    Points: each response that ranks the question's `n` choices gives the choice it ranks
    r-th ``n - r`` points (first ``n - 1``, last 0). A choice a response did not rank (a choice
    staff added after it was submitted) gets 0 points from it; a rank outside 1..n counts 0.
    `rank_counts` is {(choice id, rank): number of responses} as the database counted them;
    `choice_ids` are the question's choices in the order staff set.

    Places and ties: choices are listed by points, most first. No tie-break decides a place:
    choices with equal points share it, and the next place is skipped ("1, 1, 3", standard
    competition ranking), each marked as tied. Within a shared place they are listed in the
    question's order, which means nothing. So a tie for first place has no winner: staff
    decide (surveys.services.themes refuses to apply a tied first place).
    """
    n = len(choice_ids)
    points = dict.fromkeys(choice_ids, 0)
    firsts = dict.fromkeys(choice_ids, 0)
    for (choice_id, rank), times in rank_counts.items():
        if choice_id not in points or rank is None:
            continue
        points[choice_id] += max(n - rank, 0) * times if 1 <= rank <= n else 0
        if rank == 1:
            firsts[choice_id] += times
    order = {choice_id: index for index, choice_id in enumerate(choice_ids)}
    ranked = sorted(choice_ids, key=lambda choice_id: (-points[choice_id], order[choice_id]))
    tally: dict[int, int] = {}
    for value in points.values():
        tally[value] = tally.get(value, 0) + 1
    return [
        Standing(
            choice_id=choice_id,
            points=points[choice_id],
            place=1 + sum(1 for other in choice_ids if points[other] > points[choice_id]),
            is_tied=tally[points[choice_id]] > 1,
            first_places=firsts[choice_id],
        )
        for choice_id in ranked
    ]


def winner(standings: Sequence[Standing]) -> Standing | None:
    """The choice alone in first place, or None (no choices, or a tie for first place)."""
    if not standings or standings[0].is_tied:
        return None
    return standings[0]
