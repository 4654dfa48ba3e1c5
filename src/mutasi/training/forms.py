"""Forms of the training pages. Single-row forms are validated by the same parsers as the sheets
(``sheets.parse_*``), so a form and an imported row can never disagree about what is valid."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mutasi.plans.models import Plan

from . import sheets
from .models import Attendance, CompetencyKind, CoursePinKind, Mode
from .services import APPROVED, DEFAULT_WINDOW_DAYS

LABELS: dict[str, Any] = {
    "nama": _("Nama"),
    "jenis": _("Jenis"),
    "deskripsi": _("Deskripsi"),
    "nip": _("NIP"),
    "kompetensi": _("Kompetensi"),
    "level": _("Level (1–5)"),
    "tanggal": _("Tanggal penilaian"),
    "sumber": _("Sumber"),
    "kode_diklat": _("Kode diklat"),
    "nama_diklat": _("Nama diklat"),
    "jp": _("JP"),
    "biaya": _("Biaya per peserta (Rp)"),
    "penyelenggara": _("Penyelenggara"),
    "moda": _("Moda"),
    "kode_sesi": _("Kode sesi"),
    "tanggal_mulai": _("Tanggal mulai"),
    "tanggal_selesai": _("Tanggal selesai"),
    "tempat": _("Tempat"),
    "kursi": _("Jumlah kursi"),
}
HELP: dict[str, Any] = {
    ("katalog_diklat", "kompetensi"): _(
        "kompetensi yang ditingkatkan dan levelnya: nama:level;… (level 1–5)"
    ),
}
CHOICES: dict[str, list[tuple[str, Any]]] = {
    "jenis": list(CompetencyKind.choices),
    "moda": list(Mode.choices),
}
DATE_COLUMNS = {"tanggal", "tanggal_mulai", "tanggal_selesai"}


class RowForm(forms.Form):
    """One row of a sheet, entered on a page. Every field is text: the sheet's parser checks it."""

    sheet = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for column in sheets.COLUMNS[self.sheet]:
            required = column in sheets.REQUIRED[self.sheet]
            label = LABELS.get(column, column)
            help_text = HELP.get((self.sheet, column), "")
            if column in CHOICES:
                field: forms.Field = forms.ChoiceField(
                    label=label, choices=CHOICES[column], required=required
                )
            elif column in DATE_COLUMNS:
                field = forms.CharField(
                    label=label,
                    required=required,
                    widget=forms.DateInput(attrs={"type": "date"}),
                )
            else:
                field = forms.CharField(label=label, required=required, help_text=help_text)
            self.fields[column] = field

    def as_row(self) -> sheets.Row:
        return sheets.Row(2, {k: v for k, v in self.cleaned_data.items() if k != "sheet"})


def row_form(sheet: str) -> type[RowForm]:
    return type(f"{sheet.title().replace('_', '')}Form", (RowForm,), {"sheet": sheet})


CompetencyForm = row_form(sheets.KOMPETENSI)
AssessmentForm = row_form(sheets.PENILAIAN)
CourseForm = row_form(sheets.KATALOG)
SessionForm = row_form(sheets.SESI)


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File (.xlsx atau .csv)"))
    sheet = forms.ChoiceField(
        label=_("Isi file CSV"),
        choices=[
            (sheets.KOMPETENSI, "kompetensi"),
            (sheets.PENILAIAN, "penilaian_kompetensi"),
            (sheets.KATALOG, "katalog_diklat"),
            (sheets.SESI, "sesi_diklat"),
        ],
        help_text=_("Untuk .xlsx, setiap sheet dengan nama di atas dibaca."),
    )


class CompletionUploadForm(forms.Form):
    file = forms.FileField(
        label=_(
            "Ekspor penyelesaian e-learning (.csv: nip, kode_sesi, tanggal_selesai, sertifikat)"
        )
    )


class TrainingPlanForm(forms.Form):
    plan = forms.ModelChoiceField(
        label=_("Rencana mutasi yang disetujui"), queryset=Plan.objects.none()
    )
    budget = forms.DecimalField(
        label=_("Anggaran (Rp)"), min_value=0, max_digits=16, decimal_places=0
    )
    window_days = forms.IntegerField(
        label=_("Sesi paling lambat dimulai (hari setelah tanggal efektif)"),
        min_value=0,
        max_value=365,
        initial=DEFAULT_WINDOW_DAYS,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["plan"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Plan.objects.filter(status__in=APPROVED).order_by("-created_at")


class RerunForm(forms.Form):
    budget = forms.DecimalField(
        label=_("Anggaran (Rp)"), min_value=0, max_digits=16, decimal_places=0
    )
    window_days = forms.IntegerField(
        label=_("Batas hari setelah tanggal efektif"), min_value=0, max_value=365
    )


class CoursePinForm(forms.Form):
    nip = forms.CharField(label=_("NIP"), max_length=18)
    course = forms.CharField(label=_("Kode diklat"), max_length=40)
    kind = forms.ChoiceField(label=_("Keputusan"), choices=CoursePinKind.choices)


class AttendanceForm(forms.Form):
    attendance = forms.ChoiceField(label=_("Kehadiran"), choices=Attendance.choices)
    completed_on = forms.DateField(
        label=_("Tanggal selesai"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    certificate = forms.CharField(label=_("Nomor sertifikat"), required=False, max_length=120)


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)
