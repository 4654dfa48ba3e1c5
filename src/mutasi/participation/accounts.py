"""Employee accounts: HR issues one-time activation codes, the employee sets a password with one.

The user name is the NIP, so an employee logs in with their NIP on the ordinary login page.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX, make_password
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from mutasi.core.audit import record_audit
from mutasi.core.models import Profile, Role
from mutasi.people.models import Employee, Position

from .models import ActivationCode, ActivationThrottle

# How long a printed code stays valid: long enough to reach every employee of a unit on paper.
ACTIVATION_CODE_VALID_DAYS = 30
# No 0/O, 1/I/L: codes are read off paper. 32 symbols × 10 characters = 50 bits.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10


@dataclass(frozen=True)
class IssuedCode:
    nip: str
    name: str
    position: str
    unit: str
    code: str
    expires_at: datetime.datetime

    @classmethod
    def for_employee(cls, employee: Any, code: str, expires_at: datetime.datetime) -> IssuedCode:
        """The slip's line for ``employee`` (position and unit already selected)."""
        return cls(
            nip=employee.nip,
            name=employee.name,
            position=employee.position.name,
            unit=employee.position.unit.name,
            code=code,
            expires_at=expires_at,
        )


def generate_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:5]}-{raw[5:]}"


def normalise_code(code: str) -> str:
    """What the employee typed, as issued: upper case, one dash, spaces ignored."""
    raw = "".join(ch for ch in code.upper() if ch.isalnum())
    return f"{raw[:5]}-{raw[5:]}" if len(raw) == CODE_LENGTH else raw


def hash_code(code: str) -> str:
    return salted_hmac("mutasi.participation.activation", normalise_code(code)).hexdigest()


def is_activated(user: Any) -> bool:
    return bool(user.password) and not user.password.startswith(UNUSABLE_PASSWORD_PREFIX)


def _account_for(employee: Employee) -> User | None:
    profile = Profile.objects.filter(employee=employee).select_related("user").first()
    if profile is not None:
        return profile.user
    return User.objects.filter(username=employee.nip).first()


def _issue(employee: Employee, user: User, now: datetime.datetime, acting_user: Any) -> IssuedCode:
    code = generate_code()
    expires = now + datetime.timedelta(days=ACTIVATION_CODE_VALID_DAYS)
    ActivationCode.objects.update_or_create(
        user=user,
        defaults={
            "code_hash": hash_code(code),
            "created_at": now,
            "expires_at": expires,
            "used_at": None,
            "failed_attempts": 0,
            "created_by": acting_user if getattr(acting_user, "is_authenticated", False) else None,
        },
    )
    return IssuedCode.for_employee(employee, code, expires)


def _ensure_account(employee: Employee) -> User:
    user = _account_for(employee)
    if user is None:
        user = User(username=employee.nip, first_name=employee.name[:150])
        user.set_unusable_password()
        user.save()
    profile = Profile.objects.filter(user=user).first()
    if profile is None and (user.is_staff or user.is_superuser):
        # Never turn an administrator into an employee account whose password HR can reset.
        raise ValidationError(
            _("Nama pengguna %(nip)s dipakai akun administrator; gunakan nama pengguna lain.")
            % {"nip": employee.nip}
        )
    if profile is None:
        Profile.objects.create(user=user, role=Role.EMPLOYEE, employee=employee)
    elif profile.employee_id != employee.pk:
        raise ValidationError(
            _("Nama pengguna %(nip)s sudah dipakai akun lain; periksa akun tersebut di admin.")
            % {"nip": employee.nip}
        )
    return user


def _ensure_accounts(employees: list[Employee]) -> dict[int, User]:
    """``_ensure_account`` for many employees in a fixed number of queries: employee pk -> user."""
    users: dict[int, User] = {
        p.employee_id: p.user
        for p in Profile.objects.filter(employee__in=employees).select_related("user")
    }
    missing = [e for e in employees if e.pk not in users]
    by_name = {u.username: u for u in User.objects.filter(username__in=[e.nip for e in missing])}
    taken = set(Profile.objects.filter(user__in=by_name.values()).values_list("user_id", flat=True))
    for employee in missing:
        user = by_name.get(employee.nip)
        if user is not None and (user.pk in taken or user.is_staff or user.is_superuser):
            _ensure_account(employee)  # raises the precise error
    new_users = [
        User(username=e.nip, first_name=e.name[:150], password=make_password(None))
        for e in missing
        if e.nip not in by_name
    ]
    User.objects.bulk_create(new_users, batch_size=500)
    if new_users and new_users[0].pk is None:  # a backend that does not return ids
        by_name.update(
            (u.username, u)
            for u in User.objects.filter(username__in=[u.username for u in new_users])
        )
    else:
        by_name.update((u.username, u) for u in new_users)
    Profile.objects.bulk_create(
        [Profile(user=by_name[e.nip], role=Role.EMPLOYEE, employee=e) for e in missing],
        batch_size=500,
    )
    users.update((e.pk, by_name[e.nip]) for e in missing)
    return users


@transaction.atomic
def working(employees: list[Employee], today: datetime.date) -> list[Employee]:
    """Those not yet at the retirement age (BUP) of their post on ``today`` (one query): someone
    past it has left the service and gets no account."""
    posts = Position.objects.in_bulk({e.position_id for e in employees})
    return [e for e in employees if e.age_on(today) < posts[e.position_id].retirement_age]


