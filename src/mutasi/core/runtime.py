"""What every ``mutasi`` command does before its own work: say where the data is, create the data
folder and bring the database schema up to date, so that a fresh or missing ``MUTASI_DATA_DIR``
works with any command (not only ``demo`` and ``serve``)."""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import socket
import sys
from collections.abc import Callable, Iterator
from typing import TextIO

from django.conf import settings
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.utils import Error as DatabaseError
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


class RuntimeSetupError(Exception):
    """The data folder or the database cannot be prepared; the message is one Indonesian line."""


def database_description() -> str:
    """The database in words a user can act on (no password)."""
    db = settings.DATABASES[DEFAULT_DB_ALIAS]
    if db["ENGINE"].endswith("sqlite3"):
        return _("SQLite %(path)s") % {"path": db["NAME"]}
    vendor = "PostgreSQL" if "postgresql" in db["ENGINE"] else db["ENGINE"].rsplit(".", 1)[-1]
    host = db.get("HOST") or "localhost"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"{vendor} {db.get('NAME')}@{host}{port}"


def location_line() -> str:
    return _("Data Mutasi: %(dir)s (basis data: %(db)s)") % {
        "dir": settings.DATA_DIR,
        "db": database_description(),
    }


def ensure_data_dir() -> None:
    try:
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RuntimeSetupError(
            _(
                "Folder data %(dir)s tidak dapat dibuat (%(why)s); atur MUTASI_DATA_DIR ke folder "
                "lain."
            )
            % {"dir": settings.DATA_DIR, "why": exc.strerror or exc}
        ) from exc


def pending_migrations() -> int:
    """How many migrations the database still lacks (0 when it is up to date)."""
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


@contextlib.contextmanager
def _migration_lock() -> Iterator[None]:
    """Held while one command brings the schema up to date: two commands started at once on a
    new data folder would otherwise both create the same tables, and both fail ("table ...
    already exists"). A lock file in the data folder (POSIX ``flock``; released if the command
    dies); where there is no ``fcntl`` or the folder cannot be written, no lock."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    try:
        handle = (settings.DATA_DIR / "migrate.lock").open("a")
    except OSError:  # a folder we may not write to: the database says what is wrong, if anything
        logger.warning("no migration lock in %s", settings.DATA_DIR, exc_info=True)
        yield
        return
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def ensure_database(out: TextIO | None = None) -> int:
    """Create the data folder and apply any missing migration; return how many were applied."""
    ensure_data_dir()
    try:
        missing = pending_migrations()
        if not missing:
            return 0
        with _migration_lock():
            missing = pending_migrations()  # another command may have just brought it up to date
            if missing:
                if out is not None:
                    out.write(_("Menyiapkan basis data (%(n)d migrasi) …") % {"n": missing} + "\n")
                call_command("migrate", verbosity=0, interactive=False)
                logger.info("applied %d migrations to %s", missing, database_description())
        # Start the command on fresh connections that see the new schema. Only then: a command
        # run inside an open transaction (a test, a caller's atomic block) keeps its connection
        # when there was nothing to migrate.
        connections.close_all()
        return missing
    except DatabaseError as exc:
        logger.exception("database not ready")
        connections.close_all()
        raise RuntimeSetupError(
            _("Basis data %(db)s tidak dapat dibuka atau diperbarui: %(why)s")
            % {"db": database_description(), "why": str(exc).strip().splitlines()[0][:200]}
        ) from exc


# ---- serving safely -----------------------------------------------------------------------------


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and names that resolve only to them ("localhost")."""
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError:
        return False
    addresses = {info[4][0] for info in infos}
    return bool(addresses) and all(ipaddress.ip_address(a).is_loopback for a in addresses)


def check_serve_address(host: str) -> None:
    """Refuse to serve beyond this machine with the built-in demo secret key."""
    if settings.SECRET_KEY == settings.DEMO_SECRET_KEY and not is_loopback(host):
        raise RuntimeSetupError(
            _(
                "Menolak melayani di %(host)s dengan kunci rahasia demo: atur MUTASI_SECRET_KEY ke "
                'teks acak yang panjang (misalnya keluaran `python3 -c "import secrets; '
                'print(secrets.token_urlsafe(50))"`), atau layani di 127.0.0.1.'
            )
            % {"host": host}
        )


def fail(message: str) -> None:
    sys.stderr.write(message + "\n")
    raise SystemExit(1)


# ---- periodic checks ----------------------------------------------------------------------------
# A later stage registers here what must run without anyone visiting a page (e.g. the plans app
# fails runs that lost their heartbeat). Run by the `mutasi serve` supervisor every few seconds and
# once at the start of every command. Each check must catch and log its own errors.
PERIODIC_CHECKS: list[Callable[[], None]] = []


def register_periodic_check(check: Callable[[], None]) -> None:
    if check not in PERIODIC_CHECKS:
        PERIODIC_CHECKS.append(check)


def run_periodic_checks() -> None:
    for check in PERIODIC_CHECKS:
        check()
