"""What the command line says back: exit codes, one-line messages, JSON, files and a progress bar."""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from advisor.errors import BadInputError
from advisor.safe_text import clean_text

EXIT_OK, EXIT_PROBLEM, EXIT_BAD_INPUT = 0, 1, 2


def printable(message: object) -> str:
    """A message on one line, without control characters or undecodable bytes."""
    return clean_text(str(message))


def say(message: str) -> None:
    """One line on stderr."""
    print(printable(message), file=sys.stderr, flush=True)


def tolerate_any_output_encoding() -> None:
    """Never fail on output the terminal's encoding cannot show (PYTHONIOENCODING=ascii).

    Text that cannot be encoded is replaced; JSON stays lossless, see :func:`json_text`.
    """
    for stream, errors in ((sys.stdout, "replace"), (sys.stderr, "backslashreplace")):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError, AttributeError):
                reconfigure(errors=errors)


def _stdout_takes_unicode() -> bool:
    try:
        "ก€😀".encode(getattr(sys.stdout, "encoding", None) or "utf-8")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def json_text(value: object, indent: int | None = None) -> str:
    """JSON for stdout: UTF-8 text when stdout takes it, else ASCII escapes (still lossless)."""
    return json.dumps(value, ensure_ascii=not _stdout_takes_unicode(), indent=indent)


def silence_stdout() -> None:
    """Point stdout at the null device once its reader has gone away."""
    # Python flushes stdout at exit and would report the broken pipe again.
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def emit(document: bytes, output: Path | None, what: str) -> int:
    """Write ``document`` to ``output``, or to stdout when there is none."""
    if output is None:
        sys.stdout.buffer.write(document)
        sys.stdout.flush()
        return EXIT_OK
    try:
        output.write_bytes(document)
    except OSError as error:
        raise BadInputError(f"cannot write {output}: {error.strerror}") from error
    say(f"wrote {what} to {output}")
    return EXIT_OK


class ProgressBar:
    """A tqdm bar on stderr that appears only if work is reported."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.bar: Any = None

    def __enter__(self) -> Callable[[int, int], None]:
        return self.update

    def update(self, done: int, total: int) -> None:
        """Show ``done`` of ``total``; the first report draws the bar."""
        if self.bar is None:
            from tqdm import tqdm

            self.bar = tqdm(total=total, desc=self.label, unit="chunk", file=sys.stderr)
        self.bar.n = done
        self.bar.refresh()

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.close()
