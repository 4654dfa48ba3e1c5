"""The demo region goes through export → import unchanged: the generator and the import agree."""

from __future__ import annotations

import pytest

from mutasi.demo.writer import build_demo, clear_workforce_data
from mutasi.people.exporter import export_workbook
from mutasi.people.importer import SheetCounts
from mutasi.people.services import do_import_workbook
from tests.people.test_export import natural_snapshot

pytestmark = pytest.mark.django_db

DEMO_SIZE = 400  # small: the point is that every generated value passes the import's checks


def test_the_demo_regions_export_imports_without_error_and_unchanged(tmp_path):
    build_demo(DEMO_SIZE)
    before = natural_snapshot()
    written = export_workbook(tmp_path / "bukitintan.xlsx")

    report = do_import_workbook(tmp_path / "bukitintan.xlsx", acting_user=None)

    assert report.errors == []
    assert report.warnings == []  # PPPK grades and NI PPPK numbers in the real formats
    assert report.counts == {s: SheetCounts(unchanged=n) for s, n in written.items()}
    assert natural_snapshot() == before

    clear_workforce_data()  # the demo's own: also the accounts that point at employees
    report = do_import_workbook(tmp_path / "bukitintan.xlsx", acting_user=None)
    assert report.counts["pegawai"].new == DEMO_SIZE
    assert natural_snapshot() == before
