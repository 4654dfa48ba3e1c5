# ruff: noqa: E501  (the column tables keep one column per line)
"""The training stage's sheets of the import workbook, registered with the people app's sheet
registry from ``TrainingConfig.ready()``: ``kompetensi``, ``penilaian_kompetensi``,
``katalog_diklat`` and ``sesi_diklat``.

Cells are read as text (dates as dates) and then checked by the same parsers the pages use
(``training.sheets``), so a workbook row and a form row can never disagree about what is valid.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy

from mutasi.people.models import Competency
from mutasi.people.registry import ImportContext, Record, SheetCounts, SheetPlugin
from mutasi.people.workbook import Column, Kind, Sheet

from . import sheets
from .models import Assessment, Course, CourseSession
from .services import apply_sheets

_T = Kind.TEXT

KOMPETENSI = Sheet(
    sheets.KOMPETENSI,
    "people.Competency",
    key=("nama",),
    note=gettext_lazy("Kamus kompetensi (PermenPANRB 38/2017), opsional."),
    columns=(
        Column("nama", _T, "name", gettext_lazy("nama kompetensi"), True, 120),
        Column("jenis", _T, "training_profile__kind", gettext_lazy("teknis, manajerial atau sosial kultural"), True, example="teknis"),
        Column("deskripsi", _T, "description", gettext_lazy("uraian singkat")),
    ),
)  # fmt: skip
PENILAIAN = Sheet(
    sheets.PENILAIAN,
    "training.Assessment",
    key=("nip", "kompetensi", "tanggal"),
    note=gettext_lazy("Penilaian kompetensi bertanggal; yang terakhir berlaku (opsional)."),
    columns=(
        Column("nip", _T, "employee__nip", gettext_lazy("NIP pegawai"), True, 18),
        Column("kompetensi", _T, "competency__name", gettext_lazy("nama kompetensi dari kamus"), True, 120),
        Column("level", _T, "level", gettext_lazy("level 1–5"), True, example="3"),
        Column("tanggal", Kind.DATE, "assessed_on", gettext_lazy("tanggal penilaian (YYYY-MM-DD)"), True),
        Column("sumber", _T, "source", gettext_lazy("mis. assessment center"), max_length=120),
    ),
)  # fmt: skip
KATALOG = Sheet(
    sheets.KATALOG,
    "training.Course",
    key=("kode_diklat",),
    note=gettext_lazy("Katalog diklat (opsional)."),
    columns=(
        Column("kode_diklat", _T, "code", gettext_lazy("kode diklat"), True, 40),
        Column("nama_diklat", _T, "name", gettext_lazy("nama diklat"), True, 200),
        Column("kompetensi", _T, "raises", gettext_lazy("kompetensi yang ditingkatkan: nama:level;… (level 1–5)"), True, example="jaringan komputer:3"),
        Column("jp", _T, "jp", gettext_lazy("jam pelajaran, bilangan bulat"), True, example="24"),
        Column("biaya", _T, "cost", gettext_lazy("biaya per peserta (rupiah), tidak negatif"), True, example="3000000"),
        Column("penyelenggara", _T, "provider", gettext_lazy("penyelenggara"), max_length=160),
        Column("moda", _T, "mode", gettext_lazy("klasikal, e-learning, blended atau coaching/mentoring"), True, example="klasikal"),
    ),
)  # fmt: skip
SESI = Sheet(
    sheets.SESI,
    "training.CourseSession",
    key=("kode_sesi",),
    note=gettext_lazy("Jadwal sesi diklat (opsional)."),
    columns=(
        Column("kode_sesi", _T, "code", gettext_lazy("kode sesi"), True, 40),
        Column("kode_diklat", _T, "course__code", gettext_lazy("kode diklat dari sheet katalog_diklat"), True, 40),
        Column("tanggal_mulai", Kind.SCHEDULE, "start", gettext_lazy("tanggal mulai (YYYY-MM-DD)"), True),
        Column("tanggal_selesai", Kind.SCHEDULE, "end", gettext_lazy("tanggal selesai, tidak sebelum tanggal mulai"), True),
        Column("tempat", _T, "place", gettext_lazy("tempat"), max_length=160),
        Column("kursi", _T, "seats", gettext_lazy("jumlah kursi, bilangan bulat"), True, example="30"),
    ),
)  # fmt: skip

_PARSED = "training.parsed"


def _rows(records: list[Record]) -> list[sheets.Row]:
    return [sheets.Row(r.row, r.values) for r in records if r.ok]


def _report(context: ImportContext, problems: list[sheets.Problem]) -> None:
    for p in problems:
        context.error(p.sheet, p.row, p.column, p.value, p.message)


def _known_competencies(context: ImportContext) -> set[str]:
    names = {n.lower() for n in Competency.objects.values_list("name", flat=True)}
    names |= sheets.keys_of(_rows(context.records.get(sheets.KOMPETENSI, [])), "nama", lower=True)
    for sheet in ("jabatan", "pegawai"):
        for rec in context.records.get(sheet, []):
            names |= {str(k).lower() for k in (rec.values.get("kompetensi") or {})}
    return names


def _parsed(context: ImportContext) -> dict[str, Any]:
    parsed: dict[str, Any] = context.extra.setdefault(_PARSED, {})
    return parsed


def validate_competencies(context: ImportContext, records: list[Record]) -> None:
    result = sheets.parse_competencies(_rows(records))
    _report(context, result.problems)
    _parsed(context)[sheets.KOMPETENSI] = result.records


def validate_assessments(context: ImportContext, records: list[Record]) -> None:
    result = sheets.parse_assessments(
        _rows(records), competencies=_known_competencies(context), nips=context.known_nips
    )
    _report(context, result.problems)
    _parsed(context)[sheets.PENILAIAN] = result.records


def validate_courses(context: ImportContext, records: list[Record]) -> None:
    result = sheets.parse_courses(_rows(records), competencies=_known_competencies(context))
    _report(context, result.problems)
    _parsed(context)[sheets.KATALOG] = result.records


def validate_sessions(context: ImportContext, records: list[Record]) -> None:
    courses = set(Course.objects.values_list("code", flat=True))
    courses |= sheets.keys_of(_rows(context.records.get(sheets.KATALOG, [])), "kode_diklat")
    result = sheets.parse_sessions(_rows(records), courses=courses)
    _report(context, result.problems)
    _parsed(context)[sheets.SESI] = result.records


def _applier(name: str, existing: Any, key: Any) -> Any:
    def apply(context: ImportContext, records: list[Record]) -> SheetCounts:
        rows = _parsed(context).get(name, [])
        before = existing()
        apply_sheets({name: rows})
        new = sum(1 for r in rows if key(r) not in before)
        return SheetCounts(new=new, updated=len(rows) - new)

    return apply


def _competency_rows(for_csv: bool) -> Iterator[list[Any]]:
    rows = (
        Competency.objects.filter(training_profile__isnull=False)
        .order_by("name")
        .values_list("name", "training_profile__kind", "description")
    )
    for name, kind, description in rows:
        yield [name, kind, description or None]


def _course_rows(for_csv: bool) -> Iterator[list[Any]]:
    for c in Course.objects.order_by("code"):
        raises = ";".join(f"{k}:{v}" for k, v in sorted(c.raises.items()))
        yield [c.code, c.name, raises, c.jp, int(c.cost), c.provider or None, c.mode]


PLUGINS = (
    SheetPlugin(
        KOMPETENSI,
        validate_competencies,
        _applier(
            sheets.KOMPETENSI,
            lambda: {n.lower() for n in Competency.objects.values_list("name", flat=True)},
            lambda r: r["name"],
        ),
        after=("pegawai",),
        export_rows=_competency_rows,
    ),
    SheetPlugin(
        PENILAIAN,
        validate_assessments,
        _applier(
            sheets.PENILAIAN,
            lambda: set(
                Assessment.objects.values_list("employee__nip", "competency__name", "assessed_on")
            ),
            lambda r: (r["nip"], r["competency"], r["assessed_on"]),
        ),
        after=(sheets.KOMPETENSI,),
    ),
    SheetPlugin(
        KATALOG,
        validate_courses,
        _applier(
            sheets.KATALOG,
            lambda: set(Course.objects.values_list("code", flat=True)),
            lambda r: r["code"],
        ),
        after=(sheets.KOMPETENSI,),
        export_rows=_course_rows,
    ),
    SheetPlugin(
        SESI,
        validate_sessions,
        _applier(
            sheets.SESI,
            lambda: set(CourseSession.objects.values_list("code", flat=True)),
            lambda r: r["code"],
        ),
        after=(sheets.KATALOG,),
    ),
)
