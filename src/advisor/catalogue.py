"""The stable identifiers of the competency catalogue (shared/spec/catalogue.md): a contract."""

from __future__ import annotations

from collections.abc import Iterable

DOMAINS: dict[str, str] = {
    "PD": "Digital planning and design",
    "DG": "Data use and governance",
    "ME": "Digital management and execution",
    "AT": "Cross-cutting attitudes and mindsets",
}

COMPETENCY_IDS: tuple[str, ...] = (
    *(f"PD{n}" for n in range(1, 7)),
    *(f"DG{n}" for n in range(1, 7)),
    *(f"ME{n}" for n in range(1, 8)),
    *(f"AT{n}" for n in range(1, 6)),
)

LEVELS: dict[int, str] = {1: "Foundation", 2: "Intermediate", 3: "Advanced", 4: "Expert"}

ROLES: dict[str, str] = {
    "executive": "Senior executive, head of agency, chief information/digital officer",
    "policy-maker": "Policy officer or policymaker drafting policy and regulation",
    "digital-unit": "Officer in a digital unit or ICT ministry",
    "data-specialist": "Data, statistics or analytics officer",
    "it-specialist": "IT and cybersecurity specialist",
    "service-delivery": "Frontline public-service officer",
    "procurement": "Procurement and contract officer",
    "hr-learning": "HR, learning-and-development officer or trainer",
    "regulator": "Regulator or legal officer",
    "local-government": "Provincial, district or municipal officer",
}

COUNTRIES: dict[str, str] = {
    "BN": "Brunei Darussalam",
    "KH": "Cambodia",
    "ID": "Indonesia",
    "LA": "Lao PDR",
    "MY": "Malaysia",
    "MM": "Myanmar",
    "PH": "Philippines",
    "SG": "Singapore",
    "TH": "Thailand",
    "TL": "Timor-Leste",
    "VN": "Viet Nam",
}

REGION = "ASEAN"
"""Pseudo-country for region-wide items."""

LANGUAGES: dict[str, str] = {
    "en": "English",
    "id": "Indonesian",
    "ms": "Malay",
    "th": "Thai",
    "vi": "Vietnamese",
    "fil": "Filipino",
    "km": "Khmer",
    "lo": "Lao",
    "my": "Burmese",
    "tet": "Tetum",
    "pt": "Portuguese",
    "zh": "Chinese",
    "ta": "Tamil",
}

PROVENANCES: tuple[str, ...] = ("framework", "consultation", "synthesis", "secondary source")

LABEL_LANGUAGES_REQUIRED: tuple[str, ...] = ("id", "ms", "th", "vi", "fil")
"""Languages in which every competency must have a title and search aliases."""


def domain_of(competency_id: str) -> str:
    """Return the domain id (``PD``, ``DG``, ``ME`` or ``AT``) of a competency id."""
    return competency_id[:2]


def accepted(values: Iterable[object]) -> str:
    """Format the accepted values of a catalogue list for an error message."""
    return ", ".join(str(v) for v in values)
