"""Interface and answer-framing strings per language, from ``locales/<lang>.yaml``."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

LOCALES_DIR = Path(__file__).with_name("locales")
INTERFACE_LANGUAGES: tuple[str, ...] = ("en", "id", "ms", "th", "vi", "fil")
"""Languages in which every answer frame and interface string exists."""
LANGUAGE_ENDONYMS: dict[str, str] = {
    "en": "English",
    "id": "Bahasa Indonesia",
    "ms": "Bahasa Melayu",
    "th": "ภาษาไทย",
    "vi": "Tiếng Việt",
    "fil": "Filipino",
}
"""Each interface language by its own name, as its speakers look for it."""


@cache
def locale(language: str) -> dict[str, Any]:
    """The strings of ``language``; English for a language without a locale file."""
    code = language if language in INTERFACE_LANGUAGES else "en"
    # libyaml (C) when present: the locales are read on the first answer of every process.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return dict(yaml.load((LOCALES_DIR / f"{code}.yaml").read_text(encoding="utf-8"), Loader=loader))


def text(language: str, key: str, **values: object) -> str:
    """A string by dotted key (``answer.intro``), formatted; falls back to English."""
    for code in (language, "en"):
        node: Any = locale(code)
        for part in key.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        if isinstance(node, str):
            return node.format(**values)
    raise KeyError(f"no interface string {key!r}")


def role_name(language: str, role: str) -> str:
    """The role's short name in ``language``."""
    return str(locale(language)["roles"].get(role) or locale("en")["roles"][role])


def country_name(language: str, country: str) -> str:
    """The country's name in ``language``."""
    return str(locale(language)["countries"].get(country) or locale("en")["countries"][country])


def level_name(language: str, level: int) -> str:
    """The name of proficiency level 1-4 in ``language``."""
    return str(locale(language)["levels"][level])
