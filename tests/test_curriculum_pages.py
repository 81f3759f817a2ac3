"""The Curriculum and My path pages, the gap chart, kept downloads, ratings files and news-link warnings."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from advisor.curriculum import build_curriculum, ratings_from_bytes, validate_request
from advisor.curriculum.chart import gap_chart, gap_chart_rows
from advisor.curriculum.downloads import kept_exports
from advisor.curriculum.personal import personal_request, quick_ratings
from advisor.curriculum.request import ratings_to_yaml
from advisor.errors import BadInputError
from advisor.feedback import FeedbackStore
from advisor.knowledge import knowledge_warnings
from conftest import KNOWLEDGE, ROOT


@pytest.fixture
def page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(tmp_path / "data"))

    def open_page(name: str) -> AppTest:
        test = AppTest.from_file(str(ROOT / "app_pages" / name), default_timeout=120)
        test.run()
        assert not test.exception
        return test

    return open_page


def _download_urls(app: AppTest) -> list[str]:
    return [button.proto.url for button in app.get("download_button")]


def test_curriculum_page_keeps_its_downloads_across_reruns(page) -> None:
    app = page("curriculum.py")
    assert any(s.value.startswith("Module 1:") for s in app.subheader)
    first = _download_urls(app)
    assert len(first) == 4
    app.run()  # what a click on a download does to a page that reruns
    app.run()
    assert _download_urls(app) == first
    assert "curriculum-kept" in app.session_state  # built once, served from the session
    assert app.get("vega_lite_chart")
    assert app.get("dataframe")


def test_changing_the_input_rebuilds_the_downloads(page) -> None:
    app = page("curriculum.py")
    first = _download_urls(app)
    app.number_input[0].set_value(20.0).run()
    assert not app.exception
    assert _download_urls(app) != first


def test_my_path_opens_only_the_domains_with_a_gap_and_stores_nothing(page, tmp_path: Path) -> None:
    app = page("my_path.py")
    assert len(app.radio) == 4
    assert not app.slider
    app.radio(key="mp-quick-PD").set_value("yes").run()
    app.radio(key="mp-quick-DG").set_value("not_yet").run()
    assert [s.key for s in app.slider] == [f"mp-DG{n}" for n in range(1, 7)]
    app.slider(key="mp-DG1").set_value(2).run()
    assert not app.exception
    assert app.get("vega_lite_chart")
    labels = [b.proto.label for b in app.get("download_button")]
    assert labels == ["Download my ratings (YAML)", "Download MD", "Download DOCX"]
    first = _download_urls(app)
    app.run()
    assert _download_urls(app) == first
    assert any("Step 1:" in str(m.value) for m in app.markdown)
    assert FeedbackStore.in_data_dir(tmp_path / "data").all() == []


def test_gap_chart_names_competencies_in_the_interface_language(shipped_knowledge) -> None:
    curriculum = build_curriculum(shipped_knowledge, validate_request("executive", "TH", 40, current={"DG1": 2}))
    rows = gap_chart_rows(curriculum, shipped_knowledge, "th")
    dg1 = [r for r in rows if r["competency"].startswith("DG1 ")]
    assert dg1[0]["competency"] == f"DG1 {shipped_knowledge.title('DG1', 'th')}"
    assert dg1[0]["competency"] != f"DG1 {shipped_knowledge.competencies['DG1'].title}"
    assert {r["series"]: r["level"] for r in dg1} == {"ปัจจุบัน": 2, "เป้าหมาย": 3}
    spec = gap_chart(curriculum, shipped_knowledge, "th").to_dict()
    assert spec["layer"][1]["mark"]["type"] == "text"  # values are written, so a 0 is still visible


def test_kept_exports_build_once_per_input(shipped_knowledge) -> None:
    store: dict = {}
    builds = []

    def build():
        builds.append(1)
        return build_curriculum(shipped_knowledge, validate_request("procurement", "PH", 20))

    first = kept_exports(store, "slot", ("a",), build, shipped_knowledge, ("md", "docx"))
    again = kept_exports(store, "slot", ("a",), build, shipped_knowledge, ("md", "docx"))
    assert again[1]["docx"] is first[1]["docx"]
    assert len(builds) == 1
    kept_exports(store, "slot", ("b",), build, shipped_knowledge, ("md", "docx"))
    assert len(builds) == 2


def test_quick_answers_become_ratings_for_the_same_builder(shipped_knowledge) -> None:
    answers = {"PD": "yes", "DG": "partly", "ME": None, "AT": "not_yet"}
    ratings = quick_ratings(shipped_knowledge, "data-specialist", answers, {"DG2": 3, "DG3": 0, "AT1": 1, "PD1": 1})
    targets = shipped_knowledge.roles["data-specialist"].targets
    assert {cid: ratings[cid] for cid in ratings if cid.startswith("PD")} == {
        f"PD{n}": targets[f"PD{n}"].level for n in range(1, 7)
    }
    assert ratings["DG2"] == 3
    assert "DG3" not in ratings
    assert ratings["AT1"] == 1
    plan = build_curriculum(shipped_knowledge, personal_request("data-specialist", "VN", "vi", 20, ratings))
    assert plan.personal
    assert sum(m.hours for m in plan.modules) == 20
    assert not [m for m in plan.modules if m.domain == "PD"]
    # The plan is in the user's language (Vietnamese here), addressed to them, not to a cohort.
    assert plan.modules[0].objectives[0].startswith("Kết thúc học phần, bạn có thể ")
    english = build_curriculum(shipped_knowledge, personal_request("data-specialist", "VN", "en", 20, ratings))
    assert english.modules[0].objectives[0].startswith("By the end, you can ")


def test_ratings_file_round_trips_and_bad_files_are_one_line(tmp_path: Path) -> None:
    ratings = {"DG1": 2, "AT5": 4}
    text = ratings_to_yaml(ratings, "executive")
    assert ratings_from_bytes(text.encode()) == ratings
    path = tmp_path / "mine.yaml"
    path.write_text(text, encoding="utf-8")  # the CLI reads the same file
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "advisor",
            "curriculum",
            "--role",
            "executive",
            "--country",
            "SG",
            "--self-assessment",
            str(path),
            "--format",
            "json",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for content, message in [
        (b"DG1: 9\n", "level 9 is not accepted"),
        (b"ZZ1: 1\n", "unknown competency 'ZZ1'"),
        (b"\xff\xfe", "not UTF-8"),
        (b"[1, 2", "not valid YAML"),
        (b"- DG1\n", "expected a mapping"),
    ]:
        with pytest.raises(BadInputError, match=message) as raised:
            ratings_from_bytes(content)
        assert "\n" not in str(raised.value)


def test_validator_warns_on_resources_that_link_to_news_sites() -> None:
    warnings = knowledge_warnings(KNOWLEDGE)
    ai_ready = [w for w in warnings if "'asean-ai-ready-asean'" in w]
    assert ai_ready
    assert "laotiantimes.com is a news site" in ai_ready[0]
    assert "kept: see source_note" in ai_ready[0]
    assert any("'id-komdigi-dts-gta'" in w and "antaranews.com" in w for w in warnings)
    assert not [w for w in warnings if "'unesco-dt-ai-competency-framework'" in w]
    result = subprocess.run(
        [sys.executable, "-m", "advisor", "validate"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert "warning: knowledge/resources/southeast-asia.yaml: resource 'asean-ai-ready-asean'" in result.stdout


def test_curriculum_page_delivers_in_the_language_chosen(page) -> None:
    import io
    import json

    import docx

    app = page("curriculum.py")
    delivery = next(s for s in app.selectbox if s.label == "Language of delivery")
    delivery.set_value("id").run()
    assert not app.exception
    markdown = "\n".join(str(m.value) for m in app.markdown)
    assert "Pada akhir modul, peserta mampu" in markdown
    assert "By the end, participants can" not in markdown
    _, curriculum, files = app.session_state["curriculum-kept"]
    assert curriculum.language == "id"
    assert json.loads(files["json"])["language"] == "id"
    headings = [p.text for p in docx.Document(io.BytesIO(files["docx"])).paragraphs if p.style.name == "Heading 1"]
    assert headings[:2] == ["Ringkasan", "Jadwal"]
