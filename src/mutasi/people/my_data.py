""" "Data saya": a logged-in user downloads everything Mutasi holds about them (UU 27/2022).

Their account and login records, and for an employee every section the apps registered
(``mutasi.core.privacy.register_personal_data``): the employee record, position history,
preferences, aspirations, consultations, published moves. As JSON or as a workbook with one
sheet per section.
"""

from __future__ import annotations

import io
import json
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from mutasi.core.privacy import personal_data
from mutasi.core.privacy_kinds import account, login_records
from mutasi.core.xlsx import text_safe


def collect(user: Any) -> dict[str, list[dict[str, Any]]]:
    data = {"akun": account(user), "catatan_masuk": login_records(user)}
    employee = getattr(getattr(user, "profile", None), "employee", None)
    if employee is not None:
        data.update(personal_data(employee))
    return data


def _cell(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, cls=DjangoJSONEncoder)
    if hasattr(value, "tzinfo") and getattr(value, "tzinfo", None) is not None:
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def as_xlsx(data: dict[str, list[dict[str, Any]]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for section, rows in data.items():
        sheet = book.create_sheet(section[:31])
        columns = list(rows[0]) if rows else []
        sheet.append(text_safe(sheet, columns))
        for row in rows:
            sheet.append(text_safe(sheet, [_cell(row.get(c)) for c in columns]))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    data = collect(request.user)
    stamp = timezone.localdate().isoformat()
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(
            as_xlsx(data),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="data-saya-{stamp}.xlsx"'
    else:
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="data-saya-{stamp}.json"'
    return response
