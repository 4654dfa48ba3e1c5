"""The NIP (Nomor Induk Pegawai) of an ASN: 18 digits that encode who the person is.

Layout (BKN; see docs/domain.md), digit positions counted from 1:

    1–8    birth date, YYYYMMDD
    9–14   start as CPNS (or PPPK), YYYYMM
    15     gender: 1 male, 2 female
    16–18  serial number

The import checks a NIP on its own (``nip_problems(text)``) and against the row's tanggal_lahir and
jenis_kelamin (``nip_problems(text, birth_date=..., gender=...)``). Women's "+40 on the day" is the
NIK rule, not the NIP rule, so it is not accepted here.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

NIP_LENGTH = 18
_DIGITS = re.compile(r"[0-9]{18}")  # ASCII only: str.isdigit() accepts other scripts' digits
GENDER_BY_DIGIT = {"1": "L", "2": "P"}


class InvalidNip(ValueError):
    """A NIP that breaks its layout; the message is Indonesian and says which part is wrong."""


@dataclass(frozen=True)
class NipParts:
    birth_date: datetime.date
    cpns_year: int
    cpns_month: int
    gender: str  # "L" or "P", as in the workbook's jenis_kelamin
    serial: str


def parse_nip(text: str) -> NipParts:
    """Split a NIP into its parts; raise ``InvalidNip`` if its layout is broken."""
    if not isinstance(text, str) or not _DIGITS.fullmatch(text):
        raise InvalidNip(_("NIP harus 18 digit angka"))
    try:
        birth = datetime.date(int(text[0:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        raise InvalidNip(_("8 digit pertama NIP bukan tanggal lahir yang sah (YYYYMMDD)")) from None
    cpns_year, cpns_month = int(text[8:12]), int(text[12:14])
    # A CPNS start must be a real month, after the month of birth.
    if not 1 <= cpns_month <= 12 or (cpns_year, cpns_month) <= (birth.year, birth.month):
        raise InvalidNip(_("digit 9–14 NIP bukan bulan mulai CPNS yang sah (YYYYMM)"))
    gender = GENDER_BY_DIGIT.get(text[14])
    if gender is None:
        raise InvalidNip(_("digit ke-15 NIP harus 1 (laki-laki) atau 2 (perempuan)"))
    return NipParts(birth, cpns_year, cpns_month, gender, text[15:18])


def is_valid_nip(text: object) -> bool:
    """True when ``text`` is a string with a well-formed NIP. Never raises."""
    if not isinstance(text, str):
        return False
    try:
        parse_nip(text)
    except InvalidNip:
        return False
    return True


def nip_problems(
    text: str, *, birth_date: datetime.date | None = None, gender: str | None = None
) -> list[str]:
    """Everything wrong with a NIP, in Indonesian; empty when it is fine.

    With ``birth_date`` and/or ``gender`` given, the NIP must agree with them too.
    """
    try:
        parts = parse_nip(text)
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
