"""Exceptions users can cause, each with a message that says what to do."""

from __future__ import annotations


class AdvisorError(Exception):
    """Base class for every error the advisor reports to a user in one line."""


class BadInputError(AdvisorError, ValueError):
    """The user's input is not accepted: the message says what is wrong and what is accepted."""


class KnowledgeError(AdvisorError):
    """The knowledge files have problems; ``problems`` holds one line per problem."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        first = problems[0] if problems else "unknown problem"
        more = f" (and {len(problems) - 1} more; run 'advisor validate')" if len(problems) > 1 else ""
        super().__init__(f"knowledge is invalid: {first}{more}")


class IndexUnavailableError(AdvisorError):
    """The vector index is missing, stale or unreadable and could not be rebuilt."""


class AccessDeniedError(AdvisorError):
    """The user may not do this: not signed in as a reviewer, or not a reviewer for this country."""
