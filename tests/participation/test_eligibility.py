"""Which posts an employee may rank, and the reason for each other post (pure)."""

from __future__ import annotations

from mutasi.participation.eligibility import Person, Post, Reason, ineligibility, reason_text
from mutasi.participation.status import Rules

ANI = Person(
    employee_type="PNS",
    golongan="III/a",
    education="S1",
    major="Akuntansi",
    certificates=("brevet a",),
    unit_id=1,
    position_id=10,
    position_kind="pelaksana",
    position_name="Pengadministrasi Keuangan",
    job_family="administrasi",
)


def post(**fields):  # type: ignore[no-untyped-def]
    values = {
        "id": 20,
        "unit_id": 2,
        "kind": "pelaksana",
        "name": "Analis",
        "job_family": "administrasi",
    }
    values.update(fields)
    return Post(**values)


def test_a_post_of_the_same_family_without_requirements_is_eligible():
    assert ineligibility(ANI, post(), Rules()) == []


def test_the_own_post_is_not_offered_as_a_move():
    assert ineligibility(ANI, post(id=10), Rules()) == [Reason.OWN_POST]


def test_golongan_outside_the_range_is_named():
    assert ineligibility(ANI, post(gol_min="III/b"), Rules()) == [Reason.GOLONGAN_LOW]
    assert ineligibility(ANI, post(gol_max="II/d"), Rules()) == [Reason.GOLONGAN_HIGH]
    assert ineligibility(ANI, post(gol_min="III/a", gol_max="III/a"), Rules()) == []


def test_education_below_the_minimum_is_named():
    assert ineligibility(ANI, post(education_min="S2"), Rules()) == [Reason.EDUCATION]
    assert ineligibility(ANI, post(education_min="D3"), Rules()) == []


def test_majors_are_compared_without_case_and_spacing():
    assert ineligibility(ANI, post(majors=("  akuntansi ", "Manajemen")), Rules()) == []
    assert ineligibility(ANI, post(majors=("Hukum",)), Rules()) == [Reason.MAJOR]


def test_a_required_certificate_must_be_held():
    assert ineligibility(ANI, post(certificate="Brevet A"), Rules()) == []
    assert ineligibility(ANI, post(certificate="STR"), Rules()) == [Reason.CERTIFICATE]


def test_another_job_family_only_when_the_policy_declares_it_interchangeable():
    other = post(job_family="umum")
    assert ineligibility(ANI, other, Rules()) == [Reason.JOB_FAMILY]
    rules = Rules(interchangeable_families=frozenset({frozenset({"administrasi", "umum"})}))
    assert ineligibility(ANI, other, rules) == []


def test_functional_posts_only_for_holders_of_that_functional_job():
    nurse_post = post(
        kind="fungsional",
        name="Perawat Ahli Muda",
        functional_job="perawat",
        job_family="kesehatan",
    )
    assert ineligibility(ANI, nurse_post, Rules()) == [Reason.JOB_FAMILY, Reason.FUNCTIONAL]
    nurse = Person(
        **{
            **ANI.__dict__,
            "position_kind": "fungsional",
            "position_name": "Perawat Ahli Pertama",
            "functional_job": "perawat",
            "job_family": "kesehatan",
        }
    )
    assert ineligibility(nurse, nurse_post, Rules()) == []
    midwife_post = post(kind="fungsional", functional_job="bidan", job_family="kesehatan")
    assert ineligibility(nurse, midwife_post, Rules()) == [Reason.FUNCTIONAL]
    # A functional post whose functional job is not named takes nobody (as in the planner).
    assert ineligibility(nurse, post(kind="fungsional", job_family="kesehatan"), Rules()) == [
        Reason.FUNCTIONAL
    ]


def test_managerial_posts_follow_the_same_rules_as_the_planner():
    assert ineligibility(ANI, post(kind="pengawas"), Rules()) == []


def test_pppk_are_kept_in_their_unit_by_default():
    pppk = Person(**{**ANI.__dict__, "employee_type": "PPPK"})
    assert ineligibility(pppk, post(unit_id=2), Rules()) == [Reason.OTHER_UNIT_PPPK]
    assert ineligibility(pppk, post(unit_id=1), Rules()) == []
    assert ineligibility(pppk, post(unit_id=2), Rules(pppk_stay_in_unit=False)) == []


def test_every_reason_is_given_at_once_and_in_words_naming_the_values(settings):
    settings.LANGUAGE_CODE = "id"
    target = post(gol_min="III/c", education_min="S2", certificate="STR")
    reasons = ineligibility(ANI, target, Rules())
    assert reasons == [Reason.GOLONGAN_LOW, Reason.EDUCATION, Reason.CERTIFICATE]
    texts = [reason_text(r, ANI, target) for r in reasons]
    assert texts[0] == "golongan Anda III/a di bawah minimal III/c"
    assert texts[1] == "pendidikan Anda S1 di bawah minimal S2"
    assert texts[2] == "memerlukan sertifikasi STR"
