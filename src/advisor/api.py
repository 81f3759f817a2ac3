"""The public Python API: ``Advisor.load()`` once, then ``ask()`` as often as needed."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from advisor.answer import Answer
from advisor.catalogue import COUNTRIES, LANGUAGES, ROLES, accepted
from advisor.compose import Request, compose_answer
from advisor.config import Settings
from advisor.embedding import Encoder, ProgressCallback
from advisor.errors import BadInputError, IndexUnavailableError
from advisor.i18n import INTERFACE_LANGUAGES
from advisor.knowledge import Knowledge, load_knowledge
from advisor.retrieval.search import Mode, Retrieval, Retriever
from advisor.retrieval.store import build_index, build_lock, index_status, load_index
from advisor.safe_text import clean_text

MAX_QUESTION_CHARS = 2000


def validate_request(
    question: str, role: str, country: str, level: int | None, lang: str | None, top_k: int
) -> Request:
    """Check one question's parameters, and clean the question.

    The question loses lone surrogates and control characters (line breaks become spaces);
    what is left must not be empty.

    Raises:
        BadInputError: naming what is wrong and what is accepted.
    """
    if question is not None and not isinstance(question, str):
        raise BadInputError(f"the question must be text, not {type(question).__name__}")
    # Lone surrogates (undecodable input) and control characters crash tokenizers: drop them.
    text = clean_text(question or "").strip()
    if not text:
        raise BadInputError("the question is empty: ask about digital or AI competencies for civil servants")
    if len(text) > MAX_QUESTION_CHARS:
        raise BadInputError(f"the question has {len(text)} characters; at most {MAX_QUESTION_CHARS} are accepted")
    if not isinstance(role, str) or role not in ROLES:
        raise BadInputError(f"unknown role {_shown(role)}; accepted: {accepted(ROLES)}")
    if not isinstance(country, str) or country not in COUNTRIES:
        raise BadInputError(f"unknown country {_shown(country)}; accepted: {accepted(COUNTRIES)}")
    if level is not None and (isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= 4):
        raise BadInputError(f"level {_shown(level)} is not accepted; use 1, 2, 3 or 4")
    if lang is not None and (not isinstance(lang, str) or lang not in LANGUAGES):
        raise BadInputError(f"unknown language {_shown(lang)}; accepted: {accepted(LANGUAGES)}")
    if isinstance(top_k, bool) or not isinstance(top_k, int) or not 1 <= top_k <= 24:
        raise BadInputError(f"top_k {_shown(top_k)} is not accepted; use a whole number from 1 to 24")
    interface = lang if lang in INTERFACE_LANGUAGES else "en"
    return Request(text, role, country, level, interface, top_k)


def _shown(value: object) -> str:
    """A rejected value as the message shows it: its repr, cut short, on one line."""
    try:
        shown = repr(value)
    except ValueError:  # an integer too long to print
        return f"a {type(value).__name__} too long to show"
    return shown if len(shown) <= 60 else f"{shown[:57]}..."


class Advisor:
    """Loads the knowledge, the model and the index once, and answers questions."""

    def __init__(self, knowledge: Knowledge, retriever: Retriever, settings: Settings) -> None:
        """Use :meth:`load` rather than calling this directly."""
        self.knowledge = knowledge
        self.retriever = retriever
        self.settings = settings

    @classmethod
    def load(
        cls,
        knowledge_dir: Path | str | None = None,
        index_dir: Path | str | None = None,
        model_path: Path | str | None = None,
        *,
        settings: Settings | None = None,
        encoder: Encoder | None = None,
        progress: ProgressCallback | None = None,
    ) -> Advisor:
        """Load everything, rebuilding the index first when it is stale.

        Args:
            knowledge_dir: the YAML knowledge (default ``ADVISOR_KNOWLEDGE_DIR``).
            index_dir: where the index lives (default ``ADVISOR_INDEX_DIR``).
            model_path: a sentence-transformers model folder, for ``ADVISOR_EMBEDDER=minilm``.
            settings: full settings, instead of reading the environment.
            encoder: an encoder to use instead of the real model (tests).
            progress: called with (done, total) while a rebuild embeds chunks.

        Raises:
            KnowledgeError: the knowledge does not validate.
            IndexUnavailableError: the index is stale and rebuilding is switched off.
        """
        settings = settings or Settings.from_env()
        settings = replace(
            settings,
            knowledge_dir=Path(knowledge_dir) if knowledge_dir else settings.knowledge_dir,
            index_dir=Path(index_dir) if index_dir else settings.index_dir,
            model_path=Path(model_path) if model_path else settings.model_path,
        )
        from advisor.stores.published import published_for  # the database only when loading

        # The files plus what reviewers published, from the database every replica shares; while
        # it is down, the rows this machine read last, so that answers keep working. The parse of
        # the files is cached next to the index, keyed by their content hash.
        knowledge = load_knowledge(
            settings.knowledge_dir, published_for(settings, fallback=True), cache_dir=settings.index_dir
        )
        encoder = encoder or settings.make_encoder()
        ensure_index(knowledge, encoder, settings, progress)
        index = load_index(settings.index_dir)
        return cls(knowledge, Retriever(knowledge, index, encoder), settings)

    @property
    def knowledge_version(self) -> str:
        """Content hash of the knowledge the index was built from."""
        return self.knowledge.version

    def ask(
        self,
        question: str,
        role: str,
        country: str,
        level: int | None = None,
        lang: str | None = None,
        top_k: int = 5,
    ) -> Answer:
        """Answer one question for a role and country.

        Args:
            question: the question, in any supported language (at most 2,000 characters).
            role: a role id of the catalogue.
            country: a country code of the catalogue.
            level: the user's current level 1-4, if known.
            lang: the interface language for the answer's framing sentences.
            top_k: how many competencies to return.

        Raises:
            BadInputError: when a parameter is not accepted.
        """
        request = validate_request(question, role, country, level, lang, top_k)
        retrieval = self.retriever.retrieve(request.question, role=request.role)
        return compose_answer(self.knowledge, retrieval, request)

    def retrieve(self, question: str, role: str | None = None, mode: Mode = "hybrid") -> Retrieval:
        """The raw ranking behind an answer (used by evaluation)."""
        return self.retriever.retrieve(question, role=role, mode=mode)


def ensure_index(
    knowledge: Knowledge, encoder: Encoder, settings: Settings, progress: ProgressCallback | None = None
) -> bool:
    """Build the index when it is missing or stale. Returns whether a build ran."""
    status = index_status(settings.index_dir, knowledge.version, encoder.name)
    if status.fresh:
        return False
    if not settings.auto_build:
        raise IndexUnavailableError(f"the index is stale ({status.reason}): run 'advisor index build'")
    with build_lock(settings.index_dir):
        # Another process may have built it while this one waited for the lock.
        if index_status(settings.index_dir, knowledge.version, encoder.name).fresh:
            return False
        build_index(knowledge, encoder, settings.index_dir, progress)
    return True
