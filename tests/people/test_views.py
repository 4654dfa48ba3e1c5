"""The people pages as each kind of user sees them.

Named people: a planner, an approver, the head of Dinas Kesehatan, Siti (an employee) and an
outsider (logged in, no role).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from mutasi.people.models import Employee, Position, PositionHistory, Unit
from mutasi.people.selectors import add_years
from tests import factories as f

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):  # type: ignore[no-untyped-def]
    """These tests are about pages, not passwords: skip argon2's deliberate slowness."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def years_ago(years: int, days: int = 0) -> datetime.date:
    return add_years(TODAY, -years) - datetime.timedelta(days=days)


@dataclass
class Region:
    dinkes: Unit
    puskesmas: Unit
    disdik: Unit
    school: Unit
    head_of_office: Position
    nurse_post: Position
    teacher_post: Position
    siti: Employee  # nurse at the puskesmas, 6 years in post
    budi: Employee  # head of the health office, retires next year
    ani: Employee  # teacher, PPPK
    planner: User
    approver: User
    unit_head: User  # head of Dinas Kesehatan
    employee: User  # Siti's account
    outsider: User  # logged in, no role


@pytest.fixture
def region() -> Region:
    dinkes = f.make_unit("DINKES", name="Dinas Kesehatan", sector="kesehatan")
    puskesmas = f.make_unit(
        "PKM-SUKA", name="Puskesmas Sukamaju", sector="kesehatan", parent=dinkes
    )
    disdik = f.make_unit("DISDIK", name="Dinas Pendidikan", sector="pendidikan")
    school = f.make_unit("SDN-1", name="SD Negeri 1 Sukamaju", sector="pendidikan", parent=disdik)
    head_of_office = f.make_position(
        dinkes, "J-KADINKES", name="Kepala Dinas Kesehatan", kind="jpt", formation=1
    )
    nurse_post = f.make_position(
        puskesmas,
        "J-PERAWAT",
        name="Perawat Ahli Pertama",
        kind="fungsional",
        job_family="kesehatan",
        formation=4,
        competencies={"asuhan keperawatan": 3},
        certificate="STR",
    )
    teacher_post = f.make_position(
        school, "J-GURU", name="Guru Kelas Ahli Pertama", kind="fungsional", formation=3
    )
    siti = f.make_employee(
        nurse_post,
        name="Siti Rahmawati",
        gender="P",
        position_start=years_ago(6),
        competencies={"asuhan keperawatan": 2, "komunikasi": 3},
    )
    PositionHistory.objects.create(
        employee=siti,
        position_name="Perawat Terampil",
        job_family="kesehatan",
        start=years_ago(12),
        end=years_ago(6, days=1),
    )
    budi = f.make_employee(
        head_of_office,
        name="Budi Santoso",
        golongan="IV/b",
        birth_date=add_years(TODAY + datetime.timedelta(days=100), -60),
        position_start=years_ago(3),
    )
    ani = f.make_employee(
        teacher_post,
        name="Ani Lestari",
        gender="P",
        employee_type="PPPK",
        golongan="IX",
        position_start=years_ago(1),
    )
    return Region(
        dinkes=dinkes,
        puskesmas=puskesmas,
        disdik=disdik,
        school=school,
        head_of_office=head_of_office,
        nurse_post=nurse_post,
        teacher_post=teacher_post,
        siti=siti,
        budi=budi,
        ani=ani,
        planner=f.make_planner(),
        approver=f.make_approver(),
        unit_head=f.make_unit_head(dinkes),
        employee=f.make_employee_user(siti),
        outsider=f.make_user("tamu", None),
    )


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def listed_nips(response) -> set[str]:  # type: ignore[no-untyped-def]
    return {e.nip for e in response.context["page"].object_list}


# --- employee list ------------------------------------------------------------------------------


def test_anonymous_users_are_sent_to_the_login_page(region: Region) -> None:
    for url in (
        reverse("people:employee_list"),
        reverse("people:employee_detail", args=[region.siti.nip]),
        reverse("people:unit_list"),
        reverse("people:unit_detail", args=["DINKES"]),
        reverse("people:position_detail", args=["J-GURU"]),
    ):
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_the_planner_and_the_approver_see_every_employee(region: Region) -> None:
    for user in (region.planner, region.approver):
        response = client_for(user).get(reverse("people:employee_list"))
        assert response.status_code == 200
        assert listed_nips(response) == {region.siti.nip, region.budi.nip, region.ani.nip}
        assert "Siti Rahmawati" in response.text


