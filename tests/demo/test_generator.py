"""The generated region (no database): deterministic, valid and realistically uneven."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from collections import Counter, defaultdict

import pytest

from mutasi.demo import generator, names
from mutasi.demo.generator import EFFECTIVE_MINUTES_PER_YEAR, age_on, generate
from mutasi.people import codes
from mutasi.people.nip import nip_problems


@pytest.fixture(scope="module")
def region() -> generator.DemoData:
    return generate(6000, 2027)


@pytest.fixture(scope="module")
def positions(region):
    return {p.code: p for p in region.positions}


@pytest.fixture(scope="module")
def units(region):
    return {u.code: u for u in region.units}


def test_the_same_size_and_seed_give_the_same_data():
    assert generate(300, 11) == generate(300, 11)


def test_another_seed_gives_other_people():
    first, second = generate(300, 11), generate(300, 12)
    assert [e.nip for e in first.employees] != [e.nip for e in second.employees]


def test_it_has_the_requested_number_of_employees_at_every_size():
    for size in (100, 300, 1234):
        assert len(generate(size).employees) == size


def test_it_refuses_a_size_outside_the_supported_range():
    with pytest.raises(ValueError, match="ukuran demo"):
        generate(60_001)


def test_the_region_has_about_forty_opd_and_its_kecamatan(region, units):
    assert 40 <= len(region.opd_codes) <= 55
    assert 12 <= len(region.kecamatan) <= 16
    assert region.remote_kecamatan
    for code in ("SETDA", "BKPSDM", "BAPPEDA", "DINKES", "DISDIK", "DPUPR", "DISKOMINFO"):
        assert units[code].parent_code == ""
    puskesmas = [u for u in region.units if u.name.startswith("Puskesmas")]
    assert {u.kecamatan for u in puskesmas} == set(region.kecamatan)
    assert all(u.parent_code == "DINKES" for u in puskesmas)
    schools = [u for u in region.units if u.name.startswith(("SD Negeri", "SMP Negeri"))]
    assert {u.kecamatan for u in schools} == set(region.kecamatan)
    assert any(u.name.startswith("RSUD") for u in region.units)


def test_every_parent_unit_and_every_post_exists(region, units, positions):
    assert len(units) == len(region.units)
    assert len(positions) == len(region.positions)
    assert all(u.parent_code in units for u in region.units if u.parent_code)
    assert all(p.unit_code in units for p in region.positions)
    assert all(e.position_code in positions for e in region.employees)
    assert all(h.position_code in positions for h in region.history if h.position_code)
    assert all(w.position_code in positions for w in region.workload)
    assert all(p.position_code in positions for p in region.preferences)


def test_every_nip_is_valid_unique_and_agrees_with_birth_date_and_gender(region):
    nips = [e.nip for e in region.employees]
    assert len(set(nips)) == len(nips)
    for e in region.employees:
        assert (
            nip_problems(e.nip, kind=e.employee_type, birth_date=e.birth_date, gender=e.gender)
            == []
        ), e


def test_pppk_staff_carry_a_real_format_ni_pppk_and_a_pppk_grade(region):
    pppk = [e for e in region.employees if e.employee_type == "PPPK"]
    assert pppk
    pppk_codes = {g.code for g in codes.PPPK_GOLONGAN}
    for e in pppk:
        # 8 digits birth date, 4 digits year of appointment, the marker 21, gender, serial
        assert e.nip[:8] == f"{e.birth_date:%Y%m%d}"
        assert e.nip[8:12] == f"{e.service_start:%Y}"
        assert e.nip[12:14] == "21"
        assert e.nip[14] == ("1" if e.gender == "L" else "2")
        assert e.golongan in pppk_codes


def test_codes_are_the_workbooks_codes(region):
    kinds = set(codes.JOB_KINDS)
    for p in region.positions:
        assert p.kind in kinds
        for gol in (p.gol_min, p.gol_max):
            assert gol == "" or gol in codes.GOLONGAN_BY_CODE
        assert p.education_min in codes.EDUCATION_BY_CODE
        assert all(name == name.lower() and 1 <= lvl <= 5 for name, lvl in p.competencies.items())
    for e in region.employees:
        assert e.education in codes.EDUCATION_BY_CODE
        pns = e.golongan in {g.code for g in codes.PNS_GOLONGAN}
        assert pns == (e.employee_type == "PNS")
        assert e.performance in codes.PERFORMANCE_LEVELS
        assert 0 <= e.potential <= 100


def test_golongan_is_inside_the_posts_range(region, positions):
    def inside(e):
        p = positions[e.position_code]
        rank = codes.golongan_rank(e.golongan)
        return codes.golongan_rank(p.gol_min) <= rank <= codes.golongan_rank(p.gol_max)

    assert all(map(inside, region.employees))  # the demo's export re-imports with no warning


def test_no_date_lies_in_the_future_and_careers_are_in_order(region):
    ref = region.reference_date
    assert ref <= datetime.date.today()
    for e in region.employees:
        assert e.birth_date < e.service_start <= e.position_start <= ref
        assert age_on(e.birth_date, e.service_start) >= 18
    for h in region.history:
        assert h.start <= h.end <= ref


def test_nobody_is_past_retirement_age_and_some_retire_within_five_years(region, positions):
    ref = region.reference_date
    years_left = []
    for e in region.employees:
        p = positions[e.position_code]
        years_left.append(codes.retirement_age(p.kind, p.name) - age_on(e.birth_date, ref))
    assert min(years_left) >= 0
    within_five = sum(1 for y in years_left if y <= 5) / len(years_left)
    assert 0.08 < within_five < 0.3


def test_a_fifth_to_a_third_are_pppk_mostly_teachers_and_health_staff(region, positions):
    pppk = [e for e in region.employees if e.employee_type == "PPPK"]
    assert 0.2 <= len(pppk) / len(region.employees) <= 0.3
    families = Counter(positions[e.position_code].job_family for e in pppk)
    health = {"keperawatan", "kebidanan", "medis", "kefarmasian", "gizi", "sanitasi",
              "laboratorium kesehatan", "rekam medis", "radiografi", "fisioterapi",
              "kesehatan masyarakat"}  # fmt: skip
    teachers_and_health = families["guru"] + sum(families[f] for f in health)
    assert teachers_and_health / len(pppk) > 0.7


def test_tenure_varies_with_some_past_five_years_and_some_under_two(region):
    ref = region.reference_date
    years = [(ref - e.position_start).days / 365.25 for e in region.employees]
    assert sum(1 for y in years if y > 5) / len(years) > 0.12
    assert sum(1 for y in years if y < 2) / len(years) > 0.12


def test_remote_kecamatan_are_short_of_health_and_teaching_staff(region, units):
    staff = Counter(e.position_code for e in region.employees)
    ratio: dict[bool, list[int]] = defaultdict(lambda: [0, 0])
    for p in region.positions:
        if units[p.unit_code].sector in ("kesehatan", "pendidikan") and not p.head:
            ratio[p.remote][0] += staff[p.code]
            ratio[p.remote][1] += p.formation
    remote = ratio[True][0] / ratio[True][1]
    elsewhere = ratio[False][0] / ratio[False][1]
    assert remote < 0.8 < 0.95 < elsewhere


def test_central_offices_have_more_general_administrators_than_their_formation(region, units):
    staff = Counter(e.position_code for e in region.employees)
    held = needed = 0
    for p in region.positions:
        unit = units[p.unit_code]
        central = unit.kecamatan == names.CAPITAL and unit.sector not in ("kesehatan", "pendidikan")
        if p.name == "Pengadministrasi Perkantoran" and central:
            held += staff[p.code]
            needed += p.formation
    assert held > 1.15 * needed


def test_spouses_point_at_each_other(region, positions):
    by_nip = {e.nip: e for e in region.employees}
    married = [e for e in region.employees if e.spouse_nip]
    assert len(married) >= 2 * 20
    for e in married:
        spouse = by_nip[e.spouse_nip]
        assert spouse.spouse_nip == e.nip
        assert spouse.gender != e.gender


def test_some_spouse_heads_the_unit_the_other_works_in(region, positions):
    by_nip = {e.nip: e for e in region.employees}
    conflicts = [
        (a, b)
        for a, b in region.spouse_pairs
        if positions[by_nip[a].position_code].head
        and positions[by_nip[a].position_code].unit_code
        == positions[by_nip[b].position_code].unit_code
    ]
    assert conflicts


def test_workload_gives_an_abk_formation_near_but_not_equal_to_the_formation(region, positions):
    minutes: dict[str, float] = defaultdict(float)
    for w in region.workload:
        minutes[w.position_code] += w.volume_per_year * w.minutes_per_unit
    assert len(minutes) / len(region.positions) > 0.8
    ratios = [m / EFFECTIVE_MINUTES_PER_YEAR / positions[c].formation for c, m in minutes.items()]
    assert all(0.6 < r < 1.6 for r in ratios)
    assert sum(1 for r in ratios if r < 0.99) > len(ratios) / 5  # ABK says fewer are needed
    assert sum(1 for r in ratios if r > 1.01) > len(ratios) / 5  # ABK says more are needed
    keys = [(w.position_code, w.description) for w in region.workload]
    assert len(set(keys)) == len(keys)


def test_about_a_third_rank_preferences_only_for_posts_they_could_hold(region, positions):
    by_nip = {e.nip: e for e in region.employees}
    lists: dict[str, list[generator.PreferenceRow]] = defaultdict(list)
    for p in region.preferences:
        lists[p.nip].append(p)
    assert 0.2 < len(lists) / len(region.employees) < 0.4
    stays = 0
    for nip, prefs in lists.items():
        employee = by_nip[nip]
        assert [p.rank for p in prefs] == list(range(1, len(prefs) + 1))
        assert len({p.position_code for p in prefs}) == len(prefs)
        for p in prefs:
            if p.position_code == employee.position_code:
                stays += 1
                continue
            post = positions[p.position_code]
            assert generator._eligible(employee, post)
            assert post.job_family == positions[employee.position_code].job_family
    assert stays > 0


def test_many_employees_have_a_position_history_with_distinct_starts(region):
    by_nip: dict[str, list[datetime.date]] = defaultdict(list)
    for h in region.history:
        by_nip[h.nip].append(h.start)
    assert len(by_nip) / len(region.employees) > 0.35
    assert all(len(starts) == len(set(starts)) for starts in by_nip.values())


def test_the_data_do_not_depend_on_the_process_or_its_hash_seed():
    code = (
        "import hashlib, sys; from mutasi.demo.generator import generate; "
        "assert 'django' not in sys.modules; "
        "print(hashlib.sha256(repr(generate(300, 3)).encode()).hexdigest())"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", code],
            check=True,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
        ).stdout
        for hash_seed in ("1", "2")
    }
    assert len(digests) == 1
