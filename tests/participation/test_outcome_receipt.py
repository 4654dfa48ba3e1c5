"""The outcome page agrees with the receipt: the post's number is the number the receipt shows
beside it (never the planner's internal rank), and the tenure reads the same as on the profile."""

from __future__ import annotations

import re

from django.urls import reverse
from django.utils import timezone

from mutasi.participation import services
from mutasi.planner.reasons import ReasonPart
from mutasi.plans.models import Move, Plan, PlanStatus


def _send(world, *posts):  # type: ignore[no-untyped-def]
    for post in posts:
        services.do_edit_ranking(
            world.ani, world.cycle, action="add", position_id=post.pk, acting_user=None
        )
    return services.do_submit_preferences(world.ani, world.cycle, acting_user=None)


def _publish_move_to(world, post, parts):  # type: ignore[no-untyped-def]
    plan = Plan.objects.create(
        cycle=world.cycle, name="Rencana 1", mechanism="optimal", status=PlanStatus.PUBLISHED
    )
    Move.objects.create(
        plan=plan,
        employee=world.ani,
        from_position=world.own_post,
        to_position=post,
        reason="(teks lama)",
        terms={"reason_parts": [p.to_json() for p in parts]},
    )
    return plan


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_outcome_numbers_the_post_as_the_receipt_does_and_the_tenure_as_the_profile(
    ani_client, world
):
    aspiration = _send(world, world.post_2, world.post_1)  # post_1 is the SECOND choice
    # The planner's own list may count differently (here it says rank 1, and 6.0 years at the
    # data's reference date): the employee must never see either figure.
    _publish_move_to(
        world,
        world.post_1,
        [
            ReasonPart("must_move", {"years": 6.0, "max_years": 5.0}),
            ReasonPart("preference", {"rank": 1}),
            ReasonPart("distance", {"km": 12, "before_km": 3}),
        ],
    )
    receipt = _text(ani_client.get(reverse("participation:receipt")).content.decode())
    outcome = _text(ani_client.get(reverse("participation:outcome")).content.decode())
    home = _text(ani_client.get(reverse("participation:home")).content.decode())

    assert f"2. {world.post_1.name}" in receipt  # the receipt lists post_1 second
    assert f"Ini pilihan ke-2 pada tanda terima Anda ({aspiration.receipt_code})." in outcome, (
        outcome
    )
    assert "Pilihan ke-1" not in outcome and "pilihan ke-1" not in outcome

    # Tenure: today's figure, one decimal with a comma, the same string on both pages.
    years = (timezone.localdate() - world.ani.position_start).days / 365.25
    shown = f"{int(years * 10) / 10:.1f}".replace(".", ",")
    assert f"({shown} tahun)" in home
    assert f"Masa di jabatan sekarang: {shown} tahun." in outcome
    assert f"sudah {shown} tahun di jabatan ini" in outcome
    assert "6,0 tahun" not in outcome and "6.0" not in outcome
    assert "Jarak dari domisili 12 km (sebelumnya 3 km)." in outcome


def test_a_post_that_was_not_on_the_receipt_is_said_so(ani_client, world):
    aspiration = _send(world, world.post_2)
    _publish_move_to(world, world.post_1, [ReasonPart("not_in_preferences")])
    outcome = _text(ani_client.get(reverse("participation:outcome")).content.decode())
    assert (
        f"Jabatan ini tidak ada di antara pilihan pada tanda terima Anda "
        f"({aspiration.receipt_code})." in outcome
    )


def test_the_outcome_reads_english_in_english_mode(ani_client, world):
    _send(world, world.post_1)
    _publish_move_to(
        world,
        world.post_1,
        [ReasonPart("must_move", {"years": 6.3, "max_years": 5.0})],
    )
    ani_client.cookies.load({"django_language": "en"})
    outcome = _text(ani_client.get(reverse("participation:outcome")).content.decode())
    assert "Must move:" in outcome and "years in this post" in outcome
    assert "Wajib pindah" not in outcome


def test_someone_who_stays_is_told_none_of_their_choices_was_met(ani_client, world):
    aspiration = _send(world, world.post_2, world.post_1)
    Plan.objects.create(
        cycle=world.cycle, name="Rencana 1", mechanism="optimal", status=PlanStatus.PUBLISHED
    )  # no move for Ani: she stays
    outcome = _text(ani_client.get(reverse("participation:outcome")).content.decode())
    assert (
        "Anda tetap di jabatan sekarang: tidak satu pun pilihan pada tanda terima Anda "
        f"({aspiration.receipt_code}) dipenuhi dalam rencana ini." in outcome
    ), outcome
    assert "Jabatan ini tidak ada" not in outcome


def test_a_pin_the_plan_could_not_honour_reads_in_the_pages_language(ani_client, world):
    from mutasi.planner.messages import Message

    refusal = Message(
        "pin_immobile", code=world.post_1.code, problem=Message("immobile_min_years", min_years=2)
    )
    plan = Plan.objects.create(
        cycle=world.cycle, name="Rencana 1", mechanism="optimal", status=PlanStatus.PUBLISHED
    )
    Move.objects.create(  # a stay row: the plan keeps Ani where she is, and says why
        plan=plan,
        employee=world.ani,
        from_position=world.own_post,
        to_position=world.own_post,
        reason=str(refusal),
        terms={"reason_parts": [], "reason_messages": [refusal.to_json()]},
        forced=True,
    )
    outcome = _text(ani_client.get(reverse("participation:outcome")).content.decode())
    assert f"Penguncian ke jabatan {world.post_1.code} tidak dapat dipenuhi: belum 2" in outcome
    ani_client.cookies.load({"django_language": "en"})
    outcome = _text(ani_client.get(reverse("participation:outcome")).content.decode())
    assert f"The pin to post {world.post_1.code} cannot be honoured: not yet 2 years" in outcome
    assert "Penguncian" not in outcome
