"""Fingerprint the demo region's plans, to show a refactor changed no plan.

    MUTASI_DATA_DIR=/tmp/identity .venv/bin/python benchmarks/plan_identity.py [--size N] [--seed S]

Builds the demo region into the (fresh) database of ``MUTASI_DATA_DIR``, runs one plan per
mechanism through the app's own services (the same path as ``mutasi demo`` and the web), and
prints one JSON line per plan: the objective, the number of moves, and a SHA-256 of the sorted
(NIP, from post code, to post code, forced) rows. Two source trees give identical lines when they
compute identical plans; run it on both and compare (``benchmarks/PLAN_IDENTITY.md``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile

if "MUTASI_DATA_DIR" not in os.environ:
    os.environ["MUTASI_DATA_DIR"] = tempfile.mkdtemp(prefix="mutasi-identity-")
os.makedirs(os.environ["MUTASI_DATA_DIR"], exist_ok=True)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mutasi.settings")
import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402


def fingerprint(plan_id: int) -> dict[str, object]:
    from mutasi.plans.models import Move, Plan

    plan = Plan.objects.get(pk=plan_id)
    rows = sorted(
        Move.objects.filter(plan=plan).values_list(
            "employee__nip", "from_position__code", "to_position__code", "forced"
        )
    )
    digest = hashlib.sha256(json.dumps(rows).encode()).hexdigest()
    return {
        "mechanism": plan.mechanism,
        "status": plan.status,
        "objective": plan.objective,
        "rows": len(rows),
        "moves": sum(1 for _, a, b, _f in rows if a != b),
        "violations": plan.metrics.get("violations"),
        "sha256": digest,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=1500)
    parser.add_argument("--seed", type=int, default=2027)
    parser.add_argument("--mechanism", action="append", choices=["optimal", "fair"])
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    from mutasi.demo.writer import build_demo
    from mutasi.plans.models import Cycle
    from mutasi.plans.services import do_create_cycle, do_queue_plan, do_run_plan

    build_demo(size=args.size, seed=args.seed)
    cycle = Cycle.objects.filter(name="identity").first() or do_create_cycle(
        name="identity", policy={}, acting_user=None
    )
    for mechanism in args.mechanism or ["optimal", "fair"]:
        plan = do_queue_plan(cycle, mechanism=mechanism, acting_user=None, enqueue=False)
        plan = do_run_plan(plan, acting_user=None)
        line = {"size": args.size, "seed": args.seed, **fingerprint(plan.pk)}
        print(json.dumps(line, sort_keys=True))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
