"""The office's settings (first run and later) and the staff users and their roles, for HR."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mutasi.core.models import Instance, Profile, Role
from mutasi.core.permissions import role_required
from mutasi.people.models import Unit

from .instance import (
    INSTANCE_FIELDS,
    LOGO_MAX_BYTES,
    STAFF_ROLES,
    InstanceError,
    do_create_user,
    do_update_instance,
    do_update_user,
)

hr_only = role_required(Role.PLANNER)


class InstanceForm(forms.ModelForm):
    logo_file = forms.FileField(
        label=gettext_lazy("Logo baru (PNG/JPEG, opsional)"), required=False
    )

    class Meta:
        model = Instance
        fields = INSTANCE_FIELDS
        widgets = {"letterhead": forms.Textarea(attrs={"rows": 3})}


@hr_only
def instance_settings(request: HttpRequest) -> HttpResponse:
    instance = Instance.current()
    form = InstanceForm(request.POST or None, request.FILES or None, instance=Instance.current())
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("logo_file")
        logo = None
        if upload is not None:
            logo = upload.read(LOGO_MAX_BYTES + 1)
        try:
            do_update_instance(
                values={name: form.cleaned_data[name] for name in INSTANCE_FIELDS},
                logo=logo,
                acting_user=request.user,
            )
        except InstanceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Pengaturan instansi disimpan."))
            return redirect("dashboard")
    return render(
        request,
        "core/instance_form.html",
        {"form": form, "instance": instance, "first_run": not instance.is_configured},
    )


class StyledForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs["class"] = "form-check-input"
            elif isinstance(widget, forms.Select):
                widget.attrs["class"] = "form-select"
            else:
                widget.attrs["class"] = "form-control"


class UserCreateForm(StyledForm):
    username = forms.CharField(label=gettext_lazy("Nama pengguna"), max_length=150)
    full_name = forms.CharField(label=gettext_lazy("Nama lengkap"), max_length=200)
    role = forms.ChoiceField(
        label=gettext_lazy("Peran"), choices=[(r.value, r.label) for r in STAFF_ROLES]
    )
    unit = forms.ModelChoiceField(
        label=gettext_lazy("Unit (untuk kepala unit)"),
        queryset=Unit.objects.order_by("name"),
        required=False,
    )
    password = forms.CharField(
        label=gettext_lazy("Kata sandi awal"), widget=forms.PasswordInput, max_length=128
    )

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        try:
            validate_password(password)
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from None
        return password


class UserUpdateForm(StyledForm):
    role = forms.ChoiceField(
        label=gettext_lazy("Peran"), choices=[(r.value, r.label) for r in STAFF_ROLES]
    )
    unit = forms.ModelChoiceField(
        label=gettext_lazy("Unit (untuk kepala unit)"),
        queryset=Unit.objects.order_by("name"),
        required=False,
    )
    active = forms.BooleanField(label=gettext_lazy("Boleh masuk"), required=False)


def _staff_users() -> Any:
    return (
        get_user_model()
        .objects.filter(profile__role__in=STAFF_ROLES)
        .select_related("profile__unit")
        .order_by("profile__role", "username")
    )


@hr_only
def users(request: HttpRequest) -> HttpResponse:
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = do_create_user(
                username=data["username"],
                full_name=data["full_name"],
                password=data["password"],
                role=data["role"],
                unit=data["unit"],
                acting_user=request.user,
            )
        except InstanceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Pengguna %(u)s dibuat.") % {"u": user.username})
            return redirect("users")
    return render(request, "core/users.html", {"form": form, "users": _staff_users()})


@hr_only
def user_edit(request: HttpRequest, user_id: int) -> HttpResponse:
    user = get_object_or_404(
        get_user_model().objects.select_related("profile__unit"),
        pk=user_id,
        profile__role__in=STAFF_ROLES,
    )
    profile: Profile = user.profile
    initial = {"role": profile.role, "unit": profile.unit, "active": user.is_active}
    form = UserUpdateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            do_update_user(
                user,
                role=data["role"],
                unit=data["unit"],
                active=data["active"],
                acting_user=request.user,
            )
        except InstanceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Pengguna %(u)s diperbarui.") % {"u": user.username})
            return redirect("users")
    return render(request, "core/user_form.html", {"form": form, "subject": user})
