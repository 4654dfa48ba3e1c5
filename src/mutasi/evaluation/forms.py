"""Forms of the evaluation stage."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from . import abuse, questionnaire


class PublicSurveyForm(forms.Form):
    """The SKM questionnaire: nine radio groups with the regulation's wording, then the
    respondent fields (optional) and a comment. Plain HTML, no script."""

    gender = forms.ChoiceField(
        label=_("Jenis kelamin"),
        choices=[("", "—"), *questionnaire.GENDER_CHOICES],
        required=False,
    )
    age = forms.IntegerField(
        label=_("Usia (tahun)"),
        required=False,
        min_value=questionnaire.AGE_MIN,
        max_value=questionnaire.AGE_MAX,
    )
    education = forms.ChoiceField(
        label=_("Pendidikan terakhir"),
        choices=[("", "—"), *questionnaire.EDUCATION_CHOICES],
        required=False,
    )
    occupation = forms.ChoiceField(
        label=_("Pekerjaan utama"),
        choices=[("", "—"), *questionnaire.OCCUPATION_CHOICES],
        required=False,
    )
    comment = forms.CharField(
        label=_("Saran dan masukan (boleh kosong)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    stamp = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for element in questionnaire.ELEMENTS:
            self.fields[element.field] = forms.TypedChoiceField(
                label=element.question,
                choices=[(i, text) for i, text in enumerate(element.answers, start=1)],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Pilih salah satu jawaban.")},
            )
        # The honeypot: hidden from people by CSS and from screen readers; bots fill it in.
        self.fields[abuse.HONEYPOT_FIELD] = forms.CharField(required=False, label=_("Situs web"))

    def element_fields(self) -> list[tuple[Any, Any]]:
        return [(e, self[e.field]) for e in questionnaire.ELEMENTS]

    def answers(self) -> list[int]:
        return [self.cleaned_data[e.field] for e in questionnaire.ELEMENTS]


class EmployeeSurveyForm(forms.Form):
    comment = forms.CharField(
        label=_("Komentar (boleh kosong)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(i, label) for i, label in enumerate(questionnaire.LIKERT_LABELS, start=1)]
        for name in questionnaire.EMPLOYEE_ITEMS:
            self.fields[name] = forms.TypedChoiceField(
                label=questionnaire.EMPLOYEE_QUESTIONS[name],
                choices=choices,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Pilih salah satu jawaban.")},
            )

    def item_fields(self) -> list[Any]:
        return [self[name] for name in questionnaire.EMPLOYEE_ITEMS]


class ExcludeForm(forms.Form):
    reason = forms.CharField(label=_("Alasan pengecualian"), max_length=500)


class PopulationForm(forms.Form):
    period = forms.CharField(
        label=_("Periode"),
        max_length=10,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )
    users = forms.IntegerField(
        label=_("Jumlah pengguna layanan"),
        min_value=0,
        widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}),
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Berkas (.xlsx dengan lembar survei_skm, atau .csv)"))
