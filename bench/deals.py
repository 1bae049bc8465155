"""Benchmark: a deal's analysis beside the account's, and the pipeline.

    .venv/bin/python -m bench.deals [--sizes 50,500] [--committee 30] [--accounts 20] [--repeat 7]
        [--output bench/results/deals.json]

For each size a generated organisation gets a deal whose buying committee is
`--committee` people (every 17th person, with roles), a 7-seat evaluation committee
of which 5 are known, three 分管 lines and a competitor close to two committee
members; the same run times `analyze_account` and `analyze_deal` on it, side by
side (issue 21: the deal's analysis must take no more than the account's). Then the
pipeline of `--accounts` such accounts of 50 people (three deals each, one closed)
is computed cold from a SQLite store (reads, history, analyses) and warm (cached).
Times only are recorded; nothing is asserted.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import date
from pathlib import Path

from bench.analyze import _summary, _times
from bench.results import reference_ms, stamp, write_result
from graph.analysis.account import analyze_account
from graph.analysis.deals import analyze_deal
from graph.analysis.params import AnalysisParams
from graph.model import Account, AccountBundle, AccountGraph, merge_bundle
from graph.store.sqlite import SQLiteStore
from tests.data.generator import organisation

ROLES = ("decision_maker", "economic_buyer", "technical_evaluator", "user", "influencer", "coach")


def with_deals(bundle: AccountBundle, committee: int, deals: int = 1) -> AccountBundle:
    """`bundle` with `deals` deals (the last one won, when more than one), each with a
    committee of `committee` people, a 7-seat evaluation committee, 分管 lines and a
    competitor."""
    account = bundle.account_id
    people = [p.id for p in bundle.stakeholders]
    step = max(1, len(people) // max(1, committee))
    seated = people[::step][:committee]
    extra: dict[str, list[dict[str, object]]] = {
        "competitors": [{"account_id": account, "id": "rival", "name": "Rival"}],
        "competitor_ties": [
            {"account_id": account, "competitor": "rival", "stakeholder": pid, "strength": 4}
            for pid in seated[1:3]
        ],
        "supervisions": [
            {"account_id": account, "leader": people[0], "stakeholder": pid}
            for pid in people[1:4]
            if pid != people[0]
        ],
        "deals": [],
        "committee": [],
        "bodies": [],
    }
    for n in range(deals):
        deal = f"d{n}"
        closed = deals > 1 and n == deals - 1
        extra["deals"].append(
            {
                "account_id": account, "id": deal, "name": f"Deal {n}", "stage": "评标",
                "amount": 1_000_000 * (n + 1), "competitors": "rival", "metrics": "cut costs 10%",
                "status": "won" if closed else "open",
                "closed_on": date(2026, 11, 1) if closed else None,
            }
        )
        extra["committee"] += [
            {"account_id": account, "deal": deal, "stakeholder": pid, "roles": ROLES[i % len(ROLES)]}
            for i, pid in enumerate(seated)
        ]
        extra["bodies"].append(
            {
                "account_id": account, "id": f"panel-{deal}", "name": "评标委员会",
                "kind": "evaluation_committee", "members": ";".join(seated[:5]),
                "chair": seated[0], "size": 7, "deals": deal,
            }
        )
    return AccountBundle.model_validate({**bundle.model_dump(), **extra})


def run(sizes: list[int], committee: int, accounts: int, repeat: int) -> dict[str, object]:
    params = AnalysisParams(as_of=date(2026, 11, 23))
    results: list[dict[str, object]] = []
    for size in sizes:
        account = f"org-{size}"
        bundle = with_deals(organisation(account, size), committee)
        graph = merge_bundle(AccountGraph(account=Account(id=account, name=account)), bundle)
        whole = _summary(_times(lambda g=graph: analyze_account(g.model_copy(), params), repeat))
        deal = _summary(_times(lambda g=graph: analyze_deal(g.model_copy(), "d0", params), repeat))
        row = {
            "stakeholders": size,
            "committee": committee,
            "reference_ms": reference_ms(),
            "analyze_account": whole,
            "analyze_deal": deal,
            "deal_over_account": deal["median_ms"] / whole["median_ms"],
        }
        results.append(row)
        print(
            f"{size:>6} people, committee {committee} | account median {whole['median_ms']:8.1f} ms | "
            f"deal median {deal['median_ms']:8.1f} ms p95 {deal['p95_ms']:8.1f} ms | "
            f"deal/account {row['deal_over_account']:.2f}",
            flush=True,
        )
    from api.services.analysis import AnalysisCache
    from api.services.deals import pipeline_of

    with tempfile.TemporaryDirectory() as folder:
        store = SQLiteStore(Path(folder) / "bench.db")
        for n in range(accounts):
            account = f"acc-{n}"
            store.bulk_upsert(
                with_deals(organisation(account, 50, seed=n), 10, deals=3),
                create=Account(id=account, name=account),
            )
        cache = AnalysisCache()
        start = time.perf_counter()
        overview = pipeline_of(store, params, cache)
        cold = (time.perf_counter() - start) * 1000
        start = time.perf_counter()
        pipeline_of(store, params, cache)
        warm = (time.perf_counter() - start) * 1000
        store.close()
    pipeline = {
        "accounts": accounts,
        "open_deals": len(overview.open),
        "closed_deals": len(overview.closed),
        "cold_ms": cold,
        "warm_ms": warm,
    }
    print(
        f"pipeline of {accounts} accounts ({len(overview.open)} open, {len(overview.closed)} closed): "
        f"cold {cold:.0f} ms, warm {warm:.1f} ms",
        flush=True,
    )
    return {**stamp(), "results": results, "pipeline": pipeline}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="50,500")
    parser.add_argument("--committee", type=int, default=30)
    parser.add_argument("--accounts", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--output", type=Path, default=Path("bench/results/deals.json"))
    args = parser.parse_args()
    document = run([int(s) for s in args.sizes.split(",")], args.committee, args.accounts, args.repeat)
    write_result(args.output, document)
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
