"""The survei_skm sheet: every problem named in Indonesian, nothing written unless all is right."""

from __future__ import annotations

import datetime

import pytest

from mutasi.core.models import AuditEntry
from mutasi.evaluation import services, sheets
from mutasi.evaluation.models import PublicResponse

TODAY = datetime.date(2026, 11, 30)
HEADER = ["kode_unit", "periode", "responden", *[f"u{i}" for i in range(1, 10)], "jenis_kelamin"]


def row(unit="PKM1", period="2026-S1", respondent="1", answers=(3,) * 9, gender="L"):
    return [unit, period, respondent, *answers, gender]


def test_a_good_sheet_parses_every_row():
    parsed = sheets.parse_skm_sheet(
        [HEADER, row(), row(respondent="2", answers=(4.0,) * 9, gender="")],
        unit_codes={"PKM1"},
        today=TODAY,
    )
    assert parsed.issues == []
    assert [r.answers for r in parsed.rows] == [(3,) * 9, (4,) * 9]


def test_every_problem_is_named_with_its_row_and_column():
    parsed = sheets.parse_skm_sheet(
        [
            HEADER,
            row(answers=(3, 3, 5, 3, 3, 3, 3, 3, 3)),
            row(unit="XXX", respondent="2"),
            row(period="2027-S1", respondent="3"),
            row(period="2026-S9", respondent="4"),
            row(respondent="5", gender="X"),
            row(respondent="5"),
        ],
        unit_codes={"PKM1"},
        today=TODAY,
    )
    found = {(i.row, i.column, i.value) for i in parsed.issues}
    assert (2, "u3", "5") in found
    assert (3, "kode_unit", "XXX") in found
    assert (4, "periode", "2027-S1") in found
    assert (5, "periode", "2026-S9") in found
    assert (6, "jenis_kelamin", "X") in found
    messages = {i.column: i.message for i in parsed.issues}
    assert messages["u3"] == "jawaban harus bilangan bulat 1–4"
    assert messages["kode_unit"] == "unit tidak dikenal (tidak ada di data unit kerja)"
    assert "masa depan" in {i.message for i in parsed.issues if i.row == 4}.pop()


def test_a_missing_column_is_one_clear_problem():
    parsed = sheets.parse_skm_sheet([HEADER[:5]], unit_codes={"PKM1"}, today=TODAY)
    assert [(i.row, i.message) for i in parsed.issues] == [(1, "kolom wajib tidak ada")]
    assert "u9" in parsed.issues[0].column


def test_an_import_with_one_bad_row_changes_nothing(units, planner):
    with pytest.raises(services.SheetRejected) as rejected:
        services.do_import_skm(
            [HEADER, row(), row(respondent="2", answers=(0,) * 9)], acting_user=planner, today=TODAY
        )
    assert len(rejected.value.issues) == 9
    assert PublicResponse.objects.count() == 0
    assert not AuditEntry.objects.filter(action="evaluation.import_skm").exists()


def test_an_import_writes_then_updates_in_place(units, planner):
    counts = services.do_import_skm(
        [HEADER, row(), row(respondent="2")], acting_user=planner, today=TODAY
    )
    assert (counts.new, counts.updated) == (2, 0)
    counts = services.do_import_skm(
        [HEADER, row(), row(respondent="2", answers=(4,) * 9)], acting_user=planner, today=TODAY
    )
    assert (counts.new, counts.updated, counts.unchanged) == (0, 1, 1)
    assert PublicResponse.objects.get(respondent_ref="2").answers == (4,) * 9
    assert AuditEntry.objects.filter(action="evaluation.import_skm").count() == 2


def test_the_import_workbook_carries_survei_skm_all_or_nothing(tmp_path, db):
    """The same sheet in the one import workbook (people's sheet registry): a wrong answer
    rejects the whole file, units and people included; a right one imports with the rest."""
    from mutasi.people.models import Unit
    from mutasi.people.services import do_import_workbook
    from tests.people.test_import import base, write_xlsx

    sheets_ = base()
    sheets_["survei_skm"][1]["u5"] = 7
    sheets_["survei_skm"].append({**sheets_["survei_skm"][0], "responden": 3, "kode_unit": "U99"})
    report = do_import_workbook(write_xlsx(tmp_path / "bad.xlsx", sheets_), acting_user=None)
    found = {(i.sheet, i.row, i.column, i.value, i.message) for i in report.errors}
    assert found == {
        ("survei_skm", 3, "u5", "7", "jawaban harus bilangan bulat 1–4"),
        ("survei_skm", 4, "kode_unit", "U99", "unit tidak dikenal (tidak ada di data unit kerja)"),
    }
    assert Unit.objects.count() == 0 and PublicResponse.objects.count() == 0

    report = do_import_workbook(write_xlsx(tmp_path / "good.xlsx", base()), acting_user=None)
    assert report.ok
    assert sorted(r.answers[0] for r in PublicResponse.objects.all()) == [3, 4]
    assert {r.source for r in PublicResponse.objects.all()} == {"paper"}
