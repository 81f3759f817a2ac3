"""Retrieval quality on a gold set: recall@k, MRR and nDCG@5 per mode, plus out-of-scope detection."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from advisor.config import project_root
from advisor.errors import BadInputError
from advisor.knowledge.schema import CompetencyId, CountryCode, RoleId
from advisor.retrieval.search import MODES

# Targets from the retrieval issue; `advisor eval` exits 1 when one is missed.
TARGETS = {
    "recall@5": 0.90,
    "mrr": 0.75,
    "non_english_recall@5": 0.80,
    "oos_recall": 1.0,
    "false_oos_rate_max": 0.05,
}


class GoldCase(BaseModel):
    """One question with the competencies a good answer ranks high (most relevant first)."""

    model_config = ConfigDict(extra="forbid")

    id: str
    question: Annotated[str, Field(min_length=1)]
    role: RoleId
    country: CountryCode
    language: Literal["en", "id", "ms", "th", "vi", "fil", "km", "lo", "my"]
    kind: Literal["question", "keyword", "consultation", "out-of-scope"]
    relevant: list[CompetencyId]


class GoldSet(BaseModel):
    """A gold file."""

    model_config = ConfigDict(extra="forbid")
    cases: list[GoldCase]


def default_gold_path() -> Path:
    """``tests/gold/gold.yaml`` of the project."""
    return project_root() / "tests" / "gold" / "gold.yaml"


def load_gold(path: Path) -> list[GoldCase]:
    """Read and validate a gold file.

    Raises:
        BadInputError: when the file is missing or malformed.
    """
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        return GoldSet.model_validate(raw).cases
    except OSError as error:
        raise BadInputError(f"cannot read gold set {path}: {error.strerror}") from error
    except yaml.YAMLError as error:
        raise BadInputError(f"gold set {path} is not valid YAML: {error}") from error
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise BadInputError(f"gold set {path}: {where}: {first['msg']}") from error


def recall_at(ranking: Sequence[str], relevant: Sequence[str], k: int) -> float:
    """Share of the relevant ids found in the top ``k``."""
    return len(set(ranking[:k]) & set(relevant)) / len(relevant)


def reciprocal_rank(ranking: Sequence[str], relevant: Sequence[str]) -> float:
    """1 / rank of the first relevant id (0 when none is ranked)."""
    return next((1.0 / n for n, cid in enumerate(ranking, start=1) if cid in relevant), 0.0)


def ndcg_at(ranking: Sequence[str], relevant: Sequence[str], k: int = 5) -> float:
    """nDCG@k with graded gains: the first relevant id counts most."""
    gain = {cid: len(relevant) - n for n, cid in enumerate(relevant)}
    dcg = sum(gain.get(cid, 0) / math.log2(n + 1) for n, cid in enumerate(ranking[:k], start=1))
    ideal = sum(g / math.log2(n + 1) for n, g in enumerate(sorted(gain.values(), reverse=True)[:k], start=1))
    return dcg / ideal if ideal else 0.0


@dataclass
class ModeScores:
    """Averages of the ranking metrics for one mode over a group of cases."""

    values: dict[str, list[float]] = field(default_factory=dict)

    def add(self, ranking: Sequence[str], relevant: Sequence[str]) -> None:
        """Score one ranking."""
        for name, value in (
            ("recall@1", recall_at(ranking, relevant, 1)),
            ("recall@3", recall_at(ranking, relevant, 3)),
            ("recall@5", recall_at(ranking, relevant, 5)),
            ("mrr", reciprocal_rank(ranking, relevant)),
            ("ndcg@5", ndcg_at(ranking, relevant, 5)),
        ):
            self.values.setdefault(name, []).append(value)

    def means(self) -> dict[str, float]:
        """Mean of each metric."""
        return {name: round(sum(v) / len(v), 3) for name, v in self.values.items() if v}


def evaluate(advisor: Any, cases: list[GoldCase]) -> dict[str, Any]:
    """Run every case in every mode and gather the report (each search and answer runs once)."""
    genuine = [c for c in cases if c.relevant]
    rankings = {
        mode: {c.id: [r.id for r in advisor.retrieve(c.question, role=c.role, mode=mode).competencies] for c in genuine}
        for mode in MODES
    }
    answers = {c.id: advisor.ask(c.question, c.role, c.country) for c in cases}
    report: dict[str, Any] = {"cases": len(cases), "modes": {}}
    for mode in MODES:
        overall, english, other = ModeScores(), ModeScores(), ModeScores()
        for case in genuine:
            overall.add(rankings[mode][case.id], case.relevant)
            (english if case.language == "en" else other).add(rankings[mode][case.id], case.relevant)
        report["modes"][mode] = {
            **overall.means(),
            "english_recall@5": english.means().get("recall@5"),
            "non_english_recall@5": other.means().get("recall@5"),
        }
    report["by_group"] = _hybrid_by_group(genuine, rankings["hybrid"])
    report["out_of_scope"] = _out_of_scope(cases, answers)
    report["answers"] = _answer_checks(advisor, genuine, answers)
    report["misses"] = [
        f"{c.id}: expected {c.relevant[0]}, got {', '.join(rankings['hybrid'][c.id][:3])}"
        for c in genuine
        if not set(rankings["hybrid"][c.id][:5]) & set(c.relevant)
    ]
    return report


def _hybrid_by_group(genuine: list[GoldCase], rankings: dict[str, list[str]]) -> dict[str, dict[str, float]]:
    groups: dict[str, ModeScores] = {}
    for case in genuine:
        for group in (f"language:{case.language}", f"kind:{case.kind}"):
            groups.setdefault(group, ModeScores()).add(rankings[case.id], case.relevant)
    return {group: scores.means() | {"n": len(scores.values["mrr"])} for group, scores in sorted(groups.items())}


def _out_of_scope(cases: list[GoldCase], answers: dict[str, Any]) -> dict[str, Any]:
    flagged = {c.id for c in cases if answers[c.id].out_of_scope}
    negatives = [c.id for c in cases if not c.relevant]
    genuine = [c.id for c in cases if c.relevant]
    caught = [i for i in negatives if i in flagged]
    wrongly = [i for i in genuine if i in flagged]
    return {
        "negatives": len(negatives),
        "precision": round(len(caught) / len(flagged), 3) if flagged else 1.0,
        "recall": round(len(caught) / len(negatives), 3) if negatives else 1.0,
        "false_oos_rate": round(len(wrongly) / len(genuine), 3) if genuine else 0.0,
        "missed_negatives": [i for i in negatives if i not in flagged],
        "wrongly_flagged": wrongly,
    }


def _answer_checks(advisor: Any, genuine: list[GoldCase], answers: dict[str, Any]) -> dict[str, Any]:
    """Country context only from the asked country (or ASEAN); consultation questions get insights."""
    foreign, consultation_hits, consultations = [], 0, 0
    for case in genuine:
        answer = answers[case.id]
        if any(item.country not in (case.country, "ASEAN") for item in answer.country_context):
            foreign.append(case.id)
        if case.kind == "consultation":
            consultations += 1
            cited = {cid for i in answer.insights for cid in advisor.knowledge.insights[i.id].competencies}
            consultation_hits += bool(cited & set(case.relevant))
    return {
        "foreign_country_context": foreign,
        "consultation_insight_hit_rate": round(consultation_hits / consultations, 3) if consultations else None,
    }


def missed_targets(report: dict[str, Any]) -> list[str]:
    """Targets the hybrid mode misses, one line each."""
    hybrid = report["modes"]["hybrid"]
    oos = report["out_of_scope"]
    checks = [
        (hybrid["recall@5"] >= TARGETS["recall@5"], f"recall@5 {hybrid['recall@5']} < {TARGETS['recall@5']}"),
        (hybrid["mrr"] >= TARGETS["mrr"], f"MRR {hybrid['mrr']} < {TARGETS['mrr']}"),
        (
            (hybrid["non_english_recall@5"] or 0) >= TARGETS["non_english_recall@5"],
            f"non-English recall@5 {hybrid['non_english_recall@5']} < {TARGETS['non_english_recall@5']}",
        ),
        (oos["recall"] >= TARGETS["oos_recall"], f"out-of-scope recall {oos['recall']} < 1.0"),
        (
            oos["false_oos_rate"] < TARGETS["false_oos_rate_max"],
            f"genuine questions flagged out of scope {oos['false_oos_rate']} >= 0.05",
        ),
        (not report["answers"]["foreign_country_context"], "another country's facts appeared in an answer"),
    ]
    return [message for ok, message in checks if not ok]


def format_report(report: dict[str, Any]) -> str:
    """The report as aligned text tables."""
    metrics = ["recall@1", "recall@3", "recall@5", "mrr", "ndcg@5", "non_english_recall@5"]
    lines = [f"Gold cases: {report['cases']}", "", f"{'mode':<8}" + "".join(f"{m:>22}" for m in metrics)]
    for mode, scores in report["modes"].items():
        lines.append(
            f"{mode:<8}" + "".join(f"{scores.get(m) if scores.get(m) is not None else '-':>22}" for m in metrics)
        )
    lines += ["", "Hybrid by group:"]
    for group, scores in report["by_group"].items():
        lines.append(
            f"  {group:<22} n={scores['n']:<3} recall@5={scores['recall@5']:<6} "
            f"mrr={scores['mrr']:<6} ndcg@5={scores['ndcg@5']}"
        )
    oos = report["out_of_scope"]
    lines += [
        "",
        f"Out of scope: precision {oos['precision']}, recall {oos['recall']} "
        f"on {oos['negatives']} negatives; "
        f"genuine questions flagged {oos['false_oos_rate']}",
    ]
    if oos["missed_negatives"] or oos["wrongly_flagged"]:
        lines.append(f"  missed: {oos['missed_negatives']}  wrongly flagged: {oos['wrongly_flagged']}")
    answers = report["answers"]
    lines.append(
        f"Country context from another country: {len(answers['foreign_country_context'])}; "
        f"consultation questions with matching insights: {answers['consultation_insight_hit_rate']}"
    )
    if report["misses"]:
        lines += [
            "",
            "Hybrid misses (no relevant competency in the top 5):",
            *[f"  {m}" for m in report["misses"]],
        ]
    return "\n".join(lines)


def run_evaluation(gold: Path | None, as_json: bool, out: IO[str]) -> int:
    """``advisor eval``: print the report; exit 1 when a target is missed."""
    from advisor.api import Advisor

    cases = load_gold(gold or default_gold_path())
    advisor = Advisor.load()
    report = evaluate(advisor, cases)
    missed = missed_targets(report)
    report["missed_targets"] = missed
    if as_json:
        out.write(json.dumps(report, indent=2) + "\n")
    else:
        out.write(format_report(report) + "\n")
        out.write("\nAll targets met.\n" if not missed else "\nTargets missed:\n- " + "\n- ".join(missed) + "\n")
    return 1 if missed else 0
