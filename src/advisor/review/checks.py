"""Input checks of the review store: countries, texts, source URLs, and who may review which language."""

from __future__ import annotations

import re

from advisor.catalogue import COUNTRIES, REGION
from advisor.errors import BadInputError
from advisor.review.access import Reviewer
from advisor.review.refusals import ReviewInputError, ReviewRefusedError
from advisor.safe_text import clean_text

# Which translations a reviewer of a country may propose, approve and publish: the one table
# (docs/review.md). Singapore's reviewers also read English, which has no translation files.
TRANSLATION_REVIEW_LANGUAGES: dict[str, tuple[str, ...]] = {
    "TH": ("th",),
    "VN": ("vi",),
    "ID": ("id",),
    "MY": ("ms",),
    "BN": ("ms",),
    "SG": ("ms", "en"),
    "PH": ("fil",),
}
MAX_TEXT = 4000


def languages_of(reviewer: Reviewer) -> list[str]:
    """The languages whose translations ``reviewer`` may review, from their countries."""
    found = [code for country in sorted(reviewer.countries) for code in TRANSLATION_REVIEW_LANGUAGES.get(country, ())]
    return list(dict.fromkeys(found))


def require_language(reviewer: Reviewer, language: str) -> None:
    """Raise the ``wrong_language`` refusal unless one of ``reviewer``'s countries uses ``language``."""
    if language not in languages_of(reviewer):
        raise wrong_language(reviewer.name, sorted(reviewer.countries), language)


def wrong_language(name: str, countries: list[str], language: str) -> ReviewRefusedError:
    """The ``wrong_language`` refusal for reviewer ``name`` of ``countries``, who wanted ``language``."""
    allowed = ", ".join(dict.fromkeys(c for k in countries for c in TRANSLATION_REVIEW_LANGUAGES.get(k, ()))) or "none"
    return ReviewRefusedError(
        "wrong_language",
        f"{name} may review translations into {allowed}, not {language} (reviewers act on the languages of "
        "their countries)",
        name=name, allowed=allowed, wanted=language,
    )  # fmt: skip


def check_length(text: str) -> None:
    """Raise the ``too_long`` refusal when ``text`` has more than :data:`MAX_TEXT` characters."""
    if len(text) > MAX_TEXT:
        raise ReviewInputError(
            "too_long", f"the text has {len(text)} characters; at most {MAX_TEXT}", length=len(text), limit=MAX_TEXT
        )


# --- input validation at the entry of the store's public methods ---------------------------

# A source is a link a reviewer can follow, nothing else: https, a host name, and a path of
# URL characters without quotes, brackets, spaces or markup, so that it can never become a
# Markdown image or break out of a link or an attribute wherever it is shown.
_SOURCE_URL = re.compile(
    r"https://"
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z][A-Za-z0-9-]*"  # a domain: no IP, no user@
    r"(?::[0-9]{1,5})?"
    r"(?:[/?#][A-Za-z0-9\-._~/?#:@!$&*+,;=%]*)?"  # RFC 3986 characters minus ' ( ) [ ]
)
MAX_SOURCE_URL = 500


def check_source_url(url: str) -> None:
    """Accept only a plain ``https://`` URL: no spaces, quotes, brackets, angle brackets or markup.

    Raises:
        BadInputError: one line saying what a source must look like.
    """
    if len(url) > MAX_SOURCE_URL or not _SOURCE_URL.fullmatch(url):
        raise ReviewInputError(
            "bad_source",
            "the source must be a well-formed https:// address: a plain URL of at most 500 characters with "
            "no spaces, quotes, brackets or markup, e.g. https://www.example.go.th/report",
        )


def check_country(country: object) -> None:
    """Raise :class:`BadInputError` unless ``country`` is a country code of the catalogue or the region."""
    if not isinstance(country, str) or country not in {*COUNTRIES, REGION}:
        raise BadInputError(f"unknown country {country!r}; accepted: {', '.join([*COUNTRIES, REGION])}")


def checked_entry(
    country: object, item: object, action: object, knowledge_version: object, text: object, source_url: object
) -> tuple[str, str]:
    """Check the types and the country of one action; returns its text and source, cleaned."""
    check_country(country)
    for name, value in (("item", item), ("action", action), ("knowledge version", knowledge_version)):
        if not isinstance(value, str):
            raise BadInputError(f"the {name} must be text, not {type(value).__name__}")
    for name, value in (("text", text), ("source URL", source_url)):
        if value is not None and not isinstance(value, str):
            raise BadInputError(f"the {name} must be text, not {type(value).__name__}")
    return clean_text(str(text or ""), keep_newlines=True), clean_text(str(source_url or ""))
