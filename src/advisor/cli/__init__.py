"""The ``advisor`` command line: a thin layer over the library (shared/spec/interfaces.md).

Exit codes: 0 success; 1 a problem found (validate, eval thresholds, broken knowledge);
2 bad input or usage. Errors are one line on stderr, never a traceback.

The grammar is in :mod:`advisor.cli.parser`, what it prints in :mod:`advisor.cli.output`, and the
commands in one module per group: :mod:`~advisor.cli.ask`, :mod:`~advisor.cli.knowledge`,
:mod:`~advisor.cli.review` and :mod:`~advisor.cli.measure`.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

from advisor.cli.output import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    EXIT_PROBLEM,
    say,
    silence_stdout,
    tolerate_any_output_encoding,
)
from advisor.cli.parser import build_parser
from advisor.errors import AccessDeniedError, AdvisorError, BadInputError

__all__ = ["EXIT_BAD_INPUT", "EXIT_OK", "EXIT_PROBLEM", "build_parser", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code.

    Bad input of any kind (arguments, files, environment) ends with exit code 2 and one line
    on stderr; a bug ends with exit code 1 and one line, never a traceback.
    """
    tolerate_any_output_encoding()
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        arguments = _utf8_arguments(arguments)
        args = build_parser().parse_args(arguments)
        handler: Callable[[argparse.Namespace], int] = args.handler
        return handler(args)
    except (BadInputError, AccessDeniedError) as error:  # a refusal is the caller's to fix
        say(f"advisor: error: {error}")
        return EXIT_BAD_INPUT
    except AdvisorError as error:
        say(f"advisor: error: {error}")
        return EXIT_PROBLEM
    except KeyboardInterrupt:
        say("advisor: interrupted")
        return 130
    except BrokenPipeError:  # the reader went away (advisor ... | head): nothing left to say
        silence_stdout()
        return EXIT_PROBLEM
    except OSError as error:  # a path or folder given on the command line or in ADVISOR_*
        where = f" {str(error.filename)[:200]!r}" if error.filename else ""
        say(f"advisor: error: cannot use{where}: {error.strerror or error}")
        return EXIT_BAD_INPUT
    except Exception as error:  # a bug: say so in one line; details only on request
        if os.environ.get("ADVISOR_DEBUG"):
            raise
        say(f"advisor: internal error: {type(error).__name__}: {error} (set ADVISOR_DEBUG=1 for details)")
        return EXIT_PROBLEM


def _utf8_arguments(arguments: list[str]) -> list[str]:
    """The arguments as text; refuse any that was not UTF-8.

    Python hands over undecodable argv bytes as lone surrogates. Under a C locale even UTF-8
    arrives that way: those arguments are decoded again as UTF-8; the rest are refused.
    """
    decoded = []
    for n, argument in enumerate(arguments, start=1):
        if any("\ud800" <= char <= "\udfff" for char in argument):
            try:
                argument = os.fsencode(argument).decode("utf-8")
            except (UnicodeEncodeError, UnicodeDecodeError) as error:
                raise BadInputError(f"argument {n} is not valid UTF-8 text; give every argument in UTF-8") from error
        decoded.append(argument)
    return decoded
