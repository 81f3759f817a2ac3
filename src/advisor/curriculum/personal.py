"""My path: a civil servant's quick self-assessment, turned into ratings for the same builder.

Quick mode asks one plain-language question per domain. "Yes" means every competency of the
domain is at the role's target; any other answer opens the domain for a rating per competency.
Ratings never leave the user's session except as a file they download themselves.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from advisor.catalogue import COMPETENCY_IDS, DOMAINS, domain_of
from advisor.curriculum.model import CurriculumRequest
from advisor.curriculum.request import validate_request
from advisor.knowledge.model import Knowledge

QUICK_ANSWERS = ("yes", "partly", "not_yet")
DEFAULT_PERSONAL_HOURS = 20.0


def needs_detail(answer: str | None) -> bool:
    """Whether a quick answer shows a gap, so the domain is opened for a rating per competency."""
    return answer in ("partly", "not_yet")


def domain_competencies(domain: str) -> list[str]:
    """The competency ids of a domain, in catalogue order."""
    return [cid for cid in COMPETENCY_IDS if domain_of(cid) == domain]


def quick_ratings(
    knowledge: Knowledge, role: str, answers: Mapping[str, str | None], detail: Mapping[str, int]
) -> dict[str, int]:
    """Ratings (competency -> level 1-4) from the quick answers and the detailed ratings.

    Args:
        knowledge: the knowledge base (for the role's targets).
        role: the user's role.
        answers: quick answer per domain id (``None`` when not answered: not assessed).
        detail: level 0-4 per competency, read only in domains whose answer shows a gap.

    Returns:
        Levels 1-4 only; a competency at 0 or not assessed is left out, as the builder expects.
    """
    ratings: dict[str, int] = {}
    for domain in DOMAINS:
        answer = answers.get(domain)
        for cid in domain_competencies(domain):
            if answer == "yes":
                ratings[cid] = knowledge.roles[role].targets[cid].level
            elif needs_detail(answer) and detail.get(cid, 0) > 0:
                ratings[cid] = int(detail[cid])
    return ratings


def personal_request(role: str, country: str, lang: str, hours: float, ratings: dict[str, Any]) -> CurriculumRequest:
    """The builder's request for one person's plan: their role, country, language and ratings."""
    return validate_request([role], country, hours, lang, None, ratings, personal=True)
