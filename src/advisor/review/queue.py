"""The review queue of a country, stale facts, and the per-country report."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from advisor import i18n
from advisor.knowledge.model import Knowledge
from advisor.review.store import TRANSLATION_REVIEW_LANGUAGES, Proposal, ReviewStore
from advisor.review.translations import translation_coverage
from advisor.safe_text import csv_text
from advisor.safe_text import escape_markdown as _md

STALE_MONTHS = 24


@dataclass(frozen=True)
class QueueItem:
    """One thing to review: a standard question or an answer a user marked down."""

    id: str
    question: str
    role: str
    source: str  # standard | thumbs-down
    status: str
    answer: dict[str, Any]  # in English
    stale_facts: list[dict[str, str]]
    answers: dict[str, dict[str, Any]] = field(default_factory=dict)  # by interface language, English too

    def to_dict(self) -> dict[str, Any]:
        """The JSON item of ``advisor review queue --json``."""
        return {
            "id": self.id,
            "question": self.question,
            "role": self.role,
            "status": self.status,
            "source": self.source,
            "answer": self.answer,
            "stale_facts": self.stale_facts,
        }


def months_old(as_of: str, today: date) -> int:
    """Whole months between ``as_of`` (YYYY-MM) and ``today``."""
    year, month = (int(part) for part in as_of.split("-"))
    return (today.year - year) * 12 + today.month - month


def stale_facts(knowledge: Knowledge, country: str, today: date | None = None) -> list[dict[str, str]]:
    """Facts of ``country`` (and ASEAN) whose ``as_of`` is more than 24 months old.

    Staleness is judged on ``as_of``, the month the source states the fact for; ``checked`` (when
    the project last verified the fact against its source) is reported beside it but does not make
    a fact fresh, because re-reading an old source does not make what it says newer.
    """
    today = today or date.today()
    return [
        {"id": f.id, "as_of": f.as_of, "checked": _checked(f), "text": f.text, "source_url": f.source_url}
        for f in knowledge.country_facts(country)
        if months_old(f.as_of, today) > STALE_MONTHS
    ]


def _checked(fact: Any) -> str:
    # A reviewer's approved correction has no ``checked`` of its own: the review is the check.
    return fact.checked or str(getattr(fact, "reviewed_at", ""))[:7]


def standard_questions(knowledge: Knowledge, country: str) -> list[tuple[str, str, str]]:
    """(item id, question, role) of the standard review set for ``country``."""
    review = knowledge.review_questions
    if review is None:
        return []
    name = i18n.country_name("en", country)
    questions = [*review.questions, *review.by_country.get(country, [])]
    return [(f"question:{q.id}", q.question.format(country=name), q.role) for q in questions]


def reviewed_for(knowledge: Knowledge, store: ReviewStore, country: str, question: str) -> bool:
    """Whether ``question`` is a standard question approved for ``country`` on this knowledge version."""
    wanted = " ".join(question.casefold().split())
    for item_id, text, _ in standard_questions(knowledge, country):
        if " ".join(text.casefold().split()) == wanted:
            return store.is_approved(country, item_id, knowledge.version)
    return False


def review_languages(knowledge: Knowledge, country: str) -> list[str]:
    """The languages a queue item is shown in: the country's own that answers can be framed in, then English."""
    facts = knowledge.countries[country].facts if country in knowledge.countries else []
    spoken = [code for fact in facts if fact.kind == "language" for code in getattr(fact, "languages", [])]
    return [*(c for c in dict.fromkeys(spoken) if c in i18n.INTERFACE_LANGUAGES and c != "en"), "en"]


def standard_answers(advisor: Any, country: str, languages: list[str]) -> dict[str, dict[str, dict[str, Any]]]:
    """Item id -> language -> answer of every standard question: the slow part of a queue.

    It depends only on the knowledge version, the country and the languages, so the page
    computes it once per knowledge version and country and keeps it.
    """
    answers: dict[str, dict[str, dict[str, Any]]] = {}
    for item_id, question, role in standard_questions(advisor.knowledge, country):
        answers[item_id] = {lang: advisor.ask(question, role, country, lang=lang).to_dict() for lang in languages}
    return answers


