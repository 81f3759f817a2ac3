"""Curricula in the language of delivery: every export in it where translations exist, fallbacks marked."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from string import Formatter

import docx
import pytest
import yaml

from advisor.curriculum import build_curriculum, validate_request
from advisor.curriculum.exports import export
from advisor.curriculum.wording import Wording
from advisor.i18n import INTERFACE_LANGUAGES, locale
from conftest import ROOT

# Common English words: English prose is about half these, Indonesian prose almost none.
ENGLISH_STOP_WORDS = frozenset(
    """a about after an and are as at be by can end for from has have in into is it its level of on or
    that the their them they this to up use what when which who will with you your participants guidance
    own work""".split()  # noqa: SIM905
)


def _english_share(texts: list[str]) -> float:
    words = [w.lower() for text in texts for w in re.findall(r"[^\W\d_]+", text)]
    words = [w for w in words if not re.fullmatch(r"(pd|dg|me|at)", w)]  # competency ids are not prose
    return sum(w in ENGLISH_STOP_WORDS for w in words) / len(words)


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "advisor", "curriculum", *args],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        check=False,
    )


def _objectives(document: docx.document.Document, heading: str) -> list[str]:
    """The bullets under every ``heading`` (level 2) of the document."""
    found, inside = [], False
    for paragraph in document.paragraphs:
        if paragraph.style.name.startswith("Heading"):
            inside = paragraph.text == heading
        elif inside and paragraph.text:
            found.append(paragraph.text)
    return found


def test_cli_docx_in_indonesian_reads_as_an_indonesian_document(tmp_path: Path) -> None:
    out = tmp_path / "kurikulum.docx"
    args = ["--role", "hr-learning", "--country", "ID", "--hours", "40", "--lang", "id", "--format", "docx"]
    result = _cli(*args, "-o", str(out))
    assert result.returncode == 0, result.stderr
    document = docx.Document(str(out))
    title = next(p for p in document.paragraphs if p.style.name == "Title")
    assert title.text.startswith("Kurikulum: ")
    texts = [p.text for p in document.paragraphs]
    cover = "\n".join(texts[: texts.index("Ringkasan")])
    assert "Bahasa pengantar: Bahasa Indonesia" in cover
    assert "Jumlah jam: 40 jam" in cover
    assert re.search(r"Tanggal: \d{1,2} (Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|"
                     r"November|Desember) \d{4}", cover)  # fmt: skip
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:2] == ["Ringkasan", "Jadwal"]
    assert any(h.startswith("Modul 1: Perencanaan dan Perancangan Digital: dasar-dasar") for h in headings)
    for english in ("Summary", "Schedule", "Gaps", "Learning objectives", "Activities", "Assessment"):
        assert english not in headings
    headers = [[c.text for c in table.rows[0].cells] for table in document.tables]
    assert ["No.", "Modul", "Kompetensi", "Tingkat", "Jam"] in headers
    assert ["Hari", "Sesi", "Jam", "Modul"] in headers
    assert ["Kompetensi", "Saat ini → sasaran", "Jam yang dibutuhkan"] in headers
    assert not [h for row in headers for h in row if h in {"Module", "Hours", "Day", "Session", "Competency"}]
    objectives = _objectives(document, "Tujuan pembelajaran")
    assert objectives
    assert all(o.startswith("Pada akhir modul, peserta mampu") for o in objectives)
    assert _english_share(objectives) <= 0.2, objectives
    assert _english_share(_objectives(document, "Kegiatan")) <= 0.2
    assert _english_share(_objectives(document, "Penilaian")) <= 0.2


def test_the_english_stop_word_measure_catches_english(shipped_knowledge) -> None:
    # The measure above must be able to fail: the English curriculum is far above the threshold.
    english = build_curriculum(shipped_knowledge, validate_request("hr-learning", "ID", 40))
    assert _english_share([o for m in english.modules for o in m.objectives]) > 0.3


def test_cli_json_records_the_language_and_an_empty_fallback() -> None:
    result = _cli("--role", "hr-learning", "--country", "ID", "--hours", "40", "--lang", "id", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["language"] == "id"
    assert data["fallback"] == []  # every Indonesian translation the curriculum needs exists
    assert data["translation_status"] == "drafted"
    assert data["title"].startswith("Kurikulum: ")
    assert sum(m["hours"] for m in data["modules"]) == 40
    assert all(m["objectives"][0].startswith("Pada akhir modul") for m in data["modules"])


def test_english_records_no_fallback_and_no_translation(shipped_knowledge) -> None:
    data = json.loads(export(build_curriculum(shipped_knowledge, validate_request("hr-learning", "ID", 40)),
                             shipped_knowledge, "json"))  # fmt: skip
    assert data["language"] == "en"
    assert data["fallback"] == []
    assert data["translation_status"] is None


@pytest.fixture
def knowledge_without_pd2_in_indonesian(knowledge_copy: Path):
    """A knowledge copy whose Indonesian lacks PD2, its level-2 action and the 'sponsored' cost label."""
    from advisor.knowledge import load_knowledge

    folder = knowledge_copy / "translations" / "id"
    for name, section, key in (
        ("competencies.yaml", "competencies", "PD2"),
        ("actions.yaml", "actions", "PD2.2.1"),
        ("terms.yaml", "costs", "sponsored"),
    ):
        data = yaml.safe_load((folder / name).read_text(encoding="utf-8"))
        del data[section][key]
        (folder / name).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return load_knowledge(knowledge_copy)


def test_a_missing_translation_is_listed_in_the_fallback_and_marked_in_every_export(
    knowledge_without_pd2_in_indonesian, tmp_path: Path
) -> None:
    knowledge = knowledge_without_pd2_in_indonesian
    curriculum = build_curriculum(knowledge, validate_request("hr-learning", "ID", 40, "id"))
    fallback = {item["part"]: item["ids"] for item in curriculum.fallback}
    assert fallback["competencies"] == ["PD2"]
    assert fallback["actions"] == ["PD2.2.1"]
    assert fallback["costs"] == ["sponsored"]
    assert set(fallback) == {"competencies", "actions", "costs"}
    mark = "(dalam bahasa Inggris)"
    english_title = knowledge.competencies["PD2"].title

    data = json.loads(export(curriculum, knowledge, "json"))
    assert data["fallback"] == curriculum.fallback
    module = next(m for m in data["modules"] if "PD2" in m["competencies"])
    pd2 = module["objectives"][module["competencies"].index("PD2")]
    assert pd2.startswith("Pada akhir modul")
    assert pd2.endswith(mark)
    assert knowledge.competencies["PD2"].levels[2].split(".")[0] in pd2  # the English descriptor stands in
    others = [o for o in module["objectives"] if "(PD2," not in o]
    assert others
    assert not [o for o in others if mark in o]

    markdown = export(curriculum, knowledge, "md").decode()
    assert f"{english_title} (PD2) {mark}" in markdown
    assert "- **Dalam bahasa Inggris (belum ada terjemahan):** kompetensi: PD2; langkah tindakan: PD2.2.1" in markdown
    assert "Dibiayai sponsor" not in markdown
    assert f"sponsored {mark}" in markdown

    rows = list(csv.DictReader(io.StringIO(export(curriculum, knowledge, "csv").decode())))
    first = next(r for r in rows if r["row_type"] == "module" and "PD2" in r["competencies"].split())
    assert first["in_english"] == "PD2 PD2.2.1"
    assert all(r["in_english"] == "" for r in rows if r["row_type"] == "module" and "PD2" not in r["competencies"])

    document = docx.Document(io.BytesIO(export(curriculum, knowledge, "docx")))
    text = "\n".join(p.text for p in document.paragraphs)
    assert f"{english_title} (PD2) {mark}" in text
    assert "Dalam bahasa Inggris (belum ada terjemahan): kompetensi: PD2" in text


def test_resource_titles_providers_and_the_english_of_country_facts_stay_as_they_are(shipped_knowledge) -> None:
    curriculum = build_curriculum(shipped_knowledge, validate_request("policy-maker", "TH", 40, "th"))
    markdown = export(curriculum, shipped_knowledge, "md").decode()
    resources = [r for m in curriculum.modules for r in m.resources]
    assert resources
    for resource in resources:
        original = shipped_knowledge.resources[resource.id]
        assert (resource.title, resource.provider) == (original.title, original.provider)
        assert f"[{original.title}]({original.url}) ({original.provider};" in markdown
    facts = [f for m in curriculum.modules for f in m.country_context]
    assert facts
    by_id = {f.id: f.text for f in shipped_knowledge.country_facts("TH")}
    for fact in facts:
        assert fact["text"] == by_id.get(fact["id"], fact["text"])  # the JSON keeps the source's English
        gloss = shipped_knowledge.translations.fact_gloss(fact["id"], "th")
        # The document shows the Thai gloss, marked as a draft translation, where one is written.
        shown = f"{gloss.text} (ร่างคำแปลจากต้นฉบับภาษาอังกฤษ)" if gloss else f"{fact['text']} (ภาษาอังกฤษ)"
        assert shown in markdown
        assert (fact.get("gloss"), fact.get("gloss_status")) == ((gloss.text, gloss.status) if gloss else (None, None))
    assert any(f.get("gloss") for f in facts)
    assert "## สรุป" in markdown
    assert "## ตารางการอบรม" in markdown


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "2 December 2026"),
        ("id", "2 Desember 2026"),
        ("ms", "2 Disember 2026"),
        ("th", "2 ธันวาคม พ.ศ. 2569"),
        ("vi", "ngày 2 tháng 12 năm 2026"),
        ("fil", "Disyembre 2, 2026"),
    ],
)
def test_the_date_is_written_in_words_in_each_language(shipped_knowledge, lang: str, expected: str) -> None:
    assert Wording(shipped_knowledge, lang).date("2026-12-02T05:38:26+00:00") == expected


def test_a_language_without_frames_falls_back_to_english_and_says_so(shipped_knowledge) -> None:
    curriculum = build_curriculum(shipped_knowledge, validate_request("hr-learning", "ID", 40, "km"))
    fallback = {item["part"]: item["ids"] for item in curriculum.fallback}
    assert fallback["interface"] == ["km"]
    assert {"PD2", "AT1"} <= set(fallback["competencies"])
    markdown = export(curriculum, shipped_knowledge, "md").decode()
    assert markdown.startswith("# Curriculum: ")
    assert "- **Language of delivery:** Khmer" in markdown
    assert "- **In English (no translation yet):** headings and labels: km; competencies: " in markdown


def test_every_curriculum_frame_exists_in_all_six_locales_with_the_same_placeholders() -> None:
    english = locale("en")["curriculum"]
    for lang in INTERFACE_LANGUAGES:
        frames = locale(lang)["curriculum"]
        assert set(frames) == set(english), lang
        assert len(frames["months"]) == 12
        for key, text in frames.items():
            if key == "months":
                continue
            # A frame may leave out a value (English omits level names) but never asks for an unknown one.
            used = {name for _, name, _, _ in Formatter().parse(text) if name}
            known = {name for _, name, _, _ in Formatter().parse(english[key]) if name}
            allowed = known | {"level_names", "level_name", "year_be", "month_number", "month"}
            assert used <= allowed, (lang, key, used - allowed)
            if lang != "en" and key not in {"decimal_mark", "role_join", "module_title", "col_number", "date"}:
                assert text != english[key], (lang, key)  # a real translation, not the English copied
