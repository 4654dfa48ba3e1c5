"""Background work of the evaluation stage (django-tasks; ``mutasi serve`` starts the worker)."""

from __future__ import annotations

import logging

from django_tasks import task

from .models import MonitoringReport, ReportStatus

logger = logging.getLogger(__name__)


@task()
def render_report_task(report_id: int) -> str:
    from . import report

    stored = MonitoringReport.objects.get(pk=report_id)
    try:
        path = report.render_pdf(report.report_path(report_id))
    except Exception:
        logger.exception("monitoring report %s failed", report_id)
        stored.status = ReportStatus.FAILED
        stored.error = "render"
        stored.save(update_fields=["status", "error"])
        return ReportStatus.FAILED
    stored.status = ReportStatus.DONE
    stored.file = str(path)
    stored.save(update_fields=["status", "file"])
    return ReportStatus.DONE
