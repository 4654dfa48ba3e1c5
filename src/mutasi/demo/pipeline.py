"""What ``mutasi demo`` runs after building the data: each stage of the pipeline that exists.

One function, ``run_pipeline(stdout)``, so that the command and tests run the same steps in the
same order: export the workbook, the needs analysis (ABK), the evaluation of a past cycle, then a
transfer plan whose default policy carries that evaluation's flags.
"""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from django.conf import settings
from django.utils.translation import gettext as _

WORKBOOK_NAME = "bukitintan.xlsx"


def export_step(stdout: TextIO) -> Path:
    """Write the demo data as the import workbook (the same format a region fills in)."""
    from mutasi.people.exporter import export_workbook

    path = Path(settings.OUTPUT_DIR) / WORKBOOK_NAME
    counts = export_workbook(path)
    stdout.write(
        _("Workbook data ditulis ke %(path)s (%(rows)s pegawai)\n")
        % {"path": path, "rows": f"{counts.get('pegawai', 0):,}".replace(",", ".")}
    )
    return path


def needs_step(stdout: TextIO) -> Path:
    """Needs analysis: print shortages by sector and write the per-sector and per-unit tables."""
    from mutasi.needs import tables
    from mutasi.needs.selectors import compute_needs

    analysis = compute_needs()
    sectors = tables.rows_for(analysis, "sector")
    stdout.write(_("Analisis kebutuhan (ABK) per sektor:\n"))
    stdout.write(tables.to_text_table(tables.sector_columns(analysis, full=False), sectors))
    path = Path(settings.OUTPUT_DIR) / "kebutuhan_unit.xlsx"
    path.write_bytes(
        tables.to_xlsx(
            _("Kebutuhan per unit"),
            tables.unit_columns(analysis, full=True),
            tables.rows_for(analysis, "unit"),
        )
    )
    stdout.write(_("Kebutuhan per unit ditulis ke %(path)s\n") % {"path": path})
    return path


def evaluation_step(stdout: TextIO) -> None:
    """A past transfer cycle with public and employee survey results before and after it; its
    flags raise the priority of some units in the demo cycle's default policy."""
    from mutasi.demo.generator import REFERENCE_DATE
    from mutasi.evaluation.demo import evaluation_step as build

    build(stdout, REFERENCE_DATE)


def plan_step(stdout: TextIO, mechanism: str = "optimal") -> Path:
    """Plan the demo region with the default policy; writes ``rencana.xlsx``."""
    from mutasi.plans.pipeline import run_demo_plan

    run_demo_plan(stdout, mechanism=mechanism)
    return Path(settings.OUTPUT_DIR) / "rencana.xlsx"


def training_step(stdout: TextIO) -> None:
    """The demo catalogue, assessments and a training plan for the latest demo plan."""
    from mutasi.plans.models import Plan
    from mutasi.training.demo import training_step as build

    plan = Plan.objects.filter(status__in=["draft", "approved", "published"]).first()
    build(stdout, plan.pk if plan else None)


def run_pipeline(stdout: TextIO, *, mechanism: str = "optimal") -> dict[str, Path]:
    """Run every pipeline step on the current data; returns the files written, by step.
    ``mechanism`` is the planner's (optimal or fair) for the demo plan."""
    Path(settings.OUTPUT_DIR).mkdir(parents=True, exist_ok=True)
    outputs: dict[str, Path] = {}
    outputs["workbook"] = export_step(stdout)
    outputs["needs"] = needs_step(stdout)
    evaluation_step(stdout)
    outputs["plan"] = plan_step(stdout, mechanism)
    training_step(stdout)
    return outputs
