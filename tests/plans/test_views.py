from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from mutasi.core.models import AuditEntry
from mutasi.plans.models import Cycle, Move, Pin, PinKind, Plan, PlanStatus
from tests.factories import make_employee


@pytest.fixture
def planner_client(client, people):  # type: ignore[no-untyped-def]
    client.force_login(people["planner"])
    return client


def test_the_cycle_form_shows_every_rule_and_weight_with_default_and_source(planner_client):
    page = planner_client.get(reverse("plans:cycle_create")).content.decode()
    for name in (
        "min_years_in_post",
        "unit_departure_cap",
        "forbid_spouse_head",
        "w_shortage",
        "w_preference",
        "priority_sectors",
        "sector_weights",
    ):
        assert f'name="p-{name}"' in page, name
    assert "PP 11/2017 Pasal 190" in page
    assert "Bawaan: 2,0" in page or "Bawaan: 2.0" in page
    assert 'value="2.0"' in page  # number inputs take a dot whatever the language


def test_a_planner_creates_a_cycle_with_its_policy_and_it_is_audited(planner_client, people):
    from mutasi.plans import adapter

    data = {f"p-{s['name']}": s["initial"] for s in adapter.policy_fields()}
    data = {k: v for k, v in data.items() if v is not False}
    data.update(
        {
            "name": "Mutasi Semester I 2027",
            "max_preferences": 5,
            "freeze_start": "2027-01-01",
            "freeze_end": "2027-03-31",
            "preference_opens": "2026-12-01T08:00",
            "preference_closes": "2026-12-15T16:00",
            "p-unit_departure_cap": "0.2",
            "p-priority_sectors": "pendidikan; kesehatan; umum",
        }
    )
    response = planner_client.post(reverse("plans:cycle_create"), data)
    cycle = Cycle.objects.get(name="Mutasi Semester I 2027")
    assert response.status_code == 302
    assert response.url == reverse("plans:cycle_detail", args=[cycle.pk])
    assert cycle.policy["unit_departure_cap"] == 0.2
    assert cycle.policy["priority_sectors"] == ["pendidikan", "kesehatan", "umum"]
    assert cycle.freeze_end.isoformat() == "2027-03-31"
    entry = AuditEntry.objects.get(action="cycle.create")
    assert entry.actor == people["planner"]
    assert entry.after["policy"]["unit_departure_cap"] == 0.2


def test_a_bad_policy_value_is_shown_on_its_field_and_nothing_is_saved(planner_client):
    from mutasi.plans import adapter

    data = {f"p-{s['name']}": s["initial"] for s in adapter.policy_fields()}
    data = {k: v for k, v in data.items() if v is not False}
    data.update({"name": "Siklus salah", "max_preferences": 5, "p-unit_departure_cap": "2"})
    response = planner_client.post(reverse("plans:cycle_create"), data)
    assert response.status_code == 200
    assert "unit_departure_cap" in response.content.decode()
    assert "0 dan 1" in response.content.decode()
    assert not Cycle.objects.filter(name="Siklus salah").exists()


def test_pins_are_added_and_removed_with_audit(planner_client, stored_plan, region):
    cycle = stored_plan.cycle
    url = reverse("plans:pin_add", args=[cycle.pk])
    response = planner_client.post(
        url, {"nip": region["nurse"].nip, "kind": "goto", "position_code": "PKM-PRW"}
    )
    assert response.status_code == 302
    pin = Pin.objects.get(cycle=cycle)
    assert (pin.kind, pin.position_id) == (PinKind.GOTO, region["clinic_nurse"].pk)
    # A second stay/goto pin replaces the first.
    planner_client.post(url, {"nip": region["nurse"].nip, "kind": "stay"})
    assert list(Pin.objects.filter(cycle=cycle).values_list("kind", flat=True)) == ["stay"]
    planner_client.post(reverse("plans:pin_remove", args=[Pin.objects.get().pk]))
    assert not Pin.objects.exists()
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["pin.add", "pin.remove", "pin.add", "pin.remove"]


def test_a_pin_naming_an_unknown_post_is_refused_with_the_field(
    planner_client, stored_plan, region
):
    response = planner_client.post(
        reverse("plans:pin_add", args=[stored_plan.cycle_id]),
        {"nip": region["nurse"].nip, "kind": "goto", "position_code": "TIDAK-ADA"},
        follow=True,
    )
    assert "TIDAK-ADA" in response.content.decode()
    assert not Pin.objects.exists()


