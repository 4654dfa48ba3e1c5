"""The sheet registry: later stages add sheets to the workbook without people importing them."""

from __future__ import annotations

import ast
from pathlib import Path

import openpyxl
import pytest
from django.utils.translation import gettext_lazy

from mutasi.people import registry
from mutasi.people.exporter import export_workbook, write_template
from mutasi.people.models import Competency
from mutasi.people.registry import ImportContext, Record, SheetCounts, SheetPlugin
from mutasi.people.services import do_import_workbook
from mutasi.people.workbook import Column, Kind, Sheet
from tests.people.test_import import base, snapshot, write_xlsx

pytestmark = pytest.mark.django_db

PEOPLE = Path(__file__).parents[2] / "src" / "mutasi" / "people"

# A sheet a later stage could add: reference competencies with a description.
DAFTAR = Sheet(
    "daftar_kompetensi",
    "people.Competency",
    key=("nama",),
    note=gettext_lazy("daftar kompetensi"),
    columns=(
        Column("nama", Kind.TEXT, "name", gettext_lazy("nama"), True, 120),
        Column("uraian", Kind.TEXT, "description", gettext_lazy("uraian")),
    ),
)
seen_order: list[str] = []


def _validate(context: ImportContext, records: list[Record]) -> None:
    seen_order.append("daftar_kompetensi")
    assert context.known_nips, "the people sheets were checked first"
    for rec in records:
        if rec.values["nama"].startswith("x"):
            context.error(DAFTAR, rec.row, "nama", rec.values["nama"], "tidak boleh diawali x")


def _apply(context: ImportContext, records: list[Record]) -> SheetCounts:
    assert context.employee_ids, "the people sheets were written first"
    return registry.upsert(
        Competency,
        registry.stored_rows(Competency.objects.all(), ("name",), ["description"]),
        ["description"],
        ((r.values["nama"], (r.values["uraian"],)) for r in records),
        lambda name, values: Competency(name=name, **values),
    )


PLUGIN = SheetPlugin(DAFTAR, _validate, _apply, after=("pegawai",))


@pytest.fixture
def registered(monkeypatch):
    monkeypatch.setitem(registry._registered, DAFTAR.name, PLUGIN)
    seen_order.clear()
    return PLUGIN


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return found


@pytest.mark.parametrize(
    "module", ["importer.py", "workbook.py", "exporter.py", "registry.py", "sheets.py"]
)
def test_the_people_workbook_modules_import_no_later_stage(module):
    later = ("mutasi.needs", "mutasi.participation", "mutasi.plans", "mutasi.training")
    assert not {m for m in _imports(PEOPLE / module) if m.startswith(later)}


def test_each_stage_registers_its_own_sheets_in_dependency_order():
    names = [p.name for p in registry.plugins()]
    assert names[:4] == ["unit_kerja", "jabatan", "pegawai", "riwayat_jabatan"]
    assert {"beban_kerja", "preferensi"} <= set(names)
    assert registry.plugins()[names.index("beban_kerja")].validate.__module__ == (
        "mutasi.needs.sheets"
    )
    assert registry.plugins()[names.index("preferensi")].validate.__module__ == (
        "mutasi.participation.sheets"
    )


def test_a_sheet_that_comes_after_an_unknown_one_is_refused(monkeypatch):
    stray = SheetPlugin(
        Sheet("lain", "people.Competency", ("nama",), DAFTAR.columns, DAFTAR.note),
        _validate,
        _apply,
        after=("tidak_ada",),
    )
    monkeypatch.setitem(registry._registered, "lain", stray)
    with pytest.raises(registry.RegistryError):
        registry.plugins()


def test_registering_another_sheet_under_a_taken_name_is_refused():
    taken = registry.plugins()[0]
    with pytest.raises(registry.RegistryError):
        registry.register(SheetPlugin(taken.sheet, _validate, _apply))
    registry.register(taken)  # the same plugin again is harmless


def test_a_registered_sheet_is_imported_after_its_dependencies(tmp_path, registered):
    sheets = base()
    sheets["daftar_kompetensi"] = [{"nama": "triase", "uraian": "memilah pasien gawat darurat"}]
    report = do_import_workbook(write_xlsx(tmp_path / "data.xlsx", sheets), acting_user=None)
    assert report.ok, report.errors
    assert report.counts["daftar_kompetensi"] == SheetCounts(new=1)
    assert list(report.counts) == [p.name for p in registry.plugins()]
    assert Competency.objects.get(name="triase").description == "memilah pasien gawat darurat"


def test_an_error_in_a_registered_sheet_rejects_the_whole_file(tmp_path, registered):
    before = snapshot()
    sheets = base()
    sheets["daftar_kompetensi"] = [{"nama": "xyz"}]
    sheets["pegawai"][0]["golongan"] = "V/z"
    report = do_import_workbook(write_xlsx(tmp_path / "data.xlsx", sheets), acting_user=None)
    assert [(e.sheet, e.row, e.column, e.value) for e in report.errors] == [
        ("pegawai", 2, "golongan", "V/z"),
        ("daftar_kompetensi", 2, "nama", "xyz"),
    ]
    assert report.errors[1].message == "tidak boleh diawali x"
    assert snapshot() == before
    assert not Competency.objects.filter(name="xyz").exists()


def test_the_template_and_the_export_carry_a_registered_sheet(tmp_path, registered):
    template = openpyxl.load_workbook(write_template(tmp_path / "template.xlsx"))
    assert [c.value for c in template["daftar_kompetensi"][1]] == ["nama", "uraian"]
    notes = [tuple(r[:2]) for r in template["catatan"].iter_rows(values_only=True)]
    assert ("daftar_kompetensi", "uraian") in notes

    Competency.objects.create(name="triase", description="memilah pasien")
    written = export_workbook(tmp_path / "export.xlsx")
    assert written["daftar_kompetensi"] == 1
    book = openpyxl.load_workbook(tmp_path / "export.xlsx")
    rows = list(book["daftar_kompetensi"].iter_rows(values_only=True))
    assert rows == [("nama", "uraian"), ("triase", "memilah pasien")]
