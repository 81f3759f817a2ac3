"""The shipped knowledge is complete and sourced; broken copies fail with precise messages."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from advisor.catalogue import COMPETENCY_IDS, COUNTRIES, LABEL_LANGUAGES_REQUIRED, LANGUAGES, ROLES
from advisor.errors import KnowledgeError
from advisor.knowledge import load_knowledge, validate_knowledge
from conftest import KNOWLEDGE


def test_shipped_knowledge_validates() -> None:
    assert validate_knowledge(KNOWLEDGE) == []


def test_every_competency_has_four_level_descriptors(shipped_knowledge) -> None:
    assert list(shipped_knowledge.competencies) == list(COMPETENCY_IDS)
    for competency in shipped_knowledge.competencies.values():
        assert sorted(competency.levels) == [1, 2, 3, 4]
        assert 60 <= len(competency.description.split()) <= 150
        assert competency.knowledge
        assert competency.skills
        assert competency.attitudes


def test_every_role_targets_every_competency(shipped_knowledge) -> None:
    assert set(shipped_knowledge.roles) == set(ROLES)
    for role in shipped_knowledge.roles.values():
        assert set(role.targets) == set(COMPETENCY_IDS)
        assert all(1 <= t.level <= 4 and t.reason.strip() for t in role.targets.values())


def test_roles_differ_in_what_they_need(shipped_knowledge) -> None:
    levels = {rid: tuple(r.targets[c].level for c in COMPETENCY_IDS) for rid, r in shipped_knowledge.roles.items()}
    assert len(set(levels.values())) == len(ROLES)
    assert shipped_knowledge.roles["procurement"].targets["ME2"].level == 4
    assert shipped_knowledge.roles["data-specialist"].targets["DG2"].level == 4


def test_eleven_countries_and_asean_with_dated_sourced_facts(shipped_knowledge) -> None:
    assert set(shipped_knowledge.countries) == {*COUNTRIES, "ASEAN"}
    for code, country in shipped_knowledge.countries.items():
        assert country.facts, code
        for fact in country.facts:
            assert re.fullmatch(r"\d{4}-\d{2}", fact.as_of)
            assert fact.source_url.startswith("https://")
            assert fact.id.startswith(code.lower() + "-")


def test_language_facts_use_catalogue_codes(shipped_knowledge) -> None:
    for country in shipped_knowledge.countries.values():
        for fact in country.facts:
            assert set(fact.languages) <= set(LANGUAGES)


def test_at_least_forty_real_resources(shipped_knowledge) -> None:
    resources = shipped_knowledge.resources.values()
    assert len(resources) >= 40
    for resource in resources:
        assert set(resource.competencies) <= set(COMPETENCY_IDS)
        assert set(resource.countries) <= {*COUNTRIES, "*"}
        assert 1 <= resource.level <= 4


def test_every_competency_has_learning(shipped_knowledge) -> None:
    covered = {cid for r in shipped_knowledge.resources.values() for cid in r.competencies}
    assert covered == set(COMPETENCY_IDS)


def test_southeast_asia_consultation_insights(shipped_knowledge) -> None:
    sea = [i for i in shipped_knowledge.insights.values() if i.event == "sea-2022"]
    assert len(sea) >= 8
    assert shipped_knowledge.events["sea-2022"].date == "2022-05-24"
    assert len({i.speaker for i in sea}) >= 6


def test_aliases_in_five_languages_for_every_competency(shipped_knowledge) -> None:
    for language in LABEL_LANGUAGES_REQUIRED:
        labels = shipped_knowledge.labels[language].labels
        assert set(labels) == set(COMPETENCY_IDS)
        assert all(5 <= len(label.aliases) <= 15 for label in labels.values())


def _all_urls(node: object) -> list[str]:
    if isinstance(node, dict):
        return [
            u
            for key, value in node.items()
            for u in (
                [value]
                if key in {"url", "source_url", "checked_source"} and isinstance(value, str)
                else _all_urls(value)
            )
        ]
    if isinstance(node, list):
        return [u for item in node for u in _all_urls(item)]
    return []


def test_every_url_is_well_formed_https() -> None:
    urls = [u for path in KNOWLEDGE.rglob("*.yaml") for u in _all_urls(yaml.safe_load(path.read_text()))]
    assert len(urls) > 200
    for url in urls:
        parts = urlsplit(url)
        assert parts.scheme == "https", url
        assert "." in parts.netloc, url
        assert " " not in url, url


def test_no_id_is_used_twice(shipped_knowledge) -> None:
    ids = [
        *[f.id for f in shipped_knowledge.framework.facts],
        *[f.id for c in shipped_knowledge.countries.values() for f in c.facts],
        *shipped_knowledge.resources,
        *shipped_knowledge.events,
        *shipped_knowledge.insights,
    ]
    assert len(ids) == len(set(ids))


# --- broken copies ------------------------------------------------------------------------


def _edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found in {path.name}: {old!r}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _first_role_target(path: Path) -> tuple[str, str]:
    roles = yaml.safe_load(path.read_text())["roles"]
    return roles[0]["id"], next(iter(roles[0]["targets"]))


def test_unknown_competency_in_a_role_target(knowledge_copy: Path) -> None:
    roles = knowledge_copy / "roles.yaml"
    data = yaml.safe_load(roles.read_text())
    role = data["roles"][0]
    role["targets"]["DG9"] = {"level": 2, "reason": "a typo"}
    roles.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    problems = validate_knowledge(knowledge_copy)
    assert f"knowledge/roles.yaml: role '{role['id']}': target for 'DG9': unknown competency id" in problems


def test_missing_field_is_named(knowledge_copy: Path) -> None:
    path = knowledge_copy / "resources" / "global.yaml"
    data = yaml.safe_load(path.read_text())
    first = data["resources"][0]
    del first["provider"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    assert f"knowledge/resources/global.yaml: resource '{first['id']}': provider: missing required field" in (
        validate_knowledge(knowledge_copy)
    )


def test_wrong_type_is_named(knowledge_copy: Path) -> None:
    path = knowledge_copy / "roles.yaml"
    role_id, competency = _first_role_target(path)
    data = yaml.safe_load(path.read_text())
    data["roles"][0]["targets"][competency]["level"] = "high"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    problems = validate_knowledge(knowledge_copy)
    assert any(
        p.startswith(f"knowledge/roles.yaml: role '{role_id}': target for '{competency}': level:") for p in problems
    ), problems


def test_level_out_of_range_is_named(knowledge_copy: Path) -> None:
    path = knowledge_copy / "roles.yaml"
    _role_id, competency = _first_role_target(path)
    data = yaml.safe_load(path.read_text())
    data["roles"][0]["targets"][competency]["level"] = 7
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    problems = validate_knowledge(knowledge_copy)
    assert any("level: Input should be less than or equal to 4" in p for p in problems), problems


def test_bad_yaml_reports_the_line(knowledge_copy: Path) -> None:
    path = knowledge_copy / "consultations.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(3, "  broken: [unclosed")
    path.write_text("\n".join(lines), encoding="utf-8")
    problems = validate_knowledge(knowledge_copy)
    assert len(problems) == 1
    assert re.match(r"knowledge/consultations.yaml: line \d+: not valid YAML: ", problems[0]), problems


def test_unknown_field_is_rejected(knowledge_copy: Path) -> None:
    path = knowledge_copy / "countries" / "TH.yaml"
    data = yaml.safe_load(path.read_text())
    data["facts"][0]["rating"] = 5
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    assert (
        f"knowledge/countries/TH.yaml: fact '{data['facts'][0]['id']}': rating: "
        "unknown field (see docs/knowledge-format.md for the accepted fields)" in validate_knowledge(knowledge_copy)
    )


def test_http_url_is_rejected(knowledge_copy: Path) -> None:
    path = knowledge_copy / "countries" / "TH.yaml"
    data = yaml.safe_load(path.read_text())
    data["facts"][0]["source_url"] = "http://example.org/page"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    assert (
        f"knowledge/countries/TH.yaml: fact '{data['facts'][0]['id']}': "
        "source_url: must be a well-formed https:// URL" in validate_knowledge(knowledge_copy)
    )


def test_unknown_country_code_in_a_resource(knowledge_copy: Path) -> None:
    path = knowledge_copy / "resources" / "southeast-asia.yaml"
    data = yaml.safe_load(path.read_text())
    data["resources"][0]["countries"] = ["XX"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    problems = validate_knowledge(knowledge_copy)
    assert any(
        p.startswith(f"knowledge/resources/southeast-asia.yaml: resource '{data['resources'][0]['id']}': countries")
        and "XX" in p
        for p in problems
    ), problems


def test_missing_country_file_and_duplicate_id(knowledge_copy: Path) -> None:
    (knowledge_copy / "countries" / "LA.yaml").unlink()
    path = knowledge_copy / "resources" / "global.yaml"
    data = yaml.safe_load(path.read_text())
    data["resources"].append(dict(data["resources"][0]))
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    problems = validate_knowledge(knowledge_copy)
    assert "knowledge/countries: missing country LA" in problems
    assert any(f"id '{data['resources'][0]['id']}' is used 2 times" in p for p in problems), problems


def test_missing_country_fact_kind_needs_a_gap(knowledge_copy: Path) -> None:
    path = knowledge_copy / "countries" / "SG.yaml"
    data = yaml.safe_load(path.read_text())
    data["facts"] = [f for f in data["facts"] if f["kind"] != "language"]
    data["gaps"] = [g for g in data.get("gaps", []) if g["kind"] != "language"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    assert "knowledge/countries/SG.yaml: facts: no 'language' fact and no gap entry saying none was found" in (
        validate_knowledge(knowledge_copy)
    )


def test_load_raises_with_every_problem(knowledge_copy: Path) -> None:
    (knowledge_copy / "labels" / "th.yaml").unlink()
    with pytest.raises(KnowledgeError) as raised:
        load_knowledge(knowledge_copy)
    assert "knowledge/labels/th.yaml: missing" in raised.value.problems[0]


@pytest.mark.parametrize("broken", [True, False])
def test_validate_command_exit_codes_and_no_traceback(knowledge_copy: Path, broken: bool) -> None:
    if broken:
        _edit(knowledge_copy / "framework.yaml", "year: 2022", "year: twenty")
    result = subprocess.run(
        [sys.executable, "-m", "advisor", "validate", "--knowledge-dir", str(knowledge_copy)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == (1 if broken else 0)
    assert "Traceback" not in result.stdout + result.stderr
    if broken:
        assert "knowledge/framework.yaml: framework: year: Input should be a valid integer" in result.stdout
    else:
        assert "knowledge is valid" in result.stdout
