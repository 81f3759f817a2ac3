"""Why a review action was refused: one English line for the CLI, and a key for the page's language.

Every refusal the review library raises carries a ``key`` (``ui.refused_<key>`` in the locales)
and the values its message needs, so the Review page can say it in the reviewer's interface
language while the command line and logs keep the English line.
"""

from __future__ import annotations

from advisor import i18n
from advisor.errors import AccessDeniedError, BadInputError


class ReviewRefusedError(AccessDeniedError):
    """The reviewer may not do this (wrong country, own proposal, wrong passphrase...)."""

    def __init__(self, key: str, message: str, **values: object) -> None:
        """Keep the English ``message``, the locale ``key`` and the ``values`` it needs."""
        super().__init__(message)
        self.key = key
        self.values = values


class ReviewInputError(BadInputError):
    """What the reviewer gave is not accepted (no text, no source, unknown id...)."""

    def __init__(self, key: str, message: str, **values: object) -> None:
        """Keep the English ``message``, the locale ``key`` and the ``values`` it needs."""
        super().__init__(message)
        self.key = key
        self.values = values


def message_in(lang: str, error: Exception) -> str:
    """The refusal in the interface language ``lang``; the English line when it has no key."""
    key = getattr(error, "key", None)
    if key:
        values = dict(getattr(error, "values", {}))
        try:
            if "status" in values:  # a status code, said in the interface language too
                values["status"] = i18n.text(lang, f"ui.status_{values['status']}")
            return i18n.text(lang, f"ui.refused_{key}", **values)
        except (KeyError, IndexError):  # a key without a string: the English line is still right
            pass
    return str(error)