def test_a_unit_head_sees_only_the_employees_of_their_unit_and_its_sub_units(
    region: Region,
) -> None:
    response = client_for(region.unit_head).get(reverse("people:employee_list"))
    assert response.status_code == 200
    assert listed_nips(response) == {region.siti.nip, region.budi.nip}
    assert "Ani Lestari" not in response.text
    # The unit filter offers only their own units.
    assert "Dinas Pendidikan" not in response.text


def test_an_employee_and_an_outsider_may_not_see_the_list(region: Region) -> None:
    assert client_for(region.employee).get(reverse("people:employee_list")).status_code == 403
    assert client_for(region.outsider).get(reverse("people:employee_list")).status_code == 403


def test_it_finds_an_employee_by_nip_prefix_or_by_part_of_the_name(region: Region) -> None:
    client = client_for(region.planner)
    url = reverse("people:employee_list")
    assert listed_nips(client.get(url, {"q": region.ani.nip[:14]})) == {region.ani.nip}
    assert listed_nips(client.get(url, {"q": "rahma"})) == {region.siti.nip}
    assert listed_nips(client.get(url, {"q": "nobody"})) == set()


def test_it_filters_by_unit_including_its_sub_units(region: Region) -> None:
    client = client_for(region.planner)
    url = reverse("people:employee_list")
    assert listed_nips(client.get(url, {"unit": region.dinkes.pk})) == {
        region.siti.nip,
        region.budi.nip,
    }
    assert listed_nips(client.get(url, {"unit": region.puskesmas.pk})) == {region.siti.nip}


def test_a_unit_head_cannot_widen_the_list_with_another_units_filter(region: Region) -> None:
    response = client_for(region.unit_head).get(
        reverse("people:employee_list"), {"unit": region.disdik.pk}
    )
    assert response.status_code == 200
    assert "Ani Lestari" not in response.text


def test_it_filters_by_sector_golongan_and_employee_type(region: Region) -> None:
    client = client_for(region.planner)
    url = reverse("people:employee_list")
    assert listed_nips(client.get(url, {"sector": "pendidikan"})) == {region.ani.nip}
    assert listed_nips(client.get(url, {"golongan": "IV/b"})) == {region.budi.nip}
    assert listed_nips(client.get(url, {"employee_type": "PPPK"})) == {region.ani.nip}


def test_it_filters_people_past_five_years_in_post(region: Region) -> None:
    response = client_for(region.planner).get(
        reverse("people:employee_list"), {"past_five_years": "on"}
    )
    assert listed_nips(response) == {region.siti.nip}


def test_it_filters_people_retiring_within_a_year(region: Region) -> None:
    # Budi holds a JPT post (BUP 60) and turns 60 in 100 days; Siti and Ani are decades away.
    response = client_for(region.planner).get(reverse("people:employee_list"), {"retiring": "on"})
    assert listed_nips(response) == {region.budi.nip}


def test_functional_posts_retire_by_their_level(region: Region) -> None:
    # An ahli madya (BUP 60) born 59 years ago is not retiring within a year; at 58 he would be.
    post = f.make_position(
        region.puskesmas, name="Dokter Ahli Madya", kind="fungsional", formation=1
    )
    born = add_years(TODAY, -59) + datetime.timedelta(days=40)
    doctor = f.make_employee(post, name="Dokter Madya", birth_date=born)
    pelaksana = f.make_employee(
        f.make_position(region.puskesmas, name="Pengadministrasi", kind="pelaksana"),
        name="Pelaksana Tua",
        birth_date=born,
    )
    response = client_for(region.planner).get(reverse("people:employee_list"), {"retiring": "on"})
    nips = listed_nips(response)
    assert doctor.nip not in nips
    assert pelaksana.nip in nips


def test_the_list_is_paginated_fifty_to_a_page(region: Region) -> None:
    for i in range(60):
        f.make_employee(region.teacher_post, name=f"Guru {i:02d}")
    client = client_for(region.planner)
    url = reverse("people:employee_list")
    first = client.get(url, {"sector": "pendidikan"})
    assert len(first.context["page"].object_list) == 50
    assert first.context["page"].paginator.count == 61
    second = client.get(url, {"sector": "pendidikan", "page": 2})
    assert len(second.context["page"].object_list) == 11
    # The page links keep the filters.
    assert "sector=pendidikan&amp;page=2" in first.text


