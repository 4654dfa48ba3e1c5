"""The import workbook's sheet registry: every stage of the pipeline adds its own sheets.

People owns the workbook (reading, checking, writing, template and export); each app that keeps
data in it declares its sheets and registers them from its ``AppConfig.ready()``. People never
imports a later stage: needs, participation, training and evaluation extend the workbook here.

How an app adds a sheet (the needs app's ``beban_kerja`` is a complete example)::

    # myapp/sheets.py
    from mutasi.people.registry import ImportContext, Record, SheetCounts, SheetPlugin
    from mutasi.people.workbook import NIP_REF, Column, Kind, Sheet, unknown_nip

    KOMPETENSI = Sheet(
        "kompetensi",                      # the sheet's name in the workbook (lower case)
        "training.CompetencyLevel",        # app_label.Model the export reads (see ``export_rows``)
        key=("nip", "nama_kompetensi"),    # the columns that identify a row
        note=gettext_lazy("…"),            # shown on the template's notes sheet
        columns=(NIP_REF, Column("nama_kompetensi", Kind.TEXT, "name", gettext_lazy("…"), True)),
    )

    def validate(context: ImportContext, records: list[Record]) -> None:
        for rec in records:                # cells are parsed already: rec.values[column name]
            if rec.values["nip"] and rec.values["nip"] not in context.known_nips:
                context.error(KOMPETENSI, rec.row, "nip", rec.values["nip"], unknown_nip())

    def apply(context: ImportContext, records: list[Record]) -> SheetCounts:
        return upsert(Model, stored_rows(...), fields, desired, make)   # or write as you need

    PLUGIN = SheetPlugin(KOMPETENSI, validate, apply, after=("pegawai",))

    # myapp/apps.py
    def ready(self) -> None:
        from mutasi.people.registry import register
        from .sheets import PLUGIN
        register(PLUGIN)

The contract:

- ``Sheet`` (``people.workbook``) declares the columns; each cell is parsed by its column's kind
  before any ``validate`` runs, and a cell that cannot be read is already an error. Two rows with
  the same ``key`` are an error too (the later row names the first).
- ``validate(context, records)`` adds every problem with ``context.error`` (blocks the import) or
  ``context.warn`` (does not), located as sheet / row / column / value / Indonesian reason. It
  never writes. ``records`` holds only the rows of this sheet that are not empty.
- ``apply(context, records)`` writes the sheet's rows and returns its counts (new / updated /
  unchanged / removed). It runs only when no sheet had an error, inside the one transaction of the
  whole import: if it raises, nothing of the file is kept.
- ``after`` names the sheets this one refers to; they are validated and applied first. Sheets run
  in that dependency order, ties broken by registration order (``INSTALLED_APPS`` order).
- What the people sheets know is on the context for later sheets: ``known_units``,
  ``known_positions``, ``known_nips`` while validating (stored or in the file), and
  ``position_ids`` / ``employee_ids`` (code or NIP → primary key) while applying.
- ``export_rows(for_csv)`` (optional) yields the sheet's stored rows as cells for ``mutasi export``;
  by default the export reads ``Sheet.model`` with each column's ``field`` lookup.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from .workbook import Sheet, cell_text

BATCH_SIZE = 2000  # rows per INSERT statement (Django lowers it to SQLite's parameter limit)
# Rows per bulk UPDATE: Django writes one CASE WHEN branch per row, which the database walks for
# every row it updates, so the cost grows with the square of the batch. Of 2000, 500 and 200,
# 200 was fastest on PostgreSQL for 50,000 changed employees (benchmarks/IMPORT.md).
UPDATE_BATCH_SIZE = 200


@dataclass(frozen=True)
class Issue:
    """One problem (or warning) in the file, located as a user sees it in the spreadsheet."""

    sheet: str
    row: int | None  # spreadsheet row (1 = the header row); None for a whole-sheet problem
    column: str
    value: str
    message: str


@dataclass
class SheetCounts:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0  # e.g. preferensi: an employee's list in the file replaces the old one

    def as_dict(self) -> dict[str, int]:
        return {
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "removed": self.removed,
        }


@dataclass
class ImportReport:
    """What an import did, or why it did nothing (``errors`` not empty)."""

    source: str
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    counts: dict[str, SheetCounts] = field(default_factory=dict)  # by sheet name, sheet order
    # A preview only: rows stored before and not in the file, by sheet (the import keeps them).
    kept: dict[str, int] = field(default_factory=dict)
    new_competencies: int = 0
    seconds: float = 0.0
    audit_entry_id: int | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class Record:
    """One non-empty row of a sheet, its cells parsed (``values`` by column name)."""

    row: int  # spreadsheet row (1 = the header)
    values: dict[str, Any]
    ok: bool = True  # every cell parsed and the key is not a duplicate


@dataclass
class ImportContext:
    """What the sheets of one import share: the report, every sheet's rows, and the facts the
    earlier sheets establish for the later ones."""

    report: ImportReport
    records: dict[str, list[Record]]
    today: datetime.date
    employee_ids_before: dict[str, int] = field(default_factory=dict)  # NIP → id, before
    # Filled while validating (stored rows and rows of the file):
    known_units: set[str] = field(default_factory=set)
    known_positions: set[str] = field(default_factory=set)
    known_nips: set[str] = field(default_factory=set)
    # Filled while applying:
    position_ids: dict[str, int] = field(default_factory=dict)  # kode_jabatan → id
    employee_ids: dict[str, int] = field(default_factory=dict)  # NIP → id
    # Free room for a sheet that hands something to a later sheet of the same app.
    extra: dict[str, Any] = field(default_factory=dict)

    def error(self, sheet: Sheet | str, row: int | None, column: str, value: Any, msg: str) -> None:
        name = sheet if isinstance(sheet, str) else sheet.name
        self.report.errors.append(Issue(name, row, column, cell_text(value), msg))

    def warn(self, sheet: Sheet | str, row: int, column: str, value: Any, msg: str) -> None:
        name = sheet if isinstance(sheet, str) else sheet.name
        self.report.warnings.append(Issue(name, row, column, cell_text(value), msg))


Validator = Callable[[ImportContext, list[Record]], None]
Applier = Callable[[ImportContext, list[Record]], SheetCounts]
RowsWriter = Callable[[bool], Iterator[list[Any]]]


@dataclass(frozen=True)
class SheetPlugin:
    """A sheet and what the import does with it (see the module docstring)."""

    sheet: Sheet
    validate: Validator
    apply: Applier
    after: tuple[str, ...] = ()
    export_rows: RowsWriter | None = None

    @property
    def name(self) -> str:
        return self.sheet.name


_registered: dict[str, SheetPlugin] = {}


class RegistryError(Exception):
    """A sheet registered twice under one name, or one that comes after an unknown sheet."""


def register(plugin: SheetPlugin) -> None:
    """Add a sheet to the workbook. Registering the same plugin again does nothing."""
    name = plugin.name
    if name in _registered and _registered[name] is not plugin:
        raise RegistryError(f"sheet {name!r} is already registered")
    _registered[name] = plugin


def plugins() -> list[SheetPlugin]:
    """Every registered sheet in dependency order (``after`` first, then registration order)."""
    pending = list(_registered.values())
    done: list[SheetPlugin] = []
    placed: set[str] = set()
    while pending:
        for plugin in pending:
            missing = [n for n in plugin.after if n not in placed]
            unknown = [n for n in missing if n not in _registered]
            if unknown:
                raise RegistryError(f"sheet {plugin.name!r} comes after unknown {unknown}")
            if not missing:
                done.append(plugin)
                placed.add(plugin.name)
                pending.remove(plugin)
                break
        else:
            raise RegistryError(f"sheets depend on each other: {[p.name for p in pending]}")
    return done


def sheets() -> list[Sheet]:
    """The registered sheets in workbook order."""
    return [p.sheet for p in plugins()]


def sheets_by_name() -> dict[str, Sheet]:
    return {p.name: p.sheet for p in plugins()}


# --- writing helpers for ``apply`` ------------------------------------------------------------


# openpyxl writes floats with 16 significant digits ("%.16g"), one fewer than a double needs, so a
# float that went through an .xlsx may come back one unit off in the last digit.
FLOAT_TOLERANCE = 1e-15


def _differs(old: Any, new: Any) -> bool:
    if old == new:
        return False
    if type(old) is float and type(new) is float:
        return not math.isclose(old, new, rel_tol=FLOAT_TOLERANCE)
    return True


Key = Any
Stored = dict[Key, tuple[int, tuple[Any, ...]]]


def stored_rows(queryset: models.QuerySet[Any], key: tuple[str, ...], fields: list[str]) -> Stored:
    """Key → (pk, values of ``fields``) of the stored rows, read as plain tuples (fast)."""
    n = len(key)
    rows = queryset.values_list("pk", *key, *fields).iterator(chunk_size=10_000)
    if n == 1:
        return {row[1]: (row[0], row[2:]) for row in rows}
    return {row[1 : 1 + n]: (row[0], row[1 + n :]) for row in rows}


@dataclass
class RowDiff:
    """What a sheet's rows would do to the stored rows, keyed as the sheet's key."""

    new: list[tuple[Key, tuple[Any, ...]]] = field(default_factory=list)  # key, values
    # The changed fields → (pk, their new values) of each row whose values differ only there.
    changed: dict[tuple[str, ...], list[tuple[int, tuple[Any, ...]]]] = field(default_factory=dict)
    unchanged: int = 0

    @property
    def counts(self) -> SheetCounts:
        updated = sum(len(rows) for rows in self.changed.values())
        return SheetCounts(new=len(self.new), updated=updated, unchanged=self.unchanged)


def diff_rows(
    stored: Stored, fields: list[str], desired: Iterable[tuple[Key, tuple[Any, ...]]]
) -> RowDiff:
    """Compare the desired rows with the stored ones (a pure function: nothing is written).

    A row whose key is not stored is new; a stored row is changed when any field differs (floats
    within ``FLOAT_TOLERANCE``), and only its differing fields are kept.
    """
    diff = RowDiff()
    for key, values in desired:
        hit = stored.get(key)
        if hit is None:
            diff.new.append((key, values))
            continue
        pk, old = hit
        changed = (
            ()
            if old == values
            else tuple(f for f, a, b in zip(fields, old, values, strict=True) if _differs(a, b))
        )
        if changed:
            diff.changed.setdefault(changed, []).append(
                (pk, tuple(v for f, v in zip(fields, values, strict=True) if f in changed))
            )
        else:
            diff.unchanged += 1
    return diff


def upsert(
    model: type[models.Model],
    stored: Stored,
    fields: list[str],
    desired: Iterable[tuple[Key, tuple[Any, ...]]],
    make: Callable[[Key, dict[str, Any]], models.Model],
) -> SheetCounts:
    """Create the missing rows and update the changed ones, writing only the changed fields."""
    diff = diff_rows(stored, fields, desired)
    new = [make(key, dict(zip(fields, values, strict=True))) for key, values in diff.new]
    model.objects.bulk_create(new, batch_size=BATCH_SIZE)
    for changed_fields, rows in diff.changed.items():
        objs = [
            model(pk=pk, **dict(zip(changed_fields, values, strict=True))) for pk, values in rows
        ]
        model.objects.bulk_update(objs, list(changed_fields), batch_size=UPDATE_BATCH_SIZE)
    return diff.counts
