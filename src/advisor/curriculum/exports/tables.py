"""The curriculum as data: CSV (hours only on module rows, so the column sums to the total) and JSON.

Column names and ``row_type`` values are stable keys for spreadsheets and scripts, so they stay
in English; the cells (module titles, objectives, activities, assessment) are in the language
of delivery. The ``in_english`` column names what in a row fell back to English.
"""

from __future__ import annotations

import json

from advisor.curriculum.exports import common
from advisor.curriculum.model import Curriculum
from advisor.knowledge.model import Knowledge
from advisor.safe_text import csv_text

CSV_COLUMNS = (
    "row_type",
    "module",
    "module_title",
    "domain",
    "competencies",
    "from_level",
    "to_level",
    "hours",
    "minimum_hours",
    "sessions",
    "objectives",
    "activities",
    "assessment",
    "resource_title",
    "resource_url",
    "resource_link",
    "resource_languages",
    "hours_needed",
    "roles",
    "country",
    "language",
    "knowledge_version",
    "generated_at",
    "in_english",
)


def to_csv(curriculum: Curriculum, knowledge: Knowledge) -> str:
    """Module rows (with hours), resource rows and left-out rows (without); formula-like cells neutralised.

    Only ``module`` rows have a value in ``hours``, so summing that column gives the total.
    """
    words = common.wording(curriculum, knowledge)
    english = _fell_back(curriculum)
    tail = [
        " ".join(curriculum.roles),
        curriculum.country,
        curriculum.language,
        curriculum.knowledge_version,
        curriculum.generated_at,
    ]
    rows: list[list[object]] = []
    for n, module in enumerate(curriculum.modules, start=1):
        rows.append(
            [
                "module",
                n,
                module.title,
                module.domain,
                " ".join(module.competencies),
                module.from_level,
                module.to_level,
                f"{module.hours:g}",
                f"{module.minimum_hours:g}",
                common.module_sessions(curriculum, n, words),
                " | ".join(module.objectives),
                " | ".join(module.activities),
                " | ".join(module.assessment),
                *[""] * 5,
                *tail,
                " ".join(
                    sorted(i for i in english["ids"] if i.split(".")[0] in module.competencies or i == module.domain)
                ),
            ]
        )
        for resource in module.resources:
            rows.append(
                [
                    "resource",
                    n,
                    module.title,
                    module.domain,
                    " ".join(module.competencies),
                    *[""] * 8,
                    resource.title,
                    resource.url,
                    resource.link_kind,
                    " ".join(resource.languages),
                    "",
                    *tail,
                    resource.cost if resource.cost in english["costs"] else "",
                ]
            )
    for gap in curriculum.left_out:
        rows.append(
            ["left out", "", "", gap.competency[:2], gap.competency, gap.current + 1, gap.target]
            + [""] * 10
            + [f"{gap.hours_needed:g}", *tail, gap.competency if gap.competency in english["ids"] else ""]
        )
    return csv_text(CSV_COLUMNS, rows)


def _fell_back(curriculum: Curriculum) -> dict[str, set[str]]:
    """Ids of competencies, actions and domains, and cost values, that fell back to English."""
    parts = {item["part"]: set(item["ids"]) for item in curriculum.fallback}
    ids = parts.get("competencies", set()) | parts.get("actions", set()) | parts.get("domains", set())
    return {"ids": ids, "costs": parts.get("costs", set())}


def to_json(curriculum: Curriculum, knowledge: Knowledge) -> str:
    """The JSON object of the interface contract, with ``schedule``, ``gaps``, ``left_out`` and ``fallback``."""
    title = common.title(curriculum, common.wording(curriculum, knowledge))
    return json.dumps({"title": title, **curriculum.to_dict()}, ensure_ascii=False, indent=2) + "\n"
