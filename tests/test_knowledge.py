"""The shipped knowledge is complete and sourced; broken copies fail with precise messages."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from advisor.catalogue import COMPETENCY_IDS, COUNTRIES, LABEL_LANGUAGES_REQUIRED, LANGUAGES, ROLES
from advisor.errors import KnowledgeError
from advisor.knowledge import load_knowledge, validate_knowledge
from advisor.knowledge.provenance import weak_domain
from advisor.review.queue import stale_facts
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


# --- provenance, dates and sources (issue 15) ---------------------------------------------


def _rewrite(path: Path, change) -> dict:
    """Load a YAML file, apply ``change`` to it, write it back; returns the changed data."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return data


def _entry(items: list[dict], entry_id: str) -> dict:
    return next(item for item in items if item["id"] == entry_id)


def _only_line(problems: list[str], prefix: str) -> str:
    lines = [p for p in problems if p.startswith(prefix)]
    assert len(lines) == 1, problems
    assert "\n" not in lines[0]
    return lines[0]


def test_every_dated_entry_separates_as_of_from_checked(shipped_knowledge) -> None:
    facts = [f for c in shipped_knowledge.countries.values() for f in c.facts]
    for entry in [*facts, *shipped_knowledge.resources.values()]:
        assert entry.as_of <= entry.checked, entry.id
        assert entry.note or not entry.undated, entry.id
    dated = [
        *shipped_knowledge.events.values(),
        *shipped_knowledge.insights.values(),
        *shipped_knowledge.framework.facts,
    ]
    assert all(re.fullmatch(r"\d{4}-\d{2}", entry.checked) for entry in dated)
    # Guides published years ago are dated by their publication, not by the month they were checked.
    assert shipped_knowledge.resources["nesta-competency-framework-public-innovation"].as_of == "2019-07"
    assert shipped_knowledge.resources["wef-ai-procurement-in-a-box"].as_of == "2020-06"


def test_framework_label_only_where_a_source_names_the_competency(shipped_knowledge) -> None:
    labelled = {cid for cid, c in shipped_knowledge.competencies.items() if c.provenance == "framework"}
    assert labelled == {"DG1", "PD2"}
    for cid in ("ME1", "DG3", "DG6", "PD4", "PD5"):
        assert shipped_knowledge.competencies[cid].provenance == "synthesis"
    for cid in labelled:
        assert any(s.names_competency for s in shipped_knowledge.competencies[cid].sources), cid


def test_as_of_after_checked_is_named(knowledge_copy: Path) -> None:
    def change(data: dict) -> None:
        entry = _entry(data["resources"], "elements-of-ai")
        entry["as_of"], entry["checked"] = "2026-10", "2026-09"

    _rewrite(knowledge_copy / "resources" / "global.yaml", change)
    line = _only_line(validate_knowledge(knowledge_copy), "knowledge/resources/global.yaml: resource 'elements-of-ai':")
    assert line == (
        "knowledge/resources/global.yaml: resource 'elements-of-ai': as_of: 2026-10 is after checked 2026-09; "
        "as_of is the month the source states the fact for, checked the month it was last verified"
    )


def test_checked_in_the_future_is_named(knowledge_copy: Path) -> None:
    data = _rewrite(knowledge_copy / "countries" / "TH.yaml", lambda d: d["facts"][0].update(checked="2099-01"))
    fact_id = data["facts"][0]["id"]
    line = _only_line(validate_knowledge(knowledge_copy), f"knowledge/countries/TH.yaml: fact '{fact_id}':")
    assert line.startswith(f"knowledge/countries/TH.yaml: fact '{fact_id}': checked: 2099-01 is in the future")


def test_missing_checked_is_named(knowledge_copy: Path) -> None:
    data = _rewrite(knowledge_copy / "consultations.yaml", lambda d: d["insights"][0].pop("checked"))
    insight_id = data["insights"][0]["id"]
    assert f"knowledge/consultations.yaml: insight '{insight_id}': checked: missing required field" in (
        validate_knowledge(knowledge_copy)
    )


def test_framework_provenance_needs_a_source_that_names_the_competency(knowledge_copy: Path) -> None:
    path = knowledge_copy / "competencies" / "ME.yaml"
    _edit(path, "    provenance: synthesis\n", "    provenance: framework\n")  # ME1, the first competency
    line = _only_line(validate_knowledge(knowledge_copy), "knowledge/competencies/ME.yaml: competency 'ME1':")
    assert line == (
        "knowledge/competencies/ME.yaml: competency 'ME1': provenance: 'framework' needs a source with "
        "names_competency: true (one that names it as part of the framework); otherwise use 'synthesis'"
    )
    _edit(
        path,
        'url: "https://govstack.gitbook.io/implementation-playbook/"}',
        'url: "https://govstack.gitbook.io/implementation-playbook/", names_competency: true}',
    )
    assert validate_knowledge(knowledge_copy) == []


