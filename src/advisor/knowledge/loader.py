"""Read ``knowledge/`` from disk, validate each file, and build a :class:`Knowledge`."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from advisor.errors import KnowledgeError
from advisor.knowledge import integrity
from advisor.knowledge.model import Knowledge
from advisor.knowledge.problems import schema_problems, yaml_problem
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
)

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
]
# Files that may be absent: reviewers' approved corrections appear as they are published.
OPTIONAL_FILE_MODELS: list[tuple[str, type[BaseModel]]] = [("overrides/*.yaml", OverridesFile)]


@dataclass
class ParsedFiles:
    """Validated models by their path relative to the knowledge folder, plus the problems found."""

    models: dict[str, BaseModel]
    problems: list[str]


def knowledge_version(knowledge_dir: Path) -> str:
    """Content hash of every YAML file under ``knowledge_dir`` (names and bytes), 12 hex digits."""
    digest = hashlib.sha256()
    for path in sorted(knowledge_dir.rglob("*.yaml")):
        digest.update(path.relative_to(knowledge_dir).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def validate_knowledge(knowledge_dir: Path) -> list[str]:
    """Check every knowledge file and the references between them.

    Returns:
        One line per problem, empty when the knowledge is clean.
    """
    parsed = _parse_files(knowledge_dir)
    if parsed.problems:
        return parsed.problems
    return integrity.check(parsed.models, _label(knowledge_dir))


def load_knowledge(knowledge_dir: Path) -> Knowledge:
    """Load and validate ``knowledge_dir``.

    Raises:
        KnowledgeError: with one line per problem when anything is wrong.
    """
    parsed = _parse_files(knowledge_dir)
    problems = parsed.problems or integrity.check(parsed.models, _label(knowledge_dir))
    if problems:
        raise KnowledgeError(problems)
    return integrity.assemble(parsed.models, knowledge_version(knowledge_dir))


def _label(knowledge_dir: Path) -> str:
    # Messages name files the way the user sees them: knowledge/roles.yaml.
    return knowledge_dir.name or str(knowledge_dir)


def _parse_files(knowledge_dir: Path) -> ParsedFiles:
    if not knowledge_dir.is_dir():
        return ParsedFiles({}, [f"{knowledge_dir}: knowledge folder not found"])
    models: dict[str, BaseModel] = {}
    problems: list[str] = []
    prefix = _label(knowledge_dir)
    for pattern, model in [*FILE_MODELS, *OPTIONAL_FILE_MODELS]:
        paths = sorted(knowledge_dir.glob(pattern))
        if not paths and (pattern, model) in FILE_MODELS:
            problems.append(f"{prefix}/{pattern}: missing (see docs/knowledge-format.md)")
        for path in paths:
            relative = path.relative_to(knowledge_dir).as_posix()
            shown = f"{prefix}/{relative}"
            raw, problem = _read_yaml(path, shown)
            if problem:
                problems.append(problem)
                continue
            try:
                models[relative] = model.model_validate(raw)
            except ValidationError as error:
                problems.extend(schema_problems(shown, raw, error))
    return ParsedFiles(models, problems)


def _read_yaml(path: Path, shown: str) -> tuple[Any, str | None]:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        return None, yaml_problem(shown, error)
    except (OSError, UnicodeDecodeError) as error:
        return None, f"{shown}: cannot be read: {error}"
    if not isinstance(raw, dict):
        return None, f"{shown}: expected a mapping of fields at the top level"
    return raw, None
