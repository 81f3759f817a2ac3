"""Curricula for trainers and personal learning paths: the small public interface of the package.

``validate_request`` checks what is asked, ``build_curriculum`` drafts it, and
``advisor.curriculum.exports.export`` writes it as Markdown, CSV, JSON or Word. The parts:
:mod:`~advisor.curriculum.hours` (minimum hours, ranking, shares), :mod:`~advisor.curriculum.schedule`,
:mod:`~advisor.curriculum.objectives`, :mod:`~advisor.curriculum.builder`,
:mod:`~advisor.curriculum.chart` (the gap chart) and :mod:`~advisor.curriculum.personal` (My path).
"""

from advisor.curriculum.builder import build_curriculum
from advisor.curriculum.hours import HOUR_UNIT, MIN_HOURS_BY_LEVEL, module_minimum
from advisor.curriculum.model import (
    DEFAULT_SESSION_HOURS,
    Curriculum,
    CurriculumRequest,
    LeftOut,
    Module,
    ModuleResource,
    Session,
)
from advisor.curriculum.request import MAX_HOURS, MAX_SESSION_HOURS, ratings_from_bytes, validate_request
from advisor.curriculum.schedule import SESSIONS_PER_DAY

__all__ = [
    "DEFAULT_SESSION_HOURS",
    "HOUR_UNIT",
    "MAX_HOURS",
    "MAX_SESSION_HOURS",
    "MIN_HOURS_BY_LEVEL",
    "SESSIONS_PER_DAY",
    "Curriculum",
    "CurriculumRequest",
    "LeftOut",
    "Module",
    "ModuleResource",
    "Session",
    "build_curriculum",
    "module_minimum",
    "ratings_from_bytes",
    "validate_request",
]
