"""The leadership's PDF is rendered by the real background worker (django-tasks' database
backend, as configured in settings), not inline."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from mutasi.core.models import AuditEntry
from mutasi.evaluation.models import MonitoringReport, ReportStatus

from .test_agreement import SHEET


@pytest.mark.slow
# Transactional: the worker closes its database connection when it is done, as a real worker
# does, which would end a test wrapped in one transaction on PostgreSQL.
@pytest.mark.django_db(transaction=True)
def test_the_report_is_rendered_by_the_worker_and_downloaded(
    client, units, planner, tmp_path, settings, django_capture_on_commit_callbacks
):
    from mutasi.evaluation import services

    assert settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    settings.OUTPUT_DIR = tmp_path
    services.do_import_skm(SHEET, acting_user=planner)
    client.force_login(planner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("evaluation:report_request"))
    assert response.status_code == 302
    report = MonitoringReport.objects.get()
    assert report.status == ReportStatus.QUEUED  # nothing rendered in the request
    assert AuditEntry.objects.filter(action="evaluation.queue_report").exists()
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE, report.error
    assert Path(report.file).read_bytes().startswith(b"%PDF")
    download = client.get(reverse("evaluation:report_download", args=[report.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
