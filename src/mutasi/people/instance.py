"""The office's own settings (``Instance``) and the users and roles HR manages: audited writes."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mutasi.core.audit import record_audit
from mutasi.core.models import HeadTitle, Instance, Profile, Role

INSTANCE_FIELDS = [
    "region_name",
    "province_name",
    "head_title",
    "head_name",
    "office_name",
    "office_head_name",
    "office_head_nip",
    "decree_place",
    "letterhead",
]
LOGO_MAX_BYTES = 1024 * 1024  # a letterhead logo; larger files slow every document down
LOGO_TYPES = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpg"}


class InstanceError(Exception):
    """Refused settings; the message is Indonesian and names the field."""


def logo_extension(content: bytes) -> str:
    """The logo's file type from its first bytes (PNG or JPEG), or InstanceError."""
    if len(content) > LOGO_MAX_BYTES:
        raise InstanceError(
            _("Logo terlalu besar (%(kb)s KB); paling besar %(max)s KB.")
            % {"kb": len(content) // 1024, "max": LOGO_MAX_BYTES // 1024}
        )
    for magic, extension in LOGO_TYPES.items():
        if content.startswith(magic):
            return extension
    raise InstanceError(_("Logo harus berupa gambar PNG atau JPEG."))


def validate_values(values: dict[str, Any]) -> dict[str, str]:
    """Trimmed values, or InstanceError naming the first bad field."""
    from .nip import is_valid_nip

    clean = {name: str(values[name]).strip() for name in INSTANCE_FIELDS if name in values}
    if clean.get("head_title") and clean["head_title"] not in HeadTitle.values:
        raise InstanceError(
            _("Sebutan kepala daerah harus salah satu dari: %(choices)s.")
            % {"choices": ", ".join(HeadTitle.values)}
        )
    nip = clean.get("office_head_nip", "")
    if nip and not is_valid_nip(nip):
        raise InstanceError(_("NIP kepala BKPSDM “%(nip)s” tidak sah (18 angka).") % {"nip": nip})
    for name, value in clean.items():
        limit = Instance._meta.get_field(name).max_length
        if limit and len(value) > limit:
            raise InstanceError(
                _("%(field)s terlalu panjang (paling banyak %(n)s karakter).")
                % {"field": Instance._meta.get_field(name).verbose_name, "n": limit}
            )
    return clean


def _state(instance: Instance) -> dict[str, Any]:
    state: dict[str, Any] = {name: getattr(instance, name) for name in INSTANCE_FIELDS}
    state["logo"] = instance.logo.name if instance.logo else ""
    state["decree_template"] = instance.decree_template.name if instance.decree_template else ""
    return state


@transaction.atomic
def do_update_instance(
    *,
    values: dict[str, Any],
    acting_user: Any,
    logo: bytes | None = None,
    decree_template: bytes | None = None,
    clear_decree_template: bool = False,
) -> Instance:
    """Record the office's settings (only the given fields change); one audit entry."""
    clean = validate_values(values)
    extension = logo_extension(logo) if logo is not None else None
    instance = Instance.objects.select_for_update().filter(pk=1).first() or Instance(pk=1)
    before = _state(instance) if instance.pk and Instance.objects.filter(pk=1).exists() else None
    for name, value in clean.items():
        setattr(instance, name, value)
    if logo is not None:
        instance.logo.save(f"logo.{extension}", ContentFile(logo), save=False)
    if decree_template is not None:
        instance.decree_template.save("templat-sk.docx", ContentFile(decree_template), save=False)
    elif clear_decree_template:
        instance.decree_template = ""
    instance.updated_at = timezone.now()
    instance.save()
    transaction.on_commit(Instance.forget_cached)
    Instance.forget_cached()
    record_audit(
        "instance.update",
        acting_user=acting_user,
        obj=instance,
        summary=_("Pengaturan instansi diperbarui: %(region)s") % {"region": instance.region_name},
        before=before,
        after=_state(instance),
    )
    return instance


# ---- users and roles ------------------------------------------------------------------------

STAFF_ROLES = (Role.PLANNER, Role.APPROVER, Role.UNIT_HEAD)


def _user_state(user: Any) -> dict[str, Any]:
    profile = getattr(user, "profile", None)
    return {
        "username": user.username,
        "name": user.get_full_name(),
        "active": user.is_active,
        "role": profile.role if profile else None,
        "unit": profile.unit_id if profile else None,
    }


def _check_role(role: str, unit: Any) -> None:
    if role not in STAFF_ROLES:
        raise InstanceError(_("Peran tidak dikenal."))
    if role == Role.UNIT_HEAD and unit is None:
        raise InstanceError(_("Kepala unit memerlukan unit yang dipimpinnya."))


@transaction.atomic
def do_create_user(
    *,
    username: str,
    full_name: str,
    password: str,
    role: str,
    acting_user: Any,
    unit: Any = None,
) -> Any:
    """A staff account (planner, approver or unit head); employees activate their own."""
    user_model = get_user_model()
    _check_role(role, unit)
    if user_model.objects.filter(username__iexact=username).exists():
        raise InstanceError(_("Nama pengguna “%(u)s” sudah dipakai.") % {"u": username})
    first, _sep, last = full_name.strip().partition(" ")
    user = user_model.objects.create_user(
        username=username, password=password, first_name=first[:150], last_name=last[:150]
    )
    Profile.objects.create(user=user, role=role, unit=unit if role == Role.UNIT_HEAD else None)
    record_audit(
        "user.create",
        acting_user=acting_user,
        obj=user,
        summary=_("Pengguna %(u)s dibuat sebagai %(role)s")
        % {"u": username, "role": Role(role).label},
        after=_user_state(user),
    )
    return user


@transaction.atomic
def do_update_user(
    user: Any, *, role: str, active: bool, acting_user: Any, unit: Any = None
) -> Any:
    """Change a staff user's role, unit or whether they may log in."""
    _check_role(role, unit)
    if user.pk == getattr(acting_user, "pk", None) and (not active or role != Role.PLANNER):
        raise InstanceError(
            _("Anda tidak dapat menonaktifkan atau mengubah peran akun Anda sendiri.")
        )
    profile = getattr(user, "profile", None)
    if profile is not None and profile.role == Role.EMPLOYEE:
        raise InstanceError(_("Akun pegawai dikelola lewat aktivasi pegawai, bukan di sini."))
    before = _user_state(user)
    if profile is None:
        profile = Profile(user=user)
    profile.role = role
    profile.unit = unit if role == Role.UNIT_HEAD else None
    profile.save()
    user.profile = profile
    if user.is_active != active:
        user.is_active = active
        user.save(update_fields=["is_active"])
    record_audit(
        "user.update",
        acting_user=acting_user,
        obj=user,
        summary=_("Pengguna %(u)s: %(role)s%(state)s")
        % {
            "u": user.username,
            "role": Role(role).label,
            "state": "" if active else _(" (nonaktif)"),
        },
        before=before,
        after=_user_state(user),
    )
    return user