def test_pinning_a_move_from_the_moves_table_pins_its_destination(
    planner_client, stored_plan, region
):
    move = Move.objects.get(plan=stored_plan)
    planner_client.post(reverse("plans:move_pin", args=[stored_plan.pk, move.pk]), {"kind": "goto"})
    pin = Pin.objects.get()
    assert (pin.employee, pin.position) == (region["nurse"], region["clinic_nurse"])


def test_the_moves_table_filters_searches_and_sorts(planner_client, stored_plan, region):
    url = reverse("plans:moves", args=[stored_plan.pk])
    nip = region["nurse"].nip
    assert nip in planner_client.get(url).content.decode()
    assert nip in planner_client.get(url, {"q": nip[:8]}).content.decode()
    assert nip in planner_client.get(url, {"q": "siti"}).content.decode()
    assert nip not in planner_client.get(url, {"q": "tidak ada"}).content.decode()
    assert nip in planner_client.get(url, {"unit": "PKM"}).content.decode()
    assert nip not in planner_client.get(url, {"unit": "LAIN"}).content.decode()
    assert nip in planner_client.get(url, {"sektor": "kesehatan"}).content.decode()
    assert nip in planner_client.get(url, {"golongan": "III/a"}).content.decode()
    assert nip not in planner_client.get(url, {"golongan": "IV/a"}).content.decode()
    assert nip in planner_client.get(url, {"reason": "preferensi"}).content.decode()
    assert nip not in planner_client.get(url, {"reason": "manual"}).content.decode()
    assert nip in planner_client.get(url, {"chain": "1"}).content.decode()
    assert planner_client.get(url, {"sort": "-nama"}).status_code == 200


def _many_moves(plan, region, n):  # type: ignore[no-untyped-def]
    for i in range(n):
        e = make_employee(region["clerk_post"], name=f"Tambahan {i}")
        Move.objects.create(
            plan=plan,
            employee=e,
            from_position=region["clerk_post"],
            to_position=region["office_nurse"],
            reason="uji",
        )


def test_the_plan_list_and_moves_pages_take_a_fixed_number_of_queries(
    planner_client, stored_plan, region
):
    pages = [
        reverse("plans:index"),
        reverse("plans:moves", args=[stored_plan.pk]),
        reverse("plans:plan_detail", args=[stored_plan.pk]),
    ]
    counts = []
    for url in pages:
        planner_client.get(url)  # warm the session
        with CaptureQueriesContext(connection) as ctx:
            assert planner_client.get(url).status_code == 200
        counts.append(len(ctx))
    _many_moves(stored_plan, region, 30)
    for _ in range(5):
        Plan.objects.create(
            cycle=stored_plan.cycle, name="lain", mechanism="fair", status=PlanStatus.DRAFT
        )
    for url, before in zip(pages, counts, strict=True):
        with CaptureQueriesContext(connection) as ctx:
            assert planner_client.get(url).status_code == 200
        assert len(ctx) == before, url
    assert counts[0] <= 8 and counts[1] <= 14 and counts[2] <= 14, counts


def test_the_status_endpoint_reports_progress_as_json(planner_client, stored_plan):
    Plan.objects.filter(pk=stored_plan.pk).update(status=PlanStatus.RUNNING, progress=40)
    data = planner_client.get(reverse("plans:plan_status", args=[stored_plan.pk])).json()
    assert data["status"] == "running" and data["progress"] == 40 and data["done"] is False
    page = planner_client.get(reverse("plans:plan_detail", args=[stored_plan.pk]))
    assert 'id="progress-card"' in page.content.decode()


def test_a_failed_run_shows_why(planner_client, stored_plan):
    Plan.objects.filter(pk=stored_plan.pk).update(
        status=PlanStatus.FAILED, error="Kebijakan siklus tidak valid: 'unit_departure_cap'"
    )
    page = planner_client.get(reverse("plans:plan_detail", args=[stored_plan.pk]))
    assert "Kebijakan siklus tidak valid" in page.content.decode()


def test_the_decree_is_only_for_approved_plans_and_downloads(planner_client, stored_plan, region):
    url = reverse("plans:decree_download", args=[stored_plan.pk, "xlsx"])
    assert planner_client.get(url).status_code == 403
    stored_plan.status = PlanStatus.APPROVED
    stored_plan.save(update_fields=["status"])
    assert planner_client.get(reverse("plans:decree", args=[stored_plan.pk])).status_code == 200
    response = planner_client.get(url, {"number": "800/1/2027"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)))["lampiran"]
    assert "800/1/2027" in sheet["A1"].value
    docx = planner_client.get(reverse("plans:decree_download", args=[stored_plan.pk, "docx"]))
    assert docx["Content-Disposition"].endswith('.docx"')
    move = Move.objects.get(plan=stored_plan)
    petikan = planner_client.get(reverse("plans:petikan", args=[stored_plan.pk, move.pk]))
    assert b"".join(petikan.streaming_content).startswith(b"%PDF")


