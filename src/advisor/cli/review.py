"""The ``review`` commands: a country's queue and report, and four-eyes corrections of facts and translations.

Four eyes: propose, then a second reviewer approves, then publish. The passphrase is read from
ADVISOR_REVIEWER_PASSPHRASE only: an argument would show in `ps` and shell history.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from advisor.cli.ask import load_advisor
from advisor.cli.output import EXIT_OK, emit, json_text, say
from advisor.errors import BadInputError


def _check_country(country: str) -> None:
    from advisor.catalogue import COUNTRIES, accepted

    if country not in COUNTRIES:
        raise BadInputError(f"unknown country {country!r}; accepted: {accepted(COUNTRIES)}")


def review_queue_command(args: argparse.Namespace) -> int:
    """``advisor review queue``: the review queue of a country, one line per item or as JSON."""
    from advisor.feedback import FeedbackStore
    from advisor.review.queue import build_queue
    from advisor.review.store import ReviewStore

    _check_country(args.country)
    advisor = load_advisor()
    feedback = FeedbackStore.from_settings(advisor.settings)
    items = build_queue(advisor, ReviewStore.from_settings(advisor.settings), feedback, args.country)
    if args.json:
        print(json_text([item.to_dict() for item in items], indent=2))
    else:
        for item in items:
            print(f"{item.id:<32} {item.status:<10} {item.source:<12} {item.question}")
    return EXIT_OK


def review_export_command(args: argparse.Namespace) -> int:
    """``advisor review export``: the review report of a country, as Markdown or CSV."""
    from advisor.config import Settings
    from advisor.review.queue import report, report_csv, report_markdown
    from advisor.review.store import ReviewStore
    from advisor.stores.published import load_current_knowledge

    _check_country(args.country)
    settings = Settings.from_env()
    data = report(load_current_knowledge(settings), ReviewStore.from_settings(settings), args.country)
    text = report_markdown(data) if args.format == "md" else report_csv(data)
    return emit(text.encode("utf-8"), args.output, f"{args.country} review report")


def _cli_reviewer(name: str) -> Any:
    """Sign the CLI user in as ``name`` with ADVISOR_REVIEWER_PASSPHRASE, under the same back-off as the page."""
    from advisor.config import Settings
    from advisor.review.access import parse_reviewer_keys, sign_in
    from advisor.review.attempts import SignInLog

    settings = Settings.from_env()
    keys = parse_reviewer_keys(settings.reviewer_key, settings.reviewer_shared_key)
    if keys and not settings.reviewer_passphrase:
        raise BadInputError("set ADVISOR_REVIEWER_PASSPHRASE to your reviewer passphrase (never an argument)")
    log = SignInLog.from_settings(settings)  # the page's back-off, shared by replicas
    return sign_in(name, settings.reviewer_passphrase or "", keys, log, f"cli:{os.getuid()}")


def review_hash_command(args: argparse.Namespace) -> int:
    """Print the hash of a passphrase read at a prompt (twice) or as one line of standard input, never an argument."""
    import getpass

    from advisor.review.access import MAX_PASSPHRASE, hash_passphrase

    if sys.stdin.isatty():
        passphrase = getpass.getpass("Passphrase: ")
        if getpass.getpass("Again: ") != passphrase:
            raise BadInputError("the two passphrases differ; nothing was hashed")
    else:
        passphrase = sys.stdin.readline().rstrip("\r\n")  # the line's own end is not part of the passphrase
    if not passphrase:
        raise BadInputError("the passphrase is empty; type it at the prompt or give it as one line on standard input")
    if len(passphrase) > MAX_PASSPHRASE:
        raise BadInputError(f"a passphrase is at most {MAX_PASSPHRASE} characters (the sign-in field's limit)")
    print(hash_passphrase(passphrase, scheme=args.scheme))
    return EXIT_OK


def _review_store() -> Any:
    from advisor.config import Settings
    from advisor.review.store import ReviewStore

    settings = Settings.from_env()
    return ReviewStore.from_settings(settings)


def review_propose_command(args: argparse.Namespace) -> int:
    """``advisor review propose``: propose a correction of a country fact or a translation; prints its id."""
    from advisor.catalogue import REGION
    from advisor.config import Settings
    from advisor.review.corrections import propose_correction
    from advisor.stores.published import load_current_knowledge

    if args.country != REGION:  # region-wide facts are corrected under ASEAN
        _check_country(args.country)
    reviewer = _cli_reviewer(args.reviewer)
    knowledge = load_current_knowledge(Settings.from_env())  # no model needed
    if args.translation is not None:
        from advisor.review.translations import propose_translation

        new = propose_translation(
            _review_store(), knowledge, reviewer, args.country, args.translation, args.text, args.source, args.factual
        )
    else:
        if not args.text or not args.source:
            raise BadInputError("a fact correction needs --text and --source (an https:// URL)")
        new = propose_correction(_review_store(), knowledge, reviewer, args.country, args.fact, args.text, args.source)
    print(json_text({"id": str(new)}) if args.json else new)
    return EXIT_OK


def review_approve_command(args: argparse.Namespace) -> int:
    """``advisor review approve``: approve a proposal as its second reviewer (never the proposer)."""
    from advisor.config import Settings
    from advisor.stores.published import current_knowledge_version

    reviewer = _cli_reviewer(args.reviewer)
    proposal = _review_store().approve(reviewer, args.id, current_knowledge_version(Settings.from_env()))
    print(f"approved {proposal.id} ({proposal.country}, {proposal.item}): publish it with 'advisor review publish'")
    return EXIT_OK


def review_publish_command(args: argparse.Namespace) -> int:
    """``advisor review publish``: publish an approved proposal into the database."""
    from advisor.config import Settings
    from advisor.review.corrections import publish_correction
    from advisor.stores.published import load_current_knowledge

    reviewer = _cli_reviewer(args.reviewer)
    settings = Settings.from_env()
    knowledge = load_current_knowledge(settings)
    store = _review_store()
    if store.proposal(args.id).kind == "translation":
        from advisor.review.translations import publish_translation

        version = publish_translation(store, knowledge, settings.knowledge_dir, reviewer, args.id)
    else:
        version = publish_correction(store, knowledge, settings.knowledge_dir, reviewer, args.id)
    # Running apps notice the new published version and rebuild in the background; nothing waits here.
    print(f"published {args.id} (published version {version}); every running app updates its index in the background")
    return EXIT_OK


def review_export_overrides_command(args: argparse.Namespace) -> int:
    """``advisor review export-overrides``: write overrides/<CC>.yaml and reviewed translations from the database."""
    from advisor.config import Settings
    from advisor.review.published_files import export_published
    from advisor.stores.database import Database
    from advisor.stores.published import PublishedStore

    settings = Settings.from_env()
    store = PublishedStore(Database.from_settings(settings))
    written = export_published(store, settings.knowledge_dir, args.dir or settings.knowledge_dir)
    for path in written:
        print(path)
    say(f"wrote {len(written)} file(s) from the database")
    return EXIT_OK


def review_import_overrides_command(args: argparse.Namespace) -> int:
    """``advisor review import-overrides``: put the overrides/<CC>.yaml files into the database once."""
    from advisor.config import Settings
    from advisor.review.published_files import import_overrides
    from advisor.stores.database import Database
    from advisor.stores.published import PublishedStore

    settings = Settings.from_env()
    store = PublishedStore(Database.from_settings(settings))
    imported = import_overrides(store, args.dir or settings.knowledge_dir)
    print(
        f"imported the overrides of {', '.join(imported)}" if imported else "nothing to import: the database has them"
    )
    return EXIT_OK
