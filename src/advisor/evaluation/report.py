"""One evaluation run: rankings per mode and language, refusals, confidence, and the targets."""

from __future__ import annotations

import statistics
from typing import Any

from advisor.evaluation.cases import GoldCase
from advisor.evaluation.metrics import ModeScores
from advisor.retrieval.search import MODES

FOCUS_LANGUAGES = ("th", "vi", "id", "ms", "fil")

# Targets of the understanding issue, on the held-out half of the situational set.
SITUATIONAL_TARGETS = {
    "recall@5": 0.90,
    "mrr": 0.80,
    "non_english_recall@5": 0.85,
    "language_recall@5": 0.80,  # each of FOCUS_LANGUAGES
    "genuine_refused_max": 0.03,
    "unrelated_refused_min": 0.95,
}
# The regression gold set must not slip while the situational set improves.
REGRESSION_TARGETS = {"recall@5": 0.92, "genuine_refused_max": 0.05}
# Near-domain requests (tests/gold/near_domain.yaml): the refusal targets of the issue; its
# genuine questions are near misses written to test refusals, so recall is reported, not targeted.
NEAR_DOMAIN_TARGETS = {"genuine_refused_max": 0.03, "unrelated_refused_min": 0.95}


def evaluate(advisor: Any, cases: list[GoldCase]) -> dict[str, Any]:
    """Run every case in every mode and gather the report (each search and answer runs once)."""
    genuine = [c for c in cases if c.relevant]
    rankings = {
        mode: {c.id: [r.id for r in advisor.retrieve(c.question, role=c.role, mode=mode).competencies] for c in genuine}
        for mode in MODES
    }
    answers = {c.id: advisor.ask(c.question, c.role, c.country) for c in cases}
    report: dict[str, Any] = {"cases": len(cases), "genuine": len(genuine), "modes": {}, "by_language": {}}
    for mode in MODES:
        overall, english, other = ModeScores(), ModeScores(), ModeScores()
        languages: dict[str, ModeScores] = {}
        for case in genuine:
            ranking = rankings[mode][case.id]
            overall.add(ranking, case.relevant)
            (english if case.language == "en" else other).add(ranking, case.relevant)
            languages.setdefault(case.language, ModeScores()).add(ranking, case.relevant)
        report["modes"][mode] = {
            **overall.means(),
            "english_recall@5": english.means().get("recall@5"),
            "non_english_recall@5": other.means().get("recall@5"),
            "non_english_mrr": other.means().get("mrr"),
        }
        report["by_language"][mode] = {lang: scores.means() for lang, scores in sorted(languages.items())}
    report["by_kind"] = _by_kind(genuine, rankings["hybrid"])
    report["refusals"] = _refusals(cases, answers)
    report["confidence"] = _confidence(genuine, answers)
    report["answers"] = _answer_checks(advisor, genuine, answers)
    report["replies"] = _reply_checks(advisor, genuine, answers)
    report["misses"] = [
        f"{c.id} ({c.language}): expected {'/'.join(c.relevant)}, got {', '.join(rankings['hybrid'][c.id][:3])}"
        for c in genuine
        if not set(rankings["hybrid"][c.id][:5]) & set(c.relevant)
    ]
    return report


def _by_kind(genuine: list[GoldCase], rankings: dict[str, list[str]]) -> dict[str, dict[str, float]]:
    groups: dict[str, ModeScores] = {}
    for case in genuine:
        groups.setdefault(case.kind, ModeScores()).add(rankings[case.id], case.relevant)
    return {kind: scores.means() for kind, scores in sorted(groups.items())}


def _refusals(cases: list[GoldCase], answers: dict[str, Any]) -> dict[str, Any]:
    refused = {c.id for c in cases if answers[c.id].out_of_scope}
    unrelated = [c.id for c in cases if not c.relevant]
    genuine = [c.id for c in cases if c.relevant]
    return {
        "unrelated": len(unrelated),
        "unrelated_refused": round(sum(i in refused for i in unrelated) / len(unrelated), 3) if unrelated else None,
        "genuine_refused": round(sum(i in refused for i in genuine) / len(genuine), 3) if genuine else 0.0,
        "unrelated_answered_ids": [i for i in unrelated if i not in refused],
        "genuine_refused_ids": [i for i in genuine if i in refused],
    }