@pytest.mark.parametrize("extra_units", [0, 12])
def test_the_list_runs_a_fixed_number_of_queries_whatever_the_data_size(
    region: Region, extra_units: int, django_assert_num_queries
) -> None:
    for _ in range(extra_units):
        unit = f.make_unit(sector="umum", parent=region.dinkes)
        post = f.make_position(unit)
        for _ in range(6):
            f.make_employee(post)
    client = client_for(region.planner)
    url = reverse("people:employee_list")
    # session, user, profile, units, count, page, the office's name for the header
    for params in ({}, {"q": "a", "past_five_years": "on"}, {"q": "a", "retiring": "on"}):
        with django_assert_num_queries(7):
            response = client.get(url, params)
        assert response.context["page"].object_list


# --- employee detail ----------------------------------------------------------------------------


def test_the_planner_sees_an_employees_post_history_and_competencies(region: Region) -> None:
    response = client_for(region.planner).get(
        reverse("people:employee_detail", args=[region.siti.nip])
    )
    assert response.status_code == 200
    text = response.text
    assert "Siti Rahmawati" in text
    assert "Perawat Ahli Pertama" in text
    assert "Puskesmas Sukamaju" in text
    assert "Perawat Terampil" in text  # history
    assert "Asuhan keperawatan" in text
    assert "−1" in text  # required level 3, holds 2
    assert response.context["past_five_years"] is True
    assert response.context["retiring_soon"] is False


def test_the_record_of_someone_close_to_retirement_says_so(region: Region) -> None:
    response = client_for(region.planner).get(
        reverse("people:employee_detail", args=[region.budi.nip])
    )
    assert response.context["retiring_soon"] is True
    assert 'id="badge-retiring"' in response.text


def test_a_unit_head_sees_their_own_staff_but_not_others(region: Region) -> None:
    client = client_for(region.unit_head)
    own = client.get(reverse("people:employee_detail", args=[region.siti.nip]))
    assert own.status_code == 200
    other = client.get(reverse("people:employee_detail", args=[region.ani.nip]))
    assert other.status_code == 404  # the same answer as a NIP that does not exist


def test_an_employee_sees_only_their_own_record(region: Region) -> None:
    client = client_for(region.employee)
    own = client.get(reverse("people:employee_detail", args=[region.siti.nip]))
    assert own.status_code == 200
    assert "Siti Rahmawati" in own.text
    # Someone else's NIP answers like a missing one (a NIP encodes birth date and gender).
    assert client.get(reverse("people:employee_detail", args=[region.budi.nip])).status_code == 404


def test_an_outsider_sees_no_record_and_an_unknown_nip_is_not_found(region: Region) -> None:
    assert (
        client_for(region.outsider)
        .get(reverse("people:employee_detail", args=[region.siti.nip]))
        .status_code
        == 403
    )
    assert (
        client_for(region.planner)
        .get(reverse("people:employee_detail", args=["199001012015011999"]))
        .status_code
        == 404
    )


# --- units and positions ------------------------------------------------------------------------


def test_the_unit_list_shows_the_opd_with_totals_and_every_unit_on_request(
    region: Region,
) -> None:
    client = client_for(region.planner)
    response = client.get(reverse("people:unit_list"))
    assert response.status_code == 200
    rows = {row["unit"].code: row for row in response.context["rows"]}
    assert set(rows) == {"DINKES", "DISDIK"}
    assert rows["DINKES"]["own"].staff == 1
    assert rows["DINKES"]["total"].staff == 2
    assert rows["DINKES"]["total"].formation == 5
    assert rows["DINKES"]["children"] == 1

    everything = client.get(reverse("people:unit_list"), {"all": "1"})
    rows = {row["unit"].code: row for row in everything.context["rows"]}
    assert set(rows) == {"DINKES", "PKM-SUKA", "DISDIK", "SDN-1"}
    assert rows["PKM-SUKA"]["depth"] == 1
    assert rows["PKM-SUKA"]["total"].formation == 4


def test_the_unit_list_searches_units_by_name_and_filters_by_sector(region: Region) -> None:
    client = client_for(region.planner)
    found = client.get(reverse("people:unit_list"), {"q": "puskesmas"})
    assert [row["unit"].code for row in found.context["rows"]] == ["PKM-SUKA"]
    education = client.get(reverse("people:unit_list"), {"sector": "pendidikan"})
    assert [row["unit"].code for row in education.context["rows"]] == ["DISDIK", "SDN-1"]


