# ruff: noqa: E501  (the snapshot lists columns one model per line)
"""Export writes the import format back: export → import of the same data changes nothing."""

from __future__ import annotations

import datetime
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import call_command

from mutasi.evaluation.models import PublicResponse
from mutasi.needs.models import WorkloadTask
from mutasi.participation.models import Preference
from mutasi.people.exporter import export_workbook
from mutasi.people.importer import SheetCounts
from mutasi.people.models import Employee, Position, PositionHistory, Unit
from mutasi.people.registry import sheets
from mutasi.people.services import do_import_workbook
from mutasi.people.workbook import PEGAWAI
from tests.factories import make_employee, make_position, make_unit
from tests.people.test_import import base, import_ok, write_xlsx

pytestmark = pytest.mark.django_db


def natural_snapshot() -> dict[str, list[tuple]]:
    """The stored data by natural keys (codes, NIPs), independent of database ids."""
    return {
        "units": list(
            Unit.objects.order_by("code").values_list("code", "name", "parent__code", "sector", "kecamatan")
        ),
        "positions": list(
            Position.objects.order_by("code").values_list(
                "code", "unit__code", "name", "kind", "job_family", "gol_min", "gol_max",
                "education_min", "majors", "certificate", "competencies", "formation",
            )
        ),
        "employees": [
            # nilai_potensi to 15 significant digits: what the .xlsx format keeps of a float
            (*row[:12], None if row[12] is None else float(f"{row[12]:.15g}"), *row[13:])
            for row in Employee.objects.order_by("nip").values_list(
                "nip", "name", "birth_date", "gender", "employee_type", "golongan", "education",
                "major", "position__code", "position_start", "home_kecamatan", "performance",
                "potential", "competencies", "certificates", "spouse_nip",
            )
        ],
        "history": list(
            PositionHistory.objects.order_by("employee__nip", "start").values_list(
                "employee__nip", "position__code", "position_name", "job_family", "start", "end"
            )
        ),
        "tasks": list(
            WorkloadTask.objects.order_by("position__code", "description").values_list(
                "position__code", "description", "output_unit", "volume_per_year", "minutes_per_unit"
            )
        ),
        "preferences": list(
            Preference.objects.order_by("employee__nip", "rank").values_list(
                "employee__nip", "rank", "position__code"
            )
        ),
        "survei_skm": list(
            PublicResponse.objects.filter(source="paper").order_by("unit__code", "period", "respondent_ref").values_list(
                "unit__code", "period", "respondent_ref", "u1", "u2", "u3", "u4", "u5", "u6", "u7",
                "u8", "u9", "gender", "age", "education", "occupation", "comment",
            )
        ),
    }  # fmt: skip


# The workbook sheet each part of ``natural_snapshot`` is written to.
SNAPSHOT_SHEETS = {
    "units": "unit_kerja",
    "positions": "jabatan",
    "employees": "pegawai",
    "history": "riwayat_jabatan",
    "tasks": "beban_kerja",
    "preferences": "preferensi",
    "survei_skm": "survei_skm",
}


def wipe() -> None:
    PublicResponse.objects.all().delete()
    Preference.objects.all().delete()
    WorkloadTask.objects.all().delete()
    PositionHistory.objects.all().delete()
    Employee.objects.all().delete()
    Position.objects.all().delete()
    Unit.objects.filter(parent__isnull=False).delete()
    Unit.objects.all().delete()


