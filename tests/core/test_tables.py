"""The one table writer: CSV for programs, aligned text for people."""

from __future__ import annotations

import io

from mutasi.core.tables import csv_text, text_table, write_csv


def test_csv_quotes_separators_and_leaves_none_empty():
    assert csv_text(["kode", "nama"], [("A1", "Dinas, Umum"), ("B2", None)]) == (
        'kode,nama\nA1,"Dinas, Umum"\nB2,\n'
    )


def test_a_csv_file_gets_rfc_line_ends_and_the_row_count():
    out = io.StringIO()
    assert write_csv(out, ["a"], [[1], [2]]) == 2
    assert out.getvalue() == "a\r\n1\r\n2\r\n"


def test_text_columns_are_padded_and_numbers_aligned_right():
    table = text_table(
        ["unit", "pegawai"], [("Dinkes", 120), ("Puskesmas Sukamaju", 7)], numeric=[False, True]
    )
    assert table.splitlines() == [
        "unit                pegawai",
        "Dinkes                  120",
        "Puskesmas Sukamaju        7",
    ]


def test_an_underlined_header():
    assert text_table(["metrik", "nilai"], [("mutasi", 3)], underline=True).splitlines() == [
        "metrik  nilai",
        "------  -----",
        "mutasi  3",
    ]
