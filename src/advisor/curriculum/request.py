"""Checking what a trainer asks for: roles, country, hours, session length and self-assessments.

Every refusal is a :class:`BadInputError` whose one-line message says what is wrong and what is
accepted; the CLI turns it into exit code 2, the pages into a warning.
"""

from __future__ import annotations

from typing import Any

import yaml

from advisor.catalogue import COMPETENCY_IDS, COUNTRIES, LANGUAGES, LEVELS, ROLES, accepted
from advisor.curriculum.model import DEFAULT_SESSION_HOURS, CurriculumRequest
from advisor.errors import BadInputError

MAX_HOURS = 1000.0
MAX_SESSION_HOURS = 8.0  # two sessions make a working day at most
MAX_RATINGS_BYTES = 20_000  # a self-assessment of 24 competencies is a few hundred bytes


def validate_request(
    roles: list[str] | tuple[str, ...] | str,
    country: str,
    hours: float = 40.0,
    language: str | None = None,
    level: int | None = None,
    current: dict[str, Any] | None = None,
    session_hours: float = DEFAULT_SESSION_HOURS,
    personal: bool = False,
) -> CurriculumRequest:
    """Check a curriculum request.

    Args:
        roles: role ids, as a list or a comma-separated string.
        country: a country code of the catalogue.
        hours: total hours, above 0 and at most :data:`MAX_HOURS`.
        language: language of delivery (default English).
        level: one target level (1-4) for every competency, or ``None`` for the roles' targets.
        current: competency id -> current level 1-4 (absent means not assessed).
        session_hours: length of a session, above 0 and at most :data:`MAX_SESSION_HOURS`.
        personal: a personal learning plan rather than a cohort's course.

    Returns:
        The checked request.

    Raises:
        BadInputError: naming what is wrong and what is accepted.
    """
    role_list = [r.strip() for r in (roles.split(",") if isinstance(roles, str) else roles) if r.strip()]
    if not role_list:
        raise BadInputError(f"give at least one role; accepted: {accepted(ROLES)}")
    for role in role_list:
        if role not in ROLES:
            raise BadInputError(f"unknown role {role!r}; accepted: {accepted(ROLES)}")
    if country not in COUNTRIES:
        raise BadInputError(f"unknown country {country!r}; accepted: {accepted(COUNTRIES)}")
    _check_number("hours", hours, MAX_HOURS)
    _check_number("session length", session_hours, MAX_SESSION_HOURS)
    if language is not None and language not in LANGUAGES:
        raise BadInputError(f"unknown language {language!r}; accepted: {accepted(LANGUAGES)}")
    if level is not None and (isinstance(level, bool) or level not in LEVELS):
        raise BadInputError(f"level {level!r} is not accepted; use 1, 2, 3 or 4")
    return CurriculumRequest(
        tuple(dict.fromkeys(role_list)),
        country,
        float(hours),
        language or "en",
        level,
        check_ratings(current or {}),
        float(session_hours),
        personal,
    )


def _check_number(name: str, value: object, maximum: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= maximum:
        shown = f"{value:g}" if isinstance(value, int | float) and not isinstance(value, bool) else repr(value)
        raise BadInputError(f"{name} {shown} is not accepted; give a number above 0 and at most {maximum:g}")


def check_ratings(current: dict[str, Any]) -> dict[str, int]:
    """Check a self-assessment: known competency ids, each with a level from 1 to 4.

    Raises:
        BadInputError: an unknown id or a level outside 1-4.
    """
    for cid, value in current.items():
        if cid not in COMPETENCY_IDS:
            raise BadInputError(f"self-assessment: unknown competency {cid!r}; accepted: {accepted(COMPETENCY_IDS)}")
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 4:
            raise BadInputError(
                f"self-assessment: {cid}: level {value!r} is not accepted; use 1 to 4 "
                "(leave a competency out when it is not assessed)"
            )
    return dict(current)


def ratings_from_document(data: Any, where: str = "self-assessment") -> dict[str, int]:
    """The checked ratings of a parsed self-assessment document.

    Accepts a mapping ``{DG1: 2, ...}`` or one with the mapping under ``current`` (the format
    :func:`ratings_to_yaml` writes).

    Raises:
        BadInputError: not a mapping, an unknown id or a level outside 1-4.
    """
    if isinstance(data, dict) and isinstance(data.get("current"), dict):
        data = data["current"]
    if not isinstance(data, dict):
        raise BadInputError(f"{where}: expected a mapping such as 'DG1: 2' (competency: level 1-4)")
    return check_ratings(data)


def ratings_from_bytes(content: bytes, name: str = "ratings file") -> dict[str, int]:
    """Read ratings a user uploaded (YAML text), refusing anything that is not a small self-assessment.

    Raises:
        BadInputError: one line saying why the file cannot be used.
    """
    if len(content) > MAX_RATINGS_BYTES:
        raise BadInputError(f"{name}: {len(content):,} bytes; a ratings file is at most {MAX_RATINGS_BYTES:,} bytes")
    try:
        text = content.decode("utf-8")
        data = yaml.safe_load(text)
    except UnicodeDecodeError as error:
        raise BadInputError(f"{name} is not UTF-8 text (byte {error.start}); save it as UTF-8") from error
    except yaml.YAMLError as error:
        raise BadInputError(f"{name} is not valid YAML; expected lines such as 'DG1: 2'") from error
    except RecursionError as error:
        raise BadInputError(f"{name} is nested too deeply; expected lines such as 'DG1: 2'") from error
    return ratings_from_document(data, name)


def ratings_to_yaml(ratings: dict[str, int], role: str) -> str:
    """Ratings as a YAML file the user keeps; :func:`ratings_from_bytes` and the CLI read it back."""
    lines = [
        "# Self-assessment for the Civil Servant 2.0 Competency Advisor (levels 1-4; absent = not assessed).",
        f"role: {role}",
        "current:",
    ]
    lines += [f"  {cid}: {ratings[cid]}" for cid in COMPETENCY_IDS if ratings.get(cid)]
    if not any(ratings.get(cid) for cid in COMPETENCY_IDS):
        lines[-1] = "current: {}"
    return "\n".join(lines) + "\n"
