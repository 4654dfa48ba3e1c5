"""The NIP (Nomor Induk Pegawai) of an ASN: 18 digits that encode who the person is.

Two layouts of the same length (BKN; see docs/domain.md), digit positions counted from 1:

    PNS (NIP)                          PPPK (NI PPPK)
    1–8    birth date, YYYYMMDD        1–8    birth date, YYYYMMDD
    9–14   start as CPNS, YYYYMM       9–12   year of appointment, YYYY
                                       13–14  PPPK marker: 2, then a period digit ("21" is common)
    15     gender: 1 male, 2 female    15     gender: 1 male, 2 female
    16–18  serial number               16–18  serial number

Digit 13 tells them apart: the tens digit of a month is 0 or 1, the PPPK marker is 2. So a number
on its own is checked against the layout its digit 13 shows (``nip_problems(text)``), and against
a row's jenis_pegawai, tanggal_lahir and jenis_kelamin when those are known
(``nip_problems(text, kind=..., birth_date=..., gender=...)``). Women's "+40 on the day" is the NIK
rule, not the NIP rule, so it is not accepted here.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

NIP_LENGTH = 18
_DIGITS = re.compile(r"[0-9]{18}")  # ASCII only: str.isdigit() accepts other scripts' digits
GENDER_BY_DIGIT = {"1": "L", "2": "P"}
PPPK_MARKER = "2"  # digit 13 of an NI PPPK


class InvalidNip(ValueError):
    """A NIP that breaks its layout; the message is Indonesian and says which part is wrong."""


@dataclass(frozen=True)
class NipParts:
    birth_date: datetime.date
    kind: str  # "PNS" or "PPPK", the layout the number follows
    start_year: int  # CPNS start (PNS) or year of appointment (PPPK)
    start_month: int | None  # CPNS start month; None for PPPK
    gender: str  # "L" or "P", as in the workbook's jenis_kelamin
    serial: str
    period: str = ""  # PPPK: digit 14, the appointment period


def layout_of(text: str) -> str:
    """ "PPPK" when digit 13 holds the PPPK marker, else "PNS" (``text`` has 18 digits)."""
    return "PPPK" if text[12] == PPPK_MARKER else "PNS"


def parse_nip(text: str, kind: str | None = None) -> NipParts:
    """Split a NIP into its parts; raise ``InvalidNip`` if its layout is broken.

    ``kind`` ("PNS" or "PPPK", the row's jenis_pegawai) requires that layout; without it the
    layout digit 13 shows is checked.
    """
    if not isinstance(text, str) or not _DIGITS.fullmatch(text):
        raise InvalidNip(_("NIP harus 18 digit angka"))
    try:
        birth = datetime.date(int(text[0:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        raise InvalidNip(_("8 digit pertama NIP bukan tanggal lahir yang sah (YYYYMMDD)")) from None
    layout = layout_of(text)
    if kind == "PNS" and layout == "PPPK":
        raise InvalidNip(
            _(
                "digit 13–14 berisi penanda NI PPPK (%(marker)s), padahal jenis_pegawai PNS;"
                " NIP PNS memuat bulan mulai CPNS (YYYYMM) di digit 9–14"
            )
            % {"marker": text[12:14]}
        )
    if kind == "PPPK" and layout == "PNS":
        raise InvalidNip(
            _(
                "NI PPPK harus memuat penanda PPPK di digit 13–14 (2 lalu digit periode,"
                " mis. 21), bukan bulan"
            )
        )
    start_year = int(text[8:12])
    start_month: int | None = None
    if layout == "PNS":
        start_month = int(text[12:14])
        # A CPNS start must be a real month, after the month of birth.
        if not 1 <= start_month <= 12 or (start_year, start_month) <= (birth.year, birth.month):
            raise InvalidNip(_("digit 9–14 NIP bukan bulan mulai CPNS yang sah (YYYYMM)"))
    elif start_year <= birth.year:
        raise InvalidNip(_("digit 9–12 NI PPPK bukan tahun pengangkatan yang sah (YYYY)"))
    gender = GENDER_BY_DIGIT.get(text[14])
    if gender is None:
        raise InvalidNip(_("digit ke-15 NIP harus 1 (laki-laki) atau 2 (perempuan)"))
    period = text[13] if layout == "PPPK" else ""
    return NipParts(birth, layout, start_year, start_month, gender, text[15:18], period)


def is_valid_nip(text: object, kind: str | None = None) -> bool:
    """True when ``text`` is a string with a well-formed NIP (of ``kind``). Never raises."""
    if not isinstance(text, str):
        return False
    try:
        parse_nip(text, kind)
    except InvalidNip:
        return False
    return True


def nip_problems(
    text: str,
    *,
    kind: str | None = None,
    birth_date: datetime.date | None = None,
    gender: str | None = None,
) -> list[str]:
    """Everything wrong with a NIP, in Indonesian; empty when it is fine.

    With ``kind``, ``birth_date`` and/or ``gender`` given, the NIP must agree with them too.
    """
    try:
        parts = parse_nip(text, kind)
    except InvalidNip as exc:
        return [str(exc)]
    problems = []
    if birth_date is not None and parts.birth_date != birth_date:
        problems.append(
            _("NIP menunjukkan tanggal lahir %(nip)s, tidak sama dengan tanggal_lahir %(row)s")
            % {"nip": parts.birth_date.isoformat(), "row": birth_date.isoformat()}
        )
    if gender is not None and parts.gender != gender:
        problems.append(
            _("NIP menunjukkan jenis kelamin %(nip)s, tidak sama dengan jenis_kelamin %(row)s")
            % {"nip": parts.gender, "row": gender}
        )
    return problems
