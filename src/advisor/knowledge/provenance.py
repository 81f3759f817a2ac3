"""Checks on where the knowledge comes from and how fresh it is: dates, framework claims, weak sources.

The list of weak source domains lives here, in :data:`WEAK_SOURCE_DOMAINS`, and nowhere else
(docs/knowledge-format.md points to it). Every check yields one line per problem, naming the file
(relative to the knowledge folder), the entry and the field.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from pydantic import BaseModel

from advisor.knowledge.schema import (
    CompetencyFile,
    ConsultationsFile,
    CountryFile,
    FrameworkFile,
    LabelsFile,
    OverrideFact,
    OverridesFile,
    ResourcesFile,
    RolesFile,
    Source,
)

# Domains whose pages are copies, uploads or commentary rather than the publisher's own page.
# A URL on one of them (or on a subdomain) must be replaced by the original, official page, or
# kept with the reason given: ``note`` on a source, ``source_note`` on a fact, resource, event
# or insight. Keys are registrable domains; values say what kind of site it is.
WEAK_SOURCE_DOMAINS: dict[str, str] = {
    # unofficial mirrors of other organisations' pages
    "allwall.xyz": "unofficial mirror of UNESCO pages",
    "hindi-lyrics.com": "unofficial mirror of UNESCO articles",
    "pages.dev": "free static-site host, used for copies of other sites",
    "uristinfo.net": "unofficial copy of legal texts",
    "xtra.net": "unofficial copy of legal texts",
    "minorityforum.info": "third-party archive of uploaded documents",
    "wikisource.org": "volunteer transcription whose source is not verified",
    # document re-upload and sharing sites
    "scribd.com": "document-sharing site with user uploads",
    "issuu.com": "document-sharing site with user uploads",
    "fliphtml5.com": "document-sharing site with user uploads",
    "pubhtml5.com": "document-sharing site with user uploads",
    "slideshare.net": "document-sharing site with user uploads",
    "pdfslide.net": "document re-upload site",
    "pdfslide.us": "document re-upload site",
    "vdocument.in": "document re-upload site",
    "vdocuments.net": "document re-upload site",
    "vdocuments.mx": "document re-upload site",
    "documents.pub": "document re-upload site",
    "docslib.org": "document re-upload site",
    "dokumen.tips": "document re-upload site",
    "fdocuments.net": "document re-upload site",
    "fdocuments.us": "document re-upload site",
    "pdfcoffee.com": "document re-upload site",
    "123dok.org": "document re-upload site",
    "studylib.net": "document re-upload site",
    "readkong.com": "document re-upload site",
    # blogs, aggregators and personal sites
    "wordpress.com": "personal blog host",
    "blogspot.com": "personal blog host",
    "medium.com": "blog platform",
    "substack.com": "newsletter and blog platform",
    "aigl.blog": "third-party blog summarising documents",
    "globalainews.tech": "AI news aggregator republishing other organisations' articles",
    "bnnbreaking.com": "news aggregator with undated, unattributed articles",
    "ictlogy.net": "personal research blog and bibliography",
    "grokipedia.com": "AI-generated encyclopedia",
}


# News sites: a story about a course is fine as the *source* of a fact, but the link a learner
# follows (a resource's ``url``) should be the provider's own page for the course or programme.
# ``advisor validate`` warns (without failing) on every resource whose url is on one of them,
# and the curriculum marks such links as news reports. Keys are registrable domains.
NEWS_DOMAINS: dict[str, str] = {
    "antaranews.com": "Indonesian news agency",
    "grid.id": "Indonesian news and magazine network (infokomputer)",
    "kompas.com": "Indonesian newspaper",
    "tribunnews.com": "Indonesian news site",
    "wahananews.co": "Indonesian news site",
    "rm.id": "Indonesian news site (Rakyat Merdeka)",
    "thejakartapost.com": "Indonesian newspaper",
    "jakartaglobe.id": "Indonesian news site",
    "govinsider.asia": "public-sector news magazine",
    "channelnewsasia.com": "Singaporean broadcaster's news site",
    "straitstimes.com": "Singaporean newspaper",
    "psnews.com.au": "public-sector news site",
    "twentytwo13.my": "Malaysian news site",
    "malaymail.com": "Malaysian news site",
    "thestar.com.my": "Malaysian newspaper",
    "bernama.com": "Malaysian news agency",
    "smartinvestor.com.my": "Malaysian business news site",
    "mb.com.ph": "Philippine newspaper (Manila Bulletin)",
    "inquirer.net": "Philippine newspaper",
    "philstar.com": "Philippine newspaper",
    "vietnamnet.vn": "Vietnamese news site",
    "vnexpress.net": "Vietnamese news site",
    "vtv.vn": "Vietnamese broadcaster's news site",
    "cambodianess.com": "Cambodian news site",
    "phnompenhpost.com": "Cambodian newspaper",
    "khmertimeskh.com": "Cambodian newspaper",
    "laotiantimes.com": "Lao news site",
    "bangkokpost.com": "Thai newspaper",
    "nationthailand.com": "Thai newspaper",
    "amarintv.com": "Thai broadcaster's news site",
    "thailandrecorder.com": "Thai news site",
    "eacnews.asia": "Cambodian news site",
    "dataguidance.com": "legal news and analysis service",
    "bnnbreaking.com": "news aggregator",
}


def news_domain(url: str) -> str | None:
    """The news site ``url`` belongs to (itself or as a subdomain), or ``None``."""
    return _domain_in(url, NEWS_DOMAINS)


def warnings(models: dict[str, BaseModel]) -> Iterator[str]:
    """One line per resource whose url is a news story rather than the provider's own page.

    These are warnings, not problems: the knowledge still loads. A resource whose provider
    page could not be found keeps the story, says so in ``source_note``, and the curriculum
    shows its link as a news report.
    """
    for path, model in models.items():
        if not isinstance(model, ResourcesFile):
            continue
        for resource in model.resources:
            domain = news_domain(resource.url)
            if domain:
                kept = " (kept: see source_note)" if resource.source_note else ""
                yield (
                    f"{path}: resource '{resource.id}': url: {domain} is a news site ({NEWS_DOMAINS[domain]}); "
                    f"link the provider's own page for the course and keep the story as checked_source{kept}"
                )


def weak_domain(url: str) -> str | None:
    """The weak domain ``url`` belongs to (itself or as a subdomain), or ``None``."""
    return _domain_in(url, WEAK_SOURCE_DOMAINS)


def _domain_in(url: str, domains: dict[str, str]) -> str | None:
    host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
    return next((d for d in domains if host == d or host.endswith("." + d)), None)


def current_month() -> str:
    """This month as ``YYYY-MM``; ``checked`` may not be later."""
    return date.today().strftime("%Y-%m")


def check(models: dict[str, BaseModel]) -> Iterator[str]:
    """One line per problem with dates, ``framework`` claims or weak sources in ``models``."""
    month = current_month()
    for path, model in models.items():
        for entry in _entries(model):
            where = f"{path}: {entry.name}"
            yield from _dates(where, entry, month)
            yield from _framework_claim(where, entry)
            yield from _weak_sources(where, entry)


@dataclass(frozen=True)
class _Entry:
    """One entry of a file, as the checks see it."""

    name: str  # how messages name it: "fact 'th-dga'"
    item: BaseModel
    sources: tuple[Source, ...] = ()
    urls: tuple[str, ...] = ()  # fields holding the entry's own URL: source_url, url, checked_source


def _entries(model: BaseModel) -> Iterator[_Entry]:
    if isinstance(model, FrameworkFile):
        yield _Entry("framework", model.framework, tuple(model.framework.sources))
        yield from (_Entry(f"fact '{f.id}'", f, tuple(f.sources)) for f in model.facts)
        yield from (_Entry(f"domain '{d.id}'", d, tuple(d.sources)) for d in model.domains)
        yield from (_Entry(f"crosswalk framework '{c.id}'", c, tuple(c.sources)) for c in model.crosswalk_frameworks)
    elif isinstance(model, CompetencyFile):
        yield from (_Entry(f"competency '{c.id}'", c, tuple(c.sources)) for c in model.competencies)
    elif isinstance(model, RolesFile):
        yield from (_Entry(f"role '{r.id}'", r, tuple(r.sources)) for r in model.roles)
    elif isinstance(model, LabelsFile):
        yield _Entry("labels", model, tuple(model.sources))
    elif isinstance(model, CountryFile):
        yield from (_Entry(f"fact '{f.id}'", f, urls=("source_url",)) for f in model.facts)
        yield from (_Entry(f"gap #{i} '{g.kind}'", g) for i, g in enumerate(model.gaps, start=1))
    elif isinstance(model, OverridesFile):
        # Reviewers' corrections get the date checks only: the review page has no field in which to
        # explain a weak source, and the reviewer's signed approval is the check on it.
        yield from (_Entry(f"fact '{f.id}'", f) for f in model.facts)
    elif isinstance(model, ResourcesFile):
        yield from (_Entry(f"resource '{r.id}'", r, urls=("url", "checked_source")) for r in model.resources)
    elif isinstance(model, ConsultationsFile):
        yield from (_Entry(f"event '{e.id}'", e, urls=("source_url",)) for e in model.events)
        yield from (_Entry(f"insight '{i.id}'", i, urls=("source_url",)) for i in model.insights)


def _dates(where: str, entry: _Entry, month: str) -> Iterator[str]:
    item = entry.item
    checked = getattr(item, "checked", None)
    if checked is None and isinstance(item, OverrideFact):
        checked = item.reviewed_at[:7]  # a reviewer's approval is the check
    if checked and checked > month:
        yield f"{where}: checked: {checked} is in the future (this month is {month})"
    as_of = getattr(item, "as_of", None)
    if as_of and checked and as_of > checked:
        yield (
            f"{where}: as_of: {as_of} is after checked {checked}; as_of is the month the source "
            "states the fact for, checked the month it was last verified"
        )
    if getattr(item, "undated", False) and not getattr(item, "note", None):
        yield f"{where}: undated: the source shows no date; say in note how as_of was set"


def _framework_claim(where: str, entry: _Entry) -> Iterator[str]:
    if getattr(entry.item, "provenance", None) != "framework":
        return
    if not any(source.names_competency for source in entry.sources):
        yield (
            f"{where}: provenance: 'framework' needs a source with names_competency: true "
            "(one that names it as part of the framework); otherwise use 'synthesis'"
        )


def _weak_sources(where: str, entry: _Entry) -> Iterator[str]:
    for number, source in enumerate(entry.sources, start=1):
        domain = weak_domain(source.url)
        if domain and not source.note:
            yield (
                f"{where}: source #{number}: url: {_explain(domain)}; cite the original or official page, "
                "or keep it and say why in the source's note"
            )
    if entry.urls and not getattr(entry.item, "source_note", None):
        for field in _weak_fields(entry.item, entry.urls):
            domain = weak_domain(getattr(entry.item, field))
            yield (
                f"{where}: {field}: {_explain(domain or '')}; cite the original or official page, "
                "or keep it and say why in source_note"
            )


def _weak_fields(item: BaseModel, fields: Iterable[str]) -> list[str]:
    return [field for field in fields if weak_domain(str(getattr(item, field, "")))]


def _explain(domain: str) -> str:
    return f"{domain} is on the weak-source list ({WEAK_SOURCE_DOMAINS[domain]})"
