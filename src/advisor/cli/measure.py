"""The measuring commands: ``eval`` (retrieval quality) and ``bench`` (latency, load and scale)."""

from __future__ import annotations

import argparse
import sys


def eval_command(args: argparse.Namespace) -> int:
    """``advisor eval``: retrieval quality on the gold sets (exit code 1 when the embedder misses a target)."""
    from advisor.evaluation import run_evaluation

    return run_evaluation(
        args.gold, as_json=args.json, out=sys.stdout, sets=args.sets, half=args.half, embedder=args.embedder
    )


def bench_command(args: argparse.Namespace) -> int:
    """``advisor bench``: latency and throughput figures, or the scale, cluster-load, review or load run."""
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
