# ruff: noqa: E501  (the column table keeps one column per line)
"""The participation app's sheet of the import workbook: ``preferensi`` (employees' wishes).

Registered with the people app's sheet registry from ``ParticipationConfig.ready()``.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mutasi.people.registry import BATCH_SIZE, ImportContext, Record, SheetCounts, SheetPlugin
from mutasi.people.workbook import (
    KODE_JABATAN_REF,
    NIP_REF,
    Column,
    Kind,
    Sheet,
    unknown_nip,
    unknown_position,
)

from .models import Preference, PreferenceSource

MAX_RANK = 32_767  # Preference.rank is a PositiveSmallIntegerField

PREFERENSI = Sheet(
    "preferensi",
    "participation.Preference",
    key=("nip", "urutan"),
    note=gettext_lazy(
        "Preferensi pegawai (opsional). Urutan 1 paling diinginkan. Baris dengan jabatan sendiri"
        " menyatakan peringkat tetap di tempat. Daftar seorang pegawai di file menggantikan"
        " daftarnya yang lama."
    ),
    columns=(
        NIP_REF,
        Column("urutan", Kind.INTEGER, "rank", gettext_lazy("urutan, 1 = paling diinginkan"), True, min_value=Decimal(1), max_value=Decimal(MAX_RANK)),
        KODE_JABATAN_REF,
    ),
)  # fmt: skip


def validate_preferences(context: ImportContext, records: list[Record]) -> None:
    first_row_of_post: dict[tuple[str, str], int] = {}
    for rec in records:
        v = rec.values
        if v["nip"] and v["nip"] not in context.known_nips:
            context.error(PREFERENSI, rec.row, "nip", v["nip"], unknown_nip())
        code = v["kode_jabatan"]
        if code and code not in context.known_positions:
            context.error(PREFERENSI, rec.row, "kode_jabatan", code, unknown_position())
        if v["nip"] and code:
            first = first_row_of_post.setdefault((v["nip"], code), rec.row)
            if first != rec.row:
                context.error(
                    PREFERENSI,
                    rec.row,
                    "kode_jabatan",
                    code,
                    _("jabatan ini sudah ada di daftar NIP yang sama di baris %(row)d")
                    % {"row": first},
                )


def apply_preferences(context: ImportContext, records: list[Record]) -> SheetCounts:
    """An employee's list in the file replaces their stored list; unchanged lists stay as they are.

    Replacing whole lists (rather than updating rank by rank) never trips the unique constraints
    on (employee, rank) and (employee, post) halfway through a swap of two ranks.
    """
    counts = SheetCounts()
    if not records:
        return counts
    employee_ids, position_ids = context.employee_ids, context.position_ids
    wanted: dict[int, dict[int, int]] = defaultdict(dict)
    for r in records:
        v = r.values
        wanted[employee_ids[v["nip"]]][v["urutan"]] = position_ids[v["kode_jabatan"]]
    stored: dict[int, dict[int, int]] = defaultdict(dict)
    ids = list(wanted)
    for start in range(0, len(ids), BATCH_SIZE):  # SQLite limits the parameters of one query
        for employee_id, rank, position_id in Preference.objects.filter(
            employee_id__in=ids[start : start + BATCH_SIZE]
        ).values_list("employee_id", "rank", "position_id"):
            stored[employee_id][rank] = position_id
    replace: list[int] = []
    fresh: list[Preference] = []
    for employee_id, ranks in wanted.items():
        old = stored.get(employee_id, {})
        for rank, position_id in ranks.items():
            if rank not in old:
                counts.new += 1
            elif old[rank] != position_id:
                counts.updated += 1
            else:
                counts.unchanged += 1
        counts.removed += len(old.keys() - ranks.keys())
        if old != ranks:
            replace.append(employee_id)
            fresh.extend(
                Preference(
                    employee_id=employee_id,
                    rank=rank,
                    position_id=position_id,
                    source=PreferenceSource.IMPORT,
                )
                for rank, position_id in sorted(ranks.items())
            )
    for start in range(0, len(replace), BATCH_SIZE):
        Preference.objects.filter(employee_id__in=replace[start : start + BATCH_SIZE]).delete()
    Preference.objects.bulk_create(fresh, batch_size=BATCH_SIZE)
    return counts


PLUGIN = SheetPlugin(PREFERENSI, validate_preferences, apply_preferences, after=("pegawai",))
