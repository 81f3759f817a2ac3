"""Parsed knowledge files, cached by each file's content hash, so a start skips the YAML parser.

Parsing about sixty YAML files (and checking their depth) was most of ``Advisor.load()``. The
cache holds only what the parser returned for each file, keyed by the SHA-256 of its bytes:
validation, integrity checks and anything layered on top (reviewers' overrides, a database of
published corrections) still run on every load, so a cached start and a fresh one build the
same knowledge. A file whose bytes changed is parsed again; a file that failed to parse is
never cached, so its problem is reported every time.

The cache lives next to the index (``<index>/knowledge-parse.pickle``), is replaced atomically
(written to a temporary file, then renamed), and is read with an unpickler that accepts plain
data and dates only, so a tampered file cannot run code. A missing, corrupt or foreign cache
is ignored and rewritten.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

CACHE_NAME = "knowledge-parse.pickle"
_FORMAT = f"advisor-parse-cache/1 pyyaml/{yaml.__version__}"
_ALLOWED = {("datetime", "date"), ("datetime", "datetime"), ("datetime", "time"), ("datetime", "timedelta")}

Parse = Callable[[Path, str], tuple[Any, "str | None"]]


class _PlainUnpickler(pickle.Unpickler):
    """Unpickles plain data and the date types YAML produces; refuses any other class."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _ALLOWED:
            return getattr(dt, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not plain data")


class ParseCache:
    """Parsed YAML by relative path and content hash, read once and written back when it grew."""

    def __init__(self, path: Path | None) -> None:
        """Open the cache file at ``path`` (``None``: cache nothing)."""
        self.path = path
        self._entries: dict[str, tuple[str, Any]] = self._read() if path else {}
        self._seen: set[str] = set()
        self._dirty = False

    def _read(self) -> dict[str, tuple[str, Any]]:
        assert self.path is not None
        try:
            data = _PlainUnpickler(io.BytesIO(self.path.read_bytes())).load()
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, IndexError):
            return {}  # missing or unreadable: parse afresh and rewrite it
        if not isinstance(data, dict) or data.get("format") != _FORMAT or not isinstance(data.get("files"), dict):
            return {}
        return data["files"]

    def read(self, path: Path, relative: str, shown: str, parse: Parse) -> tuple[Any, str | None]:
        """The parsed content of ``path``, from the cache when its bytes are unchanged.

        Args:
            path: the YAML file.
            relative: its path relative to the knowledge folder (the cache key).
            shown: how problems name the file.
            parse: the parser to use on a miss; returns (content, problem).
        """
        self._seen.add(relative)
        if self.path is None:
            return parse(path, shown)
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            return parse(path, shown)  # the parser reports why it cannot be read
        cached = self._entries.get(relative)
        if cached is not None and cached[0] == digest:
            return cached[1], None
        raw, problem = parse(path, shown)
        if problem is None:
            self._entries[relative] = (digest, raw)
            self._dirty = True
        return raw, problem

    def save(self) -> None:
        """Write the cache back, atomically, when a file was parsed afresh or has gone."""
        if self.path is None:
            return
        gone = set(self._entries) - self._seen
        for relative in gone:
            del self._entries[relative]
        if not (self._dirty or gone):
            return
        payload = pickle.dumps({"format": _FORMAT, "files": self._entries}, protocol=pickle.HIGHEST_PROTOCOL)
        temporary = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=".parse-", dir=self.path.parent)
            with os.fdopen(handle, "wb") as out:
                out.write(payload)
            os.replace(temporary, self.path)
        except OSError:
            # A read-only index folder: the next start parses again, nothing breaks.
            if temporary is not None:
                Path(temporary).unlink(missing_ok=True)
