from __future__ import annotations

import datetime

from mutasi import planner
from mutasi.people.models import PositionHistory
from mutasi.plans import adapter
from mutasi.plans.models import Cycle, Pin, PinKind
from tests.factories import make_employee


def test_it_builds_the_problem_from_the_database(region):
    region["nurse"].competencies = {"Asuhan Keperawatan": 3}
    region["nurse"].certificates = ["STR"]
    region["nurse"].save(update_fields=["competencies", "certificates"])
    data = adapter.load_problem(None, on=datetime.date(2025, 1, 1))
    problem = data.problem
    assert len(problem.units) == 2
    assert len(problem.positions) == 6
    assert len(problem.employees) == 7
    nurse = problem.employee_by_id[str(region["nurse"].pk)]
    assert nurse.position_id == str(region["office_nurse"].pk)
    assert round(nurse.years_in_post, 1) == 6.0
    assert nurse.functional_job == "perawat"
    assert nurse.major == "keperawatan"
    assert nurse.competencies == {"asuhan keperawatan": 3}
    assert nurse.certificates == frozenset({"str"})
    assert nurse.golongan_rank == 9  # III/a
    assert nurse.education_rank == 8  # S1
    assert nurse.preferences == (str(region["clinic_nurse"].pk), str(region["office_nurse"].pk))
    clinic_post = problem.position_by_id[str(region["clinic_nurse"].pk)]
    assert clinic_post.formation == 3
    assert clinic_post.functional_job == "perawat"


def test_the_unit_head_is_the_holder_of_the_highest_managerial_post(region):
    from tests.factories import make_position

    # An administrator post in the office ranks below the JPT post: the JPT holder stays head.
    admin_post = make_position(
        region["office"],
        "DINAS-SEK",
        name="Sekretaris",
        kind="administrator",
        job_family="manajemen",
        formation=1,
    )
    make_employee(admin_post, golongan="IV/a")
    problem = adapter.load_problem(None).problem
    office = problem.unit_by_id[str(region["office"].pk)]
    clinic = problem.unit_by_id[str(region["clinic"].pk)]
    assert office.head_employee_id == str(region["office_head"].pk)
    assert clinic.head_employee_id == str(region["clinic_head"].pk)


def test_spouses_are_linked_by_nip(region):
    clerk = region["clerks"][0]
    clerk.spouse_nip = region["clinic_head"].nip
    clerk.save(update_fields=["spouse_nip"])
    problem = adapter.load_problem(None).problem
    assert problem.employee_by_id[str(clerk.pk)].spouse_id == str(region["clinic_head"].pk)


def test_years_in_the_job_family_count_back_through_history(region):
    nurse = region["nurse"]
    PositionHistory.objects.create(
        employee=nurse,
        position_name="Perawat Terampil",
        job_family="kesehatan",
        start=datetime.date(2012, 1, 1),
        end=datetime.date(2018, 12, 31),
    )
    PositionHistory.objects.create(
        employee=nurse,
        position_name="Staf",
        job_family="administrasi",
        start=datetime.date(2008, 1, 1),
        end=datetime.date(2011, 12, 31),
    )
    e = adapter.load_problem(None, on=datetime.date(2025, 1, 1)).problem.employee_by_id[
        str(nurse.pk)
    ]
    assert e.family_history == ("administrasi", "kesehatan")
    assert round(e.years_in_family) == 13


def test_a_cycles_policy_freeze_window_and_pins_reach_the_planner(region):
    cycle = Cycle.objects.create(
        name="Semester I",
        policy={"min_years_in_post": 3.0},
        freeze_start=datetime.date(2027, 1, 1),
        freeze_end=datetime.date(2027, 6, 30),
        effective_date=datetime.date(2027, 3, 1),
    )
    Pin.objects.create(cycle=cycle, employee=region["nurse"], kind=PinKind.STAY)
    data = adapter.load_problem(cycle)
    assert data.policy.min_years_in_post == 3.0
    assert data.policy.freeze_start == datetime.date(2027, 1, 1)
    assert data.policy.in_freeze()
    assert data.problem.pins == (planner.Pin(planner.PinKind.STAY, str(region["nurse"].pk)),)


