"""The public form (anonymous), HR's pages, the employee's survey: status codes and stored rows."""

from __future__ import annotations

import datetime
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from mutasi.core.models import AuditEntry, Role
from mutasi.evaluation import abuse, services
from mutasi.evaluation.models import EmployeeSurveyResponse, PublicResponse
from mutasi.plans.models import Cycle, Move, Plan, PlanStatus
from tests.factories import make_employee, make_position, make_unit, make_unit_head, make_user


def _answers(value=3):
    return {f"u{i}": str(value) for i in range(1, 10)}


def _post(client, code="PKM1", stamp_age=10.0, **extra):
    data = {**_answers(), "stamp": abuse.form_stamp(time.time() - stamp_age), **extra}
    return client.post(reverse("evaluation:public_form", args=[code]), data)


def test_a_citizen_answers_without_logging_in(client, units):
    page = client.get(reverse("evaluation:public_form", args=["PKM1"]))
    assert page.status_code == 200
    assert "Bagaimana pendapat Saudara tentang kecepatan waktu" in page.content.decode()
    assert b"<script" not in page.content  # no script at all on the public form
    response = _post(client, gender="P", age="34", education="SMA", comment="Antrean lama")
    assert response.status_code == 302
    stored = PublicResponse.objects.get()
    assert stored.answers == (3,) * 9
    assert (stored.gender, stored.age, stored.comment) == ("P", 34, "Antrean lama")
    assert not stored.suspicious
    assert stored.client_key and "127.0.0.1" not in stored.client_key


def test_a_missing_answer_is_named_and_nothing_is_stored(client, units):
    data = _answers()
    del data["u4"]
    response = client.post(reverse("evaluation:public_form", args=["PKM1"]), data)
    assert response.status_code == 400
    assert "Pilih salah satu jawaban." in response.content.decode()
    assert PublicResponse.objects.count() == 0


def test_an_answer_outside_1_to_4_is_refused(client, units):
    response = _post(client, u3="5")
    assert response.status_code == 400
    assert PublicResponse.objects.count() == 0


def test_an_unknown_unit_is_a_404(client, units):
    assert client.get(reverse("evaluation:public_form", args=["NOPE"])).status_code == 404


def test_bots_and_repeats_are_kept_but_flagged(client, units):
    _post(client)
    _post(client)  # the same answers from the same device: a duplicate
    _post(client, **{abuse.HONEYPOT_FIELD: "http://spam"})
    _post(client, stamp_age=0.5)
    flagged = [r.suspicion for r in PublicResponse.objects.order_by("id")]
    assert flagged == [[], ["duplicate"], ["honeypot", "duplicate"], ["too_fast", "duplicate"]]
    assert PublicResponse.objects.filter(suspicious=True).count() == 3


def test_one_device_is_rate_limited(client, units):
    for k in range(abuse.ADDRESS_LIMIT):
        assert _post(client, u1=str(1 + k % 4)).status_code == 302
    response = _post(client, u1="2")
    assert response.status_code == 429
    assert "Terlalu banyak jawaban" in response.content.decode()
    assert PublicResponse.objects.count() == abuse.ADDRESS_LIMIT


def test_a_burst_for_one_unit_is_flagged(units):
    unit = units["PKM1"]
    now = timezone.now()
    for k in range(abuse.UNIT_BURST_LIMIT + 1):
        services.do_submit_public_response(
            unit,
            period="2026-S2",
            answers=[3] * 9,
            respondent=services.Respondent(),
            client=f"device-{k}",
            honeypot_filled=False,
            seconds_on_form=30,
            now=now,
        )
    last = PublicResponse.objects.order_by("-id").first()
    assert last.suspicion == ["unit_burst"]


def test_hr_excludes_a_response_with_a_reason_and_the_ikm_changes(client, units, planner):
    for value in (4, 1):
        _post(client, **_answers(value))
    client.force_login(planner)
    table = client.get(reverse("evaluation:ikm"))
    assert "62,50" in table.content.decode()  # (4 + 1) / 2 × 25, Indonesian decimal comma
    bad = PublicResponse.objects.get(u1=1)
    url = reverse("evaluation:exclude", args=[bad.pk])
    assert client.post(url, {"reason": ""}).status_code == 302
    bad.refresh_from_db()
    assert not bad.excluded  # no reason, no exclusion
    client.post(url, {"reason": "jawaban uji coba petugas"})
    bad.refresh_from_db()
    assert bad.excluded and bad.exclusion_reason == "jawaban uji coba petugas"
    entry = AuditEntry.objects.get(action="evaluation.exclude_response")
    assert entry.actor == planner
    assert "100,00" in client.get(reverse("evaluation:ikm")).content.decode()


@pytest.mark.parametrize("name", ["evaluation:ikm", "evaluation:import", "evaluation:ikm_xlsx"])
def test_hr_pages_need_a_planner(client, units, employee_user, name):
    assert client.get(reverse(name)).status_code == 302  # to the login page
    client.force_login(employee_user)
    assert client.get(reverse(name)).status_code == 403


def test_a_unit_head_prints_only_their_own_poster(client, units):
    head = make_unit_head(units["PKM1"])
    client.force_login(head)
    poster = client.get(reverse("evaluation:poster", args=["PKM1"]))
    assert poster.status_code == 200
    assert b"<svg" in poster.content and b"/evaluasi/skm/PKM1/" in poster.content
    assert client.get(reverse("evaluation:poster", args=["KEC1"])).status_code == 403