def test_two_plans_are_compared_side_by_side(planner_client, stored_plan, region):
    other = Plan.objects.create(
        cycle=stored_plan.cycle,
        name="Rencana adil",
        mechanism="fair",
        status=PlanStatus.DRAFT,
        metrics={"moves": 1},
    )
    Move.objects.create(
        plan=other,
        employee=region["clerks"][0],
        from_position=region["clerk_post"],
        to_position=region["office_nurse"],
        reason="uji",
    )
    page = planner_client.get(reverse("plans:compare"), {"a": stored_plan.pk, "b": other.pk})
    text = page.content.decode()
    assert page.status_code == 200
    assert region["nurse"].nip in text and region["clerks"][0].nip in text
    assert page.context["differing"] == 2


def test_a_hand_edit_breaking_a_rule_shows_the_violation_and_saves_nothing(
    planner_client, stored_plan, region
):
    clerk = region["clerks"][0]
    response = planner_client.post(
        reverse("plans:move_edit", args=[stored_plan.pk]),
        {"nip": clerk.nip, "position_code": "PKM-PRW", "version": stored_plan.version},
        follow=True,
    )
    text = response.content.decode()
    # One message in words, about this person and this post (no list of other people's codes).
    assert text.count("alert-danger") == 1
    assert f"Perubahan ditolak: {clerk.name} tidak dapat ditempatkan di" in text
    assert not Move.objects.filter(plan=stored_plan, employee=clerk).exists()
    assert Plan.objects.get(pk=stored_plan.pk).version == stored_plan.version  # rolled back


def test_a_hand_edit_with_a_stale_version_tells_the_planner_to_reload(
    planner_client, stored_plan, region
):
    response = planner_client.post(
        reverse("plans:move_edit", args=[stored_plan.pk]),
        {
            "nip": region["clerks"][0].nip,
            "position_code": "DINAS-ARS",
            "version": stored_plan.version - 1,
        },
        follow=True,
    )
    assert "diubah pengguna lain" in response.content.decode()
    assert not Move.objects.filter(plan=stored_plan, employee=region["clerks"][0]).exists()


def test_the_audit_page_lists_who_did_what_with_before_and_after(
    planner_client, stored_plan, region, people
):
    planner_client.post(
        reverse("plans:move_edit", args=[stored_plan.pk]),
        {
            "nip": region["clerks"][0].nip,
            "position_code": "DINAS-ARS",
            "version": stored_plan.version,
        },
    )
    page = planner_client.get(reverse("plans:audit", args=[stored_plan.pk]))
    entry = page.context["page"].object_list[0]
    assert entry.action == "move.edit" and entry.actor == people["planner"]
    assert "DINAS-ARS" in page.content.decode()


def test_the_audit_page_includes_the_cycles_pins(planner_client, stored_plan, region):
    planner_client.post(
        reverse("plans:pin_add", args=[stored_plan.cycle_id]),
        {"nip": region["nurse"].nip, "kind": "stay"},
    )
    page = planner_client.get(reverse("plans:audit", args=[stored_plan.pk]))
    actions = [e.action for e in page.context["page"].object_list]
    assert "pin.add" in actions


def test_a_planner_changes_a_cycles_policy_and_the_change_is_audited(planner_client, stored_plan):
    from mutasi.plans import adapter

    cycle = stored_plan.cycle
    page = planner_client.get(reverse("plans:cycle_edit", args=[cycle.pk]))
    assert page.status_code == 200
    data = {f"p-{s['name']}": s["initial"] for s in adapter.policy_fields(cycle.policy)}
    data = {k: v for k, v in data.items() if v is not False}
    data.update({"name": cycle.name, "max_preferences": 3, "p-w_move": "2.5"})
    response = planner_client.post(reverse("plans:cycle_edit", args=[cycle.pk]), data)
    assert response.status_code == 302
    cycle.refresh_from_db()
    assert cycle.policy == {"w_move": 2.5}
    assert cycle.max_preferences == 3
    entry = AuditEntry.objects.get(action="cycle.update")
    assert entry.before["policy"] == {} and entry.after["policy"] == {"w_move": 2.5}
    detail = planner_client.get(reverse("plans:cycle_detail", args=[cycle.pk])).content.decode()
    assert "table-warning" in detail  # the changed setting stands out
