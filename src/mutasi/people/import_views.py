"""The web import: upload a workbook, see its preview, confirm it. Planners only.

The upload is stored under the data folder and checked in the background (``tasks``); the preview
lists the rows per sheet and every error and warning, downloadable as .xlsx. Nothing reaches the
workforce tables until the planner confirms, and then the same all-or-nothing import as
``mutasi import`` runs.
"""

from __future__ import annotations

import io
import logging

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from mutasi.core.permissions import planner_required
from mutasi.core.xlsx import text_safe

from . import importer, registry, services
from .models import ImportStatus, ImportUpload

logger = logging.getLogger(__name__)

ISSUES_PER_PAGE = 100
RECENT_UPLOADS = 20


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Workbook (.xlsx)"))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["file"].widget.attrs["accept"] = ".xlsx"


@planner_required
def import_list(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    too_big = getattr(request, "upload_too_big", 0)  # set by core.uploads while reading the body
    if too_big:
        form = UploadForm({})
        form.is_valid()
        try:
            importer.check_size(max(too_big, int(request.META.get("CONTENT_LENGTH") or 0)))
        except importer.UnreadableFile as exc:
            form.errors["file"] = form.error_class([str(exc)])
    elif request.method == "POST" and form.is_valid():
        try:
            upload = services.do_upload_workbook(
                form.cleaned_data["file"], acting_user=request.user
            )
        except services.UploadRefused as exc:
            form.add_error("file", str(exc))
        else:
            return redirect("people:import_detail", pk=upload.pk)
    uploads = ImportUpload.objects.select_related("uploaded_by")[:RECENT_UPLOADS]
    return render(
        request,
        "people/import_list.html",
        {
            "form": form,
            "uploads": uploads,
            "max_mb": importer.max_megabytes(),
            "max_rows": importer.max_rows(),
            "sheets": registry.sheets(),
        },
        status=400 if form.errors else 200,
    )


def _issue_rows(upload: ImportUpload) -> list[tuple[str, list[object]]]:
    return [(_("kesalahan"), row) for row in upload.errors] + [
        (_("peringatan"), row) for row in upload.warnings
    ]


@planner_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    upload = get_object_or_404(ImportUpload.objects.select_related("uploaded_by"), pk=pk)
    upload = services.mark_stale_upload(upload)
    order = [s.name for s in registry.sheets()]
    counts = sorted(
        upload.counts.items(), key=lambda item: order.index(item[0]) if item[0] in order else 99
    )
    page = Paginator(_issue_rows(upload), ISSUES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "people/import_detail.html",
        {
            "upload": upload,
            "counts": counts,
            "page": page,
            "query": "",
            "can_apply": upload.status == ImportStatus.READY,
        },
    )


@planner_required
@require_POST
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    upload = get_object_or_404(ImportUpload, pk=pk)
    try:
        services.do_confirm_upload(upload, acting_user=request.user)
    except services.NotReady:
        messages.error(request, _("Unggahan ini tidak dapat diterapkan (belum siap atau sudah)."))
    return redirect("people:import_detail", pk=upload.pk)


ISSUE_COLUMNS = ["jenis", "sheet", "baris", "kolom", "nilai", "keterangan"]


@planner_required
def import_issues_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    """Every error and warning of an upload's check, as a workbook."""
    from openpyxl import Workbook

    upload = get_object_or_404(ImportUpload, pk=pk)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("masalah")
    sheet.append(ISSUE_COLUMNS)
    for level, row in _issue_rows(upload):
        sheet.append(text_safe(sheet, [level, *row]))
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="masalah-impor-{upload.pk}.xlsx"'
    return response
