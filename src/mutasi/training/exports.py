"""The training plan as rows, CSV, xlsx and an iCalendar file; participant lists per session.

Column names are stable keys (Indonesian, like the workbook's): nip, nama, kode_diklat,
nama_diklat, kode_sesi, tanggal_mulai, jp, biaya, gap_ditutup.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable, Sequence
from typing import Any

from mutasi.core.tables import csv_text, text_table
from mutasi.core.xlsx import text_safe

from .models import CourseSession, Enrolment, TrainingPlan

PLAN_COLUMNS = (
    "nip",
    "nama",
    "kode_diklat",
    "nama_diklat",
    "kode_sesi",
    "tanggal_mulai",
    "jp",
    "biaya",
    "gap_ditutup",
)
PARTICIPANT_COLUMNS = ("nip", "nama", "unit", "kehadiran", "tanggal_selesai", "sertifikat")
JP_COLUMNS = ("nip", "nama", "unit", "jp", "jp_minimal", "di_bawah_minimal")


def plan_rows(tp: TrainingPlan) -> list[tuple[Any, ...]]:
    rows = tp.enrolments.select_related("employee", "session__course").order_by(
        "employee__nip", "session__start", "session__code"
    )
    return [
        (
            e.employee.nip,
            e.employee.name,
            e.session.course.code,
            e.session.course.name,
            e.session.code,
            e.session.start.isoformat(),
            e.session.course.jp,
            int(e.session.course.cost),
            round(e.gap_closed, 2),
        )
        for e in rows
    ]


def participant_rows(
    session: CourseSession, tp: TrainingPlan | None = None
) -> list[tuple[Any, ...]]:
    rows = Enrolment.objects.filter(session=session).select_related("employee__position__unit")
    if tp is not None:
        rows = rows.filter(training_plan=tp)
    seen: set[int] = set()
    out = []
    for e in rows.order_by("employee__nip"):
        if e.employee_id in seen:
            continue
        seen.add(e.employee_id)
        out.append(
            (
                e.employee.nip,
                e.employee.name,
                e.employee.position.unit.name,
                e.get_attendance_display(),
                e.completed_on.isoformat() if e.completed_on else "",
                e.certificate,
            )
        )
    return out


def to_csv(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    return csv_text(columns, rows)


def to_text(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    return text_table(columns, rows)


def to_xlsx(sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Any]]]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for title, columns, rows in sheets:
        sheet = workbook.create_sheet(title=title[:31])
        header = []
        for name in columns:
            cell = WriteOnlyCell(sheet, value=name)
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for row in rows:
            sheet.append(text_safe(sheet, row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def plan_xlsx(tp: TrainingPlan, unfunded_rows: Sequence[Sequence[Any]]) -> bytes:
    return to_xlsx(
        [
            ("rencana_pelatihan", PLAN_COLUMNS, plan_rows(tp)),
            ("tidak_terdanai", ("nip", "kompetensi", "level", "alasan"), unfunded_rows),
        ]
    )


def calendar(sessions: Iterable[CourseSession], *, name: str) -> bytes:
    """One all-day event per session (end exclusive, as RFC 5545 asks for DATE values)."""
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//Mutasi//Pelatihan//ID")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    stamp = datetime.datetime.now(datetime.UTC)
    for s in sessions:
        event = Event()
        event.add("uid", f"sesi-{s.code}@mutasi")
        event.add("dtstamp", stamp)
        event.add("summary", f"{s.course.code} {s.course.name}")
        event.add("dtstart", s.start)
        event.add("dtend", s.end + datetime.timedelta(days=1))
        if s.place:
            event.add("location", s.place)
        event.add("description", f"{s.code} · {s.course.jp} JP")
        cal.add_component(event)
    return bytes(cal.to_ical())
