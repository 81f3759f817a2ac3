"""The curriculum as data: CSV (hours only on module rows, so the column sums to the total) and JSON."""

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
)


def to_csv(curriculum: Curriculum, knowledge: Knowledge) -> str:
    """Module rows (with hours), resource rows and left-out rows (without); formula-like cells neutralised.

    Only ``module`` rows have a value in ``hours``, so summing that column gives the total.
    """
    del knowledge  # ids are enough in a spreadsheet; titles of modules are in module_title
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
                common.module_sessions(curriculum, n),
                " | ".join(module.objectives),
                " | ".join(module.activities),
                " | ".join(module.assessment),
                *[""] * 5,
                *tail,
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
                ]
            )
    for gap in curriculum.left_out:
        rows.append(
            ["left out", "", "", gap.competency[:2], gap.competency, gap.current + 1, gap.target]
            + [""] * 10
            + [f"{gap.hours_needed:g}", *tail]
        )
    return csv_text(CSV_COLUMNS, rows)


def to_json(curriculum: Curriculum, knowledge: Knowledge) -> str:
    """The JSON object of the interface contract, with ``schedule``, ``gaps`` and ``left_out``."""
    del knowledge  # the object already holds everything
    return json.dumps({"title": common.title(curriculum), **curriculum.to_dict()}, ensure_ascii=False, indent=2) + "\n"
