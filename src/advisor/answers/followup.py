"""Follow-ups that compare: "and for executives?" or "what about Viet Nam?" say what changes.

A follow-up is answered for the new profile like any question, but the reply shows only the
difference from the previous answer: the target levels of both roles side by side, or the new
country's own programmes and learning. The full answer stays available under it.
"""

from __future__ import annotations

from advisor import i18n
from advisor.answer import Answer
from advisor.answers.glosses import context_name
from advisor.knowledge.model import Knowledge
from advisor.safe_text import escape_markdown, markdown_link


def compare(knowledge: Knowledge, previous: Answer, current: Answer, lang: str) -> str:
    """Markdown saying what changes from ``previous`` to ``current`` (same question, new profile).

    Returns an empty string when neither the role nor the country changed.
    """
    parts: list[str] = []
    if previous.query.role != current.query.role:
        parts.append(_role_table(knowledge, previous, current, lang))
    if previous.query.country != current.query.country:
        parts.append(_country_changes(previous, current, lang))
    return "\n\n".join(part for part in parts if part)


def _role_table(knowledge: Knowledge, previous: Answer, current: Answer, lang: str) -> str:
    before, after = previous.query.role, current.query.role
    ids = list(dict.fromkeys([c.id for c in current.competencies] + [c.id for c in previous.competencies]))
    header = [i18n.text(lang, "compare.competency"), i18n.role_name(lang, before), i18n.role_name(lang, after)]
    rows = [
        "| " + " | ".join(escape_markdown(h) for h in header) + " |",
        "|---|:---:|:---:|",
    ]
    for cid in ids:
        old, new = _target(knowledge, before, cid), _target(knowledge, after, cid)
        arrow = " ▲" if new > old else (" ▼" if new < old else "")
        title = escape_markdown(knowledge.title(cid, lang))
        rows.append(f"| {title} ({cid}) | {old or '–'} | **{new or '–'}**{arrow} |")
    lead = i18n.text(lang, "compare.role_lead", before=i18n.role_name(lang, before), after=i18n.role_name(lang, after))
    return "\n".join([lead, "", *rows])


def _country_changes(previous: Answer, current: Answer, lang: str) -> str:
    country = i18n.country_name(lang, current.query.country)
    lines = [i18n.text(lang, "compare.country_lead", country=country), ""]
    own = [f for f in current.country_context if f.country == current.query.country]
    for fact in own:
        label = escape_markdown(context_name(fact, ". "))  # the glossed name in another language
        when = i18n.text(lang, "answer.as_of", date=fact.as_of)
        lines.append(f"- {label} ({when}) {markdown_link(f'[{fact.cite}]', fact.source_url)}")
    if not own:
        lines.append(f"- {i18n.text(lang, 'answer.no_context')}")
    earlier = {r.id for r in previous.learning}
    new_learning = [r for r in current.learning if r.id not in earlier]
    if new_learning:
        lines += ["", i18n.text(lang, "compare.learning_lead", country=country)]
        lines += [f"- {markdown_link(r.title, r.url)} — {escape_markdown(r.provider)}" for r in new_learning]
    return "\n".join(lines)


def _target(knowledge: Knowledge, role: str, competency_id: str) -> int:
    target = knowledge.roles[role].targets.get(competency_id) if role in knowledge.roles else None
    return target.level if target else 0
