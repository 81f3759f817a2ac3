"""The knowledge files of what is published: export from the database, import to bootstrap it.

The database is the source of truth (:mod:`advisor.stores.published`). ``advisor review
export-overrides`` writes ``overrides/<CC>.yaml`` and the patched translation files from it,
for a Git history or an offline copy; ``advisor review import-overrides`` puts the overrides
files of a folder into the database once (a deployment that published to files before).
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from advisor.catalogue import COUNTRIES, REGION
from advisor.config import usable_folder
from advisor.errors import BadInputError
from advisor.knowledge.loader import read_yaml_input
from advisor.knowledge.published import PublishedChange, canonical, overlay
from advisor.review.corrections import HEADER, remove_leftovers
from advisor.review.translations import _Dumper, _write_atomically
from advisor.stores.published import PublishedStore, add_in

IMPORTED_BY = "import-overrides"


def export_published(store: PublishedStore, knowledge_dir: Path, out_dir: Path) -> list[Path]:
    """Write every file that published rows change into ``out_dir`` (same layout as ``knowledge/``).

    Overrides are the newest document of each country; translation files are the files of
    ``knowledge_dir`` with the published patches applied. Each file is replaced atomically.

    Returns:
        The files written, in path order.

    Raises:
        BadInputError: ``out_dir`` cannot be used as a folder.
        StoreUnavailableError: the database cannot be reached.
    """
    changes = store.changes()
    written: list[Path] = []
    for relative in sorted({change.path for change in changes}):
        target = out_dir / relative
        usable_folder(target.parent, "--dir")
        remove_leftovers(target.parent)
        if relative.startswith("overrides/"):
            document, _ = overlay(relative, None, changes)
            text = HEADER + yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
        else:
            source = knowledge_dir / relative
            base = read_yaml_input(source, "translation file") if source.is_file() else None
            document, _ = overlay(relative, base, changes)
            if document is None:
                continue  # the language's file is gone: nothing to write the patches into
            text = yaml.dump(document, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1_000_000)
        _write_atomically(target, text)
        written.append(target)
    return written


def import_overrides(store: PublishedStore, knowledge_dir: Path, published_by: str = IMPORTED_BY) -> list[str]:
    """Put the ``overrides/<CC>.yaml`` files of ``knowledge_dir`` into the database; idempotent.

    A file whose document equals the newest published document of its country is skipped, so
    a second run imports nothing. All files are checked first (the whole knowledge must load
    with them laid over it); nothing is imported unless all pass.

    Returns:
        The countries imported.

    Raises:
        BadInputError: one line naming the file that cannot be imported and why.
    """
    folder = knowledge_dir / "overrides"
    if not knowledge_dir.is_dir():
        raise BadInputError(f"{knowledge_dir} is not a knowledge folder; pass the folder that holds overrides/")
    current = store.changes()
    newest = {change.path: change.document for change in current if change.replaces_file}
    pending: list[PublishedChange] = []
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        if path.stem not in {*COUNTRIES, REGION}:
            raise BadInputError(
                f"{path}: not a country's overrides file; accepted names: <CC>.yaml with CC one of "
                f"{', '.join([*COUNTRIES, REGION])}"
            )
        document = read_yaml_input(path, "overrides file")
        if not isinstance(document, dict):
            raise BadInputError(f"{path}: expected a mapping of fields (country, facts) at the top level")
        document = json.loads(canonical(document))  # as the database keeps it: dates as text
        relative = f"overrides/{path.name}"
        if newest.get(relative) == document:
            continue
        pending.append(PublishedChange(len(current) + len(pending) + 10**12, relative, document))
    if pending:
        from advisor.knowledge import validate_knowledge

        problems = validate_knowledge(knowledge_dir, [*current, *pending])
        if problems:
            raise BadInputError(f"cannot import the overrides: {problems[0]}")
        with store.database.write() as connection:
            for change in pending:
                add_in(connection, change.path, change.document, published_by)
    return [Path(change.path).stem for change in pending]
