"""What ``mutasi demo`` runs after building the data: each stage of the pipeline that exists.

One function, ``run_pipeline(stdout)``, so that the command and tests run the same steps in the
same order. Steps added by later stages (needs analysis, plan) go here, after the export.
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


def run_pipeline(stdout: TextIO) -> dict[str, Path]:
    """Run every pipeline step on the current data; returns the files written, by step."""
    outputs: dict[str, Path] = {}
    outputs["workbook"] = export_step(stdout)
    return outputs