def test_every_hr_page_renders(client, units, planner):
    _post(client)
    client.force_login(planner)
    for url in (
        reverse("evaluation:index"),
        reverse("evaluation:ikm"),
        reverse("evaluation:unit", args=["PKM1"]),
        reverse("evaluation:import"),
    ):
        assert client.get(url).status_code == 200, url
    assert client.get(reverse("evaluation:ikm"), {"periode": "nonsense"}).status_code == 200


def _moved(units, months_ago: int):
    employee = make_employee(make_position(units["PKM1"]))
    user = make_user(employee.nip, Role.EMPLOYEE, employee=employee)
    effective = timezone.localdate() - datetime.timedelta(days=31 * months_ago)
    cycle, _new = Cycle.objects.get_or_create(
        name=f"Siklus {months_ago}", defaults={"effective_date": effective}
    )
    plan, _new = Plan.objects.get_or_create(
        cycle=cycle, defaults={"name": "p", "mechanism": "optimal", "status": PlanStatus.PUBLISHED}
    )
    old = make_position(units["KEC1"])
    move = Move.objects.create(
        plan=plan, employee=employee, from_position=old, to_position=employee.position, reason="-"
    )
    return user, employee, move


def test_a_moved_employee_is_reminded_and_answers_once(client, units):
    user, employee, move = _moved(units, months_ago=3)
    client.force_login(user)
    home = client.get(reverse("participation:home"))
    url = reverse("evaluation:employee_survey", args=[move.pk, 3])
    assert url in home.content.decode()
    bad = client.post(url, {"adaptation": "6"})
    assert bad.status_code == 400 and EmployeeSurveyResponse.objects.count() == 0
    data = dict.fromkeys(("adaptation", "satisfaction", "workload", "training", "intention"), "4")
    assert client.post(url, {**data, "comment": "baik"}).status_code == 302
    stored = EmployeeSurveyResponse.objects.get()
    assert (stored.wave, stored.unit_id, stored.scores) == (3, units["PKM1"].pk, (4,) * 5)
    audit = AuditEntry.objects.get(action="evaluation.employee_survey")
    assert "4" not in (audit.summary.replace("ke-3", ""))  # the answers are not in the log
    assert url not in client.get(reverse("participation:home")).content.decode()
    assert client.post(url, data).status_code == 302  # answered: sent back, not stored twice
    assert EmployeeSurveyResponse.objects.count() == 1


def test_an_employee_cannot_answer_someone_elses_survey(client, units):
    _user, _employee, move = _moved(units, months_ago=3)
    other, _e2, _m2 = _moved(units, months_ago=4)
    client.force_login(other)
    url = reverse("evaluation:employee_survey", args=[move.pk, 3])
    assert client.get(url).status_code == 404


def test_hr_sees_a_units_employee_results_only_from_five_answers(client, units, planner):
    moves = [_moved(units, months_ago=3)[2] for _ in range(4)]
    for move in moves:
        EmployeeSurveyResponse.objects.create(
            move=move, employee_id=move.employee_id, unit=units["PKM1"], wave=3,
            adaptation=1, satisfaction=1, workload=1, training=1, intention=1,
        )  # fmt: skip
    client.force_login(planner)
    url = reverse("evaluation:cycle", args=[moves[0].plan.cycle_id])
    assert "disembunyikan" in client.get(url).content.decode()
    fifth = _moved(units, months_ago=3)[2]
    EmployeeSurveyResponse.objects.create(
        move=fifth, employee_id=fifth.employee_id, unit=units["PKM1"], wave=3,
        adaptation=2, satisfaction=1, workload=1, training=1, intention=1,
    )  # fmt: skip
    page = client.get(url).content.decode()
    assert "disembunyikan" not in page
    assert "1,04 / 5 (n=5)" in page  # (4 × 5 × 1 + 2 + 4 × 1) / 25
    assert "1,20" in page  # adaptation: (4 × 1 + 2) / 5
    assert "pegawai pindahan kurang puas" in page


def test_the_public_form_speaks_english_when_switched(client, units):
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("evaluation:public_form", args=["PKM1"])).content.decode()
    assert "What is your opinion of the speed of the service?" in page
    assert "Very polite and friendly" in page
    assert "Kirim jawaban" not in page


def _count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_ikm_page_and_the_dashboard_do_not_query_per_unit(client, units, planner):
    client.force_login(planner)
    services.do_import_skm(
        [["kode_unit", "periode", "responden", *[f"u{i}" for i in range(1, 10)]]]
        + [[code, "2026-S1", "1", *[3] * 9] for code in ("PKM1", "KEC1")],
        acting_user=planner,
    )
    small = {u: _count_queries(client, reverse(u)) for u in ("evaluation:ikm", "evaluation:index")}
    extra = [make_unit(f"X{k}") for k in range(6)]
    services.do_import_skm(
        [["kode_unit", "periode", "responden", *[f"u{i}" for i in range(1, 10)]]]
        + [[u.code, p, "1", *[2] * 9] for u in extra for p in ("2025-S2", "2026-S1")],
        acting_user=planner,
    )
    large = {u: _count_queries(client, reverse(u)) for u in ("evaluation:ikm", "evaluation:index")}
    assert large == small


def test_an_approver_reads_the_ikm_but_cannot_exclude(client, units):
    from tests.factories import make_approver

    _post(client)
    client.force_login(make_approver())
    assert client.get(reverse("evaluation:ikm")).status_code == 200
    response = PublicResponse.objects.get()
    url = reverse("evaluation:exclude", args=[response.pk])
    assert client.post(url, {"reason": "x"}).status_code == 403
    response.refresh_from_db()
    assert not response.excluded
