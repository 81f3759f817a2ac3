"""Read ``knowledge/`` from disk, validate each file, and build a :class:`Knowledge`."""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from advisor.errors import BadInputError, KnowledgeError
from advisor.knowledge import integrity, provenance
from advisor.knowledge.actions import ActionsFile
from advisor.knowledge.model import Knowledge
from advisor.knowledge.parse_cache import CACHE_NAME, ParseCache
from advisor.knowledge.problems import schema_problems, yaml_problem
from advisor.knowledge.published import PublishedChange, canonical, overlay
from advisor.knowledge.schema import (
    CompetencyFile,
    ConsultationsFile,
    CountryFile,
    FrameworkFile,
    LabelsFile,
    OverridesFile,
    ResourcesFile,
    ReviewQuestionsFile,
    RolesFile,
    SituationsFile,
)
from advisor.knowledge.translations import TRANSLATION_FILE_MODELS

_log = logging.getLogger(__name__)

# No knowledge file comes near these (the largest is ~100 kB, ~8 levels deep); they stop a
# hostile or corrupted file from exhausting memory or the interpreter's recursion limit.
MAX_YAML_BYTES = 4 * 1024 * 1024
MAX_YAML_DEPTH = 50
# Brackets opened one after another: PyYAML's scanner looks ahead over them in quadratic time
# before the composer can count the depth, so a line of them is refused before parsing.
_OPENED_FLOWS = re.compile(rf"(?:[\[{{][ \t]*){{{MAX_YAML_DEPTH + 1}}}")

# Which model validates which files; a glob may match several files.
FILE_MODELS: list[tuple[str, type[BaseModel]]] = [
    ("framework.yaml", FrameworkFile),
    ("competencies/*.yaml", CompetencyFile),
    ("roles.yaml", RolesFile),
    ("countries/*.yaml", CountryFile),
    ("resources/*.yaml", ResourcesFile),
    ("consultations.yaml", ConsultationsFile),
    ("labels/*.yaml", LabelsFile),
    ("review/questions.yaml", ReviewQuestionsFile),
    ("situations/*.yaml", SituationsFile),
    ("actions/*.yaml", ActionsFile),
]

# Files that may be absent: reviewers' corrections appear as they are published, and a language
# may not be translated yet (`advisor validate` reports the coverage of each).
OPTIONAL_FILE_MODELS: list[tuple[str, type[BaseModel]]] = [
    ("overrides/*.yaml", OverridesFile),
    *TRANSLATION_FILE_MODELS,
]


@dataclass
class ParsedFiles:
    """Validated models by their path relative to the knowledge folder, plus the problems found."""

    models: dict[str, BaseModel]
    problems: list[str]


def knowledge_version(knowledge_dir: Path, published: Sequence[PublishedChange] = ()) -> str:
    """Content hash of the knowledge answers use, 12 hex digits.

    Every YAML file under ``knowledge_dir`` counts by its name and bytes; a file that published
    rows change counts by its name and the document with the rows laid over it. So the same
    files and the same published rows give the same version on every replica, and exporting the
    published rows into the files (``advisor review export-overrides``) does not change it.
    """
    digest = hashlib.sha256()
    changed = {change.path for change in published}
    on_disk = {path.relative_to(knowledge_dir).as_posix(): path for path in knowledge_dir.rglob("*.yaml")}
    for relative in sorted(on_disk.keys() | changed):
        digest.update(relative.encode())
        digest.update(b"\0")
        if relative not in changed:
            digest.update(on_disk[relative].read_bytes())
            continue
        raw = None
        if relative in on_disk:
            try:
                raw = read_yaml_bounded(on_disk[relative])
            except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError):
                raw = on_disk[relative].read_bytes().hex()  # still a key of what is there
        digest.update(b"published\0" + canonical(overlay(relative, raw, published)[0]))
    return digest.hexdigest()[:12]