def test_a_unit_head_sees_only_their_unit_tree_and_an_employee_no_units(region: Region) -> None:
    response = client_for(region.unit_head).get(reverse("people:unit_list"))
    assert response.status_code == 200
    assert [row["unit"].code for row in response.context["rows"]] == ["DINKES", "PKM-SUKA"]
    assert client_for(region.employee).get(reverse("people:unit_list")).status_code == 403
    assert client_for(region.outsider).get(reverse("people:unit_list")).status_code == 403


def test_the_unit_page_shows_positions_sub_units_and_employees(region: Region) -> None:
    response = client_for(region.approver).get(reverse("people:unit_detail", args=["DINKES"]))
    assert response.status_code == 200
    positions = {p.code: p for p in response.context["positions"]}
    assert positions["J-KADINKES"].staff == 1
    assert positions["J-KADINKES"].difference == 0
    assert [c["unit"].code for c in response.context["children"]] == ["PKM-SUKA"]
    assert response.context["children"][0]["total"].formation == 4
    assert "Budi Santoso" in response.text
    assert "Puskesmas Sukamaju" in response.text


def test_a_unit_head_may_open_their_sub_units_but_not_other_units(region: Region) -> None:
    client = client_for(region.unit_head)
    assert client.get(reverse("people:unit_detail", args=["PKM-SUKA"])).status_code == 200
    assert client.get(reverse("people:unit_detail", args=["DISDIK"])).status_code == 403
    assert client.get(reverse("people:position_detail", args=["J-PERAWAT"])).status_code == 200
    assert client.get(reverse("people:position_detail", args=["J-GURU"])).status_code == 403
    assert (
        client_for(region.employee)
        .get(reverse("people:unit_detail", args=["PKM-SUKA"]))
        .status_code
        == 403
    )


def test_a_unit_head_of_a_sub_unit_is_not_linked_to_the_units_above(region: Region) -> None:
    head = f.make_unit_head(region.puskesmas, username="kepala.pkm")
    response = client_for(head).get(reverse("people:position_detail", args=["J-PERAWAT"]))
    assert response.status_code == 200
    assert reverse("people:unit_detail", args=["DINKES"]) not in response.text
    unit_page = client_for(head).get(reverse("people:unit_detail", args=["PKM-SUKA"]))
    assert reverse("people:unit_detail", args=["DINKES"]) not in unit_page.text


def test_the_position_page_shows_requirements_formation_and_holders(region: Region) -> None:
    response = client_for(region.planner).get(reverse("people:position_detail", args=["J-PERAWAT"]))
    assert response.status_code == 200
    assert response.context["staff"] == 1
    assert response.context["difference"] == -3
    text = response.text
    assert "STR" in text
    assert "Siti Rahmawati" in text
    assert "Asuhan keperawatan" in text


@pytest.mark.parametrize("extra", [0, 10])
def test_the_unit_page_runs_a_fixed_number_of_queries(
    region: Region, extra: int, django_assert_num_queries
) -> None:
    for _ in range(extra):
        child = f.make_unit(sector="kesehatan", parent=region.dinkes)
        post = f.make_position(region.dinkes)
        f.make_employee(post)
        f.make_employee(f.make_position(child))
    client = client_for(region.planner)
    # session, user, profile, unit, units, staff per unit, formation per unit, positions,
    # employee count, employee page, the office's name for the header
    with django_assert_num_queries(11):
        assert client.get(reverse("people:unit_detail", args=["DINKES"])).status_code == 200


def test_a_wrong_filter_value_is_reported_and_the_other_filters_still_apply(
    region: Region,
) -> None:
    response = client_for(region.planner).get(
        reverse("people:employee_list"), {"golongan": "IX/z", "sector": "pendidikan"}
    )
    assert response.status_code == 200
    assert "golongan" in response.context["form"].errors
    assert listed_nips(response) == {region.ani.nip}


def test_the_unit_filter_offers_the_opd_and_keeps_a_sub_unit_chosen_from_its_page(
    region: Region,
) -> None:
    client = client_for(region.planner)
    plain = client.get(reverse("people:employee_list"))
    offered = [value for value, _label in plain.context["form"].fields["unit"].choices]
    assert offered == ["", region.dinkes.pk, region.disdik.pk]

    chosen = client.get(reverse("people:employee_list"), {"unit": region.school.pk})
    offered = [value for value, _label in chosen.context["form"].fields["unit"].choices]
    assert region.school.pk in offered
    assert listed_nips(chosen) == {region.ani.nip}
