"""Backup and restore of a Mutasi instance: the database and the generated documents in one file.

Why Django's own ``dumpdata``/``loaddata`` rather than ``pg_dump``/``sqlite3 .backup``:

- one format for both databases: a backup taken on the embedded SQLite can be restored on the
  office's PostgreSQL (the usual way up from the demo), and the other way round;
- no external program whose version must match the server (``pg_dump`` refuses a newer server);
- the file records which migrations the data was written under, so a restore can refuse a file
  from a newer schema and bring an older one up to date with the ordinary migrations.
The price is speed (a JSON row per object): seconds for a kabupaten, a minute or two for a province,
acceptable for a nightly job.

The file is a zip: ``manifest.json`` (format, Mutasi version, database vendor, the applied
migrations per app, time), ``data.json`` (``dumpdata`` with natural keys and time stamps to the
microsecond, ``mutasi.core.exact_json``; without content types, permissions and sessions, which
the database recreates itself), and ``files/`` (the generated documents and uploads:
``OUTPUT_DIR`` and ``MEDIA_ROOT``).

Restore, all or nothing for the database: bring the schema up to date, empty every table, move the
schema to the backup's migrations (backwards on empty tables if the backup is older), load the
data, migrate forward again; then replace the document folders.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import logging
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .dataversion import data_version, move_past

logger = logging.getLogger(__name__)

FORMAT = 1
MANIFEST = "manifest.json"
DATA = "data.json"
FILES = "files"
# Recreated by the database itself (post-migrate) or not worth keeping.
EXCLUDED_MODELS = ["contenttypes", "auth.permission", "sessions.session", "admin.logentry"]


class BackupError(Exception):
    """A backup that cannot be written or restored; the message is Indonesian and says why."""


@dataclass(frozen=True)
class Manifest:
    format: int
    version: str
    created_at: str
    vendor: str
    migrations: dict[str, list[str]]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Manifest:
        return cls(
            format=int(data["format"]),
            version=str(data.get("version", "")),
            created_at=str(data.get("created_at", "")),
            vendor=str(data.get("vendor", "")),
            migrations={k: list(v) for k, v in dict(data["migrations"]).items()},
        )


def _document_folders() -> dict[str, Path]:
    return {"output": Path(settings.OUTPUT_DIR), "media": Path(settings.MEDIA_ROOT)}


def applied_migrations(alias: str = DEFAULT_DB_ALIAS) -> dict[str, list[str]]:
    from django.db.migrations.recorder import MigrationRecorder

    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connections[alias]).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def _version() -> str:
    try:
        return metadata.version("mutasi")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "?"


def write_backup(target: Path) -> Manifest:
    """Write the backup file (through a temporary file, so a failure leaves no half backup)."""
    manifest = Manifest(
        format=FORMAT,
        version=_version(),
        created_at=timezone.now().isoformat(),
        vendor=connections[DEFAULT_DB_ALIAS].vendor,
        migrations=applied_migrations(),
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as scratch:
        data = Path(scratch) / DATA
        call_command(
            "dumpdata",
            format="exactjson",
            exclude=EXCLUDED_MODELS,
            natural_foreign=True,
            natural_primary=False,
            output=str(data),
            verbosity=0,
        )
        partial = Path(scratch) / "backup.zip"
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(MANIFEST, json.dumps(manifest.__dict__, indent=2))
            archive.write(data, DATA)
            for name, folder in _document_folders().items():
                if not folder.is_dir():
                    continue
                for path in sorted(folder.rglob("*")):
                    if path.is_file() and not path.name.endswith(".tmp"):
                        archive.write(path, f"{FILES}/{name}/{path.relative_to(folder).as_posix()}")
        partial.replace(target)
    logger.info("backup written to %s", target)
    return manifest


def read_manifest(source: Path) -> Manifest:
    try:
        with zipfile.ZipFile(source) as archive:
            raw = json.loads(archive.read(MANIFEST))
            if DATA not in archive.namelist():
                raise KeyError(DATA)
            _document_entries(archive)
        return Manifest.from_json(raw)
    except FileNotFoundError as exc:
        raise BackupError(_("Berkas cadangan %(f)s tidak ada.") % {"f": source}) from exc
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError) as exc:
        raise BackupError(
            _("%(f)s bukan berkas cadangan Mutasi (isi tidak dikenali).") % {"f": source}
        ) from exc


def check_compatible(manifest: Manifest) -> None:
    """Refuse a backup written under migrations this version of Mutasi does not have."""
    from django.db.migrations.loader import MigrationLoader

    if manifest.format > FORMAT:
        raise BackupError(
            _(
                "Format berkas cadangan %(n)s lebih baru dari yang dikenal versi ini; "
                "perbarui Mutasi."
            )
            % {"n": manifest.format}
        )
    known = set(MigrationLoader(None, ignore_no_migrations=True).graph.nodes)
    unknown = sorted(
        f"{app}.{name}"
        for app, names in manifest.migrations.items()
        for name in names
        if (app, name) not in known
    )
    if unknown:
        raise BackupError(
            _(
                "Berkas cadangan berasal dari skema basis data yang lebih baru (Mutasi %(v)s; "
                "migrasi yang tidak dikenal: %(which)s). Perbarui Mutasi dulu, lalu pulihkan."
            )
            % {"v": manifest.version, "which": ", ".join(unknown[:5])}
        )


def _migrate_to(migrations: dict[str, list[str]]) -> None:
    """Move the (empty) schema to exactly the backup's applied migrations."""
    from django.db.migrations.executor import MigrationExecutor

    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    graph = executor.loader.graph
    targets = []
    for app in sorted(executor.loader.migrated_apps):
        names = set(migrations.get(app, []))
        leaves = list(graph.leaf_nodes(app))
        if not names:
            targets.append((app, None))
            continue
        # The backup's newest migration of this app: the applied one no other applied one follows.
        applied = [(app, name) for name in names]
        last = [n for n in applied if not any(c in applied for c in graph.node_map[n].children)]
        targets.extend(last or leaves)
    if executor.migration_plan(targets):
        executor.migrate(targets)


