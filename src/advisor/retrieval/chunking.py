"""Cut the knowledge into retrievable chunks: competencies, level descriptors, resources, facts, insights."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

from advisor.catalogue import COUNTRIES, LEVELS
from advisor.knowledge.model import Knowledge

OFF_TOPIC_FILE = Path(__file__).with_name("off_topic.yaml")
CHUNKER_VERSION = "11-" + hashlib.sha256(OFF_TOPIC_FILE.read_bytes()).hexdigest()[:8]
"""Changes when chunk texts or off-topic examples change, so that old indexes are seen as stale."""

ChunkKind = Literal[
    "competency",
    "level",
    "practice",
    "situation",
    "translation",
    "action",
    "resource",
    "fact",
    "insight",
    "framework",
    "off-topic",
]
COMPETENCY_KINDS = frozenset({"competency", "level", "practice", "situation", "translation"})


@dataclass(frozen=True)
class Chunk:
    """One retrievable piece of knowledge.

    Attributes:
        id: unique chunk id, e.g. ``competency:DG1`` or ``fact:th-dga``.
        kind: what the chunk is.
        ref: the id of the knowledge entry it comes from.
        text: what the dense model embeds (English).
        lexical: what BM25 indexes: the text plus multilingual aliases where relevant.
        competencies: competency ids the chunk is about.
        country: country code, ``ASEAN``, or ``*`` for items that hold everywhere.
    """

    id: str
    kind: ChunkKind
    ref: str
    text: str
    lexical: str
    competencies: tuple[str, ...] = ()
    country: str = "*"
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (tuples become lists)."""
        data = asdict(self)
        data["competencies"] = list(self.competencies)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Chunk:
        """Rebuild a chunk written by :meth:`to_json`."""
        return cls(**{**data, "competencies": tuple(data["competencies"])})


def chunk_knowledge(knowledge: Knowledge) -> list[Chunk]:
    """All chunks of ``knowledge``, in a stable order."""
    return [
        *_competency_chunks(knowledge),
        *_situation_chunks(knowledge),
        *_translation_chunks(knowledge),
        *_action_chunks(knowledge),
        *_resource_chunks(knowledge),
        *_fact_chunks(knowledge),
        *_insight_chunks(knowledge),
        *_framework_chunks(knowledge),
        *_off_topic_chunks(),  # last: BM25 indexes the chunks before them (retrieval/store.py)
    ]


def _aliases(knowledge: Knowledge, competency_id: str) -> str:
    words = []
    for labels in knowledge.labels.values():
        label = labels.labels.get(competency_id)
        if label:
            words.extend([label.title, *label.aliases])
    return " ".join(words)


def _competency_chunks(knowledge: Knowledge) -> list[Chunk]:
    chunks = []
    for c in knowledge.competencies.values():
        keywords = ", ".join(c.keywords)
        main = f"{c.title}. {c.summary}. Keywords: {keywords}. {c.description}"
        chunks.append(
            Chunk(
                id=f"competency:{c.id}",
                kind="competency",
                ref=c.id,
                text=main,
                # The title counts twice; the multilingual aliases make BM25 work across languages.
                lexical=f"{c.title} {c.title} {keywords} {c.summary} {c.description} {_aliases(knowledge, c.id)}",
                competencies=(c.id,),
            )
        )
        practice = (
            f"{c.title}: knowledge: {'; '.join(c.knowledge)}. Skills: {'; '.join(c.skills)}. "
            f"Attitudes: {'; '.join(c.attitudes)}."
        )
        chunks.append(Chunk(f"practice:{c.id}", "practice", c.id, practice, practice, competencies=(c.id,)))
        for level, descriptor in sorted(c.levels.items()):
            text = f"{c.title}, level {level} ({LEVELS[level]}): {descriptor}"
            chunks.append(
                Chunk(
                    f"level:{c.id}:{level}",
                    "level",
                    c.id,
                    text,
                    text,
                    competencies=(c.id,),
                    extra={"level": level},
                )
            )
    return chunks


