"""Civil Servant 2.0 Competency Advisor: contextual guidance on digital and AI competencies.

The public API is small: ``Advisor.load()`` then ``Advisor.ask()``, which returns an
:class:`Answer`. Heavy dependencies load on first use, so importing this package is fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from advisor.errors import AdvisorError, BadInputError, KnowledgeError

if TYPE_CHECKING:
    from advisor.answer import Answer
    from advisor.api import Advisor

__all__ = ["Advisor", "AdvisorError", "Answer", "BadInputError", "KnowledgeError"]


def __getattr__(name: str) -> Any:
    # Lazy: `import advisor` must not pull in torch or faiss.
    if name == "Advisor":
        from advisor.api import Advisor

        return Advisor
    if name == "Answer":
        from advisor.answer import Answer

        return Answer
    raise AttributeError(f"module 'advisor' has no attribute {name!r}")
