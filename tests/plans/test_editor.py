"""The hand editor: a picker of the posts a person may take, with room, kept inputs on error, and
"cancel this move" that repairs the chain it breaks (checked before saving)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from mutasi.plans import editor
from mutasi.plans.models import Move, Plan
from tests.factories import make_employee, make_position


@pytest.fixture
def planner_client(client, people):  # type: ignore[no-untyped-def]
    client.force_login(people["planner"])
    return client


def test_the_picker_offers_the_posts_a_person_may_take_with_their_room(
    planner_client, stored_plan, region
):
    clerk = region["clerks"][1]
    picker = editor.post_picker(stored_plan, clerk.pk)
    offered = {o.code: o.room for o in picker.options}
    assert offered["DINAS-ARS"] == 1  # administrasi, formation 1, empty
    assert "PKM-PRW" not in offered  # a nurse's post: another job family
    assert "DINAS-ADM" not in offered  # their own post is "stay", offered separately

    page = planner_client.get(
        reverse("plans:moves", args=[stored_plan.pk]) + f"?edit={clerk.nip}&find=arsip"
    ).content.decode()
    assert 'id="post-picker"' in page and "Pengelola Arsip" in page and "ruang 1" in page
    assert "Pengadministrasi Umum" not in page.split('id="post-picker"')[1].split("</fieldset>")[0]


def test_choosing_from_the_picker_saves_the_move(planner_client, stored_plan, region):
    clerk = region["clerks"][1]
    response = planner_client.post(
        reverse("plans:move_edit", args=[stored_plan.pk]),
        {"nip": clerk.nip, "position": region["archive"].pk, "version": stored_plan.version},
        follow=True,
    )
    assert "ditempatkan di Pengelola Arsip" in response.content.decode()
    move = Move.objects.get(plan=stored_plan, employee=clerk)
    assert move.to_position == region["archive"] and move.edited


def test_a_refused_choice_keeps_the_choice_and_the_note(planner_client, stored_plan, region):
    clerk = region["clerks"][0]
    response = planner_client.post(
        reverse("plans:move_edit", args=[stored_plan.pk]),
        {
            "nip": clerk.nip,
            "position": region["clinic_nurse"].pk,
            "note": "permintaan kepala dinas",
            "version": stored_plan.version,
        },
        follow=True,
    )
    text = response.content.decode()
    assert "Perubahan ditolak" in text
    assert 'value="permintaan kepala dinas"' in text  # the note is kept
    assert not Move.objects.filter(plan=stored_plan, employee=clerk).exists()


def test_cancelling_a_move_also_cancels_the_move_into_the_post_it_frees(
    planner_client, stored_plan, region
):
    # Staf 0 goes to the archive; a newcomer from the clinic takes Staf 0's desk. Cancelling
    # Staf 0 would leave the desk five people for a formation of four: the newcomer must stay too.
    clinic_desk = make_position(
        region["clinic"], "PKM-ADM", kind="pelaksana", job_family="administrasi", formation=1
    )
    newcomer = make_employee(
        clinic_desk, name="Staf Baru", position_start=datetime.date(2022, 1, 1)
    )
    clerk = region["clerks"][0]
    for who, origin, target in (
        (clerk, region["clerk_post"], region["archive"]),
        (newcomer, clinic_desk, region["clerk_post"]),
    ):
        Move.objects.create(
            plan=stored_plan,
            employee=who,
            from_position=origin,
            to_position=target,
            reason="uji",
        )
    found = editor.cancellation(stored_plan, clerk.pk)
    assert [m.employee for m in found.moves] == [clerk, newcomer]
    assert found.violations == []

    page = planner_client.get(
        reverse("plans:moves", args=[stored_plan.pk]) + f"?cancel={clerk.nip}"
    ).content.decode()
    assert 'id="cancel-move"' in page and "Staf Baru" in page
    version = Plan.objects.get(pk=stored_plan.pk).version
    response = planner_client.post(
        reverse("plans:move_cancel", args=[stored_plan.pk]),
        {"nip": clerk.nip, "version": version},
        follow=True,
    )
    assert "Staf Baru juga dibatalkan" in response.content.decode()
    assert not Move.objects.filter(plan=stored_plan, employee__in=[clerk, newcomer]).exists()
    assert Move.objects.filter(plan=stored_plan, employee=region["nurse"]).exists()


def test_cancelling_a_move_nobody_depends_on_cancels_only_that_move(stored_plan, region):
    found = editor.cancellation(stored_plan, region["nurse"].pk)
    assert [m.employee for m in found.moves] == [region["nurse"]]
    assert editor.cancellation(stored_plan, region["clerks"][2].pk) is None
