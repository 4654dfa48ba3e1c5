"""The NIP validator: a PNS NIP is YYYYMMDD (birth) YYYYMM (CPNS start) G (1/2) NNN (serial); an
NI PPPK is YYYYMMDD (birth) YYYY (appointment) 2P (PPPK marker, period digit) G NNN."""

from __future__ import annotations

import datetime
import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from mutasi.people.nip import InvalidNip, NipParts, is_valid_nip, nip_problems, parse_nip


def test_it_splits_a_nip_into_birth_date_cpns_start_gender_and_serial():
    assert parse_nip("198501012010011001") == NipParts(
        birth_date=datetime.date(1985, 1, 1),
        kind="PNS",
        start_year=2010,
        start_month=1,
        gender="L",
        serial="001",
    )
    assert parse_nip("199202292015012007").birth_date == datetime.date(1992, 2, 29)
    assert parse_nip("199202292015012007").gender == "P"


def test_it_splits_an_ni_pppk_into_birth_date_appointment_year_period_gender_and_serial():
    # 19890225 2024 21 1 013: born 25 Feb 1989, appointed 2024, PPPK marker 2, period 1, male
    assert parse_nip("198902252024211013") == NipParts(
        birth_date=datetime.date(1989, 2, 25),
        kind="PPPK",
        start_year=2024,
        start_month=None,
        gender="L",
        serial="013",
        period="1",
    )
    assert parse_nip("198902252024211013", "PPPK").kind == "PPPK"


def test_it_checks_the_layout_the_rows_jenis_pegawai_asks_for():
    pppk, pns = "198902252024212013", "198501012010011001"
    assert nip_problems(pppk, kind="PPPK", birth_date=datetime.date(1989, 2, 25), gender="P") == []
    assert nip_problems(pns, kind="PNS", birth_date=datetime.date(1985, 1, 1), gender="L") == []
    assert nip_problems(pppk, kind="PNS") == [
        "digit 13–14 berisi penanda NI PPPK (21), padahal jenis_pegawai PNS; NIP PNS memuat"
        " bulan mulai CPNS (YYYYMM) di digit 9–14"
    ]
    assert nip_problems(pns, kind="PPPK") == [
        "NI PPPK harus memuat penanda PPPK di digit 13–14 (2 lalu digit periode, mis. 21), bukan"
        " bulan"
    ]
    assert not is_valid_nip(pns, "PPPK") and is_valid_nip(pns, "PNS")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("198902251989211013", "digit 9–12 NI PPPK bukan tahun pengangkatan yang sah (YYYY)"),
        ("198902252024213013", "digit ke-15 NIP harus 1 (laki-laki) atau 2 (perempuan)"),
        ("19850101201001100", "NIP harus 18 digit angka"),
        ("1985010120100110011", "NIP harus 18 digit angka"),
        ("19850101201001100x", "NIP harus 18 digit angka"),
        ("198501012010011001 ", "NIP harus 18 digit angka"),
        ("١٩٨٥٠١٠١٢٠١٠٠١١٠٠١", "NIP harus 18 digit angka"),  # Arabic-Indic digits
        ("198513012010011001", "8 digit pertama NIP bukan tanggal lahir yang sah (YYYYMMDD)"),
        ("199002292015012007", "8 digit pertama NIP bukan tanggal lahir yang sah (YYYYMMDD)"),
        ("198501012010131001", "digit 9–14 NIP bukan bulan mulai CPNS yang sah (YYYYMM)"),
        ("198501011980011001", "digit 9–14 NIP bukan bulan mulai CPNS yang sah (YYYYMM)"),
        ("198501012010013001", "digit ke-15 NIP harus 1 (laki-laki) atau 2 (perempuan)"),
    ],
)
def test_it_rejects_a_broken_nip_and_says_which_part_is_wrong(text, message):
    with pytest.raises(InvalidNip) as caught:
        parse_nip(text)
    assert str(caught.value) == message
    assert nip_problems(text) == [message]
    assert not is_valid_nip(text)


