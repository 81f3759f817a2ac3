"""The answering commands: ``ask`` (one question or a JSON Lines batch) and ``curriculum``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from advisor.cli.output import EXIT_OK, ProgressBar, emit, json_text
from advisor.errors import BadInputError


def ask_command(args: argparse.Namespace) -> int:
    """``advisor ask``: answer one question, or every line of ``--batch FILE`` as JSON Lines."""
    if args.batch:
        if args.question:
            raise BadInputError("give either a question or --batch FILE, not both")
        lines = _read_batch(args.batch)
        advisor = load_advisor()
        for line in lines:
            if isinstance(line, str) and not line.strip():
                continue
            print(json_text(_answer_line(advisor, line)), flush=True)
        return EXIT_OK
    missing = [name for name in ("role", "country") if not getattr(args, name)]
    if not args.question or missing:
        what = "a question" if not args.question else " and ".join(f"--{m}" for m in missing)
        raise BadInputError(f'ask needs {what}: advisor ask "QUESTION" --role ROLE --country CC')
    from advisor.api import validate_request

    top_k = args.top_k if args.top_k is not None else 5
    validate_request(args.question, args.role, args.country, args.level, args.lang, top_k)
    answer = load_advisor().ask(args.question, args.role, args.country, args.level, args.lang, top_k)
    if args.json:
        print(json_text(answer.to_dict(), indent=2))
    else:
        print(answer.answer)
        if answer.out_of_scope and answer.suggestions:
            from advisor import i18n

            prompt = i18n.text(answer.query.interface_language, "answer.out_of_scope_suggestions")
            print("\n" + "\n".join([prompt, *(f"- {line}" for line in answer.suggestions)]))
    return EXIT_OK


def _read_batch(path: str) -> list[str | bytes]:
    """The lines of a batch: text, or the raw bytes of a line that is not UTF-8 (answered with an error)."""
    try:
        if path == "-":
            stdin = sys.stdin.buffer if hasattr(sys.stdin, "buffer") else None
            data = stdin.read() if stdin is not None else sys.stdin.read().encode("utf-8", "surrogateescape")
        else:
            data = Path(path).read_bytes()
    except (OSError, ValueError) as error:
        raise BadInputError(f"cannot read batch file {path!r}: {getattr(error, 'strerror', None) or error}") from error
    lines: list[str | bytes] = []
    for raw in data.splitlines():
        try:
            lines.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            lines.append(raw)
    return lines


def _answer_line(advisor: Any, line: str | bytes) -> dict[str, Any]:
    """Answer one JSON Lines input; a bad line yields ``{"error": ...}`` and the batch goes on."""
    if isinstance(line, bytes):
        return {"error": "line is not UTF-8 text: expected a JSON object with question, role, country"}
    try:
        item = json.loads(line)
    except (ValueError, RecursionError):
        return {"error": "line is not valid JSON: expected an object with question, role, country"}
    if not isinstance(item, dict):
        return {"error": "line is not a JSON object: expected question, role, country"}
    allowed = {"question", "role", "country", "level", "lang", "top_k"}
    unknown = sorted(set(item) - allowed)
    if unknown:
        return {"error": f"unknown key {unknown[0]!r}; accepted: {', '.join(sorted(allowed))}"}
    try:
        answer = advisor.ask(
            item.get("question", ""),
            item.get("role", ""),
            item.get("country", ""),
            item.get("level"),
            item.get("lang"),
            item.get("top_k", 5),
        )
    except BadInputError as error:
        return {"error": str(error)}
    result: dict[str, Any] = answer.to_dict()
    return result


def load_advisor() -> Any:
    """The advisor from the ``ADVISOR_*`` settings; a stale index is rebuilt first, with a progress bar."""
    from advisor.api import Advisor

    with ProgressBar("Building the index") as progress:
        return Advisor.load(progress=progress)


def curriculum_command(args: argparse.Namespace) -> int:
    """``advisor curriculum``: draft a curriculum for a cohort, as Markdown, CSV, JSON or DOCX."""
    from advisor.config import Settings
    from advisor.curriculum import build_curriculum, validate_request
    from advisor.curriculum.exports import export
    from advisor.stores.published import load_current_knowledge

    current = _read_self_assessment(args.self_assessment) if args.self_assessment else None
    request = validate_request(
        args.role, args.country, args.hours, args.lang, args.level, current, session_hours=args.session_hours
    )
    knowledge = load_current_knowledge(Settings.from_env())  # no model needed
    document = export(build_curriculum(knowledge, request), knowledge, args.format)
    return emit(document, args.output, f"{args.format} curriculum")


def _read_self_assessment(path: Path) -> dict[str, Any]:
    from advisor.curriculum.request import ratings_from_document
    from advisor.knowledge.loader import read_yaml_input

    return ratings_from_document(read_yaml_input(path, "self-assessment"), f"self-assessment {path}")
