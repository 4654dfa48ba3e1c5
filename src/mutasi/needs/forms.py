from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from mutasi.core.bounds import MAX_INT, MAX_QUERY_LENGTH

from .models import RoundingRule

# A formation above this is a typing error: the largest kabupaten post holds a few hundred staff.
MAX_FORMATION = 100_000
# A year has 525,600 minutes.
MAX_MINUTES_PER_YEAR = 525_600


class OverrideForm(forms.Form):
    formation = forms.IntegerField(
        label=_("Kebutuhan yang ditetapkan"), min_value=0, max_value=MAX_FORMATION
    )
    reason = forms.CharField(
        label=_("Alasan (wajib)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Misalnya: hasil rapat tim ABK, tugas baru yang belum masuk beban kerja."),
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Alasan penetapan kebutuhan wajib diisi."))
        return reason


class SettingsForm(forms.Form):
    effective_minutes_per_year = forms.IntegerField(
        label=_("Waktu kerja efektif (menit per tahun)"),
        min_value=1,
        max_value=MAX_MINUTES_PER_YEAR,
        help_text=_("PermenPANRB 1/2020: 1.250 jam = 75.000 menit per pegawai per tahun."),
    )
    rounding = forms.ChoiceField(label=_("Aturan pembulatan"), choices=RoundingRule.choices)


class TableQuery(forms.Form):
    """Filters, sorting and paging of the tables (all optional; bad values fall back)."""

    q = forms.CharField(required=False, max_length=MAX_QUERY_LENGTH)
    sector = forms.CharField(required=False, max_length=MAX_QUERY_LENGTH)
    unit = forms.CharField(required=False, max_length=MAX_QUERY_LENGTH)
    sort = forms.CharField(required=False, max_length=40)
    dir = forms.ChoiceField(required=False, choices=[("asc", "asc"), ("desc", "desc")])
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_INT)


class WorkloadTaskForm(forms.Form):
    description = forms.CharField(label=_("Uraian tugas"), max_length=300)
    output_unit = forms.CharField(label=_("Satuan hasil"), max_length=80, required=False)
    volume_per_year = forms.DecimalField(
        label=_("Volume per tahun"), min_value=0, max_digits=14, decimal_places=2
    )
    minutes_per_unit = forms.DecimalField(
        label=_("Waktu (menit) per satuan"),
        max_digits=10,
        decimal_places=2,
        max_value=MAX_MINUTES_PER_YEAR,
    )

    def clean_minutes_per_unit(self):  # type: ignore[no-untyped-def]
        minutes = self.cleaned_data["minutes_per_unit"]
        if minutes is not None and minutes <= 0:
            raise forms.ValidationError(_("Waktu harus lebih dari 0 menit."))
        return minutes
