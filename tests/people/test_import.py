# ruff: noqa: E501  (expected messages are quoted whole)
"""Importing the workbook: a good file lands in every table; a bad one changes nothing at all.

The helpers at the top build workbooks from plain rows; test_export and test_template use them too.
"""

from __future__ import annotations

import copy
import csv
import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from mutasi.core.models import AuditEntry
from mutasi.evaluation.models import PublicResponse
from mutasi.needs.models import WorkloadTask
from mutasi.participation.models import Preference
from mutasi.people.importer import ImportReport, Issue, SheetCounts
from mutasi.people.models import Competency, Employee, Position, PositionHistory, Unit
from mutasi.people.registry import sheets_by_name
from mutasi.people.services import do_import_workbook
from mutasi.people.workbook import (
    FORMULA_ERRORS,
    CellProblem,
    FormulaError,
    Kind,
    parse_cell,
)
from tests.factories import make_planner

pytestmark = pytest.mark.django_db

BUDI = "198501012010011001"
SITI = "199002022021212002"  # an NI PPPK: appointed 2021, marker 21
BASE: dict[str, list[dict[str, Any]]] = {
    "unit_kerja": [
        {"kode_unit": "U01", "nama_unit": "Dinas Kesehatan", "sektor": "kesehatan",
         "kecamatan": "Kota Bukitintan"},
        {"kode_unit": "U02", "nama_unit": "Puskesmas Kota", "kode_induk": "U01",
         "sektor": "kesehatan", "kecamatan": "Kota Bukitintan"},
    ],
    "jabatan": [
        {"kode_jabatan": "J01", "kode_unit": "U02", "nama_jabatan": "Perawat Ahli Pertama",
         "jenis_jabatan": "fungsional", "rumpun": "kesehatan", "gol_min": "III/a",
         "gol_max": "III/d", "pendidikan_min": "D3", "jurusan": "Keperawatan;Kebidanan",
         "sertifikasi": "STR", "kompetensi": "asuhan keperawatan:3", "kebutuhan": 4},
        {"kode_jabatan": "J02", "kode_unit": "U01", "nama_jabatan": "Pengadministrasi Umum",
         "jenis_jabatan": "pelaksana", "rumpun": "administrasi", "gol_min": "II/a",
         "gol_max": "III/b", "pendidikan_min": "SMA", "kebutuhan": 2},
    ],
    "pegawai": [
        {"nip": BUDI, "nama": "Budi Santoso", "tanggal_lahir": datetime.date(1985, 1, 1),
         "jenis_kelamin": "L", "jenis_pegawai": "PNS", "golongan": "III/a", "pendidikan": "D3",
         "jurusan": "Keperawatan", "kode_jabatan": "J01", "tmt_jabatan": datetime.date(2020, 1, 1),
         "kecamatan_domisili": "Kota Bukitintan", "predikat_kinerja": "baik",
         "nilai_potensi": 70.5, "kompetensi": "asuhan keperawatan:3;komunikasi:2",
         "sertifikasi": "STR", "nip_pasangan": SITI},
        {"nip": SITI, "nama": "Siti Aminah", "tanggal_lahir": "1990-02-02",
         "jenis_kelamin": "P", "jenis_pegawai": "PPPK", "golongan": "IX", "pendidikan": "S1",
         "kode_jabatan": "J02", "tmt_jabatan": "2021-03-01"},
    ],
    "riwayat_jabatan": [
        {"nip": BUDI, "kode_jabatan": "J02", "tmt_mulai": datetime.date(2012, 1, 1),
         "tmt_selesai": datetime.date(2019, 12, 31)},
        {"nip": BUDI, "nama_jabatan": "Perawat Terampil", "rumpun": "kesehatan",
         "tmt_mulai": datetime.date(2010, 1, 1), "tmt_selesai": datetime.date(2011, 12, 31)},
    ],
    "beban_kerja": [
        {"kode_jabatan": "J01", "uraian_tugas": "Asuhan keperawatan pasien",
         "satuan_hasil": "pasien", "volume_per_tahun": 2000, "waktu_menit": 30},
        {"kode_jabatan": "J02", "uraian_tugas": "Mengagendakan surat masuk",
         "satuan_hasil": "surat", "volume_per_tahun": 5000.5, "waktu_menit": 10},
    ],
    "preferensi": [
        {"nip": BUDI, "urutan": 1, "kode_jabatan": "J02"},
        {"nip": BUDI, "urutan": 2, "kode_jabatan": "J01"},
    ],
    "survei_skm": [
        {"kode_unit": "U02", "periode": "2025-S2", "responden": 1, **{f"u{i}": 3 for i in range(1, 10)},
         "jenis_kelamin": "P", "usia": 40},
        {"kode_unit": "U02", "periode": "2025-S2", "responden": 2, **{f"u{i}": 4 for i in range(1, 10)},
         "saran": "Ruang tunggu sempit"},
    ],
}  # fmt: skip


