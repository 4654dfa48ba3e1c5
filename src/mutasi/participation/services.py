"""Writes of the participation stage: rankings, aspirations, submissions, consultations.

Each ``do_<verb>`` runs in one transaction and appends one audit entry. Personal circumstances are
never written to the audit log (only whether there are any).
"""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mutasi.core.audit import record_audit
from mutasi.core.dataversion import bump_data_version
from mutasi.people.models import Employee

from .models import (
    Aspiration,
    AspirationStatus,
    ConsultationNote,
    ConsultationRequest,
    ConsultationStatus,
    Cycle,
    Preference,
    PreferenceSource,
)
from .queries import Window, ranked_items, ranking_problems, window_state
from .status import rules_from_policy

RECEIPT_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def apply_ranking_action(
    ranking: list[int], action: str, position_id: int, limit: int
) -> list[int]:
    """The ranking after one edit: ``add`` at the end, ``remove``, ``up`` or ``down`` one place.

    Pure; ``limit`` is the number of entries allowed (the employee's posts plus "stay").
    Raises ValidationError for an edit that cannot be made.
    """
    ranking = list(ranking)
    if action == "add":
        if position_id in ranking:
            raise ValidationError(_("Jabatan ini sudah ada dalam urutan pilihan Anda."))
        if len(ranking) >= limit:
            raise ValidationError(_("Urutan pilihan sudah penuh. Hapus satu pilihan dahulu."))
        ranking.append(position_id)
        return ranking
    if position_id not in ranking:
        raise ValidationError(_("Jabatan ini tidak ada dalam urutan pilihan Anda."))
    index = ranking.index(position_id)
    if action == "remove":
        ranking.pop(index)
    elif action == "up" and index > 0:
        ranking[index - 1], ranking[index] = ranking[index], ranking[index - 1]
    elif action == "down" and index < len(ranking) - 1:
        ranking[index + 1], ranking[index] = ranking[index], ranking[index + 1]
    elif action not in {"up", "down"}:
        raise ValidationError(_("Tindakan tidak dikenal."))
    return ranking


def ranking_limit(cycle: Cycle) -> int:
    """Posts allowed in a ranking: the cycle's maximum, plus one place for "rather stay"."""
    return cycle.max_preferences + 1


def _require_open(cycle: Cycle, now: datetime.datetime) -> None:
    state = window_state(cycle, now)
    if state == Window.NOT_OPEN:
        raise ValidationError(_("Pengisian preferensi untuk %(c)s belum dibuka.") % {"c": cycle})
    if state != Window.OPEN:
        raise ValidationError(
            _("Pengisian preferensi untuk %(c)s sudah ditutup; data Anda tidak dapat diubah lagi.")
            % {"c": cycle}
        )


def _check_ranking(employee: Employee, cycle: Cycle, ranking: list[int]) -> None:
    if len(ranking) != len(set(ranking)):
        raise ValidationError(_("Satu jabatan hanya boleh dipilih sekali."))
    posts = [pid for pid in ranking if pid != employee.position_id]
    if len(posts) > cycle.max_preferences:
        raise ValidationError(
            _("Paling banyak %(n)d jabatan yang boleh dipilih.") % {"n": cycle.max_preferences}
        )
    problems = ranking_problems(employee, ranking, rules_from_policy(cycle.policy))
    if problems:
        names = {
            item.position.pk: str(item.position)
            for item in ranked_items(employee, ranking)
            if item.position is not None
        }
        raise ValidationError(
            [
                _("Pilihan %(post)s tidak dapat dipilih: %(why)s")
                % {"post": names.get(pid, pid), "why": "; ".join(reasons)}
                for pid, reasons in problems.items()
            ]
        )


def _aspiration_for_update(employee: Employee, cycle: Cycle) -> Aspiration:
    Aspiration.objects.get_or_create(employee=employee, cycle=cycle)
    return Aspiration.objects.select_for_update().get(employee=employee, cycle=cycle)


