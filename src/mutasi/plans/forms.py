"""Forms of the planning cycle. The policy form is built from the engine's Policy fields, so every
hard rule and weight the engine has appears with its default and its source."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mutasi.core.bounds import MAX_COMMENT_LENGTH, MAX_INT, MAX_NOTE_LENGTH, MAX_TEXT_LENGTH
from mutasi.people.models import Employee, Position, Unit

from .models import Cycle, Mechanism, PinKind


class BootstrapMixin:
    """Bootstrap classes on every widget (the templates render fields one by one)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.HiddenInput):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs.setdefault("class", f"{css} form-control-sm")


class CycleForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Cycle
        fields = [
            "name",
            "preference_opens",
            "preference_closes",
            "max_preferences",
            "freeze_start",
            "freeze_end",
            "effective_date",
        ]
        widgets = {
            "preference_opens": forms.DateTimeInput(attrs={"type": "datetime-local"}),
            "preference_closes": forms.DateTimeInput(attrs={"type": "datetime-local"}),
            "freeze_start": forms.DateInput(attrs={"type": "date"}),
            "freeze_end": forms.DateInput(attrs={"type": "date"}),
            "effective_date": forms.DateInput(attrs={"type": "date"}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        opens, closes = data.get("preference_opens"), data.get("preference_closes")
        if opens and closes and closes <= opens:
            self.add_error(
                "preference_closes", _("Penutupan preferensi harus sesudah pembukaannya.")
            )
        start, end = data.get("freeze_start"), data.get("freeze_end")
        if bool(start) != bool(end):
            self.add_error(
                "freeze_end", _("Isi awal dan akhir masa larangan, atau kosongkan keduanya.")
            )
        elif start and end and end < start:
            self.add_error("freeze_end", _("Akhir masa larangan harus sesudah awalnya."))
        return data


class PolicyForm(forms.Form):
    """One field per setting of the engine's Policy (see ``adapter.policy_fields``)."""

    def __init__(self, *args: Any, fields_spec: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.spec = fields_spec
        for spec in fields_spec:
            kind = spec["type"]
            common = {
                "label": spec["label"],
                "help_text": spec["help"],
                "initial": spec["initial"],
                "required": False,
            }
            field: forms.Field
            if kind == "bool":
                field = forms.BooleanField(**common)
            elif kind == "int":
                field = forms.IntegerField(min_value=-MAX_INT, max_value=MAX_INT, **common)
            elif kind == "float":
                # FloatField already refuses inf and nan; the range keeps weights meaningful.
                field = forms.FloatField(min_value=-1e9, max_value=1e9, **common)
            elif kind == "mapping":
                field = forms.CharField(
                    widget=forms.Textarea(attrs={"rows": 3}), max_length=MAX_TEXT_LENGTH, **common
                )
            else:
                field = forms.CharField(max_length=MAX_TEXT_LENGTH, **common)
            self.fields[spec["name"]] = field

    def policy(self) -> dict[str, Any]:
        """The cleaned values as the Policy's JSON (only settings that differ from defaults)."""
        from . import adapter

        return adapter.policy_from_form(self.spec, self.cleaned_data)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        from . import adapter

        for name, message in adapter.policy_form_errors(self.spec, data).items():
            self.add_error(name, message)
        return data


class RunForm(BootstrapMixin, forms.Form):
    mechanism = forms.ChoiceField(
        label=_("mekanisme"), choices=Mechanism.choices, initial=Mechanism.OPTIMAL
    )


class PinForm(BootstrapMixin, forms.Form):
    nip = forms.CharField(label=_("NIP"), max_length=18)
    kind = forms.ChoiceField(label=_("jenis kunci"), choices=PinKind.choices)
    position_code = forms.CharField(label=_("kode jabatan tujuan"), max_length=40, required=False)
    unit_code = forms.CharField(label=_("kode unit"), max_length=40, required=False)
    note = forms.CharField(label=_("catatan"), required=False, max_length=MAX_NOTE_LENGTH)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        nip = data.get("nip")
        if nip:
            employee = Employee.objects.filter(nip=nip.strip()).first()
            if employee is None:
                self.add_error(
                    "nip", _("Pegawai dengan NIP %(nip)s tidak ditemukan.") % {"nip": nip}
                )
            data["employee"] = employee
        kind = data.get("kind")
        data["position"] = data["unit"] = None
        code = (data.get("position_code") or "").strip()
        if kind == PinKind.GOTO:
            position = Position.objects.filter(code=code).first() if code else None
            if position is None:
                self.add_error(
                    "position_code",
                    _("Jabatan tujuan “%(code)s” tidak ditemukan.") % {"code": code},
                )
            data["position"] = position
        unit_code = (data.get("unit_code") or "").strip()
        if kind == PinKind.NEVER_UNIT:
            unit = Unit.objects.filter(code=unit_code).first() if unit_code else None
            if unit is None:
                self.add_error(
                    "unit_code", _("Unit “%(code)s” tidak ditemukan.") % {"code": unit_code}
                )
            data["unit"] = unit
        return data


class MoveEditForm(BootstrapMixin, forms.Form):
    """The picker posts ``position`` (an id); ``position_code`` is kept for scripts."""

    nip = forms.CharField(label=_("NIP"), max_length=18)
    position = forms.IntegerField(
        label=_("jabatan tujuan"), required=False, min_value=1, max_value=MAX_INT
    )
    position_code = forms.CharField(label=_("kode jabatan tujuan"), max_length=40, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=MAX_INT)
    note = forms.CharField(label=_("catatan"), required=False, max_length=MAX_NOTE_LENGTH)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        nip, code = (data.get("nip") or "").strip(), (data.get("position_code") or "").strip()
        if nip:
            data["employee"] = Employee.objects.filter(nip=nip).first()
            if data["employee"] is None:
                self.add_error(
                    "nip", _("Pegawai dengan NIP %(nip)s tidak ditemukan.") % {"nip": nip}
                )
        chosen = data.get("position")
        if chosen:
            data["position"] = Position.objects.filter(pk=chosen).first()
            if data["position"] is None:
                self.add_error("position", _("Jabatan yang dipilih tidak ada lagi dalam data."))
        elif code:
            data["position"] = Position.objects.filter(code=code).first()
            if data["position"] is None:
                self.add_error(
                    "position_code", _("Jabatan “%(code)s” tidak ditemukan.") % {"code": code}
                )
        else:
            self.add_error("position", _("Pilih jabatan tujuan dari daftar."))
        return data


class VersionForm(BootstrapMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=MAX_INT)
    comment = forms.CharField(
        label=_("catatan"),
        required=False,
        max_length=MAX_COMMENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CommentForm(BootstrapMixin, forms.Form):
    text = forms.CharField(
        label=_("komentar"),
        max_length=MAX_COMMENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    move = forms.IntegerField(
        required=False, widget=forms.HiddenInput, min_value=1, max_value=MAX_INT
    )


class DecreeForm(BootstrapMixin, forms.Form):
    number = forms.CharField(label=_("nomor SK"), max_length=120, required=False)
    government = forms.CharField(label=_("pemerintah daerah"), max_length=160, required=False)
    head_title = forms.CharField(label=_("jabatan penandatangan"), max_length=160, required=False)
    signer_name = forms.CharField(label=_("nama penandatangan"), max_length=160, required=False)
    place = forms.CharField(label=_("ditetapkan di"), max_length=80, required=False)
    date = forms.DateField(
        label=_("tanggal penetapan"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
