"""Actions and translations in the knowledge: schema, cross-checks and coverage (issues #10, #11)."""

from __future__ import annotations

from pathlib import Path

import yaml

from advisor.knowledge import validate_knowledge
from advisor.knowledge.localized import competency_text, role_reason
from advisor.knowledge.translations import coverage


def _edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_every_competency_has_three_to_six_actions_per_level(shipped_knowledge) -> None:
    for cid in shipped_knowledge.competencies:
        actions = shipped_knowledge.actions[cid]
        for level in (1, 2, 3, 4):
            assert 3 <= sum(a.level == level for a in actions) <= 6, (cid, level)
        for action in actions:
            assert action.source_url is None or action.source_url.startswith("https://")
            assert action.provenance in {"guidance", "synthesis"}


def test_an_action_with_an_unknown_source_or_a_wrong_number_is_refused(knowledge_copy: Path) -> None:
    def break_it(data: dict) -> None:
        first = data["actions"]["PD1"][1][0]
        first.pop("provenance", None)
        first["source"] = "no-such-source"
        data["actions"]["PD1"][1][1]["id"] = "PD1.1.9"

    _edit(knowledge_copy / "actions" / "PD.yaml", break_it)
    problems = "\n".join(validate_knowledge(knowledge_copy))
    assert "cites unknown source 'no-such-source'" in problems
    assert "action 'PD1.1.9' should be numbered 'PD1.1.2'" in problems


def test_a_missing_actions_file_is_reported(knowledge_copy: Path) -> None:
    (knowledge_copy / "actions" / "AT.yaml").unlink()
    assert any("actions/AT.yaml: missing" in p for p in validate_knowledge(knowledge_copy))


def test_an_orphaned_translation_is_refused(knowledge_copy: Path) -> None:
    def add_orphan(data: dict) -> None:
        data["competencies"]["XX9"] = data["competencies"]["PD2"]

    _edit(knowledge_copy / "translations" / "th" / "competencies.yaml", add_orphan)
    assert any("XX9" in p and "unknown value" in p for p in validate_knowledge(knowledge_copy))


def test_a_translation_with_other_bullets_than_the_english_is_refused(knowledge_copy: Path) -> None:
    def drop_bullets(data: dict) -> None:
        data["competencies"]["PD1"]["skills"] = data["competencies"]["PD1"]["skills"][:1]

    _edit(knowledge_copy / "translations" / "th" / "competencies.yaml", drop_bullets)
    problems = "\n".join(validate_knowledge(knowledge_copy))
    assert "PD1: skills has 1 bullets; the English has" in problems


def test_reviewed_needs_a_reviewer_and_a_date(knowledge_copy: Path) -> None:
    _edit(
        knowledge_copy / "translations" / "vi" / "competencies.yaml",
        lambda data: data["competencies"]["DG1"].update(status="reviewed"),
    )
    assert any("reviewed_by and reviewed_on" in p for p in validate_knowledge(knowledge_copy))


def test_translation_in_a_folder_of_another_language_is_refused(knowledge_copy: Path) -> None:
    _edit(knowledge_copy / "translations" / "id" / "terms.yaml", lambda data: data.update(language="ms"))
    assert any("does not match its folder 'id'" in p for p in validate_knowledge(knowledge_copy))


def test_lookups_use_the_translation_and_fall_back_to_english(shipped_knowledge) -> None:
    thai = competency_text(shipped_knowledge, "PD1", "th")
    assert thai.language == "th"
    assert thai.status == "drafted"
    assert any("\u0e00" <= ch <= "\u0e7f" for ch in thai.description)
    english = competency_text(shipped_knowledge, "PD1", "en")
    assert english.status == "original"
    assert english.description == shipped_knowledge.competencies["PD1"].description
    reason = role_reason(shipped_knowledge, "executive", "PD1", "vi")
    assert reason.language == "vi"
    assert reason.text != shipped_knowledge.roles["executive"].targets["PD1"].reason
    assert role_reason(shipped_knowledge, "executive", "PD1", "km").fell_back


def test_coverage_counts_drafted_reviewed_and_missing(shipped_knowledge) -> None:
    action_ids = [a.id for actions in shipped_knowledge.actions.values() for a in actions]
    rows = coverage(shipped_knowledge.translations, list(shipped_knowledge.roles), action_ids)
    by_key = {(r.language, r.kind): r for r in rows}
    for language in ("th", "vi", "id", "ms", "fil"):
        competencies = by_key[(language, "competencies")]
        assert competencies.total == 24
        assert competencies.drafted + competencies.reviewed == 24
        assert by_key[(language, "roles")].missing == 0
        actions = by_key[(language, "actions")]
        assert actions.total == len(action_ids)
        assert actions.drafted + actions.reviewed + actions.missing == actions.total


def test_translated_competencies_are_searchable_in_their_language(shipped_knowledge) -> None:
    from advisor.retrieval.chunking import chunk_knowledge

    chunks = chunk_knowledge(shipped_knowledge)
    thai = next(c for c in chunks if c.kind == "translation" and c.ref == "PD1:th")
    assert thai.competencies == ("PD1",)
    assert any("\u0e00" <= ch <= "\u0e7f" for ch in thai.text)
    assert thai.lexical  # BM25 finds it by its Thai words too
