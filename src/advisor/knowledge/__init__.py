"""Knowledge base: schema, loading and validation of the YAML files in ``knowledge/``."""

from advisor.knowledge.loader import (
    knowledge_fingerprint,
    knowledge_version,
    knowledge_warnings,
    load_knowledge,
    validate_knowledge,
)
from advisor.knowledge.model import Knowledge

__all__ = [
    "Knowledge",
    "knowledge_fingerprint",
    "knowledge_version",
    "knowledge_warnings",
    "load_knowledge",
    "validate_knowledge",
]
