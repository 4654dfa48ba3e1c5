"""The planning step of ``mutasi demo``: plan the demo region and write its outputs."""

from __future__ import annotations

from typing import IO

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from mutasi.core.numbers import number

from . import export, policy_defaults
from .models import Cycle, Mechanism, Plan, PlanStatus
from .services import do_create_cycle, do_queue_plan, do_run_plan


def demo_cycle_name() -> str:
    today = timezone.localdate()
    semester = "I" if today.month <= 6 else "II"
    return f"Mutasi Semester {semester} {today.year + 1}"


def run_demo_plan(stdout: IO[str], *, mechanism: str = Mechanism.OPTIMAL) -> Plan:
    """Create (or reuse) the demo cycle with the default policy (with the suggestions of the
    later stages, see ``policy_defaults``), run ``mechanism`` (optimal by
    default) synchronously, store the plan, write ``OUTPUT_DIR/rencana.xlsx``, print a summary."""
    name = demo_cycle_name()
    cycle = Cycle.objects.filter(name=name).first() or do_create_cycle(
        name=name, policy=policy_defaults.default_policy(None), acting_user=None
    )
    plan = do_queue_plan(cycle, mechanism=Mechanism(mechanism), acting_user=None, enqueue=False)
    stdout.write(_("Menghitung rencana mutasi “%(name)s” …\n") % {"name": plan.name})
    plan = do_run_plan(plan, acting_user=None)
    if plan.status == PlanStatus.FAILED:
        stdout.write(_("Rencana gagal: %(error)s\n") % {"error": plan.error})
        return plan
    out_dir = settings.OUTPUT_DIR
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / "rencana.xlsx"
    export.write_plan_xlsx(plan, target)
    m = plan.metrics
    # fair plans have no bound; figures in the active language's decimals (0,022 in Indonesian)
    gap = "—" if plan.gap is None else f"{number(plan.gap, 3)}%"
    stdout.write(
        _(
            "Rencana #%(pk)s: %(moves)s mutasi dari %(employees)s pegawai, %(violations)s "
            "pelanggaran, celah %(gap)s, %(seconds)s detik. Ditulis: %(target)s\n"
        )
        % {
            "pk": plan.pk,
            "moves": m.get("moves", 0),
            "employees": m.get("employees", 0),
            "violations": m.get("violations", 0),
            "gap": gap,
            "seconds": number(plan.solve_seconds or 0, 1),
            "target": target,
        }
    )
    return plan