@pytest.mark.parametrize(
    ("url", "domain"),
    [
        ("https://www.scribd.com/document/1/copy-of-a-plan", "scribd.com"),
        ("https://someone.wordpress.com/2020/01/01/summary/", "wordpress.com"),
        ("https://mirror-of-a-site.pages.dev/page", "pages.dev"),
    ],
)
def test_weak_source_domain_is_named_unless_explained(knowledge_copy: Path, url: str, domain: str) -> None:
    path = knowledge_copy / "countries" / "TH.yaml"
    data = _rewrite(path, lambda d: d["facts"][1].update(source_url=url))
    fact_id = data["facts"][1]["id"]
    line = _only_line(validate_knowledge(knowledge_copy), f"knowledge/countries/TH.yaml: fact '{fact_id}':")
    assert line.startswith(
        f"knowledge/countries/TH.yaml: fact '{fact_id}': source_url: {domain} is on the weak-source list"
    )
    assert line.endswith("or keep it and say why in source_note")
    _rewrite(path, lambda d: d["facts"][1].update(source_note="The only copy found; the original was not found."))
    assert validate_knowledge(knowledge_copy) == []


def test_weak_source_in_a_sources_list_needs_a_note(knowledge_copy: Path) -> None:
    path = knowledge_copy / "framework.yaml"
    weak = {"title": "A mirror", "url": "https://allwall.xyz/en/some-page"}
    data = _rewrite(path, lambda d: d["facts"][0]["sources"].append(dict(weak)))
    fact = data["facts"][0]
    number = len(fact["sources"])
    line = _only_line(validate_knowledge(knowledge_copy), f"knowledge/framework.yaml: fact '{fact['id']}':")
    assert line.startswith(
        f"knowledge/framework.yaml: fact '{fact['id']}': source #{number}: url: allwall.xyz is on the weak-source list"
    )
    _rewrite(path, lambda d: d["facts"][0]["sources"][-1].update(note="Kept: no other copy was found."))
    assert validate_knowledge(knowledge_copy) == []


def test_undated_needs_a_note_saying_how_as_of_was_set(knowledge_copy: Path) -> None:
    def change(data: dict) -> None:
        entry = _entry(data["resources"], "18f-methods")
        entry.pop("note")

    _rewrite(knowledge_copy / "resources" / "global.yaml", change)
    line = _only_line(validate_knowledge(knowledge_copy), "knowledge/resources/global.yaml: resource '18f-methods':")
    assert line == (
        "knowledge/resources/global.yaml: resource '18f-methods': undated: the source shows no date; "
        "say in note how as_of was set"
    )


@pytest.mark.parametrize(
    ("url", "weak"),
    [
        ("https://scribd.com/document/1", "scribd.com"),
        ("https://www.scribd.com/document/1", "scribd.com"),
        ("https://es.scribd.com/document/1", "scribd.com"),
        ("https://notscribd.com/document/1", None),
        ("https://www.unesco.org/en/articles/x", None),
    ],
)
def test_weak_domain_matches_the_domain_and_its_subdomains_only(url: str, weak: str | None) -> None:
    assert weak_domain(url) == weak


def test_stale_facts_are_judged_on_as_of_and_report_checked(shipped_knowledge) -> None:
    stale = stale_facts(shipped_knowledge, "BN", today=date(2026, 12, 15))
    by_id = {f["id"]: f for f in stale}
    assert by_id["bn-egdi-2018"]["as_of"] == "2018-07"
    assert by_id["bn-egdi-2018"]["checked"] == "2026-12"  # re-checked, yet still stale: the source is from 2018
    assert all(f["as_of"] < "2024-12" for f in stale)
    assert "bn-pdpo-2025" not in by_id


# --- hostile files (issue 16): bounded depth and size, one line each, never a RecursionError ---


def _deep_block(levels: int) -> str:
    return "".join("  " * n + f"k{n}:\n" for n in range(levels)) + "  " * levels + "leaf: 1\n"


@pytest.mark.parametrize(
    "document",
    [
        _deep_block(600),
        "resources: " + "[" * 5000 + "]" * 5000 + "\n",
        "resources: " + "{a: " * 1000 + "1" + "}" * 1000 + "\n",
        "resources:\n" + "- " * 2000 + "x\n",
    ],
    ids=["block-600", "flow-list-5000", "flow-map-1000", "dash-list-2000"],
)
def test_deeply_nested_yaml_is_one_problem_line(knowledge_copy: Path, document: str) -> None:
    (knowledge_copy / "resources" / "deep.yaml").write_text(document, encoding="utf-8")
    problems = validate_knowledge(knowledge_copy)
    line = _only_line(problems, "knowledge/resources/deep.yaml")
    assert "nested more than 50 levels deep" in line


def test_a_huge_yaml_file_is_one_problem_line(knowledge_copy: Path) -> None:
    (knowledge_copy / "resources" / "huge.yaml").write_text("resources: []\n#" + "x" * (5 * 1024 * 1024), "utf-8")
    line = _only_line(validate_knowledge(knowledge_copy), "knowledge/resources/huge.yaml")
    assert "at most 4,194,304 bytes" in line


def test_validate_command_reports_deep_nesting_without_a_traceback(knowledge_copy: Path) -> None:
    (knowledge_copy / "resources" / "deep.yaml").write_text("resources: " + "[" * 3000 + "]" * 3000, "utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "advisor", "validate", "--knowledge-dir", str(knowledge_copy)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 1
    assert "nested more than 50 levels deep" in result.stdout
    assert "internal error" not in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
