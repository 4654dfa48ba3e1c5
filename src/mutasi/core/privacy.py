"""Personal data (UU 27/2022 on personal data protection): how long each kind is kept, what one
person can download about themself, and scrubbing a removed person out of audit snapshots.

Two small registries that the apps fill in their ``AppConfig.ready`` (core owns them, so a later
stage adds its kinds without core importing it):

- ``register_retention(RetentionKind(...))``: a kind of data with its default keeping time in days
  and a function that anonymises or deletes what is older than a cut-off. ``settings
  .MUTASI_RETENTION_DAYS`` (``MUTASI_RETENTION_<KIND>_DAYS`` in the environment) overrides the
  default; ``mutasi retention`` applies them, each kind in one transaction with one audit entry.
- ``register_personal_data(section, collector)``: a section of "everything Mutasi holds about
  me"; the collector returns plain rows (dicts) for one employee.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .audit import record_audit
from .models import AuditEntry

REMOVED = "[dihapus]"


@dataclass(frozen=True)
class RetentionKind:
    """One kind of personal data and how its old rows are made anonymous or deleted.

    ``apply(cutoff)`` changes the rows older than ``cutoff`` and returns how many it changed;
    ``count(cutoff)`` says how many it would change (for ``--dry-run``).
    """

    key: str
    label: str
    default_days: int
    apply: Callable[[datetime.datetime], int]
    count: Callable[[datetime.datetime], int]


RETENTION: dict[str, RetentionKind] = {}
PERSONAL_DATA: dict[str, Callable[[Any], list[dict[str, Any]]]] = {}
# When a person is removed: each app forgets its rows about them and returns the audit object
# ids ({"app.model": ["id", ...]}) whose snapshots carry their data.
FORGETTERS: list[Callable[[Any], dict[str, list[str]]]] = []


def register_retention(kind: RetentionKind) -> None:
    RETENTION[kind.key] = kind


def register_personal_data(section: str, collector: Callable[[Any], list[dict[str, Any]]]) -> None:
    PERSONAL_DATA[section] = collector


def register_forgetter(forget: Callable[[Any], dict[str, list[str]]]) -> None:
    if forget not in FORGETTERS:
        FORGETTERS.append(forget)


def retention_days(kind: RetentionKind) -> int:
    configured = getattr(settings, "MUTASI_RETENTION_DAYS", {}) or {}
    return int(configured.get(kind.key, kind.default_days))


@dataclass
class RetentionResult:
    key: str
    label: str
    days: int
    cutoff: datetime.datetime
    rows: int


def do_apply_retention(
    *, acting_user: Any = None, dry_run: bool = False, now: datetime.datetime | None = None
) -> list[RetentionResult]:
    """Anonymise or delete, kind by kind, what is past its keeping time; audit each kind."""
    now = now or timezone.now()
    results = []
    for kind in RETENTION.values():
        days = retention_days(kind)
        cutoff = now - datetime.timedelta(days=days)
        if dry_run:
            rows = kind.count(cutoff)
        else:
            with transaction.atomic():
                rows = kind.apply(cutoff)
                if rows:
                    record_audit(
                        f"retention.{kind.key}",
                        acting_user=acting_user,
                        summary=f"{kind.label}: {rows}",
                        after={"kind": kind.key, "days": days, "cutoff": cutoff.isoformat(),
                               "rows": rows},
                    )  # fmt: skip
        results.append(RetentionResult(kind.key, str(kind.label), days, cutoff, rows))
    return results


def personal_data(employee: Any) -> dict[str, list[dict[str, Any]]]:
    """Everything the registered sections hold about one employee."""
    return {section: collect(employee) for section, collect in PERSONAL_DATA.items()}


# ---- removing a person from the audit snapshots ----------------------------------------------

# Snapshot keys that carry a person's own data (whatever the value).
PERSONAL_KEYS = {
    "nip",
    "name",
    "nama",
    "birth_date",
    "tanggal_lahir",
    "gender",
    "spouse_nip",
    "home_kecamatan",
    "personal_circumstances",
    "career_aspiration",
    "fields_of_interest",
    "message",
    "note",
    "outcome",
}


def _scrub(value: Any, needles: list[str]) -> Any:
    if isinstance(value, dict):
        return {
            k: (REMOVED if k in PERSONAL_KEYS and v not in (None, "") else _scrub(v, needles))
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_scrub(v, needles) for v in value]
    if isinstance(value, str):
        for needle in needles:
            value = value.replace(needle, REMOVED)
        return value
    return value


def scrub_audit_snapshots(*, nip: str, name: str, object_ids: dict[str, list[str]]) -> int:
    """Replace one person's data in the audit log by ``REMOVED``; keep every entry, its actor,
    action, time and object. Entries about the person's own rows (``object_ids``: label →
    ids) lose their snapshots' personal keys; every entry loses the NIP and name in its text.
    Returns how many entries changed."""
    needles = [n for n in (nip, name) if n and len(n) >= 3]
    changed = 0
    candidates = AuditEntry.objects.all()
    for entry in candidates.iterator(chunk_size=500):
        own = entry.object_id in object_ids.get(entry.object_type, [])
        text = f"{entry.summary} {entry.before} {entry.after}"
        if not own and not any(n in text for n in needles):
            continue
        before = _scrub(entry.before, needles) if own else _scrub_text_only(entry.before, needles)
        after = _scrub(entry.after, needles) if own else _scrub_text_only(entry.after, needles)
        summary = _scrub(entry.summary, needles)
        if (before, after, summary) != (entry.before, entry.after, entry.summary):
            AuditEntry.objects.filter(pk=entry.pk).update(
                before=before, after=after, summary=summary
            )
            changed += 1
    return changed


def _scrub_text_only(value: Any, needles: list[str]) -> Any:
    if isinstance(value, dict):
        return {k: _scrub_text_only(v, needles) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub_text_only(v, needles) for v in value]
    if isinstance(value, str):
        for needle in needles:
            value = value.replace(needle, REMOVED)
    return value
