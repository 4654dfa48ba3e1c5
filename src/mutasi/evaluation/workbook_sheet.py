"""``survei_skm`` in the import workbook: registered with the people app's sheet registry from
``EvaluationConfig.ready()``. The cells are read as text and checked by ``sheets.parse_skm_rows``
(the same rules as the evaluation's own upload page), so a wrong answer is named the same way
wherever the sheet comes from."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy

from mutasi.people.registry import ImportContext, Record, SheetCounts, SheetPlugin
from mutasi.people.workbook import Column, Kind, Sheet

from . import sheets
from .models import PublicResponse, Source

_ANSWER_NOTE = gettext_lazy("jawaban unsur, 1 (tidak baik) sampai 4 (sangat baik)")

SURVEI_SKM = Sheet(
    sheets.SHEET,
    "evaluation.PublicResponse",
    key=("kode_unit", "periode", "responden"),
    note=gettext_lazy(
        "Kuesioner Survei Kepuasan Masyarakat (PermenPANRB 14/2017) yang diisi di kertas, satu "
        "baris per responden (opsional)."
    ),
    columns=(
        Column(
            "kode_unit",
            Kind.TEXT,
            "unit__code",
            gettext_lazy("kode unit layanan dari sheet unit_kerja"),
            True,
            40,
            example="DINKES.PKM001",
        ),
        Column(
            "periode",
            Kind.TEXT,
            "period",
            gettext_lazy("periode survei: 2026, 2026-S1 (semester) atau 2026-T3 (triwulan)"),
            True,
            10,
            example="2026-S1",
        ),
        Column(
            "responden",
            Kind.TEXT,
            "respondent_ref",
            gettext_lazy("nomor kuesioner dalam unit dan periode itu"),
            True,
            40,
            example="1",
        ),
        *(
            Column(f"u{i}", Kind.TEXT, f"u{i}", _ANSWER_NOTE, True, 10, example="3")
            for i in range(1, 10)
        ),
        Column("jenis_kelamin", Kind.TEXT, "gender", gettext_lazy("L atau P"), max_length=1),
        Column("usia", Kind.TEXT, "age", gettext_lazy("usia responden (tahun)"), max_length=3),
        Column(
            "pendidikan",
            Kind.TEXT,
            "education",
            gettext_lazy("SD, SMP, SMA, D1-D4, S1 atau S2+"),
            max_length=10,
        ),
        Column(
            "pekerjaan",
            Kind.TEXT,
            "occupation",
            gettext_lazy("pns, swasta, wiraswasta, pelajar atau lainnya"),
            max_length=20,
        ),
        Column("saran", Kind.TEXT, "comment", gettext_lazy("saran dan masukan"), max_length=2000),
    ),
)


def _parsed(context: ImportContext, records: list[Record]) -> sheets.ParsedSheet:
    return sheets.parse_skm_rows(
        ((rec.row, rec.values) for rec in records if rec.ok),
        unit_codes=context.known_units,
        today=context.today,
    )


def validate_skm(context: ImportContext, records: list[Record]) -> None:
    for issue in _parsed(context, records).issues:
        context.error(SURVEI_SKM, issue.row, issue.column, issue.value, issue.message)


def apply_skm(context: ImportContext, records: list[Record]) -> SheetCounts:
    from .services import apply_skm_rows

    counts = apply_skm_rows(_parsed(context, records).rows)
    return SheetCounts(new=counts.new, updated=counts.updated, unchanged=counts.unchanged)


def export_skm(for_csv: bool) -> Iterator[list[Any]]:
    """The paper answers only: online answers have no questionnaire number to import back."""
    for r in (
        PublicResponse.objects.filter(source=Source.PAPER)
        .select_related("unit")
        .order_by("unit__code", "period", "respondent_ref")
    ):
        yield [
            r.unit.code,
            r.period,
            r.respondent_ref,
            *r.answers,
            r.gender,
            "" if r.age is None else r.age,
            r.education,
            r.occupation,
            r.comment,
        ]


PLUGIN = SheetPlugin(
    SURVEI_SKM, validate_skm, apply_skm, after=("unit_kerja",), export_rows=export_skm
)
