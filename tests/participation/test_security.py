"""What an employee must never reach, and the protections every form relies on."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from mutasi.core.models import Role
from mutasi.participation.models import Aspiration, ConsultationRequest, Preference
from mutasi.participation.services import (
    do_request_consultation,
    do_save_aspiration,
    do_save_ranking,
    do_submit_preferences,
)
from tests.factories import (
    make_approver,
    make_employee_user,
    make_planner,
    make_unit_head,
    make_user,
)

pytestmark = pytest.mark.django_db
SECRET = "RAHASIA-KELUARGA-7Q2"


@pytest.fixture
def budi_submitted(world):  # type: ignore[no-untyped-def]
    """Budi has a submitted ranking, a consultation and personal circumstances."""
    do_save_ranking(world.budi, world.cycle, [world.post_2.pk], acting_user=None)
    do_submit_preferences(world.budi, world.cycle, acting_user=None)
    do_save_aspiration(
        world.budi,
        world.cycle,
        fields_of_interest="Arsip",
        career_aspiration="Arsiparis",
        personal_circumstances=SECRET,
        consent=True,
        acting_user=None,
    )
    return do_request_consultation(
        world.budi, topic="Pindah dekat rumah", preferred_time="Senin", acting_user=None
    )


def test_ids_smuggled_into_forms_change_only_the_logged_in_employees_data(
    ani_client, world, budi_submitted
):
    budi_aspiration = Aspiration.objects.get(employee=world.budi)
    forged = {
        "employee": world.budi.pk,
        "employee_id": world.budi.pk,
        "aspiration": budi_aspiration.pk,
        "cycle": world.cycle.pk,
    }
    ani_client.post(
        reverse("participation:ranking"), {"action": "add", "position": world.post_1.pk, **forged}
    )
    ani_client.post(
        reverse("participation:ranking"),
        {"action": "remove", "position": world.post_2.pk, **forged},
    )
    ani_client.post(reverse("participation:aspiration"), {"career_aspiration": "diubah", **forged})
    ani_client.post(reverse("participation:submit"), forged)
    budi_aspiration.refresh_from_db()
    assert budi_aspiration.draft_ranking == [world.post_2.pk]
    assert budi_aspiration.career_aspiration == "Arsiparis"
    assert list(
        Preference.objects.filter(employee=world.budi).values_list("position", flat=True)
    ) == [world.post_2.pk]
    ani = Aspiration.objects.get(employee=world.ani)
    assert ani.draft_ranking == [world.post_1.pk]


def test_another_employees_consultation_is_not_found(ani_client, world, budi_submitted):
    url = reverse("participation:consultation", args=[budi_submitted.pk])
    assert ani_client.get(url).status_code == 404
    assert ani_client.post(url, {"status": "done", "note": "x", "outcome": "x"}).status_code == 404
    budi_submitted.refresh_from_db()
    assert budi_submitted.status == "requested"
    assert not budi_submitted.notes.exists()


def test_an_employee_cannot_record_notes_on_their_own_consultation(ani_client, world):
    item = do_request_consultation(
        world.ani, topic="Karier", preferred_time="Selasa", acting_user=None
    )
    url = reverse("participation:consultation", args=[item.pk])
    assert ani_client.post(url, {"status": "done", "note": "selesai"}).status_code == 403
    item.refresh_from_db()
    assert item.status == "requested" and not item.notes.exists()


def test_an_employee_gets_403_on_every_hr_page(ani_client, world, budi_submitted):
    for name, args in [
        ("participation:hr_accounts", []),
        ("participation:hr_statistics", []),
        ("participation:hr_consultations", []),
        ("participation:hr_aspirations", []),
        ("participation:hr_employee", [world.budi.pk]),
    ]:
        assert ani_client.get(reverse(name, args=args)).status_code == 403, name
    for name, args in [
        ("participation:hr_issue_codes", [world.unit_b.pk]),
        ("participation:hr_reset_account", []),
    ]:
        assert ani_client.post(reverse(name, args=args), {"nip": world.budi.nip}).status_code == 403


def test_anonymous_users_are_sent_to_the_login_page(client, world):
    for name in [
        "participation:index",
        "participation:preferences",
        "participation:receipt",
        "participation:consultations",
        "participation:outcome",
        "participation:hr_statistics",
    ]:
        response = client.get(reverse(name))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_receipt_shows_only_the_employees_own_submission(ani_client, world, budi_submitted):
    budi_code = Aspiration.objects.get(employee=world.budi).receipt_code
    assert ani_client.get(reverse("participation:receipt")).status_code == 404
    do_save_ranking(world.ani, world.cycle, [world.post_1.pk], acting_user=None)
    do_submit_preferences(world.ani, world.cycle, acting_user=None)
    body = ani_client.get(reverse("participation:receipt")).content.decode()
    assert budi_code not in body and world.post_2.name not in body


# --- CSRF --------------------------------------------------------------------------------------


def _post_forms(world, budi_item):  # type: ignore[no-untyped-def]
    """Every form of the participation pages, with data that would be accepted."""
    return [
        (
            None,
            reverse("participation:activate"),
            {"nip": world.ani.nip, "code": "AAAAA-AAAAA", "password1": "x", "password2": "x"},
        ),
        ("ani", reverse("participation:ranking"), {"action": "add", "position": world.post_1.pk}),
        ("ani", reverse("participation:aspiration"), {"career_aspiration": "Analis"}),
        ("ani", reverse("participation:submit"), {}),
        ("ani", reverse("participation:consultations"), {"topic": "t", "preferred_time": "p"}),
        (
            "planner",
            reverse("participation:consultation", args=[budi_item.pk]),
            {"status": "done", "note": "n", "outcome": "o"},
        ),
        ("planner", reverse("participation:hr_issue_codes", args=[world.unit_a.pk]), {}),
        ("planner", reverse("participation:hr_reset_account"), {"nip": world.ani.nip}),
        (None, reverse("login"), {"username": world.ani.nip, "password": "rahasia-demo-123"}),
    ]


def test_every_form_is_refused_without_a_csrf_token(world, budi_submitted):
    users = {"ani": make_employee_user(world.ani), "planner": make_planner()}
    for who, url, data in _post_forms(world, budi_submitted):
        client = Client(enforce_csrf_checks=True)
        if who:
            client.force_login(users[who])
        assert client.post(url, data).status_code == 403, url
    assert not Aspiration.objects.filter(employee=world.ani).exists()
    assert ConsultationRequest.objects.count() == 1
    assert not budi_submitted.notes.exists()


def test_every_form_on_the_pages_carries_a_csrf_token(world, budi_submitted):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_employee_user(world.ani))
    page = client.get(reverse("participation:preferences")).content.decode()
    forms = re.findall(r"<form[^>]*method=\"post\".*?</form>", page, flags=re.S)
    assert len(forms) >= 5
    assert all("csrfmiddlewaretoken" in form for form in forms)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = client.post(
        reverse("participation:ranking"),
        {"action": "add", "position": world.post_1.pk, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    assert Aspiration.objects.get(employee=world.ani).draft_ranking == [world.post_1.pk]


# --- personal circumstances --------------------------------------------------------------------


def _all_get_urls(world, budi_item):  # type: ignore[no-untyped-def]
    """Every parameterless URL of the project, and the participation pages that take ids."""
    urls: list[str] = []

    def walk(patterns, prefix=""):  # type: ignore[no-untyped-def]
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern) and "<" not in str(p.pattern):
                route = prefix + str(p.pattern)
                if not route.startswith(("admin/", "i18n/")) and "keluar" not in route:
                    urls.append("/" + route.lstrip("^").rstrip("$"))

    walk(get_resolver().url_patterns)
    urls += [
        reverse("participation:consultation", args=[budi_item.pk]),
        reverse("participation:hr_employee", args=[world.budi.pk]),
    ]
    return sorted(set(urls))


def test_personal_circumstances_appear_on_no_page_but_the_hr_planners(world, budi_submitted):
    viewers = {
        "another employee": make_employee_user(world.ani),
        "budi himself": make_user(world.budi.nip, Role.EMPLOYEE, employee=world.budi),
        "unit head of budi's unit": make_unit_head(world.unit_b),
        "approver": make_approver(),
        "user without a role": make_user("tamu", None),
    }
    urls = _all_get_urls(world, budi_submitted)
    assert len(urls) > 10
    for who, user in viewers.items():
        client = Client(raise_request_exception=False)
        client.force_login(user)
        for url in urls:
            response = client.get(url)
            body = response.content.decode(errors="replace") if hasattr(response, "content") else ""
            assert SECRET not in body, f"{who} sees it on {url}"
    planner = Client()
    planner.force_login(make_planner())
    page = planner.get(reverse("participation:hr_employee", args=[world.budi.pk]))
    assert SECRET in page.content.decode()


def test_the_employees_own_pages_never_show_the_circumstances_back(world, budi_submitted):
    client = Client()
    client.force_login(make_user(world.budi.nip, Role.EMPLOYEE, employee=world.budi))
    assert SECRET not in client.get(reverse("participation:receipt")).content.decode()
    assert SECRET not in client.get(reverse("participation:home")).content.decode()
    world.cycle.preference_closes = world.cycle.preference_opens
    world.cycle.save()
    assert SECRET not in client.get(reverse("participation:preferences")).content.decode()


def test_personal_circumstances_are_in_no_export(world, budi_submitted, tmp_path: Path):
    target = tmp_path / "ekspor.xlsx"
    call_command("export", str(target))
    import openpyxl

    workbook = openpyxl.load_workbook(target, read_only=True)
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            assert not any(SECRET in str(cell) for cell in row if cell is not None)
    csv_dir = tmp_path / "csv"
    call_command("export", str(csv_dir))
    for path in csv_dir.glob("*.csv"):
        assert SECRET not in path.read_text(encoding="utf-8")


def test_the_audit_log_never_holds_the_circumstances(world, budi_submitted):
    from mutasi.core.models import AuditEntry

    for entry in AuditEntry.objects.all():
        assert SECRET not in f"{entry.summary}{entry.before}{entry.after}"
