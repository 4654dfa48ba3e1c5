"""Profile, consultation, outcome and HR statistics pages."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mutasi.core.models import AuditEntry
from mutasi.participation.models import (
    ConsultationNote,
    ConsultationRequest,
    ConsultationStatus,
    Preference,
)
from mutasi.participation.services import do_save_ranking, do_submit_preferences
from mutasi.participation.status import Rules
from mutasi.plans.models import Move, Plan, PlanStatus
from tests.factories import (
    make_employee,
    make_employee_user,
    make_planner,
    make_position,
    make_unit,
)

pytestmark = pytest.mark.django_db


def test_the_profile_shows_post_time_in_post_and_the_rules_verdict(ani_client, world):
    response = ani_client.get(reverse("participation:home"))
    assert response.status_code == 200
    body = response.content.decode()
    assert world.own_post.name in body and world.unit_a.name in body
    # In post since 2 January 2019: past five years, so due to move.
    assert "Sudah waktunya dimutasi" in body
    assert "belum ada data" in body  # training hours until the training app has them
    assert response.context["nine_box"] is None  # not shown unless the policy says so


def test_a_newly_placed_employee_sees_when_they_may_move(client, world):
    newcomer = make_employee(world.own_post, position_start=datetime.date.today())
    client.force_login(make_employee_user(newcomer))
    body = client.get(reverse("participation:home")).content.decode()
    assert "Belum dapat dimutasi" in body and "Belum 2 tahun dalam jabatan" in body


def test_the_nine_box_is_shown_when_the_policy_shows_it(ani_client, world, monkeypatch):
    world.ani.performance = "sangat baik"
    world.ani.potential = 90
    world.ani.save()
    monkeypatch.setattr(
        "mutasi.participation.views.rules_from_policy", lambda policy: Rules(show_nine_box=True)
    )
    response = ani_client.get(reverse("participation:home"))
    assert response.context["nine_box"] == 9
    assert "Kotak talenta" in response.content.decode()


def test_the_menu_entry_sends_planners_to_statistics_and_employees_to_their_profile(
    ani_client, world
):
    assert ani_client.get(reverse("participation:index")).status_code == 200
    client = Client()
    client.force_login(make_planner())
    response = client.get(reverse("participation:index"))
    assert response["Location"] == reverse("participation:hr_statistics")


def test_an_employee_asks_for_a_consultation_and_both_sides_see_the_history(ani_client, world):
    response = ani_client.post(
        reverse("participation:consultations"),
        {"topic": "Jalur karier analis", "preferred_time": "Kamis pagi", "message": "Mohon saran"},
    )
    assert response.status_code == 302
    item = ConsultationRequest.objects.get(employee=world.ani)
    assert item.cycle == world.cycle and item.status == ConsultationStatus.REQUESTED

    client = Client()
    client.force_login(make_planner())
    listing = client.get(reverse("participation:hr_consultations"))
    assert "Jalur karier analis" in listing.content.decode()
    url = reverse("participation:consultation", args=[item.pk])
    response = client.post(
        url,
        {
            "status": "scheduled",
            "scheduled_for": "2027-02-04T09:00",
            "note": "Dijadwalkan di ruang BKPSDM",
            "outcome": "",
        },
    )
    assert response.status_code == 302
    done = {
        "status": "done",
        "scheduled_for": "2027-02-04T09:00",
        "note": "Sudah bertemu",
        "outcome": "Disarankan ikut diklat analis anggaran",
    }
    response = client.post(url, done)
    item.refresh_from_db()
    assert item.status == ConsultationStatus.DONE
    assert item.outcome == "Disarankan ikut diklat analis anggaran"
    assert ConsultationNote.objects.filter(request=item).count() == 2
    assert AuditEntry.objects.filter(action="participation.record_consultation").count() == 2

    page = ani_client.get(url).content.decode()
    assert "Sudah bertemu" in page and "Disarankan ikut diklat analis anggaran" in page
    assert "Catat konsultasi" not in page and 'name="note"' not in page


def test_a_scheduled_consultation_needs_a_date(world, client):
    from mutasi.participation.services import do_request_consultation

    item = do_request_consultation(world.ani, topic="t", preferred_time="p", acting_user=None)
    client.force_login(make_planner())
    url = reverse("participation:consultation", args=[item.pk])
    response = client.post(url, {"status": "scheduled", "note": ""})
    assert response.status_code == 200
    assert "Isi jadwal" in response.content.decode()
    item.refresh_from_db()
    assert item.status == ConsultationStatus.REQUESTED


def _plan(world, status):  # type: ignore[no-untyped-def]
    plan = Plan.objects.create(cycle=world.cycle, name="Rencana 1", mechanism="fair", status=status)
    Move.objects.create(
        plan=plan,
        employee=world.ani,
        from_position=world.own_post,
        to_position=world.post_1,
        reason="Pilihan pertama Anda; formasi kosong",
    )
    Move.objects.create(
        plan=plan,
        employee=world.budi,
        from_position=world.budi.position,
        to_position=world.post_2,
        reason="ALASAN-BUDI",
    )
    return plan


def test_each_employee_sees_only_their_own_published_outcome(ani_client, world):
    plan = _plan(world, PlanStatus.APPROVED)
    body = ani_client.get(reverse("participation:outcome")).content.decode()
    assert "Pilihan pertama Anda" not in body  # not published yet
    plan.status = PlanStatus.PUBLISHED
    plan.save()
    body = ani_client.get(reverse("participation:outcome")).content.decode()
    assert "Pilihan pertama Anda; formasi kosong" in body and world.post_1.name in body
    assert "ALASAN-BUDI" not in body and "Budi" not in body


def test_an_employee_without_a_row_in_a_published_plan_is_told_they_stay(client, world):
    _plan(world, PlanStatus.PUBLISHED)
    other = make_employee(world.own_post)
    Preference.objects.create(employee=other, rank=1, position=world.own_post)
    client.force_login(make_employee_user(other))
    body = client.get(reverse("participation:outcome")).content.decode()
    assert "Rencana ini tidak mengubah jabatan Anda." in body
    assert "Ini pilihan ke-1 dalam daftar pilihan Anda." in body
    assert "ALASAN-BUDI" not in body and "Pilihan pertama Anda;" not in body


def test_participation_statistics_per_unit_with_a_fixed_number_of_queries(world, client):
    do_save_ranking(world.ani, world.cycle, [world.own_post.pk, world.post_1.pk], acting_user=None)
    do_submit_preferences(world.ani, world.cycle, acting_user=None)
    make_employee_user(world.ani)
    client.force_login(make_planner())
    url = reverse("participation:hr_statistics")
    client.get(url)  # warm up the session and the content types
    with CaptureQueriesContext(connection) as small:
        response = client.get(url)
    rows = {row.unit.pk: row for row in response.context["rows"]}
    a = rows[world.unit_a.pk]
    assert (a.employees, a.activated, a.submitted, a.want_to_stay) == (1, 1, 1, 1)
    assert rows[world.unit_b.pk].submitted == 0
    # A paper form imported through the `preferensi` sheet counts too.
    Preference.objects.create(employee=world.budi, rank=1, position=world.budi.position)
    response = client.get(url)
    b = {row.unit.pk: row for row in response.context["rows"]}[world.unit_b.pk]
    assert (b.submitted, b.on_paper, b.want_to_stay) == (0, 1, 1)
    for _ in range(5):
        unit = make_unit()
        make_employee(make_position(unit))
    with CaptureQueriesContext(connection) as big:
        response = client.get(url)
    assert len(response.context["rows"]) == len(rows) + 5
    assert len(big) == len(small) <= 11  # with the office's name for the page header


def test_hr_lists_aspirations_per_unit_with_a_fixed_number_of_queries(world):
    client = Client()
    client.force_login(make_planner())
    url = reverse("participation:hr_aspirations")
    do_save_ranking(world.ani, world.cycle, [world.own_post.pk], acting_user=None)
    do_submit_preferences(world.ani, world.cycle, acting_user=None)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        response = client.get(url)
    assert "Ani Lestari" in response.content.decode() and "Tetap" in response.content.decode()
    for _ in range(4):
        other = make_employee(make_position(world.unit_b))
        do_save_ranking(other, world.cycle, [other.position_id], acting_user=None)
    with CaptureQueriesContext(connection) as five:
        response = client.get(url)
    assert len(response.context["page"].object_list) == 5
    assert len(five) == len(one)
    response = client.get(url, {"unit": world.unit_a.pk})
    assert [a.employee for a in response.context["page"]] == [world.ani]


def test_the_hr_consultation_list_takes_a_fixed_number_of_queries(world):
    from mutasi.participation.services import do_request_consultation

    client = Client()
    client.force_login(make_planner())
    url = reverse("participation:hr_consultations")
    do_request_consultation(world.ani, topic="Satu", preferred_time="Senin", acting_user=None)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(6):
        other = make_employee(make_position(make_unit()))
        do_request_consultation(other, topic=f"Topik {n}", preferred_time="Rabu", acting_user=None)
    with CaptureQueriesContext(connection) as seven:
        response = client.get(url)
    assert len(response.context["page"].object_list) == 7
    assert len(seven) == len(one)
    assert "Topik 5" in response.content.decode()