def knowledge_fingerprint(knowledge_dir: Path) -> str:
    """A cheap key that changes whenever a YAML file is added, removed or rewritten.

    It reads only file names, sizes and modification times (well under a millisecond), so a
    running app can check it on every page run and reload when a correction is published.
    """
    digest = hashlib.sha256()
    for path in sorted(knowledge_dir.rglob("*.yaml")):
        try:
            stat = path.stat()
        except OSError:  # removed while we looked: the next run sees the new state
            continue
        digest.update(f"{path.relative_to(knowledge_dir).as_posix()}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


def validate_knowledge(knowledge_dir: Path, published: Sequence[PublishedChange] = ()) -> list[str]:
    """Check every knowledge file (with ``published`` rows laid over them) and the references between them.

    Returns:
        One line per problem, empty when the knowledge is clean.
    """
    parsed = _parse_files(knowledge_dir, published)
    if parsed.problems:
        return parsed.problems
    return integrity.check(parsed.models, _label(knowledge_dir))


def knowledge_warnings(knowledge_dir: Path) -> list[str]:
    """Things worth fixing that do not stop the knowledge loading (e.g. resources linking to news).

    Returns:
        One line per warning, prefixed like problems; empty when the files cannot be parsed.
    """
    parsed = _parse_files(knowledge_dir)
    if parsed.problems:
        return []
    label = _label(knowledge_dir)
    return [f"{label}/{line}" for line in provenance.warnings(parsed.models)]


def load_knowledge(
    knowledge_dir: Path, published: Sequence[PublishedChange] = (), cache_dir: Path | None = None
) -> Knowledge:
    """Load and validate ``knowledge_dir``, with the ``published`` reviewer rows laid over its files.

    Args:
        knowledge_dir: the YAML knowledge.
        published: the reviewers' published rows (``stores/published.py``), oldest first.
        cache_dir: a folder (the index's) for the parse cache of the files, keyed by their
            content hash (``knowledge/parse_cache.py``); ``None`` parses every file.

    Raises:
        KnowledgeError: with one line per problem when anything is wrong.
    """
    cache = ParseCache(cache_dir / CACHE_NAME if cache_dir is not None else None)
    parsed = _parse_files(knowledge_dir, published, cache)
    cache.save()
    label = _label(knowledge_dir)
    problems = parsed.problems or integrity.check(parsed.models, label)
    broken = _broken_overrides(problems, label)
    if problems and broken:
        # A reviewers' overrides file must never stop the app: load without it, and say so.
        models = {path: model for path, model in parsed.models.items() if path not in broken}
        remaining = [p for p in parsed.problems if not _names_override(p, label)]
        if not remaining and not integrity.check(models, label):
            parsed, skipped, problems = ParsedFiles(models, []), problems, []
            for problem in skipped:
                _log.warning("skipped a broken overrides file: %s", problem)
    if problems:
        raise KnowledgeError(problems)
    return integrity.assemble(parsed.models, knowledge_version(knowledge_dir, published))


def _names_override(problem: str, label: str) -> bool:
    return problem.startswith(f"{label}/overrides/")


def _broken_overrides(problems: list[str], label: str) -> set[str]:
    """Relative paths of overrides files that problems name."""
    prefix = f"{label}/"
    return {p.split(":", 1)[0].removeprefix(prefix) for p in problems if _names_override(p, label)}


def _label(knowledge_dir: Path) -> str:
    # Messages name files the way the user sees them: knowledge/roles.yaml.
    return knowledge_dir.name or str(knowledge_dir)


def _parse_files(
    knowledge_dir: Path, published: Sequence[PublishedChange] = (), cache: ParseCache | None = None
) -> ParsedFiles:
    try:
        found = knowledge_dir.is_dir()
    except (OSError, ValueError):  # a name too long, a NUL: no such folder either
        found = False
    if not found:
        return ParsedFiles({}, [f"{knowledge_dir}: knowledge folder not found"])
    models: dict[str, BaseModel] = {}
    problems: list[str] = []
    prefix = _label(knowledge_dir)
    changed = {change.path for change in published}
    for pattern, model in [*FILE_MODELS, *OPTIONAL_FILE_MODELS]:
        relatives = {path.relative_to(knowledge_dir).as_posix() for path in knowledge_dir.glob(pattern)}
        # A published overrides document counts even when no file was exported for it.
        relatives |= {path for path in changed if Path(path).match(pattern) and path.startswith("overrides/")}
        if not relatives and (pattern, model) in FILE_MODELS:
            problems.append(f"{prefix}/{pattern}: missing (see docs/knowledge-format.md)")
        for relative in sorted(relatives):
            shown = f"{prefix}/{relative}"
            path = knowledge_dir / relative
            raw: Any = None
            problem: str | None = None
            # A published overrides document replaces the file: the file on disk is only an export.
            if not (relative in changed and relative.startswith("overrides/")) and path.is_file():
                # The cached parse is never changed in place: the overlay below works on a copy.
                raw, problem = cache.read(path, relative, shown, _read_yaml) if cache else _read_yaml(path, shown)
            if problem:
                problems.append(problem)
                continue
            if relative in changed:
                raw, skipped = overlay(relative, raw, published)
                for line in skipped:
                    _log.warning("%s: skipped %s", shown, line)
                if not isinstance(raw, dict):
                    problems.append(f"{shown}: the published document is not a mapping of fields")
                    continue
            try:
                models[relative] = model.model_validate(raw)
            except ValidationError as error:
                problems.extend(schema_problems(shown, raw, error))
    return ParsedFiles(models, problems)


class YamlTooLargeError(ValueError):
    """A YAML file is bigger or more deeply nested than any knowledge file needs to be."""


# libyaml parses in C, about ten times faster than PyYAML's Python parser: the knowledge is
# read on every start, so this is most of the cold start.
_FAST_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_OPENS = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSES = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def _check_depth(text: str) -> None:
    """Refuse nesting deeper than :data:`MAX_YAML_DEPTH` before anything recursive sees it.

    PyYAML constructs nodes recursively: a file nested a few hundred levels deep would end in
    a ``RecursionError`` instead of a problem line. The event stream is flat, so counting
    opening and closing events is safe at any depth.
    """
    depth = 0
    for event in yaml.parse(text, Loader=_FAST_LOADER):
        if isinstance(event, _OPENS):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                line = event.start_mark.line + 1 if event.start_mark else "?"
                raise YamlTooLargeError(
                    f"line {line}: nested more than {MAX_YAML_DEPTH} levels deep; flatten the structure"
                )
        elif isinstance(event, _CLOSES):
            depth -= 1


def read_yaml_bounded(path: Path) -> Any:
    """Parse one YAML file safely, within :data:`MAX_YAML_BYTES` and :data:`MAX_YAML_DEPTH`.

    Args:
        path: the file (UTF-8).

    Returns:
        The parsed document.

    Raises:
        YamlTooLargeError: the file is too big or nested too deeply (the message is one line).
        yaml.YAMLError: it is not valid YAML.
        OSError, UnicodeDecodeError: it cannot be read as UTF-8 text.
    """
    size = path.stat().st_size
    if size > MAX_YAML_BYTES:
        raise YamlTooLargeError(f"{size:,} bytes; a YAML file may be at most {MAX_YAML_BYTES:,} bytes")
    with path.open(encoding="utf-8") as handle:
        text = handle.read(MAX_YAML_BYTES + 1)  # the file may have grown since stat()
    if len(text.encode("utf-8")) > MAX_YAML_BYTES:
        raise YamlTooLargeError(f"more than {MAX_YAML_BYTES:,} bytes; a YAML file may be at most that")
    if opened := _OPENED_FLOWS.search(text):
        line = text.count("\n", 0, opened.start()) + 1
        raise YamlTooLargeError(f"line {line}: nested more than {MAX_YAML_DEPTH} levels deep; flatten the structure")
    _check_depth(text)
    return yaml.load(text, Loader=_FAST_LOADER)  # a safe loader: plain data only


def read_yaml_input(path: Path, what: str) -> Any:
    """Parse a YAML file a user gave on the command line (a self-assessment, a gold set).

    Args:
        path: the file.
        what: how to name it in the message, e.g. ``"self-assessment"``.

    Raises:
        BadInputError: one line saying why the file cannot be used.
    """
    try:
        return read_yaml_bounded(path)
    except OSError as error:
        raise BadInputError(f"cannot read {what} {path}: {error.strerror or error}") from error
    except UnicodeDecodeError as error:
        raise BadInputError(f"{what} {path} is not UTF-8 text (byte {error.start}); save it as UTF-8") from error
    except YamlTooLargeError as error:
        raise BadInputError(f"{what} {path}: {error}") from error
    except yaml.YAMLError as error:
        raise BadInputError(yaml_problem(f"{what} {path}", error)) from error
    except ValueError as error:  # e.g. a NUL in the path
        raise BadInputError(f"cannot read {what} {path!r}: {error}") from error


def _read_yaml(path: Path, shown: str) -> tuple[Any, str | None]:
    try:
        raw = read_yaml_bounded(path)
    except YamlTooLargeError as error:
        return None, f"{shown}: {error}"
    except yaml.YAMLError as error:
        return None, yaml_problem(shown, error)
    except (OSError, UnicodeDecodeError) as error:
        return None, f"{shown}: cannot be read: {error}"
    if not isinstance(raw, dict):
        return None, f"{shown}: expected a mapping of fields at the top level"
    return raw, None