def test_the_effective_formation_of_the_needs_analysis_is_used(region):
    from mutasi.needs.models import FormationOverride

    FormationOverride.objects.create(position=region["clinic_nurse"], formation=5, reason="uji")
    problem = adapter.load_problem(None).problem
    assert problem.position_by_id[str(region["clinic_nurse"].pk)].formation == 5


def test_the_policy_form_lists_every_setting_with_default_and_source():
    import dataclasses

    names = {f["name"] for f in adapter.policy_fields()}
    expected = {f.name for f in dataclasses.fields(planner.Policy)} - adapter.CYCLE_FIELDS
    assert names == expected
    by_name = {f["name"]: f for f in adapter.policy_fields()}
    assert by_name["min_years_in_post"]["default"] == 2.0
    assert "PP 11/2017" in by_name["min_years_in_post"]["source"]
    assert by_name["sector_weights"]["default"] == "pendidikan=2; kesehatan=2"


def test_policy_form_values_become_the_policy_json_keeping_only_changes():
    spec = adapter.policy_fields()
    cleaned = {s["name"]: s["initial"] for s in spec}
    cleaned["unit_departure_cap"] = 0.1
    cleaned["sector_weights"] = "pendidikan=3; kesehatan=2"
    cleaned["interchangeable_families"] = "umum, administrasi"
    assert adapter.policy_form_errors(spec, cleaned) == {}
    assert adapter.policy_from_form(spec, cleaned) == {
        "unit_departure_cap": 0.1,
        "sector_weights": {"pendidikan": 3.0, "kesehatan": 2.0},
        "interchangeable_families": [["umum", "administrasi"]],
    }


def test_a_wrong_policy_value_is_named_on_its_field():
    spec = adapter.policy_fields()
    cleaned = {s["name"]: s["initial"] for s in spec}
    cleaned["unit_departure_cap"] = 1.5
    cleaned["sector_weights"] = "pendidikan:3"
    errors = adapter.policy_form_errors(spec, cleaned)
    assert "sector_weights" in errors
    cleaned["sector_weights"] = ""
    errors = adapter.policy_form_errors(spec, cleaned)
    assert "unit_departure_cap" in errors and "0 dan 1" in errors["unit_departure_cap"]


def test_the_fair_priorities_are_shown_and_read_in_words_in_either_language():
    import pytest
    from django.utils import translation

    from mutasi.planner import PolicyError
    from mutasi.plans.policy_form import policy_fields, policy_from_form

    with translation.override("id"):
        spec = policy_fields()
        (field,) = [s for s in spec if s["name"] == "priority_keys"]
        assert field["initial"] == "kecocokan; masa jabatan; golongan"
        assert "years_in_post" not in str(field["label"])
        chosen = policy_from_form([field], {"priority_keys": "usia; Kinerja; masa  jabatan"})
        assert chosen == {"priority_keys": ["age", "performance", "years_in_post"]}
    with translation.override("en"):
        (field,) = [s for s in policy_fields() if s["name"] == "priority_keys"]
        assert field["initial"] == "fit; years in post; golongan"
        chosen = policy_from_form([field], {"priority_keys": "age; kinerja; fit"})
        assert chosen == {"priority_keys": ["age", "performance", "fit"]}
    with translation.override("id"), pytest.raises(PolicyError) as refused:
        policy_from_form([field], {"priority_keys": "gaji"})
    assert "“gaji” bukan urutan yang dikenal" in refused.value.message


def test_a_policy_the_planner_refuses_names_the_settings_by_their_labels_in_either_language():
    from django.utils import translation

    spec = adapter.policy_fields()
    cleaned = {s["name"]: s["initial"] for s in spec}
    cleaned["min_years_in_post"] = 6
    cleaned["max_years_in_post"] = 4
    with translation.override("id"):
        errors = adapter.policy_form_errors(spec, cleaned)
    assert list(errors) == ["max_years_in_post"]
    said = errors["max_years_in_post"]
    assert "“Masa maksimal dalam jabatan” tidak boleh kurang dari" in said
    assert "max_years_in_post" not in said and "min_years_in_post" not in said
    with translation.override("en"):
        errors = adapter.policy_form_errors(spec, cleaned)
    assert errors["max_years_in_post"].startswith("“Maximum time in a post” may not be less")
