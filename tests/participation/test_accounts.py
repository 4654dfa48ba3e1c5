"""Employee accounts: HR issues codes per unit, employees activate with one; logins are limited."""

from __future__ import annotations

import datetime
import re

import pytest
from axes.models import AccessAttempt
from axes.utils import reset as reset_login_attempts
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from mutasi.core.models import AuditEntry, Role
from mutasi.participation.accounts import (
    do_activate_account,
    do_issue_activation_codes,
    do_reset_account,
    is_activated,
)
from mutasi.participation.models import ActivationCode, ActivationThrottle
from tests.factories import make_employee, make_employee_user, make_planner, make_position

pytestmark = pytest.mark.django_db
CODE = re.compile(r'<span class="code">([A-Z0-9]{5}-[A-Z0-9]{5})</span>')
NEW_PASSWORD = "Bukitintan-sandi-2027"


def test_a_planner_issues_printable_codes_for_every_employee_of_a_unit(planner_client, world):
    response = planner_client.post(reverse("participation:hr_issue_codes", args=[world.unit_a.pk]))
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]
    codes = CODE.findall(response.content.decode())
    assert len(codes) == 1  # Ani is the only employee of Dinas A
    assert world.ani.nip in response.content.decode()
    user = User.objects.get(username=world.ani.nip)
    assert user.profile.role == Role.EMPLOYEE and user.profile.employee == world.ani
    assert not is_activated(user)
    activation = ActivationCode.objects.get(user=user)
    assert codes[0] not in activation.code_hash  # only a keyed hash is stored
    assert AuditEntry.objects.filter(action="participation.issue_activation_codes").exists()


