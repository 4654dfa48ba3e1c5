"""Who may open which page: an employee, a unit head of another unit and an anonymous user get
403 or the login page on every planner URL and on other units' data."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mutasi.plans.models import Move, Pin, PinKind, PlanStatus


def planner_urls(plan, pin, move):  # type: ignore[no-untyped-def]
    """(method, url) of every page and action a planner or approver uses."""
    c, p = plan.cycle_id, plan.pk
    return [
        ("get", reverse("plans:cycle_create")),
        ("post", reverse("plans:cycle_create")),
        ("get", reverse("plans:cycle_detail", args=[c])),
        ("get", reverse("plans:cycle_edit", args=[c])),
        ("post", reverse("plans:run", args=[c])),
        ("post", reverse("plans:pin_add", args=[c])),
        ("post", reverse("plans:pin_remove", args=[pin.pk])),
        ("get", reverse("plans:plan_detail", args=[p])),
        ("get", reverse("plans:plan_status", args=[p])),
        ("get", reverse("plans:moves", args=[p])),
        ("post", reverse("plans:move_edit", args=[p])),
        ("post", reverse("plans:move_pin", args=[p, move.pk])),
        ("post", reverse("plans:submit", args=[p])),
        ("post", reverse("plans:approve", args=[p])),
        ("post", reverse("plans:return", args=[p])),
        ("post", reverse("plans:publish", args=[p])),
        ("get", reverse("plans:audit", args=[p])),
        ("get", reverse("plans:compare") + f"?a={p}&b={p}"),
        ("get", reverse("plans:decree", args=[p])),
        ("get", reverse("plans:decree_download", args=[p, "pdf"])),
        ("get", reverse("plans:petikan", args=[p, move.pk])),
    ]


@pytest.fixture
def setup(stored_plan, region, people):  # type: ignore[no-untyped-def]
    pin = Pin.objects.create(
        cycle=stored_plan.cycle, employee=region["clerks"][0], kind=PinKind.STAY
    )
    stored_plan.status = PlanStatus.APPROVED  # so that the decree URLs exist for a planner
    stored_plan.save(update_fields=["status"])
    move = Move.objects.get(plan=stored_plan)
    return stored_plan, pin, move


def test_anonymous_users_are_sent_to_the_login_page_everywhere(client, setup):
    plan, pin, move = setup
    for method, url in [
        *planner_urls(plan, pin, move),
        ("get", reverse("plans:index")),
        ("get", reverse("plans:unit_moves", args=[plan.pk])),
    ]:
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), url
    assert Pin.objects.filter(pk=pin.pk).exists()


@pytest.mark.parametrize("who", ["employee", "outsider_head", "clinic_head"])
def test_employees_and_unit_heads_get_403_on_every_planner_url(client, setup, people, who):
    plan, pin, move = setup
    client.force_login(people[who])
    for method, url in planner_urls(plan, pin, move):
        response = getattr(client, method)(url, {"version": plan.version, "comment": "x"})
        assert response.status_code == 403, (who, url)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    assert Pin.objects.filter(pk=pin.pk).exists()


def test_an_employee_cannot_see_the_plan_list_or_a_units_moves(client, setup, people):
    plan, _pin, _move = setup
    client.force_login(people["employee"])
    assert client.get(reverse("plans:index")).status_code == 403
    assert client.get(reverse("plans:unit_moves", args=[plan.pk])).status_code == 403


def test_a_unit_head_sees_their_own_units_moves_only(client, setup, people, region):
    plan, _pin, move = setup
    client.force_login(people["clinic_head"])
    page = client.get(reverse("plans:unit_moves", args=[plan.pk]))
    assert page.status_code == 200
    assert region["nurse"].nip in page.content.decode()

    client.force_login(people["outsider_head"])
    page = client.get(reverse("plans:unit_moves", args=[plan.pk]))
    assert page.status_code == 200
    assert region["nurse"].nip not in page.content.decode()


def test_a_unit_head_comments_on_their_units_move_but_not_on_another_units(
    client, setup, people, region
):
    plan, _pin, move = setup
    plan.status = PlanStatus.SUBMITTED  # comments are open until the plan is approved
    plan.save(update_fields=["status"])
    url = reverse("plans:unit_moves", args=[plan.pk])
    client.force_login(people["outsider_head"])
    assert client.post(url, {"move": move.pk, "text": "Tidak setuju"}).status_code == 403
    assert not plan.comments.exists()

    client.force_login(people["clinic_head"])
    response = client.post(url, {"move": move.pk, "text": "Kami butuh perawat ini"})
    assert response.status_code == 302
    comment = plan.comments.get()
    assert comment.text == "Kami butuh perawat ini"
    assert comment.unit == region["clinic"]
    assert comment.author == people["clinic_head"]


def test_the_approver_reads_plans_but_cannot_edit_or_pin(client, setup, people, region):
    plan, _pin, move = setup
    client.force_login(people["approver"])
    assert client.get(reverse("plans:plan_detail", args=[plan.pk])).status_code == 200
    assert client.get(reverse("plans:moves", args=[plan.pk])).status_code == 200
    assert client.get(reverse("plans:audit", args=[plan.pk])).status_code == 200
    for url in (
        reverse("plans:move_edit", args=[plan.pk]),
        reverse("plans:move_pin", args=[plan.pk, move.pk]),
        reverse("plans:submit", args=[plan.pk]),
        reverse("plans:cycle_detail", args=[plan.cycle_id]),
    ):
        assert client.post(url, {"version": plan.version}).status_code == 403, url


def test_comments_close_once_the_plan_is_approved(client, setup, people):
    plan, _pin, move = setup  # approved
    client.force_login(people["clinic_head"])
    url = reverse("plans:unit_moves", args=[plan.pk])
    page = client.get(url).content.decode()
    assert "komentar ditutup" in page
    assert 'name="text"' not in page
    response = client.post(url, {"move": move.pk, "text": "Terlambat"}, follow=True)
    assert "komentar ditutup" in response.content.decode()
    assert not plan.comments.exists()


@pytest.mark.parametrize("status", [PlanStatus.DRAFT, PlanStatus.RETURNED, PlanStatus.FAILED])
def test_a_unit_head_never_sees_a_plan_that_was_not_submitted(client, setup, people, status):
    plan, _pin, _move = setup
    plan.status = status
    plan.save(update_fields=["status"])
    client.force_login(people["clinic_head"])
    assert client.get(reverse("plans:unit_moves", args=[plan.pk])).status_code == 404
    listing = client.get(reverse("plans:index")).content.decode()
    assert plan.name not in listing


def test_a_unit_heads_plan_list_links_only_to_pages_they_may_open(client, setup, people):
    plan, _pin, _move = setup
    client.force_login(people["clinic_head"])
    listing = client.get(reverse("plans:index")).content.decode()
    assert reverse("plans:unit_moves", args=[plan.pk]) in listing
    assert f'href="{reverse("plans:plan_detail", args=[plan.pk])}"' not in listing
    assert reverse("plans:cycle_detail", args=[plan.cycle_id]) not in listing