@transaction.atomic
def do_save_ranking(
    employee: Employee,
    cycle: Cycle,
    ranking: list[int],
    *,
    acting_user: Any,
    now: datetime.datetime | None = None,
) -> Aspiration:
    """Save the draft ranking (position ids; the employee's own post = "rather stay")."""
    _require_open(cycle, now or timezone.now())
    aspiration = _aspiration_for_update(employee, cycle)
    return _store_ranking(employee, cycle, aspiration, ranking, acting_user)


@transaction.atomic
def do_edit_ranking(
    employee: Employee,
    cycle: Cycle,
    *,
    action: str,
    position_id: int,
    acting_user: Any,
    now: datetime.datetime | None = None,
) -> Aspiration:
    """One edit of the draft ranking (``apply_ranking_action``), on the row locked for it, so two
    quick clicks never lose one another."""
    _require_open(cycle, now or timezone.now())
    aspiration = _aspiration_for_update(employee, cycle)
    ranking = apply_ranking_action(
        list(aspiration.draft_ranking), action, position_id, ranking_limit(cycle)
    )
    return _store_ranking(employee, cycle, aspiration, ranking, acting_user)


def _store_ranking(
    employee: Employee, cycle: Cycle, aspiration: Aspiration, ranking: list[int], acting_user: Any
) -> Aspiration:
    _check_ranking(employee, cycle, ranking)
    before = list(aspiration.draft_ranking)
    aspiration.draft_ranking = list(ranking)
    aspiration.save(update_fields=["draft_ranking", "updated_at"])
    record_audit(
        "participation.save_ranking",
        acting_user=acting_user,
        obj=aspiration,
        before={"ranking": before},
        after={"ranking": list(ranking)},
    )
    return aspiration


@transaction.atomic
def do_save_aspiration(
    employee: Employee,
    cycle: Cycle,
    *,
    fields_of_interest: str,
    career_aspiration: str,
    personal_circumstances: str,
    consent: bool,
    acting_user: Any,
    now: datetime.datetime | None = None,
) -> Aspiration:
    """Save the free-text aspirations; personal circumstances only with explicit consent.

    Personal circumstances are write-only for the employee (no page shows them back, only HR
    planners read them): a blank field with consent keeps what was stored, new text replaces it,
    and withdrawing consent deletes it.
    """
    now = now or timezone.now()
    _require_open(cycle, now)
    personal_circumstances = personal_circumstances.strip()
    if personal_circumstances and not consent:
        raise ValidationError(
            {
                "personal_circumstances": _(
                    "Keadaan pribadi hanya disimpan bila Anda mencentang persetujuan; "
                    "centang persetujuan atau kosongkan isian ini."
                )
            }
        )
    aspiration = _aspiration_for_update(employee, cycle)
    before = {
        "fields_of_interest": aspiration.fields_of_interest,
        "career_aspiration": aspiration.career_aspiration,
        "consent": aspiration.circumstances_consent,
        "has_personal_circumstances": bool(aspiration.personal_circumstances),
    }
    aspiration.fields_of_interest = fields_of_interest.strip()
    aspiration.career_aspiration = career_aspiration.strip()
    if not consent:
        aspiration.personal_circumstances = ""
    elif personal_circumstances:
        aspiration.personal_circumstances = personal_circumstances
    if consent and not aspiration.circumstances_consent:
        aspiration.consent_at = now
    elif not consent:
        aspiration.consent_at = None
    aspiration.circumstances_consent = consent
    aspiration.save(
        update_fields=[
            "fields_of_interest",
            "career_aspiration",
            "personal_circumstances",
            "circumstances_consent",
            "consent_at",
            "updated_at",
        ]
    )
    record_audit(
        "participation.save_aspiration",
        acting_user=acting_user,
        obj=aspiration,
        before=before,
        after={
            "fields_of_interest": aspiration.fields_of_interest,
            "career_aspiration": aspiration.career_aspiration,
            "consent": aspiration.circumstances_consent,
            "has_personal_circumstances": bool(aspiration.personal_circumstances),
        },
    )
    return aspiration


def new_receipt_code(cycle: Cycle) -> str:
    raw = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(8))
    return f"P{cycle.pk}-{raw[:4]}-{raw[4:]}"