def do_issue_activation_codes(
    employees: Iterable[Employee], *, acting_user: Any, now: datetime.datetime | None = None
) -> list[IssuedCode]:
    """Create missing accounts and issue new codes to every employee not yet activated.

    Activated accounts are left alone (use ``do_reset_account`` for one who lost their
    password). Each new code replaces any earlier unused one.
    """
    now = now or timezone.now()
    employees = working(list(employees), timezone.localdate(now))
    users = _ensure_accounts(employees)
    creator = acting_user if getattr(acting_user, "is_authenticated", False) else None
    expires = now + datetime.timedelta(days=ACTIVATION_CODE_VALID_DAYS)
    issued: list[IssuedCode] = []
    codes: list[ActivationCode] = []
    for employee in employees:
        user = users[employee.pk]
        if is_activated(user):
            continue
        code = generate_code()
        codes.append(
            ActivationCode(
                user=user,
                code_hash=hash_code(code),
                created_at=now,
                expires_at=expires,
                created_by=creator,
            )
        )
        issued.append(IssuedCode.for_employee(employee, code, expires))
    ActivationCode.objects.filter(user__in=[c.user for c in codes]).delete()
    ActivationCode.objects.bulk_create(codes, batch_size=500)
    record_audit(
        "participation.issue_activation_codes",
        acting_user=acting_user,
        summary=_("%(n)d kode aktivasi diterbitkan") % {"n": len(issued)},
        after={"nips": [item.nip for item in issued]},
    )
    return issued


@transaction.atomic
def do_reset_account(
    employee: Employee, *, acting_user: Any, now: datetime.datetime | None = None
) -> IssuedCode:
    """Disable the password of one employee's account and issue a new activation code."""
    now = now or timezone.now()
    user = _ensure_account(employee)
    was_active = is_activated(user)
    user.set_unusable_password()
    user.save(update_fields=["password"])
    issued = _issue(employee, user, now, acting_user)
    record_audit(
        "participation.reset_account",
        acting_user=acting_user,
        obj=user,
        summary=_("Akun %(nip)s diatur ulang") % {"nip": employee.nip},
        before={"activated": was_active},
        after={"activated": False},
    )
    return issued


def _throttle(nip: str, address: str | None) -> ActivationThrottle:
    throttle, _created = ActivationThrottle.objects.get_or_create(
        nip_hash=hash_code(nip), address=address
    )
    return throttle


def _count_failure(throttle: ActivationThrottle, now: datetime.datetime) -> None:
    failures = throttle.failures + 1
    delay = throttle.delay_after(failures)
    ActivationThrottle.objects.filter(pk=throttle.pk).update(
        failures=F("failures") + 1,
        last_failure_at=now,
        locked_until=now + delay if delay else None,
    )


def do_activate_account(
    nip: str,
    code: str,
    password: str,
    *,
    address: str | None = None,
    now: datetime.datetime | None = None,
) -> User:
    """Set the first password with a valid code. Raises ValidationError in Indonesian.

    Wrong tries are counted per NIP and client address (``ActivationThrottle``): after a few, that
    address waits longer and longer before its next try, while the employee's own code keeps
    working from anywhere else. A NIP that does not exist, a wrong code and a code already used
    (asked with a wrong code) all get the same answer, so nobody learns which NIPs exist.
    """
    now = now or timezone.now()
    nip = nip.strip()
    wrong = ValidationError(_("NIP atau kode aktivasi salah."), code="wrong")
    throttle = _throttle(nip, address)
    if throttle.locked_until is not None and throttle.locked_until > now:
        minutes = max(1, round((throttle.locked_until - now).total_seconds() / 60))
        raise ValidationError(
            _(
                "Terlalu banyak percobaan yang salah. Coba lagi setelah %(minutes)s menit, "
                "atau minta kode baru ke BKPSDM."
            )
            % {"minutes": minutes},
            code="locked",
        )
    activation = (
        ActivationCode.objects.select_related("user")
        .filter(user__username=nip, user__profile__role=Role.EMPLOYEE)
        .first()
    )
    if activation is None or not constant_time_compare(activation.code_hash, hash_code(code)):
        _count_failure(throttle, now)
        if activation is not None:
            # Kept for HR's overview; it no longer blocks the code by itself.
            ActivationCode.objects.filter(pk=activation.pk).update(
                failed_attempts=F("failed_attempts") + 1
            )
        raise wrong
    if activation.used_at is not None:
        raise ValidationError(
            _("Kode aktivasi ini sudah dipakai. Masuk dengan NIP dan kata sandi Anda."),
            code="used",
        )
    if activation.expires_at <= now:
        raise ValidationError(
            _("Kode aktivasi sudah kedaluwarsa. Minta kode baru ke BKPSDM."), code="expired"
        )
    user = activation.user
    validate_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        activation.used_at = now
        activation.save(update_fields=["used_at"])
        ActivationThrottle.objects.filter(pk=throttle.pk).delete()
        record_audit(
            "participation.activate_account",
            acting_user=user,
            obj=user,
            summary=_("Akun %(nip)s diaktifkan") % {"nip": nip},
        )
    return user
