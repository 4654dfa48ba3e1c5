"""The leadership's monitoring report (PDF, WeasyPrint), rendered by the background worker."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from mutasi.plans import policy_defaults

from . import selectors

logger = logging.getLogger(__name__)


def report_context() -> dict[str, Any]:
    rows = selectors.ikm_rows()
    latest: dict[int, selectors.IkmRow] = {}
    for row in rows:
        latest[row.unit.pk] = row  # rows are ordered by period within a unit
    cycles = [
        (cycle, selectors.cycle_outcomes(cycle)) for cycle in selectors.evaluated_cycles()[:3]
    ]
    upcoming = selectors.next_cycle()
    return {
        "upcoming": upcoming,
        "steering": policy_defaults.suggestions(upcoming) if upcoming else [],
        "generated": timezone.localtime(),
        "latest": sorted(latest.values(), key=lambda r: r.unit.code),
        "sectors": selectors.sector_series(rows),
        "cycles": cycles,
        "tracking": selectors.tracking(),
    }


def render_pdf(target: Path) -> Path:
    from weasyprint import HTML

    html = render_to_string("evaluation/report_pdf.html", report_context())
    target.parent.mkdir(parents=True, exist_ok=True)
    HTML(string=html, base_url=str(settings.PACKAGE_DIR)).write_pdf(target)
    return target


def report_path(report_id: int) -> Path:
    return Path(settings.OUTPUT_DIR) / "evaluasi" / f"laporan-monitoring-{report_id}.pdf"