@transaction.atomic
def do_submit_preferences(
    employee: Employee,
    cycle: Cycle,
    *,
    acting_user: Any,
    now: datetime.datetime | None = None,
) -> Aspiration:
    """Submit the draft: it becomes the employee's preferences the planner reads, with a receipt.

    Replaces every earlier preference of the employee (web or imported from paper).
    """
    now = now or timezone.now()
    _require_open(cycle, now)
    aspiration = _aspiration_for_update(employee, cycle)
    ranking = list(aspiration.draft_ranking)
    if not ranking:
        raise ValidationError(
            _("Pilih paling sedikit satu jabatan atau 'Saya lebih memilih tetap' sebelum mengirim.")
        )
    _check_ranking(employee, cycle, ranking)
    before = [(p.rank, p.position_id) for p in Preference.objects.filter(employee=employee)]
    bump_data_version()  # the planner reads submitted preferences
    Preference.objects.filter(employee=employee).delete()
    Preference.objects.bulk_create(
        [
            Preference(employee=employee, rank=rank, position_id=pid, source=PreferenceSource.WEB)
            for rank, pid in enumerate(ranking, start=1)
        ]
    )
    aspiration.submitted_ranking = [
        {
            "rank": item.rank,
            "position_id": item.position.pk,
            "code": item.position.code,
            "name": item.position.name,
            "unit": item.position.unit.name,
            "stay": item.stay,
        }
        for item in ranked_items(employee, ranking)
        if item.position is not None
    ]
    aspiration.status = AspirationStatus.SUBMITTED
    aspiration.submitted_at = now
    aspiration.receipt_code = new_receipt_code(cycle)
    aspiration.save(
        update_fields=[
            "submitted_ranking",
            "status",
            "submitted_at",
            "receipt_code",
            "updated_at",
        ]
    )
    record_audit(
        "participation.submit_preferences",
        acting_user=acting_user,
        obj=aspiration,
        summary=_("Preferensi %(nip)s dikirim, tanda terima %(code)s")
        % {"nip": employee.nip, "code": aspiration.receipt_code},
        before={"preferences": before},
        after={"preferences": list(enumerate(ranking, start=1))},
    )
    return aspiration


@transaction.atomic
def do_request_consultation(
    employee: Employee,
    *,
    topic: str,
    preferred_time: str,
    message: str = "",
    cycle: Cycle | None = None,
    acting_user: Any,
) -> ConsultationRequest:
    request = ConsultationRequest.objects.create(
        employee=employee,
        cycle=cycle,
        topic=topic.strip(),
        preferred_time=preferred_time.strip(),
        message=message.strip(),
    )
    record_audit(
        "participation.request_consultation",
        acting_user=acting_user,
        obj=request,
        after={"topic": request.topic, "preferred_time": request.preferred_time},
    )
    return request


@transaction.atomic
def do_record_consultation(
    request: ConsultationRequest,
    *,
    note: str,
    status: str,
    scheduled_for: datetime.datetime | None,
    outcome: str,
    acting_user: Any,
) -> ConsultationRequest:
    """HR writes a note and sets the status, schedule and outcome of a consultation."""
    if status not in ConsultationStatus.values:
        raise ValidationError({"status": _("Status tidak dikenal.")})
    if status == ConsultationStatus.SCHEDULED and scheduled_for is None:
        raise ValidationError({"scheduled_for": _("Isi jadwal untuk konsultasi yang dijadwalkan.")})
    request = ConsultationRequest.objects.select_for_update().get(pk=request.pk)
    before = {
        "status": request.status,
        "scheduled_for": request.scheduled_for.isoformat() if request.scheduled_for else None,
        "outcome": request.outcome,
    }
    request.status = status
    request.scheduled_for = scheduled_for
    request.outcome = outcome.strip()
    request.save(update_fields=["status", "scheduled_for", "outcome", "updated_at"])
    if note.strip():
        ConsultationNote.objects.create(request=request, author=acting_user, text=note.strip())
    record_audit(
        "participation.record_consultation",
        acting_user=acting_user,
        obj=request,
        before=before,
        after={
            "status": request.status,
            "scheduled_for": request.scheduled_for.isoformat() if request.scheduled_for else None,
            "outcome": request.outcome,
            "note_added": bool(note.strip()),
        },
    )
    return request
