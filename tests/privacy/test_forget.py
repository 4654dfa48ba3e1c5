"""Removing a person's personal data, as HR does it: `mutasi forget --nip N` (asks for the NIP
again unless --yes) and the planner's action on the employee's page (a confirmation, then a POST
with the NIP typed again). Both are audited; nobody else may do it."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from mutasi.core.models import AuditEntry
from mutasi.people.models import Employee
from tests.factories import make_approver, make_employee_user, make_planner
from tests.participation.conftest import build_world


@pytest.fixture
def world(db):  # type: ignore[no-untyped-def]
    return build_world()


def forgotten(employee: Employee) -> bool:
    employee = Employee.objects.get(pk=employee.pk)
    return employee.name == "[dihapus]"


def test_the_command_removes_a_person_with_yes_and_audits_it(world) -> None:  # type: ignore[no-untyped-def]
    nip = world.ani.nip
    out = io.StringIO()
    call_command("forget", "--nip", nip, "--yes", stdout=out)
    assert forgotten(world.ani)
    assert not Employee.objects.filter(nip=nip).exists()
    entry = AuditEntry.objects.get(action="person.forget")
    assert entry.object_id == str(world.ani.pk) and nip not in entry.summary
    assert "Ani Lestari" in out.getvalue()  # what was about to be removed was said first


def test_the_command_asks_for_the_nip_again_and_stops_on_a_wrong_answer(world, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda: "199001012020011999")
    with pytest.raises(CommandError):
        call_command("forget", "--nip", world.ani.nip, stdout=io.StringIO())
    assert not forgotten(world.ani)
    assert not AuditEntry.objects.filter(action="person.forget").exists()
    monkeypatch.setattr("builtins.input", lambda: world.ani.nip)
    call_command("forget", "--nip", world.ani.nip, stdout=io.StringIO())
    assert forgotten(world.ani)


def test_the_command_without_a_terminal_needs_yes(world, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    with pytest.raises(CommandError, match="--yes"):
        call_command("forget", "--nip", world.ani.nip, stdout=io.StringIO())
    assert not forgotten(world.ani)


def test_the_command_names_a_missing_nip(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError, match="199912312020121001"):
        call_command("forget", "--nip", "199912312020121001", "--yes", stdout=io.StringIO())


def test_a_planner_confirms_with_the_nip_on_the_employee_page(world) -> None:  # type: ignore[no-untyped-def]
    planner = make_planner()
    client = Client()
    client.force_login(planner)
    nip = world.ani.nip
    page = client.get(reverse("people:employee_detail", args=[nip]))
    forget_url = reverse("people:forget_employee", args=[nip])
    assert forget_url in page.text
    confirm = client.get(forget_url)
    assert confirm.status_code == 200 and "Ani Lestari" in confirm.text

    wrong = client.post(forget_url, {"confirm_nip": nip[:-1] + "9"})
    assert wrong.status_code == 200 and not forgotten(world.ani)

    done = client.post(forget_url, {"confirm_nip": nip}, follow=True)
    assert done.redirect_chain[-1][0] == reverse("people:employee_list")
    assert forgotten(world.ani)
    assert AuditEntry.objects.get(action="person.forget").actor == planner
    assert client.get(reverse("people:employee_detail", args=[nip])).status_code == 404


def test_only_a_planner_may_remove_a_person(world) -> None:  # type: ignore[no-untyped-def]
    nip = world.ani.nip
    forget_url = reverse("people:forget_employee", args=[nip])
    for user in (make_approver(), make_employee_user(world.ani)):
        client = Client()
        client.force_login(user)
        assert client.get(forget_url).status_code == 403
        assert client.post(forget_url, {"confirm_nip": nip}).status_code == 403
        page = client.get(reverse("people:employee_detail", args=[nip]))
        assert forget_url not in page.text
    assert not forgotten(world.ani)