def base() -> dict[str, list[dict[str, Any]]]:
    return copy.deepcopy(BASE)


def write_xlsx(path: Path, sheets: dict[str, list[dict[str, Any]]]) -> Path:
    """A workbook with every column of each given sheet (empty where a row has no value)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        columns = sheets_by_name()[name].column_names
        ws.append(columns)
        for row in rows:
            ws.append([row.get(c) for c in columns])
    book.save(path)
    return path


def write_csv_folder(folder: Path, sheets: dict[str, list[dict[str, Any]]], sep: str = ",") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in sheets.items():
        columns = sheets_by_name()[name].column_names
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out, delimiter=sep)
            writer.writerow(columns)
            for row in rows:
                writer.writerow(["" if row.get(c) is None else row.get(c) for c in columns])
    return folder


def snapshot() -> dict[str, list[dict[str, Any]]]:
    """Every row an import can touch, plus the audit log, for 'nothing changed' checks."""
    return {
        "units": list(Unit.objects.order_by("id").values()),
        "positions": list(Position.objects.order_by("id").values()),
        "employees": list(Employee.objects.order_by("id").values()),
        "history": list(PositionHistory.objects.order_by("id").values()),
        "tasks": list(WorkloadTask.objects.order_by("id").values()),
        "preferences": list(
            Preference.objects.order_by("id").values("employee_id", "rank", "position_id", "source")
        ),
        "competencies": list(Competency.objects.order_by("id").values()),
        "skm": list(PublicResponse.objects.order_by("id").values()),
        "audit": list(AuditEntry.objects.order_by("id").values("id")),
    }


def import_ok(path: Path, user: Any = None) -> ImportReport:
    report = do_import_workbook(path, acting_user=user)
    assert report.errors == []
    return report


@pytest.fixture
def imported(tmp_path):
    """The base workbook, already imported: a rejected file must leave exactly this."""
    import_ok(write_xlsx(tmp_path / "base.xlsx", base()))
    return snapshot()


def reject(tmp_path: Path, sheets: dict[str, list[dict[str, Any]]], before: Any) -> list[Issue]:
    """Import a bad file; check that nothing at all changed; return its errors."""
    report = do_import_workbook(write_xlsx(tmp_path / "bad.xlsx", sheets), acting_user=None)
    assert not report.ok
    assert report.counts == {}
    assert snapshot() == before
    return report.errors


# --- a good file ------------------------------------------------------------------------------


def test_it_imports_every_sheet_of_a_good_workbook(tmp_path):
    planner = make_planner()
    report = import_ok(write_xlsx(tmp_path / "data.xlsx", base()), planner)

    # (sheets of later stages that this file does not have count nothing)
    assert {s: c.new for s, c in report.counts.items() if c != SheetCounts()} == {
        "unit_kerja": 2,
        "jabatan": 2,
        "pegawai": 2,
        "riwayat_jabatan": 2,
        "beban_kerja": 2,
        "preferensi": 2,
        "survei_skm": 2,
    }
    assert report.warnings == []
    assert Unit.objects.get(code="U02").parent.code == "U01"
    nurse = Position.objects.get(code="J01")
    assert (nurse.unit.code, nurse.kind, nurse.gol_min, nurse.gol_max) == (
        "U02",
        "fungsional",
        "III/a",
        "III/d",
    )
    assert nurse.majors == ["Keperawatan", "Kebidanan"]
    assert nurse.competencies == {"asuhan keperawatan": 3}
    assert nurse.formation == 4
    budi = Employee.objects.get(nip=BUDI)
    assert budi.position == nurse
    assert budi.birth_date == datetime.date(1985, 1, 1)
    assert budi.competencies == {"asuhan keperawatan": 3, "komunikasi": 2}
    assert budi.certificates == ["STR"]
    assert (budi.potential, budi.performance, budi.spouse_nip) == (70.5, "baik", SITI)
    siti = Employee.objects.get(nip=SITI)
    assert (siti.employee_type, siti.golongan, siti.position_start) == (
        "PPPK",
        "IX",
        datetime.date(2021, 3, 1),
    )
    history = list(budi.history.order_by("start").values_list("position__code", "position_name"))
    assert history == [(None, "Perawat Terampil"), ("J02", "Pengadministrasi Umum")]
    task = WorkloadTask.objects.get(description="Mengagendakan surat masuk")
    assert (task.position.code, task.volume_per_year, task.minutes_per_unit) == (
        "J02",
        Decimal("5000.50"),
        Decimal("10.00"),
    )
    prefs = list(
        Preference.objects.filter(employee=budi).values_list("rank", "position__code", "source")
    )
    assert prefs == [(1, "J02", "import"), (2, "J01", "import")]
    assert set(Competency.objects.values_list("name", flat=True)) == {
        "asuhan keperawatan",
        "komunikasi",
    }
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor) == ("import", planner)
    assert entry.after["counts"]["pegawai"]["new"] == 2
    assert report.audit_entry_id == entry.pk


def test_reimporting_the_same_file_changes_nothing_and_says_so(tmp_path, imported):
    report = import_ok(write_xlsx(tmp_path / "again.xlsx", base()))

    in_file = [c for s, c in report.counts.items() if s in base()]
    assert all(c == SheetCounts(unchanged=2) for c in in_file), report.counts
    after = snapshot()
    assert after.pop("audit") != imported.pop("audit")  # one more entry: the second import
    assert after == imported


def test_reimport_updates_rows_in_place_by_their_key(tmp_path, imported):
    sheets = base()
    sheets["pegawai"][0]["golongan"] = "III/b"
    sheets["pegawai"][0]["kode_jabatan"] = "J02"
    sheets["unit_kerja"][1]["kode_induk"] = None  # U02 becomes an OPD of its own
    sheets["unit_kerja"].append(
        {
            "kode_unit": "U03",
            "nama_unit": "Pustu Sukamaju",
            "kode_induk": "U04",
            "sektor": "kesehatan",
        }
    )
    sheets["unit_kerja"].append(
        {"kode_unit": "U04", "nama_unit": "Puskesmas Sukamaju", "kode_induk": "U01", "sektor": "kesehatan"}
    )  # fmt: skip
    sheets["beban_kerja"][0]["volume_per_tahun"] = 2500
    sheets["preferensi"] = [{"nip": BUDI, "urutan": 1, "kode_jabatan": "J01"}]
    budi_id = Employee.objects.get(nip=BUDI).pk

    report = import_ok(write_xlsx(tmp_path / "changed.xlsx", sheets))

    assert report.counts["pegawai"] == SheetCounts(updated=1, unchanged=1)
    assert report.counts["unit_kerja"] == SheetCounts(new=2, updated=1, unchanged=1)
    assert report.counts["beban_kerja"] == SheetCounts(updated=1, unchanged=1)
    assert report.counts["preferensi"] == SheetCounts(updated=1, removed=1)
    budi = Employee.objects.get(nip=BUDI)
    assert (budi.pk, budi.golongan, budi.position.code) == (budi_id, "III/b", "J02")
    assert Unit.objects.get(code="U02").parent is None
    assert Unit.objects.get(code="U03").parent.code == "U04"
    assert Unit.objects.get(code="U04").parent.code == "U01"
    assert WorkloadTask.objects.get(position__code="J01").volume_per_year == 2500
    assert list(Preference.objects.values_list("rank", "position__code")) == [(1, "J01")]
    assert AuditEntry.objects.filter(action="import").count() == 2


def test_optional_sheets_may_be_left_out(tmp_path):
    sheets = {k: v for k, v in base().items() if k in ("unit_kerja", "jabatan", "pegawai")}
    report = import_ok(write_xlsx(tmp_path / "minimal.xlsx", sheets))
    assert report.counts["riwayat_jabatan"] == SheetCounts()
    assert Employee.objects.count() == 2


def test_an_optional_sheet_left_completely_empty_counts_as_absent(tmp_path):
    path = write_xlsx(tmp_path / "empty-sheet.xlsx", base())
    book = openpyxl.load_workbook(path)
    del book["preferensi"]
    book.create_sheet("preferensi")
    book.save(path)
    report = import_ok(path)
    assert report.counts["preferensi"] == SheetCounts()


def test_it_imports_a_folder_of_csv_files_with_comma_or_semicolon(tmp_path):
    report = import_ok(write_csv_folder(tmp_path / "csv", base()))
    assert report.counts["pegawai"].new == 2
    assert Employee.objects.get(nip=SITI).birth_date == datetime.date(1990, 2, 2)

    # The same data saved by Excel in the Indonesian locale: ';' separators, decimal comma.
    sheets = base()
    sheets["beban_kerja"][1]["volume_per_tahun"] = "5000,5"
    report = import_ok(write_csv_folder(tmp_path / "csv-id", sheets, sep=";"))
    assert all(c.new == 0 and c.updated == 0 for c in report.counts.values()), report.counts


def test_a_golongan_outside_the_posts_range_is_a_warning_not_an_error(tmp_path):
    sheets = base()
    sheets["pegawai"][0]["golongan"] = "II/c"  # J01 asks III/a–III/d

    report = import_ok(write_xlsx(tmp_path / "warn.xlsx", sheets))

    assert report.warnings == [
        Issue("pegawai", 2, "golongan", "II/c", "golongan II/c di luar rentang jabatan J01 (III/a–III/d)")
    ]  # fmt: skip
    assert Employee.objects.get(nip=BUDI).golongan == "II/c"


def test_pns_and_pppk_staff_in_the_real_nip_formats_import_with_their_preferences(tmp_path):
    # A PNS NIP carries the CPNS start month (2010 01); an NI PPPK carries the year of appointment
    # and the PPPK marker (2024, 21): 19890225 2024 21 1 013.
    pppk_man = "198902252024211013"
    sheets = base()
    sheets["pegawai"].append(
        {"nip": pppk_man, "nama": "Andi Pratama", "tanggal_lahir": "1989-02-25",
         "jenis_kelamin": "L", "jenis_pegawai": "PPPK", "golongan": "IX", "pendidikan": "S1",
         "kode_jabatan": "J01", "tmt_jabatan": "2024-03-01"}
    )  # fmt: skip
    sheets["preferensi"] += [
        {"nip": SITI, "urutan": 1, "kode_jabatan": "J01"},
        {"nip": pppk_man, "urutan": 1, "kode_jabatan": "J02"},
    ]
    report = import_ok(write_xlsx(tmp_path / "asn.xlsx", sheets))
    assert report.warnings == []
    assert report.counts["pegawai"].new == 3 and report.counts["preferensi"].new == 4
    kinds = dict(Employee.objects.values_list("nip", "employee_type"))
    assert kinds == {BUDI: "PNS", SITI: "PPPK", pppk_man: "PPPK"}
    assert Preference.objects.get(employee__nip=pppk_man).position.code == "J02"


def test_a_nip_must_follow_the_layout_of_its_rows_jenis_pegawai(tmp_path, imported):
    sheets = base()
    sheets["pegawai"][0]["nip"] = "198501012010211001"  # an NI PPPK layout on a PNS row
    sheets["pegawai"][0]["nip_pasangan"] = ""
    sheets["pegawai"][1]["nip"] = "199002022015012002"  # a PNS layout on a PPPK row
    sheets["riwayat_jabatan"], sheets["preferensi"] = [], []
    assert reject(tmp_path, sheets, imported) == [
        Issue("pegawai", 2, "nip", "198501012010211001",
              "digit 13–14 berisi penanda NI PPPK (21), padahal jenis_pegawai PNS; NIP PNS memuat"
              " bulan mulai CPNS (YYYYMM) di digit 9–14"),
        Issue("pegawai", 3, "nip", "199002022015012002",
              "NI PPPK harus memuat penanda PPPK di digit 13–14 (2 lalu digit periode, mis. 21),"
              " bukan bulan"),
    ]  # fmt: skip


# --- a bad file: every error class, exact message, nothing changed -----------------------------


def test_it_rejects_a_nip_that_is_not_18_digits(tmp_path, imported):
    sheets = base()
    sheets["pegawai"][1]["nip"] = "19900202201501200"
    assert reject(tmp_path, sheets, imported) == [
        Issue("pegawai", 3, "nip", "19900202201501200", "NIP harus 18 digit angka")
    ]


def test_it_rejects_a_nip_typed_as_a_number(tmp_path, imported):
    sheets = base()
    sheets["pegawai"][1]["nip"] = 199002022015012002
    [error] = reject(tmp_path, sheets, imported)
    assert (error.sheet, error.row, error.column) == ("pegawai", 3, "nip")
    assert error.message == (
        "NIP ditulis sebagai angka; tulis sebagai teks (Excel membulatkan angka 18 digit)"
    )


def test_it_rejects_a_nip_that_disagrees_with_birth_date_and_gender(tmp_path, imported):
    sheets = base()
    sheets["pegawai"][1]["tanggal_lahir"] = "1990-02-03"
    sheets["pegawai"][1]["jenis_kelamin"] = "L"
    assert reject(tmp_path, sheets, imported) == [
        Issue("pegawai", 3, "nip", SITI,
              "NIP menunjukkan tanggal lahir 1990-02-02, tidak sama dengan tanggal_lahir 1990-02-03"),
        Issue("pegawai", 3, "nip", SITI,
              "NIP menunjukkan jenis kelamin P, tidak sama dengan jenis_kelamin L"),
    ]  # fmt: skip


def test_it_rejects_unknown_unit_and_position_codes(tmp_path, imported):
    sheets = base()
    sheets["unit_kerja"][1]["kode_induk"] = "U99"
    sheets["jabatan"][1]["kode_unit"] = "U98"
    sheets["pegawai"][1]["kode_jabatan"] = "J99"
    unknown_unit = "kode unit tidak dikenal (tidak ada di sheet unit_kerja maupun di database)"
    assert reject(tmp_path, sheets, imported) == [
        Issue("unit_kerja", 3, "kode_induk", "U99", unknown_unit),
        Issue("jabatan", 3, "kode_unit", "U98", unknown_unit),
        Issue("pegawai", 3, "kode_jabatan", "J99",
              "kode jabatan tidak dikenal (tidak ada di sheet jabatan maupun di database)"),
    ]  # fmt: skip


def test_codes_already_in_the_database_need_not_be_repeated_in_the_file(tmp_path, imported):
    sheets = {"unit_kerja": [], "jabatan": [], "pegawai": [base()["pegawai"][1]]}
    sheets["pegawai"][0]["nama"] = "Siti Aminah, S.E."
    report = import_ok(write_xlsx(tmp_path / "only-siti.xlsx", sheets))
    assert report.counts["pegawai"] == SheetCounts(updated=1)


def test_it_rejects_duplicate_keys_naming_the_first_row(tmp_path, imported):
    sheets = base()
    sheets["unit_kerja"].append(dict(sheets["unit_kerja"][0]))
    sheets["pegawai"].append(dict(sheets["pegawai"][0]))
    assert reject(tmp_path, sheets, imported) == [
        Issue("unit_kerja", 4, "kode_unit", "U01", "duplikat: kode_unit U01 sudah ada di baris 2"),
        Issue("pegawai", 4, "nip", BUDI, f"duplikat: nip {BUDI} sudah ada di baris 2"),
    ]


def test_it_rejects_dates_in_the_future(tmp_path, imported):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    sheets = base()
    sheets["pegawai"][0]["tmt_jabatan"] = tomorrow
    sheets["riwayat_jabatan"][0]["tmt_selesai"] = tomorrow.isoformat()
    assert reject(tmp_path, sheets, imported) == [
        Issue("pegawai", 2, "tmt_jabatan", tomorrow.isoformat(), "tanggal di masa depan"),
        Issue("riwayat_jabatan", 2, "tmt_selesai", tomorrow.isoformat(), "tanggal di masa depan"),
    ]


def test_it_rejects_a_cycle_of_unit_parents(tmp_path, imported):
    sheets = base()
    sheets["unit_kerja"][0]["kode_induk"] = "U02"  # U02's parent is U01
    assert reject(tmp_path, sheets, imported) == [
        Issue("unit_kerja", 2, "kode_induk", "U02", "unit induk membentuk siklus: U01 → U02 → U01")
    ]


def test_it_rejects_a_unit_that_is_its_own_parent(tmp_path, imported):
    sheets = base()
    sheets["unit_kerja"][1]["kode_induk"] = "U02"
    assert reject(tmp_path, sheets, imported) == [
        Issue("unit_kerja", 3, "kode_induk", "U02", "unit induk membentuk siklus: U02 → U02")
    ]


def test_it_rejects_empty_required_cells(tmp_path, imported):
    sheets = base()
    sheets["pegawai"][1]["nama"] = "   "
    sheets["jabatan"][0]["rumpun"] = None
    sheets["beban_kerja"][0]["waktu_menit"] = None
    assert reject(tmp_path, sheets, imported) == [
        Issue("jabatan", 2, "rumpun", "", "wajib diisi"),
        Issue("pegawai", 3, "nama", "", "wajib diisi"),
        Issue("beban_kerja", 2, "waktu_menit", "", "wajib diisi"),
    ]


def test_it_rejects_cells_of_the_wrong_type(tmp_path, imported):
    sheets = base()
    sheets["jabatan"][0]["kebutuhan"] = "empat"
    sheets["jabatan"][1]["kebutuhan"] = 2.5
    sheets["jabatan"][1]["jenis_jabatan"] = "staf"
    sheets["pegawai"][0]["tanggal_lahir"] = "01-13-1985"
    sheets["pegawai"][0]["golongan"] = "III/z"
    sheets["pegawai"][0]["predikat_kinerja"] = "luar biasa"
    sheets["pegawai"][1]["tmt_jabatan"] = "kemarin"
    sheets["pegawai"][1]["pendidikan"] = "SMK"
    sheets["pegawai"][1]["nilai_potensi"] = 101
    sheets["pegawai"][1]["kompetensi"] = "komunikasi:7"
    assert reject(tmp_path, sheets, imported) == [
        Issue("jabatan", 2, "kebutuhan", "empat", "bukan angka"),
        Issue("jabatan", 3, "jenis_jabatan", "staf",
              "nilai tidak dikenal (pilihan: jpt, administrator, pengawas, pelaksana, fungsional)"),
        Issue("jabatan", 3, "kebutuhan", "2.5", "bukan bilangan bulat"),
        Issue("pegawai", 2, "tanggal_lahir", "01-13-1985", "bukan tanggal yang ada di kalender"),
        Issue("pegawai", 2, "golongan", "III/z",
              "nilai tidak dikenal (pilihan: I/a, I/b, I/c, I/d, II/a, II/b, II/c, II/d, III/a,"
              " III/b, III/c, III/d, IV/a, IV/b, IV/c, IV/d, IV/e, I, II, III, IV, V, VI, VII,"
              " VIII, IX, X, XI, XII, XIII, XIV, XV, XVI, XVII)"),
        Issue("pegawai", 2, "predikat_kinerja", "luar biasa",
              "nilai tidak dikenal (pilihan: sangat baik, baik, butuh perbaikan, kurang,"
              " sangat kurang)"),
        Issue("pegawai", 3, "pendidikan", "SMK",
              "nilai tidak dikenal (pilihan: SD, SMP, SMA, D1, D2, D3, D4, S1, S2, S3)"),
        Issue("pegawai", 3, "tmt_jabatan", "kemarin", "bukan tanggal (tulis YYYY-MM-DD)"),
        Issue("pegawai", 3, "nilai_potensi", "101", "maksimal 100"),
        Issue("pegawai", 3, "kompetensi", "komunikasi:7",
              "level 7 pada 'komunikasi:7' di luar 1–5"),
    ]  # fmt: skip


def test_it_rejects_a_pns_golongan_on_a_pppk_and_the_reverse(tmp_path, imported):
    sheets = base()
    sheets["pegawai"][0]["golongan"] = "IX"
    sheets["pegawai"][1]["golongan"] = "III/a"
    assert reject(tmp_path, sheets, imported) == [
        Issue("pegawai", 2, "golongan", "IX", "bukan golongan PNS (I/a … IV/e)"),
        Issue("pegawai", 3, "golongan", "III/a", "bukan golongan PPPK (I … XVII)"),
    ]


@pytest.mark.parametrize("code", ["#N/A", "#REF!", "#DIV/0!", "#VALUE!"])
def test_it_rejects_a_formula_error_cell_even_in_an_optional_column(tmp_path, imported, code):
    sheets = base()
    sheets["pegawai"][1]["kecamatan_domisili"] = code  # openpyxl writes it as an error cell
    path = write_xlsx(tmp_path / "formula.xlsx", sheets)
    book = openpyxl.load_workbook(path)
    assert book["pegawai"]["K3"].data_type == "e"  # a real error cell, not text

    assert reject(tmp_path, sheets, imported) == [
        Issue("pegawai", 3, "kecamatan_domisili", code, f"sel berisi galat rumus {code}")
    ]


def test_it_rejects_a_file_without_a_required_sheet_or_column(tmp_path, imported):
    sheets = base()
    del sheets["jabatan"]
    path = write_xlsx(tmp_path / "bad.xlsx", sheets)
    book = openpyxl.load_workbook(path)
    book["unit_kerja"].delete_cols(2)  # nama_unit
    book.save(path)

    report = do_import_workbook(path, acting_user=None)

    assert report.errors[:2] == [
        Issue("unit_kerja", 1, "nama_unit", "", "kolom tidak ada di baris judul"),
        Issue("jabatan", None, "", "", "sheet jabatan tidak ada"),
    ]
    assert snapshot() == imported


def test_it_rejects_bad_workload_rows_naming_the_row(tmp_path, imported):
    sheets = base()
    sheets["beban_kerja"][0]["volume_per_tahun"] = -5
    sheets["beban_kerja"][1]["waktu_menit"] = 0
    sheets["beban_kerja"].append(
        {"kode_jabatan": "J77", "uraian_tugas": "Tugas", "volume_per_tahun": 1, "waktu_menit": 1}
    )
    sheets["beban_kerja"].append(dict(sheets["beban_kerja"][1], waktu_menit=5))
    assert reject(tmp_path, sheets, imported) == [
        Issue("beban_kerja", 2, "volume_per_tahun", "-5", "tidak boleh negatif"),
        Issue("beban_kerja", 3, "waktu_menit", "0", "harus lebih dari 0"),
        Issue("beban_kerja", 4, "kode_jabatan", "J77",
              "kode jabatan tidak dikenal (tidak ada di sheet jabatan maupun di database)"),
        Issue("beban_kerja", 5, "uraian_tugas", "Mengagendakan surat masuk",
              "duplikat: kode_jabatan J02, uraian_tugas Mengagendakan surat masuk sudah ada di"
              " baris 3"),
    ]  # fmt: skip


def test_it_rejects_bad_preferences(tmp_path, imported):
    sheets = base()
    sheets["preferensi"] += [
        {"nip": "197001012000011001", "urutan": 1, "kode_jabatan": "J01"},
        {"nip": SITI, "urutan": 1, "kode_jabatan": "J55"},
        {"nip": BUDI, "urutan": 2, "kode_jabatan": "J02"},
        {"nip": BUDI, "urutan": 3, "kode_jabatan": "J02"},
        {"nip": SITI, "urutan": 0, "kode_jabatan": "J01"},
    ]
    assert reject(tmp_path, sheets, imported) == [
        Issue("preferensi", 4, "nip", "197001012000011001",
              "NIP tidak dikenal (tidak ada di sheet pegawai maupun di database)"),
        Issue("preferensi", 5, "kode_jabatan", "J55",
              "kode jabatan tidak dikenal (tidak ada di sheet jabatan maupun di database)"),
        Issue("preferensi", 6, "urutan", "2", f"duplikat: nip {BUDI}, urutan 2 sudah ada di baris 3"),
        Issue("preferensi", 6, "kode_jabatan", "J02",
              "jabatan ini sudah ada di daftar NIP yang sama di baris 2"),
        Issue("preferensi", 7, "kode_jabatan", "J02",
              "jabatan ini sudah ada di daftar NIP yang sama di baris 2"),
        Issue("preferensi", 8, "urutan", "0", "minimal 1"),
    ]  # fmt: skip


def test_it_rejects_bad_history_rows(tmp_path, imported):
    sheets = base()
    sheets["riwayat_jabatan"] += [
        {"nip": "197001012000011001", "nama_jabatan": "Staf", "tmt_mulai": "2001-01-01"},
        {"nip": BUDI, "tmt_mulai": "2005-01-01"},
        {"nip": BUDI, "nama_jabatan": "Staf", "tmt_mulai": "2006-01-01", "tmt_selesai": "2005-01-01"},
    ]  # fmt: skip
    assert reject(tmp_path, sheets, imported) == [
        Issue("riwayat_jabatan", 4, "nip", "197001012000011001",
              "NIP tidak dikenal (tidak ada di sheet pegawai maupun di database)"),
        Issue("riwayat_jabatan", 5, "nama_jabatan", "", "isi kode_jabatan atau nama_jabatan"),
        Issue("riwayat_jabatan", 6, "tmt_selesai", "2005-01-01",
              "tmt_selesai sebelum tmt_mulai 2006-01-01"),
    ]  # fmt: skip


def test_it_reports_every_error_of_every_sheet_at_once(tmp_path, imported):
    sheets = base()
    for row in sheets["pegawai"]:
        row["nama"] = ""
        row["golongan"] = "X/x"
    sheets["jabatan"][0]["kode_unit"] = "U404"
    sheets["preferensi"][0]["kode_jabatan"] = "J404"
    errors = reject(tmp_path, sheets, imported)
    assert [(e.sheet, e.row, e.column) for e in errors] == [
        ("jabatan", 2, "kode_unit"),
        ("pegawai", 2, "nama"),
        ("pegawai", 2, "golongan"),
        ("pegawai", 3, "nama"),
        ("pegawai", 3, "golongan"),
        ("preferensi", 2, "kode_jabatan"),
    ]


def test_a_file_that_is_not_a_workbook_is_rejected_with_a_reason(tmp_path, imported):
    path = tmp_path / "notes.xlsx"
    path.write_text("bukan workbook")
    report = do_import_workbook(path, acting_user=None)
    assert len(report.errors) == 1
    assert report.errors[0].message.startswith("file tidak dapat dibaca sebagai .xlsx")
    assert snapshot() == imported


def test_it_imports_an_uploaded_file_object(tmp_path):
    path = write_xlsx(tmp_path / "upload.xlsx", base())
    with path.open("rb") as upload:
        report = do_import_workbook(upload, acting_user=None)
    assert report.ok
    assert Employee.objects.count() == 2


# --- the command ------------------------------------------------------------------------------


def test_the_import_command_prints_the_counts(tmp_path, capsys):
    call_command("import", str(write_xlsx(tmp_path / "data.xlsx", base())))
    out = capsys.readouterr().out
    assert "pegawai" in out
    assert [line.split() for line in out.splitlines() if line.startswith("pegawai")] == [
        ["pegawai", "2", "0", "0", "0"]
    ]


def test_the_import_command_lists_every_error_as_csv_and_exits_non_zero(tmp_path, capsys):
    sheets = base()
    sheets["pegawai"][1]["nip"] = "123"
    sheets["jabatan"][0]["kebutuhan"] = -1
    with pytest.raises(CommandError) as caught:
        call_command("import", str(write_xlsx(tmp_path / "bad.xlsx", sheets)), format="csv")
    assert caught.value.returncode == 1
    rows = list(csv.reader(capsys.readouterr().out.splitlines()))
    assert rows == [
        ["jenis", "sheet", "baris", "kolom", "nilai", "keterangan"],
        ["kesalahan", "jabatan", "2", "kebutuhan", "-1", "tidak boleh negatif"],
        ["kesalahan", "pegawai", "3", "nip", "123", "NIP harus 18 digit angka"],
    ]
    assert Employee.objects.count() == 0


# --- no cell crashes the parser ----------------------------------------------------------------

_ANY_CELL = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.decimals(allow_nan=True, allow_infinity=True)
    | st.dates()
    | st.datetimes()
    | st.times()
    | st.timedeltas()
    | st.text(max_size=30)
    | st.sampled_from(["#N/A", " #ref! ", "1e400", "-0", "12,5", "1.250,5", "NaN", "31/12/2020",
                       "2020-02-30", "III/a", "sangat  baik", "a:1;b:6", "x:;", ";;", "198501012010011001"])
    | st.builds(FormulaError, st.sampled_from(sorted(FORMULA_ERRORS)))
)  # fmt: skip


@given(
    column=st.sampled_from([c for s in sheets_by_name().values() for c in s.columns]),
    value=_ANY_CELL,
)
def test_no_cell_value_crashes_the_parser_it_is_read_or_gets_a_reason(column, value):
    try:
        parsed = parse_cell(column, value, today=datetime.date(2026, 1, 1))
    except CellProblem as problem:
        assert str(problem)
        return
    if column.kind is Kind.DECIMAL and parsed is not None:
        assert parsed == parsed.quantize(Decimal("0.01"))
    if column.kind is Kind.DATE and parsed is not None:
        assert parsed <= datetime.date(2026, 1, 1)


def test_a_clash_with_a_concurrent_write_rolls_the_whole_import_back(
    tmp_path, imported, monkeypatch
):
    from django.db import IntegrityError

    from mutasi.people import importer

    real_apply = importer.apply

    def apply_then_clash(validated):  # everything written, then the last insert collides
        real_apply(validated)
        raise IntegrityError("UNIQUE constraint failed: people_employee.nip")

    monkeypatch.setattr(importer, "apply", apply_then_clash)
    sheets = base()
    sheets["pegawai"][0]["nama"] = "Budi Santoso, S.Kep."

    report = do_import_workbook(write_xlsx(tmp_path / "clash.xlsx", sheets), acting_user=None)

    assert [e.message for e in report.errors] == [
        "impor dibatalkan karena data berubah selama impor; ulangi impor"
        " (UNIQUE constraint failed: people_employee.nip)"
    ]
    assert snapshot() == imported


def test_a_formula_error_saved_into_a_csv_is_rejected_too(tmp_path, imported):
    sheets = base()
    sheets["jabatan"][1]["kebutuhan"] = "#DIV/0!"
    report = do_import_workbook(write_csv_folder(tmp_path / "csv", sheets), acting_user=None)
    assert report.errors == [
        Issue("jabatan", 3, "kebutuhan", "#DIV/0!", "sel berisi galat rumus #DIV/0!")
    ]
    assert snapshot() == imported


def test_the_import_command_records_the_named_user_in_the_audit_log(tmp_path):
    planner = make_planner()
    call_command("import", str(write_xlsx(tmp_path / "data.xlsx", base())), user=planner.username)
    assert AuditEntry.objects.get(action="import").actor == planner


def test_the_import_command_rejects_a_missing_file(tmp_path, capsys):
    with pytest.raises(CommandError):
        call_command("import", str(tmp_path / "nowhere.xlsx"))
    assert "tidak ditemukan" in capsys.readouterr().out