def _situation_chunks(knowledge: Knowledge) -> list[Chunk]:
    # One chunk per situation: a question that describes the same need in other words lands
    # near one of them, in any language the multilingual model reads.
    chunks = []
    for cid, by_language in knowledge.situations.items():
        for language, lines in sorted(by_language.items()):
            for n, line in enumerate(lines):
                chunks.append(
                    Chunk(
                        f"situation:{cid}:{language}:{n}",
                        "situation",
                        f"{cid}:{language}:{n}",
                        line,
                        line,
                        competencies=(cid,),
                        extra={"language": language},
                    )
                )
    return chunks


def _translation_chunks(knowledge: Knowledge) -> list[Chunk]:
    # Each competency in each translated language, so that a question in Thai or Vietnamese
    # meets the competency's own words in that language, for the dense model and for BM25.
    chunks = []
    for language in knowledge.translations.languages():
        for cid in knowledge.competencies:
            entry = knowledge.translations.competency(cid, language)
            if entry is None:
                continue
            text = f"{entry.title}. {entry.summary} {entry.description}"
            ref = f"{cid}:{language}"
            extra = {"language": language}
            chunks.append(Chunk(f"translation:{ref}", "translation", ref, text, text, competencies=(cid,), extra=extra))
    return chunks


def _action_chunks(knowledge: Knowledge) -> list[Chunk]:
    # Actions are not competency evidence (they do not rank competencies): they are embedded
    # so that the direct reply can pick the ones closest to the question. Only the English is
    # embedded: the multilingual model matches a Thai or Vietnamese question to it, and the
    # 1,890 translated sentences would double the index build for no gain in ranking.
    chunks = []
    for cid, actions in knowledge.actions.items():
        for action in actions:
            # No lexical text: BM25 ranks competencies, and hundreds of short action sentences
            # would shift its word statistics for nothing.
            level = {"level": action.level}
            chunks.append(
                Chunk(f"action:{action.id}", "action", action.id, action.text, "", competencies=(cid,), extra=level)
            )
    return chunks


def _resource_chunks(knowledge: Knowledge) -> list[Chunk]:
    chunks = []
    for r in knowledge.resources.values():
        covers = ", ".join(knowledge.competencies[cid].title for cid in r.competencies)
        text = f"{r.title} ({r.provider}). {r.description} Covers: {covers}."
        chunks.append(
            Chunk(
                f"resource:{r.id}",
                "resource",
                r.id,
                text,
                text,
                competencies=tuple(r.competencies),
                country="*" if "*" in r.countries else " ".join(r.countries),
            )
        )
    return chunks


def _fact_chunks(knowledge: Knowledge) -> list[Chunk]:
    chunks = []
    for code, country in knowledge.countries.items():
        name = COUNTRIES.get(code, country.name)
        for fact in [*knowledge.overrides.get(code, []), *country.facts]:
            heading = f"{fact.title} " if fact.title else ""
            text = f"{name}: {heading}{fact.text}"
            chunks.append(
                Chunk(
                    f"fact:{fact.id}",
                    "fact",
                    fact.id,
                    text,
                    f"{text} {fact.kind}",
                    competencies=tuple(fact.competencies),
                    country=code,
                    extra={"kind": fact.kind},
                )
            )
    return chunks


def _insight_chunks(knowledge: Knowledge) -> list[Chunk]:
    chunks = []
    for insight in knowledge.insights.values():
        event = knowledge.events[insight.event]
        who = f"{insight.speaker} ({insight.affiliation})" if insight.affiliation else insight.speaker
        text = f"{who} at the {event.title}, {event.region}: {insight.text}"
        chunks.append(
            Chunk(
                f"insight:{insight.id}",
                "insight",
                insight.id,
                text,
                f"{text} consultation experts workshop said",
                competencies=tuple(insight.competencies),
                extra={"region": event.region},
            )
        )
    return chunks


def _framework_chunks(knowledge: Knowledge) -> list[Chunk]:
    return [
        Chunk(f"framework:{fact.id}", "framework", fact.id, fact.text, fact.text) for fact in knowledge.framework.facts
    ]


def _off_topic_chunks() -> list[Chunk]:
    # Everyday topics outside the advisor's scope, embedded so that out-of-scope detection
    # compares a question with both sides instead of trusting one absolute threshold.
    topics = yaml.safe_load(OFF_TOPIC_FILE.read_text(encoding="utf-8"))["topics"]
    return [Chunk(f"off-topic:{n}", "off-topic", str(n), text, "") for n, text in enumerate(topics)]