def build_queue(
    advisor: Any,
    store: ReviewStore,
    feedback: Any,
    country: str,
    answers: dict[str, dict[str, dict[str, Any]]] | None = None,
) -> list[QueueItem]:
    """Standard questions answered now, then answers users marked down for ``country``.

    Args:
        answers: what :func:`standard_answers` returned, when the caller keeps it (else English, now).
    """
    knowledge: Knowledge = advisor.knowledge
    answers = answers if answers is not None else standard_answers(advisor, country, ["en"])
    stale_ids = {f["id"] for f in stale_facts(knowledge, country)}
    statuses = store.statuses(country)
    items = []
    for item_id, question, role in standard_questions(knowledge, country):
        by_lang = answers.get(item_id) or {"en": advisor.ask(question, role, country).to_dict()}
        english = by_lang.get("en") or next(iter(by_lang.values()))
        items.append(_item(statuses, item_id, question, role, "standard", english, stale_ids, by_lang))
    for record in feedback.all(rating=-1, country=country):
        # A snapshot of what the user saw, in the language they saw it in.
        snapshot = record.answer
        item = _item(
            statuses, f"feedback:{record.id}", record.question, record.role, "thumbs-down", snapshot, stale_ids
        )
        items.append(item)
    return items


def _item(
    statuses: dict[str, str],
    item_id: str,
    question: str,
    role: str,
    source: str,
    answer: dict[str, Any],
    stale_ids: set[str],
    answers: dict[str, dict[str, Any]] | None = None,
) -> QueueItem:
    used = [f for f in answer.get("country_context", []) if f.get("id") in stale_ids]
    return QueueItem(
        item_id,
        question,
        role,
        source,
        statuses.get(item_id, "pending"),
        answer,
        [{"id": f["id"], "as_of": f["as_of"], "text": f["text"]} for f in used],
        answers or {str(answer.get("query", {}).get("language", "en")): answer},
    )


def report(knowledge: Knowledge, store: ReviewStore, country: str, today: date | None = None) -> dict[str, Any]:
    """Coverage, open corrections and stale facts of ``country``."""
    questions = standard_questions(knowledge, country)
    known = store.statuses(country)
    statuses = [known.get(item_id, "pending") for item_id, _, _ in questions]
    proposals = store.proposals(country)
    return {
        "country": country,
        "knowledge_version": knowledge.version,
        "four_eyes": store.four_eyes,
        "questions": len(questions),
        "reviewed": sum(s != "pending" for s in statuses),
        "approved": statuses.count("approved"),
        "flagged": statuses.count("flagged"),
        "corrected": statuses.count("corrected"),
        "flags": [
            {"item": a.item, "reason": a.text, "by": a.reviewer, "at": a.created_at}
            for a in store.history(country)
            if a.action == "flag"
        ],
        "open_corrections": [_correction_row(p) for p in proposals if p.status in {"proposed", "approved"}],
        "published_corrections": [_correction_row(p) for p in proposals if p.status == "published"],
        "stale_facts": stale_facts(knowledge, country, today),
        # Every language, the country's own first: drafted against reviewed, all entry kinds together.
        "translation_coverage": sorted(
            translation_coverage(knowledge),
            key=lambda row: row["language"] not in TRANSLATION_REVIEW_LANGUAGES.get(country, ()),
        ),
    }


def _correction_row(proposal: Proposal) -> dict[str, Any]:
    return {
        "id": proposal.id,
        "item": proposal.item,
        "text": proposal.text,
        "source_url": proposal.source_url,
        "by": proposal.proposed_by,
        "at": proposal.proposed_at,
        "status": proposal.status,
        "approved_by": proposal.approved_by,
        "published_by": proposal.published_by,
        "self_approved": proposal.self_approved,
    }


def four_eyes_line(data: dict[str, Any]) -> str:
    """What the report says about the four-eyes rule of the store it was made from."""
    if data["four_eyes"]:
        return "Four eyes: on. Every correction is approved by a second reviewer of the country before it is published."
    return (
        "Four eyes: OFF (ADVISOR_REVIEW_FOUR_EYES=0). This is a single-reviewer deployment: a reviewer may approve "
        "and publish their own corrections."
    )


