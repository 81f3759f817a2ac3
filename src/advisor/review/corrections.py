"""Corrections of country facts: propose one, approve it as a second reviewer, publish it.

Publishing appends the country's new overrides document to the database (``published_changes``,
the source of truth every replica loads), in the same transaction as the ``publish`` event,
and only after the loader's full validation has passed on the knowledge with it laid over the
files. Answers pick it up when each app's background rebuild ends (see :mod:`advisor.live`);
nothing here waits for an index. ``knowledge/overrides/<CC>.yaml`` is an export of the
database (:func:`export_published`), and an import for bootstrapping (:func:`import_overrides`).
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy.engine import Connection

from advisor.catalogue import COUNTRIES, REGION
from advisor.knowledge.published import PublishedChange
from advisor.knowledge.schema import OverridesFile
from advisor.review.access import Reviewer
from advisor.review.refusals import ReviewInputError
from advisor.review.store import Proposal, ReviewStore, published_proposals
from advisor.stores.published import PublishedStore, add_in

HEADER = "# Written by `advisor review publish`: published reviewer corrections. Edit through the Review page.\n"


def correctable_facts(knowledge: Any, country: str) -> list[Any]:
    """Facts a reviewer of ``country`` may correct: that country's own facts only.

    Region-wide facts belong to ``ASEAN`` (a permission of its own), never to a member country,
    because a correction to them changes answers in every country.
    """
    reviewed = knowledge.overrides.get(country, [])
    replaced = {fact.replaces for fact in reviewed if fact.replaces}
    shipped = knowledge.countries[country].facts if country in knowledge.countries else []
    return [*reviewed, *(f for f in shipped if f.id not in replaced)]


def propose_correction(
    store: ReviewStore,
    knowledge: Any,
    reviewer: Reviewer,
    country: str,
    fact_id: str | None,
    text: str,
    source_url: str,
    from_item: str | None = None,
) -> int:
    """Record a proposed correction of one of ``country``'s own facts; returns its id.

    Raises:
        AccessDeniedError: the reviewer may not review ``country``.
        BadInputError: no fact chosen, a fact not of ``country``'s own, or text or source not accepted.
    """
    reviewer.require(country)
    if not fact_id:
        raise ReviewInputError("choose_fact", "choose the fact the correction replaces")
    if fact_id not in {f.id for f in correctable_facts(knowledge, country)}:
        raise ReviewInputError(
            "not_own_fact", f"fact {fact_id!r} is not one of {country}'s own facts; choose one of them",
            fact=fact_id, country=country,
        )  # fmt: skip
    return store.propose(reviewer, country, "fact", fact_id, text, source_url, knowledge.version, from_item)


def fact_before(knowledge: Any, proposal: Proposal) -> Any | None:
    """The fact a proposal would replace, as answers show it now (``None`` if it is gone)."""
    return knowledge.facts_by_id.get(proposal.target)


def publish_correction(
    store: ReviewStore, knowledge: Any, knowledge_dir: Path, reviewer: Reviewer, proposal_id: int | str
) -> int:
    """Publish an approved correction: validate, then record it and its overrides document. Returns at once.

    The index is not rebuilt here: every running app notices the new published version and
    rebuilds in the background while it keeps answering with the old index.

    Returns:
        The id of the published row (the new published version).

    Raises:
        AccessDeniedError: another country's correction, or one not approved by a second reviewer.
        BadInputError: unknown or already decided, or the knowledge would not load with it.
    """
    proposal = store.check_may_publish(reviewer, proposal_id)
    country = proposal.country
    current = PublishedStore(store.database).changes()
    pending = [*_publishable(store.proposals(country, "fact"), knowledge, country), proposal]
    document = _overrides_document(knowledge, country, pending)
    _check_would_load(knowledge_dir, country, document, current)  # once: the slow part of a publish
    written: list[int] = []

    def record(connection: Connection, published: Proposal) -> None:
        # Read under the decision lock what is published now: a publish that ran meanwhile is
        # kept (it was validated too), and the newest row of a country always holds them all.
        proposals = _publishable(published_proposals(connection, country, "fact"), knowledge, country)
        final = _overrides_document(knowledge, country, proposals)
        written.append(add_in(connection, overrides_path(country), final, reviewer.name, published.id))

    store.mark_published(reviewer, proposal.id, knowledge.version, record)
    return written[0]


def overrides_path(country: str) -> str:
    """Where a country's overrides live, relative to the knowledge folder."""
    return f"overrides/{country}.yaml"


def publish_overrides(store: ReviewStore, knowledge: Any, knowledge_dir: Path, country: str) -> Path | None:
    """Write the published corrections of ``country`` to ``overrides/<CC>.yaml`` from the review events, atomically.

    ``advisor review export-overrides`` (:func:`advisor.review.published_files.export_published`)
    writes the files from the published rows, which answers use; this rebuilds one country's
    file from the history of events. Corrections outside the country's own facts (possible in
    stores written before scoping existed) are left out. The file replaces the old one only
    after the whole knowledge, with it in place, passes the validation that loading runs.

    Returns:
        The file written, or ``None`` when the country has no published correction.

    Raises:
        BadInputError: when the knowledge would not load with the new file.
    """
    target = knowledge_dir / "overrides" / f"{country}.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(target.parent)
    published = _publishable(store.proposals(country, "fact"), knowledge, country)
    if not published:
        return None
    document = _overrides_document(knowledge, country, published)
    _check_would_load(knowledge_dir, country, document, PublishedStore(store.database).changes())
    return _write_overrides(knowledge_dir, country, document)


