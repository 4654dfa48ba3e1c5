import io

import pytest
from django.core.management import call_command

from tests.factories import make_planner

from .agreement import assert_agree, command_rows


def test_it_prints_the_seven_columns_per_post(region):
    rows = command_rows("post", "--on", "2026-11-27")
    assert list(rows[0]) == [
        "kode_jabatan", "nama_jabatan", "kode_unit", "bezetting", "kebutuhan_abk", "kebutuhan",
        "selisih",
    ]  # fmt: skip
    by_code = {r["kode_jabatan"]: r for r in rows}
    assert by_code["KES-PRW"] == {
        "kode_jabatan": "KES-PRW", "nama_jabatan": "Perawat Ahli Madya", "kode_unit": "PKM1",
        "bezetting": "3", "kebutuhan_abk": "2.40", "kebutuhan": "2", "selisih": "1",
    }  # fmt: skip
    assert by_code["KES-BDN"]["bezetting"] == "0"
    assert by_code["KES-BDN"]["selisih"] == "-2"
    assert by_code["DIK-GUR"]["kebutuhan_abk"] == ""  # no workload: imported formation
    assert by_code["DIK-GUR"]["kebutuhan"] == "5"


def test_it_aggregates_by_unit_and_sector(region):
    units = {r["kode_unit"]: r for r in command_rows("unit")}
    assert units["PKM1"]["kebutuhan_abk"] == "4.40"
    assert (units["PKM1"]["selisih"], units["PKM1"]["kekurangan"]) == ("-1", "2")
    sectors = command_rows("sector")
    assert [(r["sektor"], r["kekurangan"]) for r in sectors] == [
        ("pendidikan", "3"),
        ("kesehatan", "3"),
    ]


def test_the_full_table_adds_the_five_year_projection(region):
    rows = command_rows("post", "--full", "--on", "2026-11-27")
    prw = next(r for r in rows if r["kode_jabatan"] == "KES-PRW")
    assert [prw[f"selisih_{y}"] for y in range(2027, 2032)] == ["0", "-1", "-1", "-1", "-1"]
    assert (prw["ej"], prw["prestasi"], prw["sumber_kebutuhan"]) == ("0.80", "C", "ABK")


def test_the_plain_table_lines_up_its_columns(region):
    out = io.StringIO()
    call_command("needs", "--by", "sector", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].split() == [
        "sektor", "jumlah_jabatan", "bezetting", "kebutuhan_abk", "kebutuhan", "selisih",
        "kekurangan", "kelebihan", "ej", "prestasi",
    ]  # fmt: skip
    assert lines[1].split()[:2] == ["pendidikan", "2"]


@pytest.mark.parametrize("by", ["post", "unit", "sector"])
def test_the_pages_and_the_command_agree_on_every_figure(client, region, by):
    client.force_login(make_planner())
    assert assert_agree(client, by) > 0