def report_markdown(data: dict[str, Any]) -> str:
    """The report as a Markdown document; what reviewers typed is escaped, so it shows as text."""
    name = i18n.country_name("en", data["country"])
    lines = [
        f"# Localisation review report: {name}",
        "",
        f"Knowledge version {data['knowledge_version']}.",
        "",
        four_eyes_line(data),
        "",
        "## Coverage",
        "",
        f"- Standard questions: {data['questions']}",
        f"- Reviewed: {data['reviewed']} (approved {data['approved']}, flagged {data['flagged']}, "
        f"corrected {data['corrected']})",
        "",
        "## Translation coverage (drafted against reviewed)",
        "",
        *(
            f"- {row['language']}: {row['reviewed']} reviewed, {row['drafted']} drafted, "
            f"{row['total'] - row['reviewed'] - row['drafted']} missing, of {row['total']}"
            for row in data["translation_coverage"]
        ),
        "",
        "## Flags",
        "",
        *(
            [f"- {_md(f['item'])}: {_md(f['reason'])} ({_md(f['by'])}, {f['at']})" for f in data["flags"]]
            or ["- None."]
        ),
        "",
        "## Open corrections",
        "",
        *(
            [
                f"- #{c['id']} {_md(c['item'])} [{c['status']}]: {_md(c['text'])} "
                f"({_md(c['source_url'] or 'no source yet')}; proposed by {_md(c['by'])}"
                f"{'; approved by ' + _md(c['approved_by']) if c['approved_by'] else ''})"
                for c in data["open_corrections"]
            ]
            or ["- None."]
        ),
        "",
        "## Published corrections",
        "",
        *(
            [
                f"- #{c['id']} {_md(c['item'])}: {_md(c['text'])} ({_md(c['source_url'])}; proposed by "
                f"{_md(c['by'])}, approved by {_md(c['approved_by'])}"
                f"{' (the proposer: four eyes off)' if c['self_approved'] else ''}, "
                f"published by {_md(c['published_by'])})"
                for c in data["published_corrections"]
            ]
            or ["- None."]
        ),
        "",
        f"## Stale facts (as of more than {STALE_MONTHS} months ago)",
        "",
        *(
            [f"- {f['id']} (as of {f['as_of']}, checked {f['checked']}): {_md(f['text'])}" for f in data["stale_facts"]]
            or ["- None."]
        ),
        "",
    ]
    return "\n".join(lines)


def report_csv(data: dict[str, Any]) -> str:
    """The report as CSV rows: section, item, detail, who, when, source (formula cells neutralised)."""
    four_eyes = "on" if data["four_eyes"] else "off (ADVISOR_REVIEW_FOUR_EYES=0)"
    rows: list[list[Any]] = [["setting", "four_eyes", four_eyes, "", "", ""]]
    rows += [["coverage", "questions", data["questions"], "", "", ""]]
    rows += [["coverage", key, data[key], "", "", ""] for key in ("reviewed", "approved", "flagged", "corrected")]
    rows += [
        ["translation_coverage", row["language"], f"{row['reviewed']} reviewed, {row['drafted']} drafted, "
         f"{row['total'] - row['reviewed'] - row['drafted']} missing, of {row['total']}", "", "", ""]
        for row in data["translation_coverage"]
    ]  # fmt: skip
    rows += [["flag", f["item"], f["reason"], f["by"], f["at"], ""] for f in data["flags"]]
    for section in ("open_corrections", "published_corrections"):
        rows += [
            [section.removesuffix("s"), c["item"], c["text"], c["by"], c["at"], c["source_url"]] for c in data[section]
        ]
    rows += [
        ["stale_fact", f["id"], f"as of {f['as_of']}, checked {f['checked']}", "", "", f["source_url"]]
        for f in data["stale_facts"]
    ]
    return csv_text(["section", "item", "detail", "by", "at", "source_url"], rows)
