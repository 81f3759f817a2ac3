"""Turn schema and YAML errors into one readable line each: file, entry, field, what is wrong."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import yaml
from pydantic import ValidationError

# How an entry of a list (or a key of a mapping) is named in a message.
_LIST_ENTRY = {
    "competencies": "competency",
    "roles": "role",
    "facts": "fact",
    "gaps": "gap",
    "resources": "resource",
    "events": "event",
    "insights": "insight",
    "domains": "domain",
    "crosswalk_frameworks": "crosswalk framework",
    "areas": "area",
    "sources": "source",
    "questions": "question",
    "corrections": "correction",
}
_MAPPING_ENTRY = {"targets": "target for", "labels": "label for", "levels": "level"}


def yaml_problem(file: str, error: yaml.YAMLError) -> str:
    """Describe a YAML syntax error with its line number."""
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    where = f"line {mark.line + 1}: " if mark is not None else ""
    reason = getattr(error, "problem", None) or str(error).splitlines()[0]
    return f"{file}: {where}not valid YAML: {reason}"


def schema_problems(file: str, raw: Any, error: ValidationError) -> list[str]:
    """Describe each schema error of ``raw`` (the parsed file) as one line."""
    lines = []
    for detail in error.errors():
        place = _describe_location(raw, detail["loc"])
        lines.append(": ".join([file, *place, _describe_error(detail)]))
    return lines


def _describe_location(raw: Any, loc: Sequence[int | str]) -> list[str]:
    parts: list[str] = []
    node = raw
    i = 0
    while i < len(loc):
        key = loc[i]
        child = node.get(key) if isinstance(node, dict) else None
        following = loc[i + 1] if i + 1 < len(loc) else None
        if isinstance(key, str) and isinstance(child, list) and isinstance(following, int):
            item = child[following] if following < len(child) else None
            parts.append(_name_list_entry(key, item, following))
            node, i = item, i + 2
        elif isinstance(key, str) and key in _MAPPING_ENTRY and isinstance(child, dict) and following is not None:
            parts.append(f"{_MAPPING_ENTRY[key]} '{following}'")
            node, i = child.get(following), i + 2
        else:
            parts.append(str(key))
            node, i = child, i + 1
    return parts


def _name_list_entry(key: str, item: Any, index: int) -> str:
    noun = _LIST_ENTRY.get(key, key)
    if isinstance(item, dict) and isinstance(item.get("id"), str | int):
        return f"{noun} '{item['id']}'"
    if isinstance(item, dict) and "level" in item:
        return f"{noun} {item['level']}"
    return f"{noun} #{index + 1}"


def _describe_error(detail: Any) -> str:
    kind = detail["type"]
    if kind == "missing":
        return "missing required field"
    if kind == "extra_forbidden":
        return "unknown field (see docs/knowledge-format.md for the accepted fields)"
    if kind == "literal_error":
        expected = detail.get("ctx", {}).get("expected", "")
        return f"unknown value {detail['input']!r}; accepted: {expected.replace(chr(39), '')}"
    message = str(detail["msg"])
    return message.removeprefix("Value error, ")
