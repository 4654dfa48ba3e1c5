from decimal import Decimal as D

from mutasi.needs import abk
from mutasi.needs.models import FormationOverride
from mutasi.needs.selectors import compute_needs, formation_by_position, unit_and_descendants
from mutasi.needs.services import do_update_settings
from tests.factories import make_planner

from .conftest import TODAY


def _posts(analysis):
    return {p.code: p for p in analysis.posts}


def test_each_post_gets_staff_abk_formation_and_difference(region):
    posts = _posts(compute_needs(today=TODAY))
    adm = posts["KES-ADM"]
    assert (adm.staff, adm.workload, adm.abk_needed, adm.abk_formation) == (
        1,
        D(112500),
        D("1.50"),
        2,
    )
    assert (adm.formation, adm.source, adm.difference) == (2, abk.FormationSource.ABK, -1)
    assert adm.imported_formation == 4  # the import stays visible but ABK wins
    assert (adm.ej, adm.grade) == (D("1.50"), "A")
    prw = posts["KES-PRW"]
    assert (prw.abk_needed, prw.formation, prw.difference, prw.ej, prw.grade) == (
        D("2.40"), 2, 1, D("0.80"), "C",
    )  # fmt: skip
    bdn = posts["KES-BDN"]  # workload but nobody in the post
    assert (bdn.staff, bdn.abk_needed, bdn.formation, bdn.shortage, bdn.ej, bdn.grade) == (
        0, D("2.00"), 2, 2, None, None,
    )  # fmt: skip
    gur = posts["DIK-GUR"]
    assert (gur.abk_needed, gur.formation, gur.source, gur.difference) == (
        None, 5, abk.FormationSource.IMPORTED, -3,
    )  # fmt: skip
    tu = posts["DIK-TU"]
    assert (tu.formation, tu.source, tu.difference) == (1, abk.FormationSource.STAFF, 0)


def test_retirements_at_bup_are_taken_out_year_by_year(region):
    analysis = compute_needs(today=TODAY)
    posts = _posts(analysis)
    assert analysis.years == [2027, 2028, 2029, 2030, 2031]
    assert posts["KES-PRW"].retirements == {2026: 1, 2028: 1}
    assert posts["KES-PRW"].future_staff == [2, 1, 1, 1, 1]
    assert posts["KES-PRW"].future_difference == [0, -1, -1, -1, -1]
    assert posts["KES-ADM"].future_staff == [0, 0, 0, 0, 0]
    assert posts["DIK-GUR"].future_staff == [2, 2, 2, 2, 1]
    assert analysis.retirements_per_year() == {
        2026: 1, 2027: 1, 2028: 1, 2029: 0, 2030: 0, 2031: 1,
    }  # fmt: skip


def test_units_and_sectors_are_ranked_by_shortage(region):
    analysis = compute_needs(today=TODAY)
    units = analysis.by_unit()
    assert [u.key for u in units] == ["DIKBUD", "PKM1", "DINKES"]
    dik, pkm, dinkes = units
    assert (dik.staff, dik.formation, dik.difference, dik.shortage, dik.surplus) == (3, 6, -3, 3, 0)
    # PKM1: a surplus of 1 nurse does not hide the 2 missing midwives
    assert (pkm.staff, pkm.formation, pkm.difference, pkm.shortage, pkm.surplus) == (3, 4, -1, 2, 1)
    assert pkm.abk_needed == D("4.40")
    # EJ over posts with workload: 330,000 / (3 × 75,000) = 1.47
    assert (pkm.ej, pkm.grade) == (D("1.47"), "A")
    assert dik.abk_needed is None and dik.ej is None
    sectors = analysis.by_sector()
    assert [(s.key, s.shortage, s.surplus, s.difference) for s in sectors] == [
        ("pendidikan", 3, 0, -3),  # same shortage: the larger net gap first
        ("kesehatan", 3, 1, -2),
    ]
    assert sectors[1].future_shortage == [4, 5, 5, 5, 5]


def test_the_heatmap_has_one_cell_per_unit_and_family(region):
    families, rows = compute_needs(today=TODAY).heatmap()
    assert families == ["administrasi", "kesehatan", "pendidikan"]
    cells = {unit.key: [c.difference if c else None for c in row] for unit, row in rows}
    assert cells == {"DIKBUD": [0, None, -3], "PKM1": [None, -1, None], "DINKES": [-1, None, None]}


def test_an_override_wins_and_the_rounding_rule_is_a_setting(region):
    FormationOverride.objects.create(position=region["gur"], formation=2, reason="rapat tim ABK")
    do_update_settings(75000, "up", acting_user=make_planner())
    posts = _posts(compute_needs(today=TODAY))
    assert (posts["DIK-GUR"].formation, posts["DIK-GUR"].source) == (2, "override")
    assert (posts["KES-PRW"].abk_needed, posts["KES-PRW"].formation) == (D("2.40"), 3)
    assert formation_by_position() == {p.position_id: p.formation for p in posts.values()}


def test_formation_by_position_covers_every_post(region, django_assert_num_queries):
    with django_assert_num_queries(5):
        formations = formation_by_position()
    assert formations == {
        region["adm"].pk: 2, region["prw"].pk: 2, region["bdn"].pk: 2,
        region["gur"].pk: 5, region["tu"].pk: 1,
    }  # fmt: skip


def test_the_analysis_takes_a_fixed_number_of_queries(region, django_assert_num_queries):
    with django_assert_num_queries(6):
        analysis = compute_needs(today=TODAY)
        analysis.by_unit()
        analysis.by_sector()
        analysis.heatmap()


def test_a_unit_head_scope_includes_the_units_below(region):
    assert unit_and_descendants(region["dinkes"].pk) == {region["dinkes"].pk, region["pkm"].pk}
    assert unit_and_descendants(region["pkm"].pk) == {region["pkm"].pk}
    scoped = compute_needs(today=TODAY, unit_ids=[region["pkm"].pk])
    assert sorted(p.code for p in scoped.posts) == ["KES-BDN", "KES-PRW"]


def test_fractional_volumes_and_minutes_sum_exactly(region):
    from mutasi.needs.models import WorkloadTask

    tasks = [(D("12.35"), D("7.25")), (D("0.01"), D("0.01")), (D("99999999.99"), D("0.33"))]
    for i, (volume, minutes) in enumerate(tasks):
        WorkloadTask.objects.create(
            position=region["tu"], description=f"T{i}", volume_per_year=volume,
            minutes_per_unit=minutes,
        )  # fmt: skip
    post = _posts(compute_needs(today=TODAY))["DIK-TU"]
    # 89.5375 + 0.0001 + 32,999,999.9967 = 33,000,089.5343
    assert post.workload == D("33000089.5343") == abk.workload_minutes(tasks)
    assert post.abk_needed == D("440.00")  # 440.0011937…