def restore_backup(source: Path) -> Manifest:
    manifest = read_manifest(source)
    check_compatible(manifest)
    from mutasi.core.runtime import ensure_database

    ensure_database()
    before = data_version()
    with tempfile.TemporaryDirectory() as scratch, zipfile.ZipFile(source) as archive:
        data = Path(archive.extract(DATA, scratch))
        call_command("flush", interactive=False, verbosity=0)
        _migrate_to(manifest.migrations)
        with transaction.atomic():
            call_command("loaddata", str(data), verbosity=0)
        call_command("migrate", interactive=False, verbosity=0)
        # caches keyed on the data version must not take the restored data for what they hold
        move_past(before)
        _restore_files(archive)
    connections.close_all()
    logger.info("restored %s (written %s)", source, manifest.created_at)
    return manifest


def _document_entries(archive: zipfile.ZipFile) -> list[tuple[zipfile.ZipInfo, str, list[str]]]:
    """The document files in the archive as (entry, folder name, path parts); refuses a path that
    would land outside the data folder."""
    entries = []
    for info in archive.infolist():
        path = PurePosixPath(info.filename)
        if path.parts[:1] != (FILES,) or info.is_dir():
            continue
        parts = list(path.parts)
        if (
            path.is_absolute()
            or ".." in parts
            or len(parts) < 3
            or parts[1] not in ("output", "media")
        ):
            raise BackupError(
                _("Berkas cadangan memuat jalur yang tidak sah: %(p)s") % {"p": info.filename}
            )
        entries.append((info, parts[1], parts[2:]))
    return entries


def _restore_files(archive: zipfile.ZipFile) -> None:
    folders = _document_folders()
    entries = _document_entries(archive)
    for folder in folders.values():
        if folder.is_dir():
            shutil.rmtree(folder)
    for info, name, parts in entries:
        target = folders[name].joinpath(*parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        with archive.open(info) as source, target.open("wb") as out:
            shutil.copyfileobj(source, out)


def describe(manifest: Manifest) -> str:
    when = manifest.created_at
    with contextlib.suppress(ValueError):
        when = timezone.localtime(datetime.datetime.fromisoformat(manifest.created_at)).strftime(
            "%Y-%m-%d %H:%M"
        )
    return _("cadangan %(when)s (Mutasi %(v)s, %(vendor)s)") % {
        "when": when,
        "v": manifest.version,
        "vendor": manifest.vendor,
    }
