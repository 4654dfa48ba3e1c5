"""A web import that was checked and waits to be applied is in the planner's inbox (and only
theirs): they land on it and follow its link to the preview."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mutasi.people.models import ImportStatus, ImportUpload
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def uploads() -> dict[str, ImportUpload]:
    def upload(name: str, status: str) -> ImportUpload:
        return ImportUpload.objects.create(
            original_name=name, size=1, sha256="0" * 64, status=status
        )

    return {
        "ready": upload("pegawai-maret.xlsx", ImportStatus.READY),
        "applied": upload("pegawai-januari.xlsx", ImportStatus.APPLIED),
        "rejected": upload("pegawai-salah.xlsx", ImportStatus.REJECTED),
    }


def _inbox(client, user):  # type: ignore[no-untyped-def]
    client.force_login(user)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    return {item.key: item for item in response.context.get("inbox") or []}, response.text


def test_the_planner_sees_the_imports_waiting_to_be_confirmed(client, uploads):
    items, page = _inbox(client, f.make_planner())
    item = items["imports-ready"]
    assert item.count == 1
    assert item.url == reverse("people:import_list")
    assert [link.label for link in item.links] == ["pegawai-maret.xlsx"]
    detail = reverse("people:import_detail", args=[uploads["ready"].pk])
    assert item.links[0].url == detail
    assert f'href="{detail}"' in page
    assert "menunggu diterapkan" in page

    # Applied, it leaves the inbox.
    ImportUpload.objects.filter(pk=uploads["ready"].pk).update(status=ImportStatus.APPLIED)
    items, _page = _inbox(client, f.make_planner("perencana2"))
    assert "imports-ready" not in items


@pytest.mark.parametrize("role", ["approver", "unit head", "employee"])
def test_no_other_role_sees_imports(client, uploads, role):
    unit = f.make_unit()
    user = {
        "approver": f.make_approver,
        "unit head": lambda: f.make_unit_head(unit),
        "employee": lambda: f.make_employee_user(f.make_employee(f.make_position(unit))),
    }[role]()
    client.force_login(user)
    response = client.get(reverse("dashboard"), follow=True)
    assert "pegawai-maret.xlsx" not in response.text
    assert "imports-ready" not in response.text
