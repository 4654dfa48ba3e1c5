"""The words of the questionnaires: the nine SKM elements with the regulation's answer wording
(PermenPANRB 14/2017, Lampiran, contoh kuesioner), the respondent fields, and the employee survey
after a move."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


@dataclass(frozen=True)
class Element:
    number: int
    name: Any  # lazy text
    question: Any
    answers: tuple[Any, Any, Any, Any]  # wording of 1, 2, 3, 4

    @property
    def field(self) -> str:
        return f"u{self.number}"


# In the order of the regulation's list of elements (Lampiran, Bab II); u1…u9 in the workbook.
ELEMENTS: Final = (
    Element(
        1,
        _("Persyaratan"),
        _(
            "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis "
            "pelayanannya?"
        ),
        (_("Tidak sesuai"), _("Kurang sesuai"), _("Sesuai"), _("Sangat sesuai")),
    ),
    Element(
        2,
        _("Sistem, mekanisme dan prosedur"),
        _("Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?"),
        (_("Tidak mudah"), _("Kurang mudah"), _("Mudah"), _("Sangat mudah")),
    ),
    Element(
        3,
        _("Waktu penyelesaian"),
        _("Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?"),
        (_("Tidak cepat"), _("Kurang cepat"), _("Cepat"), _("Sangat cepat")),
    ),
    Element(
        4,
        _("Biaya/tarif"),
        _("Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?"),
        (_("Sangat mahal"), _("Cukup mahal"), _("Murah"), _("Gratis")),
    ),
    Element(
        5,
        _("Produk spesifikasi jenis pelayanan"),
        _(
            "Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang "
            "tercantum dalam standar pelayanan dengan hasil yang diberikan?"
        ),
        (_("Tidak sesuai"), _("Kurang sesuai"), _("Sesuai"), _("Sangat sesuai")),
    ),
    Element(
        6,
        _("Kompetensi pelaksana"),
        _("Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?"),
        (_("Tidak kompeten"), _("Kurang kompeten"), _("Kompeten"), _("Sangat kompeten")),
    ),
    Element(
        7,
        _("Perilaku pelaksana"),
        _(
            "Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait "
            "kesopanan dan keramahan?"
        ),
        (
            _("Tidak sopan dan ramah"),
            _("Kurang sopan dan ramah"),
            _("Sopan dan ramah"),
            _("Sangat sopan dan ramah"),
        ),
    ),
    Element(
        8,
        _("Penanganan pengaduan, saran dan masukan"),
        _("Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?"),
        (
            _("Tidak ada"),
            _("Ada tetapi tidak berfungsi"),
            _("Berfungsi kurang maksimal"),
            _("Dikelola dengan baik"),
        ),
    ),
    Element(
        9,
        _("Sarana dan prasarana"),
        _("Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?"),
        (_("Buruk"), _("Cukup"), _("Baik"), _("Sangat baik")),
    ),
)
ANSWER_FIELDS: Final = tuple(e.field for e in ELEMENTS)

# PermenPANRB 14/2017, step 4: the performance of each grade.
PERFORMANCE: Final = {
    "A": _("Sangat baik"),
    "B": _("Baik"),
    "C": _("Kurang baik"),
    "D": _("Tidak baik"),
}

# The respondent fields of the regulation's questionnaire.
GENDER_CHOICES: Final = [("L", _("Laki-laki")), ("P", _("Perempuan"))]
EDUCATION_CHOICES: Final = [
    ("SD", _("SD ke bawah")),
    ("SMP", _("SMP")),
    ("SMA", _("SMA")),
    ("D1-D4", _("D1–D3–D4")),
    ("S1", _("S1")),
    ("S2+", _("S2 ke atas")),
]
OCCUPATION_CHOICES: Final = [
    ("pns", _("PNS/TNI/POLRI")),
    ("swasta", _("Pegawai swasta")),
    ("wiraswasta", _("Wiraswasta/usahawan")),
    ("pelajar", _("Pelajar/mahasiswa")),
    ("lainnya", pgettext_lazy("occupation", "Lainnya")),
]
AGE_MIN: Final = 10
AGE_MAX: Final = 120

# --- the employee survey after a move ---------------------------------------------------------

# Months after the move's effective date at which the survey opens; each stays open this long.
WAVES: Final = (3, 6)
WAVE_OPEN_DAYS: Final = 60
WAVE_CHOICES: Final = [(3, _("3 bulan")), (6, _("6 bulan"))]
LIKERT_MAX: Final = 5
EMPLOYEE_ITEMS: Final = ("adaptation", "satisfaction", "workload", "training", "intention")
EMPLOYEE_QUESTIONS: Final = {
    "adaptation": _("Saya sudah dapat menyesuaikan diri dengan tugas dan rekan di unit baru."),
    "satisfaction": _("Secara keseluruhan saya puas dengan jabatan baru saya."),
    "workload": _("Beban kerja di jabatan baru sesuai dengan kemampuan dan waktu saya."),
    "training": _("Pelatihan yang saya terima bermanfaat untuk jabatan baru."),
    "intention": _("Saya ingin tetap bekerja di unit ini untuk beberapa tahun ke depan."),
}
LIKERT_LABELS: Final = (
    _("Sangat tidak setuju"),
    _("Tidak setuju"),
    _("Netral"),
    _("Setuju"),
    _("Sangat setuju"),
)
# Confidentiality: a unit's employee results are shown only from this many answers.
MIN_ANSWERS_SHOWN: Final = 5
# The moved people count as unhappy when their mean score (1–5, all five items) is below the
# scale's neutral point.
UNHAPPY_BELOW: Final = 3.0