@pytest.mark.argon2
def test_the_employee_activates_with_the_code_and_then_logs_in_by_nip(client, world):
    [issued] = do_issue_activation_codes([world.ani], acting_user=make_planner())
    response = client.post(
        reverse("participation:activate"),
        {
            "nip": world.ani.nip,
            "code": issued.code.lower().replace("-", " "),
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("login")
    user = User.objects.get(username=world.ani.nip)
    assert user.check_password(NEW_PASSWORD)
    assert user.password.startswith("argon2")
    assert ActivationCode.objects.get(user=user).used_at is not None
    response = client.post(reverse("login"), {"username": world.ani.nip, "password": NEW_PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("participation:home")).status_code == 200


def test_a_code_works_only_once(world):
    [issued] = do_issue_activation_codes([world.ani], acting_user=make_planner())
    do_activate_account(world.ani.nip, issued.code, NEW_PASSWORD)
    with pytest.raises(ValidationError) as error:
        do_activate_account(world.ani.nip, issued.code, "Sandi-lain-yang-baru-1")
    assert error.value.code == "used"
    assert User.objects.get(username=world.ani.nip).check_password(NEW_PASSWORD)


def test_five_wrong_codes_slow_down_that_address_but_not_the_employee(world):
    [issued] = do_issue_activation_codes([world.ani], acting_user=make_planner())
    stranger, own = "203.0.113.9", "198.51.100.7"
    for _ in range(ActivationThrottle.FREE_ATTEMPTS):
        with pytest.raises(ValidationError, match="NIP atau kode aktivasi salah"):
            do_activate_account(world.ani.nip, "AAAAA-AAAAA", NEW_PASSWORD, address=stranger)
    # The stranger's address now waits one minute, even with the right code ...
    with pytest.raises(ValidationError) as error:
        do_activate_account(world.ani.nip, issued.code, NEW_PASSWORD, address=stranger)
    assert error.value.code == "locked"
    assert "1 menit" in error.value.messages[0]
    # ... while Ani, from her own address, activates with her code.
    do_activate_account(world.ani.nip, issued.code, NEW_PASSWORD, address=own)
    assert is_activated(User.objects.get(username=world.ani.nip))


def test_each_further_wrong_code_doubles_the_wait(world):
    do_issue_activation_codes([world.ani], acting_user=make_planner())
    now = timezone.now()
    waits = []
    for attempt in range(ActivationThrottle.FREE_ATTEMPTS + 3):
        with pytest.raises(ValidationError):
            do_activate_account(
                world.ani.nip, "AAAAA-AAAAA", NEW_PASSWORD, address="203.0.113.9", now=now
            )
        throttle = ActivationThrottle.objects.get()
        if throttle.locked_until is not None:
            waits.append(round((throttle.locked_until - now).total_seconds() / 60))
            now = throttle.locked_until  # the next try comes when the wait is over
        assert throttle.failures == attempt + 1
    assert waits == [1, 2, 4, 8]


def test_a_used_code_asked_with_a_wrong_code_looks_like_a_missing_nip(world):
    [issued] = do_issue_activation_codes([world.ani], acting_user=make_planner())
    do_activate_account(world.ani.nip, issued.code, NEW_PASSWORD)
    with pytest.raises(ValidationError) as used:
        do_activate_account(world.ani.nip, "AAAAA-AAAAA", NEW_PASSWORD)
    with pytest.raises(ValidationError) as missing:
        do_activate_account("198501012010011999", "AAAAA-AAAAA", NEW_PASSWORD)
    assert used.value.code == missing.value.code == "wrong"
    assert used.value.messages == missing.value.messages


def test_an_unknown_nip_gets_the_same_answer_as_a_wrong_code(world):
    with pytest.raises(ValidationError) as error:
        do_activate_account("198501012010011999", "AAAAA-AAAAA", NEW_PASSWORD)
    assert error.value.code == "wrong"


def test_an_expired_code_is_refused(world):
    [issued] = do_issue_activation_codes([world.ani], acting_user=make_planner())
    later = timezone.now() + datetime.timedelta(days=31)
    with pytest.raises(ValidationError) as error:
        do_activate_account(world.ani.nip, issued.code, NEW_PASSWORD, now=later)
    assert error.value.code == "expired"


def test_a_weak_password_is_refused_on_the_activation_page(client, world):
    [issued] = do_issue_activation_codes([world.ani], acting_user=make_planner())
    response = client.post(
        reverse("participation:activate"),
        {"nip": world.ani.nip, "code": issued.code, "password1": "123", "password2": "123"},
    )
    assert response.status_code == 200
    assert "terlalu pendek" in response.content.decode()
    assert not is_activated(User.objects.get(username=world.ani.nip))
    assert ActivationCode.objects.get(user__username=world.ani.nip).used_at is None


def test_issuing_again_skips_activated_accounts_and_replaces_unused_codes(world):
    planner = make_planner()
    [first] = do_issue_activation_codes([world.ani, world.budi], acting_user=planner)[:1]
    do_activate_account(world.ani.nip, first.code, NEW_PASSWORD)
    again = do_issue_activation_codes([world.ani, world.budi], acting_user=planner)
    assert [item.nip for item in again] == [world.budi.nip]
    assert User.objects.filter(username__in=[world.ani.nip, world.budi.nip]).count() == 2


def test_a_reset_disables_the_password_and_issues_a_new_code(planner_client, world):
    [issued] = do_issue_activation_codes([world.ani], acting_user=make_planner("p2"))
    do_activate_account(world.ani.nip, issued.code, NEW_PASSWORD)
    response = planner_client.post(
        reverse("participation:hr_reset_account"), {"nip": world.ani.nip}
    )
    assert response.status_code == 200
    [code] = CODE.findall(response.content.decode())
    user = User.objects.get(username=world.ani.nip)
    assert not is_activated(user)
    do_activate_account(world.ani.nip, code, "Sandi-baru-sesudah-reset-9")
    assert AuditEntry.objects.filter(action="participation.reset_account").count() == 1


def test_an_existing_employee_account_under_another_name_is_reused(world):
    existing = make_employee_user(world.ani, username="ani.lestari")
    assert do_issue_activation_codes([world.ani], acting_user=make_planner()) == []
    issued = do_reset_account(world.ani, acting_user=make_planner("p2"))
    assert ActivationCode.objects.get(user=existing)
    assert issued.nip == world.ani.nip
    assert not User.objects.filter(username=world.ani.nip).exists()
    existing.refresh_from_db()
    assert not is_activated(existing)


def test_brute_force_login_is_locked_out_after_five_failures(client, world):
    reset_login_attempts()
    make_employee_user(world.ani)  # password "rahasia-demo-123"
    for _ in range(4):
        response = client.post(reverse("login"), {"username": world.ani.nip, "password": "salah"})
        assert response.status_code == 200
    response = client.post(reverse("login"), {"username": world.ani.nip, "password": "salah"})
    assert response.status_code == 429
    # Locked: even the right password is refused until the cool-off ends or HR resets it.
    response = client.post(
        reverse("login"), {"username": world.ani.nip, "password": "rahasia-demo-123"}
    )
    assert response.status_code == 429
    assert "Terlalu banyak percobaan masuk" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.filter(username=world.ani.nip).exists()
    reset_login_attempts(username=world.ani.nip)
    response = client.post(
        reverse("login"), {"username": world.ani.nip, "password": "rahasia-demo-123"}
    )
    assert response.status_code == 302


def test_one_address_trying_many_user_names_is_stopped(client, world, settings):
    """40 user names from one address: each name fails once, so no name+address pair is locked,
    but the address as a whole is after LOGIN_FAILURES_PER_ADDRESS failures."""
    reset_login_attempts()
    settings.LOGIN_FAILURES_PER_ADDRESS = 10
    make_employee_user(world.ani)  # password "rahasia-demo-123"
    codes = []
    for n in range(40):
        response = client.post(
            reverse("login"), {"username": f"1985010120100110{n:02d}", "password": "x"}
        )
        codes.append(response.status_code)
    assert codes[:10] == [200] * 10
    assert set(codes[10:]) == {429}
    # From that address even the right password waits for the cool-off ...
    response = client.post(
        reverse("login"), {"username": world.ani.nip, "password": "rahasia-demo-123"}
    )
    assert response.status_code == 429
    # ... while another address logs in.
    response = client.post(
        reverse("login"),
        {"username": world.ani.nip, "password": "rahasia-demo-123"},
        REMOTE_ADDR="198.51.100.7",
    )
    assert response.status_code == 302


def test_only_planners_reach_the_account_pages(client, world):
    client.force_login(make_employee_user(world.ani))
    assert client.get(reverse("participation:hr_accounts")).status_code == 403
    url = reverse("participation:hr_issue_codes", args=[world.unit_a.pk])
    assert client.post(url).status_code == 403
    assert not ActivationCode.objects.exists()


def test_the_account_page_lists_units_with_their_counts(planner_client, world):
    make_employee(make_position(world.unit_a))
    response = planner_client.get(reverse("participation:hr_accounts"))
    assert response.status_code == 200
    rows = {row.unit.pk: row for row in response.context["rows"]}
    assert rows[world.unit_a.pk].employees == 2
    assert rows[world.unit_a.pk].accounts == 0


def test_an_administrator_or_planner_account_named_by_a_nip_cannot_be_reset(world):
    admin = User.objects.create_superuser(world.ani.nip, password="admin-sandi-123")
    with pytest.raises(ValidationError, match="administrator"):
        do_reset_account(world.ani, acting_user=make_planner())
    planner = make_planner(world.budi.nip)
    with pytest.raises(ValidationError, match="sudah dipakai akun lain"):
        do_issue_activation_codes([world.budi], acting_user=make_planner("p2"))
    admin.refresh_from_db()
    planner.refresh_from_db()
    assert admin.check_password("admin-sandi-123")
    assert planner.check_password("rahasia-demo-123")
    assert not ActivationCode.objects.exists()


def test_issuing_codes_for_a_unit_takes_a_fixed_number_of_queries(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    planner = make_planner()
    few = [make_employee(make_position(world.unit_b)) for _ in range(2)]
    many = [make_employee(make_position(world.unit_b)) for _ in range(20)]
    with CaptureQueriesContext(connection) as small:
        assert len(do_issue_activation_codes(few, acting_user=planner)) == 2
    with CaptureQueriesContext(connection) as big:
        assert len(do_issue_activation_codes(many, acting_user=planner)) == 20
    assert len(big) == len(small)
    assert ActivationCode.objects.count() == 22
    assert all(not is_activated(u) for u in User.objects.filter(profile__employee__in=many))


def test_an_employee_session_ends_with_the_browser_and_after_a_working_day(client, world):
    make_employee_user(world.ani)
    client.post(reverse("login"), {"username": world.ani.nip, "password": "rahasia-demo-123"})
    assert client.session.get_expire_at_browser_close()
    assert client.session.get_expiry_age() == 8 * 60 * 60
    assert client.cookies["sessionid"]["max-age"] == ""  # a browser-session cookie


def test_an_employee_past_retirement_age_gets_no_activation_code(world):
    # A pelaksana post retires at 58: born 1960, the person is well past it.
    retired = make_employee(
        make_position(world.unit_b, kind="pelaksana"), birth_date=datetime.date(1960, 3, 1)
    )
    working = make_employee(make_position(world.unit_b, kind="pelaksana"))
    issued = do_issue_activation_codes([retired, working], acting_user=make_planner())
    assert [code.nip for code in issued] == [working.nip]
    assert not User.objects.filter(profile__employee=retired).exists()
    assert not ActivationCode.objects.filter(user__profile__employee=retired).exists()