def data_made_outside_the_import() -> None:
    """Rows as other parts of the app make them: odd decimals, floats, empty optional fields."""
    opd = make_unit("OPD1", kecamatan="")
    sub = make_unit("SUB1", parent=opd, name='Bidang, "Umum"; satu')
    post = make_position(sub, "P1", gol_min="", gol_max="", formation=None, majors=[])
    other = make_position(opd, "P2", competencies={"analisis data": 4}, majors=["Statistika"])
    person = make_employee(
        post,
        potential=100 / 3,
        competencies={"analisis data": 2},
        certificates=["Brevet A", "STR"],
        performance="sangat baik",
        birth_date=datetime.date(1970, 2, 28),
        gender="P",
    )
    PositionHistory.objects.create(
        employee=person, position=other, position_name=other.name, job_family="x",
        start=datetime.date(2000, 3, 1), end=None,
    )  # fmt: skip
    WorkloadTask.objects.create(
        position=post, description="Tugas; dengan koma, dan \"kutip\"", output_unit="",
        volume_per_year=Decimal("1234567.89"), minutes_per_unit=Decimal("0.25"),
    )  # fmt: skip
    Preference.objects.create(employee=person, rank=1, position=other, source="web")
    Preference.objects.create(employee=person, rank=3, position=post, source="web")
    PublicResponse.objects.create(
        unit=sub, period="2026-S1", source="paper", respondent_ref="7", u1=1, u2=2, u3=3, u4=4,
        u5=4, u6=3, u7=2, u8=1, u9=4, gender="P", age=33, comment='Antre "lama", kursi; kurang',
    )  # fmt: skip
    PublicResponse.objects.create(
        unit=opd,
        period="2026-S1",
        source="paper",
        respondent_ref="8",
        **{f"u{i}": 3 for i in range(1, 10)},
    )


@pytest.mark.parametrize("target", ["export.xlsx", "export-csv"])
def test_importing_an_export_of_the_same_data_reports_everything_unchanged(tmp_path, target):
    import_ok(write_xlsx(tmp_path / "base.xlsx", base()))
    data_made_outside_the_import()
    before = natural_snapshot()

    written = export_workbook(tmp_path / target)
    report = import_ok(tmp_path / target)

    # the sheets of this snapshot have rows; the sheets other stages register are empty here
    assert written == {
        **dict.fromkeys(written, 0),
        **{SNAPSHOT_SHEETS[key]: len(rows) for key, rows in before.items()},
    }
    assert [s.name for s in sheets()] == list(written)
    assert all(c == SheetCounts(unchanged=c.unchanged) for c in report.counts.values())
    assert {s: c.unchanged for s, c in report.counts.items()} == written
    assert natural_snapshot() == before


@pytest.mark.parametrize("target", ["export.xlsx", "export-csv"])
def test_an_export_imported_into_an_empty_database_gives_back_the_same_data(tmp_path, target):
    import_ok(write_xlsx(tmp_path / "base.xlsx", base()))
    data_made_outside_the_import()
    before = natural_snapshot()
    export_workbook(tmp_path / target)
    wipe()

    report = import_ok(tmp_path / target)

    assert report.counts["pegawai"].new == len(before["employees"])
    assert natural_snapshot() == before


def test_the_export_writes_the_import_columns_with_iso_dates(tmp_path):
    import_ok(write_xlsx(tmp_path / "base.xlsx", base()))
    export_workbook(tmp_path / "out.xlsx")
    book = openpyxl.load_workbook(tmp_path / "out.xlsx")
    assert book.sheetnames == ["catatan", *(s.name for s in sheets())]
    for sheet in sheets():
        header = [c.value for c in next(book[sheet.name].iter_rows(max_row=1))]
        assert header == sheet.column_names
    row = list(book["pegawai"][2])
    assert row[0].value == "198501012010011001" and row[0].data_type == "s"
    assert row[2].value == datetime.datetime(1985, 1, 1) and row[2].number_format == "yyyy-mm-dd"

    export_workbook(tmp_path / "csv")
    lines = (tmp_path / "csv" / "pegawai.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == ",".join(PEGAWAI.column_names)
    assert lines[1].startswith("198501012010011001,Budi Santoso,1985-01-01,L,PNS,III/a,D3")


def test_the_export_command_prints_rows_per_sheet(tmp_path, capsys):
    import_ok(write_xlsx(tmp_path / "base.xlsx", base()))
    call_command("export", str(tmp_path / "out.xlsx"), format="csv")
    assert capsys.readouterr().out.splitlines() == [
        "sheet,baris",
        "unit_kerja,2",
        "jabatan,2",
        "pegawai,2",
        "riwayat_jabatan,2",
        "beban_kerja,2",
        "preferensi,2",
        "kompetensi,0",
        "penilaian_kompetensi,0",
        "katalog_diklat,0",
        "sesi_diklat,0",
        "survei_skm,2",
    ]
    assert do_import_workbook(tmp_path / "out.xlsx", acting_user=None).ok
