"""Hours: the documented minimum per level, which gaps fit in the hours asked for, and exact shares.

A competency is taught in stages: foundations (up to level 2) and advanced practice (levels 3-4).
Each stage needs at least :data:`MIN_HOURS_BY_LEVEL` hours for the level it teaches up to; a
module's minimum is the sum over its competencies. When the hours asked for cannot cover every
gap at those minimums, gaps are ranked (largest gap first, then the highest target, then the
number of roles that need it) and taken in that order while they fit; the others are left out,
each with the hours it would need. Hours above the minimums follow the gaps (levels to teach).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from advisor.catalogue import COMPETENCY_IDS
from advisor.curriculum.model import LeftOut, Module
from advisor.errors import BadInputError

HOUR_UNIT = 0.5
FOUNDATION_TOP_LEVEL = 2

# The one table of minimum hours: a stage that teaches a competency up to this level needs at
# least this many hours (docs/curriculum.md shows the same table). Reaching level 3 or 4 means
# applying the competency to real work, which a short session cannot do.
MIN_HOURS_BY_LEVEL: dict[int, float] = {1: 1.0, 2: 2.0, 3: 4.0, 4: 4.0}


@dataclass(frozen=True)
class Gap:
    """One competency's gap and the stages that close it."""

    competency: str
    current: int
    target: int
    roles_needing: int
    spans: tuple[tuple[int, int], ...]  # (from level, to level) per stage, foundations first

    @property
    def size(self) -> int:
        """Levels to climb."""
        return self.target - self.current

    @property
    def minimum_hours(self) -> float:
        """Hours needed to teach every stage at the documented minimum."""
        return sum(MIN_HOURS_BY_LEVEL[end] for _, end in self.spans)


def stage_spans(current: int, target: int) -> tuple[tuple[int, int], ...]:
    """The (from, to) level spans that take a competency from ``current`` to ``target``."""
    spans = []
    for low, high in ((1, FOUNDATION_TOP_LEVEL), (FOUNDATION_TOP_LEVEL + 1, 4)):
        start, end = max(current + 1, low), min(target, high)
        if start <= end:
            spans.append((start, end))
    return tuple(spans)


def rank(gaps: Iterable[Gap]) -> list[Gap]:
    """Gaps in teaching priority: largest gap, then highest target, then most roles, then catalogue order."""
    return sorted(gaps, key=lambda g: (-g.size, -g.target, -g.roles_needing, COMPETENCY_IDS.index(g.competency)))


def select(gaps: Sequence[Gap], hours: float) -> tuple[list[Gap], list[LeftOut]]:
    """Split ``gaps`` into those taught within ``hours`` and those left out.

    Gaps are taken in :func:`rank` order while their minimum still fits in the hours left; a gap
    that does not fit is left out and smaller ones further down may still fit.

    Raises:
        BadInputError: not even the smallest gap fits.
    """
    taught: list[Gap] = []
    left_out: list[LeftOut] = []
    remaining = hours
    for gap in rank(gaps):
        if gap.minimum_hours <= remaining + 1e-9:
            taught.append(gap)
            remaining -= gap.minimum_hours
        else:
            left_out.append(LeftOut(gap.competency, gap.size, gap.minimum_hours, gap.current, gap.target))
    if gaps and not taught:
        smallest = min(g.minimum_hours for g in gaps)
        raise BadInputError(
            f"{hours:g} hours is too little for any module: the smallest gap needs at least {smallest:g} hours "
            f"and all {len(gaps)} gaps need {sum(g.minimum_hours for g in gaps):g}"
        )
    return taught, left_out


def module_minimum(module: Module) -> float:
    """The documented minimum hours of a module: the sum over its competencies' stages."""
    return sum(MIN_HOURS_BY_LEVEL[end] for _, end in module.spans.values())


def allocate(modules: list[Module], total: float) -> None:
    """Give each module its minimum, then share the rest in proportion to its gap, summing exactly.

    Shares are in half hours; a total that is not a whole number of half hours adds its
    remainder to the largest module.
    """
    for module in modules:
        module.minimum_hours = module_minimum(module)
    spare_units = int(round((total - sum(m.minimum_hours for m in modules)) / HOUR_UNIT, 6))
    weight = sum(m.gap_weight for m in modules) or 1
    shares = [spare_units * m.gap_weight / weight for m in modules]
    given = [int(share) for share in shares]
    by_remainder = sorted(range(len(modules)), key=lambda i: (-(shares[i] - given[i]), i))
    for i in by_remainder[: spare_units - sum(given)]:
        given[i] += 1
    for module, extra in zip(modules, given, strict=True):
        module.hours = module.minimum_hours + extra * HOUR_UNIT
    leftover = round(total - sum(m.hours for m in modules), 6)  # totals that are not whole half hours
    if leftover and modules:
        biggest = max(modules, key=lambda m: m.hours)
        biggest.hours = round(biggest.hours + leftover, 6)


def competency_hours(module: Module) -> dict[str, float]:
    """How a module's hours split among its competencies, in proportion to their minimums."""
    minimum = module_minimum(module) or 1.0
    return {cid: module.hours * MIN_HOURS_BY_LEVEL[end] / minimum for cid, (_, end) in module.spans.items()}
