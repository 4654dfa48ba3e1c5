"""The dashboard: who sees it, what it counts, how many queries it costs, and in which language."""

from __future__ import annotations

import datetime
import json

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from mutasi.people.models import Unit
from mutasi.people.selectors import add_years
from tests import factories as f

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def health() -> Unit:
    """Dinas Kesehatan: a head of office retiring next year, two nurses (one 7 years in post)."""
    dinkes = f.make_unit("DINKES", name="Dinas Kesehatan", sector="kesehatan")
    head = f.make_position(dinkes, name="Kepala Dinas Kesehatan", kind="jpt", formation=1)
    nurses = f.make_position(dinkes, name="Perawat Ahli Pertama", kind="fungsional", formation=5)
    f.make_employee(
        head,
        name="Budi Santoso",
        birth_date=datetime.date(TODAY.year + 1 - 60, 6, 15),
        position_start=add_years(TODAY, -3),
    )
    f.make_employee(nurses, name="Siti", position_start=add_years(TODAY, -7))
    f.make_employee(nurses, name="Rina", position_start=add_years(TODAY, -1))
    return dinkes


@pytest.fixture
def education() -> Unit:
    """Dinas Pendidikan: three teachers on a formation of two (one surplus)."""
    disdik = f.make_unit("DISDIK", name="Dinas Pendidikan", sector="pendidikan")
    school = f.make_unit("SDN-1", name="SD Negeri 1", sector="pendidikan", parent=disdik)
    teachers = f.make_position(
        school, name="Guru Kelas Ahli Pertama", kind="fungsional", formation=2
    )
    for name in ("Ani", "Dewi", "Eko"):
        f.make_employee(teachers, name=name, position_start=add_years(TODAY, -3))
    return disdik


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def sector_row(response, sector: str):  # type: ignore[no-untyped-def]
    return next(row for row in response.context["board"].sectors if row.sector == sector)


def test_an_anonymous_visitor_is_sent_to_the_login_page() -> None:
    response = Client().get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_planner_sees_staff_formation_tenure_and_retirements_per_sector(
    health: Unit, education: Unit
) -> None:
    response = logged_in(f.make_planner()).get(reverse("dashboard"))
    assert response.status_code == 200

    kesehatan = sector_row(response, "kesehatan")
    assert (kesehatan.staff, kesehatan.formation) == (3, 6)
    assert (kesehatan.shortage, kesehatan.surplus) == (3, 0)
    assert (kesehatan.under_two_years, kesehatan.two_to_five_years) == (1, 1)
    assert kesehatan.past_five_years == 1
    assert kesehatan.retiring == {TODAY.year + 1: 1}  # BUP of a JPT post is 60

    pendidikan = sector_row(response, "pendidikan")
    assert (pendidikan.staff, pendidikan.formation, pendidikan.surplus) == (3, 2, 1)
    assert pendidikan.retiring == {}

    board = response.context["board"]
    assert board.years == list(range(TODAY.year, TODAY.year + 5))
    assert board.retiring_total == 1
    text = response.text
    assert "Pegawai per sektor" in text
    assert "Kesehatan" in text and "Pendidikan" in text
    # Four charts, each with its data and the vendored Chart.js (no CDN).
    for chart in ("chart-staff", "chart-formation", "chart-tenure", "chart-retirement"):
        assert f'data-chart="{chart}"' in text
        assert f'id="{chart}"' in text
    assert "/static/vendor/chart.umd.min.js" in text
    assert "cdn" not in text.lower()


def test_the_chart_data_matches_the_tables(health: Unit, education: Unit) -> None:
    response = logged_in(f.make_approver()).get(reverse("dashboard"))
    charts = response.context["charts"]
    formation = charts["formation"]
    index = formation["labels"].index("Kesehatan")
    assert formation["datasets"][0]["data"][index] == 6
    assert formation["datasets"][1]["data"][index] == 3
    retirement = charts["retirement"]
    assert retirement["labels"] == [str(y) for y in range(TODAY.year, TODAY.year + 5)]
    assert retirement["datasets"] == [
        {"label": "Kesehatan", "data": [0, 1, 0, 0, 0]},
    ]
    # The JSON the browser reads is the same data.
    assert json.dumps(retirement["labels"]) in response.text


def test_the_approver_sees_the_whole_region(health: Unit, education: Unit) -> None:
    response = logged_in(f.make_approver()).get(reverse("dashboard"))
    assert response.status_code == 200
    assert {row.sector for row in response.context["board"].sectors} == {
        "kesehatan",
        "pendidikan",
    }


