from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ConsultationStatus


class ActivationForm(forms.Form):
    nip = forms.CharField(label=_("NIP"), max_length=18, min_length=18)
    code = forms.CharField(
        label=_("Kode aktivasi"), max_length=20, help_text=_("Tertera pada lembar dari BKPSDM.")
    )
    password1 = forms.CharField(
        label=_("Kata sandi baru"), strip=False, widget=forms.PasswordInput(render_value=False)
    )
    password2 = forms.CharField(
        label=_("Ulangi kata sandi baru"), strip=False, widget=forms.PasswordInput
    )

    def clean_nip(self) -> str:
        nip = self.cleaned_data["nip"].strip()
        if not nip.isdigit():
            raise forms.ValidationError(_("NIP terdiri dari 18 angka."))
        return nip

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("Kedua kata sandi tidak sama."))
        return data


class AspirationForm(forms.Form):
    fields_of_interest = forms.CharField(
        label=_("Bidang yang diminati"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    career_aspiration = forms.CharField(
        label=_("Aspirasi karier"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    personal_circumstances = forms.CharField(
        label=_("Keadaan pribadi (keluarga, kesehatan)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Hanya dapat dibaca perencana BKPSDM, tidak ditampilkan kembali di halaman ini. "
            "Boleh dikosongkan."
        ),
    )
    consent = forms.BooleanField(
        label=_(
            "Saya setuju keadaan pribadi di atas disimpan dan dibaca perencana BKPSDM "
            "untuk mempertimbangkan penempatan saya."
        ),
        required=False,
    )


class BootstrapForm(forms.Form):
    """Adds Bootstrap's classes to the widgets, so ``{{ field }}`` renders ready for a phone."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)


class ConsultationRequestForm(BootstrapForm):
    topic = forms.CharField(label=_("Topik"), max_length=200)
    preferred_time = forms.CharField(
        label=_("Waktu yang Anda inginkan"),
        max_length=200,
        help_text=_("Misalnya: Selasa atau Kamis pagi, minggu depan."),
    )
    message = forms.CharField(
        label=_("Pesan (opsional)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ConsultationRecordForm(BootstrapForm):
    status = forms.ChoiceField(label=_("Status"), choices=ConsultationStatus.choices)
    scheduled_for = forms.DateTimeField(
        label=_("Jadwal"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    note = forms.CharField(
        label=_("Catatan baru"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    outcome = forms.CharField(
        label=_("Hasil konsultasi"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class NipForm(forms.Form):
    nip = forms.CharField(label=_("NIP"), max_length=18, min_length=18)
