"""Django admin: reference data is editable (audited, and seen at once by the cached figures); the
audit log can never be changed."""

from __future__ import annotations

import datetime
import json

import pytest
from django.contrib.auth.models import User
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse

from mutasi.core.audit import record_audit
from mutasi.core.dataversion import data_version
from mutasi.core.models import AuditEntry
from mutasi.needs.models import WorkloadTask
from mutasi.needs.selectors import compute_needs
from mutasi.people.selectors import dashboard
from tests import factories as f

TODAY = datetime.date(2027, 1, 1)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def admin_client_() -> Client:
    user = User.objects.create_superuser("admin-bkpsdm", password="rahasia-demo-123")
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", ["unit", "position", "employee", "positionhistory", "competency"])
def test_every_reference_table_has_an_admin_list(admin_client_: Client, model: str) -> None:
    f.make_employee()
    response = admin_client_.get(reverse(f"admin:people_{model}_changelist"))
    assert response.status_code == 200


def test_profiles_and_the_audit_log_are_listed(admin_client_: Client) -> None:
    f.make_planner()
    assert admin_client_.get(reverse("admin:core_profile_changelist")).status_code == 200
    record_audit("test.action", acting_user=None, summary="sesuatu terjadi")
    response = admin_client_.get(reverse("admin:core_auditentry_changelist"))
    assert response.status_code == 200
    assert "sesuatu terjadi" in response.text


def test_an_audit_entry_can_be_read_but_not_changed_added_or_deleted(
    admin_client_: Client,
) -> None:
    entry = record_audit("plan.approve", acting_user=None, summary="disetujui", after={"a": 1})
    change_url = reverse("admin:core_auditentry_change", args=[entry.pk])
    view = admin_client_.get(change_url)
    assert view.status_code == 200  # a superuser may look at it
    assert 'name="_save"' not in view.text

    posted = admin_client_.post(change_url, {"action": "dipalsukan", "summary": "x"})
    assert posted.status_code == 403
    delete = admin_client_.post(
        reverse("admin:core_auditentry_delete", args=[entry.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403
    assert admin_client_.get(reverse("admin:core_auditentry_add")).status_code == 403
    bulk = admin_client_.post(
        reverse("admin:core_auditentry_changelist"),
        {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
    )
    assert bulk.status_code in (200, 302)

    entry.refresh_from_db()
    assert (entry.action, entry.summary) == ("plan.approve", "disetujui")
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_a_change_to_a_unit_in_the_admin_is_written_to_the_audit_log(
    admin_client_: Client,
) -> None:
    unit = f.make_unit("DINKES", name="Dinas Kesehatan", sector="kesehatan")
    response = admin_client_.post(
        reverse("admin:people_unit_change", args=[unit.pk]),
        {"code": "DINKES", "name": "Dinas Kesehatan Daerah", "sector": "kesehatan"},
    )
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.name == "Dinas Kesehatan Daerah"
    entry = AuditEntry.objects.get(action="admin.change")
    assert entry.object_type == "people.unit"
    assert entry.object_id == str(unit.pk)
    assert entry.before["name"] == "Dinas Kesehatan"
    assert entry.after["name"] == "Dinas Kesehatan Daerah"
    assert entry.actor.username == "admin-bkpsdm"


def test_a_planner_without_staff_rights_cannot_open_the_admin() -> None:
    client = Client()
    client.force_login(f.make_planner())
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_a_history_row_added_in_the_employee_admin_is_audited(admin_client_: Client) -> None:
    employee = f.make_employee(name="Siti")
    data = {
        "nip": employee.nip,
        "name": "Siti",
        "birth_date": employee.birth_date.isoformat(),
        "gender": employee.gender,
        "employee_type": "PNS",
        "golongan": "III/a",
        "education": "S1",
        "position": employee.position_id,
        "position_start": "2020-01-01",
        "competencies": "{}",
        "certificates": "[]",
        "history-TOTAL_FORMS": "1",
        "history-INITIAL_FORMS": "0",
        "history-MIN_NUM_FORMS": "0",
        "history-MAX_NUM_FORMS": "1000",
        "history-0-position_name": "Perawat Terampil",
        "history-0-job_family": "kesehatan",
        "history-0-start": "2012-01-01",
        "history-0-end": "2019-12-31",
    }
    response = admin_client_.post(reverse("admin:people_employee_change", args=[employee.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    history = employee.history.get()
    assert history.position_name == "Perawat Terampil"
    entry = AuditEntry.objects.get(action="admin.add", object_type="people.positionhistory")
    assert entry.object_id == str(history.pk)
    assert AuditEntry.objects.filter(action="admin.change", object_type="people.employee").exists()


@pytest.fixture
def shipped_cache(settings):  # type: ignore[no-untyped-def]
    from django.core.cache import cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    yield
    cache.clear()


def _form_data(obj: object) -> dict[str, str]:
    """The admin form's fields as posted, from the row as it is (JSON fields as JSON)."""
    data = {}
    for key, value in model_to_dict(obj).items():
        if value is None:
            data[key] = ""
        elif isinstance(value, dict | list):
            data[key] = json.dumps(value)
        else:
            data[key] = str(value)
    return data


def test_a_formation_changed_in_the_admin_shows_at_once_in_the_cached_needs(
    admin_client_: Client, shipped_cache: None
) -> None:
    post = f.make_position(formation=3)
    f.make_employee(post)
    assert [p.formation for p in compute_needs(today=TODAY).posts] == [3]  # now cached
    data = {**_form_data(post), "formation": "7"}
    response = admin_client_.post(reverse("admin:people_position_change", args=[post.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert [p.formation for p in compute_needs(today=TODAY).posts] == [7]


def test_an_employee_deleted_in_the_admin_leaves_the_cached_dashboard(
    admin_client_: Client, shipped_cache: None
) -> None:
    post = f.make_position(f.make_unit(sector="kesehatan"), formation=3)
    f.make_employee(post)
    leaving = f.make_employee(post)
    assert dashboard(TODAY).total.staff == 2  # now cached
    response = admin_client_.post(
        reverse("admin:people_employee_delete", args=[leaving.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert dashboard(TODAY).total.staff == 1


def test_every_admin_write_to_plan_data_changes_the_data_version(admin_client_: Client) -> None:
    post = f.make_position(formation=2)
    task = WorkloadTask.objects.create(
        position=post, description="Menyusun laporan", output_unit="laporan",
        volume_per_year=12, minutes_per_unit=60,
    )  # fmt: skip
    version = data_version()
    data = {**_form_data(task), "volume_per_year": "24"}
    response = admin_client_.post(reverse("admin:needs_workloadtask_change", args=[task.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert data_version() > version
    edited = data_version()
    bulk = admin_client_.post(
        reverse("admin:needs_workloadtask_changelist"),
        {"action": "delete_selected", "_selected_action": [task.pk], "post": "yes"},
    )
    assert bulk.status_code == 302
    assert not WorkloadTask.objects.exists()
    assert data_version() == edited + 1
