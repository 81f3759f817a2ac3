"""The commands that keep the knowledge and its stores: ``index``, ``validate``, ``feedback``, ``db``, ``serve``."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from advisor.cli.output import EXIT_OK, EXIT_PROBLEM, ProgressBar, emit, json_text, say

# --- index --------------------------------------------------------------------------------


def index_build_command(args: argparse.Namespace) -> int:
    """``advisor index build``: (re)build the vector index when it is stale, or always with ``--force``."""
    from advisor.config import Settings
    from advisor.retrieval.store import build_index, build_lock, index_status
    from advisor.stores.published import load_current_knowledge

    settings = Settings.from_env()
    # The files plus the published corrections; writes the parse cache next to the index too,
    # so the first start after a build is fast.
    knowledge = load_current_knowledge(settings, cache_dir=settings.index_dir)
    encoder = settings.make_encoder()
    status = index_status(settings.index_dir, knowledge.version, encoder.name)
    if status.fresh and not args.force:
        print(f"index is up to date (knowledge {knowledge.version}, {status.manifest.get('chunks')} chunks)")
        return EXIT_OK
    with build_lock(settings.index_dir), ProgressBar("Embedding chunks") as progress:
        manifest = build_index(knowledge, encoder, settings.index_dir, progress)
    print(
        f"built index: {manifest['chunks']} chunks, knowledge {manifest['knowledge_version']}, "
        f"{manifest['build_seconds']} s"
    )
    return EXIT_OK


def index_status_command(args: argparse.Namespace) -> int:
    """``advisor index status``: the index's manifest and whether it is fresh (exit code 1 when stale)."""
    from advisor.config import Settings
    from advisor.retrieval.store import index_status
    from advisor.stores.published import current_knowledge_version

    settings = Settings.from_env()
    encoder = settings.make_encoder()  # only names the model: nothing is loaded
    status = index_status(settings.index_dir, current_knowledge_version(settings), encoder.name)
    report = {"fresh": status.fresh, "reason": status.reason, **status.manifest}
    if args.json:
        print(json_text(report, indent=2))
    else:
        for key, value in report.items():
            print(f"{key}: {value}")
    return EXIT_OK if status.fresh else EXIT_PROBLEM


# --- validate -----------------------------------------------------------------------------


def validate_command(args: argparse.Namespace) -> int:
    """``advisor validate``: check the knowledge against the schema (exit code 1 on any problem)."""
    from advisor.config import Settings
    from advisor.knowledge import knowledge_warnings, validate_knowledge

    folder = args.knowledge_dir or Settings.from_env().knowledge_dir
    problems = validate_knowledge(folder)
    for line in problems:
        print(line)
    if not problems:
        for line in knowledge_warnings(folder):
            print(f"warning: {line}")
    if args.warn_stale and not problems:
        _warn_stale(folder)
    if problems:
        say(f"{len(problems)} problem(s) found")
        return EXIT_PROBLEM
    print(f"{folder}: knowledge is valid")
    _report_translations(folder)
    return EXIT_OK


def _report_translations(folder: Path) -> None:
    """Translation coverage per language; missing entries are warnings, not problems."""
    from advisor.knowledge import load_knowledge
    from advisor.knowledge.translations import coverage

    knowledge = load_knowledge(folder)
    action_ids = [a.id for actions in knowledge.actions.values() for a in actions]
    fact_ids = [fact.id for country in knowledge.countries.values() for fact in country.facts]
    for row in coverage(knowledge.translations, list(knowledge.roles), action_ids, fact_ids, list(knowledge.insights)):
        line = (
            f"translations {row.language}: {row.kind} {row.drafted + row.reviewed}/{row.total} "
            f"({row.reviewed} reviewed, {row.drafted} drafted)"
        )
        print(f"warning: {line}, {row.missing} missing" if row.missing else line)


def _warn_stale(folder: Path) -> None:
    from advisor.catalogue import COUNTRIES
    from advisor.knowledge import load_knowledge
    from advisor.review.queue import STALE_MONTHS, stale_facts

    knowledge = load_knowledge(folder)
    seen: set[str] = set()
    for country in COUNTRIES:
        for fact in stale_facts(knowledge, country):
            if fact["id"] not in seen:
                seen.add(fact["id"])
                print(f"warning: fact '{fact['id']}' is as of {fact['as_of']}, more than {STALE_MONTHS} months old")
    say(f"{len(seen)} stale fact(s)")


# --- feedback, db, serve ------------------------------------------------------------------


def feedback_export_command(args: argparse.Namespace) -> int:
    """``advisor feedback export``: all feedback as CSV, with answer snapshots."""
    from advisor.config import Settings
    from advisor.feedback import FeedbackStore

    text = FeedbackStore.from_settings(Settings.from_env()).export_csv()
    return emit(text.encode("utf-8"), args.output, f"{text.count(chr(10)) - 1} feedback rows")


def db_import_reviews_command(args: argparse.Namespace) -> int:
    """``advisor db import-reviews``: copy an older reviews.sqlite3 into the database, ids kept."""
    from advisor.config import Settings
    from advisor.review.legacy_import import import_review_file
    from advisor.stores.database import Database

    database = Database.from_settings(Settings.from_env())
    count = import_review_file(database, args.file)
    print(f"imported {count} review events from {args.file} into {database.describe()}")
    return EXIT_OK


def db_status_command(args: argparse.Namespace) -> int:
    """``advisor db status``: which database, and its schema revision (migrated when behind)."""
    from advisor.config import Settings
    from advisor.stores.database import Database, schema_revision

    database = Database.from_settings(Settings.from_env())
    print(f"database: {database.describe()} ({database.dialect}), schema revision {schema_revision(database)}")
    return EXIT_OK


def serve_command(args: argparse.Namespace) -> int:
    """``advisor serve``: start the app with ``streamlit run app.py``; this process becomes Streamlit.

    Open (and migrate) the database first: when it is down, say so in one line and exit.
    """
    from advisor.config import Settings, project_root
    from advisor.stores.database import Database, close

    database = Database.from_settings(Settings.from_env())
    close(database.url)  # the app opens its own connections
    command = [sys.executable, "-m", "streamlit", "run", str(project_root() / "app.py")]
    command += ["--server.address", args.address, "--server.port", str(args.port), "--server.headless", "true"]
    sys.stdout.flush()
    os.chdir(project_root())  # Streamlit reads .streamlit/config.toml from the working directory
    os.execv(sys.executable, command)  # replaces this process: signals reach Streamlit directly