def _confidence(genuine: list[GoldCase], answers: dict[str, Any]) -> dict[str, dict[str, float]]:
    """How often each confidence level is right: a relevant competency first, or in the top 3."""
    levels: dict[str, list[tuple[bool, bool]]] = {}
    for case in genuine:
        answer = answers[case.id]
        if answer.out_of_scope:
            continue
        ids = [c.id for c in answer.competencies]
        first_right = bool(ids) and ids[0] in case.relevant
        levels.setdefault(answer.confidence, []).append((first_right, bool(set(ids[:3]) & set(case.relevant))))
    return {
        level: {
            "n": len(rows),
            "top1_right": round(sum(a for a, _ in rows) / len(rows), 3),
            "top3_right": round(sum(b for _, b in rows) / len(rows), 3),
        }
        for level, rows in sorted(levels.items(), key=lambda item: ["high", "medium", "low"].index(item[0]))
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


REPEATED_REPLIES = 10
"""Questions asked a second time to check that the reply is the same every time."""


def _reply_checks(advisor: Any, genuine: list[GoldCase], answers: dict[str, Any]) -> dict[str, Any]:
    """The direct reply: its length, whether its actions exist and fit the question, and repeatability."""
    from advisor.answers.reply import count_words

    in_scope = [c for c in genuine if not answers[c.id].out_of_scope]
    if not in_scope:
        return {"n": 0}
    words = sorted(count_words(answers[c.id].summary) for c in in_scope)
    known = {a.id for actions in advisor.knowledge.actions.values() for a in actions}
    items = [g for c in in_scope for g in answers[c.id].guidance]
    on_topic = sum(bool({g.competency for g in answers[c.id].guidance} & set(c.relevant)) for c in in_scope)
    repeated = in_scope[:REPEATED_REPLIES]
    same = sum(advisor.ask(c.question, c.role, c.country).summary == answers[c.id].summary for c in repeated)
    return {
        "n": len(in_scope),
        "words_median": statistics.median(words),
        "words_p90": words[int(0.9 * (len(words) - 1))],
        "words_max": words[-1],
        "guidance_per_reply": round(len(items) / len(in_scope), 2),
        "guidance_citing_unknown_actions": sum(g.action_id not in known for g in items),
        "guidance_from_a_relevant_competency": round(on_topic / len(in_scope), 3),
        "repeated_identical": f"{same}/{len(repeated)}",
    }


def missed_targets(report: dict[str, Any], situational: bool, *, near_domain: bool = False) -> list[str]:
    """The targets a report misses, one line each (hybrid mode).

    ``situational`` applies the issue's targets, otherwise the regression set's; ``near_domain``
    applies only the refusal targets, to the near-domain set.
    """
    hybrid, dense = report["modes"]["hybrid"], report["modes"]["dense"]
    refusals = report["refusals"]
    replies = report["replies"]
    checks: list[tuple[bool, str]] = [
        (not report["answers"]["foreign_country_context"], "another country's facts appeared in an answer"),
        (replies.get("words_median", 0) <= 120, f"median reply {replies.get('words_median')} words > 120"),
        (not replies.get("guidance_citing_unknown_actions"), "a reply cites an action that does not exist"),
    ]
    if near_domain:
        refusal = NEAR_DOMAIN_TARGETS
        checks += [
            (
                refusals["genuine_refused"] <= refusal["genuine_refused_max"],
                f"near-miss questions refused {refusals['genuine_refused']} > {refusal['genuine_refused_max']}",
            ),
            (
                refusals["unrelated_refused"] is None
                or refusals["unrelated_refused"] >= refusal["unrelated_refused_min"],
                f"near-domain requests refused {refusals['unrelated_refused']} < {refusal['unrelated_refused_min']}",
            ),
        ]
        return [message for ok, message in checks if not ok]
    if not situational:
        targets = REGRESSION_TARGETS
        checks += [
            (hybrid["recall@5"] >= targets["recall@5"], f"regression recall@5 {hybrid['recall@5']} < 0.92"),
            (refusals["genuine_refused"] <= targets["genuine_refused_max"], "regression questions refused > 5 %"),
        ]
        return [message for ok, message in checks if not ok]
    targets = SITUATIONAL_TARGETS
    by_language = report["by_language"]["hybrid"]
    checks += [
        (hybrid["recall@5"] >= targets["recall@5"], f"recall@5 {hybrid['recall@5']} < {targets['recall@5']}"),
        (hybrid["mrr"] >= targets["mrr"], f"MRR {hybrid['mrr']} < {targets['mrr']}"),
        (
            (hybrid["non_english_recall@5"] or 0) >= targets["non_english_recall@5"],
            f"non-English recall@5 {hybrid['non_english_recall@5']} < {targets['non_english_recall@5']}",
        ),
        (
            hybrid["recall@5"] >= dense["recall@5"] and hybrid["mrr"] >= dense["mrr"],
            f"hybrid (recall@5 {hybrid['recall@5']}, MRR {hybrid['mrr']}) loses to dense only "
            f"({dense['recall@5']}, {dense['mrr']})",
        ),
        (
            refusals["genuine_refused"] <= targets["genuine_refused_max"],
            f"genuine questions refused {refusals['genuine_refused']} > {targets['genuine_refused_max']}",
        ),
        (
            refusals["unrelated_refused"] is None or refusals["unrelated_refused"] >= targets["unrelated_refused_min"],
            f"unrelated questions refused {refusals['unrelated_refused']} < {targets['unrelated_refused_min']}",
        ),
    ]
    for lang in FOCUS_LANGUAGES:
        if lang in by_language:
            value = by_language[lang]["recall@5"]
            checks.append((value >= targets["language_recall@5"], f"{lang} recall@5 {value} < 0.80"))
    return [message for ok, message in checks if not ok]


def format_report(title: str, report: dict[str, Any]) -> str:
    """One report as aligned text tables."""
    metrics = ["recall@1", "recall@3", "recall@5", "mrr", "ndcg@5", "non_english_recall@5"]
    lines = [
        f"== {title}: {report['genuine']} questions, {report['cases'] - report['genuine']} unrelated",
        f"{'mode':<8}" + "".join(f"{m:>21}" for m in metrics),
    ]
    for mode, scores in report["modes"].items():
        lines.append(f"{mode:<8}" + "".join(f"{_shown(scores.get(m)):>21}" for m in metrics))
    languages = sorted({lang for mode in MODES for lang in report["by_language"][mode]})
    lines += ["", "recall@5 / MRR by language:", f"{'mode':<8}" + "".join(f"{lang:>12}" for lang in languages)]
    for mode in MODES:
        cells = []
        for lang in languages:
            scores = report["by_language"][mode].get(lang)
            cells.append(f"{scores['recall@5']:.2f}/{scores['mrr']:.2f}" if scores else "-")
        lines.append(f"{mode:<8}" + "".join(f"{cell:>12}" for cell in cells))
    counts = " ".join(f"{lang}={report['by_language']['hybrid'][lang]['n']}" for lang in languages)
    lines.append(f"  cases: {counts}")
    refusals = report["refusals"]
    lines += [
        "",
        f"Refused: genuine {refusals['genuine_refused']}, unrelated {refusals['unrelated_refused']} "
        f"of {refusals['unrelated']}",
    ]
    if refusals["genuine_refused_ids"] or refusals["unrelated_answered_ids"]:
        lines.append(
            f"  genuine refused: {refusals['genuine_refused_ids']}  "
            f"unrelated answered: {refusals['unrelated_answered_ids']}"
        )
    lines.append("Confidence (share right: relevant first / relevant in top 3):")
    for level, row in report["confidence"].items():
        lines.append(f"  {level:<7} n={row['n']:<4} first {row['top1_right']:<6} top-3 {row['top3_right']}")
    answers = report["answers"]
    lines.append(
        f"Country context from another country: {len(answers['foreign_country_context'])}; "
        f"consultation questions with matching insights: {answers['consultation_insight_hit_rate']}"
    )
    replies = report["replies"]
    if replies.get("n"):
        lines.append(
            f"Replies: words median {replies['words_median']}, p90 {replies['words_p90']}, "
            f"max {replies['words_max']}; {replies['guidance_per_reply']} actions each; "
            f"an action of a relevant competency in {replies['guidance_from_a_relevant_competency']}; "
            f"unknown actions cited {replies['guidance_citing_unknown_actions']}; "
            f"same reply when asked again {replies['repeated_identical']}"
        )
    if report["misses"]:
        lines += ["Hybrid misses (no relevant competency in the top 5):", *[f"  {m}" for m in report["misses"]]]
    return "\n".join(lines)


def _shown(value: float | None) -> str:
    return "-" if value is None else f"{value}"