def test_a_unit_head_sees_the_dashboard_of_their_own_unit_only(
    health: Unit, education: Unit
) -> None:
    response = logged_in(f.make_unit_head(education)).get(reverse("dashboard"))
    assert response.status_code == 200
    assert [row.sector for row in response.context["board"].sectors] == ["pendidikan"]
    assert response.context["total"].staff == 3
    assert "Dinas Pendidikan" in response.text


def test_an_employee_is_taken_to_their_participation_home(health: Unit) -> None:
    siti = health.positions.get(name="Perawat Ahli Pertama").employees.get(name="Siti")
    response = logged_in(f.make_employee_user(siti)).get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"] == reverse("participation:home")


def test_a_user_without_a_role_is_refused(health: Unit) -> None:
    assert logged_in(f.make_user("tamu", None)).get(reverse("dashboard")).status_code == 403


def test_an_empty_region_shows_a_hint_instead_of_charts() -> None:
    response = logged_in(f.make_planner()).get(reverse("dashboard"))
    assert response.status_code == 200
    assert "Belum ada data pegawai" in response.text
    assert "data-chart" not in response.text


def add_sector(name: str, units: int, per_unit: int) -> None:
    for _ in range(units):
        unit = f.make_unit(sector=name)
        post = f.make_position(unit, formation=per_unit + 1)
        for i in range(per_unit):
            f.make_employee(post, position_start=add_years(TODAY, -(i % 8)))


@pytest.mark.parametrize("sectors,units,per_unit", [(1, 1, 2), (6, 4, 8)])
def test_the_dashboard_runs_a_fixed_number_of_queries_whatever_the_data_size(
    sectors: int, units: int, per_unit: int, django_assert_num_queries
) -> None:
    for s in range(sectors):
        add_sector(f"sektor {s}", units, per_unit)
    client = logged_in(f.make_planner())
    # session, user, profile; staff and tenure, formation, retirements; the inbox: returned
    # plans, unit-head comments (first few, count), imports to confirm (first few, count),
    # consultations waiting (first few, count); the office (instance). (With a cache configured,
    # one more: the data version.)
    with django_assert_num_queries(14):
        response = client.get(reverse("dashboard"))
    assert response.context["total"].staff == sectors * units * per_unit


def test_switching_to_english_translates_the_dashboard(health: Unit) -> None:
    client = logged_in(f.make_planner())
    assert "Pegawai per sektor" in client.get(reverse("dashboard")).text

    response = client.post(
        reverse("set_language"), {"language": "en", "next": reverse("dashboard")}
    )
    assert response.status_code == 302
    assert client.cookies[django_settings.LANGUAGE_COOKIE_NAME].value == "en"

    english = client.get(reverse("dashboard")).text
    assert "Staff per sector" in english
    assert "Pegawai per sektor" not in english
    assert '<html lang="en">' in english


@pytest.mark.parametrize(
    "path",
    [
        "vendor/bootstrap.min.css",
        "vendor/bootstrap.bundle.min.js",
        "vendor/chart.umd.min.js",
        "mutasi/app.css",
        "mutasi/charts.js",
    ],
)
def test_the_pages_assets_are_served_locally(path: str) -> None:
    response = Client().get(f"/static/{path}")
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert len(body) > 500


def test_an_english_browser_still_gets_indonesian_until_the_user_switches(health: Unit) -> None:
    client = logged_in(f.make_planner())
    response = client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Pegawai per sektor" in response.text
    assert '<html lang="id">' in response.text


def test_retirements_are_counted_in_the_year_each_post_reaches_its_retirement_age() -> None:
    unit = f.make_unit(sector="kesehatan")
    utama = f.make_position(unit, name="Dokter Ahli Utama", kind="fungsional")
    madya = f.make_position(unit, name="Dokter Ahli Madya", kind="fungsional")
    clerk = f.make_position(unit, name="Pengadministrasi Umum", kind="pelaksana")
    f.make_employee(utama, birth_date=datetime.date(TODAY.year + 2 - 65, 12, 31))  # 65
    f.make_employee(madya, birth_date=datetime.date(TODAY.year + 4 - 60, 1, 1))  # 60
    f.make_employee(clerk, birth_date=datetime.date(TODAY.year - 58, 7, 1))  # 58, this year
    f.make_employee(clerk, birth_date=datetime.date(TODAY.year + 5 - 58, 1, 1))  # beyond
    f.make_employee(clerk, birth_date=datetime.date(TODAY.year - 1 - 58, 12, 31))  # last year
    response = logged_in(f.make_planner()).get(reverse("dashboard"))
    assert sector_row(response, "kesehatan").retiring == {
        TODAY.year: 1,
        TODAY.year + 2: 1,
        TODAY.year + 4: 1,
    }
