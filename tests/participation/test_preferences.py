"""An employee ranks eligible posts and "rather stay", saves drafts, submits, gets a receipt."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from mutasi.core.models import AuditEntry
from mutasi.participation.models import (
    Aspiration,
    AspirationStatus,
    Preference,
    PreferenceSource,
)
from mutasi.participation.services import (
    apply_ranking_action,
    do_save_aspiration,
    do_save_ranking,
    do_submit_preferences,
)
from tests.factories import make_position

pytestmark = pytest.mark.django_db
RANKING = reverse("participation:ranking")


def rank(client, action, position=None):  # type: ignore[no-untyped-def]
    data = {"action": action}
    if position is not None:
        data["position"] = position.pk
    return client.post(RANKING, data)


def test_apply_ranking_action_adds_moves_and_removes():
    assert apply_ranking_action([1, 2], "add", 3, 6) == [1, 2, 3]
    assert apply_ranking_action([1, 2, 3], "up", 3, 6) == [1, 3, 2]
    assert apply_ranking_action([1, 2, 3], "up", 1, 6) == [1, 2, 3]
    assert apply_ranking_action([1, 2, 3], "down", 1, 6) == [2, 1, 3]
    assert apply_ranking_action([1, 2, 3], "remove", 2, 6) == [1, 3]
    with pytest.raises(ValidationError):
        apply_ranking_action([1, 2], "add", 2, 6)
    with pytest.raises(ValidationError):
        apply_ranking_action([1, 2], "add", 3, 2)
    with pytest.raises(ValidationError):
        apply_ranking_action([1, 2], "remove", 3, 6)


def test_the_page_lists_eligible_posts_and_the_others_with_reasons(ani_client, world):
    response = ani_client.get(reverse("participation:preferences"))
    assert response.status_code == 200
    eligible = {o.position for o in response.context["eligible"]}
    assert eligible == {world.post_1, world.post_2, world.post_3, world.budi.position}
    other = {o.position: o.reasons for o in response.context["other"]}
    assert other[world.post_high] == ["golongan Anda III/a di bawah minimal IV/a"]
    assert other[world.post_health] == [
        "rumpun jabatan kesehatan berbeda dari rumpun Anda (administrasi)"
    ]
    assert world.own_post not in eligible | set(other)
    body = response.content.decode()
    assert "golongan Anda III/a di bawah minimal IV/a" in body


def test_the_search_narrows_the_list_by_name_code_or_unit(ani_client, world):
    response = ani_client.get(reverse("participation:preferences"), {"q": "arsip"})
    assert [o.position for o in response.context["eligible"]] == [world.post_2]
    response = ani_client.get(reverse("participation:preferences"), {"q": world.unit_a.code})
    assert [o.position for o in response.context["eligible"]] == [world.post_3]


def test_an_employee_ranks_three_posts_and_staying_then_submits(ani_client, world):
    for post in (world.post_1, world.post_2):
        assert rank(ani_client, "add", post).status_code == 302
    rank(ani_client, "stay")
    rank(ani_client, "add", world.post_3)
    aspiration = Aspiration.objects.get(employee=world.ani, cycle=world.cycle)
    expected = [world.post_1.pk, world.post_2.pk, world.own_post.pk, world.post_3.pk]
    assert aspiration.draft_ranking == expected
    assert aspiration.status == AspirationStatus.DRAFT
    assert not Preference.objects.filter(employee=world.ani).exists()  # drafts stay drafts

    response = ani_client.post(reverse("participation:submit"))
    assert response.status_code == 302 and response["Location"] == reverse("participation:receipt")
    prefs = list(Preference.objects.filter(employee=world.ani).values_list("rank", "position"))
    assert prefs == [
        (1, world.post_1.pk),
        (2, world.post_2.pk),
        (3, world.own_post.pk),
        (4, world.post_3.pk),
    ]
    assert set(Preference.objects.values_list("source", flat=True)) == {PreferenceSource.WEB}
    aspiration.refresh_from_db()
    assert aspiration.status == AspirationStatus.SUBMITTED
    assert aspiration.receipt_code.startswith(f"P{world.cycle.pk}-")
    assert aspiration.submitted_at is not None

    receipt = ani_client.get(reverse("participation:receipt"))
    body = receipt.content.decode()
    assert aspiration.receipt_code in body
    assert "Saya lebih memilih tetap" in body
    assert body.index(world.post_2.name) < body.index("Saya lebih memilih tetap")
    assert AuditEntry.objects.filter(action="participation.submit_preferences").count() == 1


def test_moving_and_removing_choices_reorders_the_draft(ani_client, world):
    for post in (world.post_1, world.post_2, world.post_3):
        rank(ani_client, "add", post)
    rank(ani_client, "up", world.post_3)
    rank(ani_client, "remove", world.post_1)
    aspiration = Aspiration.objects.get(employee=world.ani, cycle=world.cycle)
    assert aspiration.draft_ranking == [world.post_3.pk, world.post_2.pk]


def test_an_ineligible_post_cannot_be_added_even_by_a_forged_form(ani_client, world):
    response = rank(ani_client, "add", world.post_high)
    assert response.status_code == 302
    aspiration = Aspiration.objects.filter(employee=world.ani).first()
    assert aspiration is None or aspiration.draft_ranking == []
    page = ani_client.get(reverse("participation:preferences"))
    assert "tidak dapat dipilih" in page.content.decode()


def test_at_most_the_cycles_number_of_posts_plus_staying(world):
    world.cycle.max_preferences = 2
    world.cycle.save()
    two_and_stay = [world.post_1.pk, world.own_post.pk, world.post_2.pk]
    do_save_ranking(world.ani, world.cycle, two_and_stay, acting_user=None)
    with pytest.raises(ValidationError, match="Paling banyak 2 jabatan"):
        do_save_ranking(
            world.ani,
            world.cycle,
            [world.post_1.pk, world.post_2.pk, world.post_3.pk],
            acting_user=None,
        )


def test_submitting_an_empty_ranking_is_refused(world):
    with pytest.raises(ValidationError, match="Pilih paling sedikit satu"):
        do_submit_preferences(world.ani, world.cycle, acting_user=None)


def test_a_resubmission_replaces_the_earlier_preferences_and_the_receipt(world):
    do_save_ranking(world.ani, world.cycle, [world.post_1.pk], acting_user=None)
    first = do_submit_preferences(world.ani, world.cycle, acting_user=None).receipt_code
    do_save_ranking(world.ani, world.cycle, [world.own_post.pk, world.post_2.pk], acting_user=None)
    aspiration = Aspiration.objects.get(employee=world.ani)
    assert aspiration.has_unsubmitted_changes
    second = do_submit_preferences(world.ani, world.cycle, acting_user=None)
    assert second.receipt_code != first
    assert not second.has_unsubmitted_changes
    assert list(
        Preference.objects.filter(employee=world.ani).values_list("position", flat=True)
    ) == [
        world.own_post.pk,
        world.post_2.pk,
    ]


def test_a_submission_replaces_preferences_imported_from_paper(world):
    Preference.objects.create(employee=world.ani, rank=1, position=world.post_3)
    do_save_ranking(world.ani, world.cycle, [world.post_1.pk], acting_user=None)
    do_submit_preferences(world.ani, world.cycle, acting_user=None)
    assert list(
        Preference.objects.filter(employee=world.ani).values_list("position", "source")
    ) == [(world.post_1.pk, PreferenceSource.WEB)]


def test_a_post_that_became_ineligible_blocks_the_submission_and_is_named(world):
    do_save_ranking(world.ani, world.cycle, [world.post_1.pk], acting_user=None)
    world.post_1.gol_min = "III/c"
    world.post_1.save()
    with pytest.raises(ValidationError, match="Analis Anggaran"):
        do_submit_preferences(world.ani, world.cycle, acting_user=None)
    assert not Preference.objects.exists()


def test_after_the_window_closes_the_page_is_read_only_and_writes_are_refused(ani_client, world):
    do_save_ranking(world.ani, world.cycle, [world.post_1.pk], acting_user=None)
    do_submit_preferences(world.ani, world.cycle, acting_user=None)
    world.cycle.preference_closes = timezone.now() - datetime.timedelta(minutes=1)
    world.cycle.save()
    page = ani_client.get(reverse("participation:preferences"))
    body = page.content.decode()
    assert 'id="read-only"' in body
    assert reverse("participation:ranking") not in body
    assert reverse("participation:submit") not in body
    assert "<textarea" not in body
    rank(ani_client, "add", world.post_2)
    ani_client.post(reverse("participation:submit"))
    ani_client.post(reverse("participation:aspiration"), {"career_aspiration": "x"})
    aspiration = Aspiration.objects.get(employee=world.ani)
    assert aspiration.draft_ranking == [world.post_1.pk]
    assert aspiration.career_aspiration == ""
    assert list(Preference.objects.values_list("position", flat=True)) == [world.post_1.pk]
    # The receipt stays readable.
    assert ani_client.get(reverse("participation:receipt")).status_code == 200


def test_before_the_window_opens_nothing_can_be_saved(world):
    world.cycle.preference_opens = timezone.now() + datetime.timedelta(days=1)
    world.cycle.save()
    with pytest.raises(ValidationError, match="belum dibuka"):
        do_save_ranking(world.ani, world.cycle, [world.post_1.pk], acting_user=None)


def test_personal_circumstances_need_explicit_consent(ani_client, world):
    url = reverse("participation:aspiration")
    response = ani_client.post(
        url, {"career_aspiration": "Analis", "personal_circumstances": "Anak sakit"}
    )
    assert response.status_code == 200
    assert "centang persetujuan" in response.content.decode()
    assert not Aspiration.objects.filter(personal_circumstances__contains="Anak").exists()
    response = ani_client.post(
        url,
        {
            "fields_of_interest": "Keuangan daerah",
            "career_aspiration": "Analis",
            "personal_circumstances": "Anak sakit",
            "consent": "on",
        },
    )
    assert response.status_code == 302
    aspiration = Aspiration.objects.get(employee=world.ani)
    assert aspiration.personal_circumstances == "Anak sakit"
    assert aspiration.circumstances_consent and aspiration.consent_at is not None
    assert aspiration.fields_of_interest == "Keuangan daerah"
    page = ani_client.get(reverse("participation:preferences")).content.decode()
    assert "Anak sakit" not in page and 'id="circumstances-stored"' in page
    # Saving again with the box left blank keeps them; new text replaces them.
    ani_client.post(url, {"career_aspiration": "Analis", "consent": "on"})
    aspiration.refresh_from_db()
    assert aspiration.personal_circumstances == "Anak sakit"
    ani_client.post(url, {"personal_circumstances": "Orang tua sakit", "consent": "on"})
    aspiration.refresh_from_db()
    assert aspiration.personal_circumstances == "Orang tua sakit"
    for entry in AuditEntry.objects.filter(action="participation.save_aspiration"):
        logged = str(entry.before) + str(entry.after) + entry.summary
        assert "Anak sakit" not in logged and "Orang tua" not in logged


def test_withdrawing_consent_deletes_the_personal_circumstances(world):
    texts = {"fields_of_interest": "", "career_aspiration": "", "acting_user": None}
    do_save_aspiration(
        world.ani, world.cycle, personal_circumstances="Merawat orang tua", consent=True, **texts
    )
    do_save_aspiration(world.ani, world.cycle, personal_circumstances="", consent=False, **texts)
    aspiration = Aspiration.objects.get(employee=world.ani)
    assert aspiration.personal_circumstances == "" and aspiration.consent_at is None


def test_a_pppk_employee_is_offered_only_posts_of_their_own_unit(client, world):
    from tests.factories import make_employee, make_employee_user

    pppk = make_employee(
        make_position(world.unit_a, name="Pengadministrasi PPPK"),
        employee_type="PPPK",
        golongan="IX",
    )
    client.force_login(make_employee_user(pppk))
    response = client.get(reverse("participation:preferences"))
    eligible = {o.position.unit_id for o in response.context["eligible"]}
    assert eligible == {world.unit_a.pk}


def test_the_submit_button_of_the_aspiration_form_saves_the_texts_and_submits(ani_client, world):
    rank(ani_client, "add", world.post_1)
    response = ani_client.post(
        reverse("participation:aspiration"),
        {"career_aspiration": "Menjadi analis anggaran", "action": "submit"},
    )
    assert response.status_code == 302 and response["Location"] == reverse("participation:receipt")
    aspiration = Aspiration.objects.get(employee=world.ani)
    assert aspiration.career_aspiration == "Menjadi analis anggaran"
    assert aspiration.status == AspirationStatus.SUBMITTED
    assert Preference.objects.filter(employee=world.ani).count() == 1


def test_an_employee_the_rules_keep_in_place_is_told_so_on_the_preference_page(client, world):
    from tests.factories import make_employee, make_employee_user

    newcomer = make_employee(world.own_post, position_start=timezone.localdate())
    client.force_login(make_employee_user(newcomer))
    body = client.get(reverse("participation:preferences")).content.decode()
    assert 'id="blocked-notice"' in body
