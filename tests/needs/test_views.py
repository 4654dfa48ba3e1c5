import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from mutasi.core.models import AuditEntry
from mutasi.needs.models import FormationOverride, NeedsSettings, WorkloadTask
from tests.factories import (
    make_approver,
    make_employee,
    make_employee_user,
    make_planner,
    make_position,
    make_unit_head,
)

PAGES = [
    ("needs:index", []),
    ("needs:positions", []),
    ("needs:units", []),
    ("needs:sectors", []),
    ("needs:heatmap", []),
    ("needs:settings", []),
    ("needs:unit", ["PKM1"]),
    ("needs:position", ["KES-PRW"]),
]


@pytest.fixture
def planner(client, region):
    user = make_planner()
    client.force_login(user)
    return user


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_a_planner_and_an_approver_see_every_page(client, region, name, args):
    for user in (make_planner(), make_approver()):
        client.force_login(user)
        response = client.get(reverse(name, args=args))
        assert response.status_code == 200, (user, name)


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_an_anonymous_visitor_is_sent_to_login(client, region, name, args):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_an_employee_gets_403(client, region, name, args):
    client.force_login(make_employee_user(make_employee(region["tu"])))
    assert client.get(reverse(name, args=args)).status_code == 403


def test_a_unit_head_sees_their_unit_and_the_units_below_only(client, region):
    client.force_login(make_unit_head(region["dinkes"]))
    response = client.get(reverse("needs:index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("needs:unit", args=["DINKES"])
    assert client.get(reverse("needs:unit", args=["DINKES"])).status_code == 200
    assert client.get(reverse("needs:unit", args=["PKM1"])).status_code == 200
    assert client.get(reverse("needs:position", args=["KES-PRW"])).status_code == 200
    listing = client.get(reverse("needs:positions"))
    assert {row[0]["text"] for row in listing.context["table"]["body"]} == {
        "KES-ADM", "KES-PRW", "KES-BDN",
    }  # fmt: skip


@pytest.mark.parametrize(
    "url",
    [
        reverse("needs:unit", args=["DIKBUD"]),
        reverse("needs:position", args=["DIK-GUR"]),
        reverse("needs:positions") + "?unit=DIKBUD",
        reverse("needs:units"),
        reverse("needs:sectors"),
        reverse("needs:heatmap"),
        reverse("needs:settings"),
    ],
)
def test_a_unit_head_gets_403_on_another_unit(client, region, url):
    client.force_login(make_unit_head(region["pkm"]))
    assert client.get(url).status_code == 403


def test_the_override_needs_a_written_reason_and_keeps_both_figures(client, planner, region):
    url = reverse("needs:override", args=["KES-PRW"])
    response = client.post(url, {"formation": "4", "reason": "   "})
    assert response.status_code == 400
    assert not FormationOverride.objects.exists()
    assert "wajib" in response.content.decode()

    response = client.post(url, {"formation": "4", "reason": "Rawat inap dibuka 2027"})
    assert response.status_code == 302
    override = FormationOverride.objects.get(position=region["prw"])
    assert (override.formation, override.reason, override.created_by) == (
        4, "Rawat inap dibuka 2027", planner,
    )  # fmt: skip
    entry = AuditEntry.objects.get(action="needs.override_formation")
    assert (entry.actor, entry.object_id, entry.after["formation"]) == (
        planner,
        str(region["prw"].pk),
        4,
    )

    page = client.get(reverse("needs:position", args=["KES-PRW"]))
    post = page.context["post"]
    assert (post.abk_needed, post.abk_formation, post.formation, post.source) == (
        post.abk_needed, 2, 4, "override",
    )  # fmt: skip
    html = page.content.decode()
    assert "2,40" in html and "Rawat inap dibuka 2027" in html

    response = client.post(reverse("needs:clear_override", args=["KES-PRW"]))
    assert response.status_code == 302
    assert not FormationOverride.objects.exists()
    assert AuditEntry.objects.filter(action="needs.clear_override", actor=planner).count() == 1


def test_only_a_planner_may_override_or_change_settings(client, region):
    client.force_login(make_approver())
    url = reverse("needs:override", args=["KES-PRW"])
    assert client.post(url, {"formation": "4", "reason": "x"}).status_code == 403
    assert client.post(reverse("needs:settings"), {"rounding": "up"}).status_code == 403
    client.force_login(make_unit_head(region["pkm"]))
    assert client.post(url, {"formation": "4", "reason": "x"}).status_code == 403
    assert not FormationOverride.objects.exists()


def test_a_planner_changes_the_settings_and_it_is_audited(client, planner, region):
    response = client.post(
        reverse("needs:settings"), {"effective_minutes_per_year": "60000", "rounding": "up"}
    )
    assert response.status_code == 302
    row = NeedsSettings.objects.get()
    assert (row.effective_minutes_per_year, row.rounding, row.updated_by) == (60000, "up", planner)
    assert AuditEntry.objects.filter(action="needs.update_settings").count() == 1
    post = client.get(reverse("needs:position", args=["KES-PRW"])).context["post"]
    assert (str(post.abk_needed), post.formation) == ("3.00", 3)  # 180,000 / 60,000


def test_tables_sort_and_paginate(client, planner, region):
    url = reverse("needs:positions")
    body = client.get(url, {"sort": "selisih", "dir": "asc"}).context["table"]["body"]
    assert [row[0]["text"] for row in body][:2] == ["DIK-GUR", "KES-BDN"]
    body = client.get(url, {"sort": "kebutuhan_abk", "dir": "desc"}).context["table"]["body"]
    assert [row[0]["text"] for row in body] == [
        "KES-PRW",
        "KES-BDN",
        "KES-ADM",
        "DIK-GUR",
        "DIK-TU",
    ]


def test_every_table_exports_to_xlsx(client, planner, region):
    for name, args in [
        ("needs:positions", []),
        ("needs:units", []),
        ("needs:sectors", []),
        ("needs:unit", ["PKM1"]),
    ]:
        response = client.get(reverse(name, args=args), {"format": "xlsx"})
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        rows = list(load_workbook(io.BytesIO(response.content)).active.values)
        assert rows[0][0] in ("kode_jabatan", "kode_unit", "sektor")
        assert len(rows) > 1


# Each count includes one read of the office's name for the page header (the tests' dummy cache
# keeps nothing; in production it is cached for a minute).
@pytest.mark.parametrize(
    ("name", "args", "queries"),
    [
        ("needs:index", [], 10),
        ("needs:positions", [], 10),
        ("needs:units", [], 10),
        ("needs:sectors", [], 10),
        ("needs:heatmap", [], 10),
        ("needs:unit", ["PKM1"], 12),
        ("needs:position", ["KES-PRW"], 15),
    ],
)
def test_pages_take_a_fixed_number_of_queries(
    client, planner, region, django_assert_num_queries, name, args, queries
):
    url = reverse(name, args=args)
    client.get(url)  # warm the session
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


def test_the_query_count_does_not_grow_with_the_region(
    client, planner, region, django_assert_num_queries
):
    for n in range(12):
        position = make_position(region["dik"], f"DIK-X{n}", kind="fungsional")
        WorkloadTask.objects.create(
            position=position, description="Mengajar", volume_per_year=10, minutes_per_unit=60
        )
        make_employee(position, birth_date=datetime.date(1960 + n, 1, 1))
    for name in ("needs:index", "needs:positions", "needs:units", "needs:heatmap"):
        client.get(reverse(name))
        with django_assert_num_queries(10):
            assert client.get(reverse(name)).status_code == 200


def test_a_planner_enters_workload_by_hand_and_the_abk_follows(client, planner, region):
    url = reverse("needs:add_task", args=["DIK-GUR"])
    bad = client.post(
        url, {"description": "Mengajar", "volume_per_year": "-1", "minutes_per_unit": "45"}
    )
    assert bad.status_code == 400
    bad = client.post(
        url, {"description": "Mengajar", "volume_per_year": "10", "minutes_per_unit": "0"}
    )
    assert bad.status_code == 400
    assert not WorkloadTask.objects.filter(position=region["gur"]).exists()

    data = {"description": "Mengajar", "output_unit": "JP", "volume_per_year": "3000",
            "minutes_per_unit": "45"}  # fmt: skip
    assert client.post(url, data).status_code == 302
    post = client.get(reverse("needs:position", args=["DIK-GUR"])).context["post"]
    # 135,000 / 75,000 = 1.80 → 2, now from ABK instead of the imported 5
    assert (str(post.abk_needed), post.formation, post.source) == ("1.80", 2, "abk")
    assert AuditEntry.objects.filter(action="needs.set_workload_task", actor=planner).count() == 1

    task = WorkloadTask.objects.get(position=region["gur"])
    response = client.post(reverse("needs:remove_task", args=["DIK-GUR", task.pk]))
    assert response.status_code == 302
    assert not WorkloadTask.objects.filter(position=region["gur"]).exists()
    assert AuditEntry.objects.filter(action="needs.remove_workload_task").count() == 1


def test_only_a_planner_enters_workload(client, region):
    client.force_login(make_approver())
    data = {"description": "Mengajar", "volume_per_year": "1", "minutes_per_unit": "1"}
    assert client.post(reverse("needs:add_task", args=["DIK-GUR"]), data).status_code == 403
    assert not WorkloadTask.objects.filter(position=region["gur"]).exists()


def test_a_unit_page_covers_the_units_below_it(client, planner, region):
    url = reverse("needs:unit", args=["DINKES"])
    response = client.get(url)
    assert {row[0]["text"] for row in response.context["table"]["body"]} == {
        "KES-ADM", "KES-PRW", "KES-BDN",
    }  # fmt: skip
    summary, own = response.context["summary"], response.context["own"]
    assert (summary.staff, summary.formation, summary.shortage) == (4, 6, 3)
    assert (own.staff, own.formation) == (1, 2)  # DINKES itself, as in the per-unit table
    units = client.get(url, {"view": "unit"}).context["table"]["body"]
    assert [row[0]["text"] for row in units] == ["PKM1", "DINKES"]
    export = client.get(url, {"view": "unit", "format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(export.content)).active.values)
    assert [r[0] for r in rows] == ["kode_unit", "PKM1", "DINKES"]


def test_the_admin_lists_workload_and_overrides_read_only(client, region):
    from django.contrib.auth.models import User

    FormationOverride.objects.create(position=region["gur"], formation=2, reason="rapat")
    client.force_login(User.objects.create_superuser("admin", password="x-rahasia-123"))
    assert client.get("/admin/needs/workloadtask/").status_code == 200
    assert client.get("/admin/needs/formationoverride/").status_code == 200
    override = FormationOverride.objects.get()
    response = client.post(
        f"/admin/needs/formationoverride/{override.pk}/change/", {"formation": 9, "reason": "x"}
    )
    assert response.status_code == 403
    assert FormationOverride.objects.get().formation == 2


def test_the_heatmap_exports_to_xlsx(client, planner, region):
    response = client.get(reverse("needs:heatmap"), {"format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0] == (
        "kode_unit", "nama_unit", "sektor", "kekurangan",
        "selisih_administrasi", "selisih_kesehatan", "selisih_pendidikan",
    )  # fmt: skip
    assert rows[1] == ("DIKBUD", "Dinas Pendidikan", "pendidikan", 3, 0, None, -3)


def test_every_heat_map_shade_keeps_its_text_readable():
    """WCAG 2.1 AA: the figure in each heat-map cell contrasts at least 4.5:1 with its shade."""
    import re
    from types import SimpleNamespace

    from mutasi.needs.views import _heat_style, _luminance

    for formation in range(0, 12):
        for staff in range(0, 12):
            cell = SimpleNamespace(difference=staff - formation, formation=formation, staff=staff)
            style = _heat_style(cell)  # type: ignore[arg-type]
            rgb = tuple(int(x) for x in re.search(r"rgb\((\d+), (\d+), (\d+)\)", style).groups())
            text = re.search(r"color: (#\w+)", style.split(";", 1)[1] if ";" in style else "")
            fg = (255, 255, 255) if text and text[1] == "#fff" else (0, 0, 0)
            light, dark = sorted([_luminance(rgb), _luminance(fg)], reverse=True)
            assert (light + 0.05) / (dark + 0.05) >= 4.5, (formation, staff, style)