def test_it_checks_a_nip_against_the_birth_date_and_gender_of_the_row():
    nip = "198501012010011001"
    assert nip_problems(nip, birth_date=datetime.date(1985, 1, 1), gender="L") == []
    assert nip_problems(nip, birth_date=datetime.date(1985, 1, 2), gender="P") == [
        "NIP menunjukkan tanggal lahir 1985-01-01, tidak sama dengan tanggal_lahir 1985-01-02",
        "NIP menunjukkan jenis kelamin L, tidak sama dengan jenis_kelamin P",
    ]


def test_it_does_not_accept_the_nik_rule_of_forty_added_to_a_womans_birth_day():
    assert not is_valid_nip("198501412010012001")


def _oracle(text: str) -> bool:
    """An independent statement of the layout, for the property test below."""
    if not re.fullmatch(r"[0-9]{18}", text):
        return False
    try:
        birth = datetime.datetime.strptime(text[:8], "%Y%m%d").date()
    except ValueError:
        return False
    year, month = int(text[8:12]), int(text[12:14])
    if text[12] == "2":  # NI PPPK: year of appointment after the year of birth
        return year > birth.year and text[14] in "12"
    return 1 <= month <= 12 and (year, month) > (birth.year, birth.month) and text[14] in "12"


@given(st.text(max_size=24) | st.text(alphabet="0123456789", min_size=18, max_size=18))
@example("198501012010011001")
@example("")
def test_the_validator_never_crashes_and_accepts_exactly_the_valid_nips(text):
    assert is_valid_nip(text) == _oracle(text)
    problems = nip_problems(text)
    assert (problems == []) == _oracle(text)


@given(
    birth=st.dates(min_value=datetime.date(1000, 1, 1), max_value=datetime.date(9000, 12, 31)),
    months_later=st.integers(min_value=1, max_value=12 * 80),
    gender=st.sampled_from(["L", "P"]),
    serial=st.integers(min_value=0, max_value=999),
)
def test_every_nip_built_from_valid_parts_is_accepted_and_parses_back(
    birth, months_later, gender, serial
):
    start = birth.year * 12 + birth.month - 1 + months_later
    cpns_year, cpns_month = divmod(start, 12)
    text = (
        f"{birth:%Y%m%d}{cpns_year:04d}{cpns_month + 1:02d}"
        f"{'1' if gender == 'L' else '2'}{serial:03d}"
    )
    assert nip_problems(text, birth_date=birth, gender=gender) == []
    parts = parse_nip(text)
    assert (parts.birth_date, parts.gender, parts.serial) == (birth, gender, f"{serial:03d}")
    assert (parts.kind, parts.start_year, parts.start_month) == ("PNS", cpns_year, cpns_month + 1)


@given(
    birth=st.dates(min_value=datetime.date(1000, 1, 1), max_value=datetime.date(9000, 12, 31)),
    years_later=st.integers(min_value=1, max_value=80),
    period=st.sampled_from("0123456789"),
    gender=st.sampled_from(["L", "P"]),
    serial=st.integers(min_value=0, max_value=999),
)
def test_every_ni_pppk_built_from_valid_parts_is_accepted_and_parses_back(
    birth, years_later, period, gender, serial
):
    year = birth.year + years_later
    text = f"{birth:%Y%m%d}{year:04d}2{period}{'1' if gender == 'L' else '2'}{serial:03d}"
    assert nip_problems(text, kind="PPPK", birth_date=birth, gender=gender) == []
    parts = parse_nip(text)
    assert (parts.kind, parts.start_year, parts.period) == ("PPPK", year, period)
    assert nip_problems(text, kind="PNS") != []


@given(st.none() | st.integers() | st.floats() | st.binary())
def test_a_non_string_is_never_a_valid_nip(value):
    assert not is_valid_nip(value)