def _write_overrides(knowledge_dir: Path, country: str, document: dict[str, Any]) -> Path | None:
    """Replace ``overrides/<CC>.yaml`` with ``document`` atomically (written, flushed, renamed)."""
    if not document:
        return None
    target = knowledge_dir / "overrides" / f"{country}.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        "w", dir=target.parent, prefix=".publish-", delete=False, suffix=".tmp", encoding="utf-8"
    ) as tmp:
        tmp.write(HEADER + yaml.safe_dump(document, allow_unicode=True, sort_keys=False))
        tmp.flush()
        os.fsync(tmp.fileno())
    os.replace(tmp.name, target)
    return target


def remove_leftovers(folder: Path, older_than: float = 60.0) -> int:
    """Delete temporary files that a killed publish left in ``folder``; returns how many."""
    removed = 0
    now = time.time()
    for leftover in folder.glob("*.tmp"):
        try:
            if now - leftover.stat().st_mtime > older_than:
                leftover.unlink()
                removed += 1
        except OSError:  # another process removed or replaced it meanwhile
            continue
    return removed


def _publishable(proposals: list[Proposal], knowledge: Any, country: str) -> list[Proposal]:
    published = [p for p in proposals if p.status == "published"]
    own = {f.id for f in correctable_facts(knowledge, country)} | _replaced(knowledge, country)
    own |= {review_id(country, p.id) for p in published}  # a correction of an earlier correction
    return [p for p in published if p.target in own]


def review_id(country: str, proposal_id: int) -> str:
    """The fact id a published correction gets in ``overrides/<CC>.yaml``."""
    return f"{country.lower()}-review-{proposal_id}"


def _replaced(knowledge: Any, country: str) -> set[str]:
    """Ids of shipped facts that published overrides replace: a later correction may name them."""
    return {f.replaces for f in knowledge.overrides.get(country, []) if f.replaces}


def _overrides_document(knowledge: Any, country: str, proposals: list[Proposal]) -> dict[str, Any]:
    # The latest published correction of a fact wins: one override per replaced fact.
    latest: dict[str, dict[str, Any]] = {}
    corrected = {review_id(country, p.id): p.target for p in proposals}
    for proposal in proposals:
        fact = _override_fact(knowledge, country, proposal, _shipped_id(proposal.target, corrected))
        latest[fact.get("replaces") or fact["id"]] = fact
    document = {"country": country, "facts": list(latest.values())}
    try:
        OverridesFile.model_validate(document)
    except ValueError as error:
        raise _cannot_publish(str(error).splitlines()[0]) from error
    return document


def _cannot_publish(problem: str) -> ReviewInputError:
    return ReviewInputError("cannot_publish", f"the correction cannot be published: {problem}", problem=problem)


def _check_would_load(
    knowledge_dir: Path, country: str, document: dict[str, Any], published: list[PublishedChange]
) -> None:
    """Run the loader's full validation on the knowledge with ``document`` laid over it."""
    from advisor.knowledge import validate_knowledge

    trial = PublishedChange(max((c.id for c in published), default=0) + 1, overrides_path(country), document)
    problems = validate_knowledge(knowledge_dir, [*published, trial])
    # Another country's broken overrides are not this publish's doing: the loader skips them anyway.
    others = [f"/overrides/{code}.yaml" for code in [*COUNTRIES, REGION] if code != country]
    problems = [p for p in problems if not any(other in p for other in others)]
    if problems:
        raise _cannot_publish(problems[0])


def _shipped_id(target: str, corrected: dict[str, str]) -> str:
    """Follow corrections of corrections back to the shipped fact they all replace."""
    seen: set[str] = set()
    while target in corrected and target not in seen:
        seen.add(target)
        target = corrected[target]
    return target


def _override_fact(knowledge: Any, country: str, proposal: Proposal, shipped_id: str) -> dict[str, Any]:
    original = knowledge.facts_by_id.get(shipped_id)
    fact: dict[str, Any] = {
        "id": review_id(country, proposal.id),
        "kind": original.kind if original else "context",
        "text": proposal.text,
    }
    if original is not None:
        fact["title"] = original.title or None
        fact["competencies"] = list(original.competencies)
        fact["replaces"] = getattr(original, "replaces", None) or original.id
    fact |= {
        "source_url": proposal.source_url,
        "as_of": proposal.proposed_at[:7],
        # Who checked it: the second reviewer (the proposer too, when four eyes is off).
        "reviewed_by": proposal.approved_by or proposal.proposed_by,
        "reviewed_at": (proposal.approved_at or proposal.proposed_at)[:10],
    }
    return {key: value for key, value in fact.items() if value is not None}
