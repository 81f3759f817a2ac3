"""``advisor eval``: the situational held-out half and the regression set, for one or every embedder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO, Any

from advisor.config import Settings
from advisor.embedding import EMBEDDERS, make_encoder
from advisor.evaluation.cases import (
    NEAR_DOMAIN_SEED,
    Half,
    default_gold_path,
    fresh_probe_paths,
    held_out,
    load_gold,
    near_domain_path,
    situational_path,
)
from advisor.evaluation.report import evaluate, format_report, missed_targets


def index_dir_for(settings: Settings, embedder: str) -> Path:
    """The configured index for the configured embedder; a side folder for the others."""
    if embedder == settings.embedder:
        return settings.index_dir
    return settings.index_dir / "by-embedder" / embedder


def load_for(embedder: str, settings: Settings) -> Any:
    """An advisor on ``embedder``, building its index (from the embedding cache) when stale."""
    from dataclasses import replace

    from advisor.api import Advisor

    chosen = replace(settings, embedder=embedder, index_dir=index_dir_for(settings, embedder))
    return Advisor.load(settings=chosen, encoder=make_encoder(embedder, settings.model_path))


def run_evaluation(
    gold: Path | None,
    as_json: bool,
    out: IO[str],
    sets: str = "all",
    half: str = "held-out",
    embedder: str | None = None,
) -> int:
    """Print the reports; exit 1 when the configured embedder misses a target."""
    settings = Settings.from_env()
    embedders = list(EMBEDDERS) if embedder == "all" else [embedder or settings.embedder]
    suites = _suites(gold, sets, half)
    results: dict[str, Any] = {}
    missed: list[str] = []
    for name in embedders:
        advisor = load_for(name, settings)
        for title, cases, suite in suites:
            report = evaluate(advisor, cases)
            situational, near_domain = suite == "situational", suite == "near-domain"
            report["missed_targets"] = missed_targets(report, situational, near_domain=near_domain)
            results[f"{name} · {title}"] = report
            if name == settings.embedder or len(embedders) == 1:
                missed += [f"{title}: {m}" for m in report["missed_targets"]]
            if not as_json:
                out.write(format_report(f"{name} · {title}", report) + "\n\n")
    if as_json:
        out.write(json.dumps(results | {"missed_targets": missed}, indent=2) + "\n")
    else:
        out.write("All targets met.\n" if not missed else "Targets missed:\n- " + "\n- ".join(missed) + "\n")
    return 1 if missed else 0


def _suites(gold: Path | None, sets: str, half: str) -> list[tuple[str, list[Any], str]]:
    """(title, cases, which targets apply) for each set asked for.

    ``all`` keeps its meaning (situational and regression); the near-domain set and the fresh
    probe are asked for by name, so earlier commands print what they printed before.
    """
    if gold is not None:
        return [(f"gold set {gold.name}", load_gold(gold), "regression")]
    halves: list[Half] = ["tuning", "held-out"] if half == "all" else [half]  # type: ignore[list-item]
    suites = []
    if sets in {"situational", "all"}:
        cases = load_gold(situational_path())
        suites += [(f"situational, {h} half", held_out(cases, h), "situational") for h in halves]
    if sets in {"gold", "all"}:
        suites.append(("regression gold set", load_gold(default_gold_path()), "regression"))
    if sets == "fresh":  # all of them: they are only ever read, never tuned on
        suites += [(title, load_gold(path), "situational") for title, path in fresh_probe_paths()]
    if sets == "near-domain":
        cases = load_gold(near_domain_path())
        suites += [(f"near-domain, {h} half", held_out(cases, h, NEAR_DOMAIN_SEED), "near-domain") for h in halves]
    return suites
