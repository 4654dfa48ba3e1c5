"""The shared layout (base.html): the menu each role gets, language switch and logout."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from mutasi.people.models import Employee, Unit
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def dinkes() -> Unit:
    return f.make_unit("DINKES", name="Dinas Kesehatan", sector="kesehatan")


@pytest.fixture
def siti(dinkes: Unit) -> Employee:
    return f.make_employee(f.make_position(dinkes), name="Siti")


def menu_of(user: User, url: str) -> dict[str, str]:
    client = Client()
    client.force_login(user)
    html = client.get(url).text
    nav = html[html.index('id="main-nav"') : html.index("</nav>")]
    return {
        label.strip(): href
        for href, label in re.findall(r'class="nav-link[^"]*" href="([^"]+)"[^>]*>([^<]+)</a>', nav)
    }


def test_the_planner_gets_every_stage_in_the_menu(dinkes: Unit) -> None:
    menu = menu_of(f.make_planner(), reverse("dashboard"))
    assert menu["Dasbor"] == reverse("dashboard")
    assert menu["Pegawai"] == reverse("people:employee_list")
    assert menu["Unit"] == reverse("people:unit_list")
    for label in ("Kebutuhan", "Rencana", "Partisipasi"):
        assert label in menu


def test_the_approver_gets_the_review_pages_but_not_participation(dinkes: Unit) -> None:
    menu = menu_of(f.make_approver(), reverse("dashboard"))
    assert {"Dasbor", "Pegawai", "Unit", "Rencana"} <= set(menu)
    assert "Partisipasi" not in menu


def test_a_unit_head_gets_their_own_unit_first(dinkes: Unit) -> None:
    menu = menu_of(f.make_unit_head(dinkes), reverse("dashboard"))
    assert list(menu)[0] == "Unit saya"
    assert menu["Unit saya"] == reverse("people:unit_detail", args=["DINKES"])
    assert "Partisipasi" not in menu


def test_an_employee_gets_only_their_own_pages(siti: Employee) -> None:
    user = f.make_employee_user(siti)
    menu = menu_of(user, reverse("people:employee_detail", args=[siti.nip]))
    assert menu["Profil saya"] == reverse("people:employee_detail", args=[siti.nip])
    assert "Pegawai" not in menu and "Unit" not in menu and "Dasbor" not in menu


def test_logging_out_is_a_post_form_and_ends_the_session(dinkes: Unit) -> None:
    client = Client()
    client.force_login(f.make_planner())
    html = client.get(reverse("dashboard")).text
    assert f'<form action="{reverse("logout")}" method="post"' in html
    assert client.get(reverse("logout")).status_code == 405  # never by a link
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("dashboard")).status_code == 302  # back to the login page


def test_the_login_page_is_indonesian_and_logs_a_user_in() -> None:
    f.make_planner("perencana")
    client = Client()
    page = client.get(reverse("login"))
    assert page.status_code == 200
    assert "Masuk ke Mutasi" in page.text
    assert "Nama pengguna atau NIP" in page.text
    assert reverse("participation:activate") in page.text  # employees without a password yet
    wrong = client.post(reverse("login"), {"username": "perencana", "password": "salah"})
    assert wrong.status_code == 200
    assert 'id="login-error"' in wrong.text
    right = client.post(reverse("login"), {"username": "perencana", "password": "rahasia-demo-123"})
    assert right.status_code == 302
    assert right["Location"] == reverse("landing")


def test_a_refused_page_explains_itself_in_indonesian(siti: Employee) -> None:
    client = Client()
    client.force_login(f.make_user("tamu", None))
    response = client.get(reverse("people:employee_detail", args=[siti.nip]))
    assert response.status_code == 403
    assert "Akses ditolak" in response.text


def test_an_unknown_page_says_so_in_indonesian(dinkes: Unit) -> None:
    client = Client()
    client.force_login(f.make_planner())
    response = client.get(reverse("people:unit_detail", args=["TIDAK-ADA"]))
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.text


def test_after_logging_in_the_user_lands_on_the_page_they_asked_for() -> None:
    f.make_planner("perencana")
    client = Client()
    asked = client.get(reverse("people:employee_list"))
    assert asked.status_code == 302
    login_url = asked["Location"]
    page = client.get(login_url)
    assert f'name="next" value="{reverse("people:employee_list")}"' in page.text
    response = client.post(
        login_url,
        {
            "username": "perencana",
            "password": "rahasia-demo-123",
            "next": reverse("people:employee_list"),
        },
    )
    assert response["Location"] == reverse("people:employee_list")
    # Once logged in, the login page sends them on instead of asking again.
    assert client.get(reverse("login"))["Location"] == reverse("landing")
